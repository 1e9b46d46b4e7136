"""The suite's parts on their own: the ledger, the rule book, the conformance memo, test data, options."""

from __future__ import annotations

import ast
import random
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from contracts.certification import rules
from contracts.certification.conformance import Conformance, signature
from contracts.certification.context import Context
from contracts.certification.engine import Certification
from contracts.certification.plugin import exit_status
from contracts.certification.reporting.summary import verdict
from contracts.certification.results import Outcome, RuleResult, RunInfo, RunReport
from contracts.certification.rulebook import Level, RuleBook
from contracts.certification.rules import RULES
from contracts.client.evidence import Exchange
from contracts.client.ledger import Ledger
from contracts.client.options import base_url
from contracts.client.payloads import Payloads
from contracts.client.target import Target
from kcc_mock.provider.partijen import passes_eleven_test
from kcc_mock.provider.spec import Spec

BASE = "http://provider.example/klantinteracties/api/v1"


def answered(*statuses: int) -> tuple[list[tuple[str, str]], object]:
    """A delete function answering the given statuses in turn, and the calls it saw."""
    calls: list[tuple[str, str]] = []
    queue = list(statuses)

    def delete(collection: str, uuid: str) -> Exchange:
        calls.append((collection, uuid))
        return Exchange(len(calls), "DELETE", f"{BASE}/{collection}/{uuid}", {}, b"", status=queue.pop(0))

    return calls, delete


def test_ledger_deletes_newest_first_and_counts_404_as_done() -> None:
    ledger = Ledger()
    for entry in (("klantcontacten", "k"), ("actorklantcontacten", "a"), ("betrokkenen", "b")):
        ledger.add(*entry)
    ledger.add("klantcontacten", "k")  # recorded once
    calls, delete = answered(204, 404, 204)
    exchanges, leftovers = ledger.cleanup(delete)  # type: ignore[arg-type]
    assert calls == [("betrokkenen", "b"), ("actorklantcontacten", "a"), ("klantcontacten", "k")]
    assert (len(exchanges), leftovers) == (3, [])
    assert ledger.entries == []


def test_ledger_retries_a_failing_delete_and_reports_what_stays() -> None:
    ledger = Ledger()
    ledger.add("klantcontacten", "k1")
    ledger.add("klantcontacten", "k2")
    calls, delete = answered(503, 204, 500, 500, 500)
    _, leftovers = ledger.cleanup(delete)  # type: ignore[arg-type]
    assert calls == [("klantcontacten", "k2")] * 2 + [("klantcontacten", "k1")] * 3
    assert leftovers == ["klantcontacten/k1"]


def test_ledger_reads_back_what_a_delete_claims_and_reports_what_stays() -> None:
    ledger = Ledger()
    ledger.add("klantcontacten", "k1")
    ledger.add("klantcontacten", "k2")
    deletes, delete = answered(204, 204)
    reads, read = answered(404, 200)  # k2 is gone; k1 can still be read after its 204
    exchanges, leftovers = ledger.cleanup(delete, read)  # type: ignore[arg-type]
    assert deletes == reads == [("klantcontacten", "k2"), ("klantcontacten", "k1")]
    assert len(exchanges) == 4
    assert leftovers == ["klantcontacten/k1"]


def test_ledger_forgets_only_what_it_is_told_is_gone() -> None:
    ledger = Ledger()
    for uuid in ("k", "b1", "b2"):
        ledger.add("klantcontacten" if uuid == "k" else "betrokkenen", uuid)
    ledger.forget("betrokkenen", ["b1"])
    assert ledger.entries == [("klantcontacten", "k"), ("betrokkenen", "b2")]


def test_rule_book_refuses_a_second_rule_with_the_same_id() -> None:
    book = RuleBook()
    book.rule("X-01", "first", source="here")(lambda ctx: None)
    with pytest.raises(ValueError, match="X-01"):
        book.rule("X-01", "again", source="here")(lambda ctx: None)


