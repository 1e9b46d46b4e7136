"""Klantinteracties checks for schemathesis 4, for any provider of the API (Open Klant 2.x, API 0.9.0).

Load with `SCHEMATHESIS_HOOKS=contracts/schemathesis_checks.py schemathesis run ...` (README, "Fuzzing
with schemathesis"). The module knows the standard, not the mock: it imports schemathesis, the
standard library and the known deviations of the reference (`contracts/deviations/schemathesis.py`;
run from the repository root), and talks to the provider through schemathesis' own transport, so
it works over HTTP, ASGI and WSGI alike. Follow-up requests reuse the run's `Authorization` header.
(`jsonschema_rs`, which re-validates a body as DRF reads it, is schemathesis' own validator.)

Checks, registered with `@schemathesis.check` (the names schemathesis reports):

    created_object_is_readable_at_its_url    201: `url` is <collection URL>/<uuid>, `Location` says the same,
                                             and a GET there answers the same object
    references_and_reverse_relations_agree   a reference to X puts the object in X's reverse list, and
                                             every entry of a reverse list exists and refers back
    DeleteCascades                           after a DELETE, dependants are gone or unlinked as the
                                             standard says; actors and partijen outlive a klantcontact
    errors_use_the_api_error_shape           every 4xx/5xx is Open Klant's error body, application/json
    RejectedRequestStoresNothing             a rejected write, sent again, changes no count and no object

Hooks: `filter_failure` drops, logged, a failure that a known deviation of the reference or a
deployment limit the run names explains (`known_deviation`), and the built-in data checks' failures
that do not apply to an Open Klant provider, each for a stated reason (`SEMANTIC_REJECTIONS`,
`LENIENT_QUERY`, `drf_normalised`), and a
"created resource not found" for an object that went with a delete the run made (`went_with_a_delete`);
`after_call` and `before_call` point generated references at objects the run created and has not
seen go (`Known`), and in the stateful phase complete a positive write with what the standard requires
beyond its schema (`StatefulData`), so its scenario goes on from a stored object.
The checks assume one client at a time (`workers = 1`): another writer between a request and its
follow-ups would look like a bug.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import sys
import uuid as uuidlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import schemathesis
from schemathesis import CheckContext, HookContext, Response
from schemathesis.core import NotSet

from contracts.deviations import schemathesis as deviations

if TYPE_CHECKING:
    from schemathesis.core.failures import Failure
    from schemathesis.specs.openapi.schemas import OpenApiCase

CASCADE, SET_NULL, REMOVE = "cascade", "set null", "remove"


class Ref(NamedTuple):
    """A reference field: its target, the reverse list on the target, and what a delete of the target does."""

    target: str
    reverse: str | None
    on_delete: str
    through: str | None = None  # the reverse list names this field of the object instead of the object


# The standard's references (brief §5.3, §5.4; Open Klant's models).
REFERENCES: dict[str, dict[str, Ref]] = {
    "actorklantcontacten": {
        "actor": Ref("actoren", None, CASCADE),
        "klantcontact": Ref("klantcontacten", "hadBetrokkenActoren", CASCADE, through="actor"),
    },
    "betrokkenen": {
        "hadKlantcontact": Ref("klantcontacten", "hadBetrokkenen", CASCADE),
        "wasPartij": Ref("partijen", "betrokkenen", CASCADE),
    },
    "onderwerpobjecten": {
        "klantcontact": Ref("klantcontacten", "gingOverOnderwerpobjecten", CASCADE),
        "wasKlantcontact": Ref("klantcontacten", None, CASCADE),
    },
    "bijlagen": {"wasBijlageVanKlantcontact": Ref("klantcontacten", "omvatteBijlagen", CASCADE)},
    "internetaken": {
        "aanleidinggevendKlantcontact": Ref("klantcontacten", "leiddeTotInterneTaken", CASCADE),
        "toegewezenAanActoren": Ref("actoren", None, REMOVE),
    },
    "digitaleadressen": {
        "verstrektDoorBetrokkene": Ref("betrokkenen", "digitaleAdressen", SET_NULL),
        "verstrektDoorPartij": Ref("partijen", "digitaleAdressen", CASCADE),
    },
    "partij-identificatoren": {
        "identificeerdePartij": Ref("partijen", "partijIdentificatoren", CASCADE),
        "subIdentificatorVan": Ref("partij-identificatoren", None, SET_NULL),
    },
    "partijen": {"voorkeursDigitaalAdres": Ref("digitaleadressen", None, SET_NULL)},
}
# Collections nothing cascades into: a delete elsewhere never takes one of these with it.
SURVIVORS = {"actoren", "partijen", "klantcontacten"}
MAAK_PARTS = {"klantcontact": "klantcontacten", "betrokkene": "betrokkenen", "onderwerpobject": "onderwerpobjecten"}
REVERSE_FIELDS = {ref.reverse for refs in REFERENCES.values() for ref in refs.values() if ref.reverse}
ERROR_FIELDS = {"type": str, "code": str, "title": str, "status": int, "detail": str, "instance": str}
URN_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
REVERSE_SAMPLE = 2  # reverse-list entries followed per response


# ---------------------------------------------------------------- talking to the provider


def collection_of(case: OpenApiCase) -> str:
    """The first path segment of the operation: a collection, or `maak-klantcontact`."""
    return case.path.strip("/").split("/")[0]


def api_base(case: OpenApiCase, response: Response) -> str:
    """The API's base URL as this run reaches it: the request URL up to the collection."""
    url = str(response.request.url).split("?")[0]
    return url[: url.rindex("/" + collection_of(case))]


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
    operation = case.operation.schema.find_operation_by_label(f"{method} {template}")
    assert operation is not None, f"{method} {template} is not in the spec"
    authorization = authorization or sent_authorization(response)
    headers = {"Authorization": authorization} if authorization else {}
    follow_up = operation.Case(path_parameters=path_parameters, query=query)
    return follow_up.call(base_url=api_base(case, response), headers=headers)


def get_object(
    case: OpenApiCase, response: Response, collection: str, uuid: str, authorization: str | None = None
) -> tuple[int, Any]:
    """GET one object: (status, body)."""
    template = f"/{collection}/{{uuid}}"
    found = send(case, response, "GET", template, path_parameters={"uuid": uuid}, authorization=authorization)
    return found.status_code, body_of(found)


def count_of(case: OpenApiCase, response: Response, collection: str, authorization: str | None = None) -> int | None:
    """The `count` of a collection, or None when the list cannot be read."""
    found = send(case, response, "GET", f"/{collection}", query={"pageSize": 1}, authorization=authorization)
    body = body_of(found)
    return body.get("count") if found.status_code == 200 and isinstance(body, dict) else None


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


