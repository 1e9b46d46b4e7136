"""Seed data: objects loaded through the provider at start, so they obey every rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from kcc_mock.provider.errors import ValidationFailed
from kcc_mock.provider.operations import Provider

# Creation order: what a later collection may reference must exist first.
ORDER = (
    "actoren",
    "partijen",
    "partij-identificatoren",
    "rekeningnummers",
    "categorieen",
    "categorie-relaties",
    "vertegenwoordigingen",
    "klantcontacten",
    "actorklantcontacten",
    "betrokkenen",
    "digitaleadressen",
    "onderwerpobjecten",
    "bijlagen",
    "internetaken",
)


class FixtureError(ValueError):
    """A fixtures file that cannot be loaded."""


def read_fixtures(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Parse a YAML or JSON fixtures file: a mapping of collection name to a list of bodies."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise FixtureError("expected a mapping of collection name to a list of objects")
    unknown = set(data) - set(ORDER)
    if unknown:
        raise FixtureError(f"unknown collections {sorted(unknown)}; known: {list(ORDER)}")
    return data


def load_fixtures(provider: Provider, data: dict[str, list[dict[str, Any]]], base: str) -> dict[str, list[str]]:
    """Create every object through the provider; a body may carry `uuid` to fix its identity.

    Returns the uuids created per collection.
    """
    created: dict[str, list[str]] = {}
    for collection in ORDER:
        for body in data.get(collection, []):
            try:
                result = provider.create(collection, body, base, identity=body.get("uuid"))
            except ValidationFailed as error:
                raise FixtureError(f"{collection}: {error}") from error
            created.setdefault(collection, []).append(result["uuid"])
    return created
