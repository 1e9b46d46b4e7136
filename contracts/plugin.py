"""The pytest front end: options, the run as a session fixture, the reports and the exit status.

`pytest contracts --provider-url URL --token TOKEN` certifies a provider; without `--provider-url`
it certifies the in-process mock. One pytest test per rule, so pytest's own output (and -k, -x,
--junitxml) work as usual; the certification reports are written when the session ends.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .engine import Certification, ProviderUnusable
from .reporting import write_reports
from .reporting.summary import verdict
from .results import RunReport
from .rulebook import Level
from .rules import RULES
from .target import API_PATH, Target

PLUGIN_NAME = "kcc-certification"


def add_options(parser: pytest.Parser) -> None:
    """Register the suite's command-line options."""
    group = parser.getgroup("certification", "Klantinteracties provider certification")
    group.addoption("--provider-url", help=f"the provider's API base URL (…{API_PATH}); default: the in-process mock")
    group.addoption("--token", help="the API token (sent as 'Authorization: Token …'); required with --provider-url")
    group.addoption("--actor-uuid", help="an existing actor to link; the suite then creates no actors")
    group.addoption(
        "--mock-admin",
        action="store_true",
        help="the provider is a served kcc-mock: inject faults through its admin API (/_mock)",
    )
    group.addoption(
        "--waive",
        action="append",
        default=[],
        metavar="RULE",
        help="a required rule this run may leave unjudged (repeatable or comma-separated); listed in the report",
    )
    group.addoption("--seed", type=int, help="seed of the run's test data (default: random, shown in the report)")
    group.addoption("--report-dir", default="reports", help="where certification.md/.html/.xml go (default: reports)")


def exit_status(report: RunReport, pytest_status: int, other_failures: int = 0) -> int:
    """The session's exit status: a failing recommended rule alone does not fail a certification run
    (but a failing test of another suite run in the same session, such as a property, does)."""
    if pytest_status == pytest.ExitCode.TESTS_FAILED and report.certified and not other_failures:
        return pytest.ExitCode.OK
    if pytest_status == pytest.ExitCode.OK and not report.certified:
        return pytest.ExitCode.TESTS_FAILED  # e.g. the end-of-run cleanup left something behind
    return pytest_status


def base_url(url: str) -> str:
    """The API base URL: a bare host gets the standard path appended."""
    return url.rstrip("/") + API_PATH if urlsplit(url).path in ("", "/") else url.rstrip("/")


def target_from_options(option: Any) -> Target:
    """The provider the command line names (`--provider-url`, `--token`, `--mock-admin`), else the in-process mock."""
    if not option.provider_url:
        return Target.in_process()
    if not option.token:
        raise pytest.UsageError("--provider-url needs --token")
    return Target.from_url(base_url(option.provider_url), option.token, mock_admin=option.mock_admin)


def waived_rules(values: list[str]) -> list[str]:
    """The rule ids of `--waive` (repeatable, comma-separated); an id the suite does not have is a usage error."""
    named = [part.strip() for value in values for part in value.split(",") if part.strip()]
    known = {rule.id for rule in RULES}
    unknown = [rule_id for rule_id in named if rule_id not in known]
    if unknown:
        raise pytest.UsageError(f"--waive: no such rule: {', '.join(unknown)}")
    return sorted(set(named))


class CertificationPlugin:
    """Holds the run for one pytest session."""

    def __init__(self, config: pytest.Config) -> None:
        option = config.option
        self.option = option
        self.actor_uuid: str | None = option.actor_uuid
        self.seed: int = option.seed if option.seed is not None else secrets.randbelow(2**31)
        self.report_dir = Path(option.report_dir)
        if option.provider_url and not option.token:
            raise pytest.UsageError("--provider-url needs --token")
        self.waived = waived_rules(option.waive)
        self.run: Certification | None = None
        self.report: RunReport | None = None
        self.written: list[Path] = []
        self.other_failures = 0  # failed tests that are not certification rules (the property suite's)

    def start(self) -> Certification:
        """The certification run, against the provider the options name (started on first use)."""
        if self.run is None:
            target = target_from_options(self.option)
            run = Certification(target, seed=self.seed, actor_uuid=self.actor_uuid, waived=self.waived)
            try:
                run.preflight()
            except ProviderUnusable as unusable:
                target.close()
                pytest.exit(f"certification not started: {unusable}", returncode=pytest.ExitCode.INTERRUPTED)
            self.run = run
        return self.run

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count failures outside the rule tests: the certification verdict must not hide them."""
        if report.failed and "test_rules.py::" not in report.nodeid:
            self.other_failures += 1

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """Clean up the run's shared objects, write the reports and decide the exit status."""
        if self.run is None:
            return
        self.report = self.run.finish()
        ran = {result.rule.id for result in self.report.results}
        self.report.info.not_run = [rule.id for rule in RULES if rule.id not in ran]
        self.report.required = frozenset(rule.id for rule in RULES if rule.level is Level.REQUIRED)
        self.written = write_reports(self.report, self.report_dir)
        session.exitstatus = exit_status(self.report, int(exitstatus), self.other_failures)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """Say the verdict and where the reports are."""
        if self.report is None:
            return
        terminalreporter.section("certification")
        terminalreporter.line(verdict(self.report))
        terminalreporter.line(f"provider: {self.report.info.provider}   seed: {self.report.info.seed}")
        for path in self.written:
            terminalreporter.line(f"report: {path}")