def created_objects(case: OpenApiCase, body: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(collection, object) for every object a 2xx body shows: one, a page of them, or maak's parts."""
    collection = collection_of(case)
    if not isinstance(body, dict):
        return
    if collection == "maak-klantcontact":
        for part, name in MAAK_PARTS.items():
            if isinstance(body.get(part), dict):
                yield name, body[part]
    elif isinstance(body.get("results"), list):
        yield from ((collection, item) for item in body["results"] if isinstance(item, dict))
    elif "uuid" in body:
        yield collection, body
        for item in body.get("partijIdentificatoren") or []:  # a partij embeds its identificatoren
            if isinstance(item, dict) and "uuid" in item:
                yield "partij-identificatoren", item


def canonical(text: object) -> str | None:
    """A uuid in its canonical form, read the way Django reads one, or None."""
    try:
        return str(uuidlib.UUID(str(text)))
    except ValueError:
        return None


def is_uuid(text: object) -> bool:
    """Whether a value parses as a uuid the way Django does."""
    return canonical(text) is not None


def without_reverse(body: dict[str, Any]) -> dict[str, Any]:
    """A body without the live reverse lists, which other writes may change."""
    return {key: value for key, value in body.items() if key not in REVERSE_FIELDS and key != "_expand"}


# ---------------------------------------------------------------- checks


@schemathesis.check
def created_object_is_readable_at_its_url(ctx: CheckContext, response: Response, case: OpenApiCase) -> bool | None:
    """A created object's `url` is the collection URL plus its uuid, and a GET there answers it."""
    if case.method.upper() != "POST" or response.status_code != 201 or "{" in case.path:
        return None
    body = body_of(response)
    base = api_base(case, response)
    for collection, created in created_objects(case, body):
        if collection == "partij-identificatoren" and collection_of(case) == "partijen":
            continue  # embedded, checked through its own collection
        uuid = created.get("uuid")
        assert is_uuid(uuid), f"The created {collection} object has no uuid: {uuid!r}"
        expected = f"{base}/{collection}/{uuid}"
        assert created.get("url") == expected, f"`url` is {created.get('url')!r}, expected {expected!r}"
        if collection_of(case) != "maak-klantcontact":  # Open Klant sends no Location there
            location = header(response, "Location")
            assert location == expected, f"`Location` is {location!r}, expected {expected!r}"
        status, found = get_object(case, response, collection, str(uuid))
        assert status == 200, f"GET {expected} answered {status} right after the create"
        if without_reverse(found) != without_reverse(created):
            changed = sorted(k for k in without_reverse(created) if found.get(k) != created.get(k))
            raise AssertionError(f"GET {expected} differs from the created object in: {', '.join(changed)}")
    return None


@schemathesis.check
def references_and_reverse_relations_agree(ctx: CheckContext, response: Response, case: OpenApiCase) -> bool | None:
    """Every reference points at an object listing this one, and every reverse entry refers back."""
    if not 200 <= response.status_code < 300 or case.method.upper() not in ("GET", "POST", "PUT", "PATCH"):
        return None
    if case.method.upper() == "GET" and "{" not in case.path:
        return None  # a list page: its items are checked when read one by one
    for collection, obj in created_objects(case, body_of(response)):
        _check_forward(case, response, collection, obj)
        _check_reverse(case, response, collection, obj)
    return None


def _check_forward(case: OpenApiCase, response: Response, collection: str, obj: dict[str, Any]) -> None:
    for field, ref in REFERENCES.get(collection, {}).items():
        for target in uuids_in(obj.get(field)):
            status, found = get_object(case, response, ref.target, target)
            assert status == 200, f"{collection} {obj['uuid']}: {field} refers to {ref.target} {target}, which is gone"
            if ref.reverse is None:
                continue
            listed = uuids_in(found.get(ref.reverse))
            expected = uuids_in(obj.get(ref.through)) if ref.through else [obj["uuid"]]
            missing = [u for u in expected if u not in listed]
            assert not missing, (
                f"{collection} {obj['uuid']} refers to {ref.target} {target} through {field}, "
                f"but its {ref.reverse} does not list {', '.join(missing)}"
            )


def _check_reverse(case: OpenApiCase, response: Response, collection: str, obj: dict[str, Any]) -> None:
    for source, refs in REFERENCES.items():
        for field, ref in refs.items():
            if ref.target != collection or ref.reverse is None or ref.reverse not in obj:
                continue
            for entry in uuids_in(obj.get(ref.reverse))[:REVERSE_SAMPLE]:
                listed_as = ref.through and REFERENCES[source][ref.through].target
                status, found = get_object(case, response, listed_as or source, entry)
                assert status == 200, f"{collection} {obj['uuid']} lists {entry} in {ref.reverse}, which is gone"
                if not ref.through:
                    back = uuids_in(found.get(field))
                    assert obj["uuid"] in back, (
                        f"{collection} {obj['uuid']} lists {source} {entry} in {ref.reverse}, "
                        f"but its {field} refers to {back or 'nothing'}"
                    )


@schemathesis.check
class DeleteCascades:
    """After a delete, what referred to the object is gone (cascade) or unlinked (set null), as the standard says.

    It remembers the references of every object the run has seen, so it knows the dependants of
    whatever is deleted later, and what it saw deleted: the actor, partij or klantcontact at the other
    end of a dependant that went with a delete must stay, as nothing cascades into those.
    """

    def __init__(self) -> None:
        self.references: dict[tuple[str, str], dict[str, list[str]]] = {}
        self.deleted: set[tuple[str, str]] = set()

    def after_response(self, ctx: CheckContext, response: Response, case: OpenApiCase) -> bool | None:
        """Remember references from 2xx bodies; after a delete, look up every known dependant."""
        if not 200 <= response.status_code < 300:
            return None
        body = body_of(response)
        if case.method.upper() != "DELETE":
            for collection, obj in created_objects(case, body):
                fields = REFERENCES.get(collection, {})
                self.references[(collection, obj["uuid"])] = {f: uuids_in(obj.get(f)) for f in fields}
            return None
        collection, uuid = collection_of(case), canonical(case.path_parameters.get("uuid"))
        if uuid is None:
            return None
        queue = [(collection, uuid), *self.cascaded_klantcontacten(collection, uuid, self.references, body)]
        problems: list[str] = []
        while queue:  # a dependant that went with it has dependants of its own: cascades chain
            gone = queue.pop(0)
            self.deleted.add(gone)
            self.references.pop(gone, None)
            for key in list(self.references):
                found, went = self._dependant(case, response, key, gone)
                problems += found
                queue += [key] if went else []
        assert not problems, f"DELETE {collection}/{uuid}: " + "; ".join(problems)
        return None

    @staticmethod
    def cascaded_klantcontacten(
        collection: str, uuid: str, references: dict[tuple[str, str], dict[str, list[str]]], body: Any
    ) -> list[tuple[str, str]]:
        """`DELETE onderwerpobjecten/{uuid}?cascade=true` deletes the klantcontacten it does not keep."""
        if collection != "onderwerpobjecten" or not isinstance(body, dict) or "behouden" not in body:
            return []
        kept = {str(url).rstrip("/").rsplit("/", 1)[-1] for url in body.get("behouden") or []}
        linked = references.get((collection, uuid), {})
        contacts = {u for field in ("klantcontact", "wasKlantcontact") for u in linked.get(field, [])}
        return [("klantcontacten", u) for u in sorted(contacts - kept)]

    def _dependant(
        self, case: OpenApiCase, response: Response, key: tuple[str, str], deleted: tuple[str, str]
    ) -> tuple[list[str], bool]:
        """What is wrong with one remembered object after `deleted` went, and whether it went too."""
        collection, uuid = key
        fields = self.references.get(key, {})
        hit = [f for f, to in fields.items() if deleted[1] in to and REFERENCES[collection][f].target == deleted[0]]
        if not hit:
            return [], False
        status, found = get_object(case, response, collection, uuid)
        if status == 404:
            others = [(field, to) for field, to in fields.items() if field not in hit]
            return [p for field, to in others for p in self._survivors(case, response, key, field, to)], True
        problems = []
        for field in hit:
            if REFERENCES[collection][field].on_delete == CASCADE:
                problems.append(
                    f"{collection} {uuid} still exists, but its {field} was deleted (the standard cascades)"
                )
            elif isinstance(found, dict) and deleted[1] in uuids_in(found.get(field)):
                problems.append(f"{collection} {uuid} still refers to it through {field}")
        return problems, False

    def _survivors(
        self, case: OpenApiCase, response: Response, key: tuple[str, str], field: str, targets: list[str]
    ) -> list[str]:
        """The far ends of a dependant that went with a delete: nothing cascades into them."""
        target = REFERENCES[key[0]][field].target
        if target not in SURVIVORS:
            return []
        return [
            f"{target} {uuid}, the {field} of {key[0]} {key[1]} that went with it, is gone too"
            for uuid in targets
            if (target, uuid) not in self.deleted and get_object(case, response, target, uuid)[0] == 404
        ]


@schemathesis.check
def errors_use_the_api_error_shape(ctx: CheckContext, response: Response, case: OpenApiCase) -> bool | None:
    """Every error is Open Klant's body (`type, code, title, status, detail, instance`) as application/json."""
    if response.status_code < 400:
        return None
    media_type = (header(response, "Content-Type") or "").split(";")[0].strip().lower()
    if response.status_code == 404 and media_type == "text/html" and not _addresses_an_object(case):
        return None  # a path no route matches gets the web server's page, in Open Klant too
    assert media_type == "application/json", f"A {response.status_code} came as {media_type or 'no content type'}"
    body = body_of(response)
    assert isinstance(body, dict), f"A {response.status_code} body is not a JSON object"
    wrong = [
        k for k, kind in ERROR_FIELDS.items() if not isinstance(body.get(k), kind) or isinstance(body.get(k), bool)
    ]
    assert not wrong, f"The error body lacks or mistypes: {', '.join(wrong)}"
    assert body["status"] == response.status_code, f"`status` is {body['status']}, the response {response.status_code}"
    assert URN_UUID.match(body["instance"]), f"`instance` is {body['instance']!r}, not urn:uuid:<uuid>"
    if "invalidParams" in body or (response.status_code == 400 and body["code"] == "invalid"):
        params = body.get("invalidParams")
        assert isinstance(params, list) and params, "A validation error without invalidParams"
        for item in params:
            shaped = isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("name", "code", "reason"))
            assert shaped, f"An invalidParams entry is not {{name, code, reason}}: {item!r}"
    if response.status_code == 401:
        assert header(response, "WWW-Authenticate"), "A 401 without WWW-Authenticate"
    return None


