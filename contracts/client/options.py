"""The suites' command-line options and the provider they name."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from contracts.client.target import API_PATH, Target


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
    group.addoption(
        "--api-version",
        help="the API version to judge by (default: the provider's API-version header; the in-process mock serves it)",
    )
    group.addoption("--seed", type=int, help="seed of the run's test data (default: random, shown in the report)")
    group.addoption("--report-dir", default="reports", help="where certification.md/.html/.xml go (default: reports)")


def base_url(url: str) -> str:
    """The API base URL: a bare host gets the standard path appended."""
    return url.rstrip("/") + API_PATH if urlsplit(url).path in ("", "/") else url.rstrip("/")


def target_from_options(option: Any) -> Target:
    """The provider the command line names (`--provider-url`, `--token`, `--mock-admin`), else the in-process mock."""
    if not option.provider_url:
        return Target.in_process(api_version=option.api_version)
    if not option.token:
        raise pytest.UsageError("--provider-url needs --token")
    return Target.from_url(base_url(option.provider_url), option.token, mock_admin=option.mock_admin)
