"""schemathesis against the mock, reduced for CI: every built-in check and the domain checks find nothing.

The full run is `make schemathesis` (README, "Fuzzing with schemathesis"); this one keeps the same
settings with a fixed seed and few examples: fuzzing and stateful testing over every operation, and
the coverage phase (exhaustive negative and boundary cases) over the operations of the flow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from schemathesis_support import BASE_PATH, run_schemathesis

from kcc_mock.config import Settings
from kcc_mock.http.app import create_app
from kcc_mock.http.server import ThreadedServer

SEED = "2173"
FLOW = ("klantcontactenCreate", "actorklantcontactenCreate", "betrokkenenCreate")


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """A fresh mock on a free 127.0.0.1 port, for this module's runs."""
    with ThreadedServer(create_app(Settings(swagger_ui=False))) as server:
        yield f"http://{server.host}:{server.port}{BASE_PATH}"


def test_fuzzing_and_stateful_runs_find_nothing(mock_url: str, tmp_path: Path) -> None:
    outcome = run_schemathesis(
        mock_url, tmp_path, "--phases", "fuzzing,stateful", "--max-examples", "5", "--seed", SEED
    )
    assert (outcome.failures, outcome.errors) == ({}, []), outcome.output[-6000:]
    assert outcome.exit_code == 0, outcome.output[-6000:]
    assert outcome.report["operations"]["tested"] == 61
    assert outcome.report["phases"]["stateful"]["status"] == "success"


def test_coverage_phase_finds_nothing_in_the_flow(mock_url: str, tmp_path: Path) -> None:
    selection = [option for operation in FLOW for option in ("--include-operation-id", operation)]
    outcome = run_schemathesis(mock_url, tmp_path, "--phases", "coverage", "--seed", SEED, *selection)
    assert (outcome.failures, outcome.errors) == ({}, []), outcome.output[-6000:]
    assert outcome.exit_code == 0, outcome.output[-6000:]
    assert outcome.report["operations"]["tested"] == len(FLOW)