def _addresses_an_object(case: OpenApiCase) -> bool:
    """Whether the path names a collection or an object by a uuid, so a router must reach the API."""
    return all(is_uuid(value) for value in (case.path_parameters or {}).values())


@schemathesis.check
class RejectedRequestStoresNothing:
    """A write answered with a 4xx, sent once more, changes no collection count and no addressed object.

    Sending it again shows the rejection does not depend on state and gives a before and an after.
    Reading them needs a valid token: the one of the run's last accepted request, else the one sent.
    """

    def __init__(self) -> None:
        self.authorization: str | None = None

    def after_response(self, ctx: CheckContext, response: Response, case: OpenApiCase) -> bool | None:
        """Compare what is stored before and after sending a rejected write again."""
        sent = sent_authorization(response)
        if 200 <= response.status_code < 300 and sent:
            self.authorization = sent
        method = case.method.upper()
        if method not in ("POST", "PUT", "PATCH") or not 400 <= response.status_code < 500:
            return None
        before = self._snapshot(case, response)
        extra = {"Authorization": sent} if sent and "authorization" not in {k.lower() for k in case.headers} else {}
        again = case.derive(keep_auth=True).call(base_url=api_base(case, response), headers=extra)
        if not 400 <= again.status_code < 500:
            return None  # accepted this time: the rejection depended on state
        after = self._snapshot(case, response)
        changed = "; ".join(
            f"{key}: {before[key]!r} -> {after.get(key)!r}" for key in before if before[key] != after.get(key)
        )
        assert not changed, (
            f"{method} {case.formatted_path} answered {response.status_code} and still changed what is stored: "
            f"{changed[:1000]}"
        )
        return None

    def _snapshot(self, case: OpenApiCase, response: Response) -> dict[str, Any]:
        collection, auth = collection_of(case), self.authorization or sent_authorization(response)
        if collection == "maak-klantcontact":
            return {name: count_of(case, response, name, auth) for name in MAAK_PARTS.values()}
        if "{" not in case.path:
            return {collection: count_of(case, response, collection, auth)}
        uuid = canonical(case.path_parameters.get("uuid"))
        if uuid is None:
            return {}
        status, found = get_object(case, response, collection, uuid, auth)
        return {f"{collection}/{uuid}": without_reverse(found) if status == 200 else status}


# ---------------------------------------------------------------- references to what the run created


