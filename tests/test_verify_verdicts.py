"""The verdict rules and the reports, on hand-made evidence: a core provider and journal entries, no HTTP."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kcc_mock.consumer import verdict_report
from kcc_mock.consumer.scenarios import ACTOR_UUID, KNOWN_PARTIJ_UUID, PRE_EXISTING, SCENARIOS, Scenario, from_plan
from kcc_mock.consumer.verdicts import CHECKS, Evidence, Verdict, judge
from kcc_mock.observe.journal import Entry, Journal
from kcc_mock.provider.fixtures import load_fixtures
from kcc_mock.provider.operations import Provider

BASE = "http://127.0.0.1:8000/klantinteracties/api/v1"
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
KLANTCONTACT = {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False}
HAPPY = next(s for s in SCENARIOS if s.name == "happy-path")
ROLLBACK = next(s for s in SCENARIOS if s.name == "betrokkene-400")


class Run:
    """A consumer's run written by hand: calls go to a core provider and into a journal."""

    def __init__(self) -> None:
        self.provider = Provider()
        load_fixtures(self.provider, copy.deepcopy(dict(PRE_EXISTING)), BASE)
        store = self.provider.store
        self.before = {(n, u): copy.deepcopy(r) for n, table in store.tables.items() for u, r in table.items()}
        self.journal = Journal()

    def post(self, collection: str, body: dict[str, Any], fault: dict[str, Any] | None = None) -> dict[str, Any]:
        made = self.provider.create(collection, body, BASE)
        if fault is None:
            self._log("POST", f"/{collection}", 201, made, f"{collection}Create")
        else:  # commit-then-fail: stored, and the consumer heard nothing
            self._log("POST", f"/{collection}", None, None, f"{collection}Create", fault, {"status": 201, "body": made})
        return made

    def refuse(self, collection: str, rule: str) -> None:
        self._log(
            "POST", f"/{collection}", 400, {"code": "invalid"}, f"{collection}Create", {"rule": rule, "status": 400}
        )

    def delete(self, collection: str, uuid: str) -> None:
        self.provider.destroy(collection, uuid)
        self._log("DELETE", f"/{collection}/{uuid}", 204, None, f"{collection}Destroy")

    def complete(self) -> dict[str, Any]:
        contact = self.post("klantcontacten", KLANTCONTACT)
        self.post("actorklantcontacten", {"actor": {"uuid": ACTOR_UUID}, "klantcontact": {"uuid": contact["uuid"]}})
        self.post("betrokkenen", {"hadKlantcontact": {"uuid": contact["uuid"]}, "rol": "klant", "initiator": True})
        return contact

    def judge(self, scenario: Scenario = HAPPY, exit_status: int | None = 0, stopped: str | None = None) -> Verdict:
        entries = self.journal.entries()
        evidence = Evidence(
            entries=entries,
            created=self.journal.created(entries),
            store=self.provider.store,
            actor_uuid=ACTOR_UUID,
            before=self.before,
            exit_status=exit_status,
            stopped=stopped,
        )
        return judge(scenario, evidence)

    def _log(self, method: str, path: str, status: int | None, body: Any, operation: str, *extra: Any) -> None:
        sequence = self.journal.next_sequence()
        fault, committed = [*extra, None, None][:2]
        at = (START + timedelta(seconds=sequence)).timestamp()
        raw = b"" if body is None else json.dumps(body).encode()
        self.journal.append(Entry(sequence, at, method, path, b"", b"", status, raw, operation, "c", fault, committed))


def failed(verdict: Verdict) -> dict[str, str]:
    return {check.name: check.summary for check in verdict.failed}


@pytest.fixture
def run() -> Run:
    return Run()


def test_a_completed_contact_passes_every_check(run: Run) -> None:
    contact = run.complete()
    verdict = run.judge()
    assert verdict.passed, failed(verdict)
    assert verdict.outcome == "completed" and verdict.calls == 3
    (outcome,) = [c for c in verdict.checks if c.name == "outcome"]
    assert outcome.summary == f"completed: klantcontacten/{contact['uuid']} with 1 actor link(s), 1 betrokkene(n)"


def test_a_contact_without_betrokkene_is_incomplete(run: Run) -> None:
    contact = run.post("klantcontacten", KLANTCONTACT)
    run.post("actorklantcontacten", {"actor": {"uuid": ACTOR_UUID}, "klantcontact": {"uuid": contact["uuid"]}})
    run.refuse("betrokkenen", "betrokkene-400")
    verdict = run.judge(ROLLBACK, exit_status=1)
    assert failed(verdict) == {
        "outcome": f"expected rollback, got incomplete: klantcontacten/{contact['uuid']} has no betrokkene",
        "store-consistent": "1 finding(s) in the consistency report",
    }
    (outcome,) = verdict.failed[:1]
    assert outcome.evidence[0] == (
        f"left: klantcontacten/{contact['uuid']}, created by #1 POST /klantcontacten -> 201"
        f" created klantcontacten/{contact['uuid']}"
    )


