"""Ambiguous failures (brief §6.3 rows 1 and 'compensating DELETE fails'), provoked with the target's fault switch.

These need fault injection and run only where the target offers it (the mock's fault plan,
in-process or through a served mock's admin API); elsewhere they are not applicable. The faulted
request is marked `provoked`: its answer is outside the spec on purpose, so SPEC-01 does not judge it.
"""

from __future__ import annotations

import time

from contracts.certification.context import Context
from contracts.certification.rulebook import Level
from contracts.certification.rules.book import BOOK
from contracts.certification.rules.steps import uuids
from contracts.client.faults import Fault

_SHORT = 0.25  # seconds a client waits when the fault is a hang
_LOOKUPS = 8  # after a timeout the provider may still be storing: look a few times, a moment apart
_PAUSE = 0.1


def _eventually(ctx: Context, referentienummer: str) -> list[str]:
    """The klantcontacten with this referentienummer, once the provider has stored any (or after waiting)."""
    for _ in range(_LOOKUPS - 1):
        found = ctx.contacts_with(referentienummer)
        if found:
            return found
        time.sleep(_PAUSE)
    return ctx.contacts_with(referentienummer)


@BOOK.rule(
    "FAULT-01",
    "Step 1 answers 5xx without storing: the lookup by referentienummer finds nothing, and one retry creates exactly "
    "one klantcontact",
    level=Level.RECOMMENDED,
    source="brief §6.3 row 1 (5xx) [recommendation]; §6.4 #23",
    needs_faults=True,
)
def step_1_error(ctx: Context) -> None:
    """FAULT-01."""
    body = ctx.data.klantcontact()
    ctx.faults.install(Fault("POST", "/klantcontacten", "error", status=503))
    first = ctx.request("POST", "/klantcontacten", json=body, provoked=True)
    ctx.expect_status(first, 503, what="step 1 under a 503 fault")
    ctx.expect(ctx.contacts_with(body["referentienummer"]) == [], "the failed step 1 stored a klantcontact")
    ctx.create("klantcontacten", body)
    ctx.expect(len(ctx.contacts_with(body["referentienummer"])) == 1, "the retry did not give exactly one klantcontact")


@BOOK.rule(
    "FAULT-02",
    "Step 1 stores, then answers 5xx: the lookup by referentienummer finds the one klantcontact, a blind retry is "
    "refused as a duplicate, and deleting it leaves zero records",
    level=Level.RECOMMENDED,
    source="brief §6.3 row 1 (5xx after commit) [recommendation]; §6.4 #23",
    needs_faults=True,
)
def step_1_commit_then_error(ctx: Context) -> None:
    """FAULT-02."""
    body = ctx.data.klantcontact()
    ctx.faults.install(Fault("POST", "/klantcontacten", "commit-then-error", status=500))
    failed = ctx.request("POST", "/klantcontacten", json=body, provoked=True)
    ctx.expect_status(failed, 500, what="step 1 under a commit-then-500 fault")
    found = ctx.contacts_with(body["referentienummer"])
    ctx.expect(len(found) == 1, f"the lookup found {len(found)} klantcontacten, expected the committed one")
    ctx.expect_invalid(
        ctx.post("/klantcontacten", body), {("referentienummer", "unique")}, what="a blind retry of step 1"
    )
    ctx.expect_status(ctx.delete(f"/klantcontacten/{found[0]}"), 204, what="the compensating DELETE")
    ctx.expect(ctx.contacts_with(body["referentienummer"]) == [], "the klantcontact survived its compensating DELETE")


@BOOK.rule(
    "FAULT-03",
    "Step 1 stores, then hangs past the client's timeout: the lookup finds the klantcontact, which the consumer "
    "adopts and completes (actor link, betrokkene) without a duplicate",
    level=Level.RECOMMENDED,
    source="brief §6.3 row 1 (timeout) [recommendation]; §6.4 #23",
    needs_faults=True,
)
def step_1_timeout(ctx: Context) -> None:
    """FAULT-03."""
    body = ctx.data.klantcontact()
    ctx.faults.install(Fault("POST", "/klantcontacten", "commit-then-timeout"))
    lost = ctx.request("POST", "/klantcontacten", json=body, timeout=_SHORT, provoked=True)
    ctx.expect(lost.status is None, f"step 1 answered {lost.status} instead of timing out", lost)
    found = _eventually(ctx, body["referentienummer"])
    ctx.expect(len(found) == 1, f"the lookup found {len(found)} klantcontacten, expected the committed one")
    kc = found[0]  # created by this run, though its 201 never arrived (contacts_with put it on the ledger)
    ctx.create("actorklantcontacten", ctx.data.actorklantcontact(ctx.actor, kc))
    ctx.create("betrokkenen", ctx.data.betrokkene(kc))
    final = ctx.read("klantcontacten", kc)
    ctx.expect(uuids(final.get("hadBetrokkenActoren")) == [ctx.actor], "the adopted klantcontact has no actor")
    ctx.expect(len(final.get("hadBetrokkenen") or []) == 1, "the adopted klantcontact has no betrokkene")
    ctx.expect(ctx.contacts_with(body["referentienummer"]) == [kc], "a duplicate klantcontact appeared")


