"""The saga: every rollback of the brief's §6.3 matrix that a real provider lets us provoke without faults.

Each scenario provokes a refused step with an invalid request, compensates as a careful consumer
does (children first, only what this run created, 404 counts as done) and then checks the final
state: zero records of the run, while the pre-existing actor and partij are untouched.
Whether the refusal has the right status and body is judged by the INV rules, not here.
"""

from __future__ import annotations

from contracts.certification.context import Context
from contracts.certification.rulebook import Level
from contracts.certification.rules.book import BOOK
from contracts.certification.rules.steps import contact_with_actor, identificator_uuids, unknown_uuid, uuids
from contracts.client.evidence import Exchange
from kcc_mock.testing import standard


def refused(ctx: Context, exchange: Exchange, what: str) -> None:
    """The provoked step must fail; if the provider accepts it, the rollback cannot be provoked."""
    ctx.expect(
        exchange.status is not None and exchange.status >= 400,
        f"{what} was accepted ({exchange.status}), so the rollback could not be provoked",
        exchange,
    )


def compensate(ctx: Context, *objects: tuple[str, str]) -> None:
    """Delete what the run created, in the order given (children first); 2xx or 404 counts as done."""
    for collection, uuid in objects:
        exchange = ctx.delete(f"/{collection}/{uuid}")
        ctx.expect_status(exchange, 200, 202, 204, 404, what=f"compensating DELETE of {collection}/{uuid}")


def all_gone(ctx: Context, *objects: tuple[str, str]) -> None:
    """Every object answers 404."""
    present = [ctx.last for collection, uuid in objects if ctx.exists(collection, uuid)]
    ctx.expect(not present, f"still present after the rollback: {', '.join(e.url for e in present)}", *present)


def no_contact(ctx: Context, referentienummer: str) -> None:
    """The lookup a consumer would do finds no klantcontact with this referentienummer."""
    found = ctx.contacts_with(referentienummer)
    ctx.expect(not found, f"klantcontacten with referentienummer {referentienummer} remain: {found}")


@BOOK.rule(
    "SAGA-01",
    "Step 2 refused (unknown actor): deleting the klantcontact leaves zero records",
    source="brief §6.3 row 2; ART/2173 saga",
)
def step_2_refused(ctx: Context) -> None:
    """SAGA-01."""
    k = ctx.create("klantcontacten", ctx.data.klantcontact())
    kc = k["uuid"]
    refused(ctx, ctx.post("/actorklantcontacten", ctx.data.actorklantcontact(unknown_uuid(ctx), kc)), "step 2")
    compensate(ctx, ("klantcontacten", kc))
    all_gone(ctx, ("klantcontacten", kc))
    no_contact(ctx, k["referentienummer"])
    links = ctx.count("actorklantcontacten", {"klantcontact__uuid": kc})
    ctx.expect(links == 0, f"{links} actorklantcontact(en) of the rolled-back klantcontact remain")


@BOOK.rule(
    "SAGA-02",
    "Step 3a refused (BSN failing the 11-test): deleting the actor link and the klantcontact leaves zero records; "
    "the actor survives",
    source="brief §6.3 row 3a; ART/7554 saga",
)
def step_3a_refused(ctx: Context) -> None:
    """SAGA-02."""
    k, link = contact_with_actor(ctx)
    body = ctx.data.partij()
    identificator = body["partijIdentificatoren"][0]["partijIdentificator"]
    identificator["objectId"] = standard.with_wrong_check_digit(identificator["objectId"])
    refused(ctx, ctx.post("/partijen", body), "step 3a (a partij with an invalid BSN)")
    compensate(ctx, ("actorklantcontacten", link["uuid"]), ("klantcontacten", k["uuid"]))
    all_gone(ctx, ("actorklantcontacten", link["uuid"]), ("klantcontacten", k["uuid"]))
    no_contact(ctx, k["referentienummer"])
    partijen = ctx.count("partijen", {"partijIdentificator__objectId": identificator["objectId"]})
    ctx.expect(partijen == 0, f"the refused partij exists anyway ({partijen} found)")
    ctx.expect(ctx.exists("actoren", ctx.actor), "the pre-existing actor was deleted by the rollback")


