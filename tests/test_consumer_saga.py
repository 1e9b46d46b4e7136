"""The saga executor and the F2173 saga, without HTTP: a scripted provider answers every call."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any

import pytest

from kcc_mock.consumer.f2173 import Contact, new_referentienummer, registreer_klantcontact, saga
from kcc_mock.consumer.saga import Reply, RetryPolicy, Saga, SagaExecutor, Unreachable

ACTOR = "49b22823-2465-4b7e-9bae-cbc7cddcfda4"
BSN = "999990019"


class ScriptedProvider:
    """A provider in memory. `fail(method, collection, *answers)` makes the next calls fail.

    An answer is a status (nothing stored), "timeout" or "reset" (nothing stored), "stored-timeout"
    (stored, then no answer) or "malformed" (stored, 201 with a body that is not JSON).
    """

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, dict[str, Any]]] = {}
        self.calls: list[str] = []
        self.script: dict[tuple[str, str], list[int | str]] = {}

    def fail(self, method: str, collection: str, *answers: int | str) -> None:
        self.script.setdefault((method, collection), []).extend(answers)

    def add(self, collection: str, body: dict[str, Any]) -> str:
        key = str(uuid.uuid4())
        self.objects.setdefault(collection, {})[key] = {**body, "uuid": key}
        return key

    def get(self, path: str, params: Mapping[str, str]) -> Reply:
        collection = path.strip("/")
        self.calls.append(f"GET {path}?" + "&".join(f"{k}={v}" for k, v in params.items()))
        failure = self._next("GET", collection)
        if failure is not None:
            return self._failed(failure)
        found = [
            o for o in self.objects.get(collection, {}).values() if all(_value(o, k) == v for k, v in params.items())
        ]
        return Reply(200, {"count": len(found), "results": found})

    def post(self, path: str, body: Mapping[str, Any]) -> Reply:
        collection = path.strip("/")
        self.calls.append(f"POST {path}")
        failure = self._next("POST", collection)
        if failure in ("stored-timeout", "malformed"):
            self.add(collection, dict(body))
            if failure == "malformed":
                return Reply(201, None, malformed=True)
            raise Unreachable("timeout")
        if failure is not None:
            return self._failed(failure)
        key = self.add(collection, dict(body))
        return Reply(201, self.objects[collection][key])

    def delete(self, path: str) -> Reply:
        _, collection, key = path.split("/")
        self.calls.append(f"DELETE /{collection}")
        failure = self._next("DELETE", collection)
        if failure is not None:
            return self._failed(failure)
        return Reply(204) if self.objects.get(collection, {}).pop(key, None) else Reply(404, {"code": "not_found"})

    def count(self, collection: str) -> int:
        return len(self.objects.get(collection, {}))

    def _next(self, method: str, collection: str) -> int | str | None:
        queue = self.script.get((method, collection))
        return queue.pop(0) if queue else None

    @staticmethod
    def _failed(failure: int | str) -> Reply:
        if isinstance(failure, str):
            raise Unreachable(failure)
        return Reply(failure, {"status": failure}, retry_after=None)


def _value(obj: Mapping[str, Any], param: str) -> str | None:
    """The value a list filter compares: `klantcontact__uuid`, `referentienummer`, `partijIdentificator__objectId`."""
    if param.startswith("partijIdentificator__"):
        field = param.split("__")[1]
        values = [str(i["partijIdentificator"][field]) for i in obj.get("partijIdentificatoren", [])]
        return values[0] if values else None
    head, _, tail = param.partition("__")
    value = obj.get(head)
    return str(value.get(tail)) if isinstance(value, dict) else (None if value is None else str(value))


class Sleeps(list[float]):
    """Records the backoff instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def provider() -> ScriptedProvider:
    return ScriptedProvider()


def run(provider: ScriptedProvider, bsn: str | None = None, policy: RetryPolicy | None = None) -> Any:
    contact = Contact(ACTOR, "4711", partij_bsn=bsn)
    return registreer_klantcontact(provider, contact, policy or RetryPolicy(), sleep=Sleeps())


def test_the_flow_creates_contact_link_and_betrokkene_in_order(provider: ScriptedProvider) -> None:
    result = run(provider)
    assert result.outcome == "completed" and result.exit_code == 0
    assert provider.calls == ["POST /klantcontacten", "POST /actorklantcontacten", "POST /betrokkenen"]
    (link,) = provider.objects["actorklantcontacten"].values()
    (betrokkene,) = provider.objects["betrokkenen"].values()
    assert link["klantcontact"] == {"uuid": result.known["klantcontact"]} and link["actor"] == {"uuid": ACTOR}
    assert betrokkene["hadKlantcontact"] == {"uuid": result.known["klantcontact"]} and "wasPartij" not in betrokkene


