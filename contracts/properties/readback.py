"""How a read is compared with what was sent: Open Klant's normalisations, and identities it generates."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

Body = dict[str, Any]


def moment(text: str) -> datetime | None:
    """An ISO 8601 date-time (`Z` for UTC), None when the text is none."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def echoes(sent: Any, got: Any) -> bool:
    """Whether a response carries what was sent, after Open Klant's normalisations."""
    if isinstance(sent, dict) and set(sent) == {"uuid"}:
        return isinstance(got, dict) and got.get("uuid") == sent["uuid"]
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(echoes(value, got.get(key)) for key, value in sent.items())
    if isinstance(sent, list):
        return isinstance(got, list) and len(sent) == len(got) and all(map(echoes, sent, got))
    if isinstance(sent, str) and isinstance(got, str) and "T" in sent and moment(sent):
        return moment(sent) == moment(got)
    return bool(sent == got or (isinstance(sent, str) and sent.strip() == got))


def selfless(read: Body | None) -> Body:
    """A read with the identities the provider generates replaced: the object's own uuid (also in
    its url) by `<self>`; that of a nested row (a contactpersoon's: a `uuid` without `url`) and of an
    object written with it (a nested identificator: its `identificeerdePartij` is `<self>`) by
    `<generated>`. Two objects stored from the same body then compare equal."""
    assert read is not None, "the object is gone"

    def generated(value: Body, nested: bool) -> bool:
        row = "uuid" in value and "url" not in value
        written_with = (value.get("identificeerdePartij") or {}).get("uuid") == "<self>"
        return nested and (row or written_with)

    def anonymous(value: Any, nested: bool) -> Any:
        if isinstance(value, list):
            return [anonymous(item, True) for item in value]
        if not isinstance(value, dict):
            return value
        own = generated(value, nested)
        return {k: "<generated>" if own and k in ("uuid", "url") else anonymous(v, True) for k, v in value.items()}

    same: Body = anonymous(json.loads(json.dumps(read).replace(read["uuid"], "<self>")), False)
    return same


def without(body: Body, keys: set[str]) -> Body:
    """A body without the keys a known deviation of the reference explains."""
    return {key: value for key, value in body.items() if key not in keys}


def differences(got: Body, expected: Body, keys: Body) -> dict[str, tuple[Any, Any]]:
    """(got, expected) for each of `keys` on which two reads disagree."""
    return {key: (got.get(key), expected.get(key)) for key in keys if got.get(key) != expected.get(key)}
