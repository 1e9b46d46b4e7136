"""The reference check's summary: counts read from the suites' reports, known deviations apart from
failures, and an exit status that fails only on a failure that is not a known deviation."""

from __future__ import annotations

import json
from pathlib import Path

from contracts.reference_check import (
    PartResult,
    exit_status,
    junit_counts,
    read_schemathesis_run,
    schemathesis_counts,
    summary,
)

# pytest's JUnit report of a property run: one pass, one failure, one skip, one known deviation (xfail).
PYTEST_JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4">
<testcase classname="a" name="test_passes"/>
<testcase classname="a" name="test_fails"><failure message="assert 1 == 2">x</failure></testcase>
<testcase classname="a" name="test_skipped"><skipped type="pytest.skip" message="not applicable: no faults"/></testcase>
<testcase classname="a" name="test_deviates"><skipped type="pytest.xfail"
 message="known deviation of the reference: FLOW-02"/></testcase>
</testsuite></testsuites>
"""

# The certification's own JUnit report: a known deviation is a passing testcase with a property.
CERTIFICATION_JUNIT = """<?xml version='1.0' encoding='us-ascii'?>
<testsuites><testsuite name="c" tests="3">
<testcase classname="certification.required" name="FLOW-01 x"><properties>
<property name="rule" value="FLOW-01"/></properties></testcase>
<testcase classname="certification.required" name="FLOW-02 x"><properties>
<property name="rule" value="FLOW-02"/><property name="known_deviation" value="OK-04"/></properties>
<system-out>evidence</system-out></testcase>
<testcase classname="certification.recommended" name="FAULT-01 x"><skipped message="not applicable: faults"/></testcase>
</testsuite></testsuites>
"""


def test_pytest_junit_counts_an_xfailed_known_deviation_apart() -> None:
    assert junit_counts(PYTEST_JUNIT) == (1, 1, 1, ["test_deviates"])


def test_certification_junit_counts_the_known_deviation_ids() -> None:
    assert junit_counts(CERTIFICATION_JUNIT) == (1, 0, 1, ["OK-04"])


def test_schemathesis_failures_are_the_unique_failures_of_its_report() -> None:
    # One entry per kind of failure, each with how many unique failures of that kind were found.
    assert schemathesis_counts({"failures": [{"code": "ST101", "count": 20}, {"code": "ST201", "count": 29}]}) == 49
    assert schemathesis_counts({}) == 0


def test_known_deviations_alone_pass_and_any_failure_or_crash_fails() -> None:
    certification = PartResult("certification", passed=29, known=["OK-04"], not_applicable=6)
    properties = PartResult("properties/ci", passed=36, known=["OK-01", "OK-03"])
    fuzzing = PartResult("schemathesis", failed=0)
    assert exit_status([certification, properties, fuzzing]) == 0
    text = summary([certification, properties, fuzzing])
    assert text.splitlines()[-1] == "PASSED: no failures but known deviations of the reference"
    assert "OK-01, OK-03" in text
    failing = PartResult("schemathesis", failed=3, exit_code=1)
    assert exit_status([certification, properties, failing]) == 1
    assert summary([certification, properties, failing]).splitlines()[-1] == "FAILED: schemathesis"
    crashed = PartResult("properties/ci", exit_code=4, note="no JUnit report: see the log")
    assert exit_status([certification, crashed, fuzzing]) == 1
    assert summary([certification, crashed, fuzzing]).splitlines()[-1] == "FAILED: properties/ci"


def test_a_schemathesis_run_is_read_from_its_newest_run_directory(tmp_path: Path) -> None:
    older, newer = tmp_path / "run-20261201T000000-a", tmp_path / "run-20261205T000000-b"
    for run, failures in ((older, [{"count": 7}]), (newer, [{"count": 2}])):
        run.mkdir()
        cases = {"generated": 100, "with_failures": 3}
        (run / "json-x.json").write_text(json.dumps({"test_cases": cases, "failures": failures}), encoding="utf-8")
    seen = [("deviation", "OK-ST-02"), ("deviation", "OK-ST-01"), ("deviation", "OK-ST-02"), ("limit", "request-line")]
    lines = [json.dumps({"kind": kind, "id": name, "check": "ST101", "operation": "GET /x"}) for kind, name in seen]
    (newer / "known-deviations.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    part = read_schemathesis_run(tmp_path)
    assert (part.passed, part.failed, sorted(set(part.known))) == (97, 2, ["OK-ST-01", "OK-ST-02"])
    assert part.note.endswith("deployment limits: request-line (1)")
    row = summary([part]).splitlines()[5]
    assert row.split()[:4] == ["schemathesis", "97", "2", "OK-ST-01,"]


def test_a_schemathesis_run_without_a_report_says_so(tmp_path: Path) -> None:
    part = read_schemathesis_run(tmp_path)
    assert (part.passed, part.failed, part.note) == (0, 0, "no JSON report: see schemathesis.log")
