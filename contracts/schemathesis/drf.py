"""An emulation of Django REST framework's input coercion, to judge a body as Open Klant reads it.

DRF does not read JSON as JSON Schema does: it turns numbers into text, trims text, reads `"true"`
and `1` as booleans and `"12"` as an integer, and Django reads more date-times and uuids than the
JSON Schema formats describe. `normalised` gives a request body after those coercions, against the
operation's own body schema, so the failure filter can re-validate it (with `jsonschema_rs`,
schemathesis' own validator) the way the provider reads it. `is_django_email` and `is_django_url`
restate Django's EmailValidator and URLValidator, which DRF's EmailField and URLField run.
"""

from __future__ import annotations

import copy
import datetime as dt
import ipaddress
import re
import uuid as uuidlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase


def normalised(case: OpenApiCase) -> Any:
    """The request body after DRF's input coercions, against the operation's body schema."""
    for part in case.operation.body:
        if part.media_type == "application/json":
            schema = part.validation_schema
            bundle = schema.get("x-bundled", {}) if isinstance(schema, dict) else {}  # `true` bundles nothing
            return _coerce(copy.deepcopy(case.body), schema, bundle)
    return case.body


def _coerce(value: Any, schema: Any, bundle: dict[str, Any]) -> Any:
    """DRF's coercions: numbers to text, text trimmed, lenient booleans and integers, Django's date-times."""
    while isinstance(schema, dict) and "$ref" in schema:
        schema = bundle.get(schema["$ref"].rsplit("/", 1)[-1], {})
    if not isinstance(schema, dict) or value is None:
        return value
    for part in schema.get("allOf", []):
        value = _coerce(value, part, bundle)
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:  # the first branch the coerced value fits (variants, nullable references, "" or a format)
        candidates = [_coerce(copy.deepcopy(value), branch, bundle) for branch in branches]
        fitting = (c for c, branch in zip(candidates, branches, strict=True) if fits(c, branch, bundle))
        return next(fitting, value)
    kinds = types_of(schema)
    if isinstance(value, dict) and ("object" in kinds or "properties" in schema):
        properties, extra = schema.get("properties", {}), schema.get("additionalProperties")
        return {
            k: _coerce(v, properties.get(k, extra if isinstance(extra, dict) else {}), bundle) for k, v in value.items()
        }
    if isinstance(value, list) and "array" in kinds:
        return [_coerce(item, schema.get("items", {}), bundle) for item in value]
    coerced = scalar(value, schema)
    return value if coerced is None else coerced


def types_of(schema: dict[str, Any]) -> list[Any]:
    """The schema's `type` as a list: JSON Schema allows one type name or several."""
    kind = schema.get("type")
    return kind if isinstance(kind, list) else [kind]


def fits(value: Any, schema: dict[str, Any], bundle: dict[str, Any]) -> bool:
    """Whether a value fits a schema (with the definitions `bundle` names), as schemathesis validates."""
    import jsonschema_rs  # schemathesis' own validator library

    return bool(jsonschema_rs.Draft4Validator({**schema, "x-bundled": bundle}).is_valid(value))


_TRUE = frozenset({"t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1"})
_FALSE = frozenset({"f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0"})


def scalar(value: Any, schema: dict[str, Any]) -> Any:
    """One value as DRF's field for this schema reads it, or None when DRF would refuse it."""
    kinds = types_of(schema)
    if "boolean" in kinds:
        text = str(value) if not isinstance(value, bool) else None
        return value if isinstance(value, bool) else True if text in _TRUE else False if text in _FALSE else None
    if "integer" in kinds and not isinstance(value, bool):
        try:
            return int(re.sub(r"\.0*\s*\Z", "", str(value)))
        except ValueError:
            return None
    if "string" not in kinds or isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if "enum" in schema:
        return str(value)  # ChoiceField: str() of the input, not trimmed
    text = str(value).strip()
    return _formatted(text, schema.get("format"))


def _formatted(text: str, form: str | None) -> str | None:
    try:
        if form == "date-time":
            moment = dt.datetime.fromisoformat(text)  # Django's parse_datetime on Python >= 3.11
            return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()
        if form == "date":
            return dt.date.fromisoformat(text).isoformat()
        if form == "uuid":
            return str(uuidlib.UUID(text))
    except ValueError:
        return None
    return text


# ---------------------------------------------------------------- Django's validators of e-mail addresses and URLs

_EMAIL_USER = re.compile(
    r"(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z"  # dot-atom
    r'|^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z)',  # quoted-string
    re.IGNORECASE,
)
_EMAIL_DOMAIN = re.compile(r"((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))\Z", re.IGNORECASE)
_EMAIL_LITERAL = re.compile(r"\[([A-F0-9:.]+)\]\Z", re.IGNORECASE)
_UL = "\u00a1-\uffff"  # the letters Django's URL pattern allows beyond ASCII
_IPV4 = (
    r"(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)(?:\.(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)){3}"
)
_HOST = (
    rf"([a-z{_UL}0-9](?:[a-z{_UL}0-9-]{{0,61}}[a-z{_UL}0-9])?"  # hostname
    rf"(?:\.(?!-)[a-z{_UL}0-9-]{{1,63}}(?<!-))*"  # domain
    rf"\.(?!-)(?:[a-z{_UL}-]{{2,63}}|xn--[a-z0-9]{{1,59}})(?<!-)\.?"  # top-level domain
    r"|localhost)"
)
_URL = re.compile(
    r"^(?:[a-z0-9.+-]*)://(?:[^\s:@/]+(?::[^\s:@/]*)?@)?"
    rf"(?:{_IPV4}|\[[0-9a-f:.]+\]|{_HOST})(?::[0-9]{{1,5}})?(?:[/?#][^\s]*)?\Z",
    re.IGNORECASE,
)


def is_django_email(value: Any) -> bool:
    """Whether Django's EmailValidator accepts a value (after DRF trims it)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text or "@" not in text or len(text) > 320:
        return False
    user, domain = text.rsplit("@", 1)
    if not _EMAIL_USER.match(user):
        return False
    return domain == "localhost" or _email_domain(domain) or _email_domain(_punycode(domain) or "")


def _email_domain(domain: str) -> bool:
    if _EMAIL_DOMAIN.match(domain):
        return True
    literal = _EMAIL_LITERAL.match(domain)
    return literal is not None and _is_ip_address(literal[1])


def is_django_url(value: Any) -> bool:
    """Whether Django's URLValidator (schemes http, https, ftp, ftps) accepts a value (after DRF trims it)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if (
        len(text) > 2048
        or set("\t\r\n") & set(text)
        or text.split("://")[0].lower() not in ("http", "https", "ftp", "ftps")
    ):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if not _URL.match(text):
        netloc = _punycode(parts.netloc)
        if netloc is None or not _URL.match(
            urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        ):
            return False
    bracketed = re.search(r"^\[(.+)\](?::[0-9]{1,5})?$", parts.netloc)
    if bracketed and not _is_ip_address(bracketed[1], version=6):
        return False
    try:
        host = parts.hostname
    except ValueError:
        return False
    return host is not None and len(host) <= 253


def _punycode(domain: str) -> str | None:
    """A domain in IDNA (ASCII) form, as Django's `punycode`, or None when it has none."""
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _is_ip_address(text: str, version: int | None = None) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return version is None or address.version == version
