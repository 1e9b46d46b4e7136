"""Fixtures of the property suite: the provider the options name, wrapped as a `Subject`, and the
verdicts of the API version it is judged by.

The options (`--provider-url`, `--token`, `--actor-uuid`, `--mock-admin`, `--api-version`) are the
certification suite's, registered once in `contracts/certification/conftest.py`; the hypothesis
profile comes from HYPOTHESIS_PROFILE (`dev` by default, `ci` for thorough runs). The version is the
one `--api-version` names, else the one the provider's `API-version` header names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from contracts.client.options import target_from_options
from contracts.client.payloads import Payloads
from contracts.client.target import Target
from contracts.deviations.known import Sightings
from contracts.properties.oracle import Oracle
from contracts.properties.subject import Subject, Unjudgeable, judged_by
from kcc_mock.testing import hypothesis_profiles

hypothesis_profiles.register()

SIGHTINGS = pytest.StashKey[Sightings]()
JUDGED = pytest.StashKey[str]()
DEVIATIONS_REPORT = "properties-known-deviations.json"
NOT_APPLICABLE = "not applicable to API "


def pytest_configure(config: pytest.Config) -> None:
    """One record of the known deviations of the reference the run sees."""
    config.stash[SIGHTINGS] = Sightings()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the known deviations seen, with their evidence, beside the certification reports."""
    directory = Path(session.config.option.report_dir)
    directory.mkdir(parents=True, exist_ok=True)
    summary = session.config.stash[SIGHTINGS].summary()
    (directory / DEVIATIONS_REPORT).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Name every known deviation of the reference the properties saw, with its first evidence."""
    summary = config.stash[SIGHTINGS].summary()
    terminalreporter.section("known deviations of the reference")
    if not summary:
        terminalreporter.line("none seen")
    for seen in summary:
        terminalreporter.line(f"{seen['id']} ({seen['times']} time(s)): {seen['title']}")
        terminalreporter.line(f"  spec: {seen['spec_says']}")
        terminalreporter.line(f"  server: {seen['server_does']}")
        terminalreporter.line("  evidence:")
        for line in seen["evidence"].splitlines():
            terminalreporter.line(f"    {line}")
    terminalreporter.line(f"report: {Path(config.option.report_dir) / DEVIATIONS_REPORT}")
    if JUDGED in config.stash:
        terminalreporter.section(f"judged by API {config.stash[JUDGED]}")
        for report in terminalreporter.stats.get("skipped", []):
            reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
            if NOT_APPLICABLE in reason:
                terminalreporter.line(f"{report.nodeid}: {NOT_APPLICABLE}{reason.split(NOT_APPLICABLE, 1)[1]}")


def judged_version(target: Target, asked: str | None) -> str:
    """The API version to judge by: the one asked for, else the one the provider's `API-version`
    header names; none, or one without a document here, ends the run (exit status 2)."""
    try:
        return judged_by(target, asked)
    except Unjudgeable as reason:
        pytest.exit(str(reason), 2)


@pytest.fixture(scope="session")
def sightings(pytestconfig: pytest.Config) -> Sightings:
    """The run's record of known deviations of the reference."""
    return pytestconfig.stash[SIGHTINGS]


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    """The provider under test: `--provider-url` with `--token`, or the in-process mock."""
    found = target_from_options(pytestconfig.option)
    yield found
    found.close()


@pytest.fixture(scope="session")
def oracle(pytestconfig: pytest.Config, target: Target) -> Oracle:
    """The verdicts of the API version the provider is judged by."""
    version = judged_version(target, pytestconfig.option.api_version)
    pytestconfig.stash[JUDGED] = version
    return Oracle.for_version(version)


@pytest.fixture(scope="session")
def actor(pytestconfig: pytest.Config, target: Target, sightings: Sightings) -> Iterator[str]:
    """The medewerker every generated contact is registered by: `--actor-uuid`, or one made for the run."""
    if pytestconfig.option.actor_uuid:
        yield pytestconfig.option.actor_uuid
        return
    keeper = Subject(target, sightings)
    yield keeper.create("actoren", Payloads.medewerker())["uuid"]
    keeper.clean_up()


@pytest.fixture
def subject(target: Target, sightings: Sightings) -> Iterator[Subject]:
    """One test's view of the provider; whatever it leaves is deleted afterwards."""
    test_subject = Subject(target, sightings)
    yield test_subject
    test_subject.clean_up()
