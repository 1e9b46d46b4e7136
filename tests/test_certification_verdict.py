"""What a certification verdict may rest on: rules that ran, a provider that answered, responses that were seen.

A required rule that did not run is no pass, a run that could not reach the provider stops with one
error, a conformance rule that saw nothing has not passed, and the FAULT rules (which test the mock's
own fault layer) never count toward a provider's verdict.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from contracts.certification.engine import Certification, ProviderUnusable
from contracts.certification.plugin import exit_status, waived_rules
from contracts.certification.reporting import render_html, render_junit, render_markdown
from contracts.certification.reporting.summary import identity, verdict
from contracts.certification.results import Outcome, RuleResult, RunInfo, RunReport
from contracts.certification.rulebook import Level
from contracts.certification.rules import BOOK, RULES
from contracts.client.target import Target

ROOT = Path(__file__).parents[1]
BASE = "http://provider.example/klantinteracties/api/v1"
REQUIRED = frozenset(rule.id for rule in RULES if rule.level is Level.REQUIRED)


def report_of(*results: tuple[str, Outcome], not_run: tuple[str, ...] = (), waived: tuple[str, ...] = ()) -> RunReport:
    """A report of the given rules and outcomes, as the pytest front end completes it."""
    info = RunInfo("p", "sha", "0.1.0", 1, "actor", "now", not_run=list(not_run), waived=list(waived))
    return RunReport(info, [RuleResult(BOOK[rule_id], outcome) for rule_id, outcome in results], REQUIRED)


ALL_PASSED = tuple((rule.id, Outcome.PASSED) for rule in RULES if rule.id != "INV-09b")


def test_a_required_rule_that_was_not_applicable_makes_the_run_incomplete() -> None:
    report = report_of(*ALL_PASSED, ("INV-09b", Outcome.NOT_APPLICABLE))
    assert report.unjudged == ["INV-09b"]
    assert not report.certified
    assert verdict(report) == (
        "NOT CERTIFIED (incomplete): 1 required rule(s) did not run (INV-09b); name them with --waive to accept that"
    )
    assert exit_status(report, pytest.ExitCode.OK) == pytest.ExitCode.TESTS_FAILED


def test_a_waived_rule_may_stay_unjudged_and_the_report_says_so() -> None:
    report = report_of(*ALL_PASSED, ("INV-09b", Outcome.NOT_APPLICABLE), waived=("INV-09b",))
    assert report.certified
    assert verdict(report) == "CERTIFIED: every required rule passed, but INV-09b did not run (waived)"
    assert dict(identity(report))["Waived"] == "INV-09b"
    assert 'name="waived" value="INV-09b"' in render_junit(report)
    assert exit_status(report, pytest.ExitCode.OK) == pytest.ExitCode.OK


def test_a_waived_rule_that_ran_and_failed_still_fails() -> None:
    report = report_of(*ALL_PASSED, ("INV-09b", Outcome.FAILED), waived=("INV-09b",))
    assert verdict(report) == "NOT CERTIFIED: 1 required rule(s) failed (INV-09b)"


def test_a_selection_that_leaves_required_rules_out_exits_non_zero() -> None:
    report = report_of(("FLOW-01", Outcome.PASSED), ("INV-13c", Outcome.PASSED), not_run=("SAGA-01", "FAULT-01"))
    assert report.unjudged == ["SAGA-01"]  # a left-out FAULT rule is not part of the verdict
    assert verdict(report).startswith("NOT CERTIFIED (incomplete): 1 required rule(s) did not run (SAGA-01)")
    assert exit_status(report, pytest.ExitCode.OK) == pytest.ExitCode.TESTS_FAILED


def test_waive_names_only_rules_of_the_suite() -> None:
    assert waived_rules(["INV-09b,SAGA-01", "INV-09b"]) == ["INV-09b", "SAGA-01"]
    with pytest.raises(pytest.UsageError, match="--waive: no such rule: INV-99"):
        waived_rules(["INV-99"])


def test_fault_rules_are_shown_apart_and_never_count() -> None:
    faults = [(rule.id, Outcome.FAILED) for rule in RULES if rule.needs_faults]
    others = [(rule.id, Outcome.PASSED) for rule in RULES if not rule.needs_faults]
    report = report_of(*others, *faults)
    assert report.certified
    assert verdict(report) == "CERTIFIED: every required rule passed"  # no "6 recommended rule(s) failed"
    facts = dict(identity(report))
    assert (
        facts["Rules"] == f"{len(others)} passed, 0 failed, 0 not applicable, 0 known deviation(s) of the reference, "
        f"of {len(others)} run " + ("(the mock's fault layer not counted)")
    )
    assert facts["Mock fault layer"].startswith("0 passed, 6 failed, 0 not applicable: FAULT rules test kcc-mock's")
    markdown = render_markdown(report)
    rules_table, fault_table = markdown.split("## Mock fault layer (not counted toward the verdict)")
    assert "| FAULT-01 |" not in rules_table
    assert "| FAULT-01 | FAIL |" in fault_table
    assert "Mock fault layer (not counted toward the verdict)" in render_html(report)
    assert 'classname="mock-fault-layer" name="FAULT-01' in render_junit(report)


def unreachable(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def refusing(request: httpx.Request) -> httpx.Response:
    return httpx.Response(401, json={"code": "authentication_failed", "status": 401})


def html_page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(404, text="<html>not here</html>")


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (unreachable, f"the provider at {BASE} does not answer (ConnectError: connection refused)"),
        (refusing, f"the provider at {BASE} refuses the token (GET /klantcontacten: 401)"),
        (html_page, f"no Klantinteracties API at {BASE}: GET /klantcontacten answered 404, not a list"),
    ],
    ids=["unreachable", "token-refused", "no-api"],
)
def test_an_unusable_provider_stops_the_run_before_any_rule(answer: object, error: str) -> None:
    sent: list[str] = []

    def provider(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.method} {request.url.path}")
        return answer(request)  # type: ignore[operator]

    run = Certification(Target(BASE, "wrong", httpx.MockTransport(provider)), seed=1)
    with pytest.raises(ProviderUnusable) as raised:
        run.run_all(RULES)
    assert str(raised.value) == error
    assert run.results == []  # not 27 failed rules: none ran
    assert sent == ["GET /klantinteracties/api/v1/klantcontacten"]


def test_spec_01_that_saw_no_response_has_not_passed() -> None:
    run = Certification(Target(BASE, "t", httpx.MockTransport(unreachable)), seed=1)
    result = run.run(BOOK["SPEC-01"])
    assert result.outcome is Outcome.FAILED
    assert result.message == "the provider did not answer SPEC-01's own read (ConnectError: connection refused)"


def run_pytest(*options: str) -> subprocess.CompletedProcess[str]:
    """The certification suite's pytest front end, as `make certify` runs it."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "contracts/certification/test_rules.py",
        "-p",
        "no:cacheprovider",
        "-q",
        *options,
    ]
    quick = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(command, cwd=ROOT, env=quick, capture_output=True, text=True, timeout=120, check=False)


