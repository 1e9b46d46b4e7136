"""Planted-bug variants of the mock, each one bug a schemathesis check must find.

Built without touching `src/`: a `Provider` over a modified copy of `RESOURCES`, a `Provider`
subclass, or an ASGI wrapper around the app that rewrites responses.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from planted_wire import Headers, RewriteResponses
from starlette.types import ASGIApp, Scope

from kcc_mock.config import Settings
from kcc_mock.http.app import create_app
from kcc_mock.provider.errors import FieldError, ProviderError, ValidationFailed
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.resources import RESOURCES, Reference, Resource, Reverse

Rewrite = Callable[[Scope, int, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]


def with_resource(name: str, **changes: Any) -> MappingProxyType[str, Resource]:
    """A copy of RESOURCES with one resource's fields replaced."""
    return MappingProxyType({**RESOURCES, name: dataclasses.replace(RESOURCES[name], **changes)})


def mock(provider: Provider | None = None) -> ASGIApp:
    """The mock's ASGI app over a provider."""
    return create_app(Settings(swagger_ui=False), provider).asgi


def rewritten_responses(app: ASGIApp, rewrite: Rewrite) -> ASGIApp:
    """`app` with `rewrite` changing each response's status, headers (a lower-case dict) and body."""

    def on_header_lists(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
        named = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in headers}
        status, named, body = rewrite(scope, status, named, body)
        return status, [(k.encode("latin-1"), v.encode("latin-1")) for k, v in named.items()], body

    return RewriteResponses(app, on_header_lists)


# ---------------------------------------------------------------- the variants


