"""The three reports say the same thing: verdict, the run's identity, every rule, and the evidence of failures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from planted_providers import PLANTED, shared_mock

from contracts.certification.engine import Certification, spec_sha256
from contracts.certification.reporting import render_html, render_junit, render_markdown, write_reports
from contracts.certification.results import RunReport
from contracts.certification.rules import BOOK
from contracts.client.target import Target
from kcc_mock import __version__

CHOSEN = ("FLOW-01", "SAGA-07", "FAULT-01")


@pytest.fixture(scope="module")
def report() -> RunReport:
    """FLOW-01 passing, SAGA-07 failing (deletes answer 204 twice), FAULT-01 not applicable (no fault switch)."""
    planted = next(p for p in PLANTED if p.name == "repeated-delete-succeeds")
    app = planted.build(shared_mock())
    target = Target.in_process(app, fault_injection=False)
    return Certification(target, seed=11).run_all(BOOK[rule_id] for rule_id in CHOSEN)


def test_markdown_has_verdict_identity_rules_and_evidence(report: RunReport) -> None:
    text = render_markdown(report)
    assert "**NOT CERTIFIED: 1 required rule(s) failed (SAGA-07)**" in text
    assert "| Provider | in-process kcc-mock" in text
    assert f"SHA-256 {spec_sha256()}" in text
    assert f"| Toolkit | kcc-mock {__version__} |" in text
    assert "| Seed | 11 " in text
    assert re.search(r"\| FLOW-01 \| required \| pass \| Core flow", text)
    assert "| SAGA-07 | required | FAIL |" in text
    assert "| FAULT-01 | not applicable |" in text.split("## Mock fault layer (not counted toward the verdict)")[1]
    failure = text.split("### SAGA-07", 1)[1]
    assert "**Why it failed:** repeated DELETE of betrokkenen: expected 404, got 204" in failure
    assert re.search(r"DELETE http://kcc-mock.in-process/klantinteracties/api/v1/betrokkenen/[0-9a-f-]{36}\n", failure)
    assert "Authorization: Token <TOKEN>" in failure
    assert "- **FAULT-01**: needs fault injection" in text


def test_html_is_one_self_contained_page(report: RunReport) -> None:
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r'(src|href)="(?!#)', page)  # only in-page anchors
    assert 'id="SAGA-07"' in page and "NOT CERTIFIED" in page


def test_html_draws_a_failing_rules_exchanges_with_the_cited_one_highlighted(report: RunReport) -> None:
    failure = render_html(report).split('<h3 id="SAGA-07"', 1)[1]
    assert failure.count("<svg") == 1
    calls = re.findall(r'<a href="#(SAGA-07-exchange-\d+)" class="([\w ]+)"', failure)
    cited = [anchor for anchor, classes in calls if "cited" in classes.split()]
    (evidence,) = report.results[1].evidence
    assert cited == [f"SAGA-07-exchange-{evidence.number}"]  # the repeated DELETE the failure cites
    assert f'<pre id="{cited[0]}">' in failure  # the diagram's link leads to the exchange
    labels = re.findall(r"<text [^>]*>(#\d+ \w+ [^<]+)</text>", failure)
    assert labels[0].startswith("#") and " POST /klantcontacten" in labels[0]  # paths from the API's base on
    assert all(f'<pre id="{anchor}">' in failure for anchor, _ in calls)


def test_junit_has_one_testcase_per_rule_and_the_run_as_properties(report: RunReport) -> None:
    root = ET.fromstring(render_junit(report))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    properties = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert properties["seed"] == "11"
    assert properties["spec_sha256"] == spec_sha256()
    assert properties["toolkit_version"] == __version__
    assert str(properties["provider"]).startswith("in-process kcc-mock")
    cases = {case.get("name", "").split(" ")[0]: case for case in suite.findall("testcase")}
    assert list(cases) == list(CHOSEN)
    failure = cases["SAGA-07"].find("failure")
    assert failure is not None and "expected 404, got 204" in failure.get("message", "")
    assert "DELETE http://kcc-mock.in-process" in (failure.text or "")
    assert cases["FAULT-01"].find("skipped") is not None
    assert cases["FLOW-01"].get("classname") == "certification.required"


def test_write_reports_writes_all_three(report: RunReport, tmp_path: Path) -> None:
    written = write_reports(report, tmp_path / "reports")
    assert [path.name for path in written] == ["certification.md", "certification.html", "certification.xml"]
    assert all(path.stat().st_size > 0 for path in written)
