"""The reference check: the certification suite, the property suite and schemathesis against one
provider (meant for a real Open Klant), each run to its end whatever the others did, then one summary.

    python -m contracts.reference_check --url URL --token TOKEN [--profile ci] [--examples 20]

A part passes when it has no failures but known deviations of the reference (`known_deviations.py`);
the exit status is 0 only when every part passes. `make reference-check` runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS = ROOT / "reports" / "reference-check"


@dataclass
class PartResult:
    """What one suite came to: counts, the known deviations it reported, and how its process ended."""

    name: str
    passed: int = 0
    failed: int = 0
    known: list[str] = field(default_factory=list)  # ids of the known deviations the part reported
    not_applicable: int = 0
    exit_code: int = 0
    seconds: float = 0.0
    note: str = ""

    @property
    def ok(self) -> bool:
        """No failure but known deviations, and a process that ended with status 0."""
        return self.failed == 0 and self.exit_code == 0


def junit_counts(xml: str) -> tuple[int, int, int, list[str]]:
    """(passed, failed, skipped, known deviation ids) of a JUnit report: pytest's or the certification's.

    A testcase with a `known_deviation` property (the certification report) or an xfail marked
    "known deviation of the reference" (pytest's) counts as a known deviation, not as passed.
    """
    root = ET.fromstring(xml)  # noqa: S314 - a report the run itself just wrote
    passed = failed = skipped = 0
    known: list[str] = []
    for case in root.iter("testcase"):
        ids = [p.get("value", "") for p in case.iter("property") if p.get("name") == "known_deviation"]
        skip = case.find("skipped")
        if ids:
            known += [one.strip() for value in ids for one in value.split(",") if one.strip()]
        elif case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif skip is not None and "known deviation of the reference" in skip.get("message", ""):
            known.append(case.get("name", "?"))
        elif skip is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped, known


def schemathesis_counts(report: dict[str, object]) -> int:
    """The number of unique failures in schemathesis' JSON report (each kind of failure with its count)."""
    failures = report.get("failures")
    if not isinstance(failures, list):
        return 0
    return sum(int(item.get("count", 1)) if isinstance(item, dict) else 1 for item in failures)


def summary(parts: Sequence[PartResult]) -> str:
    """The table printed at the end, and the overall verdict."""
    lines = ["", "reference check summary", ""]
    known_of = {part.name: ", ".join(sorted(set(part.known))) or "-" for part in parts}
    width = max([len("known deviations"), *map(len, known_of.values())])
    header = (
        f"{'suite':<14} {'passed':>7} {'failed':>7} {'known deviations':<{width}} {'n/a':>4} {'exit':>5} {'seconds':>8}"
    )
    lines += [header, "-" * len(header)]
    for part in parts:
        known = known_of[part.name]
        lines.append(
            f"{part.name:<14} {part.passed:>7} {part.failed:>7} {known:<{width}} {part.not_applicable:>4} "
            f"{part.exit_code:>5} {part.seconds:>8.0f}" + (f"  {part.note}" if part.note else "")
        )
    bad = [part.name for part in parts if not part.ok]
    lines += ["", f"FAILED: {', '.join(bad)}" if bad else "PASSED: no failures but known deviations of the reference"]
    return "\n".join(lines)


def exit_status(parts: Sequence[PartResult]) -> int:
    """0 when every part passed (known deviations allowed), else 1."""
    return 0 if all(part.ok for part in parts) else 1


def run_part(name: str, command: list[str], log: Path, env: dict[str, str] | None = None) -> tuple[int, float]:
    """Run one suite, its output both shown and written to `log`; returns (exit status, seconds)."""
    print(f"\n=== {name}: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as written:
        process = subprocess.Popen(  # noqa: S603 - the suites' own command lines
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            written.write(line)
        code = process.wait()
    return code, time.perf_counter() - started


def certification(url: str, token: str, reports: Path) -> PartResult:
    """The certification suite (`make certify`), read from its JUnit report."""
    directory = reports / "certification"
    command = [sys.executable, "-m", "pytest", "contracts/certification/test_rules.py", "-p", "no:cacheprovider", "-q"]
    command += ["--provider-url", url, "--token", token, "--report-dir", str(directory)]
    code, seconds = run_part(
        "certification", command, reports / "certification.log", {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    )
    return _from_junit("certification", directory / "certification.xml", code, seconds)


def properties(url: str, token: str, reports: Path, profile: str) -> PartResult:
    """The property suite (`make properties`) with a hypothesis profile, read from pytest's JUnit report
    and the known deviations it recorded."""
    directory = reports / "properties"
    junit = directory / "properties.xml"
    command = [sys.executable, "-m", "pytest", "contracts/properties", "-p", "no:cacheprovider", "-q"]
    command += ["--provider-url", url, "--token", token, "--report-dir", str(directory), f"--junitxml={junit}"]
    code, seconds = run_part("properties", command, reports / "properties.log", {"HYPOTHESIS_PROFILE": profile})
    part = _from_junit(f"properties/{profile}", junit, code, seconds)
    seen = directory / "properties-known-deviations.json"
    if seen.exists():
        part.known += [entry["id"] for entry in json.loads(seen.read_text(encoding="utf-8"))]
    return part


def schemathesis(url: str, token: str, reports: Path, examples: int, limits: str) -> PartResult:
    """`make schemathesis` against the provider, read from schemathesis' JSON report."""
    directory = reports / "schemathesis"
    command = [sys.executable, "tests/schemathesis_support.py", "--provider-url", url, "--token", token]
    command += ["--examples", str(examples), "--report-dir", str(directory), "--limits", limits]
    code, seconds = run_part("schemathesis", command, reports / "schemathesis.log")
    part = read_schemathesis_run(directory)
    part.exit_code, part.seconds = code, seconds
    return part


def read_schemathesis_run(directory: Path) -> PartResult:
    """The newest run below `directory`: cases passed and unique failures from schemathesis' JSON
    report, the known deviations and deployment limits the filter recognised from its own log."""
    part = PartResult("schemathesis")
    runs = sorted(directory.glob("run-*"))  # each run writes into a directory of its own
    reports = sorted(runs[-1].glob("json-*.json")) if runs else []
    if not reports:
        part.note = "no JSON report: see schemathesis.log"
        return part
    report = json.loads(reports[-1].read_text(encoding="utf-8"))
    cases = report.get("test_cases", {})
    part.passed = int(cases.get("generated", 0)) - int(cases.get("with_failures", 0))
    part.failed = schemathesis_counts(report)
    limits: dict[str, int] = {}
    log = runs[-1] / "known-deviations.jsonl"
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        entry = json.loads(line)
        if entry["kind"] == "deviation":
            part.known.append(entry["id"])
        else:
            limits[entry["id"]] = limits.get(entry["id"], 0) + 1
    dropped = ", ".join(f"{name} ({count})" for name, count in sorted(limits.items()))
    part.note = "passed = test cases, failed = unique failures" + (f"; deployment limits: {dropped}" if dropped else "")
    return part


def _from_junit(name: str, path: Path, code: int, seconds: float) -> PartResult:
    part = PartResult(name, exit_code=code, seconds=seconds)
    if not path.exists():
        part.note = "no JUnit report: see the log"
        return part
    part.passed, part.failed, part.not_applicable, part.known = junit_counts(path.read_text(encoding="utf-8"))
    return part


def main(argv: Sequence[str] | None = None) -> int:
    """Run the three suites against one provider and print one summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the provider's API base URL (.../klantinteracties/api/v1)")
    parser.add_argument("--token", required=True, help="the API token")
    parser.add_argument("--profile", default="ci", help="hypothesis profile of the property suite (dev or ci)")
    parser.add_argument("--examples", type=int, default=20, help="schemathesis examples per operation")
    parser.add_argument("--limits", default="", help="the deployment's limits for schemathesis, e.g. request-line=4094")
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="where the logs and reports go")
    args = parser.parse_args(argv)
    args.reports.mkdir(parents=True, exist_ok=True)
    parts = [
        certification(args.url, args.token, args.reports),
        properties(args.url, args.token, args.reports, args.profile),
        schemathesis(args.url, args.token, args.reports, args.examples, args.limits),
    ]
    text = summary(parts)
    print(text, flush=True)
    (args.reports / "summary.txt").write_text(text + "\n", encoding="utf-8")
    return exit_status(parts)


if __name__ == "__main__":
    raise SystemExit(main())
