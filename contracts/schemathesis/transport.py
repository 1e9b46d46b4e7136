"""Talking to the provider through schemathesis' own transport, and reading what it answers.

Follow-up requests go to operations of the spec with the run's base URL and `Authorization` header,
so the checks work over HTTP, ASGI and WSGI alike and never need a client of their own. The
helpers here read bodies, headers and uuids the way Django does; they know no rule of the standard.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.specs.openapi.schemas import OpenApiCase


def collection_of(case: OpenApiCase) -> str:
    """The first path segment of the operation: a collection, or `maak-klantcontact`."""
    return case.path.strip("/").split("/")[0]


def api_base(case: OpenApiCase, response: Response) -> str:
    """The API's base URL as this run reaches it: the request URL up to the collection."""
    url = str(response.request.url).split("?")[0]
    return url[: url.rindex("/" + collection_of(case))]


class Reader:
    """Follow-up requests to the spec's operations with one `Authorization` header, at the run's base URL.

    `base_url` None: the one the run was given (before a request is sent, no response names it yet).
    """

    def __init__(self, case: OpenApiCase, authorization: str | None, base_url: str | None = None) -> None:
        self.schema = case.operation.schema
        self.authorization = authorization
        self.base_url = base_url

    def send(
        self,
        method: str,
        template: str,
        path_parameters: dict[str, Any] | None = None,
        query: dict[str, Any] | None = None,
    ) -> Response:
        """A request to one operation of the spec (`GET /klantcontacten/{uuid}`)."""
        operation = self.schema.find_operation_by_label(f"{method} {template}")
        assert operation is not None, f"{method} {template} is not in the spec"
        headers = {"Authorization": self.authorization} if self.authorization else {}
        follow_up = operation.Case(path_parameters=path_parameters, query=query)
        return follow_up.call(base_url=self.base_url, headers=headers)

    def get(self, collection: str, uuid: str) -> tuple[int, Any]:
        """GET one object: (status, body)."""
        found = self.send("GET", f"/{collection}/{{uuid}}", path_parameters={"uuid": uuid})
        return found.status_code, body_of(found)

    def count(self, collection: str) -> int | None:
        """The `count` of a collection, or None when the list cannot be read."""
        found = self.send("GET", f"/{collection}", query={"pageSize": 1})
        body = body_of(found)
        return body.get("count") if found.status_code == 200 and isinstance(body, dict) else None


def send(
    case: OpenApiCase,
    response: Response,
    method: str,
    template: str,
    path_parameters: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    authorization: str | None = None,
) -> Response:
    """A follow-up request to a spec operation, with the run's base URL and Authorization header."""
    reader = Reader(case, authorization or sent_authorization(response), api_base(case, response))
    return reader.send(method, template, path_parameters, query)


def get_object(
    case: OpenApiCase, response: Response, collection: str, uuid: str, authorization: str | None = None
) -> tuple[int, Any]:
    """GET one object: (status, body)."""
    return Reader(case, authorization or sent_authorization(response), api_base(case, response)).get(collection, uuid)


def body_of(response: Response) -> Any:
    """The JSON body, or None."""
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def sent_authorization(response: Response) -> str | None:
    """The `Authorization` header of the request that got this response, or None."""
    value = response.request.headers.get("Authorization")
    # requests keeps a header as given, str or bytes; bytes go out as they are, so latin-1 round-trips them.
    return value.decode("latin-1") if isinstance(value, bytes) else value


def header(response: Response, name: str) -> str | None:
    """A response header, case-insensitively."""
    for key, values in response.headers.items():
        if key.lower() == name.lower() and values:
            return values[0]
    return None


def uuids_in(value: Any) -> list[str]:
    """The uuids of a reference value: `{uuid}`, a list of them, or null."""
    items = value if isinstance(value, list) else [value]
    return [item["uuid"] for item in items if isinstance(item, dict) and isinstance(item.get("uuid"), str)]


def canonical(text: object) -> str | None:
    """A uuid in its canonical form, read the way Django reads one, or None."""
    try:
        return str(uuidlib.UUID(str(text)))
    except ValueError:
        return None


def is_uuid(text: object) -> bool:
    """Whether a value parses as a uuid the way Django does."""
    return canonical(text) is not None


def dig(value: Any, steps: list[str]) -> Any:
    """The part of a body an `invalidParams` name (`a.0.b`, split at the dots) points at, or None."""
    for step in steps:
        if isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        elif isinstance(value, dict):
            value = value.get(step)
        else:
            return None
    return value
