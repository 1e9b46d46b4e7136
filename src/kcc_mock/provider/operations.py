"""The provider's behaviour: Open Klant's operations over the store, without any HTTP.

Every write is prepared completely (validated, built, checked) before anything is stored, so a
rejected request never leaves a trace and `maak-klantcontact` is all-or-nothing.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kcc_mock.provider import errors as msg
from kcc_mock.provider import formats, listing, partijen, releases, rules
from kcc_mock.provider.errors import FieldError, NotFound, ValidationFailed
from kcc_mock.provider.fields import ChoiceObjectField, Field, ObjectField
from kcc_mock.provider.listing import Filters, Query
from kcc_mock.provider.releases import Release
from kcc_mock.provider.representation import Representation
from kcc_mock.provider.resources import Resource
from kcc_mock.provider.schema_compiler import compile_schema
from kcc_mock.provider.spec import Spec
from kcc_mock.provider.spelling import underscore
from kcc_mock.provider.store import ProtectedDelete, Record, Store

Form = ObjectField | ChoiceObjectField
# The parts of a maak-klantcontact body and the collection each is stored in.
MAAK_PARTS = {"klantcontact": "klantcontacten", "betrokkene": "betrokkenen", "onderwerpobject": "onderwerpobjecten"}
# The reference by which each other part points at the new klantcontact.
MAAK_LINKS = {"betrokkene": "hadKlantcontact", "onderwerpobject": "klantcontact"}
_NESTED_KEYS = ("partijIdentificatoren", "digitaleAdressen", "rekeningnummers")  # written through partijen.apply


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def random_uuid() -> str:
    """A fresh version 4 uuid, as `str(uuid.uuid4())` gives it."""
    # Formatted from the random digits directly: a third of the cost of building a UUID object,
    # and a write takes two (the record's and the correlation id).
    digits = os.urandom(16).hex()
    variant = "89ab"[int(digits[16], 16) & 3]  # the top two bits are 10
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


@dataclass
class Prepared:
    """A write that passed every check and can be stored."""

    resource: str
    change: rules.Change
    nested: partijen.NestedPartij | None = None


class Provider:
    """Open Klant's Klantinteracties behaviour over an in-memory store."""

    def __init__(
        self,
        spec: Spec | None = None,
        store: Store | None = None,
        clock: Callable[[], datetime] = utc_now,
        new_uuid: Callable[[], str] = random_uuid,
        resources: Mapping[str, Resource] | None = None,
        release: Release | None = None,
    ) -> None:
        release = release or releases.release()
        resources = release.resources if resources is None else resources
        self.spec = spec or Spec.load(release.spec_path)
        self.store = store or Store(resources)
        self.clock = clock
        self.new_uuid = new_uuid
        self.resources = resources
        self.representation = Representation(self.spec, self.store, resources)
        self.filters = Filters(self.store, resources, release.joined_filters)
        self.forms: dict[str, Form] = {name: self._form(name) for name in resources}
        maak = self.spec.operation("maak-klantcontact", "maak_klantcontact").request_schema
        assert maak is not None
        self.maak_form = compile_schema(maak, self.spec.resolve)
        assert isinstance(self.maak_form, ObjectField)

    # Reads

    def list(self, resource: str, query: Query, base: str) -> dict[str, Any]:
        """A page of a collection, filtered and ordered as Open Klant lists it."""
        operation = self.spec.operation(resource, "list")
        listing.check_known(operation, query)
        expand = listing.expand_paths(operation, query)
        page = listing.paginate(self.filters.select(operation, query), query)
        url = f"{base}/{resource}"
        results = []
        for record in page.records:
            body = self.representation.render(resource, record, base)
            if operation.expand_choices:
                body["_expand"] = self.representation.expanded(resource, record, expand, base)
            results.append(body)
        return {
            "count": page.count,
            "next": listing.page_link(url, query, page.number + 1) if page.number < page.last else None,
            "previous": listing.page_link(url, query, page.number - 1) if page.number > 1 else None,
            "results": results,
        }

    def retrieve(self, resource: str, uuid: str, query: Query, base: str) -> dict[str, Any]:
        """One record, with `_expand` when asked for."""
        operation = self.spec.operation(resource, "retrieve")
        listing.check_known(operation, query)
        expand = listing.expand_paths(operation, query)
        record = self._get(resource, uuid)
        body = self.representation.render(resource, record, base)
        if expand:
            body["_expand"] = self.representation.expanded(resource, record, expand, base)
        return body

    def render(self, resource: str, uuid: str, base: str) -> dict[str, Any]:
        """The current representation of a stored record."""
        return self.representation.render(resource, self._get(resource, uuid), base)

    # Writes

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        """Create a record from a request body (`identity` fixes its uuid, for seed data)."""
        if identity is not None and (formats.parse_uuid(identity) != identity or self.store.exists(resource, identity)):
            raise ValidationFailed([FieldError("uuid", "invalid", "Geen nieuwe, geldige uuid.")])
        prepared = self._prepare(resource, body, current=None, partial=False, identity=identity)
        self._commit(prepared)
        return self.render(resource, prepared.change.record["uuid"], base)

    def update(self, resource: str, uuid: str, body: Any, base: str, partial: bool = False) -> dict[str, Any]:
        """Replace (PUT) or patch (PATCH) a record."""
        current = self._get(resource, uuid)
        prepared = self._prepare(resource, body, current=current, partial=partial)
        self._commit(prepared)
        return self.render(resource, current["uuid"], base)

    def destroy(self, resource: str, uuid: str) -> builtins.list[tuple[str, str]]:
        """Delete a record with Open Klant's cascades; returns everything removed."""
        record = self._get(resource, uuid)
        try:
            return self.store.delete(resource, record["uuid"])
        except ProtectedDelete as refused:
            raise ValidationFailed([refused.error(self.resources)]) from None

    def destroy_onderwerpobject_cascading(self, uuid: str, base: str) -> dict[str, Any]:
        """`DELETE /onderwerpobjecten/{uuid}?cascade=true`: also delete the klantcontacten it

        links when no other onderwerpobject refers to them, with the digitale adressen of their
        betrokkenen that belong to no partij. Answers which klantcontacten were kept.
        """
        record = self._get("onderwerpobjecten", uuid)
        contacts = dict.fromkeys(c for c in (record.get("klantcontact"), record.get("wasKlantcontact")) if c)
        self.store.delete("onderwerpobjecten", record["uuid"])
        kept = []
        for contact in contacts:
            if not self.store.exists("klantcontacten", contact):
                continue
            still_linked = any(
                self.store.referrers("onderwerpobjecten", key, contact) for key in ("klantcontact", "wasKlantcontact")
            )
            if still_linked:
                kept.append(f"{base}/klantcontacten/{contact}")
                continue
            for betrokkene in self.store.referrers("betrokkenen", "hadKlantcontact", contact):
                for adres in self.store.referrers("digitaleadressen", "verstrektDoorBetrokkene", betrokkene):
                    if not self.store.tables["digitaleadressen"][adres].get("verstrektDoorPartij"):
                        self.store.delete("digitaleadressen", adres)
            self.store.delete("klantcontacten", contact)
        return {"behouden": kept}

    def maak_klantcontact(self, body: Any, base: str) -> dict[str, Any]:
        """Create a klantcontact with an optional betrokkene and onderwerpobject, all or nothing."""
        assert isinstance(self.maak_form, ObjectField)
        cleaned, errors = self.maak_form.clean_fields(body, partial=False)
        parts: dict[str, Prepared] = {}
        for part, resource in MAAK_PARTS.items():
            if not cleaned.get(part):
                continue  # not sent, invalid, or without any writable field: Open Klant creates nothing
            prepared, found = self._prepare_cleaned(resource, cleaned[part], None, False, self._nested_form(part))
            errors += [error.prefixed(part) for error in found]
            if prepared:
                parts[part] = prepared
        if errors:
            raise ValidationFailed(errors)
        contact = parts["klantcontact"].change.record["uuid"]
        for part, link in MAAK_LINKS.items():
            if part in parts:
                parts[part].change.record[link] = contact
        for prepared in parts.values():
            self._commit(prepared)
        return {
            part: self.render(resource, parts[part].change.record["uuid"], base) if part in parts else None
            for part, resource in MAAK_PARTS.items()
        }

    # Internals

    def _form(self, resource: str) -> Form:
        schema = self.spec.operation(resource, "create").request_schema
        assert schema is not None
        form = compile_schema(schema, self.spec.resolve, rules.CHECKS.get(resource))
        assert isinstance(form, ObjectField | ChoiceObjectField)
        if isinstance(form, ObjectField):
            form.required = form.required - frozenset(rules.LATE_REQUIRED.get(resource, ()))
        return form

    def _nested_form(self, part: str) -> Form:
        assert isinstance(self.maak_form, ObjectField)
        form = self.maak_form.properties[part]
        assert isinstance(form, ObjectField | ChoiceObjectField)
        return form

    def _get(self, resource: str, uuid: str) -> Record:
        canonical = formats.parse_uuid(uuid) if isinstance(uuid, str) else None
        record = self.store.get(resource, canonical) if canonical else None
        if record is None:
            raise NotFound()
        return record

    def _prepare(
        self, resource: str, body: Any, current: Record | None, partial: bool, identity: str | None = None
    ) -> Prepared:
        form = self.forms[resource]
        if isinstance(form, ChoiceObjectField):
            fallback = current.get(form.discriminator) if current else None
            if partial and isinstance(body, dict):
                body = _without_unnamed_kind(resource, body)
            form = form.variant(body, fallback)
        cleaned, errors = form.clean_fields(body, partial)
        prepared, found = self._prepare_cleaned(resource, cleaned, current, partial, form, errors, identity)
        if found or prepared is None:
            raise ValidationFailed(found)
        return prepared

    def _prepare_cleaned(
        self,
        resource: str,
        cleaned: dict[str, Any],
        current: Record | None,
        partial: bool,
        form: Form,
        errors: builtins.list[FieldError] | None = None,
        identity: str | None = None,
    ) -> tuple[Prepared | None, builtins.list[FieldError]]:
        if isinstance(form, ChoiceObjectField):
            form = form.variant(cleaned)
        errors = list(errors or [])
        errors += self._relation_errors(resource, cleaned, current)
        errors.sort(key=lambda error: form.order.get(error.name.split(".", 1)[0], len(form.order)))
        if errors:
            return None, errors
        nested = partijen.split(cleaned) if resource == "partijen" else None
        change = rules.Change(self.store, resource, {}, current, cleaned, self.clock(), partial)
        change.record = self._build(resource, form, cleaned, change, identity)
        derive = rules.DERIVE.get(resource)
        if derive:
            derive(change)
        checks = (rules.unique_together, *rules.OBJECT_RULES.get(resource, ()))
        found = [error for rule in checks for error in rule(change)]
        if nested is not None:
            replacing = change.current is not None and not partial
            found += partijen.nested_errors(self.store, nested, change.record, self.new_uuid, cleaned, replacing)
            if not found:
                found = partijen.save_errors(self.store, nested, change.record["uuid"])
        return (None, found) if found else (Prepared(resource, change, nested), [])

    def _relation_errors(
        self, resource: str, cleaned: dict[str, Any], current: Record | None
    ) -> builtins.list[FieldError]:
        definition = self.resources[resource]
        errors = []
        # References, and the lists of links a record takes to set the other side (a partij's
        # digitaleAdressen and rekeningnummers): each named object must exist.
        links = {key: (ref.target, ref.many) for key, ref in definition.references.items()}
        links |= {key: (rev.source, True) for key, rev in definition.reverse.items() if not rev.embed}
        for key, (target, many) in links.items():
            value = cleaned.get(key)
            if value is None:
                continue
            items = enumerate(value) if many else [(None, value)]
            for index, item in items:
                if not self.store.exists(target, item["uuid"]):
                    name = f"{key}.uuid" if index is None else f"{key}.{index}.uuid"
                    errors.append(FieldError(name, "invalid", msg.does_not_exist(self.resources[target].model)))
        own = current["uuid"] if current else None
        sent = cleaned.get("uuid") if definition.uuid_names_a_record else None
        if sent is not None and not self.store.exists(resource, sent):
            errors.append(FieldError("uuid", "invalid", msg.does_not_exist(definition.model)))
        elif sent is not None and sent != own:
            errors.append(FieldError("uuid", "unique", msg.uuid_taken(definition.verbose)))
        for key in definition.unique:
            holder = self.store.holder(resource, key, cleaned.get(key))
            if cleaned.get(key) is not None and holder not in (None, own):
                reason = f"Er bestaat al een {definition.verbose} met eenzelfde {key}."
                errors.append(FieldError(key, "unique", reason))
        return errors

    def _build(
        self, resource: str, form: ObjectField, cleaned: dict[str, Any], change: rules.Change, identity: str | None
    ) -> Record:
        definition = self.resources[resource]
        defaults = rules.DEFAULTS.get(resource, {})
        if change.current is not None:
            record = dict(change.current)
            keys = list(cleaned)
        else:
            record = {"uuid": identity or self.new_uuid()}
            keys = [key for key in form.properties if key != "uuid"]  # a client's uuid is ignored
        for key in keys:
            if key == "uuid" or key in _NESTED_KEYS:
                continue
            if key in definition.empty_is_unsent and cleaned.get(key) == {}:
                if change.current is not None:
                    continue  # an update keeps the stored group
                record[key] = None
                continue
            if key in cleaned:
                value = cleaned[key]
            elif key in defaults:
                value = defaults[key](change)
            elif key in definition.references or key in definition.nullable_groups:
                value = None
            else:
                value = form.properties[key].empty()
            record[key] = self._stored(definition, key, form.properties[key], value)
        return record

    @staticmethod
    def _stored(definition: Resource, key: str, form: Field, value: Any) -> Any:
        """The stored form of a cleaned value: references as uuids, groups complete."""
        reference = definition.references.get(key)
        if reference is not None:
            if value is None:
                return [] if reference.many else None
            return [item["uuid"] for item in value] if reference.many else value["uuid"]
        if key in definition.groups and isinstance(form, ObjectField):
            if value is None:
                return None if key in definition.nullable_groups else form.fill({})
            return form.fill(value)
        return value

    def _commit(self, prepared: Prepared) -> None:
        self.store.save(prepared.resource, prepared.change.record)
        if prepared.nested is not None:
            partijen.apply(self.store, prepared.nested, prepared.change.record["uuid"])
        after = rules.AFTER_SAVE.get(prepared.resource)
        if after:
            after(prepared.change)


def _without_unnamed_kind(resource: str, body: dict[str, Any]) -> dict[str, Any]:
    """A PATCH body without its kind's group when it does not name the kind: Open Klant ignores it."""
    discriminator, group = rules.VARIANT_GROUPS[resource]
    if any(underscore(key) == underscore(discriminator) for key in body if isinstance(key, str)):
        return body
    return {
        key: value for key, value in body.items() if not (isinstance(key, str) and underscore(key) == underscore(group))
    }