class Known:
    """Objects the run's own requests created or read and has not seen go, newest last, per collection.

    A generated reference is a random uuid that no provider holds, so every create of a child (an
    actorklantcontact needs an actor and a klantcontact) would be refused; `before_call` points such
    references at objects the run has seen instead, the way a consumer uses the API. An object is
    forgotten when a DELETE of it succeeds or a request to it answers 404, and with it whatever the
    standard deletes along with it (`REFERENCES`' cascades), so references go to objects that are
    still there. Hooks are module functions, so this run-wide memory lives at module level: one run
    is one process.
    """

    def __init__(self) -> None:
        self.uuids: dict[str, dict[str, None]] = {}  # insertion-ordered sets
        self.references: dict[tuple[str, str], dict[str, list[str]]] = {}  # kept after an object went
        self.dependants: dict[tuple[str, str], set[tuple[str, str]]] = {}  # target -> who cascades with it
        self.went_with: dict[tuple[str, str], tuple[str, str]] = {}  # object -> the deleted object it went with
        self.kinds: dict[str, str] = {}  # partij-identificator -> its codeSoortObjectId

    def remember(self, collection: str, obj: dict[str, Any]) -> None:
        """Note an object and its references, newest last."""
        key = (collection, str(obj["uuid"]))
        seen = self.uuids.setdefault(collection, {})
        seen.pop(key[1], None)
        seen[key[1]] = None
        self.went_with.pop(key, None)
        fields = REFERENCES.get(collection, {})
        self.references[key] = {field: uuids_in(obj.get(field)) for field in fields if field in obj}
        group = obj.get("partijIdentificator")
        if collection == "partij-identificatoren" and isinstance(group, dict):
            self.kinds[key[1]] = str(group.get("codeSoortObjectId"))
        for field, targets in self.references[key].items():
            ref = fields[field]
            if ref.on_delete == CASCADE:
                for target in targets:
                    self.dependants.setdefault((ref.target, target), set()).add(key)

    def forget(self, collection: str, uuid: str) -> None:
        """An object is gone, and with it what the standard deletes with it."""
        queue = [(collection, uuid)]
        while queue:
            gone = queue.pop()
            self.uuids.get(gone[0], {}).pop(gone[1], None)
            for key in self.dependants.pop(gone, set()):
                if self.knows(*key) and self._still_refers(key, gone):
                    self.went_with[key] = gone
                    queue.append(key)

    def _still_refers(self, key: tuple[str, str], target: tuple[str, str]) -> bool:
        fields = REFERENCES[key[0]]
        return any(
            fields[field].target == target[0] and target[1] in targets
            for field, targets in self.references.get(key, {}).items()
        )

    def newest(self, collection: str) -> str | None:
        """The last object seen in a collection, or None."""
        seen = self.uuids.get(collection)
        return next(reversed(seen)) if seen else None

    def knows(self, collection: str, uuid: str) -> bool:
        """Whether the run has seen this object (and not seen it go)."""
        return uuid in self.uuids.get(collection, {})


KNOWN = Known()


@schemathesis.hook
def after_call(context: HookContext, case: OpenApiCase, response: Response) -> None:
    """Remember the objects of every 2xx body; forget an object deleted or answered 404, with its cascades."""
    method, status = case.method.upper(), response.status_code
    if 200 <= status < 300 and method != "DELETE":
        for collection, obj in created_objects(case, body_of(response)):
            KNOWN.remember(collection, obj)
        return
    uuid = canonical((case.path_parameters or {}).get("uuid"))
    if uuid is None or not (status == 404 or (method == "DELETE" and 200 <= status < 300)):
        return
    collection = collection_of(case)
    # `DELETE /onderwerpobjecten/{uuid}?cascade=true` also deletes the klantcontacten it names but does not keep.
    for contact in DeleteCascades.cascaded_klantcontacten(collection, uuid, KNOWN.references, body_of(response)):
        if KNOWN.knows(*contact):
            KNOWN.went_with[contact] = (collection, uuid)
            KNOWN.forget(*contact)
    KNOWN.forget(collection, uuid)


# Write-only references: accepted in a request body, never shown in a response (so not in REFERENCES).
WRITE_ONLY_REFERENCES: dict[str, dict[str, str]] = {"internetaken": {"toegewezenAanActor": "actoren"}}


@schemathesis.hook
def before_call(context: HookContext, case: OpenApiCase, kwargs: dict[str, Any]) -> None:
    """Point the top-level references of a write at objects the run has seen, when they name none.

    A positive write of the stateful phase also gets what the standard requires beyond its schema
    (`StatefulData`), so that its scenario goes on from a stored object instead of a 400.
    """
    if case.method.upper() not in ("POST", "PUT", "PATCH") or not isinstance(case.body, dict):
        return
    data = StatefulData(case, kwargs) if is_stateful_positive(case) else None
    collection = collection_of(case)
    if collection == "maak-klantcontact":
        bodies = [(MAAK_PARTS[k], v) for k, v in case.body.items() if k in MAAK_PARTS and isinstance(v, dict)]
    else:
        bodies = [(collection, case.body)]
    for owner, body in bodies:
        targets = {field: ref.target for field, ref in REFERENCES.get(owner, {}).items()}
        for field, target in {**targets, **WRITE_ONLY_REFERENCES.get(owner, {})}.items():
            value = body.get(field)
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, dict):
                    continue
                uuid = item.get("uuid")
                # Only a well-formed uuid: a malformed one is what a negative case is testing.
                if isinstance(uuid, str) and uuid == canonical(uuid) and not KNOWN.knows(target, uuid):
                    newest = data.existing(target) if data else KNOWN.newest(target)
                    item["uuid"] = newest or uuid
        if data is not None:
            data.complete(owner, body)


def is_stateful_positive(case: OpenApiCase) -> bool:
    """Whether a case is a step of the stateful phase generated as valid data."""
    meta = case.meta
    return meta is not None and meta.phase.name.value == "stateful" and meta.generation.mode.value == "positive"


# Minimal bodies for the objects others refer to, created when the run knows none (a consumer's first step).
PARENTS: dict[str, dict[str, Any]] = {
    "actoren": {"naam": "kcc-mock", "soortActor": "organisatorische_eenheid"},
    "klantcontacten": {"kanaal": "telefoon", "onderwerp": "kcc-mock", "taal": "nld", "vertrouwelijk": False},
    "partijen": {"soortPartij": "organisatie", "indicatieActief": True},
}
# Unique fields: a value drawn again (hypothesis draws "0" and "" often) would be refused as taken.
UNIQUE_FIELDS: dict[str, tuple[str, ...]] = {
    "klantcontacten": ("nummer", "referentienummer"),
    "internetaken": ("nummer", "referentienummer"),
    "partijen": ("nummer",),
}
# The register and object type each kind of identificator belongs to (the standard's hierarchy).
REGISTERS = {
    "bsn": {"codeRegister": "brp", "codeObjecttype": "natuurlijk_persoon"},
    "rsin": {"codeRegister": "hr", "codeObjecttype": "niet_natuurlijk_persoon"},
    "kvk_nummer": {"codeRegister": "hr", "codeObjecttype": "niet_natuurlijk_persoon"},
}
EXAMPLE_ADDRESSES = {"email": "kcc-mock@example.com", "telefoonnummer": "0612345678"}