def test_a_known_partij_is_found_by_bsn_and_used(provider: ScriptedProvider) -> None:
    known = provider.add(
        "partijen", {"partijIdentificatoren": [{"partijIdentificator": {"codeSoortObjectId": "bsn", "objectId": BSN}}]}
    )
    result = run(provider, bsn=BSN)
    assert result.reused == {"partij": known}
    assert (
        provider.calls[2]
        == f"GET /partijen?partijIdentificator__codeSoortObjectId=bsn&partijIdentificator__objectId={BSN}"
    )
    (betrokkene,) = provider.objects["betrokkenen"].values()
    assert betrokkene["wasPartij"] == {"uuid": known}


def test_a_pre_existing_partij_is_never_deleted_on_rollback(provider: ScriptedProvider) -> None:
    provider.add(
        "partijen", {"partijIdentificatoren": [{"partijIdentificator": {"codeSoortObjectId": "bsn", "objectId": BSN}}]}
    )
    provider.fail("POST", "betrokkenen", 400)
    result = run(provider, bsn=BSN)
    assert result.outcome == "rolled-back" and result.exit_code == 1
    assert provider.count("partijen") == 1
    assert provider.calls[-2:] == ["DELETE /actorklantcontacten", "DELETE /klantcontacten"]


def test_a_partij_registered_in_the_run_is_deleted_on_rollback(provider: ScriptedProvider) -> None:
    provider.fail("POST", "betrokkenen", 400)
    result = run(provider, bsn=BSN)
    assert result.outcome == "rolled-back"
    assert provider.calls[-3:] == ["DELETE /partijen", "DELETE /actorklantcontacten", "DELETE /klantcontacten"]
    assert {
        name: provider.count(name) for name in ("klantcontacten", "actorklantcontacten", "partijen")
    } == dict.fromkeys(("klantcontacten", "actorklantcontacten", "partijen"), 0)


def test_a_refused_actor_link_deletes_the_klantcontact(provider: ScriptedProvider) -> None:
    provider.fail("POST", "actorklantcontacten", 400)
    result = run(provider)
    assert provider.calls == ["POST /klantcontacten", "POST /actorklantcontacten", "DELETE /klantcontacten"]
    assert result.failed_step == "actorklantcontact" and provider.count("klantcontacten") == 0


def test_a_refused_klantcontact_is_neither_retried_nor_compensated(provider: ScriptedProvider) -> None:
    provider.fail("POST", "klantcontacten", 400)
    result = run(provider)
    assert provider.calls == ["POST /klantcontacten"]
    assert result.outcome == "rolled-back" and result.created == []


def test_after_a_timeout_on_the_first_step_the_contact_is_looked_up_before_anything_else(
    provider: ScriptedProvider,
) -> None:
    provider.fail("POST", "klantcontacten", "stored-timeout")
    result = run(provider)
    assert provider.calls[:3] == [
        "POST /klantcontacten",
        "GET /klantcontacten?referentienummer=4711",
        "POST /actorklantcontacten",
    ]
    assert result.outcome == "completed" and provider.count("klantcontacten") == 1


def test_after_a_timeout_that_stored_nothing_the_first_step_is_posted_again(provider: ScriptedProvider) -> None:
    provider.fail("POST", "klantcontacten", "timeout")
    result = run(provider)
    assert provider.calls[:3] == [
        "POST /klantcontacten",
        "GET /klantcontacten?referentienummer=4711",
        "POST /klantcontacten",
    ]
    assert result.outcome == "completed" and provider.count("klantcontacten") == 1


def test_a_201_with_an_unreadable_body_is_ambiguous_and_looked_up(provider: ScriptedProvider) -> None:
    provider.fail("POST", "betrokkenen", "malformed")
    result = run(provider)
    assert provider.calls[-1].startswith("GET /betrokkenen?hadKlantcontact__uuid=")
    assert result.outcome == "completed" and provider.count("betrokkenen") == 1


