"""The domain checks: what any provider of the standard must do that no schema says.

Each is a schemathesis check (`contracts/schemathesis_checks.py` registers them; schemathesis reports
them by these names): a created object is readable at its `url`, references and reverse lists
agree, a delete cascades or unlinks as the standard says, every error has Open Klant's shape, and a
rejected write stores nothing. They make their follow-up requests through schemathesis' transport
with the run's token, and assume one client at a time (`workers = 1`): another writer between a
request and its follow-ups would look like a bug.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from contracts.schemathesis.references import (
    CASCADE,
    REFERENCES,
    SURVIVORS,
    cascaded_klantcontacten,
    created_objects,
    unlink,
    without_reverse,
)
from contracts.schemathesis.stored import WRITE_METHODS, Snapshots
from contracts.schemathesis.transport import (
    api_base,
    body_of,
    canonical,
    collection_of,
    get_object,
    header,
    is_uuid,
    uuids_in,
)

if TYPE_CHECKING:
    from schemathesis import CheckContext, Response
    from schemathesis.specs.openapi.schemas import OpenApiCase

ERROR_FIELDS = {"type": str, "code": str, "title": str, "status": int, "detail": str, "instance": str}
URN_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
REVERSE_SAMPLE = 2  # reverse-list entries followed per response


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
                unlink(self.references, collection, obj)  # nothing cascades along a link that is gone
            return None
        collection, uuid = collection_of(case), canonical(case.path_parameters.get("uuid"))
        if uuid is None:
            return None
        queue = [(collection, uuid), *cascaded_klantcontacten(collection, uuid, self.references, body)]
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


class RejectedRequestStoresNothing:
    """A write answered with a 4xx changed no count of what the operation can write and no object it names.

    Compared with what was stored just before the write was sent (`stored.Snapshots`, read by the
    `before_call` hook), so a provider that stores part of a request before refusing it fails even
    when the same request sent again would store nothing more.
    """

    def __init__(self, snapshots: Snapshots) -> None:
        self.snapshots = snapshots

    def after_response(self, ctx: CheckContext, response: Response, case: OpenApiCase) -> bool | None:
        """Compare what is stored now with what was stored before the rejected write was sent."""
        before = self.snapshots.take(case)
        method = case.method.upper()
        if before is None or method not in WRITE_METHODS or not 400 <= response.status_code < 500:
            return None
        after = self.snapshots.read(case, before.reader)
        changed = "; ".join(_changes(before.stored, after))
        assert not changed, (
            f"{method} {case.formatted_path} answered {response.status_code} and still changed what is stored: "
            f"{changed[:1000]}"
        )
        return None


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """`what: before -> after` for each count, status or object field that differs."""
    found = []
    for key, old in before.items():
        new = after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            fields = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
            found += [f"{key} {field}: {old.get(field)!r} -> {new.get(field)!r}" for field in fields]
        elif old != new:
            found.append(f"{key}: {old!r} -> {new!r}")
    return found
