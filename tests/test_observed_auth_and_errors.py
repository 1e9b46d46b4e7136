"""Authentication, the error body and HTTP-level details, as observed on Open Klant 2.18."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import BASE, KLANTCONTACT

from kcc_mock.config import DEFAULT_TOKEN

HOST = "http://127.0.0.1:8000"
LIST_ALLOW = "GET, POST, HEAD, OPTIONS"
DETAIL_ALLOW = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"
URN_UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NOT_AUTHENTICATED = "Authenticatiegegevens zijn niet opgegeven."


def problem(response: httpx.Response, status: int, name: str, code: str) -> dict[str, Any]:
    """Assert Open Klant's error body (shape, content type, type URL, instance) and return it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["api-version"] == "0.9.0"
    body: dict[str, Any] = response.json()
    keys = ["type", "code", "title", "status", "detail", "instance"]
    assert list(body) == ([*keys, "invalidParams"] if status == 400 and name == "ValidationError" else keys)
    assert body["type"] == f"{HOST}/ref/fouten/{name}/"
    assert body["code"] == code
    assert body["status"] == status
    assert URN_UUID.match(body["instance"]), body["instance"]
    return body


def kc_path(api: httpx.Client) -> str:
    response = api.post("/klantcontacten", json=KLANTCONTACT)
    assert response.status_code == 201, response.text
    return f"/klantcontacten/{response.json()['uuid']}"


# --- 401 ---------------------------------------------------------------------------------------------------------


def test_get_list_without_token_is_401_not_authenticated(anonymous):
    response = anonymous.get("/klantcontacten")
    body = problem(response, 401, "NotAuthenticated", "not_authenticated")
    assert body["title"] == NOT_AUTHENTICATED
    assert body["detail"] == NOT_AUTHENTICATED


def test_unknown_token_is_401_authentication_failed(anonymous):
    response = anonymous.get("/klantcontacten", headers={"Authorization": "Token doesnotexist"})
    body = problem(response, 401, "AuthenticationFailed", "authentication_failed")
    assert body["title"] == "Ongeldige authenticatiegegevens."
    assert body["detail"] == "Ongeldige token."


