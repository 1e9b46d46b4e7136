"""The F2173 happy flow: every step, every reference and reverse relation, and the verifying read."""

from __future__ import annotations

from contracts.certification.context import Context
from contracts.certification.rules.book import BOOK
from contracts.certification.rules.steps import contact_with_actor, uuids, without_expand


@BOOK.rule(
    "FLOW-01",
    "Core flow: klantcontact, actorklantcontact and a betrokkene without partij reference each other both ways, "
    "and the verifying read with expand=hadBetrokkenen shows them",
    source="brief §6.1 steps 1, 2, 3b, 8; §6.2; §7 #10; observed 13",
)
def core_flow(ctx: Context) -> None:
    """FLOW-01."""
    k, link = contact_with_actor(ctx)
    kc = k["uuid"]
    betrokkene = ctx.create("betrokkenen", ctx.data.betrokkene(kc))
    ctx.expect(link.get("actor") == ctx.ref("actoren", ctx.actor), "actorklantcontact.actor is not the actor's ref")
    ctx.expect(link.get("klantcontact") == ctx.ref("klantcontacten", kc), "actorklantcontact.klantcontact is wrong")
    ctx.expect(link["uuid"] != kc, "the actorklantcontact reuses the klantcontact's uuid")
    ctx.expect(
        betrokkene.get("hadKlantcontact") == ctx.ref("klantcontacten", kc), "betrokkene.hadKlantcontact is wrong"
    )
    ctx.expect(betrokkene.get("volledigeNaam") == "Jan de Vries", "betrokkene.volledigeNaam is not computed")

    final_exchange = ctx.get(f"/klantcontacten/{kc}", {"expand": "hadBetrokkenen"})
    ctx.expect_status(final_exchange, 200, what="the verifying read")
    final = final_exchange.json()
    actors = final.get("hadBetrokkenActoren")
    ctx.expect(
        uuids(actors) == [ctx.actor], "hadBetrokkenActoren does not list exactly the linked actor", final_exchange
    )
    ctx.expect(
        isinstance(actors[0], dict) and {"naam", "soortActor"} <= actors[0].keys(),
        "hadBetrokkenActoren does not embed the full actor",
        final_exchange,
    )
    ctx.expect(
        final.get("hadBetrokkenen") == [ctx.ref("betrokkenen", betrokkene["uuid"])],
        "hadBetrokkenen does not list exactly the betrokkene",
        final_exchange,
    )
    expanded = (final.get("_expand") or {}).get("hadBetrokkenen")
    stored = ctx.read("betrokkenen", betrokkene["uuid"])
    ctx.expect(
        isinstance(expanded, list) and [without_expand(item) for item in expanded] == [stored],
        "_expand.hadBetrokkenen is not the betrokkene as read on its own",
        final_exchange,
    )

    found = {
        "actorklantcontacten": (uuids(ctx.listing("actorklantcontacten", {"klantcontact__uuid": kc})[0]["results"])),
        "betrokkenen": uuids(ctx.listing("betrokkenen", {"hadKlantcontact__uuid": kc})[0]["results"]),
        "klantcontacten": uuids(
            ctx.listing("klantcontacten", {"referentienummer": k["referentienummer"]})[0]["results"]
        ),
    }
    wanted = {"actorklantcontacten": [link["uuid"]], "betrokkenen": [betrokkene["uuid"]], "klantcontacten": [kc]}
    ctx.expect(found == wanted, f"the flow's filters find {found}, expected {wanted}")


@BOOK.rule(
    "FLOW-02",
    "Flow with a new partij: the partij and its BSN identificator are created in one call, the betrokkene refers "
    "to it, the partij lists the betrokkene, and expand=hadBetrokkenen,hadBetrokkenen.wasPartij reaches it "
    "(a dotted path expands only with its parent named too)",
    source="brief §6.1 step 3a (F7554); §6.2; §2.5; §7 #17",
)
def flow_with_new_partij(ctx: Context) -> None:
    """FLOW-02."""
    k, _ = contact_with_actor(ctx)
    kc = k["uuid"]
    body = ctx.data.partij()
    partij = ctx.create("partijen", body)
    p = partij["uuid"]
    identificatoren = partij.get("partijIdentificatoren")
    ctx.expect(
        isinstance(identificatoren, list)
        and len(identificatoren) == 1
        and identificatoren[0].get("partijIdentificator") == body["partijIdentificatoren"][0]["partijIdentificator"]
        and identificatoren[0].get("identificeerdePartij") == ctx.ref("partijen", p),
        "the partij was not created with its nested identificator",
    )
    betrokkene = ctx.create("betrokkenen", ctx.data.betrokkene(kc, partij=p))
    ctx.expect(betrokkene.get("wasPartij") == ctx.ref("partijen", p), "betrokkene.wasPartij is wrong")
    partij_now = ctx.read("partijen", p)
    ctx.expect(
        partij_now.get("betrokkenen") == [ctx.ref("betrokkenen", betrokkene["uuid"])],
        "the partij does not list its betrokkene",
    )
    final_exchange = ctx.get(f"/klantcontacten/{kc}", {"expand": "hadBetrokkenen,hadBetrokkenen.wasPartij"})
    ctx.expect_status(final_exchange, 200, what="the verifying read")
    expanded = (final_exchange.json().get("_expand") or {}).get("hadBetrokkenen")
    reached = None
    if isinstance(expanded, list) and len(expanded) == 1 and isinstance(expanded[0], dict):
        reached = (expanded[0].get("_expand") or {}).get("wasPartij")
    ctx.expect(
        isinstance(reached, dict) and reached.get("uuid") == p,
        "_expand.hadBetrokkenen[0]._expand.wasPartij is not the partij",
        final_exchange,
    )
    by_partij = uuids(ctx.listing("betrokkenen", {"wasPartij__uuid": p})[0]["results"])
    ctx.expect(by_partij == [betrokkene["uuid"]], f"betrokkenen?wasPartij__uuid finds {by_partij}")