@BOOK.rule(
    "SAGA-03",
    "Step 3b refused after a new partij: deleting the actor link, the klantcontact and the new partij leaves zero "
    "records, its identificator included; the actor survives",
    source="brief §6.3 row 3b; ART/2173 and ART/7554 saga",
)
def step_3b_refused_with_new_partij(ctx: Context) -> None:
    """SAGA-03."""
    k, link = contact_with_actor(ctx)
    partij = ctx.create("partijen", ctx.data.partij())
    identificatoren = identificator_uuids(ctx, partij)
    body = ctx.data.betrokkene(k["uuid"], partij=partij["uuid"], rol="burger")
    refused(ctx, ctx.post("/betrokkenen", body), "step 3b (rol 'burger')")
    created = [
        ("actorklantcontacten", link["uuid"]),
        ("klantcontacten", k["uuid"]),
        ("partijen", partij["uuid"]),
    ]
    compensate(ctx, *created)
    all_gone(ctx, *created, *(("partij-identificatoren", str(uuid)) for uuid in identificatoren))
    no_contact(ctx, k["referentienummer"])
    ctx.expect(ctx.exists("actoren", ctx.actor), "the pre-existing actor was deleted by the rollback")


@BOOK.rule(
    "SAGA-04",
    "Step 3b refused with a pre-existing partij: the rollback deletes only the run's actor link and klantcontact; "
    "the partij, its identificator and its other betrokkene survive",
    source="brief §6.3 row 3b and its notes; §5.3",
)
def step_3b_refused_with_known_partij(ctx: Context) -> None:
    """SAGA-04."""
    partij = ctx.create("partijen", ctx.data.partij())  # known before this run of the flow
    p = partij["uuid"]
    identificatoren = identificator_uuids(ctx, partij)
    earlier = ctx.create("klantcontacten", ctx.data.klantcontact())
    earlier_betrokkene = ctx.create("betrokkenen", ctx.data.betrokkene(earlier["uuid"], partij=p))
    k, link = contact_with_actor(ctx)
    body = ctx.data.betrokkene(k["uuid"], partij=p)
    del body["initiator"]
    refused(ctx, ctx.post("/betrokkenen", body), "step 3b (initiator missing)")
    compensate(ctx, ("actorklantcontacten", link["uuid"]), ("klantcontacten", k["uuid"]))
    all_gone(ctx, ("actorklantcontacten", link["uuid"]), ("klantcontacten", k["uuid"]))
    no_contact(ctx, k["referentienummer"])
    survivor = ctx.read("partijen", p)
    ctx.expect(
        survivor.get("betrokkenen") == [ctx.ref("betrokkenen", earlier_betrokkene["uuid"])],
        "the pre-existing partij lost or gained betrokkenen in the rollback",
    )
    ctx.expect(
        identificator_uuids(ctx, survivor) == identificatoren,
        "the pre-existing partij's identificatoren changed in the rollback",
    )
    for uuid in identificatoren:
        ctx.expect(ctx.exists("partij-identificatoren", uuid), f"partij-identificatoren/{uuid} was deleted", ctx.last)
    ctx.expect(ctx.exists("klantcontacten", earlier["uuid"]), "another klantcontact of the partij was deleted")


@BOOK.rule(
    "SAGA-05",
    "Optional step refused (internetaak without actor): the klantcontact stays complete and nothing else is stored",
    level=Level.RECOMMENDED,
    source="brief §6.3 row 4-7 [interpretation]",
)
def optional_step_refused(ctx: Context) -> None:
    """SAGA-05."""
    k, link = contact_with_actor(ctx)
    kc = k["uuid"]
    betrokkene = ctx.create("betrokkenen", ctx.data.betrokkene(kc))
    body = ctx.data.internetaak(kc, ctx.actor)
    del body["toegewezenAanActoren"]
    refused(ctx, ctx.post("/internetaken", body), "step 7 (an internetaak assigned to nobody)")
    final = ctx.read("klantcontacten", kc)
    ctx.expect(uuids(final.get("hadBetrokkenActoren")) == [ctx.actor], "the klantcontact lost its actor")
    ctx.expect(uuids(final.get("hadBetrokkenen")) == [betrokkene["uuid"]], "the klantcontact lost its betrokkene")
    ctx.expect(final.get("leiddeTotInterneTaken") == [], "the refused internetaak is linked anyway")
    taken = ctx.count("internetaken", {"aanleidinggevendKlantcontact__uuid": kc})
    ctx.expect(taken == 0, f"the refused internetaak exists anyway ({taken} found)")
    ctx.expect(ctx.exists("actorklantcontacten", link["uuid"]), "the actor link disappeared")


