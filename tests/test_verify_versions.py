"""`verify-consumer --api-version 0.8.0`: the consumer runs against the mock of that version, and the built-in
flows' reference consumer passes every scenario there too (no flow writes a field 0.8.0 lacks)."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator, Mapping

import pytest

from kcc_mock.cli import main
from kcc_mock.consumer.flows.loader import builtin, names
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.consumer.scenarios import scenarios
from kcc_mock.http.flow import reference_consumer
from kcc_mock.http.verify import CallableConsumer, Verifier, VerifySettings


@pytest.fixture(scope="module")
def older() -> Iterator[Verifier]:
    """A verifier whose mocks serve API 0.8.0."""
    with Verifier(VerifySettings(timeout=6.0, hang_seconds=2.0, api_version="0.8.0"), jobs=8) as running:
        yield running


def test_the_consumer_meets_the_version_named(older: Verifier) -> None:
    seen: list[str | None] = []

    def consumer(env: Mapping[str, str]) -> int:
        request = urllib.request.Request(
            f"{env['KCC_BASE_URL']}/klantcontacten", headers={"Authorization": f"Token {env['KCC_TOKEN']}"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            seen.append(response.headers.get("API-version"))
        return 0

    happy = next(s for s in scenarios(builtin("f2173")) if s.name == "happy-path")
    older.run(CallableConsumer(consumer), happy)
    assert seen == ["0.8.0"]


@pytest.mark.parametrize("name", names())
def test_the_reference_consumer_passes_every_scenario_on_0_8_0(older: Verifier, name: str) -> None:
    flow = builtin(name)
    consumer = CallableConsumer(reference_consumer(timeout=0.5, policy=RetryPolicy(backoff=0.01), flow=flow))
    verdicts = older.run_all(consumer, scenarios(flow))
    assert [v.scenario.name for v in verdicts if not v.passed] == []
    assert len(verdicts) == len(scenarios(flow))


def test_an_unknown_version_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-consumer", "--api-version", "0.7.0", "--", "true"]) == 2
    error = "kcc-mock verify-consumer: --api-version 0.7.0: served versions are 0.8.0, 0.9.0\n"
    assert capsys.readouterr().err == error
