"""Steps several rules share: the first F2173 calls, and reading lists of references."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from contracts.certification.context import Body, Context


def contact_with_actor(ctx: Context, **fields: Any) -> tuple[Body, Body]:
    """Steps 1 and 2: a klantcontact and the link to the logged-in actor."""
    klantcontact = ctx.create("klantcontacten", ctx.data.klantcontact(**fields))
    link = ctx.create("actorklantcontacten", ctx.data.actorklantcontact(ctx.actor, klantcontact["uuid"]))
    return klantcontact, link


def uuids(value: Any) -> list[Any]:
    """The `uuid` of every object in a list (a non-list gives a list with the value itself, to fail loudly)."""
    if not isinstance(value, list):
        return [value]
    return [item.get("uuid") if isinstance(item, dict) else item for item in value]


def unknown_uuid(ctx: Context) -> str:
    """A well-formed uuid no provider holds (drawn from the seed)."""
    return str(uuidlib.UUID(int=ctx.data.rng.getrandbits(128), version=4))


def without_expand(body: Any) -> Any:
    """A body without its `_expand` (expanded objects are compared with plain reads)."""
    return {k: v for k, v in body.items() if k != "_expand"} if isinstance(body, dict) else body


def identificator_uuids(ctx: Context, partij: Body) -> list[str]:
    """The uuids of a partij's `partijIdentificatoren`; a partij response without them fails the rule, since a
    rule that looks them up would otherwise look up nothing and find it gone."""
    found = partij.get("partijIdentificatoren")
    values = uuids(found) if isinstance(found, list) else []
    if not values or not all(isinstance(value, str) and value for value in values):
        ctx.fail(
            f"partijen/{partij.get('uuid')} answers partijIdentificatoren {found!r}: no identificator uuids to check",
            ctx.last,
        )
    return [str(value) for value in values]
