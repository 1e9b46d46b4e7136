"""What a rule's check sees: a recording client of the target, expectations, test data and a ledger."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn

from contracts.certification.conformance import Conformance
from contracts.client.evidence import Exchange, NotApplicable, RuleFailure
from contracts.client.faults import FaultSwitch
from contracts.client.ledger import Ledger
from contracts.client.payloads import Payloads
from contracts.client.target import Auth, Target

Body = dict[str, Any]
Pairs = set[tuple[str, str]]


class Context:
    """One rule's view of the provider. Every exchange is kept; everything created is deleted afterwards."""

    def __init__(
        self,
        rule_id: str,
        target: Target,
        payloads: Payloads,
        *,
        actor: Callable[[Context], str],
        journal: list[Exchange],
        conformance: Conformance,
        may_create_actors: bool = True,
        has: Callable[[str], bool] = lambda need: True,
    ) -> None:
        self.rule_id = rule_id
        self.target = target
        self.data = payloads
        self.ledger = Ledger()
        self.exchanges: list[Exchange] = []
        self.conformance = conformance
        self.may_create_actors = may_create_actors
        self.has = has  # whether the judged API version has a "Schema.property"
        self._actor = actor
        self._journal = journal  # the whole run's exchanges, for the spec conformance rule

    # Talking to the provider

    def request(self, method: str, path: str, *, track: bool = True, **options: Any) -> Exchange:
        """Send a request (path relative to the API base); objects it creates go on the ledger."""
        exchange = self.target.send(method, path, **options)
        exchange.rule = self.rule_id
        self.exchanges.append(exchange)
        self._journal.append(exchange)
        if track and method == "POST" and exchange.status is not None:
            self._track(path, exchange.json())  # whatever the status: what a provider says it made must be deleted
        return exchange

    def get(self, path: str, params: Mapping[str, str] | None = None, auth: Auth = True) -> Exchange:
        """GET a path."""
        return self.request("GET", path, params=params, auth=auth)

    def post(self, path: str, body: Any, auth: Auth = True) -> Exchange:
        """POST a JSON body."""
        return self.request("POST", path, json=body, auth=auth)

    def patch(self, path: str, body: Any) -> Exchange:
        """PATCH with a JSON body."""
        return self.request("PATCH", path, json=body)

    def delete(self, path: str) -> Exchange:
        """DELETE a path."""
        return self.request("DELETE", path)

    @property
    def actor(self) -> str:
        """The uuid of the logged-in medewerker's actor (given, or created once per run)."""
        return self._actor(self)

    @property
    def faults(self) -> FaultSwitch:
        """The target's fault switch (rules that use it are flagged `needs_faults`)."""
        if self.target.faults is None:
            raise NotApplicable("the target offers no fault injection")
        return self.target.faults

    def ref(self, collection: str, uuid: str) -> Body:
        """The `{uuid, url}` a response should give for a reference to this object."""
        return {"uuid": uuid, "url": f"{self.target.base_url}/{collection}/{uuid}"}

    @property
    def run_exchanges(self) -> list[Exchange]:
        """Every exchange of the run so far, this rule's included."""
        return self._journal

    # Steps that must work for the rule to be judged at all

    def create(self, collection: str, body: Body) -> Body:
        """POST to a collection and return the new object; anything but 201 fails the rule."""
        exchange = self.post(f"/{collection}", body)
        created = exchange.json()
        if exchange.status != 201 or not isinstance(created, dict) or "uuid" not in created:
            self.fail(f"creating a {collection} object {describe_create(exchange)}", exchange)
        return created

    def read(self, collection: str, uuid: str, params: Mapping[str, str] | None = None) -> Body:
        """GET one object; anything but 200 with an object fails the rule."""
        exchange = self.get(f"/{collection}/{uuid}", params)
        body = exchange.json()
        if exchange.status != 200 or not isinstance(body, dict):
            self.fail(f"reading {collection}/{uuid} failed ({_outcome(exchange)})", exchange)
        return body

    def listing(self, collection: str, params: Mapping[str, str] | None = None) -> tuple[Body, Exchange]:
        """GET a list; anything but 200 with a `count` and `results` fails the rule."""
        exchange = self.get(f"/{collection}", params)
        body = exchange.json()
        if exchange.status != 200 or not isinstance(body, dict) or not isinstance(body.get("results"), list):
            self.fail(f"listing {collection} with {dict(params or {})} failed ({_outcome(exchange)})", exchange)
        return body, exchange

    def count(self, collection: str, params: Mapping[str, str] | None = None) -> int:
        """The `count` of a (filtered) list."""
        body, exchange = self.listing(collection, params)
        if not isinstance(body.get("count"), int):
            self.fail(f"the list of {collection} has no integer count", exchange)
        return int(body["count"])

    def find(self, collection: str, params: Mapping[str, str], *, adopt: bool = False) -> list[str]:
        """The uuids a filtered list finds (first page). `adopt` puts them on the ledger: use it only
        for filters on values this run drew (its referentienummers), which no one else holds."""
        body, _ = self.listing(collection, params)
        found = [
            item["uuid"] for item in body["results"] if isinstance(item, dict) and isinstance(item.get("uuid"), str)
        ]
        for uuid in found if adopt else ():
            self.ledger.add(collection, uuid)
        return found

    def contacts_with(self, referentienummer: str) -> list[str]:
        """The klantcontacten carrying one of this run's referentienummers; they are this run's to delete."""
        return self.find("klantcontacten", {"referentienummer": referentienummer}, adopt=True)

    @property
    def last(self) -> Exchange:
        """The rule's most recent exchange, to cite as evidence."""
        return self.exchanges[-1]

    def exists(self, collection: str, uuid: str) -> bool:
        """True on 200, False on 404 (`last` is the read); any other answer fails the rule."""
        exchange = self.get(f"/{collection}/{uuid}")
        if exchange.status not in (200, 404):
            self.fail(f"reading {collection}/{uuid} answered {_outcome(exchange)}, expected 200 or 404", exchange)
        return exchange.status == 200

    # Judging

    def fail(self, message: str, *evidence: Exchange) -> NoReturn:
        """Fail the rule, citing the exchanges that show it."""
        raise RuleFailure(message, evidence)

    def expect(self, condition: bool, message: str, *evidence: Exchange) -> None:
        """Fail the rule with `message` unless `condition` holds."""
        if not condition:
            self.fail(message, *evidence)

    def expect_status(self, exchange: Exchange, *statuses: int, what: str) -> None:
        """Fail unless the exchange answered one of `statuses`."""
        if exchange.status not in statuses:
            wanted = " or ".join(map(str, statuses))
            self.fail(f"{what}: expected {wanted}, got {_outcome(exchange)}", exchange)

    def expect_invalid(self, exchange: Exchange, expected: Iterable[tuple[str, str]], *, what: str) -> None:
        """Fail unless the answer is 400 with exactly these (name, code) pairs in `invalidParams`."""
        self.expect_status(exchange, 400, what=what)
        found = invalid_params(exchange)
        wanted = set(expected)
        self.expect(
            found == wanted,
            f"{what}: invalidParams (name, code) should be {sorted(wanted)}, got {sorted(found)}",
            exchange,
        )

    def _track(self, path: str, body: Any) -> None:
        if not isinstance(body, dict):
            return
        if path == "/maak-klantcontact":
            for part, collection in (("klantcontact", "klantcontacten"), ("betrokkene", "betrokkenen")):
                self._track(f"/{collection}", body.get(part))
            self._track("/onderwerpobjecten", body.get("onderwerpobject"))
            return
        collection = path.strip("/")
        if "/" in collection or not isinstance(body.get("uuid"), str):
            return
        self.ledger.add(collection, body["uuid"])
        for nested in body.get("partijIdentificatoren") or () if collection == "partijen" else ():
            if isinstance(nested, dict) and isinstance(nested.get("uuid"), str):
                self.ledger.add("partij-identificatoren", nested["uuid"])


def invalid_params(exchange: Exchange) -> Pairs:
    """The (name, code) pairs of an error body's `invalidParams` (empty when there are none)."""
    body = exchange.json()
    items = body.get("invalidParams") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return set()
    return {(str(item.get("name")), str(item.get("code"))) for item in items if isinstance(item, dict)}


def describe_create(exchange: Exchange) -> str:
    """What a POST that should have answered 201 with an object did instead: refused, or created otherwise."""
    body = exchange.json()
    if exchange.status is not None and 200 <= exchange.status < 300:
        made = isinstance(body, dict) and isinstance(body.get("uuid"), str)
        return f"answered {exchange.status} instead of 201" + ("" if made else " without the new object's uuid")
    return f"was refused ({_outcome(exchange)})"


def _outcome(exchange: Exchange) -> str:
    if exchange.status is None:
        return f"no response: {exchange.error}"
    body = exchange.json()
    code = body.get("code") if isinstance(body, dict) else None
    return f"{exchange.status}" + (f" {code}" if code else "")
