"""Each property can fail: run against a mock with one planted deviation, it reports it."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

import pytest
import test_properties as properties
from conftest import Api
from hypothesis import Phase, settings

from kcc_mock import listing
from kcc_mock.http.app import MockApp
from kcc_mock.resources import RESOURCES, Reference


@pytest.fixture(autouse=True)
def no_shrinking() -> Any:
    """A planted bug fails every example: finding one is the point, shrinking it only costs time."""
    previous = settings.default
    settings.register_profile("planted", parent=previous, phases=[Phase.explicit, Phase.generate])
    settings.load_profile("planted")
    yield
    settings.register_profile("restored", parent=previous)
    settings.load_profile("restored")


# The planted tests use `raw` (no spec check on responses) so that the property itself must notice.
def test_echo_property_catches_a_provider_that_drops_a_field(raw: Api, app: MockApp, monkeypatch: Any) -> None:
    honest = app.provider.representation.render

    def forgetful(resource: str, record: dict[str, Any], base: str) -> dict[str, Any]:
        body = honest(resource, record, base)
        body.pop("onderwerp", None)
        return body

    monkeypatch.setattr(app.provider.representation, "render", forgetful)
    with pytest.raises(AssertionError):
        properties.test_a_valid_body_is_accepted_and_read_back_as_sent(raw, app, "klantcontacten")


def test_one_way_invalid_property_catches_a_provider_that_ignores_a_max_length(
    raw: Api, app: MockApp, monkeypatch: Any
) -> None:
    for name in ("taal", "kanaal", "onderwerp", "inhoud", "reactie", "nummer", "referentienummer"):
        monkeypatch.setattr(app.provider.forms["klantcontacten"].properties[name], "max_length", None)
    with pytest.raises(AssertionError):
        properties.test_a_body_invalid_in_one_way_names_exactly_that_field_and_stores_nothing(
            raw, app, "klantcontacten"
        )


def test_pagination_property_catches_overlapping_pages(mock_app: MockApp, monkeypatch: Any) -> None:
    honest = listing.paginate

    def overlapping(records: list[Any], query: Any) -> listing.Page:
        page = honest(records, query)
        start = max(0, records.index(page.records[0]) - 1) if page.records else 0
        return dataclasses.replace(page, records=records[start : start + len(page.records)])

    monkeypatch.setattr(listing, "paginate", overlapping)
    with pytest.raises(AssertionError):
        properties.test_pagination_visits_every_object_exactly_once_and_agrees_with_reads(mock_app)


def test_model_based_walk_catches_a_missing_cascade(mock_app: MockApp, monkeypatch: Any) -> None:
    links = RESOURCES["actorklantcontacten"]
    refs = dict(links.references)
    refs["klantcontact"] = Reference("klantcontacten", "set_null")
    planted = dict(RESOURCES)
    planted["actorklantcontacten"] = dataclasses.replace(links, references=MappingProxyType(refs))
    monkeypatch.setattr(mock_app.provider.store, "resources", MappingProxyType(planted))
    with pytest.raises(AssertionError):
        properties.test_model_based_walk_through_creates_links_and_cascading_deletes(mock_app)
