"""List requests: query checks, filters declared in the spec (`x-kcc-filter`), pagination, expand."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from kcc_mock.provider import formats
from kcc_mock.provider.errors import FieldError, NotFound, ValidationFailed
from kcc_mock.provider.fields import NON_FIELD
from kcc_mock.provider.resources import RESOURCES, Resource
from kcc_mock.provider.spec import Operation
from kcc_mock.provider.store import Record, Store

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
Query = Mapping[str, list[str]]
# A filter test: how many of the values a filter path yields for a record satisfy the filter.
Test = Callable[[Iterator[Any]], int]


def check_known(operation: Operation, query: Query) -> None:
    """Reject query parameters the operation does not declare, as Open Klant does."""
    unknown = [name for name in query if name not in operation.query]
    if unknown:
        reason = "Onbekende query parameters: " + ", ".join(unknown)
        raise ValidationFailed([FieldError(NON_FIELD, "unknown-parameters", reason)])


def expand_paths(operation: Operation, query: Query) -> list[str]:
    """The `expand` values that take effect, each checked against the spec's choices.

    Open Klant expands a dotted path only when every level above it is asked for too:
    `hadBetrokkenen.wasPartij` alone expands nothing, with `hadBetrokkenen` beside it both levels.
    """
    values = [item for raw in query.get("expand", []) for item in raw.split(",") if item]
    for value in values:
        if value not in operation.expand_choices:
            reason = f"Selecteer een geldige keuze. {value} is geen beschikbare keuze."
            raise ValidationFailed([FieldError("expand", "invalid_choice", reason)])
    asked = set(values)
    return [value for value in values if all(parent in asked for parent in _parents(value))]


def _parents(path: str) -> list[str]:
    steps = path.split(".")
    return [".".join(steps[:end]) for end in range(1, len(steps))]


@dataclass(frozen=True)
class Page:
    """One page of a list: its records and the numbers to build `next`/`previous`."""

    records: list[Record]
    count: int
    number: int
    last: int


def paginate(records: Sequence[Record], query: Query) -> Page:
    """Cut a page as DRF's page-number pagination does (invalid sizes fall back to the default)."""
    size = _positive(_last(query, "pageSize"), cutoff=MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    raw_page = _last(query, "page")
    number = 1 if not raw_page else _positive(raw_page)  # DRF reads an empty `page=` as page 1
    last = max(1, -(-len(records) // size))
    if number is None or number > last:
        raise NotFound("Ongeldige pagina.")
    start = (number - 1) * size
    return Page(list(records[start : start + size]), len(records), number, last)


def page_link(collection_url: str, query: Query, page: int) -> str:
    """The URL of another page, other parameters kept (every value) and sorted as DRF writes them."""
    params = {key: list(values) for key, values in query.items() if key != "page"}
    if page > 1:
        params["page"] = [str(page)]
    return f"{collection_url}?{urlencode(sorted(params.items()), doseq=True)}" if params else collection_url


class Filters:
    """Evaluates the spec's filter annotations against records of a store."""

    def __init__(
        self,
        store: Store,
        resources: Mapping[str, Resource] = RESOURCES,
        joined: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        self.store = store
        self.resources = resources
        # Per list path, the filters that list a record once per matching value (a SQL join
        # without DISTINCT, as an older release does) instead of once.
        self.joined = joined or {}

    def select(self, operation: Operation, query: Query) -> Sequence[Record]:
        """Records of the listed collection matching every filter, in Open Klant's list order."""
        tests: list[tuple[list[str], Test, bool]] = []
        joined = self.joined.get(operation.path, frozenset())
        candidates: list[Record] | None = None
        for name, parameter in operation.query.items():
            annotation = parameter.get("x-kcc-filter")
            raw = _last(query, name)
            if annotation is None or raw is None or raw == "":
                continue
            steps = annotation["path"].split(".")
            test = _matcher(name, annotation["lookup"], raw, parameter["schema"])
            if test is None:
                continue
            indexed = self._by_index(operation.resource, steps, annotation["lookup"], raw)
            if indexed is not None and candidates is None:
                candidates = indexed
            else:
                tests.append((steps, test, name in joined))
        resource = operation.resource
        records = self.store.in_order(resource) if candidates is None else self.store.order(resource, candidates)
        if not tests:
            return records  # a view when unfiltered: the page is cut from it without copying the collection
        if not any(join for _, _, join in tests):
            return [r for r in records if all(test(self.values(resource, r, steps)) for steps, test, _ in tests)]
        return [r for r in records for _ in range(self._repeats(resource, r, tests))]

    def _repeats(self, resource: str, record: Record, tests: list[tuple[list[str], Test, bool]]) -> int:
        """How often a record is listed: 0 unless every filter matches, times the matches of each join."""
        times = 1
        for steps, test, join in tests:
            matches = test(self.values(resource, record, steps))
            if not matches:
                return 0
            times *= matches if join else 1
        return times

    def _by_index(self, resource: str, steps: list[str], lookup: str, raw: str) -> list[Record] | None:
        """Use the reference index for `<reference>.uuid` filters instead of scanning."""
        if lookup != "uuid" or len(steps) != 2 or steps[1] != "uuid":
            return None
        if steps[0] not in self.resources[resource].references:
            return None
        target = formats.parse_uuid(raw)
        found = (self.store.get(resource, uuid) for uuid in self.store.referrers(resource, steps[0], target or ""))
        return [record for record in found if record is not None]

    def values(self, resource: str | None, node: Any, steps: list[str]) -> Iterator[Any]:
        """Every value a filter path yields from a record (or a nested group when resource is None)."""
        if not steps:
            yield node
            return
        step, rest = steps[0], steps[1:]
        if resource is None:
            if isinstance(node, dict):
                yield from self.values(None, node.get(step), rest)
            return
        definition = self.resources[resource]
        if "@" in step:
            source, key = step.split("@", 1)
            for uuid in self.store.referrers(source, key, node["uuid"]):
                yield from self.values(source, self.store.get(source, uuid), rest)
        elif step in definition.reverse:
            relation = definition.reverse[step]
            yield from self.values(resource, node, [f"{relation.source}@{relation.field}", *rest])
        elif step in definition.references:
            yield from self._follow(definition.references[step].target, node.get(step), rest)
        else:
            yield from self.values(None, node.get(step), rest)

    def _follow(self, target: str, value: Any, rest: list[str]) -> Iterator[Any]:
        for uuid in value if isinstance(value, list) else [value]:
            if uuid is None:
                continue
            if rest == ["uuid"] or not rest:
                yield uuid
            else:
                found = self.store.get(target, uuid)
                if found is not None:
                    yield from self.values(target, found, rest)


def _matcher(name: str, lookup: str, raw: str, schema: Mapping[str, Any]) -> Test | None:
    """The test for one filter value; None when Open Klant ignores the value."""
    if lookup == "exists":
        wanted = formats.parse_boolean(raw) if raw in ("true", "false", "True", "False") else None
        if wanted is None:
            return None
        return lambda values: int(any(value is not None for value in values) is wanted)
    predicate = _predicate(name, lookup, raw, schema)
    return None if predicate is None else lambda values: sum(1 for value in values if predicate(value))


def _predicate(name: str, lookup: str, raw: str, schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    choices = schema.get("enum")
    if choices and raw not in choices:
        reason = f"Selecteer een geldige keuze. {raw} is geen beschikbare keuze."
        raise ValidationFailed([FieldError(name, "invalid_choice", reason)])
    if lookup == "bool":
        wanted = formats.parse_boolean(raw) if raw in ("true", "false", "True", "False") else None
        return None if wanted is None else lambda value: value is wanted
    if lookup == "uuid":
        uuid = formats.parse_uuid(raw)
        if uuid is None:
            raise ValidationFailed([FieldError(name, "invalid", "Voer een geldige UUID in.")])
        return lambda value: value == uuid
    if lookup == "url":
        wanted_url = formats.parse_uuid(raw.rstrip("/").rsplit("/", 1)[-1])
        return lambda value: wanted_url is not None and value == wanted_url
    if lookup in ("datetime", "date", "gt", "gte", "lt", "lte"):
        return _moment_matcher(name, lookup, raw)
    return _text_matcher(lookup, raw)


def _text_matcher(lookup: str, raw: str) -> Callable[[Any], bool]:
    if lookup == "in":  # any of the comma-separated values, exactly
        choices = frozenset(raw.split(","))
        return lambda value: isinstance(value, str) and value in choices
    if lookup == "icontains":
        needle = raw.casefold()
        return lambda value: isinstance(value, str) and needle in value.casefold()
    if lookup == "iexact":
        folded = raw.casefold()
        return lambda value: isinstance(value, str) and value.casefold() == folded
    return lambda value: value is not None and str(value) == raw


def _moment_matcher(name: str, lookup: str, raw: str) -> Callable[[Any], bool]:
    wanted: date | datetime | None = formats.parse_datetime(raw) or formats.parse_date(raw)
    if wanted is None:
        # django-filter's DateFilter (a `date` lookup) and DateTimeFilter word it differently.
        reason = "Voer een geldige datum in." if lookup == "date" else "Voer een geldige datum/tijd in."
        raise ValidationFailed([FieldError(name, "invalid", reason)])
    compare: Callable[[Any, Any], bool] = {
        "datetime": lambda a, b: a == b,
        "date": lambda a, b: a == b,
        "gt": lambda a, b: a > b,
        "gte": lambda a, b: a >= b,
        "lt": lambda a, b: a < b,
        "lte": lambda a, b: a <= b,
    }[lookup]

    def test(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        moment: date | datetime | None = formats.parse_datetime(value) or formats.parse_date(value)
        if moment is None:
            return False
        if isinstance(wanted, datetime) != isinstance(moment, datetime):
            moment = moment.date() if isinstance(moment, datetime) else moment
            return compare(moment, wanted.date() if isinstance(wanted, datetime) else wanted)
        return compare(moment, wanted)

    return test


def _last(query: Query, name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _positive(raw: str | None, cutoff: int | None = None) -> int | None:
    try:
        number = int(raw) if raw is not None else None
    except ValueError:
        return None
    if number is None or number <= 0:
        return None
    return min(number, cutoff) if cutoff else number