class Fresh:
    """Values never sent before in this run: digits for unique numbers, identificatoren that pass the register rules.

    It remembers what it handed out, so a write sent again (a check does that) keeps its values.
    """

    def __init__(self) -> None:
        self.count = 0
        self.given: set[str] = set()

    def number(self, current: Any) -> Any:
        """A fresh 10-digit number in place of `current`, unless `current` is one already."""
        return current if current in self.given else self._keep(f"{self._next():010d}")

    def identificator(self, current: Any, kind: str) -> Any:
        """A fresh BSN, RSIN (both pass the 11-test) or KvK-nummer group, unless `current` is one already."""
        if isinstance(current, dict) and current.get("objectId") in self.given:
            return current
        while True:
            digits = f"{10_000_000 + self._next():08d}"
            check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
            if kind == "kvk_nummer" or check < 10:  # the 11-test: weighted sum minus the last digit, a multiple of 11
                object_id = digits if kind == "kvk_nummer" else f"{digits}{check}"
                return {**REGISTERS[kind], "codeSoortObjectId": kind, "objectId": self._keep(object_id)}

    def _next(self) -> int:
        self.count += 1
        return self.count

    def _keep(self, value: str) -> str:
        self.given.add(value)
        return value


FRESH = Fresh()


class StatefulData:
    """What a positive write of the stateful phase needs beyond its schema, the way a consumer supplies it.

    A reference names an object the run knows (or one created for it: an actor, klantcontact or
    partij), unique fields get fresh values, and the rules no schema expresses hold: a
    partij-identificator passes the register rules, an internetaak has exactly one form of
    assignment, a digitaal adres fits its kind, a country is an ISO code. Then the same step gets
    the same answer whatever earlier scenarios left behind: Hypothesis replays a scenario's opening
    steps and ends the phase ("inconsistent data generation") when the answer differs.
    """

    def __init__(self, case: OpenApiCase, kwargs: dict[str, Any]) -> None:
        self.case = case
        self.kwargs = kwargs

    def existing(self, collection: str) -> str | None:
        """The newest object the run knows in a collection, else a new one where a minimal body exists."""
        return KNOWN.newest(collection) or self.create(collection)

    def create(self, collection: str) -> str | None:
        """Create an object with its minimal body through schemathesis' transport (`after_call` remembers it)."""
        operation = self.case.operation.schema.find_operation_by_label(f"POST /{collection}")
        if collection not in PARENTS or operation is None:
            return None
        headers = {**(self.case.headers or {}), **(self.kwargs.get("headers") or {})}
        kwargs = {**self.kwargs, "headers": {k: v for k, v in headers.items() if k.lower() == "authorization"}}
        created = operation.Case(body=copy.deepcopy(PARENTS[collection]), media_type="application/json").call(**kwargs)
        body = body_of(created)
        return str(body["uuid"]) if created.status_code == 201 and isinstance(body, dict) else None

    def complete(self, collection: str, body: dict[str, Any]) -> None:
        """Apply the rules of one collection to a body (a part of maak-klantcontact's counts on its own)."""
        for field in UNIQUE_FIELDS.get(collection, ()):
            if isinstance(body.get(field), str):
                body[field] = FRESH.number(body[field])
        for name in ("bezoekadres", "correspondentieadres"):
            _iso_country(body.get(name))
        rules = {
            "actorklantcontacten": self._actorklantcontact,
            "internetaken": self._internetaak,
            "partij-identificatoren": self._partij_identificator,
            "partijen": self._partij,
            "digitaleadressen": self._digitaal_adres,
        }
        if collection in rules:
            rules[collection](body)

    @property
    def patching(self) -> bool:
        return self.case.method.upper() == "PATCH"

    @property
    def own(self) -> str | None:
        """The uuid of the object a PUT or PATCH writes, or None."""
        return canonical((self.case.path_parameters or {}).get("uuid"))

    def stored(self, collection: str, body: dict[str, Any], field: str) -> list[str]:
        """The uuids a reference field names: as the body gives it, else as the run last saw the object."""
        if field in body or self.own is None:
            return uuids_in(body.get(field))
        return KNOWN.references.get((collection, self.own), {}).get(field, [])

    def _actorklantcontact(self, body: dict[str, Any]) -> None:
        """An actor not linked to the klantcontact yet (the pair is unique); a new one when all are."""
        actor, klantcontact = body.get("actor"), self.stored("actorklantcontacten", body, "klantcontact")
        if not isinstance(actor, dict) or len(klantcontact) != 1:
            return
        linked = _linked_actors(klantcontact[0], self.own)
        if actor.get("uuid") in linked:
            free = [uuid for uuid in reversed(KNOWN.uuids.get("actoren", {})) if uuid not in linked]
            actor["uuid"] = free[0] if free else self.create("actoren") or actor["uuid"]

    def _internetaak(self, body: dict[str, Any]) -> None:
        """Exactly one of `toegewezenAanActor(en)`; `afgehandeldOp` only when the taak is done."""
        if "toegewezenAanActor" in body and "toegewezenAanActoren" in body:
            del body["toegewezenAanActor"]
        if not self.patching and "toegewezenAanActor" not in body and "toegewezenAanActoren" not in body:
            body["toegewezenAanActoren"] = [{"uuid": self.existing("actoren")}]
        if body.get("afgehandeldOp") is not None and body.get("status") != "verwerkt":
            body["afgehandeldOp"] = None

    def _partij_identificator(self, body: dict[str, Any]) -> None:
        """A fresh identificator of a kind its partij has not got (else no partij); no parent identificator."""
        if self.patching and "partijIdentificator" not in body:
            return
        partij = self.stored("partij-identificatoren", body, "identificeerdePartij")
        free = [kind for kind in REGISTERS if not partij or kind not in _identificator_kinds(partij[0], self.own)]
        if not free:
            body["identificeerdePartij"] = None
        body["partijIdentificator"] = FRESH.identificator(body.get("partijIdentificator"), (free or list(REGISTERS))[0])
        body["subIdentificatorVan"] = None  # only a vestigingsnummer has one

    def _partij(self, body: dict[str, Any]) -> None:
        """Nothing this API does not serve; no addresses or identificatoren taken from elsewhere; valid new ones.

        A partij write that lists `digitaleAdressen` moves those addresses to it and unlinks the
        others, and one that lists `partijIdentificatoren` deletes the identificatoren it leaves
        out: changes to other objects that no response shows, so the checks (and `Known`) could
        not follow them. Only a create lists new identificatoren.
        """
        for field, empty in (("rekeningnummers", []), ("voorkeursRekeningnummer", None)):
            if field in body:
                body[field] = empty
        body.pop("digitaleAdressen", None)
        if "voorkeursDigitaalAdres" in body:  # must be one of the partij's own addresses
            body["voorkeursDigitaalAdres"] = None
        if self.case.method.upper() != "POST":
            body.pop("partijIdentificatoren", None)
        identificatoren = body.get("partijIdentificatoren")
        if isinstance(identificatoren, list):  # one of each kind at most, naming no partij, parent or stored one
            items = [item for item in identificatoren if isinstance(item, dict)][: len(REGISTERS)]
            body["partijIdentificatoren"] = [
                {
                    **{k: v for k, v in item.items() if k not in ("uuid", "identificeerdePartij")},
                    "partijIdentificator": FRESH.identificator(item.get("partijIdentificator"), kind),
                    "subIdentificatorVan": None,
                }
                for item, kind in zip(items, REGISTERS, strict=False)
            ]
        group = body.get("partijIdentificatie")
        if isinstance(group, dict) and isinstance(group.get("werkteVoorPartij"), dict):
            group["werkteVoorPartij"]["uuid"] = self.existing("partijen")

    def _digitaal_adres(self, body: dict[str, Any]) -> None:
        """An address that fits its kind; a standard address only with a partij; no unknown betrokkene."""
        betrokkene = body.get("verstrektDoorBetrokkene")
        if isinstance(betrokkene, dict) and not KNOWN.knows("betrokkenen", str(betrokkene.get("uuid"))):
            body["verstrektDoorBetrokkene"] = None
        if "adres" in body and "soortDigitaalAdres" not in body:
            body["soortDigitaalAdres"] = "overig"  # the stored kind is not known here
        example = EXAMPLE_ADDRESSES.get(str(body.get("soortDigitaalAdres")))
        if example is not None and (not self.patching or "adres" in body):
            body["adres"] = example
        if body.get("isStandaardAdres") and not body.get("verstrektDoorPartij"):
            body["isStandaardAdres"] = False


