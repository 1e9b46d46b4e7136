"""The run-wide object tracker: what the run's own requests created or read and have not seen go.

A generated reference is a random uuid that no provider holds, so every create of a child (an
actorklantcontact needs an actor and a klantcontact) would be refused; the stateful data points
such references at objects the run has seen instead, the way a consumer uses the API, and the
failure filter asks it which object went with which delete. An object is forgotten when a DELETE of
it succeeds or a request to it answers 404, and with it whatever the standard deletes along with it
(the cascades of `REFERENCES`), so references go to objects that are still there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from contracts.schemathesis.references import CASCADE, REFERENCES, cascaded_klantcontacten, created_objects, unlink
from contracts.schemathesis.transport import body_of, canonical, collection_of, uuids_in

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.specs.openapi.schemas import OpenApiCase


class Known:
    """Objects the run has seen and not seen go, newest last, per collection, with their references."""

    def __init__(self) -> None:
        self.uuids: dict[str, dict[str, None]] = {}  # insertion-ordered sets
        self.references: dict[tuple[str, str], dict[str, list[str]]] = {}  # kept after an object went
        self.dependants: dict[tuple[str, str], set[tuple[str, str]]] = {}  # target -> who cascades with it
        self.went_with: dict[tuple[str, str], tuple[str, str]] = {}  # object -> the deleted object it went with
        self.kinds: dict[str, str] = {}  # partij-identificator -> its codeSoortObjectId

    def observe(self, case: OpenApiCase, response: Response) -> None:
        """Remember the objects of a 2xx body; forget an object deleted or answered 404, with its cascades."""
        method, status = case.method.upper(), response.status_code
        if 200 <= status < 300 and method != "DELETE":
            for collection, obj in created_objects(case, body_of(response)):
                self.remember(collection, obj)
            return
        uuid = canonical((case.path_parameters or {}).get("uuid"))
        if uuid is None or not (status == 404 or (method == "DELETE" and 200 <= status < 300)):
            return
        collection = collection_of(case)
        # `DELETE /onderwerpobjecten/{uuid}?cascade=true` also deletes the klantcontacten it names but does not keep.
        for contact in cascaded_klantcontacten(collection, uuid, self.references, body_of(response)):
            if self.knows(*contact):
                self.went_with[contact] = (collection, uuid)
                self.forget(*contact)
        self.forget(collection, uuid)

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
        for other in unlink(self.references, collection, obj):  # what its reverse lists no longer show
            self.dependants.get(key, set()).discard(other)

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

    def linked_actors(self, klantcontact: str, other_than: str | None) -> set[str]:
        """The actors that the actorklantcontacten the run knows (but `other_than`) link to a klantcontact."""
        linked: set[str] = set()
        for (collection, uuid), refs in self.references.items():
            if collection == "actorklantcontacten" and uuid != other_than and self.knows(collection, uuid):
                linked.update(refs.get("actor", []) if klantcontact in refs.get("klantcontact", []) else [])
        return linked

    def pairs(self, collection: str, fields: tuple[str, str], other_than: str | None) -> set[tuple[str, str]]:
        """The pairs of objects that the known objects of a collection (but `other_than`) link by two fields."""
        found = set()
        for (name, uuid), refs in self.references.items():
            if name == collection and uuid != other_than and self.knows(name, uuid):
                first, second = refs.get(fields[0]) or [], refs.get(fields[1]) or []
                found |= {(a, b) for a in first for b in second}
        return found

    def identificator_kinds(self, partij: str, other_than: str | None) -> set[str]:
        """The kinds of identificator (bsn, rsin, ...) the run knows a partij has (but in `other_than`)."""
        return {
            self.kinds.get(uuid, "")
            for (collection, uuid), refs in self.references.items()
            if collection == "partij-identificatoren"
            and uuid != other_than
            and self.knows(collection, uuid)
            and partij in refs.get("identificeerdePartij", [])
        }
