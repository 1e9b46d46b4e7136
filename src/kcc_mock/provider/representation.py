"""Records rendered as Open Klant answers: urls, `{uuid, url}` references, live reverse relations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kcc_mock.provider.resources import RESOURCES, Resource
from kcc_mock.provider.spec import Schema, Spec
from kcc_mock.provider.store import Record, Store

Computed = Callable[[Record, str], Any]  # (record, base URL) -> value
# How render fills one key: (key, kind, reverse relation or reference target, computing function,
# the fields a link to the related record shows besides uuid and url).
Step = tuple[str, int, Any, "Computed | None", tuple[str, ...]]
_PLAIN, _UUID, _URL, _REVERSE, _DERIVED = range(5)
# A field a link shows that is a field of a record the linked one refers to: (collection, field) ->
# (reference, field there). A categorie-relatie shown on its partij names its categorie.
LINKED_FIELDS: Mapping[tuple[str, str], tuple[str, str]] = {
    ("categorie-relaties", "categorieNaam"): ("categorie", "naam"),
}


def full_name(name: Mapping[str, Any] | None) -> str:
    """`volledigeNaam` as Open Klant computes it: the non-empty name parts joined by spaces."""
    if not name:
        return ""
    parts = (name.get("voornaam"), name.get("voorvoegselAchternaam"), name.get("achternaam"))
    return " ".join(part for part in parts if part)


def _identificatie(record: Record, base: str) -> Any:
    identificatie = record.get("partijIdentificatie")
    if not isinstance(identificatie, dict):
        return identificatie
    shown = dict(identificatie)
    if "contactnaam" in shown:
        shown["volledigeNaam"] = full_name(shown.get("contactnaam"))
    employer = shown.get("werkteVoorPartij")
    if isinstance(employer, dict) and employer.get("uuid"):  # a contactpersoon's reference
        shown["werkteVoorPartij"] = {"uuid": employer["uuid"], "url": f"{base}/partijen/{employer['uuid']}"}
    return shown


def _first_actor(record: Record, base: str) -> Any:
    """The deprecated single actor: the first assigned one, or `{"uuid": null}` (Open Klant's answer)."""
    actors = record.get("toegewezenAanActoren") or []
    return {"uuid": actors[0], "url": f"{base}/actoren/{actors[0]}"} if actors else {"uuid": None}


# Fields Open Klant derives from others; references among them are rendered as such.
COMPUTED: Mapping[str, Mapping[str, Computed]] = {
    "betrokkenen": {"volledigeNaam": lambda record, base: full_name(record.get("contactnaam"))},
    "partijen": {"partijIdentificatie": _identificatie},
    "internetaken": {"toegewezenAanActor": _first_actor},
}


class Representation:
    """Renders records of a store in the shape of the spec's response schemas."""

    def __init__(self, spec: Spec, store: Store, resources: Mapping[str, Resource] = RESOURCES) -> None:
        self.store = store
        self.resources = resources
        self.spec = spec
        self.fields = {name: self._response_fields(spec, name) for name in resources}
        # Decided once per resource rather than per key of every rendered record (a hot path).
        self.plans = {name: self._plan(name) for name in resources}

    def render(self, resource: str, record: Record, base: str) -> dict[str, Any]:
        """The response body of one record."""
        uuid = record["uuid"]
        body: dict[str, Any] = {}
        for key, kind, target, compute, shown in self.plans[resource]:
            if kind == _PLAIN:
                body[key] = record.get(key)
            elif kind == _UUID:
                body[key] = uuid
            elif kind == _URL:
                body[key] = f"{base}/{resource}/{uuid}"
            elif kind == _REVERSE:
                body[key] = self._reverse(target, uuid, base, shown)
            else:
                value = compute(record, base) if compute else record.get(key)
                body[key] = self._reference(target, value, base, shown) if target else value
        return body

    def _plan(self, resource: str) -> list[Step]:
        definition = self.resources[resource]
        computed = COMPUTED.get(resource, {})
        plan: list[Step] = []
        for key, schema in self.fields[resource].items():
            reference = definition.references.get(key)
            if key in ("uuid", "url"):
                plan.append((key, _UUID if key == "uuid" else _URL, None, None, ()))
            elif key in definition.reverse:
                plan.append((key, _REVERSE, definition.reverse[key], None, self._link_fields(schema)))
            elif key in computed or reference:
                # A computed value is rendered whole by its function; a reference is rendered here.
                target = reference.target if reference and key not in computed else None
                plan.append((key, _DERIVED, target, computed.get(key), self._link_fields(schema)))
            else:
                plan.append((key, _PLAIN, None, None, ()))
        return plan

    def _link_fields(self, schema: Schema) -> tuple[str, ...]:
        """What a link of this property's schema shows besides uuid and url (a list's items alike)."""
        names: dict[str, Schema] = {}
        self._collect(self.spec, schema.get("items", schema), names)
        return tuple(name for name in names if name not in ("uuid", "url"))

    def expanded(self, resource: str, record: Record, paths: list[str], base: str) -> dict[str, Any]:
        """The `_expand` object for dotted relation paths (`hadBetrokkenen.wasPartij`)."""
        tree: dict[str, Any] = {}
        for path in paths:
            node = tree
            for step in path.split("."):
                node = node.setdefault(step, {})
        return self._expand(resource, record, tree, base)

    def related(self, resource: str, record: Record, key: str) -> tuple[str, list[Record] | Record | None]:
        """The records a relation field of a record leads to, with their collection."""
        definition = self.resources[resource]
        if key in definition.reverse:
            relation = definition.reverse[key]
            sources = self._sources(relation, record["uuid"])
            if relation.through:
                target = self.resources[relation.source].references[relation.through].target
                return target, [r for r in (self.store.get(target, s[relation.through]) for s in sources) if r]
            return relation.source, sources
        reference = definition.references[key]
        value = record.get(key)
        if reference.many:
            found = (self.store.get(reference.target, uuid) for uuid in value or ())
            return reference.target, [r for r in found if r]
        return reference.target, self.store.get(reference.target, value) if value else None

    def _expand(self, resource: str, record: Record, tree: Mapping[str, Any], base: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, subtree in tree.items():
            target, related = self.related(resource, record, key)
            if isinstance(related, list):
                result[key] = [self._expanded_one(target, item, subtree, base) for item in related]
            else:
                result[key] = None if related is None else self._expanded_one(target, related, subtree, base)
        return result

    def _expanded_one(self, resource: str, record: Record, subtree: Mapping[str, Any], base: str) -> Any:
        body = self.render(resource, record, base)
        if subtree:
            body["_expand"] = self._expand(resource, record, subtree, base)
        return body

    def _sources(self, relation: Any, uuid: str) -> list[Record]:
        uuids = self.store.referrers(relation.source, relation.field, uuid)
        return [record for record in (self.store.get(relation.source, s) for s in uuids) if record is not None]

    def _reverse(self, relation: Any, uuid: str, base: str, shown: tuple[str, ...]) -> list[Any]:
        collection, records = relation.source, self._sources(relation, uuid)
        if relation.through:
            collection = self.resources[relation.source].references[relation.through].target
            found = (self.store.get(collection, s[relation.through]) for s in records)
            records = [r for r in found if r is not None]
        if relation.embed:
            return [self.render(collection, record, base) for record in records]
        return [self._link(collection, record["uuid"], base, shown) for record in records]

    def _reference(self, target: str, value: Any, base: str, shown: tuple[str, ...]) -> Any:
        if value is None:
            return None
        if isinstance(value, list):
            return [self._link(target, uuid, base, shown) for uuid in value]
        return self._link(target, value, base, shown)

    def _link(self, collection: str, uuid: str, base: str, shown: tuple[str, ...]) -> dict[str, Any]:
        """`{uuid, url}` of a record, with the fields its link schema adds (a categorie's naam)."""
        link: dict[str, Any] = {"uuid": uuid, "url": f"{base}/{collection}/{uuid}"}
        record = self.store.get(collection, uuid) if shown else None
        for name in shown:
            link[name] = self._linked_value(collection, record or {}, name)
        return link

    def _linked_value(self, collection: str, record: Record, name: str) -> Any:
        via = LINKED_FIELDS.get((collection, name))
        if via is None:
            return record.get(name)
        reference, field = via
        target = self.resources[collection].references[reference].target
        linked = self.store.get(target, record[reference]) if record.get(reference) else None
        return None if linked is None else linked.get(field)

    def _response_fields(self, spec: Spec, resource: str) -> dict[str, Schema]:
        """Properties of the retrieve response, in the spec's order (all variants merged)."""
        schema = spec.operation(resource, "retrieve").response_schema
        assert schema is not None
        names: dict[str, Schema] = {}
        self._collect(spec, schema, names)
        names.pop("_expand", None)
        return names

    def _collect(self, spec: Spec, schema: Schema, names: dict[str, Schema]) -> None:
        """Gather the properties of a schema: `$ref`, `allOf`, `oneOf` and a nullable `anyOf` followed."""
        schema = spec.resolve(schema)
        for part in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
            self._collect(spec, part, names)
        for key, value in schema.get("properties", {}).items():
            names.setdefault(key, value)