def test_every_rule_is_labelled_and_runs_in_group_order() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.title and rule.source and rule.level in Level for rule in RULES)
    groups = [rule_id.split("-")[0] for rule_id in ids]
    assert groups == sorted(groups, key=["FLOW", "SAGA", "INV", "FAULT", "SPEC"].index)
    assert ids[-1] == "SPEC-01"  # it judges the responses of every rule before it
    assert {f"INV-{n:02d}" for n in range(1, 15)} <= {rule_id.rstrip("abc") for rule_id in ids}
    assert all(rule.level is Level.RECOMMENDED for rule in RULES if rule.needs_faults)


def exchange(body: bytes, status: int = 200, path: str = "/klantcontacten?pageSize=1") -> Exchange:
    """A list exchange with the given response body."""
    headers = {"content-type": "application/json", "api-version": "0.9.0"}
    return Exchange(1, "GET", BASE + path, {}, b"", status=status, response_headers=headers, response_body=body)


def test_conformance_memo_joins_answers_that_differ_only_in_uuids_and_times() -> None:
    one = b'{"uuid": "6a6b829e-0f96-4467-aad8-275fea9d77a2", "at": "2024-03-01T09:15:00Z"}'
    other = b'{"uuid": "0919042b-eedf-483a-88c6-71e7736dabbb", "at": "2026-11-29T21:55:47Z"}'
    assert signature(exchange(one), BASE) == signature(exchange(other), BASE)
    for different in (
        b'{"uuid": "6A6B829E-0F96-4467-AAD8-275FEA9D77A2", "at": "2024-03-01T09:15:00Z"}',  # upper case
        b'{"uuid": "6a6b829e-0f96-4467-aad8-275fea9d77a2", "at": "2024-13-01T09:15:00Z"}',  # month 13
        b'{"uuid": "6a6b829e-0f96-4467-aad8-275fea9d77a2", "at": "2024-03-01T09:15:00.5Z"}',  # another length
    ):
        assert signature(exchange(different), BASE) != signature(exchange(one), BASE)


def test_conformance_judges_each_answer_and_skips_provoked_ones() -> None:
    conformance = Conformance(Spec.load())
    good = exchange(b'{"count": 0, "next": null, "previous": null, "results": []}')
    bad = exchange(b'{"count": "none", "next": null, "previous": null, "results": []}')
    crash = exchange(b'{"code": "error"}', status=500)
    assert conformance.check_all([good, bad, crash], BASE) == [bad, crash]
    assert "count" in str(bad.spec_problem)
    provoked = exchange(b'{"code": "error"}', status=503)
    provoked.provoked = True
    assert conformance.check_all([provoked], BASE) == []


def test_payloads_are_valid_and_repeat_with_the_seed() -> None:
    first, again = Payloads(random.Random("1:FLOW-01")), Payloads(random.Random("1:FLOW-01"))
    numbers = [first.bsn() for _ in range(50)]
    assert all(passes_eleven_test(number) for number in numbers)
    assert numbers == [again.bsn() for _ in range(50)]
    referentienummer = first.klantcontact()["referentienummer"]
    assert referentienummer.isdigit() and len(referentienummer) == 10


def test_target_masks_the_token_in_evidence() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"seen": request.headers["authorization"]})

    target = Target(BASE, "geheim-123", httpx.MockTransport(answer))
    sent = target.send("GET", "/klantcontacten")
    target.close()
    assert sent.request_headers["Authorization"] == "Token <TOKEN>"
    assert sent.json() == {"seen": "Token geheim-123"}  # the provider got the real token


def test_a_bare_host_gets_the_api_path() -> None:
    assert base_url("https://openklant.example.nl") == "https://openklant.example.nl/klantinteracties/api/v1"
    assert base_url("https://ok.example/custom/api/v1/") == "https://ok.example/custom/api/v1"


def run_report(*results: tuple[Level, Outcome], leftovers: tuple[str, ...] = ()) -> RunReport:
    """A report with one rule per (level, outcome)."""
    info = RunInfo("p", "sha", "0.1.0", 1, "actor", "now", leftovers=list(leftovers))
    rules = iter(RULES)
    return RunReport(info, [RuleResult(replace(next(rules), level=level), outcome) for level, outcome in results])


