"""What a write can change, read just before it is sent, so that a rejected write can be shown to have stored nothing.

For each write (POST, PUT, PATCH) the run sends, the `before_call` hook reads the count of every
collection the operation can write (`WRITES`: maak-klantcontact writes three, a partij also its
identificatoren and the addresses and rekeningnummers it lists), the object a PUT or PATCH addresses, with its reverse
lists, and the objects the body names that the write would change (`NAMED`). The check
`RejectedRequestStoresNothing` reads the same again when the answer is a 4xx: any difference is
something the rejected write stored. Reads use the token of the run's last accepted request (the
write itself may carry a broken one), and the tracker ignores what they return.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from contracts.schemathesis.transport import Reader, canonical, collection_of, sent_authorization, uuids_in

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.specs.openapi.schemas import OpenApiCase

WRITE_METHODS = ("POST", "PUT", "PATCH")
# The collections whose count a write to a path can change; a collection's own by default. Open Klant
# writes maak-klantcontact's three parts, and a partij's nested identificatoren, addresses and
# rekeningnummers with it.
WRITES: dict[str, tuple[str, ...]] = {
    "maak-klantcontact": ("klantcontacten", "betrokkenen", "onderwerpobjecten"),
    "partijen": ("partijen", "partij-identificatoren", "digitaleadressen", "rekeningnummers"),
}
# List fields of a body whose objects the write changes: a partij write moves the addresses and
# rekeningnummers it lists to itself and rewrites the identificatoren it names.
NAMED: dict[str, dict[str, str]] = {
    "partijen": {
        "digitaleAdressen": "digitaleadressen",
        "rekeningnummers": "rekeningnummers",
        "partijIdentificatoren": "partij-identificatoren",
    },
}
NAMED_SAMPLE = 3  # objects read per named field


class Snapshot(NamedTuple):
    """What was stored before one request: its case id, the reader that read it, and what it read."""

    case_id: str
    reader: Reader
    stored: dict[str, Any]


class Snapshots:
    """The snapshot of the last write sent, and the token of the last accepted request."""

    def __init__(self) -> None:
        self.pending: Snapshot | None = None
        self.authorization: str | None = None
        self.reading = False  # while True, the responses the hooks see are this object's own reads

    def accepted(self, response: Response) -> None:
        """Keep the token of a 2xx answer: it can read what is stored."""
        sent = sent_authorization(response)
        if 200 <= response.status_code < 300 and sent:
            self.authorization = sent

    def before(self, case: OpenApiCase, kwargs: dict[str, Any]) -> None:
        """Read what a write may change, just before it is sent."""
        if case.method.upper() not in WRITE_METHODS:
            return
        configured = {k.lower(): v for k, v in (kwargs.get("headers") or {}).items()}.get("authorization")
        reader = Reader(case, self.authorization or configured or case.headers.get("Authorization"))
        if kwargs.get("base_url"):
            reader.base_url = kwargs["base_url"]
        self.pending = Snapshot(case.id, reader, self.read(case, reader))

    def take(self, case: OpenApiCase) -> Snapshot | None:
        """The snapshot taken before this case was sent, once (a check run again on it gets None)."""
        found, self.pending = self.pending, None
        return found if found is not None and found.case_id == case.id else None

    def read(self, case: OpenApiCase, reader: Reader) -> dict[str, Any]:
        """Counts of what the operation can write, the addressed object, the objects the body names."""
        self.reading = True
        try:
            collection = collection_of(case)
            stored: dict[str, Any] = {name: reader.count(name) for name in WRITES.get(collection, (collection,))}
            uuid = canonical((case.path_parameters or {}).get("uuid")) if "{" in case.path else None
            if uuid is not None:
                stored[f"{collection}/{uuid}"] = _object(reader, collection, uuid)
            body = case.body if isinstance(case.body, dict) else {}
            for field, target in NAMED.get(collection, {}).items():
                for named in [canonical(u) for u in uuids_in(body.get(field))][:NAMED_SAMPLE]:
                    if named is not None:
                        stored[f"{target}/{named}"] = _object(reader, target, named)
            return stored
        finally:
            self.reading = False


def _object(reader: Reader, collection: str, uuid: str) -> Any:
    """An object as stored, reverse lists included (nothing else writes in between), or its status."""
    status, found = reader.get(collection, uuid)
    return {k: v for k, v in found.items() if k != "_expand"} if status == 200 and isinstance(found, dict) else status
