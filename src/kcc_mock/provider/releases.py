"""The API versions the mock serves: each one a spec and, as data, what its behaviour changes.

`specs/klantinteracties.yaml` is the newest version. Each `specs/klantinteracties-<v>-changes.yaml`
says what version v changes against the one before it: the document part (fields, filters,
lengths) is in the two specs already; the behaviour part read here is what no document says: the
default list order and the filters that list an object once per matching related record (a SQL
join) instead of once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from kcc_mock.provider.resources import RESOURCES, Resource
from kcc_mock.provider.spec import SPEC_PATH

SPECS = SPEC_PATH.parent
_CREATED = "-created"  # Open Klant's creation order, newest first: the store's order without a field


@dataclass(frozen=True)
class Release:
    """One API version: its spec and the behaviour that differs from the newest."""

    version: str
    spec_path: Path
    resources: Mapping[str, Resource]
    joined_filters: Mapping[str, frozenset[str]]  # list path -> filters that repeat an object per match


class UnknownRelease(ValueError):
    """An API version the mock has no spec for."""


def release(version: str | None = None) -> Release:
    """The release of `version` (default: the newest)."""
    known = releases()
    if version is None:
        return known[newest()]
    if version not in known:
        raise UnknownRelease(f"unknown API version {version!r}: choose one of {', '.join(sorted(known))}")
    return known[version]


def newest() -> str:
    """The newest API version served."""
    return str(_read(SPEC_PATH)["info"]["version"])


@cache
def releases() -> dict[str, Release]:
    """Every API version served, read from the specs and their changes files."""
    found = {newest(): Release(newest(), SPEC_PATH, RESOURCES, MappingProxyType({}))}
    for path in sorted(SPECS.glob("klantinteracties-*-changes.yaml")):
        changes = _read(path)
        previous = str(changes["previous"])
        ordering = {route: entry["previous"] for route, entry in changes.get("ordering", {}).items()}
        found[previous] = Release(
            previous,
            SPECS / changes["previous_spec"],
            _ordered(RESOURCES, ordering),
            MappingProxyType({route: frozenset(names) for route, names in changes.get("distinct", {}).items()}),
        )
    return found


def _ordered(resources: Mapping[str, Resource], ordering: Mapping[str, list[str]]) -> Mapping[str, Resource]:
    """The resources with the default list order of a release (`[-field, -created]` or `[-created]`)."""
    changed = dict(resources)
    for route, keys in ordering.items():
        name = route.strip("/")
        if keys[-1] != _CREATED or len(keys) > 2:
            raise ValueError(f"{route}: an order must be [-field, {_CREATED}] or [{_CREATED}], not {keys}")
        field = keys[0].removeprefix("-") if len(keys) == 2 else None
        changed[name] = dataclasses.replace(resources[name], newest_first_by=field)
    return MappingProxyType(changed)


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
