"""`Resource.unique_together` is the data the pair-uniqueness rule reads: any resource, any pair."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

import pytest

from kcc_mock.provider.errors import ValidationFailed
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.resources import RESOURCES

BASE = "http://testserver/klantinteracties/api/v1"


def provider(**pairs: tuple[str, str] | None) -> Provider:
    """The provider with the `unique_together` of some resources replaced."""
    changed = {name: dataclasses.replace(RESOURCES[name], unique_together=pair) for name, pair in pairs.items()}
    return Provider(resources=MappingProxyType({**RESOURCES, **changed}))


def betrokkene(mock: Provider) -> dict[str, Any]:
    """A betrokkene body naming a new klantcontact and a new partij."""
    kc = mock.create(
        "klantcontacten", {"kanaal": "post", "onderwerp": "o", "taal": "nld", "vertrouwelijk": False}, BASE
    )
    partij = mock.create("partijen", {"soortPartij": "persoon", "indicatieActief": True}, BASE)
    return {
        "hadKlantcontact": {"uuid": kc["uuid"]},
        "wasPartij": {"uuid": partij["uuid"]},
        "rol": "klant",
        "initiator": True,
    }


def test_a_pair_declared_on_another_resource_is_enforced_there() -> None:
    mock = provider(betrokkenen=("hadKlantcontact", "wasPartij"))
    body = betrokkene(mock)
    mock.create("betrokkenen", body, BASE)
    with pytest.raises(ValidationFailed) as refused:
        mock.create("betrokkenen", body, BASE)
    # Django names the fields of the pair in snake_case (recorded: vertegenwoordigende_partij, ...).
    assert [(e.name, e.code, e.reason) for e in refused.value.errors] == [
        ("nonFieldErrors", "unique", "De velden had_klantcontact, was_partij moeten een unieke set zijn.")
    ]


def test_without_the_pair_a_duplicate_link_is_stored() -> None:
    mock = provider(actorklantcontacten=None)
    kc = mock.create(
        "klantcontacten", {"kanaal": "post", "onderwerp": "o", "taal": "nld", "vertrouwelijk": False}, BASE
    )
    actor = mock.create("actoren", {"naam": "A", "soortActor": "medewerker", "indicatieActief": True}, BASE)
    body = {"actor": {"uuid": actor["uuid"]}, "klantcontact": {"uuid": kc["uuid"]}}
    mock.create("actorklantcontacten", body, BASE)
    mock.create("actorklantcontacten", body, BASE)
    assert mock.store.count("actorklantcontacten") == 2