def _iso_country(address: Any) -> None:
    """An ISO 3166-1 code where an address names a country (the schema only says two characters)."""
    if isinstance(address, dict) and address.get("land"):
        address["land"] = "NL"


def _linked_actors(klantcontact: str, other_than: str | None) -> set[str]:
    """The actors that the actorklantcontacten the run knows (but `other_than`) link to a klantcontact."""
    linked: set[str] = set()
    for (collection, uuid), refs in KNOWN.references.items():
        if collection == "actorklantcontacten" and uuid != other_than and KNOWN.knows(collection, uuid):
            linked.update(refs.get("actor", []) if klantcontact in refs.get("klantcontact", []) else [])
    return linked


def _identificator_kinds(partij: str, other_than: str | None) -> set[str]:
    """The kinds of identificator (bsn, rsin, ...) the run knows a partij has (but in `other_than`)."""
    return {
        KNOWN.kinds.get(uuid, "")
        for (collection, uuid), refs in KNOWN.references.items()
        if collection == "partij-identificatoren"
        and uuid != other_than
        and KNOWN.knows(collection, uuid)
        and partij in refs.get("identificeerdePartij", [])
    }


# ---------------------------------------------------------------- built-in checks that do not apply


class Rule(NamedTuple):
    """A 400 reason no schema can express: it depends on stored data or on several fields at once."""

    name: str  # regex on invalidParams[].name
    code: str  # regex on invalidParams[].code
    reason: str  # why schema-valid data may get it
    collection: str | None = None
    method: str | None = None
    message: str = ""  # regex on invalidParams[].reason
    confirm: Callable[[OpenApiCase, Response, str], bool] | None = None  # asks the provider whether the reason holds


