"""The pytest front end: options, the run as a session fixture, the reports and the exit status.

`pytest contracts --provider-url URL --token TOKEN` certifies a provider; without `--provider-url`
it certifies the in-process mock. One pytest test per rule, so pytest's own output (and -k, -x,
--junitxml) work as usual; the certification reports are written when the session ends.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from contracts.certification.engine import Certification, ProviderUnusable
from contracts.certification.reporting import write_reports
from contracts.certification.reporting.summary import verdict
from contracts.certification.results import RunReport
from contracts.certification.rulebook import Level
from contracts.certification.rules import RULES
from contracts.client.options import target_from_options

PLUGIN_NAME = "kcc-certification"


def exit_status(report: RunReport, pytest_status: int, other_failures: int = 0) -> int:
    """The session's exit status: a failing recommended rule alone does not fail a certification run
    (but a failing test of another suite run in the same session, such as a property, does)."""
    if pytest_status == pytest.ExitCode.TESTS_FAILED and report.certified and not other_failures:
        return pytest.ExitCode.OK
    if pytest_status == pytest.ExitCode.OK and not report.certified:
        return pytest.ExitCode.TESTS_FAILED  # e.g. the end-of-run cleanup left something behind
    return pytest_status


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
            run = Certification(
                target,
                seed=self.seed,
                actor_uuid=self.actor_uuid,
                waived=self.waived,
                api_version=self.option.api_version,
            )
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