@pytest.mark.parametrize(
    ("results", "leftovers", "pytest_status", "expected"),
    [
        ([(Level.REQUIRED, Outcome.PASSED)], (), 0, 0),
        ([(Level.REQUIRED, Outcome.PASSED), (Level.RECOMMENDED, Outcome.FAILED)], (), 1, 0),
        ([(Level.REQUIRED, Outcome.FAILED), (Level.RECOMMENDED, Outcome.FAILED)], (), 1, 1),
        ([(Level.REQUIRED, Outcome.PASSED)], ("klantcontacten/k",), 0, 1),
        ([(Level.REQUIRED, Outcome.PASSED)], (), 2, 2),  # interrupted runs keep pytest's status
    ],
)
def test_exit_status_follows_the_required_rules(
    results: list[tuple[Level, Outcome]], leftovers: tuple[str, ...], pytest_status: int, expected: int
) -> None:
    assert exit_status(run_report(*results, leftovers=leftovers), pytest_status) == expected


def test_a_failing_property_in_the_same_session_fails_a_certified_run() -> None:
    certified = run_report((Level.REQUIRED, Outcome.PASSED), (Level.RECOMMENDED, Outcome.FAILED))
    assert exit_status(certified, pytest.ExitCode.TESTS_FAILED, other_failures=1) == pytest.ExitCode.TESTS_FAILED


def test_engine_cleans_up_after_a_crashing_check_and_reports_what_stays() -> None:
    deleted: list[str] = []

    def provider(request: httpx.Request) -> httpx.Response:
        collection = request.url.path.split("/")[4]
        if request.method == "POST":
            return httpx.Response(201, json={"uuid": f"{collection}-1"})
        if request.method == "GET" and request.url.path.endswith("/klantcontacten"):  # the pre-flight
            return httpx.Response(200, json={"count": 0, "results": []}, headers={"API-version": "0.9.0"})
        if request.method == "GET":  # reading back what was deleted
            return httpx.Response(404, json={"code": "not_found"})
        deleted.append(request.url.path.rsplit("/", 2)[-2])
        return httpx.Response(500 if collection == "bijlagen" else 204)

    def check(ctx: Context) -> None:
        ctx.create("klantcontacten", {})
        ctx.create("bijlagen", {})
        raise KeyError("an answer without the expected key")

    book = RuleBook()
    book.rule("X-01", "creates two objects, then breaks", source="test")(check)
    report = Certification(Target(BASE, "t", httpx.MockTransport(provider)), seed=1).run_all(book)
    (result,) = report.results
    assert result.outcome is Outcome.FAILED
    assert result.message.startswith("the check stopped on an unexpected answer: KeyError")
    assert result.message.endswith("could not delete what it created: bijlagen/bijlagen-1")
    assert deleted == ["bijlagen"] * 3 + ["klantcontacten"]  # newest first, a failing delete retried
    assert [e.status for e in result.evidence] == [500, 500, 500]
    assert report.leftovers == ["bijlagen/bijlagen-1"]
    assert not report.certified


def test_a_selection_that_leaves_out_a_required_rule_is_incomplete_and_fails() -> None:
    report = run_report((Level.REQUIRED, Outcome.PASSED))
    report.info.not_run = ["SAGA-01"]
    report.required = frozenset({"SAGA-01"})
    assert verdict(report).startswith("NOT CERTIFIED (incomplete): 1 required rule(s) did not run (SAGA-01)")
    assert exit_status(report, 0) == 1


def test_rules_reach_the_provider_only_through_their_context() -> None:
    found = {}
    for path in sorted((Path(rules.__file__).parent).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0}
        found[path.name] = {name for name in names if name.split(".")[0] in ("httpx", "starlette", "connexion")}
        found[path.name] |= {
            name for name in names if name.startswith(("kcc_mock.http", "kcc_mock.provider.operations"))
        }
    assert {name: imports for name, imports in found.items() if imports} == {}
    assert "flow.py" in found
