"""Invariants 3-7: refused writes store nothing, and say why with Open Klant's names and codes."""

from __future__ import annotations

from contracts.certification.context import Context
from contracts.certification.rules.book import BOOK
from contracts.certification.rules.steps import contact_with_actor, unknown_uuid

_CONTACT_SUCCEEDED = ("nonFieldErrors", "no-further-action-when-contact-succesful")


@BOOK.rule(
    "INV-03",
    "Every malformed POST /klantcontacten the rule sends (missing fields, too long taal, wrong type, the "
    "contact-succeeded rule where the version has it, a date-time that is not ISO 8601) is refused with a 4xx, "
    "leaves the number of klantcontacten unchanged and stores nothing",
    source="brief §6.4 #3 (M); §6.3 row 1; ART/2173 saga",
)
def refused_klantcontact_stores_nothing(ctx: Context) -> None:
    """INV-03."""
    bad_bodies = [
        ("without kanaal, onderwerp, taal and vertrouwelijk", {"referentienummer": ctx.data.number()}),
        ("taal 'Nederlands'", ctx.data.klantcontact(taal="Nederlands")),
        ("vertrouwelijk 'Nee'", ctx.data.klantcontact(vertrouwelijk="Nee")),
        ("plaatsgevondenOp '01-03-2023 10:00'", ctx.data.klantcontact(plaatsgevondenOp="01-03-2023 10:00")),
    ]
    if ctx.has("Klantcontact.verdereActieOndernomen"):  # the rule came with the field, in API 0.9.0
        both = ctx.data.klantcontact(indicatieContactGelukt=True, verdereActieOndernomen=True)
        bad_bodies.insert(3, ("indicatieContactGelukt and verdereActieOndernomen both true", both))
    for label, body in bad_bodies:
        before = ctx.count("klantcontacten")
        exchange = ctx.post("/klantcontacten", body)
        ctx.expect(
            exchange.status is not None and 400 <= exchange.status < 500,
            f"a klantcontact with {label} was not refused ({exchange.status if exchange.status else exchange.error})",
            exchange,
        )
        after = ctx.count("klantcontacten")
        ctx.expect(after == before, f"the count went from {before} to {after} after a {exchange.status}", exchange)
        found = ctx.contacts_with(body["referentienummer"])
        ctx.expect(not found, "the refused klantcontact can be found by its referentienummer", exchange)


@BOOK.rule(
    "INV-04",
    "A reference to an unknown uuid is a 400 at '<field>.uuid' with code 'invalid', and nothing is stored",
    source="brief §6.4 #4; §4.2; observed 7",
)
def unknown_reference(ctx: Context) -> None:
    """INV-04."""
    k = ctx.create("klantcontacten", ctx.data.klantcontact())
    kc = k["uuid"]
    links_before = ctx.count("actorklantcontacten", {"actor__uuid": ctx.actor})
    betrokkenen_before = ctx.count("betrokkenen")
    ctx.expect_invalid(
        ctx.post("/actorklantcontacten", ctx.data.actorklantcontact(unknown_uuid(ctx), kc)),
        {("actor.uuid", "invalid")},
        what="actorklantcontact with an unknown actor",
    )
    ctx.expect_invalid(
        ctx.post("/actorklantcontacten", ctx.data.actorklantcontact(ctx.actor, unknown_uuid(ctx))),
        {("klantcontact.uuid", "invalid")},
        what="actorklantcontact with an unknown klantcontact",
    )
    ctx.expect_invalid(
        ctx.post("/betrokkenen", ctx.data.betrokkene(unknown_uuid(ctx))),
        {("hadKlantcontact.uuid", "invalid")},
        what="betrokkene with an unknown klantcontact",
    )
    ctx.expect_invalid(
        ctx.post("/betrokkenen", ctx.data.betrokkene(kc, partij=unknown_uuid(ctx))),
        {("wasPartij.uuid", "invalid")},
        what="betrokkene with an unknown partij",
    )
    ctx.expect(ctx.count("actorklantcontacten", {"klantcontact__uuid": kc}) == 0, "a refused actor link was stored")
    links_after = ctx.count("actorklantcontacten", {"actor__uuid": ctx.actor})
    ctx.expect(links_after == links_before, "a refused actor link of the actor was stored")
    ctx.expect(ctx.count("betrokkenen") == betrokkenen_before, "a refused betrokkene was stored")

    link = ctx.create("actorklantcontacten", ctx.data.actorklantcontact(ctx.actor, kc))
    ctx.expect_invalid(
        ctx.patch(f"/actorklantcontacten/{link['uuid']}", {"klantcontact": {"uuid": unknown_uuid(ctx)}}),
        {("klantcontact.uuid", "invalid")},
        what="PATCH of an actorklantcontact to an unknown klantcontact",
    )
    unchanged = ctx.read("actorklantcontacten", link["uuid"])
    ctx.expect(unchanged.get("klantcontact") == ctx.ref("klantcontacten", kc), "the refused PATCH changed the link")


