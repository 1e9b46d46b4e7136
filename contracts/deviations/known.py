"""Known deviations of the reference: where Open Klant 2.18 does not do what its own published
OpenAPI document says, as data the suites share.

Each deviation says what the spec says, what the server does, which rule or property sees it, and
how it is recognised from the evidence: one exchange (method, path under the API base, query,
request body, status, response body) matched against declarative conditions. A check that sees a
matching exchange reports the deviation with that exchange instead of failing; a provider that
behaves as the spec says never matches, and any other difference still fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from contracts.client.evidence import Exchange
from contracts.client.target import API_PATH

_MISSING = object()


@dataclass(frozen=True)
class Is:
    """The value at the path equals this one."""

    value: Any

    def holds(self, found: Any, sent: Any = None) -> bool:
        """Whether `found` (or the missing marker) satisfies the condition; `sent` is the request body."""
        return found is not _MISSING and found == self.value


@dataclass(frozen=True)
class Filled:
    """The path is present with a value that is not null, "" or empty."""

    def holds(self, found: Any, sent: Any = None) -> bool:
        """Whether `found` (or the missing marker) satisfies the condition; `sent` is the request body."""
        return found is not _MISSING and found not in (None, "", [], {})


@dataclass(frozen=True)
class NotBlankGroup:
    """The value is not a gegevensgroep of blanks: null, absent, or a group with a filled sub-field
    (a provider that stores an empty group answers it with every sub-field blank, nested groups
    included, and perhaps an identity of its own making)."""

    def holds(self, found: Any, sent: Any = None) -> bool:
        """Whether `found` (or the missing marker) satisfies the condition; `sent` is the request body."""
        return not isinstance(found, dict) or not _blank(found)


@dataclass(frozen=True)
class Absent:
    """The path is not there at all."""

    def holds(self, found: Any, sent: Any = None) -> bool:
        """Whether `found` (or the missing marker) satisfies the condition; `sent` is the request body."""
        return found is _MISSING


@dataclass(frozen=True)
class Lists:
    """A comma-separated query value names `this` and none of `without`."""

    this: str
    without: tuple[str, ...] = ()

    def holds(self, found: Any, sent: Any = None) -> bool:
        """Whether `found` (or the missing marker) satisfies the condition; `sent` is the request body."""
        items = str(found).split(",") if isinstance(found, str) else []
        return self.this in items and not set(self.without) & set(items)


@dataclass(frozen=True)
class NotEcho:
    """The answer does not carry the group the request sent at `key`: some sent sub-field differs."""

    key: str

    def holds(self, found: Any, sent: Any = None) -> bool:
        """Whether `found` (or the missing marker) satisfies the condition; `sent` is the request body."""
        wanted = _at(sent, self.key)
        return isinstance(wanted, dict) and not _carries(wanted, found)


Condition = Is | Filled | NotBlankGroup | Absent | Lists | NotEcho


@dataclass(frozen=True)
class Match:
    """One way a deviation shows in an exchange; every given condition must hold."""

    methods: tuple[str, ...]
    path: str  # a regular expression matched against the whole path under the API base
    statuses: tuple[int, ...]
    sent: Mapping[str, Condition] = field(default_factory=dict)  # dotted key of the request body
    query: Mapping[str, Condition] = field(default_factory=dict)
    answer: Mapping[str, Condition] = field(default_factory=dict)  # dotted key of the response body
    errors: tuple[tuple[str, str], ...] | None = None  # the answer's invalidParams (name, code), exactly

    def matches(self, exchange: Exchange) -> bool:
        """Whether the exchange shows this."""
        if exchange.method not in self.methods or exchange.status not in self.statuses:
            return False
        url = urlsplit(exchange.url)
        path = url.path.split(API_PATH, 1)[-1]
        if not re.fullmatch(self.path, path):
            return False
        sent = _json(exchange.request_body)
        answer = exchange.json()
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        checks = [(self.sent, sent), (self.query, query), (self.answer, answer)]
        held = (condition.holds(_at(body, key), sent) for wanted, body in checks for key, condition in wanted.items())
        if not all(held):
            return False
        return self.errors is None or _errors(answer) == list(self.errors)


@dataclass(frozen=True)
class KnownDeviation:
    """A behaviour of the reference that contradicts its own published spec."""

    id: str
    title: str
    spec_says: str
    server_does: str
    seen_by: tuple[str, ...]  # certification rule ids and property names
    matches: tuple[Match, ...]
    fields: tuple[str, ...] = ()  # the body keys whose comparison the deviation explains

    def recognises(self, exchange: Exchange) -> bool:
        """Whether the exchange shows this deviation."""
        return any(match.matches(exchange) for match in self.matches)


@dataclass(frozen=True)
class Sighting:
    """A known deviation and the exchange that showed it."""

    deviation: KnownDeviation
    exchange: Exchange

    def as_text(self) -> str:
        """The deviation and its evidence, as a report prints it."""
        known = self.deviation
        lines = [f"{known.id}: {known.title}", f"spec: {known.spec_says}", f"server: {known.server_does}", ""]
        return "\n".join([*lines, self.exchange.as_text()])


_ANY_ID = r"[0-9a-fA-F-]{32,36}"
_WRITES = ("POST", "PUT", "PATCH")
_UPDATES = ("PUT", "PATCH")

KNOWN_DEVIATIONS: tuple[KnownDeviation, ...] = (
    KnownDeviation(
        id="OK-01",
        title="an empty actorIdentificatie group is not stored",
        spec_says="`actorIdentificatie` is an object of the actor's kind, not nullable; "
        "a create or update that sends it stores the group",
        server_does="`actorIdentificatie: {}` is ignored: a create answers and reads back `null`, "
        "an update keeps the group stored before",
        seen_by=("property valid bodies (actoren)", "property PATCH and PUT (actoren)"),
        matches=(
            Match(
                _WRITES,
                rf"/actoren(/{_ANY_ID})?",
                (200, 201),
                sent={"actorIdentificatie": Is({})},
                answer={"actorIdentificatie": NotBlankGroup()},
            ),
        ),
        fields=("actorIdentificatie",),
    ),
    KnownDeviation(
        id="OK-02",
        title="an empty partijIdentificatie group is not stored",
        spec_says="`partijIdentificatie` is an object of the partij's kind, not nullable; "
        "a create or update that sends it stores the group",
        server_does="`partijIdentificatie: {}` (a persoon's or contactpersoon's group has no required sub-field) "
        "is ignored: a create answers and reads back `null`, an update keeps the group stored before",
        seen_by=("property valid bodies (partijen)", "property PATCH and PUT (partijen)"),
        matches=(
            Match(
                _WRITES,
                rf"/partijen(/{_ANY_ID})?",
                (200, 201),
                sent={"partijIdentificatie": Is({})},
                answer={"partijIdentificatie": NotBlankGroup()},
            ),
        ),
        fields=("partijIdentificatie",),
    ),
    KnownDeviation(
        id="OK-03",
        title="an update of a digitaal adres that keeps its referentie is refused as a duplicate",
        spec_says="PUT and PATCH of a digitaal adres answer 200 for a valid body; `referentie` is unique "
        "per partij and soort (a second address with the same three is refused)",
        server_does="a PUT or PATCH that sends the referentie the address already has (same partij, same soort) "
        "is refused 400 `nonFieldErrors`/`unique`: the uniqueness check counts the address itself",
        seen_by=("property PATCH and PUT (digitaleadressen)",),
        matches=(
            Match(
                _UPDATES,
                rf"/digitaleadressen/{_ANY_ID}",
                (400,),
                sent={"referentie": Filled()},
                errors=(("nonFieldErrors", "unique"),),
            ),
        ),
    ),
    KnownDeviation(
        id="OK-04",
        title="a dotted expand path is ignored unless its parent is named too",
        spec_says="`expand` of a klantcontact accepts `hadBetrokkenen.wasPartij` (and "
        "`hadBetrokkenen.digitaleAdressen`) and includes the named resources in the answer",
        server_does="`?expand=hadBetrokkenen.wasPartij` answers 200 without any `_expand`; only "
        "`?expand=hadBetrokkenen,hadBetrokkenen.wasPartij` expands both levels (FLOW-02 names both, as "
        "consumers must)",
        seen_by=("the recorded exchanges (expand-dotted-alone)",),
        matches=(
            Match(
                ("GET",),
                rf"/klantcontacten(/{_ANY_ID})?",
                (200,),
                query={"expand": Lists("hadBetrokkenen.wasPartij", without=("hadBetrokkenen",))},
                answer={"_expand": Absent()},
            ),
        ),
    ),
    KnownDeviation(
        id="OK-05",
        title="a PATCH of a group without the kind is ignored",
        spec_says="a PATCH of an actor or partij changes the fields it sends; the kind (`soortActor`, "
        "`soortPartij`) need not be sent, as every field of a PATCH is optional",
        server_does="a PATCH that sends `actorIdentificatie` or `partijIdentificatie` without `soortActor` or "
        "`soortPartij` answers 200 and leaves the stored group as it was",
        seen_by=("property PATCH and PUT (actoren)", "property PATCH and PUT (partijen)"),
        matches=(
            Match(
                ("PATCH",),
                rf"/actoren/{_ANY_ID}",
                (200,),
                sent={"actorIdentificatie": Filled(), "soortActor": Absent()},
                answer={"actorIdentificatie": NotEcho("actorIdentificatie")},
            ),
            Match(
                ("PATCH",),
                rf"/partijen/{_ANY_ID}",
                (200,),
                sent={"partijIdentificatie": Filled(), "soortPartij": Absent()},
                answer={"partijIdentificatie": NotEcho("partijIdentificatie")},
            ),
        ),
        fields=("actorIdentificatie", "partijIdentificatie"),
    ),
    KnownDeviation(
        id="OK-06",
        title="maak-klantcontact creates no onderwerpobject from an empty one",
        spec_says="`maak-klantcontact` creates each part it is sent and answers it; `onderwerpobject` in the "
        "answer is an object, not nullable",
        server_does='`"onderwerpobject": {}` (every field of it is optional) answers 201 with '
        '`"onderwerpobject": null` and creates none',
        seen_by=("property maak-klantcontact",),
        matches=(
            Match(
                ("POST",),
                "/maak-klantcontact",
                (201,),
                sent={"onderwerpobject": Is({})},
                answer={"onderwerpobject": Is(None)},
            ),
        ),
        fields=("onderwerpobject",),
    ),
)


def recognise(exchanges: Iterable[Exchange], seen_by: str | None = None) -> list[Sighting]:
    """The known deviations the exchanges show (each once, with its first evidence); `seen_by`
    keeps those a given rule or property is listed as seeing."""
    found: dict[str, Sighting] = {}
    for exchange in exchanges:
        for deviation in KNOWN_DEVIATIONS:
            if seen_by is not None and seen_by not in deviation.seen_by:
                continue
            if deviation.id not in found and deviation.recognises(exchange):
                found[deviation.id] = Sighting(deviation, exchange)
    return list(found.values())


class Sightings:
    """The known deviations a run has seen: the first evidence of each and how often it showed."""

    def __init__(self) -> None:
        self.first: dict[str, Sighting] = {}
        self.times: dict[str, int] = {}

    def note(self, *exchanges: Exchange) -> list[Sighting]:
        """Record the known deviations the exchanges show; returns them."""
        found = recognise(exchanges)
        for sighting in found:
            self.first.setdefault(sighting.deviation.id, sighting)
            self.times[sighting.deviation.id] = self.times.get(sighting.deviation.id, 0) + 1
        return found

    def explained(self, *exchanges: Exchange) -> set[str]:
        """Record what the exchanges show; returns the body keys those deviations explain."""
        return {key for sighting in self.note(*exchanges) for key in sighting.deviation.fields}

    def summary(self) -> list[dict[str, Any]]:
        """One entry per deviation seen: id, title, spec, server, times and the evidence, as text."""
        return [
            {
                "id": known,
                "title": sighting.deviation.title,
                "spec_says": sighting.deviation.spec_says,
                "server_does": sighting.deviation.server_does,
                "times": self.times[known],
                "evidence": sighting.exchange.as_text(),
            }
            for known, sighting in sorted(self.first.items())
        ]


def _blank(value: Any) -> bool:
    """Null, "", an empty list, or a group of blanks; a group's `uuid` is the provider's own and not counted."""
    if isinstance(value, dict):
        return all(_blank(item) for key, item in value.items() if key != "uuid")
    return value in (None, "", [])


def _carries(sent: Any, got: Any) -> bool:
    """Whether an answer carries what was sent: every sent key (recursively), strings as trimmed."""
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(_carries(value, got.get(key)) for key, value in sent.items())
    if isinstance(sent, str) and isinstance(got, str):
        return sent.strip() == got.strip()
    return bool(sent == got)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def _at(body: Any, dotted: str) -> Any:
    """The value at a dotted key, or the missing marker."""
    value = body
    for key in dotted.split("."):
        if not isinstance(value, dict) or key not in value:
            return _MISSING
        value = value[key]
    return value


def _errors(body: Any) -> list[tuple[str, str]]:
    params = body.get("invalidParams") if isinstance(body, dict) else None
    return [(str(item.get("name")), str(item.get("code"))) for item in params or [] if isinstance(item, dict)]
