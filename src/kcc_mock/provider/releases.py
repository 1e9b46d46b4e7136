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
    newest_release = Release(newest(), SPEC_PATH, RESOURCES, MappingProxyType({}))
    return chained(newest_release, [_read(path) for path in sorted(SPECS.glob("klantinteracties-*-changes.yaml"))])


def chained(newest_release: Release, changes_files: list[Mapping[str, Any]]) -> dict[str, Release]:
    """The newest release and every older one, newest first: each older one is the next newer one with
    what that newer version changed taken back (its changes file's `ordering` and `distinct`)."""
    by_version = {str(changes["version"]): changes for changes in changes_files}
    current, found = newest_release, {newest_release.version: newest_release}
    while current.version in by_version:
        changes = by_version.pop(current.version)
        ordering = {route: entry["previous"] for route, entry in changes.get("ordering", {}).items()}
        joined = dict(current.joined_filters)
        for route, names in changes.get("distinct", {}).items():  # a join stays a join in every older version
            joined[route] = joined.get(route, frozenset()) | frozenset(names)
        current = Release(
            str(changes["previous"]),
            SPECS / changes["previous_spec"],
            _ordered(current.resources, ordering),
            MappingProxyType(joined),
        )
        found[current.version] = current
    if by_version:
        raise ValueError(
            f"changes files of versions not in the chain from {newest_release.version}: {sorted(by_version)}"
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