def test_bearer_scheme_with_valid_token_is_401_not_authenticated(anonymous):
    response = anonymous.get("/klantcontacten", headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"})
    body = problem(response, 401, "NotAuthenticated", "not_authenticated")
    assert body["detail"] == NOT_AUTHENTICATED


def test_lowercase_token_scheme_is_accepted(anonymous):
    response = anonymous.get("/klantcontacten", headers={"Authorization": f"token {DEFAULT_TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Token doesnotexist"}, {"Authorization": f"Bearer {DEFAULT_TOKEN}"}]
)
def test_every_401_carries_www_authenticate_token(anonymous, headers):
    response = anonymous.get("/klantcontacten", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Token"
    assert response.headers["allow"] == LIST_ALLOW


@pytest.mark.parametrize("body", [KLANTCONTACT, {}])
def test_post_klantcontact_without_token_is_401_before_body_validation(anonymous, app, body):
    response = anonymous.post("/klantcontacten", json=body)
    problem(response, 401, "NotAuthenticated", "not_authenticated")
    assert app.provider.store.count("klantcontacten") == 0


def test_delete_klantcontact_without_token_is_401_and_keeps_it(api, anonymous, app):
    path = kc_path(api)
    problem(anonymous.delete(path), 401, "NotAuthenticated", "not_authenticated")
    assert app.provider.store.count("klantcontacten") == 1
    assert api.get(path).status_code == 200


# --- the error body ----------------------------------------------------------------------------------------------


def test_not_found_body_is_open_klant_fout(api):
    body = problem(api.get(f"/klantcontacten/{uuid.uuid4()}"), 404, "NotFound", "not_found")
    assert body["title"] == "Niet gevonden."
    assert body["detail"] == "Niet gevonden."


def test_validation_error_body_has_invalid_code_and_dutch_title(api, app):
    body = problem(api.post("/klantcontacten", json={}), 400, "ValidationError", "invalid")
    assert body["title"] == "Ongeldige invoerwaarde."
    assert body["detail"] == "Ongeldige invoerwaarde."
    assert all(list(item) == ["name", "code", "reason"] for item in body["invalidParams"])
    assert app.provider.store.count("klantcontacten") == 0


def test_error_instance_is_a_fresh_urn_uuid_each_time(api):
    first = problem(api.get("/klantcontacten/abc"), 404, "NotFound", "not_found")
    second = problem(api.get("/klantcontacten/abc"), 404, "NotFound", "not_found")
    assert first["instance"] != second["instance"]


def test_messages_stay_dutch_with_accept_language_en(api):
    response = api.post("/klantcontacten", json={}, headers={"Accept-Language": "en"})
    body = problem(response, 400, "ValidationError", "invalid")
    assert body["title"] == "Ongeldige invoerwaarde."
    assert {item["reason"] for item in body["invalidParams"]} == {"Dit veld is vereist."}


def test_unknown_query_parameter_reason_stays_dutch_with_accept_language_en(api):
    response = api.get("/klantcontacten", params={"foo": "bar"}, headers={"Accept-Language": "en"})
    body = problem(response, 400, "ValidationError", "invalid")
    assert body["invalidParams"] == [
        {"name": "nonFieldErrors", "code": "unknown-parameters", "reason": "Onbekende query parameters: foo"}
    ]


# --- request bodies and content negotiation ----------------------------------------------------------------------


def test_malformed_json_is_400_parse_error(api, app):
    response = api.post(
        "/klantcontacten", content=b'{"kanaal": "telefoon",', headers={"Content-Type": "application/json"}
    )
    body = problem(response, 400, "ParseError", "parse_error")
    assert body["title"] == "Ongeldig samengestelde request."
    assert body["detail"].startswith("JSON parse error - ")
    assert app.provider.store.count("klantcontacten") == 0


def test_text_plain_body_is_415_unsupported_media_type(api, app):
    response = api.post("/klantcontacten", content=b'{"kanaal":"telefoon"}', headers={"Content-Type": "text/plain"})
    body = problem(response, 415, "UnsupportedMediaType", "unsupported_media_type")
    assert body["title"] == 'Ongeldige media type "{media_type}" in aanvraag.'
    assert body["detail"] == 'Ongeldige media type "text/plain" in aanvraag.'
    assert app.provider.store.count("klantcontacten") == 0


def within(seconds: float, call: Callable[[], httpx.Response]) -> httpx.Response:
    """Make a request in a daemon thread, so that a mock that never answers fails the test instead of hanging it."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["response"] = call()
        except Exception as error:  # reported below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert "error" not in outcome, repr(outcome.get("error"))
    assert "response" in outcome, f"no response within {seconds} s: the request hangs"
    return outcome["response"]


@pytest.mark.parametrize(
    "form",
    [
        {"data": {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": "false"}},
        {"files": {"bijlage": ("a.txt", b"x")}},
    ],
    ids=["urlencoded", "multipart"],
)
def test_form_body_is_415(api, app, form):
    response = within(5, lambda: api.post("/klantcontacten", **form))
    problem(response, 415, "UnsupportedMediaType", "unsupported_media_type")
    assert app.provider.store.count("klantcontacten") == 0


def test_problem_json_body_is_415(api, app):
    content = b'{"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": false}'
    response = api.post("/klantcontacten", content=content, headers={"Content-Type": "application/problem+json"})
    body = problem(response, 415, "UnsupportedMediaType", "unsupported_media_type")
    assert body["detail"] == 'Ongeldige media type "application/problem+json" in aanvraag.'
    assert app.provider.store.count("klantcontacten") == 0


def test_body_without_content_type_is_415(api, app):
    response = api.post("/klantcontacten", content=b'{"kanaal": "telefoon"}')  # httpx sends no Content-Type here
    assert "content-type" not in response.request.headers
    problem(response, 415, "UnsupportedMediaType", "unsupported_media_type")
    assert app.provider.store.count("klantcontacten") == 0


def test_json_with_charset_utf8_is_accepted(api, app):
    content = b'{"kanaal": "telefoon", "onderwerp": "charset", "taal": "nld", "vertrouwelijk": false}'
    response = api.post("/klantcontacten", content=content, headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 201, response.text
    assert response.json()["onderwerp"] == "charset"
    assert app.provider.store.count("klantcontacten") == 1


@pytest.mark.parametrize("accept", ["application/xml", "application/problem+json"])
def test_unservable_accept_is_406_not_acceptable(api, accept):
    response = api.get("/klantcontacten", headers={"Accept": accept})
    problem(response, 406, "NotAcceptable", "not_acceptable")


# --- methods, routes, headers ------------------------------------------------------------------------------------


def test_put_on_collection_is_405_with_allow_header(api, app):
    response = api.put("/klantcontacten", json={})
    body = problem(response, 405, "MethodNotAllowed", "method_not_allowed")
    assert body["title"] == 'Methode "{method}" niet toegestaan.'
    assert body["detail"] == 'Methode "PUT" niet toegestaan.'
    assert response.headers["allow"] == LIST_ALLOW
    assert app.provider.store.count("klantcontacten") == 0


def test_trailing_slash_on_list_is_404_html(api):
    response = api.get("/klantcontacten/", params={"pageSize": 1})
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_trailing_slash_on_detail_is_404_html(api):
    response = api.get(kc_path(api) + "/")
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_malformed_uuid_in_path_is_404_json(api):
    body = problem(api.get("/klantcontacten/abc"), 404, "NotFound", "not_found")
    assert body["detail"] == "Niet gevonden."


def test_allow_header_on_list_and_detail_responses(api):
    path = kc_path(api)
    assert api.get("/klantcontacten").headers["allow"] == LIST_ALLOW
    assert api.get(path).headers["allow"] == DETAIL_ALLOW


def test_created_response_has_location_of_new_object(api):
    response = api.post("/klantcontacten", json=KLANTCONTACT)
    assert response.status_code == 201
    created = response.json()
    assert response.headers["location"] == f"{BASE}/klantcontacten/{created['uuid']}"
    assert created["url"] == response.headers["location"]
    assert response.headers["content-type"] == "application/json"


def test_api_version_header_on_every_api_response(api, anonymous):
    path = kc_path(api)
    responses = [
        api.get("/klantcontacten"),
        api.get(path),
        api.post("/klantcontacten", json=KLANTCONTACT),
        api.post("/klantcontacten", json={}),
        anonymous.get("/klantcontacten"),
        api.get(f"/klantcontacten/{uuid.uuid4()}"),
        api.put("/klantcontacten", json={}),
        api.post("/klantcontacten", content=b"x", headers={"Content-Type": "text/plain"}),
        api.options("/klantcontacten"),
        api.head("/klantcontacten"),
        api.delete(path),
    ]
    assert [r.status_code for r in responses] == [200, 200, 201, 400, 401, 404, 405, 415, 200, 200, 204]
    assert [r.headers.get("api-version") for r in responses] == ["0.9.0"] * len(responses)


def test_head_on_list_is_200_with_empty_body(api):
    kc_path(api)
    response = api.head("/klantcontacten")
    assert response.status_code == 200
    assert response.content == b""


def test_options_on_list_is_200_with_metadata(api):
    response = api.options("/klantcontacten")
    assert response.status_code == 200
    assert response.headers["allow"] == LIST_ALLOW
    body = response.json()
    assert body["name"] == "Klantcontact List"
    assert body["renders"] == ["application/json"]
    assert body["parses"] == ["application/json"]
    # Open Klant also lists per-field `actions`; leaving them out is a documented deviation
    # (README, tests/test_deviations.py).


def test_unknown_token_on_post_is_401_before_body_validation(anonymous, app):
    response = anonymous.post("/klantcontacten", json={}, headers={"Authorization": "Token doesnotexist"})
    problem(response, 401, "AuthenticationFailed", "authentication_failed")
    assert app.provider.store.count("klantcontacten") == 0