@BOOK.rule(
    "FAULT-04",
    "Step 1 stores, then drops the connection: the lookup finds the klantcontact and deleting it leaves zero records",
    level=Level.RECOMMENDED,
    source="brief §6.3 row 1 (connection reset) [recommendation]",
    needs_faults=True,
)
def step_1_reset(ctx: Context) -> None:
    """FAULT-04."""
    body = ctx.data.klantcontact()
    ctx.faults.install(Fault("POST", "/klantcontacten", "commit-then-reset"))
    lost = ctx.request("POST", "/klantcontacten", json=body, provoked=True)
    ctx.expect(lost.status is None, f"step 1 answered {lost.status} instead of dropping the connection", lost)
    found = ctx.contacts_with(body["referentienummer"])
    ctx.expect(len(found) == 1, f"the lookup found {len(found)} klantcontacten, expected the committed one")
    ctx.expect_status(ctx.delete(f"/klantcontacten/{found[0]}"), 204, what="the compensating DELETE")
    ctx.expect(ctx.contacts_with(body["referentienummer"]) == [], "the klantcontact survived its compensating DELETE")


@BOOK.rule(
    "FAULT-05",
    "Step 2 stores, then answers 5xx: the consumer finds the link by klantcontact__uuid, deletes it and the "
    "klantcontact, and zero records remain",
    level=Level.RECOMMENDED,
    source="brief §6.3 row 2 with an ambiguous failure; §6.4 fault switches",
    needs_faults=True,
)
def step_2_commit_then_error(ctx: Context) -> None:
    """FAULT-05."""
    k = ctx.create("klantcontacten", ctx.data.klantcontact())
    kc = k["uuid"]
    ctx.faults.install(Fault("POST", "/actorklantcontacten", "commit-then-error", status=500))
    link = ctx.data.actorklantcontact(ctx.actor, kc)
    failed = ctx.request("POST", "/actorklantcontacten", json=link, provoked=True)
    ctx.expect_status(failed, 500, what="step 2 under a commit-then-500 fault")
    links = ctx.find("actorklantcontacten", {"klantcontact__uuid": kc}, adopt=True)  # links of this run's contact
    ctx.expect(len(links) == 1, f"the lookup found {len(links)} actor links, expected the committed one")
    for collection, uuid in (("actorklantcontacten", links[0]), ("klantcontacten", kc)):
        ctx.expect_status(ctx.delete(f"/{collection}/{uuid}"), 204, what=f"the compensating DELETE of {collection}")
    ctx.expect(ctx.count("actorklantcontacten", {"klantcontact__uuid": kc}) == 0, "an actor link remains")
    ctx.expect(ctx.contacts_with(k["referentienummer"]) == [], "the klantcontact remains")


@BOOK.rule(
    "FAULT-06",
    "A compensating DELETE that fails once with 5xx succeeds when retried, and a GET then answers 404",
    level=Level.RECOMMENDED,
    source="brief §6.3 row 'compensating DELETE returns 5xx'; §6.4 #21",
    needs_faults=True,
)
def compensating_delete_retried(ctx: Context) -> None:
    """FAULT-06."""
    kc = ctx.create("klantcontacten", ctx.data.klantcontact())["uuid"]
    ctx.faults.install(Fault("DELETE", "/klantcontacten/{uuid}", "error", status=503))
    failed = ctx.request("DELETE", f"/klantcontacten/{kc}", provoked=True)
    ctx.expect_status(failed, 503, what="the compensating DELETE under a 503 fault")
    ctx.expect(ctx.exists("klantcontacten", kc), "the failed DELETE removed the klantcontact anyway")
    ctx.expect_status(ctx.delete(f"/klantcontacten/{kc}"), 204, what="the retried DELETE")
    ctx.expect(not ctx.exists("klantcontacten", kc), "the klantcontact survived the retried DELETE")
