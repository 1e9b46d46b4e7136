"""Response conformance: every response checked against `specs/klantinteracties.yaml` with openapi-core."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from openapi_core import OpenAPI
from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse

from contracts.client.evidence import Exchange
from kcc_mock.provider.spec import Spec

_MAX_DETAILS = 3
_MAX_TEXT = 300
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})")
_VOLATILE = frozenset({"content-length", "date", "server", "x-request-id"})


class Conformance:
    """Validates exchanges against the spec's declared responses (status, headers, body).

    Validation costs about two milliseconds a response, and a run sends hundreds of answers that
    differ only in uuids and timestamps; so results are remembered per response with those replaced
    (`signature`), which never joins a conforming and a non-conforming answer.
    """

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.openapi = OpenAPI.from_dict(spec.document)
        self._seen: dict[tuple[str, ...], str | None] = {}

    def check(self, exchange: Exchange, base_url: str) -> str | None:
        """What is wrong with the response of an exchange, or None (also for calls the spec does not cover)."""
        if exchange.status is None or exchange.provoked or not exchange.url.startswith(base_url + "/"):
            return None
        key = signature(exchange, base_url)
        if key not in self._seen:
            self._seen[key] = self._validate(exchange, base_url)
        return self._seen[key]

    def _validate(self, exchange: Exchange, base_url: str) -> str | None:
        assert exchange.status is not None
        relative = urlsplit(exchange.url[len(base_url) :])
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        # The spec's server is `/klantinteracties/api/v1`; a provider may live under another prefix.
        request = MockRequest(
            origin,
            exchange.method.lower(),
            self.spec.base_path + relative.path,
            args=_query(relative.query),
            headers=exchange.request_headers,
            data=exchange.request_body,
            content_type=exchange.request_headers.get("Content-Type", "application/json"),
        )
        content_type = exchange.header("content-type") or ""
        response = MockResponse(
            exchange.response_body,
            exchange.status,
            headers=exchange.response_headers,
            content_type=content_type.split(";")[0].strip(),
        )
        try:
            self.openapi.validate_response(request, response)
        except (PathNotFound, OperationNotFound):
            return None  # not a spec operation: PUT on a collection, a trailing slash
        except OpenAPIError as error:
            return describe(error)
        return None

    def check_all(self, exchanges: Iterable[Exchange], base_url: str) -> list[Exchange]:
        """Check exchanges not checked before; returns those whose response breaks the spec."""
        broken = []
        for exchange in exchanges:
            if exchange.spec_problem is None:  # "" marks an exchange already found conforming
                exchange.spec_problem = self.check(exchange, base_url) or ""
            if exchange.spec_problem:
                broken.append(exchange)
        return broken


def signature(exchange: Exchange, base_url: str) -> tuple[str, ...]:
    """The exchange with every lower-case uuid and every valid timestamp replaced by a placeholder.

    Both substitutions keep validity: any canonical uuid passes `format: uuid`, and a timestamp is
    only replaced when it parses (its length is kept, for `maxLength`). Headers no schema declares
    and that change with every answer (length, date, correlation id) are left out.
    """
    headers = sorted(
        (key.lower(), _normalized(value))
        for key, value in exchange.response_headers.items()
        if key.lower() not in _VOLATILE
    )
    body = _normalized(exchange.response_body.decode("utf-8", errors="replace"))
    url = _normalized(exchange.url[len(base_url) :])
    return (exchange.method, url, str(exchange.status), repr(headers), body)


def _normalized(text: str) -> str:
    return _TIMESTAMP.sub(_timestamp, _UUID.sub("<uuid>", text))


def _timestamp(match: re.Match[str]) -> str:
    try:
        datetime.fromisoformat(match.group(0))
    except ValueError:
        return match.group(0)
    return f"<timestamp:{len(match.group(0))}>"


def describe(error: BaseException) -> str:
    """A short message for an openapi-core error: its kind and the schema errors behind it."""
    cause: Any = error.__cause__
    details = list(getattr(cause, "schema_errors", ()) or ())
    if not details:
        text = str(error) if str(error).startswith(type(error).__name__) else f"{type(error).__name__}: {error}"
        if cause is not None and str(cause) not in text:
            text += f" ({cause})"
        return _short(text)
    shown = [f"{'/'.join(map(str, d.absolute_path)) or '<body>'}: {_short(d.message)}" for d in details[:_MAX_DETAILS]]
    more = f"; and {len(details) - _MAX_DETAILS} more" if len(details) > _MAX_DETAILS else ""
    return f"{type(error).__name__}: " + "; ".join(shown) + more


def _short(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."


def _query(query: str) -> dict[str, str]:
    return dict(parse_qsl(query, keep_blank_values=True))
