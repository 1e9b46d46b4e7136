"""F2173 with generated data and a generated failure point: the reference saga ends completed with
everything stored once, or rolled back with nothing left behind, never in between.

The failure is injected in the client, between the saga and the provider, so the property holds
for any provider: a call is refused, answered 503, times out before it is sent, or is sent and its
answer lost or made unreadable (the provider acted, the saga cannot know). Recovery then leans on
the provider alone: its lookups by referentienummer, link and BSN, its deletes and its cascades.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from contracts.properties.subject import UNIQUE, Subject
from kcc_mock.consumer.f2173 import Contact, registreer_klantcontact, saga
from kcc_mock.consumer.saga import Reply, RetryPolicy, SagaResult, Unreachable
from kcc_mock.testing.strategies import KANALEN, TALEN, bsn, fake, name_parts

COLLECTIONS = ("klantcontacten", "actorklantcontacten", "betrokkenen", "partijen", "partij-identificatoren")
SENT_ANYWAY = ("lost", "unreadable")  # failures after the provider has acted
NO_WAITING = RetryPolicy(backoff=0.0, max_backoff=0.0)


@dataclass(frozen=True)
class Failure:
    """Calls number `call` to `call + times - 1` of a run fail in the way `kind` says."""

    call: int
    kind: str  # refused, unavailable, timeout, lost, unreadable
    times: int


class FailingClient:
    """The saga's provider client over the subject, failing the calls its `Failure` names."""

    def __init__(self, subject: Subject, failures: list[Failure]) -> None:
        self.subject = subject
        self.failures = failures
        self.calls = 0
        self.failed: list[str] = []  # the kinds of the failures that happened

    def get(self, path: str, params: Mapping[str, str]) -> Reply:
        """GET a path with query parameters."""
        return self._call("GET", path, params=dict(params))

    def post(self, path: str, body: Mapping[str, Any]) -> Reply:
        """POST a JSON body."""
        return self._call("POST", path, json=dict(body))

    def delete(self, path: str) -> Reply:
        """DELETE a path."""
        return self._call("DELETE", path)

    def _call(self, method: str, path: str, **options: Any) -> Reply:
        number, self.calls = self.calls, self.calls + 1
        kind = next((f.kind for f in self.failures if f.call <= number < f.call + f.times), None)
        if kind:
            self.failed.append(f"{kind} {method}")
        if kind == "refused" and method == "POST":  # a refused delete is a real dead end: never planted
            return Reply(400, {"title": "refused by the property's client"})
        if kind in ("refused", "unavailable"):
            return Reply(503, None, retry_after=None)
        if kind == "timeout":
            raise Unreachable("timeout", f"{method} {path} (planted before sending)")
        exchange = self.subject.send(method, path, **options)
        if exchange.status is None:
            raise Unreachable("connection", str(exchange.error))
        if kind == "lost":
            raise Unreachable("reset", f"{method} {path} (answer lost after the provider acted)")
        if kind == "unreadable":
            return Reply(exchange.status, None, malformed=True)
        return Reply(exchange.status, exchange.json())


def contacts(actor: str) -> st.SearchStrategy[Contact]:
    """What a medewerker registers, with realistic Dutch data and sometimes a klant's BSN."""
    return st.builds(
        Contact,
        actor_uuid=st.just(actor),
        referentienummer=st.builds(UNIQUE.number),
        onderwerp=fake(lambda f: f.sentence(nb_words=5)[:200]),
        inhoud=fake(lambda f: f.paragraph()[:1000]),
        kanaal=st.sampled_from(KANALEN),
        taal=st.sampled_from(TALEN),
        vertrouwelijk=st.booleans(),
        partij_bsn=st.none() | bsn(),
        rol=st.sampled_from(["klant", "vertegenwoordiger"]),
        contactnaam=name_parts(),
    )


# One or two failures within the first calls (a run makes 3 to 5 calls without failures): a second one
# often hits the lookups or the compensating deletes that recover from the first.
failures = st.lists(
    st.builds(
        Failure,
        call=st.integers(min_value=0, max_value=5),
        kind=st.sampled_from(["refused", "unavailable", "timeout", *SENT_ANYWAY]),
        times=st.integers(min_value=1, max_value=2),  # fewer than the saga's attempts: recovery is possible
    ),
    min_size=1,
    max_size=2,
)


def stored(subject: Subject, contact: Contact, result: SagaResult) -> dict[str, int]:
    """How many of each of the contact's objects the provider holds, found by the saga's own keys."""
    found = {"klantcontact": subject.count("klantcontacten", {"referentienummer": contact.referentienummer})}
    klantcontact = result.known.get("klantcontact")
    if klantcontact:
        link = {"klantcontact__uuid": klantcontact, "actor__uuid": contact.actor_uuid}
        found["link"] = subject.count("actorklantcontacten", link)
        found["betrokkene"] = subject.count("betrokkenen", {"hadKlantcontact__uuid": klantcontact})
    if contact.partij_bsn:
        by_bsn = {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": contact.partij_bsn}
        found["partij"] = subject.count("partijen", by_bsn)
    return found


def check_f2173_completes_or_leaves_nothing_behind(subject: Subject, actor: str) -> None:
    """Property: F2173 under any single planted failure either completes, with each object stored
    once, or rolls back to exactly what was stored before (a partij that existed stays)."""

    @given(contact=contacts(actor), planted=failures, partij_existed=st.booleans())
    def run(contact: Contact, planted: list[Failure], partij_existed: bool) -> None:
        with subject.example():
            if contact.partij_bsn and partij_existed:
                registered = next(step for step in saga(contact).steps if step.name == "partij")
                subject.create("partijen", registered.body({}))  # the partij the saga would register
            before = subject.counts(COLLECTIONS)
            client = FailingClient(subject, planted)
            result = registreer_klantcontact(client, contact, NO_WAITING, sleep=lambda _: None)
            story = "\n".join(result.log)
            event(f"{result.outcome} after {', '.join(client.failed) or 'no failure'}")
            found = stored(subject, contact, result)
            if result.outcome == "completed":
                assert set(found.values()) == {1}, f"completed, but stored {found}:\n{story}"
                added = {"klantcontacten": 1, "actorklantcontacten": 1, "betrokkenen": 1}
                if any(created.step == "partij" for created in result.created):
                    added |= {"partijen": 1, "partij-identificatoren": 1}
                after = {name: count - added.get(name, 0) for name, count in subject.counts(COLLECTIONS).items()}
                assert after == before, f"completed, but stored more than one of something:\n{story}"
            else:
                assert result.outcome == "rolled-back", f"{result.outcome}: {result.left}\n{story}"
                assert subject.counts(COLLECTIONS) == before, f"rolled back, yet objects were left:\n{story}"
                assert found["klantcontact"] == 0, f"rolled back, yet the klantcontact is stored:\n{story}"
            if not client.failed:
                assert result.outcome == "completed", story

    run()


def test_f2173_with_a_generated_failure_completes_or_leaves_nothing_behind(subject: Subject, actor: str) -> None:
    check_f2173_completes_or_leaves_nothing_behind(subject, actor)
