"""The ST202 rules that ask the provider whether a value is taken, each with a refusal it explains and a near miss.

Split from `schemathesis_refusal_cases.py`: these reasons rest on a follow-up read (the list's
filter, the object a uuid names) or on sending the request again with only that value changed.
"""

from __future__ import annotations

from schemathesis_filter_support import (
    ADRES,
    FUNCTIE_TAKEN,
    KLANTCONTACT,
    KVK,
    MISSING,
    NUMMER_PAIR,
    NUMMER_TAKEN,
    REFERENTIE_TAKEN,
    TAKEN_IDENTIFICATOR,
    UUID_TAKEN,
    Example,
    medewerker,
    refusal,
)

# id -> (a failure the rule explains, a failure of the same check it does not)
TAKEN_RULES: dict[str, tuple[Example, Example]] = {
    "value-taken": (
        lambda s: refusal(s.base_url, "POST /klantcontacten", {**KLANTCONTACT, "nummer": "0000000042"}, NUMMER_TAKEN),
        lambda s: refusal(s.base_url, "POST /klantcontacten", {**KLANTCONTACT, "nummer": "0000000043"}, NUMMER_TAKEN),
    ),
    "pair-taken": (
        lambda s: refusal(
            s.base_url,
            "POST /actorklantcontacten",
            {"actor": {"uuid": s.uuids["actor"]}, "klantcontact": {"uuid": s.uuids["klantcontact"]}},
            NUMMER_PAIR,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /actorklantcontacten",
            {"actor": {"uuid": s.uuids["actor"]}, "klantcontact": {"uuid": MISSING}},
            NUMMER_PAIR,
        ),
    ),
    "referentie-taken": (
        lambda s: refusal(
            s.base_url,
            "POST /digitaleadressen",
            {**ADRES, "verstrektDoorPartij": {"uuid": s.uuids["organisatie"]}},
            REFERENTIE_TAKEN,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /digitaleadressen",
            {**ADRES, "referentie": "r2", "verstrektDoorPartij": {"uuid": s.uuids["organisatie"]}},
            REFERENTIE_TAKEN,
        ),
    ),
    "identificator-taken": (
        lambda s: refusal(
            s.base_url,
            "POST /partij-identificatoren",
            {"partijIdentificator": {**KVK, "objectId": "12345678"}},
            TAKEN_IDENTIFICATOR,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partij-identificatoren",
            {"partijIdentificator": {**KVK, "objectId": "87654321"}},
            TAKEN_IDENTIFICATOR,
        ),
    ),
    "value-taken-without-a-filter": (  # sent again with only functie changed: accepted, or (a service number) not
        lambda s: refusal(s.base_url, "POST /actoren", medewerker(), FUNCTIE_TAKEN),
        lambda s: refusal(s.base_url, "POST /actoren", medewerker(telefoonnummer="0800123456"), FUNCTIE_TAKEN),
    ),
    "uuid-taken": (  # Open Klant 2.18.0 takes a partij-identificator's uuid from the body; another's is taken
        lambda s: refusal(s.base_url, "POST /partij-identificatoren", {"uuid": s.uuids["identificator"]}, UUID_TAKEN),
        lambda s: refusal(s.base_url, "POST /partij-identificatoren", {"uuid": MISSING}, UUID_TAKEN),
    ),
}
