"""Parsers for the value formats the API accepts, with DRF's leniency and strictness."""

from __future__ import annotations

import re
import uuid as uuidlib
from datetime import UTC, date, datetime, timedelta, timezone

# Django's parse_datetime grammar: date, T or space, time, optional fraction and offset.
_DATETIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})[T ]"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{1,2})"
    r"(?::(?P<second>\d{1,2})(?:[.,](?P<fraction>\d{1,6})\d{0,6})?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?\Z",
    re.ASCII,
)
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\Z", re.ASCII)
_EMAIL_USER = re.compile(
    r"(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z"
    r'|^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z)',
    re.IGNORECASE,
)
_HOST_LABEL = r"[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?"
_DOMAIN = re.compile(rf"(?:{_HOST_LABEL}\.)+(?:[a-z\u00a1-\uffff-]{{2,63}}|xn--[a-z0-9]{{1,59}})\.?\Z", re.IGNORECASE)
_URL = re.compile(
    r"(?:https?|ftps?)://"
    r"(?:[^\s:@/]+(?::[^\s:@/]*)?@)?"
    rf"(?:\d{{1,3}}(?:\.\d{{1,3}}){{3}}|\[[0-9a-f:.]+\]|localhost|(?:{_HOST_LABEL}\.)+"
    r"(?:[a-z\u00a1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})\.?)"
    r"(?::\d{1,5})?(?:[/?#][^\s]*)?\Z",
    re.IGNORECASE,
)
_TRUE = frozenset({"t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1"})
_FALSE = frozenset({"f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0"})


def parse_datetime(text: str) -> datetime | None:
    """Parse an ISO 8601 date-time as Django does; naive values are taken as UTC."""
    match = _DATETIME.match(text)
    if not match:
        return None
    parts = match.groupdict()
    offset = parts.pop("tz")
    fraction = parts.pop("fraction") or "0"
    try:
        tzinfo = UTC if offset in (None, "Z") else _offset(offset)
        year, month, day, hour, minute, second = (
            int(parts[key] or 0) for key in ("year", "month", "day", "hour", "minute", "second")
        )
        moment = datetime(year, month, day, hour, minute, second, int(fraction.ljust(6, "0")), tzinfo)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _offset(text: str) -> timezone:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    return timezone(sign * timedelta(minutes=minutes))


def format_datetime(moment: datetime) -> str:
    """Render a UTC datetime as Open Klant does: ISO 8601 with `Z`."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_date(text: str) -> date | None:
    """Parse `YYYY-MM-DD`."""
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_uuid(value: object) -> str | None:
    """Return the canonical form of a uuid given in any form DRF accepts, else None."""
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value  # already canonical (as almost every uuid is): a fifth of the cost of parsing it
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return str(uuidlib.UUID(int=value))
        if isinstance(value, str):
            return str(uuidlib.UUID(hex=value))
    except ValueError:
        return None
    return None


def parse_boolean(value: object) -> bool | None:
    """Interpret a JSON value as DRF's BooleanField does; None when it is not a boolean."""
    if value is True or value is False:
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return None


def is_email(text: str) -> bool:
    """Tell whether `text` passes Django's e-mail validation (close approximation)."""
    user, at, domain = text.rpartition("@")
    if not at or not user or not domain:
        return False
    if not _EMAIL_USER.match(user):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        return True
    return bool(_DOMAIN.match(domain)) or domain == "localhost"


def is_url(text: str) -> bool:
    """Tell whether `text` passes Django's URL validation (close approximation)."""
    return len(text) <= 2048 and bool(_URL.match(text))
