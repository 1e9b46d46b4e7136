"""POST /maak-klantcontact, as observed on Open Klant 2.18 (atomicity from the brief's §3.4)."""

from __future__ import annotations

from typing import Any

from conftest import BASE, KLANTCONTACT, invalid_params, ref

COLLECTIONS = ("klantcontacten", "betrokkenen", "onderwerpobjecten")
ANS = {"rol": "klant", "initiator": True, "contactnaam": {"voornaam": "Ans", "achternaam": "Jansen"}}
IDENTIFICATOR = {"objectId": "1", "codeObjecttype": "zaak", "codeRegister": "oz", "codeSoortObjectId": "uuid"}


def counts(app) -> list[int]:
    return [app.provider.store.count(name) for name in COLLECTIONS]


def maak(api, **parts: Any) -> dict[str, Any]:
    response = api.post("/maak-klantcontact", json=parts)
    assert response.status_code == 201, response.text
    assert "location" not in response.headers
    assert response.headers["api-version"] == "0.9.0"
    body: dict[str, Any] = response.json()
    assert list(body) == ["klantcontact", "betrokkene", "onderwerpobject"]
    return body


def rejected(api, app, **parts: Any) -> list[tuple[str, str]]:
    """A bad maak-klantcontact: its (name, code) pairs, after checking nothing at all was stored."""
    before = counts(app)
    params = invalid_params(api.post("/maak-klantcontact", json=parts))
    assert counts(app) == before
    return params


def test_maak_klantcontact_with_betrokkene_is_201_and_links_them(api, app):
    body = maak(api, klantcontact=KLANTCONTACT, betrokkene=ANS)
    contact, betrokkene = body["klantcontact"], body["betrokkene"]
    assert body["onderwerpobject"] is None
    assert contact["hadBetrokkenen"] == [{"uuid": betrokkene["uuid"], "url": betrokkene["url"]}]
    assert betrokkene["hadKlantcontact"] == {"uuid": contact["uuid"], "url": contact["url"]}
    assert betrokkene["url"] == f"{BASE}/betrokkenen/{betrokkene['uuid']}"
    assert betrokkene["volledigeNaam"] == "Ans Jansen"
    assert counts(app) == [1, 1, 0]
    assert api.get(f"/klantcontacten/{contact['uuid']}").json() == contact
    assert api.get(f"/betrokkenen/{betrokkene['uuid']}").json() == betrokkene


def test_maak_klantcontact_with_only_klantcontact_gives_null_parts(api, app):
    body = maak(api, klantcontact=KLANTCONTACT)
    assert (body["betrokkene"], body["onderwerpobject"]) == (None, None)
    assert body["klantcontact"]["onderwerp"] == KLANTCONTACT["onderwerp"]
    assert counts(app) == [1, 0, 0]


def test_maak_klantcontact_with_onderwerpobject_links_it(api, app):
    body = maak(api, klantcontact=KLANTCONTACT, onderwerpobject={"onderwerpobjectidentificator": IDENTIFICATOR})
    contact, onderwerpobject = body["klantcontact"], body["onderwerpobject"]
    assert contact["gingOverOnderwerpobjecten"] == [{"uuid": onderwerpobject["uuid"], "url": onderwerpobject["url"]}]
    assert onderwerpobject["klantcontact"] == {"uuid": contact["uuid"], "url": contact["url"]}
    assert body["betrokkene"] is None
    assert counts(app) == [1, 0, 1]


def test_nested_betrokkene_had_klantcontact_is_ignored(api, app):
    other = api.create("klantcontacten", KLANTCONTACT)
    body = maak(api, klantcontact=KLANTCONTACT, betrokkene={**ANS, "hadKlantcontact": ref(other)})
    assert body["betrokkene"]["hadKlantcontact"]["uuid"] == body["klantcontact"]["uuid"]
    assert api.get(f"/klantcontacten/{other['uuid']}").json()["hadBetrokkenen"] == []


def test_invalid_betrokkene_part_is_400_with_prefixed_names_and_stores_nothing(api, app):
    assert rejected(api, app, klantcontact=KLANTCONTACT, betrokkene={**ANS, "rol": "burger"}) == [
        ("betrokkene.rol", "invalid_choice")
    ]


def test_missing_betrokkene_fields_are_prefixed_and_store_nothing(api, app):
    assert rejected(api, app, klantcontact=KLANTCONTACT, betrokkene={"contactnaam": {"voornaam": "Ans"}}) == [
        ("betrokkene.rol", "required"),
        ("betrokkene.initiator", "required"),
    ]


def test_invalid_klantcontact_part_is_prefixed_and_stores_nothing(api, app):
    assert rejected(api, app, klantcontact={**KLANTCONTACT, "taal": "nederlands"}, betrokkene=ANS) == [
        ("klantcontact.taal", "max_length")
    ]


def test_was_partij_as_string_is_a_prefixed_nested_non_field_error(api, app):
    betrokkene = {**ANS, "wasPartij": "http://127.0.0.1:8000/klantinteracties/api/v1/partijen/x"}
    assert rejected(api, app, klantcontact=KLANTCONTACT, betrokkene=betrokkene) == [
        ("betrokkene.wasPartij.nonFieldErrors", "invalid")
    ]


def test_invalid_onderwerpobject_part_is_prefixed_and_stores_nothing(api, app):
    onderwerpobject = {"onderwerpobjectidentificator": {**IDENTIFICATOR, "objectId": "x" * 201}}
    assert rejected(api, app, klantcontact=KLANTCONTACT, betrokkene=ANS, onderwerpobject=onderwerpobject) == [
        ("onderwerpobject.onderwerpobjectidentificator.objectId", "max_length")
    ]


def test_missing_klantcontact_is_required(api, app):
    assert rejected(api, app, betrokkene=ANS) == [("klantcontact", "required")]


def test_maak_klantcontact_without_token_is_401_and_stores_nothing(anonymous, app):
    response = anonymous.post("/maak-klantcontact", json={"klantcontact": KLANTCONTACT, "betrokkene": ANS})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert counts(app) == [0, 0, 0]


def test_maak_klantcontact_allows_only_post_and_options(api):
    response = api.post("/maak-klantcontact", json={"klantcontact": KLANTCONTACT})
    assert response.headers["allow"] == "POST, OPTIONS"