def url_with_trailing_slash() -> ASGIApp:
    """Created klantcontacten report a `url` (and Location) with a trailing slash: a URL Open Klant does not serve."""

    def rewrite(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if scope["method"] == "POST" and scope["path"].endswith("/klantcontacten") and status == 201:
            created = json.loads(body)
            created["url"] += "/"
            headers["location"] = created["url"]
            body = json.dumps(created).encode()
        return status, headers, body

    return rewritten_responses(mock(), rewrite)


def stale_reverse_relation() -> ASGIApp:
    """A klantcontact's `hadBetrokkenen` is computed from the wrong reference (betrokkenen.wasPartij)."""
    reverse = dict(RESOURCES["klantcontacten"].reverse, hadBetrokkenen=Reverse("betrokkenen", "wasPartij"))
    return mock(Provider(resources=with_resource("klantcontacten", reverse=MappingProxyType(reverse))))


def delete_without_cascade() -> ASGIApp:
    """Deleting a klantcontact leaves its betrokkenen behind (set null instead of cascade)."""
    references = dict(RESOURCES["betrokkenen"].references, hadKlantcontact=Reference("klantcontacten", "set_null"))
    return mock(Provider(resources=with_resource("betrokkenen", references=MappingProxyType(references))))


def error_instance_not_an_urn() -> ASGIApp:
    """Error bodies carry a bare uuid as `instance` (the schema says string; Open Klant sends urn:uuid:...)."""

    def rewrite(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if status >= 400 and headers.get("content-type", "").startswith("application/json"):
            error = json.loads(body)
            error["instance"] = str(error.get("instance", "")).removeprefix("urn:uuid:")
            body = json.dumps(error).encode()
        return status, headers, body

    return rewritten_responses(mock(), rewrite)


def store_then_reject() -> ASGIApp:
    """A created klantcontact is stored, then answered with a validation error."""

    def rewrite(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if scope["method"] == "POST" and scope["path"].endswith("/klantcontacten") and status == 201:
            headers.pop("location", None)
            return 400, headers, _validation_error(json.loads(body)["url"], "kanaal", "Onbekend kanaal.")
        return status, headers, body

    return rewritten_responses(mock(), rewrite)


def rejects_an_existing_reference() -> ASGIApp:
    """A betrokkene is refused for a klantcontact that does exist (and stored all the same)."""

    def rewrite(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if scope["method"] == "POST" and scope["path"].endswith("/betrokkenen") and status == 201:
            reason = "Klantcontact object bestaat niet."
            headers.pop("location", None)
            return 400, headers, _validation_error(json.loads(body)["url"], "hadKlantcontact.uuid", reason)
        return status, headers, body

    return rewritten_responses(mock(), rewrite)


def _validation_error(url: str, name: str, reason: str) -> bytes:
    """Open Klant's 400 body with one invalid field."""
    error = {
        "type": url.split("/klantinteracties/")[0] + "/ref/fouten/ValidationError/",
        "code": "invalid",
        "title": "Ongeldige invoerwaarde.",
        "status": 400,
        "detail": "Ongeldige invoerwaarde.",
        "instance": "urn:uuid:00000000-0000-4000-8000-000000000000",
        "invalidParams": [{"name": name, "code": "invalid", "reason": reason}],
    }
    return json.dumps(error).encode()


class _HalfAtomicMaak(Provider):
    """maak-klantcontact stores the klantcontact before it looks at the betrokkene and onderwerpobject."""

    def maak_klantcontact(self, body: Any, base: str) -> dict[str, Any]:
        part = body.get("klantcontact") if isinstance(body, dict) else None
        if isinstance(part, dict):
            with contextlib.suppress(ProviderError):
                self.create("klantcontacten", part, base)
        return super().maak_klantcontact(body, base)


def maak_klantcontact_not_atomic() -> ASGIApp:
    """A rejected maak-klantcontact leaves its klantcontact behind."""
    return mock(_HalfAtomicMaak())


class _DeleteThatKeeps(Provider):
    """DELETE answers 204 and deletes nothing."""

    def destroy(self, resource: str, uuid: str) -> list[tuple[str, str]]:
        self._get(resource, uuid)  # still 404 for an unknown uuid
        return []


def delete_that_keeps() -> ASGIApp:
    """A deleted object can still be read."""
    return mock(_DeleteThatKeeps())


class _FailsOnKlantcontacten(Provider):
    """A klantcontact create crashes (a 500) when `blank_only` says its body is one to crash on."""

    def __init__(self, blank_only: bool) -> None:
        super().__init__()
        self.blank_only = blank_only

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        blank = isinstance(body, dict) and "" in (body.get("nummer"), body.get("referentienummer"))
        if resource == "klantcontacten" and (blank or not self.blank_only):
            raise RuntimeError("the database refused the row")
        return super().create(resource, body, base, identity)


def server_error_on_a_blank_number() -> ASGIApp:
    """A klantcontact with `nummer` or `referentienummer` "" gets a 500, as from Open Klant 2.18.0 (OK-ST-02)."""
    return mock(_FailsOnKlantcontacten(blank_only=True))


def server_error_on_every_klantcontact() -> ASGIApp:
    """Every klantcontact create gets a 500: the known deviation must not explain the others."""
    return mock(_FailsOnKlantcontacten(blank_only=False))


class _IdempotentHalfAtomicMaak(Provider):
    """maak-klantcontact stores its klantcontact before it looks at the other parts, once per klantcontact body."""

    def __init__(self) -> None:
        super().__init__()
        self.stored: set[str] = set()  # a retry of the same klantcontact is recognised, so it is not stored again

    def maak_klantcontact(self, body: Any, base: str) -> dict[str, Any]:
        part = body.get("klantcontact") if isinstance(body, dict) else None
        key = json.dumps(part, sort_keys=True)
        if isinstance(part, dict) and key not in self.stored:
            self.stored.add(key)
            with contextlib.suppress(ProviderError):
                self.create("klantcontacten", part, base)
        return super().maak_klantcontact(body, base)


def maak_klantcontact_not_atomic_once() -> ASGIApp:
    """A rejected maak-klantcontact leaves its klantcontact behind, once: the same request again stores nothing."""
    return mock(_IdempotentHalfAtomicMaak())


class _IdentificatorenFirst(Provider):
    """A partij create inserts a row per nested identificator before it checks the partij; a refusal keeps them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = 0

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        nested = body.get("partijIdentificatoren") if resource == "partijen" and isinstance(body, dict) else None
        try:
            return super().create(resource, body, base, identity)
        except ProviderError:
            for _ in [item for item in nested if isinstance(item, dict)] if isinstance(nested, list) else []:
                self.rows += 1  # a row of its own: a KvK-nummer (8 digits, no 11-test) that no other row has
                group = {"codeRegister": "hr", "codeObjecttype": "niet_natuurlijk_persoon"}
                group |= {"codeSoortObjectId": "kvk_nummer", "objectId": f"{90_000_000 + self.rows}"}
                super().create("partij-identificatoren", {"partijIdentificator": group}, base)
            raise


def partij_refused_after_its_identificatoren() -> ASGIApp:
    """A refused partij create leaves a partij-identificator behind for each nested one it listed."""
    return mock(_IdentificatorenFirst())


class _RefusesEveryAddress(Provider):
    """Every digitaal adres create is refused as an invalid `adres`, whatever it holds."""

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        if resource == "digitaleadressen":
            raise ValidationFailed([FieldError("adres", "invalid", "Voer een geldig adres in.")])
        return super().create(resource, body, base, identity)


def refuses_every_address() -> ASGIApp:
    """The mock, but a create of a digitaal adres is always a 400 labelled with a rule's field and code."""
    return mock(_RefusesEveryAddress())
