"""What schemathesis found in the mock and the spec, each fix pinned by a test of its own."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import KLANTCONTACT, MEDEWERKER, Api
from spec_deviations import NOT_BLANK
from spec_document import SPEC_PATH, operations, query_parameters

from kcc_mock.provider.resources import RESOURCES


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The spec as the mock ships it."""
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return document


# ---------------------------------------------------------------- the mock


def test_an_item_path_with_a_newline_gets_open_klants_not_found(api: Api) -> None:
    response = api.get("/klantcontacten/abc%0A")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_multipart_content_type_on_a_read_or_delete_is_ignored(api: Api) -> None:
    created = api.create("klantcontacten", KLANTCONTACT)
    multipart = {"Content-Type": "multipart/form-data"}
    assert api.get("/klantcontacten", headers=multipart).status_code == 200
    assert api.get(f"/klantcontacten/{created['uuid']}", headers=multipart).status_code == 200
    assert api.delete(f"/klantcontacten/{created['uuid']}", headers=multipart).status_code == 204


def test_a_contactpersoon_has_a_uuid_of_its_own_that_each_write_of_the_group_renews(api: Api) -> None:
    # Recorded (partij-variant-groups): Open Klant replaces the contactpersoon row on every write of the group.
    body = {"soortPartij": "contactpersoon", "indicatieActief": True, "partijIdentificatie": {"contactnaam": {}}}
    partij = api.create("partijen", {**body, "partijIdentificatie": {"contactnaam": {"voornaam": "A"}}})
    own = partij["partijIdentificatie"]["uuid"]
    assert own is not None and own != partij["uuid"]
    patch = {"soortPartij": "contactpersoon", "partijIdentificatie": {"contactnaam": {"voornaam": "Ria"}}}
    renewed = api.patch(f"/partijen/{partij['uuid']}", json=patch).json()["partijIdentificatie"]["uuid"]
    assert renewed not in (None, own)
    kept = api.patch(f"/partijen/{partij['uuid']}", json={"indicatieActief": False}).json()
    assert kept["partijIdentificatie"]["uuid"] == renewed


@pytest.mark.parametrize(("first", "second"), [("organisatie", "persoon"), ("persoon", "organisatie")])
def test_a_put_that_changes_soort_partij_without_a_group_reads_the_group_as_null(
    api: Api, first: str, second: str
) -> None:
    # Recorded (partij-variant-groups): the new kind has no group of its own yet.
    partij = api.create("partijen", {"soortPartij": first, "indicatieActief": True})
    updated = api.put(f"/partijen/{partij['uuid']}", json={"soortPartij": second, "indicatieActief": True}).json()
    assert updated["partijIdentificatie"] is None


def test_a_put_that_changes_soort_actor_without_a_group_clears_actor_identificatie(api: Api) -> None:
    actor = api.create("actoren", MEDEWERKER)
    body = {"naam": "Team", "soortActor": "organisatorische_eenheid"}
    assert api.put(f"/actoren/{actor['uuid']}", json=body).json()["actorIdentificatie"] is None


def test_a_contactpersoon_cannot_work_for_a_partij_that_does_not_exist(api: Api) -> None:
    partij = api.create("partijen", {"soortPartij": "contactpersoon", "indicatieActief": True})
    unknown = {
        "soortPartij": "contactpersoon",  # without it, Open Klant ignores the group of a PATCH (recorded)
        "partijIdentificatie": {"werkteVoorPartij": {"uuid": "eb6c526c-5613-4969-b659-3245c14e482e"}},
    }
    response = api.patch(f"/partijen/{partij['uuid']}", json=unknown)
    assert response.status_code == 400
    assert [(p["name"], p["code"]) for p in response.json()["invalidParams"]] == [
        ("partijIdentificatie.werkteVoorPartij.uuid", "invalid")
    ]


def test_werkte_voor_partij_is_rendered_as_a_reference_with_its_url(api: Api) -> None:
    employer = api.create("partijen", {"soortPartij": "organisatie", "indicatieActief": True})
    body = {"soortPartij": "contactpersoon", "indicatieActief": True}
    body["partijIdentificatie"] = {"werkteVoorPartij": {"uuid": employer["uuid"]}}
    created = api.create("partijen", body)
    assert created["partijIdentificatie"]["werkteVoorPartij"] == {"uuid": employer["uuid"], "url": employer["url"]}