def test_an_unreachable_provider_is_one_error_and_exit_2(tmp_path: Path) -> None:
    finished = run_pytest("--provider-url", "http://127.0.0.1:9", "--token", "t", "--report-dir", str(tmp_path))
    assert finished.returncode == 2, finished.stdout + finished.stderr
    url = "http://127.0.0.1:9/klantinteracties/api/v1"
    assert f"certification not started: the provider at {url} does not answer (ConnectError:" in finished.stdout
    assert " failed" not in finished.stdout  # no rule was judged, so none failed
    assert list(tmp_path.iterdir()) == []  # and no report claims anything


def test_an_unknown_waiver_is_a_usage_error() -> None:
    finished = run_pytest("--waive", "INV-99")
    assert finished.returncode == pytest.ExitCode.USAGE_ERROR
    assert "--waive: no such rule: INV-99" in finished.stderr


def test_make_certify_with_a_provider_needs_a_token() -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("TOKEN", "MAKEFLAGS")}
    command = ["make", "-n", "certify", "PROVIDER_URL=http://127.0.0.1:9"]
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 2
    assert "make certify: PROVIDER_URL needs TOKEN=..." in finished.stderr
    with_token = subprocess.run(
        [*command, "TOKEN=secret"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert with_token.returncode == 0, with_token.stderr
    assert "--provider-url http://127.0.0.1:9 --token secret" in with_token.stdout