@BOOK.rule(
    "INV-05",
    "Required, enum, length and type violations are a 400 listing every invalid field with its camelCase name and "
    "code (required, invalid_choice, max_length, invalid)",
    source="brief §6.4 #5; §4.2; observed 2, 5, 6",
)
def field_violations(ctx: Context) -> None:
    """INV-05."""
    k = ctx.create("klantcontacten", ctx.data.klantcontact())
    kc = k["uuid"]
    cases = [
        (
            "klantcontact {}",
            "klantcontacten",
            {},
            {(f, "required") for f in ("kanaal", "onderwerp", "taal", "vertrouwelijk")},
        ),
        ("taal 'nederlands'", "klantcontacten", ctx.data.klantcontact(taal="nederlands"), {("taal", "max_length")}),
        (
            "onderwerp of 201",
            "klantcontacten",
            ctx.data.klantcontact(onderwerp="a" * 201),
            {("onderwerp", "max_length")},
        ),
        (
            "vertrouwelijk 'misschien'",
            "klantcontacten",
            ctx.data.klantcontact(vertrouwelijk="misschien"),
            {("vertrouwelijk", "invalid")},
        ),
        ("kanaal ''", "klantcontacten", ctx.data.klantcontact(kanaal=""), {("kanaal", "blank")}),
        ("betrokkene {}", "betrokkenen", {}, {(f, "required") for f in ("hadKlantcontact", "rol", "initiator")}),
        ("rol 'burger'", "betrokkenen", ctx.data.betrokkene(kc, rol="burger"), {("rol", "invalid_choice")}),
        (
            "bezoekadres.land '6030'",
            "betrokkenen",
            ctx.data.betrokkene(kc, bezoekadres={"adresregel1": "x", "land": "6030"}),
            {("bezoekadres.land", "invalid"), ("bezoekadres.land", "max_length")},
        ),
        ("actorklantcontact {}", "actorklantcontacten", {}, {("actor", "required"), ("klantcontact", "required")}),
    ]
    if ctx.may_create_actors:  # a refused actor is never created, but --actor-uuid means: do not even try
        cases.append(
            (
                "soortActor 'burger'",
                "actoren",
                {"naam": "x", "soortActor": "burger"},
                {("soortActor", "invalid_choice")},
            )
        )
    for label, collection, body, expected in cases:
        ctx.expect_invalid(ctx.post(f"/{collection}", body), expected, what=f"POST /{collection} with {label}")


@BOOK.rule(
    "INV-06a",
    "A duplicate referentienummer or nummer of a klantcontact is a 400 with code 'unique'; the first stays the "
    "only one",
    source="brief §6.4 #6; §5.2; observed 8",
)
def unique_numbers(ctx: Context) -> None:
    """INV-06a."""
    first = ctx.create("klantcontacten", ctx.data.klantcontact(nummer=ctx.data.number()))
    referentienummer, nummer = first["referentienummer"], first["nummer"]
    ctx.expect_invalid(
        ctx.post("/klantcontacten", ctx.data.klantcontact(referentienummer=referentienummer)),
        {("referentienummer", "unique")},
        what="a second klantcontact with the same referentienummer",
    )
    ctx.expect_invalid(
        ctx.post("/klantcontacten", ctx.data.klantcontact(nummer=nummer)),
        {("nummer", "unique")},
        what="a second klantcontact with the same nummer",
    )
    for key, value in (("referentienummer", referentienummer), ("nummer", nummer)):
        found = ctx.find("klantcontacten", {key: value}, adopt=True)  # both numbers were drawn by this run
        ctx.expect(found == [first["uuid"]], f"klantcontacten with {key} {value}: {found}, expected only the first")


@BOOK.rule(
    "INV-06b",
    "A second link of the same actor and klantcontact is a 400 'nonFieldErrors'/'unique'; the first stays the only one",
    source="brief §6.4 #6; §2.2; observed 11",
)
def unique_actor_link(ctx: Context) -> None:
    """INV-06b."""
    k, _ = contact_with_actor(ctx)
    ctx.expect_invalid(
        ctx.post("/actorklantcontacten", ctx.data.actorklantcontact(ctx.actor, k["uuid"])),
        {("nonFieldErrors", "unique")},
        what="a second link of the same actor and klantcontact",
    )
    count = ctx.count("actorklantcontacten", {"klantcontact__uuid": k["uuid"]})
    ctx.expect(count == 1, f"the klantcontact has {count} actor links")


@BOOK.rule(
    "INV-07",
    "indicatieContactGelukt=true with verdereActieOndernomen=true is a 400 "
    "'no-further-action-when-contact-succesful', on POST and on PATCH against the stored value",
    source="brief §6.4 #7; §4.2; observed 10",
    needs=("Klantcontact.verdereActieOndernomen",),  # API 0.9.0 added the field and the rule
)
def contact_succeeded_rule(ctx: Context) -> None:
    """INV-07."""
    body = ctx.data.klantcontact(indicatieContactGelukt=True, verdereActieOndernomen=True)
    ctx.expect_invalid(ctx.post("/klantcontacten", body), {_CONTACT_SUCCEEDED}, what="POST with both flags true")
    ctx.expect(not ctx.contacts_with(body["referentienummer"]), "the refused klantcontact was stored")
    stored = ctx.create("klantcontacten", ctx.data.klantcontact(indicatieContactGelukt=True))
    ctx.expect_invalid(
        ctx.patch(f"/klantcontacten/{stored['uuid']}", {"verdereActieOndernomen": True}),
        {_CONTACT_SUCCEEDED},
        what="PATCH verdereActieOndernomen=true on a contact that succeeded",
    )
    ctx.expect(ctx.read("klantcontacten", stored["uuid"]).get("verdereActieOndernomen") is False, "the PATCH was kept")
    allowed = ctx.post(
        "/klantcontacten", ctx.data.klantcontact(indicatieContactGelukt=False, verdereActieOndernomen=True)
    )
    ctx.expect_status(allowed, 201, what="a failed contact with further action (allowed)")