def test_empty_filter_values_are_ignored(api: Api, spec: dict[str, Any]) -> None:
    api.create("klantcontacten", KLANTCONTACT)
    (operation,) = [op for path, method, op in operations(spec) if (path, method) == ("/klantcontacten", "get")]
    names = [p["name"] for p in query_parameters(spec, operation) if p["name"] != "page"]
    response = api.get("/klantcontacten", params=dict.fromkeys(names, ""))
    assert response.status_code == 200
    assert response.json()["count"] == 1


# ---------------------------------------------------------------- the spec


def test_every_query_parameter_but_page_admits_an_empty_value(spec: dict[str, Any]) -> None:
    for _, _, operation in operations(spec):
        for parameter in query_parameters(spec, operation):
            expected = parameter["name"] != "page"  # `page=` reads page 1, but the spec keeps it undeclared
            assert parameter.get("allowEmptyValue", False) is expected, (operation["operationId"], parameter["name"])


def test_required_text_in_request_bodies_must_not_be_blank(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for schema, field in [
        ("KlantcontactRequest", "kanaal"),
        ("PatchedKlantcontactRequest", "onderwerp"),
        ("Base_ActorSerializerRequest", "naam"),
        ("Medewerker", "functie"),
        ("InterneTaakRequest", "gevraagdeHandeling"),
        ("PatchedDigitaalAdresRequest", "adres"),
    ]:
        assert schemas[schema]["properties"][field]["pattern"] == NOT_BLANK, (schema, field)
    # Open Klant stores a blank objectId (recorded: `partij-identificator-blank-object-id`).
    object_id = schemas["PartijIdentificatorGroepType"]["properties"]["objectId"]
    assert "pattern" not in object_id and object_id["x-kcc-allow-blank"] is True


def test_the_blank_pattern_is_exactly_what_python_strips() -> None:
    import re

    whitespace = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert not any(re.search(NOT_BLANK, ch) for ch in whitespace)
    assert all(re.search(NOT_BLANK, chr(c)) for c in range(0x3100) if not chr(c).isspace())


def test_patch_bodies_of_polymorphic_resources_may_match_several_kinds(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name in ("PatchedActorRequest", "PatchedPartijRequest"):
        assert "anyOf" in schemas[name] and "oneOf" not in schemas[name]
        assert "discriminator" in schemas[name]


def test_create_and_update_bodies_of_actoren_and_partijen_are_required(spec: dict[str, Any]) -> None:
    for path in ("/actoren", "/actoren/{uuid}", "/partijen", "/partijen/{uuid}"):
        for method in ("post", "put"):
            if method in spec["paths"][path]:
                assert spec["paths"][path][method]["requestBody"]["required"] is True, (method, path)


def test_create_links_fill_a_reference_to_the_created_object(spec: dict[str, Any]) -> None:
    collection_of = {op["operationId"]: path.strip("/") for path, _, op in operations(spec) if "{" not in path}
    found = set()
    for _, _, source in operations(spec):
        for link in source["responses"].get("201", {}).get("links", {}).values():
            if "requestBody" not in link:
                continue
            ((field, value),) = link["requestBody"].items()
            target = collection_of[link["operationId"]]
            created = "klantcontacten" if source["operationId"] == "maakKlantcontactCreate" else None
            reference = RESOURCES[target].references[field]
            assert reference.target == (created or collection_of[source["operationId"]])
            (item,) = value if reference.many else [value]  # a list reference gets a list of one
            assert item["uuid"].startswith("$response.body#/")
            found.add((link["operationId"], field))
    assert {
        ("betrokkenenCreate", "hadKlantcontact"),
        ("actorklantcontactenCreate", "actor"),
        ("actorklantcontactenCreate", "klantcontact"),
        ("internetakenCreate", "aanleidinggevendKlantcontact"),
        ("internetakenCreate", "toegewezenAanActoren"),
        ("partijIdentificatorenCreate", "identificeerdePartij"),
    } <= found