def test_deleting_what_the_run_created_is_a_rollback(run: Run) -> None:
    contact = run.post("klantcontacten", KLANTCONTACT)
    run.refuse("actorklantcontacten", "betrokkene-400")
    run.delete("klantcontacten", contact["uuid"])
    verdict = run.judge(ROLLBACK, exit_status=1)
    assert verdict.passed and verdict.outcome == "rolled-back"


def test_a_rollback_where_completion_was_expected_fails(run: Run) -> None:
    verdict = run.judge(HAPPY, exit_status=1)
    assert failed(verdict) == {
        "outcome": "expected complete, got rolled back: the run stored nothing (no call created an object)"
    }


def test_a_link_to_another_actor_does_not_complete_the_contact(run: Run) -> None:
    other = run.provider.create("actoren", {"naam": "Piet", "soortActor": "medewerker"}, BASE)
    contact = run.post("klantcontacten", KLANTCONTACT)
    run.post("actorklantcontacten", {"actor": {"uuid": other["uuid"]}, "klantcontact": {"uuid": contact["uuid"]}})
    run.post("betrokkenen", {"hadKlantcontact": {"uuid": contact["uuid"]}, "rol": "klant", "initiator": True})
    assert failed(run.judge()) == {
        "outcome": f"expected complete, got incomplete: klantcontacten/{contact['uuid']} has no actorklantcontact "
        "linking the logged-in actor"
    }


def test_a_partij_nobody_refers_to_is_a_stray_leftover(run: Run) -> None:
    run.complete()
    stray = run.post("partijen", {"soortPartij": "persoon", "indicatieActief": True})
    assert failed(run.judge()) == {
        "outcome": "expected complete, got incomplete: left objects that belong to no registered contact: "
        f"partijen/{stray['uuid']}",
        "store-consistent": "1 finding(s) in the consistency report",  # a partij without identificator
    }


def test_a_new_partij_referred_to_by_the_betrokkene_belongs_to_the_contact(run: Run) -> None:
    identificator = {
        "codeObjecttype": "natuurlijk_persoon",
        "codeSoortObjectId": "bsn",
        "objectId": "111222333",
        "codeRegister": "brp",
    }
    partij = run.post(
        "partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatoren": [{"partijIdentificator": identificator}],
        },
    )
    contact = run.post("klantcontacten", KLANTCONTACT)
    run.post("actorklantcontacten", {"actor": {"uuid": ACTOR_UUID}, "klantcontact": {"uuid": contact["uuid"]}})
    body = {"hadKlantcontact": {"uuid": contact["uuid"]}, "wasPartij": {"uuid": partij["uuid"]}, "rol": "klant"}
    run.post("betrokkenen", {**body, "initiator": True})
    verdict = run.judge()
    assert verdict.passed, failed(verdict)


def test_a_second_klantcontact_while_the_first_exists_is_a_duplicate(run: Run) -> None:
    first = run.post("klantcontacten", KLANTCONTACT, fault={"rule": "kc", "commitThenFail": "hang"})
    second = run.complete()
    verdict = run.judge(from_plan("plan", {"faults": []}))
    summary = failed(verdict)
    assert summary["no-duplicate-klantcontact"] == "a second klantcontact was created"
    (duplicate,) = [c for c in verdict.failed if c.name == "no-duplicate-klantcontact"]
    assert duplicate.evidence == (
        f"#2 POST /klantcontacten -> 201 created klantcontacten/{second['uuid']}"
        f" created {second['uuid']} while {first['uuid']} (#1) existed",
    )


def test_a_new_klantcontact_after_deleting_the_first_is_no_duplicate(run: Run) -> None:
    first = run.post("klantcontacten", KLANTCONTACT)
    run.delete("klantcontacten", first["uuid"])
    run.complete()
    assert run.judge().passed


def test_a_consumer_stopped_by_the_runner_is_unbounded(run: Run) -> None:
    run.complete()
    verdict = run.judge(exit_status=None, stopped="over the bound of 40 API calls")
    assert failed(verdict) == {"bounded": "stopped: over the bound of 40 API calls (3 calls)"}


def test_more_calls_than_the_bound_fail(run: Run) -> None:
    run.complete()
    assert failed(run.judge(replace(HAPPY, max_calls=2))) == {"bounded": "3 API calls, over the bound of 2"}