def test_a_persistent_5xx_is_retried_a_bounded_number_of_times_then_rolled_back(provider: ScriptedProvider) -> None:
    provider.fail("POST", "betrokkenen", *[503] * 10)
    sleeps = Sleeps()
    result = registreer_klantcontact(provider, Contact(ACTOR, "4711"), RetryPolicy(attempts=3, backoff=0.1), sleeps)
    assert provider.calls.count("POST /betrokkenen") == 3
    assert sleeps == [0.1, 0.2]
    assert result.outcome == "rolled-back" and "gave up after 3 attempts" in result.reason


def test_429_is_retried_without_a_lookup(provider: ScriptedProvider) -> None:
    provider.fail("POST", "actorklantcontacten", 429)
    result = run(provider)
    assert provider.calls[1:3] == ["POST /actorklantcontacten", "POST /actorklantcontacten"]
    assert result.outcome == "completed"


def test_a_failing_compensating_delete_is_retried_with_backoff(provider: ScriptedProvider) -> None:
    provider.fail("POST", "betrokkenen", 400)
    provider.fail("DELETE", "klantcontacten", 502, "reset")
    sleeps = Sleeps()
    result = registreer_klantcontact(provider, Contact(ACTOR, "4711"), RetryPolicy(backoff=0.1), sleeps)
    assert provider.calls.count("DELETE /klantcontacten") == 3
    assert result.outcome == "rolled-back" and provider.count("klantcontacten") == 0
    assert sleeps == [0.1, 0.2]


def test_a_404_on_a_compensating_delete_counts_as_done(provider: ScriptedProvider) -> None:
    provider.fail("POST", "betrokkenen", 400)
    provider.fail("DELETE", "actorklantcontacten", 404)
    result = run(provider)
    assert result.outcome == "rolled-back" and result.left == []


def test_a_delete_that_keeps_failing_leaves_the_object_reported(provider: ScriptedProvider) -> None:
    provider.fail("POST", "actorklantcontacten", 400)
    provider.fail("DELETE", "klantcontacten", *[503] * 5)
    result = run(provider)
    assert result.outcome == "rollback-incomplete" and result.exit_code == 3
    assert result.left == [("klantcontacten", result.known["klantcontact"])]


def test_a_lookup_that_cannot_answer_fails_the_step_without_posting_again(provider: ScriptedProvider) -> None:
    provider.fail("POST", "klantcontacten", "timeout")
    provider.fail("GET", "klantcontacten", 503, 503, 503)
    result = run(provider)
    assert provider.calls.count("POST /klantcontacten") == 1
    assert result.failed_step == "klantcontact" and "cannot tell" in result.reason


def test_an_unresolved_step_is_looked_up_again_while_rolling_back_and_undone(provider: ScriptedProvider) -> None:
    provider.fail("POST", "klantcontacten", "stored-timeout")
    provider.fail("GET", "klantcontacten", 503, 503, 503)  # the step's lookups; the fourth one answers
    result = run(provider)
    assert result.outcome == "rolled-back" and provider.count("klantcontacten") == 0
    assert provider.calls.count("DELETE /klantcontacten") == 1


def test_a_step_still_unresolved_after_patient_lookups_ends_rollback_incomplete(provider: ScriptedProvider) -> None:
    provider.fail("POST", "klantcontacten", "stored-timeout")
    provider.fail("GET", "klantcontacten", *[503] * 8)  # three for the step, five while rolling back
    result = run(provider)
    assert result.outcome == "rollback-incomplete" and provider.count("klantcontacten") == 1
    assert result.left == [
        ("klantcontacten", "unknown (lookup GET /klantcontacten -> 503: cannot tell whether klantcontact exists)")
    ]


def test_a_step_without_lookup_is_retried_blindly() -> None:
    provider = ScriptedProvider()
    provider.fail("POST", "klantcontacten", "stored-timeout")
    flow = saga(Contact(ACTOR, "4711"))
    blind = Saga(flow.name, (dataclasses.replace(flow.steps[0], lookup=None), *flow.steps[1:]))
    SagaExecutor(provider, RetryPolicy(), Sleeps()).run(blind)
    assert provider.count("klantcontacten") == 2  # the duplicate the lookup prevents


def test_backoff_doubles_is_capped_and_honours_retry_after() -> None:
    policy = RetryPolicy(backoff=0.5, max_backoff=2.0)
    assert [policy.delay(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 2.0]
    assert policy.delay(1, retry_after=1.5) == 1.5
    assert policy.delay(1, retry_after=60) == 2.0


def test_referentienummer_is_ten_digits_at_most() -> None:
    numbers = {new_referentienummer() for _ in range(20)}
    assert all(n.isdigit() and len(n) <= 10 for n in numbers)
    assert len(numbers) > 1
