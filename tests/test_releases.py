"""The API versions served: each from its own spec, its behaviour differences read from data."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import MappingProxyType

import httpx
import pytest
import yaml

from kcc_mock.config import API_VERSION, DEFAULT_TOKEN, Settings
from kcc_mock.http.app import create_app
from kcc_mock.provider.releases import Release, UnknownRelease, chained, release, releases
from kcc_mock.provider.resources import RESOURCES

SPECS = Path(__file__).parents[1] / "src/kcc_mock/specs"
CHANGES = yaml.safe_load((SPECS / "klantinteracties-0.9.0-changes.yaml").read_text(encoding="utf-8"))


def test_the_versions_served_are_the_specs_shipped() -> None:
    assert sorted(releases()) == ["0.8.0", "0.9.0"]
    assert release().version == API_VERSION == "0.9.0"
    assert release("0.8.0").spec_path == SPECS / "klantinteracties-0.8.0.yaml"


def test_an_unknown_version_is_refused_naming_the_versions() -> None:
    with pytest.raises(UnknownRelease, match=r"unknown API version '0.7.0': choose one of 0.8.0, 0.9.0"):
        release("0.7.0")


def test_each_version_lists_klantcontacten_in_its_recorded_order() -> None:
    ordering = CHANGES["ordering"]["/klantcontacten"]
    assert ordering == {
        "previous": ["-created"],
        "now": ["-plaatsgevondenOp", "-created"],
        "recorded": ordering["recorded"],
    }
    assert release("0.9.0").resources["klantcontacten"].newest_first_by == "plaatsgevondenOp"
    assert release("0.8.0").resources["klantcontacten"].newest_first_by is None
    assert RESOURCES["klantcontacten"].newest_first_by == "plaatsgevondenOp"


def test_only_the_older_version_repeats_an_object_per_matching_identificator() -> None:
    assert release("0.9.0").joined_filters == {}
    assert release("0.8.0").joined_filters["/partijen"] >= {"partijIdentificator__codeRegister"}


@pytest.mark.parametrize("version", ["0.8.0", "0.9.0"])
def test_the_served_document_and_header_are_the_versions_own(version: str) -> None:
    app = create_app(Settings(api_version=version))
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 123))

    async def get(path: str) -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            return await http.get(path, headers={"Authorization": f"Token {DEFAULT_TOKEN}"})

    document = asyncio.run(get("/klantinteracties/api/v1/openapi.yaml"))
    listing = asyncio.run(get("/klantinteracties/api/v1/klantcontacten"))
    refused = asyncio.run(get("/klantinteracties/api/v1/klantcontacten?foo=1"))
    assert yaml.safe_load(document.content)["info"]["version"] == version
    assert document.content == release(version).spec_path.read_bytes()
    assert (listing.status_code, listing.headers["API-version"]) == (200, version)
    assert (refused.status_code, refused.headers["API-version"]) == (400, version)


def test_a_third_version_takes_back_each_newer_versions_changes_in_turn() -> None:
    """A newest 0.10.0 that lists klantcontacten by `-created` again and lists betrokkenen per match:
    0.9.0 is 0.10.0 with that taken back, and 0.8.0 is 0.9.0 with what 0.9.0 changed taken back."""
    newest_release = Release("0.10.0", SPECS / "klantinteracties.yaml", RESOURCES, MappingProxyType({}))
    newer = {
        "version": "0.10.0",
        "previous": "0.9.0",
        "previous_spec": "klantinteracties-0.9.0.yaml",
        "ordering": {"/klantcontacten": {"previous": ["-plaatsgevondenOp", "-created"], "now": ["-created"]}},
        "distinct": {"/betrokkenen": ["hadKlantcontact__kanaal"]},
    }
    found = chained(newest_release, [CHANGES, newer])  # in any order: the chain follows `version`
    order = {version: found[version].resources["klantcontacten"].newest_first_by for version in found}
    assert order == {"0.10.0": RESOURCES["klantcontacten"].newest_first_by, "0.9.0": "plaatsgevondenOp", "0.8.0": None}
    assert found["0.9.0"].joined_filters == {"/betrokkenen": frozenset(newer["distinct"]["/betrokkenen"])}
    assert found["0.8.0"].joined_filters["/betrokkenen"] == {
        "hadKlantcontact__kanaal",
        *CHANGES["distinct"]["/betrokkenen"],
    }
    assert found["0.8.0"].joined_filters["/partijen"] == frozenset(CHANGES["distinct"]["/partijen"])
    assert found["0.8.0"].spec_path == SPECS / "klantinteracties-0.8.0.yaml"


def test_a_changes_file_outside_the_chain_is_refused() -> None:
    newest_release = Release("0.9.0", SPECS / "klantinteracties.yaml", RESOURCES, MappingProxyType({}))
    stray = {"version": "0.7.0", "previous": "0.6.0", "previous_spec": "klantinteracties-0.6.0.yaml"}
    with pytest.raises(ValueError, match=r"not in the chain from 0.9.0: \['0.7.0'\]"):
        chained(newest_release, [CHANGES, stray])
