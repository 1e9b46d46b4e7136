"""The certification suite judges a provider by the API version it serves (or the one asked for)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts.certification.engine import Certification, ProviderUnusable
from contracts.certification.reporting.summary import verdict
from contracts.certification.results import Outcome, RunReport
from contracts.certification.rules import RULES
from contracts.client.asgi_transport import SyncASGITransport
from contracts.client.target import API_PATH, IN_PROCESS_ORIGIN, Target
from kcc_mock.config import Settings
from kcc_mock.http.app import create_app

PROVIDER_RULES = [rule for rule in RULES if not rule.needs_faults]


class _VersionHeader:
    """Wraps an app and rewrites (or drops, for None) the API-version header of every answer."""

    def __init__(self, app: ASGIApp, version: str | None) -> None:
        self.app, self.version = app, version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"api-version"]
                if self.version is not None:
                    headers.append((b"api-version", self.version.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, rewrite)


def target(version: str | None, header: Any = "as served") -> Target:
    """The in-process mock serving `version`, its API-version header rewritten unless "as served"."""
    app = create_app(Settings(api_version=version))
    if header == "as served":
        return Target.in_process(app)
    return Target(IN_PROCESS_ORIGIN + API_PATH, app.settings.token, SyncASGITransport(_VersionHeader(app, header)))


def outcome_of(report: RunReport, outcome: Outcome) -> dict[str, str]:
    return {r.rule.id: r.message for r in report.provider_results if r.outcome is outcome}


def test_a_provider_serving_0_8_0_is_judged_by_0_8_0_and_the_rule_it_lacks_is_not_applicable() -> None:
    report = Certification(target("0.8.0"), seed=2173).run_all(PROVIDER_RULES)
    assert report.info.api_version == "0.8.0"
    assert outcome_of(report, Outcome.FAILED) == {}
    assert outcome_of(report, Outcome.NOT_APPLICABLE) == {
        "INV-07": "API 0.8.0 has no Klantcontact.verdereActieOndernomen (a later version adds it)"
    }
    assert verdict(report) == "CERTIFIED: every required rule passed; not part of API 0.8.0: INV-07"


def test_the_newest_provider_is_judged_by_every_rule() -> None:
    report = Certification(target(None), seed=2173).run_all(PROVIDER_RULES)
    assert report.info.api_version == "0.9.0"
    assert outcome_of(report, Outcome.NOT_APPLICABLE) == {}
    assert outcome_of(report, Outcome.FAILED) == {}


def test_a_0_8_0_provider_judged_as_0_9_0_fails_the_rules_of_0_9_0() -> None:
    """Asked to judge by 0.9.0, the older provider fails exactly the contact-succeeded rules."""
    report = Certification(target("0.8.0"), seed=2173, api_version="0.9.0").run_all(PROVIDER_RULES)
    assert report.info.api_version == "0.9.0"
    assert set(outcome_of(report, Outcome.FAILED)) == {"INV-03", "INV-07"}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("0.7.0", "API version 0.7.0 has no spec in this suite (it judges 0.8.0, 0.9.0)"),
        (None, "sends no API-version header: name one with --api-version"),
    ],
)
def test_a_version_without_a_spec_makes_the_provider_unusable(header: str | None, message: str) -> None:
    with pytest.raises(ProviderUnusable, match=message.replace("(", r"\(").replace(")", r"\)")):
        Certification(target(None, header), seed=2173).run_all(PROVIDER_RULES)


def test_a_version_asked_for_overrides_a_missing_header() -> None:
    report = Certification(target("0.8.0", None), seed=2173, api_version="0.8.0").run_all(PROVIDER_RULES)
    assert report.info.api_version == "0.8.0"
    assert set(outcome_of(report, Outcome.NOT_APPLICABLE)) == {"INV-07"}
