"""The suite certifies a provider by URL: `python -m kcc_mock serve` on 127.0.0.1, as a vendor's server would be."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contracts.certification.engine import NO_FAULTS, Certification
from contracts.certification.results import Outcome
from contracts.certification.rules import RULES
from contracts.client.target import Target

ROOT = Path(__file__).parents[1]
TOKEN = "certificering-test-token"
COLLECTIONS = ("klantcontacten", "actorklantcontacten", "betrokkenen", "actoren", "partijen", "digitaleadressen")


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """`python -m kcc_mock serve` on a free loopback port; yields the API base URL and stops the server after."""
    port = free_port()
    command = [sys.executable, "-m", "kcc_mock", "serve", "--host", "127.0.0.1", "--port", str(port), "--token", TOKEN]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[0]
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the mock did not start")
        yield f"http://127.0.0.1:{port}/klantinteracties/api/v1"
    finally:
        process.terminate()
        process.communicate(timeout=10)


def counts(base: str) -> dict[str, int]:
    """Objects per collection, read through the API."""
    with httpx.Client(base_url=base, headers={"Authorization": f"Token {TOKEN}"}, timeout=10) as client:
        return {name: client.get(f"/{name}").json()["count"] for name in COLLECTIONS}


def test_a_served_mock_is_certified_by_url_faults_included_and_left_empty(served: str) -> None:
    before = counts(served)
    report = Certification(Target.from_url(served, TOKEN, mock_admin=True), seed=4).run_all(RULES)
    failures = {r.rule.id: r.message for r in report.results if r.outcome is not Outcome.PASSED}
    assert failures == {}  # the fault rules too: real resets and hangs, through the admin API
    assert report.certified
    assert report.info.provider == served
    assert counts(served) == before == dict.fromkeys(COLLECTIONS, 0)


def test_fault_rules_are_not_applicable_to_a_provider_by_url(served: str) -> None:
    faulty = [rule for rule in RULES if rule.needs_faults]
    report = Certification(Target.from_url(served, TOKEN), seed=4).run_all(faulty)
    assert {(r.outcome, r.message) for r in report.results} == {(Outcome.NOT_APPLICABLE, NO_FAULTS)}
    assert len(report.results) == 6


def test_pytest_front_end_reports_a_failing_required_rule_with_its_evidence(served: str, tmp_path: Path) -> None:
    missing_actor = "0397b074-f821-4e21-b4cb-5739dd83ffab"
    command = [sys.executable, "-m", "pytest", "contracts", "-p", "no:cacheprovider", "-q", "-k", "FLOW-01 or INV-13c"]
    command += ["--provider-url", served, "--token", TOKEN, "--actor-uuid", missing_actor, "--seed", "9"]
    command += ["--report-dir", str(tmp_path)]
    quick = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # the suite needs none of the installed plugins
    finished = subprocess.run(command, cwd=ROOT, env=quick, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 1, finished.stdout + finished.stderr
    assert "NOT CERTIFIED: 1 required rule(s) failed (FLOW-01)" in finished.stdout
    markdown = (tmp_path / "certification.md").read_text(encoding="utf-8")
    assert f"| Provider | {served} |" in markdown
    assert "| Seed | 9 " in markdown
    assert "| FLOW-01 | required | FAIL |" in markdown
    assert "| INV-13c | required | pass |" in markdown
    assert "| Not run | FLOW-02, FLOW-03, SAGA-01," in markdown  # -k left the others out
    assert f"GET {served}/actoren/{missing_actor}" in markdown  # the evidence: the actor cannot be read
    assert TOKEN not in markdown  # the token is masked in the evidence
    suite = ET.parse(tmp_path / "certification.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "1", "0")
    page = (tmp_path / "certification.html").read_text(encoding="utf-8")
    assert "Authorization: Token &lt;TOKEN&gt;" in page
    assert TOKEN not in page
    assert counts(served) == dict.fromkeys(COLLECTIONS, 0)


def test_a_wrong_token_is_one_error_and_exit_2(served: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pytest", "contracts/certification/test_rules.py", "-p", "no:cacheprovider", "-q"]
    command += ["--provider-url", served, "--token", "not-the-token", "--report-dir", str(tmp_path)]
    quick = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    finished = subprocess.run(command, cwd=ROOT, env=quick, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 2, finished.stdout + finished.stderr
    error = f"certification not started: the provider at {served} refuses the token (GET /klantcontacten: 401)"
    assert error in finished.stdout
    assert " failed" not in finished.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_property_suite_tests_a_provider_by_url_and_leaves_it_as_found(served: str) -> None:
    before = counts(served)
    command = [sys.executable, "-m", "pytest", "contracts/properties", "-p", "no:cacheprovider", "-q"]
    command += ["-k", "f2173 or pagination or filters or klantcontacten", "--provider-url", served, "--token", TOKEN]
    dev = {**os.environ, "HYPOTHESIS_PROFILE": "dev"}
    finished = subprocess.run(command, cwd=ROOT, env=dev, capture_output=True, text=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    # 3 body properties x (actor)klantcontacten, klantcontacten's rules between fields, 2 list properties, F2173
    assert "10 passed" in finished.stdout
    assert "judged by API 0.9.0" in finished.stdout  # the version its API-version header names
    assert counts(served) == before
