"""schemathesis against the mock, reduced for CI: every built-in check and the domain checks find nothing.

The full run is `make schemathesis` (README, "Fuzzing with schemathesis"); this one keeps the same
settings with a fixed seed and few examples: fuzzing over every operation, the coverage phase
(exhaustive negative and boundary cases) over the operations of the flow, and the stateful phase
over every operation, long enough that it creates objects of every collection and follows the
spec's links from them to every item operation (`GET/PUT/PATCH/DELETE /{collection}/{uuid}`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from schemathesis_stateful import item_operations
from schemathesis_support import BASE_PATH, Outcome, run_schemathesis

from kcc_mock.config import Settings
from kcc_mock.http.app import create_app
from kcc_mock.http.server import ThreadedServer

SEED = "2173"
FLOW = ("klantcontactenCreate", "actorklantcontactenCreate", "betrokkenenCreate")
# Scenarios of the stateful phase (up to 20 steps each; about 15 s). It picks links at random: at this
# size it got 2xx from 44 to 52 of the 56 item operations (seeds 1-9 and 2173), and links led to
# all 56 in each run.
STATEFUL_EXAMPLES = "50"


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """A fresh mock on a free 127.0.0.1 port, for this module's runs."""
    with ThreadedServer(create_app(Settings(swagger_ui=False))) as server:
        yield f"http://{server.host}:{server.port}{BASE_PATH}"


@pytest.fixture(scope="module")
def stateful(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """The stateful phase alone, on a mock of its own, with its steps read from the NDJSON report."""
    with ThreadedServer(create_app(Settings(swagger_ui=False))) as server:
        url = f"http://{server.host}:{server.port}{BASE_PATH}"
        report_dir = tmp_path_factory.mktemp("stateful")
        options = ("--phases", "stateful", "--max-examples", STATEFUL_EXAMPLES, "--seed", SEED)
        return run_schemathesis(url, report_dir, *options, steps=True)


def test_fuzzing_run_finds_nothing(mock_url: str, tmp_path: Path) -> None:
    outcome = run_schemathesis(mock_url, tmp_path, "--phases", "fuzzing", "--max-examples", "5", "--seed", SEED)
    assert (outcome.failures, outcome.errors) == ({}, []), outcome.output[-6000:]
    assert outcome.exit_code == 0, outcome.output[-6000:]
    assert outcome.report["operations"]["tested"] == 85


def test_coverage_phase_finds_nothing_in_the_flow(mock_url: str, tmp_path: Path) -> None:
    selection = [option for operation in FLOW for option in ("--include-operation-id", operation)]
    outcome = run_schemathesis(mock_url, tmp_path, "--phases", "coverage", "--seed", SEED, *selection)
    assert (outcome.failures, outcome.errors) == ({}, []), outcome.output[-6000:]
    assert outcome.exit_code == 0, outcome.output[-6000:]
    assert outcome.report["operations"]["tested"] == len(FLOW)


def test_stateful_run_finds_nothing(stateful: Outcome) -> None:
    assert (stateful.failures, stateful.errors) == ({}, []), stateful.output[-6000:]
    assert stateful.exit_code == 0, stateful.output[-6000:]
    assert stateful.report["phases"]["stateful"]["status"] == "success"


def test_the_stateful_phase_can_reach_every_item_operation(stateful: Outcome) -> None:
    """Each item operation has a link to it from an answer the phase got, with the object's uuid in it.

    That is what the phase needs to call it on an object the run created: a create that succeeded
    (its positive steps are completed by the hooks: `StatefulData` in `contracts/schemathesis/stateful.py`) and a link
    in the spec (the phase infers none, `schemathesis.toml`).
    """
    unreachable = item_operations() - stateful.reachable()
    assert not unreachable, f"no link leads from what the stateful phase got to: {sorted(unreachable)}"


def test_the_stateful_phase_worked_on_objects_of_every_collection(stateful: Outcome) -> None:
    """Through a link, some item operation of each collection answered 2xx: it found the object created before."""
    reached = item_operations() & stateful.reached()
    collections = {operation.split("/")[1] for operation in item_operations()}
    untouched = collections - {operation.split("/")[1] for operation in reached}
    assert not untouched, f"no item operation of {sorted(untouched)} answered 2xx; reached: {sorted(reached)}"
