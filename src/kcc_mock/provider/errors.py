"""Errors as data: what the core reports, before the HTTP layer renders it.

ProviderError
├── ValidationFailed   400, one FieldError per invalid field (all of them)
├── NotFound           404
└── ParseError         400, the body is not JSON
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One entry of Open Klant's `invalidParams`."""

    name: str
    code: str
    reason: str

    def prefixed(self, prefix: str) -> FieldError:
        """Return this error with its name nested under `prefix`."""
        return FieldError(f"{prefix}.{self.name}", self.code, self.reason)


class ProviderError(Exception):
    """Base of every error the core raises towards a client."""

    status = 500
    code = "error"


class ValidationFailed(ProviderError):
    """The request was understood but invalid; carries every field error."""

    status = 400
    code = "invalid"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.name}: {e.code}" for e in errors))
        self.errors = errors


class NotFound(ProviderError):
    """The addressed object (or page) does not exist."""

    status = 404
    code = "not_found"

    def __init__(self, detail: str = "Niet gevonden.") -> None:
        super().__init__(detail)
        self.detail = detail


class ParseError(ProviderError):
    """The request body is not valid JSON."""

    status = 400
    code = "parse_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# Dutch reasons as Open Klant (DRF, locale nl) words them.
REQUIRED = "Dit veld is vereist."
NO_DATA = "Er zijn geen gegevens opgegeven."
NULL = "Dit veld mag niet leeg zijn."
BLANK = "Dit veld mag niet leeg zijn."
NOT_A_STRING = "Not a valid string."
NOT_A_BOOLEAN = "Must be a valid boolean."
NOT_A_UUID = "Must be a valid UUID."
NOT_AN_INTEGER = "Een geldig getal is vereist."
NOT_A_DATETIME = (
    "Datetime heeft een ongeldig formaat, gebruik 1 van de volgende formaten: "
    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
)
NOT_A_DATE = "Date heeft het verkeerde formaat, gebruik 1 van deze formaten: YYYY-MM-DD."
NOT_A_URL = "Voer een geldige URL in."
NOT_AN_EMAIL = "Voer een geldig e-mailadres in."
NOT_MATCHING = "Voer een geldige waarde in."
NOT_DIGITS = "Voer een geldig geheel getal in."
NULL_CHARACTERS = "Null-tekens zijn niet toegestaan."
SURROGATES = "Surrogaattekens zijn niet toegestaan: {}."


def not_a_dict(value: object) -> str:
    """Reason for a reference or group that is not a JSON object."""
    return f"Ongeldige data. Verwacht een dictionary, kreeg een {type(value).__name__}."


def not_a_list(value: object) -> str:
    """Reason for a list field given something else."""
    return f'Verwachtte een lijst met items maar kreeg type "{type(value).__name__}".'


def not_a_mapping(value: object) -> str:
    """Reason for a key/value field given something else."""
    return f'Verwachtte een dictionary van items, maar kreeg type "{type(value).__name__}".'


def invalid_choice(value: object) -> str:
    """Reason for a value outside an enum."""
    return f'"{value}" is een ongeldige keuze.'


def max_length(limit: int) -> str:
    """Reason for a string that is too long."""
    return f"Zorg ervoor dat dit veld niet meer dan {limit} karakters bevat."


def min_length(limit: int) -> str:
    """Reason for a string that is too short."""
    return f"Zorg ervoor dat dit veld minimaal {limit} karakters bevat."


def min_value(limit: int) -> str:
    """Reason for a number below its minimum."""
    return f"Zorg ervoor dat deze waarde groter of gelijk aan {limit} is."


def max_value(limit: int) -> str:
    """Reason for a number above its maximum."""
    return f"Zorg ervoor dat deze waarde kleiner of gelijk aan {limit} is."


def does_not_exist(model: str) -> str:
    """Reason for a reference to an unknown uuid."""
    return f"{model} object bestaat niet."


def uuid_taken(verbose: str) -> str:
    """Reason for a sent `uuid` that names another record (Django's unique message, capitalised names)."""
    return f"Er bestaat al een {verbose[:1].upper()}{verbose[1:]} met eenzelfde Uuid."


def protected(model: str, holders: list[str]) -> str:
    """Reason for a delete a protecting reference refuses (Django's ProtectedError); holders as `Model.field`."""
    fields = ", ".join(f"'{holder}'" for holder in holders)
    return (
        f"Cannot delete some instances of model '{model}' because they are referenced through protected "
        f"foreign keys: {fields}."
    )