@BOOK.rule(
    "FLOW-03",
    "Optional relations: a digitaal adres, onderwerpobject, bijlage and internetaak are linked both ways, and the "
    "verifying read expanding them all shows each one",
    source="brief §6.1 steps 4-8; §6.2; §5.4; §6.4 #8",
)
def optional_relations(ctx: Context) -> None:
    """FLOW-03."""
    k, _ = contact_with_actor(ctx)
    kc = k["uuid"]
    betrokkene = ctx.create("betrokkenen", ctx.data.betrokkene(kc))
    b = betrokkene["uuid"]
    adres = ctx.create("digitaleadressen", ctx.data.digitaal_adres(b))
    onderwerp = ctx.create("onderwerpobjecten", ctx.data.onderwerpobject(kc))
    bijlage = ctx.create("bijlagen", ctx.data.bijlage(kc))
    taak = ctx.create("internetaken", ctx.data.internetaak(kc, ctx.actor))

    actor_ref, kc_ref = ctx.ref("actoren", ctx.actor), ctx.ref("klantcontacten", kc)
    ctx.expect(adres.get("verstrektDoorBetrokkene") == ctx.ref("betrokkenen", b), "digitaal adres: wrong betrokkene")
    ctx.expect(onderwerp.get("klantcontact") == kc_ref, "onderwerpobject.klantcontact is wrong")
    ctx.expect(bijlage.get("wasBijlageVanKlantcontact") == kc_ref, "bijlage.wasBijlageVanKlantcontact is wrong")
    ctx.expect(taak.get("aanleidinggevendKlantcontact") == kc_ref, "internetaak.aanleidinggevendKlantcontact is wrong")
    ctx.expect(taak.get("toegewezenAanActoren") == [actor_ref], "internetaak.toegewezenAanActoren is wrong")
    ctx.expect(taak.get("toegewezenAanActor") == actor_ref, "internetaak.toegewezenAanActor is not the first actor")
    ctx.expect(
        ctx.read("betrokkenen", b).get("digitaleAdressen") == [ctx.ref("digitaleadressen", adres["uuid"])],
        "the betrokkene does not list its digitaal adres",
    )

    expand = (
        "hadBetrokkenen,hadBetrokkenen.digitaleAdressen,gingOverOnderwerpobjecten,omvatteBijlagen,leiddeTotInterneTaken"
    )
    final_exchange = ctx.get(f"/klantcontacten/{kc}", {"expand": expand})
    ctx.expect_status(final_exchange, 200, what="the verifying read")
    final = final_exchange.json()
    wanted = {
        "hadBetrokkenen": [ctx.ref("betrokkenen", b)],
        "gingOverOnderwerpobjecten": [ctx.ref("onderwerpobjecten", onderwerp["uuid"])],
        "omvatteBijlagen": [ctx.ref("bijlagen", bijlage["uuid"])],
        "leiddeTotInterneTaken": [ctx.ref("internetaken", taak["uuid"])],
    }
    for field, refs in wanted.items():
        ctx.expect(final.get(field) == refs, f"{field} should be {refs}, got {final.get(field)}", final_exchange)
    ctx.expect(uuids(final.get("hadBetrokkenActoren")) == [ctx.actor], "hadBetrokkenActoren is wrong", final_exchange)
    expanded = final.get("_expand") or {}
    for field, refs in wanted.items():
        ctx.expect(
            uuids(expanded.get(field)) == uuids(refs),
            f"_expand.{field} does not hold the related objects",
            final_exchange,
        )
    nested = [(item.get("_expand") or {}).get("digitaleAdressen") for item in expanded.get("hadBetrokkenen") or []]
    ctx.expect(
        [uuids(item) for item in nested] == [[adres["uuid"]]],
        "_expand.hadBetrokkenen[0]._expand.digitaleAdressen does not hold the digitaal adres",
        final_exchange,
    )
