"""Seed data is created collection by collection: every collection in an order where a required
reference can point at an object created before."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kcc_mock.provider.fixtures import ORDER, FixtureError, read_fixtures
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.resources import RESOURCES


@cache
def provider() -> Provider:
    """One provider for the module (building its forms takes seconds)."""
    return Provider()


def late_references(order: tuple[str, ...]) -> list[str]:
    """`source.field -> target` for each reference a create needs whose target comes later (or never)."""
    forms = provider().forms
    found = []
    for source in order:
        form = forms[source]
        required = getattr(form, "required", frozenset())
        for field, reference in RESOURCES[source].references.items():
            if field in required and reference.target != source and order.index(reference.target) > order.index(source):
                found.append(f"{source}.{field} -> {reference.target}")
    return found


def test_every_collection_is_seeded_once() -> None:
    assert sorted(ORDER) == sorted(RESOURCES)


def test_what_a_create_requires_is_created_first() -> None:
    assert late_references(ORDER) == []


def test_the_order_check_catches_a_vertegenwoordiging_before_its_partijen() -> None:
    order = ("vertegenwoordigingen", *(name for name in ORDER if name != "vertegenwoordigingen"))
    assert late_references(order) == [
        "vertegenwoordigingen.vertegenwoordigendePartij -> partijen",
        "vertegenwoordigingen.vertegenwoordigdePartij -> partijen",
    ]


def test_a_seed_file_of_the_new_collections_is_read(tmp_path: Path) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text("categorieen:\n  - naam: Zorg\nrekeningnummers:\n  - iban: NL91ABNA0417164300\n", encoding="utf-8")
    expected = {"categorieen": [{"naam": "Zorg"}], "rekeningnummers": [{"iban": "NL91ABNA0417164300"}]}
    assert read_fixtures(path) == expected
    path.write_text("rekeningnummer: []\n", encoding="utf-8")
    with pytest.raises(FixtureError, match="rekeningnummer"):
        read_fixtures(path)
