"""Open Klant's error bodies and the headers every API response carries."""

from __future__ import annotations

import json
import uuid
from typing import Any

from starlette.responses import Response

from kcc_mock.provider.errors import FieldError, NotFound, ParseError, ProviderError, ValidationFailed

JSON = "application/json"
_VALIDATION_TITLE = "Ongeldige invoerwaarde."


_ENCODER = json.JSONEncoder(separators=(",", ":"))  # built once: json.dumps with options builds one per call


def dumps(body: Any) -> bytes:
    """Compact JSON; non-ASCII escaped so that no stored string can fail to encode."""
    return _ENCODER.encode(body).encode("ascii")


def problem_body(
    origin: str,
    exception: str,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    invalid: list[FieldError] | None = None,
) -> dict[str, Any]:
    """An error body in Open Klant's shape (`invalidParams` only for validation errors)."""
    body: dict[str, Any] = {
        "type": f"{origin}/ref/fouten/{exception}/",
        "code": code,
        "title": title,
        "status": status,
        "detail": title if detail is None else detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }
    if invalid is not None:
        body["invalidParams"] = [{"name": e.name, "code": e.code, "reason": e.reason} for e in invalid]
    return body


def problem_response(
    body: dict[str, Any], allow: str | None = None, *, version: str | None, **headers: str
) -> Response:
    """Wrap an error body with the headers Open Klant sends (`version`: the API-version header, if any)."""
    extra = {"API-version": version, **headers} if version else dict(headers)
    if allow:
        extra["Allow"] = allow
    return Response(dumps(body), status_code=body["status"], media_type=JSON, headers=extra)


def from_error(origin: str, error: ProviderError) -> dict[str, Any]:
    """The body for an error raised by the core."""
    if isinstance(error, ValidationFailed):
        return problem_body(origin, "ValidationError", 400, "invalid", _VALIDATION_TITLE, invalid=error.errors)
    if isinstance(error, NotFound):
        return problem_body(origin, "NotFound", 404, "not_found", "Niet gevonden.", error.detail)
    if isinstance(error, ParseError):
        return problem_body(origin, "ParseError", 400, "parse_error", "Ongeldig samengestelde request.", error.detail)
    return problem_body(origin, "APIException", 500, "error", "Er is een serverfout opgetreden.")


def not_authenticated(origin: str) -> dict[str, Any]:
    """401 for a missing header or another scheme than `Token`."""
    title = "Authenticatiegegevens zijn niet opgegeven."
    return problem_body(origin, "NotAuthenticated", 401, "not_authenticated", title)


def authentication_failed(origin: str) -> dict[str, Any]:
    """401 for an unknown token."""
    title = "Ongeldige authenticatiegegevens."
    return problem_body(origin, "AuthenticationFailed", 401, "authentication_failed", title, "Ongeldige token.")


def method_not_allowed(origin: str, method: str) -> dict[str, Any]:
    """405 for a method the path does not serve."""
    title = 'Methode "{method}" niet toegestaan.'
    detail = f'Methode "{method}" niet toegestaan.'
    return problem_body(origin, "MethodNotAllowed", 405, "method_not_allowed", title, detail)


def not_acceptable(origin: str) -> dict[str, Any]:
    """406 for an Accept header that excludes JSON."""
    title = "Kan niet voldoen aan de opgegeven Accept header."
    return problem_body(origin, "NotAcceptable", 406, "not_acceptable", title)


def unsupported_media_type(origin: str, media_type: str) -> dict[str, Any]:
    """415 for a body that is not JSON."""
    title = 'Ongeldige media type "{media_type}" in aanvraag.'
    detail = f'Ongeldige media type "{media_type}" in aanvraag.'
    return problem_body(origin, "UnsupportedMediaType", 415, "unsupported_media_type", title, detail)
