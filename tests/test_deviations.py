"""Where the mock differs from Open Klant on purpose; each deviation is listed in the README."""

from __future__ import annotations

from conftest import KLANTCONTACT, Api, invalid_params, ref

from kcc_mock.http.app import MockApp


def counts(app: MockApp) -> tuple[int, int]:
    """Stored partijen and identificatoren."""
    return app.provider.store.count("partijen"), app.provider.store.count("partij-identificatoren")


KVK = {
    "partijIdentificator": {
        "codeObjecttype": "niet_natuurlijk_persoon",
        "codeSoortObjectId": "kvk_nummer",
        "objectId": "12345678",
        "codeRegister": "hr",
    }
}


def test_deviation_options_on_an_item_answers_200_where_open_klant_answers_500(api: Api) -> None:
    kc = api.create("klantcontacten", KLANTCONTACT)
    response = api.options(f"/klantcontacten/{kc['uuid']}")
    assert response.status_code == 200
    assert response.json()["name"] == "Klantcontact Instance"
    assert response.headers["Allow"] == "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"


def test_deviation_options_leaves_out_the_per_field_actions(api: Api) -> None:
    body = api.options("/klantcontacten").json()
    assert set(body) == {"name", "description", "renders", "parses"}
    assert (body["name"], body["renders"], body["parses"]) == (
        "Klantcontact List",
        ["application/json"],
        ["application/json"],
    )


def test_deviation_unrouted_path_is_a_short_html_404(api: Api) -> None:
    response = api.get("/klantcontacten/")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not Found" in response.text


def test_deviation_a_partij_whose_kvk_nummer_has_a_vestigingsnummer_is_refused_with_a_400_not_a_500(
    api: Api, app: MockApp
) -> None:
    # Open Klant 2.17.1 and 2.18.0 refuse this delete too (Django's PROTECT), deleting nothing; they
    # answer it with a 500 (unhandled ProtectedError), the mock with the 400 their identificator delete gives.
    partij = api.create("partijen", {"soortPartij": "organisatie", "indicatieActief": True})
    kvk = api.create("partij-identificatoren", {**KVK, "identificeerdePartij": ref(partij)})
    vestiging = {"codeObjecttype": "vestiging", "codeSoortObjectId": "vestigingsnummer", "objectId": "000012345678"}
    body = {"partijIdentificator": {**vestiging, "codeRegister": "hr"}, "subIdentificatorVan": ref(kvk)}
    api.create("partij-identificatoren", {**body, "identificeerdePartij": ref(partij)})
    response = api.delete(f"/partijen/{partij['uuid']}")
    assert response.status_code == 400
    assert invalid_params(response) == [("nonFieldErrors", "invalid")]
    reason = response.json()["invalidParams"][0]["reason"]
    assert reason == (
        "Cannot delete some instances of model 'PartijIdentificator' because they are referenced through "
        "protected foreign keys: 'PartijIdentificator.sub_identificator_van'."
    )
    assert counts(app) == (1, 2)


def test_swagger_ui_and_the_spec_are_served_without_a_token(anonymous: Api) -> None:
    ui = anonymous.get("/ui/")
    assert ui.status_code == 200
    assert "swagger" in ui.text.lower()
    spec = anonymous.get("/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["info"]["version"] == "0.9.0"


def test_deviation_a_preferred_rekeningnummer_without_the_list_is_a_400(api: Api) -> None:
    """Open Klant 2.18.0 and 2.17.1 answer 500 (the list it compares with is not there): checked by hand."""
    rekening = api.create("rekeningnummers", {"iban": "NL91ABNA0417164300"})
    body = {"soortPartij": "persoon", "indicatieActief": True, "voorkeursRekeningnummer": {"uuid": rekening["uuid"]}}
    refused = api.post("/partijen", json=body)
    assert refused.status_code == 400
    assert [(p["name"], p["code"]) for p in refused.json()["invalidParams"]] == [("voorkeursRekeningnummer", "invalid")]
