"""Invariants 1, 2, 8, 9, 10 and 14: identity, read-only fields, live relations, cascades, atomic writes, groups."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from contracts.certification.context import Body, Context
from contracts.certification.rules.book import BOOK
from contracts.certification.rules.steps import unknown_uuid, uuids

_REVERSE = {
    "actorklantcontacten": "hadBetrokkenActoren",
    "betrokkenen": "hadBetrokkenen",
    "onderwerpobjecten": "gingOverOnderwerpobjecten",
    "bijlagen": "omvatteBijlagen",
    "internetaken": "leiddeTotInterneTaken",
}


def _is_fresh_uuid(value: Any) -> bool:
    try:
        parsed = uuidlib.UUID(str(value))
    except ValueError:
        return False
    return str(parsed) == value and parsed.variant == uuidlib.RFC_4122


@BOOK.rule(
    "INV-01",
    "Every collection's create (klantcontacten, actorklantcontacten, partijen, partij-identificatoren, betrokkenen, "
    "digitaleadressen, onderwerpobjecten, bijlagen, internetaken, categorieen, categorie-relaties, rekeningnummers, "
    "vertegenwoordigingen, and actoren unless --actor-uuid; maak-klantcontact is INV-10's) answers 201 with a fresh "
    "RFC 4122 uuid, url = base/collection/uuid, Location = url, and a GET of that object returns an equal body",
    source="brief §6.4 #1; §5.1; observed 15",
)
def identity_of_created_objects(ctx: Context) -> None:
    """INV-01."""
    seen: set[str] = set()

    def check(collection: str, body: Body) -> str:
        exchange = ctx.post(f"/{collection}", body)
        ctx.expect_status(exchange, 201, what=f"POST /{collection}")
        created = exchange.json()
        uuid = created.get("uuid") if isinstance(created, dict) else None
        ctx.expect(_is_fresh_uuid(uuid) and uuid not in seen, f"{collection}: uuid {uuid!r} is not fresh", exchange)
        seen.add(str(uuid))
        url = ctx.ref(collection, str(uuid))["url"]
        ctx.expect(created.get("url") == url, f"{collection}: url should be {url}", exchange)
        ctx.expect(exchange.header("location") == url, f"{collection}: the Location header should be {url}", exchange)
        read = ctx.get(f"/{collection}/{uuid}")
        ctx.expect(read.json() == created, f"{collection}: GET returns another body than the create", exchange, read)
        return str(uuid)

    kc = check("klantcontacten", ctx.data.klantcontact())
    check("actorklantcontacten", ctx.data.actorklantcontact(ctx.actor, kc))
    partij = check("partijen", ctx.data.partij())
    check("partij-identificatoren", ctx.data.partij_identificator())
    betrokkene = check("betrokkenen", ctx.data.betrokkene(kc, partij=partij))
    check("digitaleadressen", ctx.data.digitaal_adres(betrokkene))
    check("onderwerpobjecten", ctx.data.onderwerpobject(kc))
    check("bijlagen", ctx.data.bijlage(kc))
    check("internetaken", ctx.data.internetaak(kc, ctx.actor))
    categorie = check("categorieen", ctx.data.categorie())
    check("categorie-relaties", ctx.data.categorie_relatie(partij, categorie))
    check("rekeningnummers", ctx.data.rekeningnummer(partij))
    check("vertegenwoordigingen", ctx.data.vertegenwoordiging(partij, check("partijen", ctx.data.partij())))
    if ctx.may_create_actors:
        check("actoren", ctx.data.medewerker(naam="Tweede medewerker (certificering)"))


@BOOK.rule(
    "INV-02",
    "Read-only fields sent in a request (uuid, url, reverse relations, volledigeNaam, toegewezenOp) are ignored, "
    "never a 400",
    source="brief §6.4 #2; §5.1; observed 9",
)
def read_only_fields_ignored(ctx: Context) -> None:
    """INV-02."""
    sent_uuid, elsewhere = unknown_uuid(ctx), {"uuid": ctx.actor}
    reverse = ("gingOverOnderwerpobjecten", "hadBetrokkenActoren", "omvatteBijlagen", "hadBetrokkenen")
    body = ctx.data.klantcontact(
        uuid=sent_uuid,
        url="https://elders.example/klantcontacten/" + sent_uuid,
        leiddeTotInterneTaken=[elsewhere],
        **{field: [elsewhere] for field in reverse},
    )
    exchange = ctx.post("/klantcontacten", body)
    ctx.expect_status(exchange, 201, what="a klantcontact carrying read-only fields")
    k = exchange.json()
    ctx.expect(k.get("uuid") != sent_uuid, "the client's uuid was used", exchange)
    ctx.expect(
        k.get("url") == ctx.ref("klantcontacten", k.get("uuid", ""))["url"], "the client's url was used", exchange
    )
    for field in (*reverse, "leiddeTotInterneTaken"):
        ctx.expect(k.get(field) == [], f"the client's {field} was used", exchange)

    body = ctx.data.betrokkene(k["uuid"], uuid=sent_uuid, volledigeNaam="Iemand Anders", digitaleAdressen=[elsewhere])
    exchange = ctx.post("/betrokkenen", body)
    ctx.expect_status(exchange, 201, what="a betrokkene carrying read-only fields")
    betrokkene = exchange.json()
    ctx.expect(betrokkene.get("uuid") != sent_uuid, "the client's uuid was used", exchange)
    ctx.expect(betrokkene.get("volledigeNaam") == "Jan de Vries", "the client's volledigeNaam was used", exchange)
    ctx.expect(betrokkene.get("digitaleAdressen") == [], "the client's digitaleAdressen was used", exchange)

    stamp = "2000-01-01T00:00:00Z"
    exchange = ctx.post("/internetaken", ctx.data.internetaak(k["uuid"], ctx.actor, toegewezenOp=stamp))
    ctx.expect_status(exchange, 201, what="an internetaak carrying toegewezenOp")
    ctx.expect(exchange.json().get("toegewezenOp") != stamp, "the client's toegewezenOp was used", exchange)


@BOOK.rule(
    "INV-08",
    "Read-your-writes: after creating an actor link, betrokkene, onderwerpobject, bijlage or internetaak the "
    "klantcontact lists it, and after deleting it the listing is gone",
    source="brief §6.4 #8; §5.4",
)
def read_your_writes(ctx: Context) -> None:
    """INV-08."""
    kc = ctx.create("klantcontacten", ctx.data.klantcontact())["uuid"]
    bodies = {
        "actorklantcontacten": ctx.data.actorklantcontact(ctx.actor, kc),
        "betrokkenen": ctx.data.betrokkene(kc),
        "onderwerpobjecten": ctx.data.onderwerpobject(kc),
        "bijlagen": ctx.data.bijlage(kc),
        "internetaken": ctx.data.internetaak(kc, ctx.actor),
    }
    for collection, body in bodies.items():
        field = _REVERSE[collection]
        child = ctx.create(collection, body)["uuid"]
        listed = ctx.get(f"/klantcontacten/{kc}")
        shown = ctx.actor if collection == "actorklantcontacten" else child  # actors are listed, not the links
        ctx.expect(uuids((listed.json() or {}).get(field)) == [shown], f"{field} does not list the new one", listed)
        ctx.expect_status(ctx.delete(f"/{collection}/{child}"), 204, what=f"DELETE of the {collection} object")
        listed = ctx.get(f"/klantcontacten/{kc}")
        ctx.expect((listed.json() or {}).get(field) == [], f"{field} still lists the deleted one", listed)

    other = ctx.create("klantcontacten", ctx.data.klantcontact())["uuid"]
    ctx.create("onderwerpobjecten", ctx.data.onderwerpobject(other, was_klantcontact=kc))
    listed = ctx.get(f"/klantcontacten/{kc}")
    ctx.expect(
        (listed.json() or {}).get("gingOverOnderwerpobjecten") == [],
        "gingOverOnderwerpobjecten lists an onderwerpobject that only refers to it as wasKlantcontact",
        listed,
    )


@BOOK.rule(
    "INV-09",
    "DELETE of a klantcontact answers 204 and cascades to its actor links, betrokkenen, onderwerpobjecten (both "
    "references), bijlagen and internetaken; its digitale adressen survive unlinked; actor and other contacts survive",
    source="brief §6.4 #9; §5.3; observed 12",
)
def klantcontact_cascade(ctx: Context) -> None:
    """INV-09."""
    kc = ctx.create("klantcontacten", ctx.data.klantcontact())["uuid"]
    other = ctx.create("klantcontacten", ctx.data.klantcontact())["uuid"]
    betrokkene = ctx.create("betrokkenen", ctx.data.betrokkene(kc))["uuid"]
    adres = ctx.create("digitaleadressen", ctx.data.digitaal_adres(betrokkene))["uuid"]
    children = [
        ("actorklantcontacten", ctx.create("actorklantcontacten", ctx.data.actorklantcontact(ctx.actor, kc))["uuid"]),
        ("betrokkenen", betrokkene),
        ("onderwerpobjecten", ctx.create("onderwerpobjecten", ctx.data.onderwerpobject(kc))["uuid"]),
        ("onderwerpobjecten", ctx.create("onderwerpobjecten", ctx.data.onderwerpobject(other, kc))["uuid"]),
        ("bijlagen", ctx.create("bijlagen", ctx.data.bijlage(kc))["uuid"]),
        ("internetaken", ctx.create("internetaken", ctx.data.internetaak(kc, ctx.actor))["uuid"]),
    ]
    deleted = ctx.delete(f"/klantcontacten/{kc}")
    ctx.expect_status(deleted, 204, what="DELETE of the klantcontact")
    ctx.expect(deleted.response_body == b"", "the 204 has a body", deleted)
    ctx.expect(not ctx.exists("klantcontacten", kc), "the deleted klantcontact can still be read", ctx.last)
    survivors = [ctx.last for collection, uuid in children if ctx.exists(collection, uuid)]
    ctx.expect(not survivors, f"not cascaded: {', '.join(e.url for e in survivors)}", deleted, *survivors)
    kept = ctx.read("digitaleadressen", adres)
    ctx.expect(kept.get("verstrektDoorBetrokkene") is None, "the digitaal adres still points at the betrokkene")
    ctx.expect(ctx.exists("klantcontacten", other), "the other klantcontact was deleted too")
    ctx.expect(ctx.exists("actoren", ctx.actor), "the actor was deleted too")


@BOOK.rule(
    "INV-09b",
    "DELETE of an actor cascades to its actor links; the klantcontact survives with hadBetrokkenActoren []",
    source="brief §5.3; observed 12",
    creates_actors=True,
)
def actor_cascade(ctx: Context) -> None:
    """INV-09b."""
    actor = ctx.create("actoren", ctx.data.medewerker(naam="Vertrekkende medewerker (certificering)"))["uuid"]
    kc = ctx.create("klantcontacten", ctx.data.klantcontact())["uuid"]
    link = ctx.create("actorklantcontacten", ctx.data.actorklantcontact(actor, kc))["uuid"]
    ctx.expect_status(ctx.delete(f"/actoren/{actor}"), 204, what="DELETE of the actor")
    ctx.expect(not ctx.exists("actorklantcontacten", link), "the actor link survived its actor", ctx.last)
    contact = ctx.read("klantcontacten", kc)
    ctx.expect(contact.get("hadBetrokkenActoren") == [], "the klantcontact still lists the deleted actor")


@BOOK.rule(
    "INV-10",
    "POST /maak-klantcontact links klantcontact, betrokkene and onderwerpobject, and is all-or-nothing: an error in "
    "any part is a 400 with prefixed names and stores none of them",
    source="brief §6.4 #10; §3.4; observed 18",
)
def maak_klantcontact_atomic(ctx: Context) -> None:
    """INV-10."""
    betrokkene = {"rol": "klant", "initiator": True, "contactnaam": {"voornaam": "Ans", "achternaam": "Jansen"}}
    onderwerp = {"onderwerpobjectidentificator": ctx.data.onderwerpobject(None)["onderwerpobjectidentificator"]}
    made = ctx.post(
        "/maak-klantcontact",
        {"klantcontact": ctx.data.klantcontact(), "betrokkene": betrokkene, "onderwerpobject": onderwerp},
    )
    ctx.expect_status(made, 201, what="a valid maak-klantcontact")
    parts = made.json()
    kc, b, o = (str((parts.get(name) or {}).get("uuid")) for name in ("klantcontact", "betrokkene", "onderwerpobject"))
    kc_ref = ctx.ref("klantcontacten", kc)
    ctx.expect((parts.get("betrokkene") or {}).get("hadKlantcontact") == kc_ref, "betrokkene not linked", made)
    ctx.expect((parts.get("onderwerpobject") or {}).get("klantcontact") == kc_ref, "onderwerpobject not linked", made)
    contact = ctx.read("klantcontacten", kc)
    ctx.expect(contact.get("hadBetrokkenen") == [ctx.ref("betrokkenen", b)], "klantcontact misses its betrokkene")
    ctx.expect(
        contact.get("gingOverOnderwerpobjecten") == [ctx.ref("onderwerpobjecten", o)],
        "klantcontact misses its onderwerpobject",
    )

    long_id = {"onderwerpobjectidentificator": {**onderwerp["onderwerpobjectidentificator"], "objectId": "x" * 201}}
    cases = [
        (
            "an invalid betrokkene",
            {"klantcontact": ctx.data.klantcontact(), "betrokkene": {**betrokkene, "rol": "burger"}},
            ("betrokkene.rol", "invalid_choice"),
        ),
        (
            "an invalid onderwerpobject",
            {"klantcontact": ctx.data.klantcontact(), "betrokkene": betrokkene, "onderwerpobject": long_id},
            ("onderwerpobject.onderwerpobjectidentificator.objectId", "max_length"),
        ),
        (
            "an invalid klantcontact",
            {"klantcontact": ctx.data.klantcontact(taal="nederlands"), "betrokkene": betrokkene},
            ("klantcontact.taal", "max_length"),
        ),
    ]
    for label, body, expected in cases:
        counts = {name: ctx.count(name) for name in ("betrokkenen", "onderwerpobjecten")}
        ctx.expect_invalid(ctx.post("/maak-klantcontact", body), {expected}, what=f"maak-klantcontact with {label}")
        found = ctx.contacts_with(body["klantcontact"]["referentienummer"])
        ctx.expect(not found, f"maak-klantcontact with {label} stored the klantcontact")
        after = {name: ctx.count(name) for name in counts}
        ctx.expect(after == counts, f"maak-klantcontact with {label} stored a part: {counts} became {after}")


@BOOK.rule(
    "INV-14",
    "PATCH of a gegevensgroep replaces the whole group: omitted sub-fields become '' (huisnummer null)",
    source="brief §6.4 #14; §2.3",
)
def group_patch_replaces(ctx: Context) -> None:
    """INV-14."""
    kc = ctx.create("klantcontacten", ctx.data.klantcontact())["uuid"]
    adres = {"straatnaam": "Dorpsstraat", "huisnummer": 12, "postcode": "1234 AB", "stad": "Ergens", "land": "NL"}
    b = ctx.create("betrokkenen", ctx.data.betrokkene(kc, bezoekadres=adres))["uuid"]
    patched = ctx.patch(
        f"/betrokkenen/{b}", {"contactnaam": {"voornaam": "Piet"}, "bezoekadres": {"adresregel1": "Postbus 1"}}
    )
    ctx.expect_status(patched, 200, what="PATCH of two groups")
    wanted_naam = {"voorletters": "", "voornaam": "Piet", "voorvoegselAchternaam": "", "achternaam": ""}
    wanted_adres = {
        "nummeraanduidingId": "",
        "straatnaam": "",
        "huisnummer": None,
        "huisnummertoevoeging": "",
        "postcode": "",
        "stad": "",
        "adresregel1": "Postbus 1",
        "adresregel2": "",
        "adresregel3": "",
        "land": "",
    }
    for body, exchange in ((patched.json() or {}, patched), (ctx.read("betrokkenen", b), None)):
        evidence = (exchange,) if exchange else ()
        ctx.expect(body.get("contactnaam") == wanted_naam, f"contactnaam became {body.get('contactnaam')}", *evidence)
        ctx.expect(body.get("bezoekadres") == wanted_adres, f"bezoekadres became {body.get('bezoekadres')}", *evidence)
        ctx.expect(body.get("volledigeNaam") == "Piet", "volledigeNaam does not follow the new contactnaam", *evidence)
