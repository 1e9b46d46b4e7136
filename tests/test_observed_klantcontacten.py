"""Creating and changing klantcontacten, as observed on Open Klant 2.18."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import BASE, KLANTCONTACT, invalid_params

JSON = {"Content-Type": "application/json"}
KEYS = [
    "uuid",
    "url",
    "gingOverOnderwerpobjecten",
    "hadBetrokkenActoren",
    "omvatteBijlagen",
    "hadBetrokkenen",
    "leiddeTotInterneTaken",
    "nummer",
    "referentienummer",
    "kanaal",
    "onderwerp",
    "inhoud",
    "reactie",
    "indicatieContactGelukt",
    "hoofdOnderwerpType",
    "verdereActieOndernomen",
    "taal",
    "vertrouwelijk",
    "plaatsgevondenOp",
    "metadata",
]
FULL = {
    "kanaal": "telefoon",
    "onderwerp": "Vraag over afvalinzameling",
    "inhoud": "Burger vraagt wanneer het grofvuil wordt opgehaald.",
    "reactie": "Volgende week dinsdag.",
    "indicatieContactGelukt": True,
    "hoofdOnderwerpType": "https://example.com/zaaktypen/123",
    "verdereActieOndernomen": False,
    "taal": "nld",
    "vertrouwelijk": False,
    "plaatsgevondenOp": "2024-03-01T10:15:00+01:00",
    "referentienummer": "1000001",
    "metadata": {"bron": "kcc", "agent": "42"},
}
EMPTY_REVERSE = {
    "gingOverOnderwerpobjecten": [],
    "hadBetrokkenActoren": [],
    "omvatteBijlagen": [],
    "hadBetrokkenen": [],
    "leiddeTotInterneTaken": [],
}
SUCCEEDED_RULE = [
    (
        "nonFieldErrors",
        "no-further-action-when-contact-succesful",
        "Als het contact gelukt is kan er geen verdere actie zijn ondernomen",
    )
]


def create(api, **fields: Any) -> dict[str, Any]:
    return api.create("klantcontacten", {**KLANTCONTACT, **fields})


def rejected(api, app, body: Any, method: str = "POST", path: str = "/klantcontacten") -> list[tuple[str, str]]:
    """Send a bad write, return its (name, code) pairs and check that nothing was stored."""
    before = app.provider.store.count("klantcontacten")
    params = invalid_params(api.request(method, path, json=body))
    assert app.provider.store.count("klantcontacten") == before
    return params


def reasons(api, body: Any, method: str = "POST", path: str = "/klantcontacten") -> list[tuple[str, str, str]]:
    response = api.request(method, path, json=body)
    assert response.status_code == 400, response.text
    return [(p["name"], p["code"], p["reason"]) for p in response.json()["invalidParams"]]


def raw(api, app, content: bytes) -> list[tuple[str, str]]:
    params = invalid_params(api.post("/klantcontacten", content=content, headers=JSON))
    assert app.provider.store.count("klantcontacten") == 0
    return params


# --- create: shape and defaults ----------------------------------------------------------------------------------


def test_full_body_is_echoed_with_empty_reverse_relations(api):
    created = api.create("klantcontacten", FULL)
    assert created["url"] == f"{BASE}/klantcontacten/{created['uuid']}"
    expected = {**EMPTY_REVERSE, **FULL, "nummer": None, "plaatsgevondenOp": "2024-03-01T09:15:00Z"}
    assert {k: v for k, v in created.items() if k not in ("uuid", "url")} == expected


def test_klantcontact_keys_come_in_observed_order(api):
    assert list(create(api)) == KEYS


def test_minimal_body_gets_defaults(api):
    created = api.create(
        "klantcontacten", {"kanaal": "email", "onderwerp": "Minimaal", "taal": "nld", "vertrouwelijk": True}
    )
    assert {k: created[k] for k in KEYS[2:] if k != "plaatsgevondenOp"} == {
        **EMPTY_REVERSE,
        "nummer": None,
        "referentienummer": None,
        "kanaal": "email",
        "onderwerp": "Minimaal",
        "inhoud": "",
        "reactie": "",
        "indicatieContactGelukt": None,
        "hoofdOnderwerpType": "",
        "verdereActieOndernomen": False,
        "taal": "nld",
        "vertrouwelijk": True,
        "metadata": {},
    }


def test_plaatsgevonden_op_defaults_to_server_now_in_utc(api):
    value = create(api)["plaatsgevondenOp"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z", value), value
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert abs(datetime.now(UTC) - moment) < timedelta(seconds=30)


def test_offset_datetime_is_converted_to_utc_z(api):
    assert create(api, plaatsgevondenOp="2024-03-01T10:15:00+01:00")["plaatsgevondenOp"] == "2024-03-01T09:15:00Z"


def test_naive_datetime_is_taken_as_utc(api):
    assert create(api, plaatsgevondenOp="2024-03-01T10:15:00")["plaatsgevondenOp"] == "2024-03-01T10:15:00Z"


def test_nummer_is_not_generated(api):
    created = create(api)
    assert (created["nummer"], created["referentienummer"]) == (None, None)


def test_many_klantcontacten_may_leave_nummer_and_referentienummer_null(api, app):
    create(api)
    create(api)
    assert app.provider.store.count("klantcontacten") == 2


def test_nummer_keeps_leading_zeros(api):
    assert create(api, nummer="0000000042")["nummer"] == "0000000042"


def test_referentienummer_keeps_leading_zeros(api):
    assert create(api, referentienummer="0012")["referentienummer"] == "0012"


def test_taal_xx_is_accepted(api):
    assert create(api, taal="xx")["taal"] == "xx"


def test_kanaal_is_free_text(api):
    assert create(api, kanaal="postduif")["kanaal"] == "postduif"


def test_unknown_field_is_ignored(api):
    created = create(api, bestaatNiet=1)
    assert "bestaatNiet" not in created
    assert list(created) == KEYS


def test_client_uuid_is_ignored(api):
    client_uuid = "11111111-1111-4111-8111-111111111111"
    created = create(api, uuid=client_uuid)
    assert created["uuid"] != client_uuid
    assert api.get(f"/klantcontacten/{client_uuid}").status_code == 404


def test_read_only_arrays_in_request_are_ignored(api):
    created = create(
        api,
        hadBetrokkenActoren=[{"uuid": "81ea9102-c34f-4b6e-ae54-24bfa76c0f10"}],
        hadBetrokkenen=[{"uuid": "7068b5d3-306e-444a-8a77-8e762bd5bc29"}],
    )
    assert (created["hadBetrokkenActoren"], created["hadBetrokkenen"]) == ([], [])


def test_number_for_string_field_is_stored_as_string(api):
    assert create(api, onderwerp=12345)["onderwerp"] == "12345"


def test_metadata_number_value_is_coerced_to_string(api):
    assert create(api, metadata={"n": 123})["metadata"] == {"n": "123"}


# --- create: validation ------------------------------------------------------------------------------------------


def test_empty_body_lists_the_four_required_fields(api, app):
    assert rejected(api, app, {}) == [
        ("kanaal", "required"),
        ("onderwerp", "required"),
        ("taal", "required"),
        ("vertrouwelijk", "required"),
    ]


def test_missing_onderwerp_and_taal_are_both_required(api, app):
    assert rejected(api, app, {"kanaal": "telefoon", "vertrouwelijk": False}) == [
        ("onderwerp", "required"),
        ("taal", "required"),
    ]


@pytest.mark.parametrize("field", ["kanaal", "onderwerp", "taal"])
def test_empty_required_string_is_blank(api, app, field):
    assert rejected(api, app, {**KLANTCONTACT, field: ""}) == [(field, "blank")]


def test_blank_kanaal_reason_is_dutch(api):
    assert reasons(api, {**KLANTCONTACT, "kanaal": ""}) == [("kanaal", "blank", "Dit veld mag niet leeg zijn.")]


@pytest.mark.parametrize("field", ["kanaal", "onderwerp", "taal", "vertrouwelijk"])
def test_null_required_field_is_null(api, app, field):
    assert rejected(api, app, {**KLANTCONTACT, field: None}) == [(field, "null")]


@pytest.mark.parametrize("field", ["inhoud", "plaatsgevondenOp", "metadata"])
def test_null_optional_field_is_null(api, app, field):
    assert rejected(api, app, {**KLANTCONTACT, field: None}) == [(field, "null")]


def test_taal_longer_than_3_is_max_length(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "taal": "nederlands"}) == [("taal", "max_length")]
    assert reasons(api, {**KLANTCONTACT, "taal": "nederlands"})[0][2] == (
        "Zorg ervoor dat dit veld niet meer dan 3 karakters bevat."
    )


def test_onderwerp_longer_than_200_is_max_length(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "onderwerp": "a" * 201}) == [("onderwerp", "max_length")]


def test_kanaal_longer_than_50_is_max_length(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "kanaal": "k" * 51}) == [("kanaal", "max_length")]


def test_non_boolean_vertrouwelijk_is_invalid(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "vertrouwelijk": "misschien"}) == [("vertrouwelijk", "invalid")]
    assert reasons(api, {**KLANTCONTACT, "vertrouwelijk": "misschien"}) == [
        ("vertrouwelijk", "invalid", "Must be a valid boolean.")
    ]


def test_empty_string_for_boolean_is_invalid(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "vertrouwelijk": ""}) == [("vertrouwelijk", "invalid")]


def test_bad_plaatsgevonden_op_is_invalid(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "plaatsgevondenOp": "gisteren"}) == [("plaatsgevondenOp", "invalid")]
    assert reasons(api, {**KLANTCONTACT, "plaatsgevondenOp": "gisteren"})[0][2] == (
        "Datetime heeft een ongeldig formaat, gebruik 1 van de volgende formaten: "
        "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
    )


def test_hoofd_onderwerp_type_must_be_a_url(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "hoofdOnderwerpType": "geen url"}) == [("hoofdOnderwerpType", "invalid")]


@pytest.mark.parametrize("field", ["nummer", "referentienummer"])
def test_non_numeric_nummer_is_invalid(api, app, field):
    assert rejected(api, app, {**KLANTCONTACT, field: "ABC-1"}) == [(field, "invalid")]
    assert reasons(api, {**KLANTCONTACT, field: "ABC-1"})[0][2] == "Voer een geldig geheel getal in."


@pytest.mark.parametrize("field", ["nummer", "referentienummer"])
def test_nummer_longer_than_10_is_max_length(api, app, field):
    assert rejected(api, app, {**KLANTCONTACT, field: "12345678901"}) == [(field, "max_length")]


@pytest.mark.parametrize(("field", "value"), [("nummer", "0000000042"), ("referentienummer", "1000001")])
def test_duplicate_nummer_is_unique(api, app, field, value):
    create(api, **{field: value})
    assert rejected(api, app, {**KLANTCONTACT, field: value}) == [(field, "unique")]
    assert reasons(api, {**KLANTCONTACT, field: value})[0][2] == (
        f"Er bestaat al een klantcontact met eenzelfde {field}."
    )


def test_metadata_value_not_a_string_is_invalid_at_its_key(api, app):
    body = {**KLANTCONTACT, "metadata": {"n": {"nested": 1}}}
    assert rejected(api, app, body) == [("metadata.n", "invalid")]
    assert reasons(api, body) == [("metadata.n", "invalid", "Not a valid string.")]


def test_metadata_value_longer_than_255_is_max_length(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "metadata": {"k": "v" * 256}}) == [("metadata.k", "max_length")]


def test_metadata_list_is_not_a_dict(api, app):
    assert rejected(api, app, {**KLANTCONTACT, "metadata": ["a"]}) == [("metadata", "not_a_dict")]


def test_null_body_is_non_field_null(api, app):
    assert raw(api, app, b"null") == [("nonFieldErrors", "null")]


@pytest.mark.parametrize("content", [b"[]", b'"tekst"'])
def test_array_or_string_body_is_non_field_invalid(api, app, content):
    assert raw(api, app, content) == [("nonFieldErrors", "invalid")]


# --- the contact-succeeded rule ----------------------------------------------------------------------------------


def test_contact_succeeded_with_further_action_is_rejected_on_post(api, app):
    body = {**KLANTCONTACT, "indicatieContactGelukt": True, "verdereActieOndernomen": True}
    assert rejected(api, app, body) == [(name, code) for name, code, _ in SUCCEEDED_RULE]
    assert reasons(api, body) == SUCCEEDED_RULE


@pytest.mark.parametrize("gelukt", [False, None])
def test_further_action_is_allowed_when_contact_not_succeeded(api, gelukt):
    created = create(api, indicatieContactGelukt=gelukt, verdereActieOndernomen=True)
    assert created["verdereActieOndernomen"] is True


@pytest.mark.parametrize(
    ("stored", "patch"),
    [
        ({"indicatieContactGelukt": True}, {"verdereActieOndernomen": True}),
        ({"verdereActieOndernomen": True}, {"indicatieContactGelukt": True}),
    ],
)
def test_contact_succeeded_rule_is_enforced_on_patch_against_stored_value(api, app, stored, patch):
    created = create(api, **stored)
    path = f"/klantcontacten/{created['uuid']}"
    assert reasons(api, patch, "PATCH", path) == SUCCEEDED_RULE
    assert api.get(path).json() == created


# --- PUT and PATCH -----------------------------------------------------------------------------------------------


def test_put_with_only_onderwerp_requires_the_other_required_fields(api, app):
    created = create(api)
    path = f"/klantcontacten/{created['uuid']}"
    assert rejected(api, app, {"onderwerp": "x"}, "PUT", path) == [
        ("kanaal", "required"),
        ("taal", "required"),
        ("vertrouwelijk", "required"),
    ]
    assert api.get(path).json() == created


def test_put_with_required_fields_keeps_omitted_optional_fields(api):
    created = api.create("klantcontacten", FULL)
    path = f"/klantcontacten/{created['uuid']}"
    response = api.put(path, json={**KLANTCONTACT, "onderwerp": "Vervangen"})
    assert response.status_code == 200, response.text
    assert response.json() == {**created, **KLANTCONTACT, "onderwerp": "Vervangen"}


def test_patch_changes_only_the_sent_field(api):
    created = api.create("klantcontacten", FULL)
    path = f"/klantcontacten/{created['uuid']}"
    response = api.patch(path, json={"onderwerp": "Gewijzigd onderwerp"})
    assert response.status_code == 200, response.text
    assert response.json() == {**created, "onderwerp": "Gewijzigd onderwerp"}
    assert api.get(path).json() == response.json()


def test_patch_with_empty_body_is_200_and_changes_nothing(api):
    created = create(api)
    response = api.patch(f"/klantcontacten/{created['uuid']}", json={})
    assert response.status_code == 200, response.text
    assert response.json() == created


def test_patch_to_duplicate_referentienummer_is_unique(api, app):
    create(api, referentienummer="1000001")
    other = create(api)
    path = f"/klantcontacten/{other['uuid']}"
    assert rejected(api, app, {"referentienummer": "1000001"}, "PATCH", path) == [("referentienummer", "unique")]
    assert api.get(path).json()["referentienummer"] is None


def test_patch_invalid_value_is_400_and_keeps_stored_value(api, app):
    created = create(api)
    path = f"/klantcontacten/{created['uuid']}"
    assert rejected(api, app, {"taal": "nederlands"}, "PATCH", path) == [("taal", "max_length")]
    assert api.get(path).json() == created
