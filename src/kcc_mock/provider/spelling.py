"""How Open Klant spells request and response keys: camelCase and snake_case, as its parser and
renderer (djangorestframework-camel-case) turn one into the other."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_CAMELIZE = re.compile(r"[a-z0-9]?_[a-z0-9]")
# djangorestframework-camel-case's underscoreize (default options): how Open Klant's parser turns
# every request key into the snake_case name its serializers know, whatever spelling was sent.
_UNDERSCORE = re.compile(
    r"([a-z0-9]|[A-Z]?(?=[A-Z0-9](?=[a-z0-9]|(?<![A-Z])$)))([A-Z]|(?<=[a-z])[0-9](?=[0-9A-Z]|$)|(?<=[A-Z])[0-9](?=[0-9]|$))"
)


def underscore(name: str) -> str:
    """The snake_case name Open Klant's parser makes of a request key (`hoofdOnderwerpType`: `hoofd_onderwerp_type`)."""
    return _UNDERSCORE.sub(r"\1_\2", name).lower()


def camelize(name: str) -> str:
    """The camelCase name Open Klant's renderer makes of a stored key (`bron_systeem` -> `bronSysteem`)."""
    return _CAMELIZE.sub(
        lambda m: m.group()[0] + m.group()[2].upper() if len(m.group()) == 3 else m.group()[1].upper(), name
    )


def spelled(value: dict[str, Any], names: Mapping[str, str], known: frozenset[str]) -> dict[str, Any]:
    """A body with its keys in our spelling: camelCase and snake_case alike, the later key winning.

    `names` maps the snake_case name of each property to the property; keys matching none are dropped
    (Open Klant ignores unknown keys). A body already spelled as ours is returned as it is.
    """
    if all(key in known for key in value):
        return value
    result: dict[str, Any] = {}
    for key, item in value.items():
        own = names.get(underscore(key)) if isinstance(key, str) else None
        if own is not None:
            result.pop(own, None)  # the later spelling wins, as in the parser's dict
            result[own] = item
    return result