def reference_is_missing(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether the object an invalid `<field>.uuid` names is indeed not there."""
    steps = name.split(".")[:-1]
    value = _dig(case.body, steps)
    field = next((step for step in reversed(steps) if not step.isdigit()), "")
    if field not in FIELD_TARGETS or not isinstance(value, dict):
        return False
    target, uuid = FIELD_TARGETS[field], canonical(value.get("uuid"))
    return target is None or uuid is None or get_object(case, response, target, uuid)[0] == 404


def value_is_taken(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether another stored object holds the value a `unique` error names (asked through the list filter)."""
    steps = name.split(".")
    collection = MAAK_PARTS.get(steps[0], collection_of(case)) if len(steps) > 1 else collection_of(case)
    value, own = _dig(case.body, steps), canonical((case.path_parameters or {}).get("uuid"))
    listing = case.operation.schema.find_operation_by_label(f"GET /{collection}")
    if listing is None or not any(p.name == steps[-1] for p in listing.iter_parameters()) or value is None:
        return True  # no way to ask: trust the provider
    found = body_of(send(case, response, "GET", f"/{collection}", query={steps[-1]: value, "pageSize": 2}))
    results = found.get("results", []) if isinstance(found, dict) else []
    return any(item.get("uuid") != own for item in results if isinstance(item, dict))


def identificator_is_missing(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether the partij-identificator a body's own `uuid` names is indeed not there (Open Klant looks it up)."""
    uuid = canonical(case.body.get("uuid")) if isinstance(case.body, dict) else None
    return uuid is not None and get_object(case, response, "partij-identificatoren", uuid)[0] == 404


def employer_is_no_organisatie(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether the partij a contactpersoon's `werkteVoorPartij` names is indeed there and not an organisatie."""
    value = _dig(case.body, name.split(".")[:-1])
    uuid = canonical(value.get("uuid")) if isinstance(value, dict) else None
    if uuid is None:
        return False
    status, found = get_object(case, response, "partijen", uuid)
    return status == 200 and isinstance(found, dict) and found.get("soortPartij") != "organisatie"


def _dig(value: Any, steps: list[str]) -> Any:
    for step in steps:
        if isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        elif isinstance(value, dict):
            value = value.get(step)
        else:
            return None
    return value


# Where a reference field points; None: a collection this API does not serve, so nothing there exists.
FIELD_TARGETS: dict[str, str | None] = {
    **{field: ref.target for refs in REFERENCES.values() for field, ref in refs.items()},
    "toegewezenAanActor": "actoren",
    "digitaleAdressen": "digitaleadressen",
    "partijIdentificatoren": "partij-identificatoren",
    "werkteVoorPartij": "partijen",
    "rekeningnummers": None,
    "voorkeursRekeningnummer": None,
}
SEMANTIC_REJECTIONS = (
    Rule(
        r"(^|\.)uuid$",
        "invalid",
        "a reference to an object the provider does not hold",
        message="bestaat niet",
        confirm=reference_is_missing,
    ),
    Rule(
        r"^uuid$",
        "invalid",
        "a partij-identificator's own uuid, when sent, must name a stored one",
        "partij-identificatoren",
        message="bestaat niet",
        confirm=identificator_is_missing,
    ),
    Rule(
        r"(^|\.)werkteVoorPartij\.uuid$",
        "invalid",
        "a contactpersoon works for an organisatie",
        message="soort 'organisatie'",
        confirm=employer_is_no_organisatie,
    ),
    Rule(r".*", "unique", "a value (or pair) another stored object already has", confirm=value_is_taken),
    Rule(r"(^|\.)nonFieldErrors$", "no-further-action-when-contact-succesful", "contact succeeded and follow-up"),
    Rule(
        r"^nonFieldErrors$", "invalid", "toegewezenAanActor and toegewezenAanActoren exclude each other", "internetaken"
    ),
    Rule(r"^afgehandeldOp$", "invalid", "afgehandeldOp needs status verwerkt", "internetaken"),
    Rule(r"^adres$", "invalid", "the address must fit soortDigitaalAdres (e-mail, phone)", "digitaleadressen"),
    Rule(r"^isStandaardAdres$", "invalid", "a standard address needs a partij", "digitaleadressen"),
    Rule(
        r"(^|\.)(partijIdentificatorCode\w+|partijIdentificatorObjectId|subIdentificatorVan|__all__)$",
        "invalid|unique",
        "register hierarchy, number length, 11-test and one identificator per kind",
    ),
    Rule(r"(^|\.)identificeerdePartij$", "invalid", "a nested identificator names no partij", "partijen"),
    Rule(r"^voorkeursDigitaalAdres$", "invalid", "the preferred address must be one of the partij's", "partijen"),
    Rule(r"(^|\.)land$", "invalid", "ISO 3166-1 codes; the schema, like upstream's, only says two characters"),
    Rule(
        r"(^|\.)telefoonnummer$",
        "invalid",
        "service numbers (0800, 0900, 14xxx) are refused beyond the pattern",
        message="0800",
    ),
    Rule(
        r".*",
        "invalid",
        "Django's URL and e-mail validators are stricter than the uri and email formats",
        message=r"^Voer een geldige URL in\.$|^Voer een geldig e-mailadres in\.$",
    ),
    Rule(
        r"^(actorIdentificatie|partijIdentificatie)\.",
        ".*",
        "a PATCH without its soort is checked against the stored variant",
        method="PATCH",
    ),
)
# Query parameters Open Klant reads leniently: a value it cannot use is ignored, not refused.
LENIENT_QUERY: dict[str, Callable[[str, dict[str, Any]], bool]] = {
    "pageSize": lambda value, schema: True,  # DRF: an unusable page size means the default
    "page": lambda value, schema: value == "",  # DRF: `page or 1`
    "*__url": lambda value, schema: True,  # the uuid is read from the URL's end; anything else matches nothing
    "boolean": lambda value, schema: True,  # an unreadable boolean filter (or cascade) is ignored
}


@schemathesis.hook
def filter_failure(ctx: HookContext, failure: Failure, case: OpenApiCase, response: Response) -> bool:
    """Keep a failure unless an Open Klant rule above makes the built-in check inapplicable.

    A failure a known deviation of the reference explains (or a deployment limit the run names) is
    dropped and logged (`contracts/deviations/schemathesis.py`), unless the run is strict.
    """
    code = failure.code
    if known_deviation(failure, case, response):
        return False
    if code == "ST202" and response.status_code == 400:
        return not semantic_rejection(case, response)
    if code == "ST201" and 200 <= response.status_code < 300:
        return not lenient_acceptance(case, response)
    if code == "ST302" and response.status_code == 404:
        return not went_with_a_delete(case, response)
    return True


def known_deviation(failure: Failure, case: OpenApiCase, response: Response) -> bool:
    """Whether a known deviation or a named deployment limit explains the failure; logs it when so."""
    exchange = exchange_of(failure, case, response)
    limits = deviations.parse_limits(os.environ.get(deviations.LIMITS_VARIABLE, ""))
    limit = deviations.limit_of(exchange, limits)
    found = None if os.environ.get(deviations.STRICT_VARIABLE) == "1" else deviations.deviation_of(exchange)
    if limit is None and found is None:
        return False
    entry = {
        "kind": "limit" if limit else "deviation",
        "id": limit.name if limit else found.id if found else "",
        "check": exchange.check,
        "operation": exchange.operation,
        "status": exchange.status,
    }
    log = os.environ.get(deviations.LOG_VARIABLE)
    if log:
        with Path(log).open("a", encoding="utf-8") as lines:
            lines.write(json.dumps(entry) + "\n")
    else:  # run without the runner: still say it, never drop silently
        print(f"known {entry['kind']} {entry['id']}: {exchange.check} on {exchange.operation}", file=sys.stderr)
    return True


def exchange_of(failure: Failure, case: OpenApiCase, response: Response) -> deviations.Exchange:
    """The failure, its request and its response as a deviation judges them."""
    url = urlsplit(str(response.request.url))
    target = url.path + (f"?{url.query}" if url.query else "")
    content_type = (header(response, "Content-Type") or "").split(";")[0].strip().lower()
    return deviations.Exchange(
        check=str(failure.code),
        method=case.method.upper(),
        operation=f"{case.method.upper()} {case.path}",
        path_parameters=dict(case.path_parameters or {}),
        body=case.body if not isinstance(case.body, NotSet) else None,
        request_line=f"{case.method.upper()} {target} HTTP/1.1",
        status=response.status_code,
        content_type=content_type,
        response=body_of(response),
        instance=getattr(failure, "instance", None),
        instance_path=tuple(getattr(failure, "instance_path", ()) or ()),
    )


def went_with_a_delete(case: OpenApiCase, response: Response) -> bool:
    """Whether the object a 404 names went with an object the run deleted (a cascade of the standard).

    Asked: that object must answer 404 too. `DeleteCascades` checks that such a cascade is right.
    """
    uuid = canonical((case.path_parameters or {}).get("uuid"))
    cause = KNOWN.went_with.get((collection_of(case), uuid)) if uuid else None
    return cause is not None and get_object(case, response, *cause)[0] == 404


def semantic_rejection(case: OpenApiCase, response: Response) -> bool:
    """Whether every reason of a 400 is one of SEMANTIC_REJECTIONS."""
    body = body_of(response)
    params = body.get("invalidParams") if isinstance(body, dict) else None
    if not isinstance(params, list) or not params:
        return False
    return all(any(_applies(rule, case, response, item) for rule in SEMANTIC_REJECTIONS) for item in params)


def _applies(rule: Rule, case: OpenApiCase, response: Response, item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    name, code, reason = (str(item.get(k, "")) for k in ("name", "code", "reason"))
    if rule.collection is not None and rule.collection != collection_of(case):
        return False
    if rule.method is not None:
        body = case.body if isinstance(case.body, dict) else {}
        if rule.method != case.method.upper() or "soortActor" in body or "soortPartij" in body:
            return False
    matches = re.search(rule.name, name) and re.fullmatch(rule.code, code)
    if not matches or (rule.message and not re.search(rule.message, reason)):
        return False
    return rule.confirm is None or rule.confirm(case, response, name)


def lenient_acceptance(case: OpenApiCase, response: Response) -> bool:
    """Whether the provider accepted the request as Open Klant reads it: every negated part is usable."""
    negated = _negated(case)
    if not negated:
        return False
    sent = parse_qs(urlsplit(str(response.request.url)).query, keep_blank_values=True)
    for location, name in negated:
        values = sent.get(name, [""])
        if location == "query" and (_lenient_query(case, name, values[-1]) or _last_value_is_valid(case, name, values)):
            continue
        if location == "body" and _body_is_valid(case, drf_normalised(case)):
            continue
        return False
    return True


def _negated(case: OpenApiCase) -> list[tuple[str, str]]:
    """(location, name) of every component a negative case broke."""
    meta = case.meta
    if meta is None:
        return []
    data = meta.phase.data
    found = []
    if data.parameter_location is not None:
        found.append((str(data.parameter_location.value), str(data.parameter)))
    found += [(str(m.parameter_location.value), str(m.parameter)) for m in data.mutations]
    return found


def _lenient_query(case: OpenApiCase, name: str, value: str) -> bool:
    """Whether Open Klant ignores or reads this query value (django-filter skips empty values)."""
    definition = next((p.definition for p in case.operation.iter_parameters() if p.name == name), None)
    schema = (definition or {}).get("schema", {})
    keys = [name, "*__url" if name.endswith("__url") else "", str(schema.get("type"))]
    if value == "" or any(LENIENT_QUERY[key](value, schema) for key in keys if key in LENIENT_QUERY):
        return True
    # Django reads more date-times and uuids than JSON Schema's formats describe.
    return schema.get("format") in ("date-time", "date", "uuid") and _scalar(value, schema) is not None


def _last_value_is_valid(case: OpenApiCase, name: str, values: list[str]) -> bool:
    """Whether the value Django's QueryDict reads for a scalar parameter (the last one sent) is valid.

    A negative case may make a scalar parameter a list: on the wire that is the parameter repeated
    (or sent once, for a list of one). Open Klant 2.18.0 reads the last value and refuses nothing:
    `?naam=zz&naam=0` filters on `0`, `?naam=0&naam=zz` on `zz`. So the request counts as valid when
    that value, read as the schema's type, is.
    """
    definition = next((p.definition for p in case.operation.iter_parameters() if p.name == name), None)
    schema = (definition or {}).get("schema", {})
    if not values or not isinstance(schema, dict) or set(_kinds(schema)) & {"array", "object", None}:
        return False
    value = _scalar(values[-1], schema)
    return value is not None and _fits(value, schema, {})


def _body_is_valid(case: OpenApiCase, body: Any) -> bool:
    return any(part.is_valid(body) for part in case.operation.body if part.media_type == "application/json")


# ---------------------------------------------------------------- reading a body as DRF does


def drf_normalised(case: OpenApiCase) -> Any:
    """The request body after DRF's input coercions, against the operation's body schema."""
    for part in case.operation.body:
        if part.media_type == "application/json":
            schema = part.validation_schema
            bundle = schema.get("x-bundled", {}) if isinstance(schema, dict) else {}  # `true` bundles nothing
            return _coerce(copy.deepcopy(case.body), schema, bundle)
    return case.body


def _coerce(value: Any, schema: Any, bundle: dict[str, Any]) -> Any:
    """DRF's coercions: numbers to text, text trimmed, lenient booleans and integers, Django's date-times."""
    while isinstance(schema, dict) and "$ref" in schema:
        schema = bundle.get(schema["$ref"].rsplit("/", 1)[-1], {})
    if not isinstance(schema, dict) or value is None:
        return value
    for part in schema.get("allOf", []):
        value = _coerce(value, part, bundle)
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:  # the first branch the coerced value fits (variants, nullable references, "" or a format)
        candidates = [_coerce(copy.deepcopy(value), branch, bundle) for branch in branches]
        fitting = (c for c, branch in zip(candidates, branches, strict=True) if _fits(c, branch, bundle))
        return next(fitting, value)
    kinds = _kinds(schema)
    if isinstance(value, dict) and ("object" in kinds or "properties" in schema):
        properties, extra = schema.get("properties", {}), schema.get("additionalProperties")
        return {
            k: _coerce(v, properties.get(k, extra if isinstance(extra, dict) else {}), bundle) for k, v in value.items()
        }
    if isinstance(value, list) and "array" in kinds:
        return [_coerce(item, schema.get("items", {}), bundle) for item in value]
    coerced = _scalar(value, schema)
    return value if coerced is None else coerced


def _kinds(schema: dict[str, Any]) -> list[Any]:
    """The schema's `type` as a list: JSON Schema allows one type name or several."""
    kind = schema.get("type")
    return kind if isinstance(kind, list) else [kind]


def _fits(value: Any, schema: dict[str, Any], bundle: dict[str, Any]) -> bool:
    import jsonschema_rs  # schemathesis' own validator library

    return bool(jsonschema_rs.Draft4Validator({**schema, "x-bundled": bundle}).is_valid(value))


_TRUE = {"t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1"}
_FALSE = {"f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0"}


def _scalar(value: Any, schema: dict[str, Any]) -> Any:
    """One value as DRF's field for this schema reads it, or None when DRF would refuse it."""
    kinds = _kinds(schema)
    if "boolean" in kinds:
        text = str(value) if not isinstance(value, bool) else None
        return value if isinstance(value, bool) else True if text in _TRUE else False if text in _FALSE else None
    if "integer" in kinds and not isinstance(value, bool):
        try:
            return int(re.sub(r"\.0*\s*\Z", "", str(value)))
        except ValueError:
            return None
    if "string" not in kinds or isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if "enum" in schema:
        return str(value)  # ChoiceField: str() of the input, not trimmed
    text = str(value).strip()
    return _formatted(text, schema.get("format"))


def _formatted(text: str, form: str | None) -> str | None:
    try:
        if form == "date-time":
            moment = dt.datetime.fromisoformat(text)  # Django's parse_datetime on Python >= 3.11
            return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()
        if form == "date":
            return dt.date.fromisoformat(text).isoformat()
        if form == "uuid":
            return str(uuidlib.UUID(text))
    except ValueError:
        return None
    return text