def test_deleting_the_pre_existing_actor_is_damage(run: Run) -> None:
    contact = run.complete()
    run.delete("actoren", ACTOR_UUID)
    assert failed(run.judge()) == {  # the new contact lost its link too, and so did the earlier one
        "outcome": f"expected complete, got incomplete: klantcontacten/{contact['uuid']} has no actorklantcontact "
        "linking the logged-in actor",
        "pre-existing-untouched": "actorklantcontacten/0b6c6e39-2f4b-4b43-9d2e-5b3f0c1a2d02 was deleted; "
        f"actoren/{ACTOR_UUID} was deleted",
        "store-consistent": "2 finding(s) in the consistency report",
    }


def test_changing_the_pre_existing_partij_is_damage(run: Run) -> None:
    run.complete()
    run.provider.update("partijen", KNOWN_PARTIJ_UUID, {"indicatieActief": False}, BASE, partial=True)
    assert failed(run.judge()) == {"pre-existing-untouched": f"partijen/{KNOWN_PARTIJ_UUID} was changed"}


def test_a_rule_that_never_fired_means_the_scenario_tested_nothing(run: Run) -> None:
    run.complete()
    summary = failed(run.judge(ROLLBACK, exit_status=0))
    assert summary["exercised"].startswith("never fired: betrokkene-400")


def test_the_exit_status_is_noted_when_it_contradicts_the_store(run: Run) -> None:
    run.post("klantcontacten", KLANTCONTACT)
    assert run.judge(exit_status=0).notes == ("the consumer exited 0, but the flow is incomplete",)
    assert Run().judge(ROLLBACK, exit_status=1).notes == ()


def test_checks_have_distinct_names_in_a_fixed_order(run: Run) -> None:
    names = [check.name for check in run.judge().checks]
    assert len(CHECKS) == 6
    assert names == [
        "exercised",
        "outcome",
        "no-duplicate-klantcontact",
        "bounded",
        "pre-existing-untouched",
        "store-consistent",
    ]


def test_reports_show_each_scenario_and_the_failed_checks(run: Run) -> None:
    run.complete()
    good = run.judge()
    bad = Run().judge(HAPPY, exit_status=None, stopped="still running after 60 s")
    lines = verdict_report.table([good, bad]).splitlines()
    assert lines[0].split() == ["scenario", "verdict", "outcome", "calls", "exit", "failed", "checks"]
    assert lines[1].split()[:5] == ["happy-path", "PASS", "completed", "3", "0"]
    assert lines[2].split() == ["happy-path", "FAIL", "rolled-back", "0", "stopped", "outcome,", "bounded"]
    assert lines[-1] == "1 of 2 scenarios passed"

    suite = ET.fromstring(verdict_report.junit([good, bad]))
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    cases = suite.findall("testcase")
    assert [c.find("failure") is None for c in cases] == [True, False]
    failure = cases[1].find("failure")
    assert failure is not None and "bounded: stopped: still running after 60 s" in (failure.get("message") or "")

    text = verdict_report.markdown([good, bad], "my-consumer --flag")
    assert "| happy-path | **FAIL** | rolled-back | 0 | stopped | outcome, bounded |" in text
    assert "Consumer: `my-consumer --flag`" in text and "- ✘ **bounded**: stopped: still running after 60 s" in text


PARTIJ = {"soortPartij": "persoon", "indicatieActief": True, "voorkeurstaal": "nld"}


def test_the_terminal_evidence_of_a_leftover_names_the_call_that_created_it(run: Run) -> None:
    scenario = next(s for s in SCENARIOS if s.name == "partij-commit-then-fail")
    contact = run.post("klantcontacten", KLANTCONTACT)
    link = {"actor": {"uuid": ACTOR_UUID}, "klantcontact": {"uuid": contact["uuid"]}}
    for _ in range(5):  # more calls than the terminal shows before the one that matters
        made = run.post("actorklantcontacten", link)
        run.delete("actorklantcontacten", made["uuid"])
    partij = run.post("partijen", PARTIJ, {"rule": "partij-commit-then-fail", "commitThenFail": "hang"})
    run.delete("klantcontacten", contact["uuid"])
    verdict = run.judge(scenario, exit_status=1)
    (outcome,) = [check for check in verdict.failed if check.name == "outcome"]
    terminal = verdict_report.failures([verdict]).splitlines()
    first = f"    left: partijen/{partij['uuid']}, created by #12 POST /partijen -> no answer"
    assert terminal[1].startswith(first), terminal
    assert "(the provider had answered 201)" in terminal[1]
    assert outcome.evidence[0] == terminal[1].strip()


def test_a_rollback_of_one_object_is_worded_in_the_singular(run: Run) -> None:
    contact = run.post("klantcontacten", KLANTCONTACT)
    run.delete("klantcontacten", contact["uuid"])
    verdict = run.judge(HAPPY, exit_status=1)
    assert failed(verdict)["outcome"] == "expected complete, got rolled back: the 1 object this run created is gone"