@BOOK.rule(
    "SAGA-06",
    "Rollback after step 4: deleting digitaal adres, betrokkene, actor link and klantcontact (children first) "
    "leaves zero records",
    source="brief §6.3 notes (digitale adressen survive their betrokkene); §5.3",
)
def rollback_after_digitaal_adres(ctx: Context) -> None:
    """SAGA-06."""
    k, link = contact_with_actor(ctx)
    betrokkene = ctx.create("betrokkenen", ctx.data.betrokkene(k["uuid"]))
    adres = ctx.create("digitaleadressen", ctx.data.digitaal_adres(betrokkene["uuid"]))
    created = [
        ("digitaleadressen", adres["uuid"]),
        ("betrokkenen", betrokkene["uuid"]),
        ("actorklantcontacten", link["uuid"]),
        ("klantcontacten", k["uuid"]),
    ]
    compensate(ctx, *created)
    all_gone(ctx, *created)
    no_contact(ctx, k["referentienummer"])


@BOOK.rule(
    "SAGA-07",
    "A repeated compensating DELETE answers 404 (so a consumer can treat it as done)",
    source="brief §6.3 row 'compensating DELETE returns 404'; §5.3; observed 12",
)
def repeated_delete_is_404(ctx: Context) -> None:
    """SAGA-07."""
    k, link = contact_with_actor(ctx)
    betrokkene = ctx.create("betrokkenen", ctx.data.betrokkene(k["uuid"]))
    for collection, uuid in (
        ("betrokkenen", betrokkene["uuid"]),
        ("actorklantcontacten", link["uuid"]),
        ("klantcontacten", k["uuid"]),
    ):
        first = ctx.delete(f"/{collection}/{uuid}")
        ctx.expect_status(first, 204, what=f"first DELETE of {collection}")
        ctx.expect(first.response_body == b"", f"the 204 of DELETE {collection} has a body", first)
        again = ctx.delete(f"/{collection}/{uuid}")
        ctx.expect_status(again, 404, what=f"repeated DELETE of {collection}")
        ctx.expect_status(ctx.get(f"/{collection}/{uuid}"), 404, what=f"GET of the deleted {collection}")


@BOOK.rule(
    "SAGA-08",
    "maak-klantcontact, then step 2 refused: deleting its onderwerpobject, betrokkene and klantcontact leaves "
    "zero records",
    level=Level.RECOMMENDED,
    source="brief §6.1 (alternative for steps 1+3b+5); §3.4; §7 #15",
)
def maak_klantcontact_rollback(ctx: Context) -> None:
    """SAGA-08."""
    klantcontact = ctx.data.klantcontact()
    made = ctx.post(
        "/maak-klantcontact",
        {
            "klantcontact": klantcontact,
            "betrokkene": {
                "rol": "klant",
                "initiator": True,
                "contactnaam": {"voornaam": "Ans", "achternaam": "Jansen"},
            },
            "onderwerpobject": {
                "onderwerpobjectidentificator": ctx.data.onderwerpobject(None)["onderwerpobjectidentificator"]
            },
        },
    )
    ctx.expect_status(made, 201, what="POST /maak-klantcontact")
    parts = made.json()
    kc, b, o = (parts[name]["uuid"] for name in ("klantcontact", "betrokkene", "onderwerpobject"))
    refused(ctx, ctx.post("/actorklantcontacten", ctx.data.actorklantcontact(unknown_uuid(ctx), kc)), "step 2")
    created = [("onderwerpobjecten", o), ("betrokkenen", b), ("klantcontacten", kc)]
    compensate(ctx, *created)
    all_gone(ctx, *created)
    no_contact(ctx, klantcontact["referentienummer"])
