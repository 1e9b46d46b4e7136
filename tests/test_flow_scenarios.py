"""Scenarios generated from a flow file, and the commands run with `--flow`: a user-written flow end to end.

The flow is the README's worked example, `examples/flows/terugbelnotitie.yaml`.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from kcc_mock.cli import main
from kcc_mock.config import Settings
from kcc_mock.consumer import verdict_report
from kcc_mock.consumer.flows.loader import load
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.consumer.scenarios import scenarios
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.flow import reference_consumer
from kcc_mock.http.server import ThreadedServer
from kcc_mock.http.verify import CallableConsumer, Verifier, VerifySettings
from kcc_mock.provider.fixtures import load_fixtures

EXAMPLE = Path(__file__).parents[1] / "examples" / "flows" / "terugbelnotitie.yaml"
KCC_MOCK = str(Path(sys.executable).parent / "kcc-mock")
TOKEN = "flow-file-token"
KINDS = ("400", "503", "timeout", "reset", "commit-then-fail")


def test_the_scenarios_of_a_flow_follow_its_steps_and_variants() -> None:
    flow = load(EXAMPLE)
    made = scenarios(flow)
    expected = [
        ("happy-path", "bekend", "complete"),
        ("happy-path-nieuw", "nieuw", "complete"),
        ("happy-path-klant", "klant", "complete"),
        # a get-or-create step's faults run where it creates; the others' in the first variant
        *[(f"medewerker-{k}", "nieuw", "either" if k == "commit-then-fail" else "rollback") for k in KINDS],
        *[
            (f"{step}-{k}", "bekend", "either" if k == "commit-then-fail" else "rollback")
            for step in ("klantcontact", "link", "betrokkene")
            for k in KINDS
        ],
        ("compensating-delete-fails-once", "bekend", "rollback"),
        ("slow-provider", "bekend", "complete"),
    ]
    assert [(s.name, s.inputs, s.expect) for s in made] == expected
    plans = {s.name: s.plan["faults"] for s in made}
    assert plans["medewerker-503"] == [
        {"id": "medewerker-503", "match": {"operation": "actorenCreate"}, "effect": {"status": 503}}
    ]
    assert plans["link-commit-then-fail"] == [
        {
            "id": "link-commit-then-fail",
            "match": {"operation": "actorklantcontactenCreate"},
            "effect": {"commitThenFail": "hang"},
            "limit": 1,
        }
    ]
    assert plans["compensating-delete-fails-once"] == [
        {"id": "betrokkene-400", "match": {"operation": "betrokkenenCreate"}, "effect": {"status": 400}},
        {
            "id": "delete-klantcontact-503-once",
            "match": {"method": "DELETE", "path": "/klantcontacten/*"},
            "effect": {"status": 503},
            "limit": 1,
        },
    ]
    environments = {s.name: s.environment("http://x", "t") for s in made if s.name.startswith("happy")}
    assert environments == {
        "happy-path": {"KCC_BASE_URL": "http://x", "KCC_TOKEN": "t", "KCC_MEDEWERKER_EMAIL": "jan@example.nl"},
        "happy-path-nieuw": {"KCC_BASE_URL": "http://x", "KCC_TOKEN": "t", "KCC_MEDEWERKER_EMAIL": "piet@example.nl"},
        "happy-path-klant": {
            "KCC_BASE_URL": "http://x",
            "KCC_TOKEN": "t",
            "KCC_MEDEWERKER_EMAIL": "jan@example.nl",
            "KCC_PARTIJ_UUID": "e8203b1b-f9e1-4fa1-96ce-2bcf36e061c2",
        },
    }


def test_list_shows_the_scenarios_of_the_flow_given(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-consumer", "--flow", str(EXAMPLE), "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [s.name for s in scenarios(load(EXAMPLE))]
    assert lines[3].split()[1:5] == ["expect", "rollback", "variant", "nieuw"]


def test_flows_lists_each_built_in_flow_with_the_variables_its_consumer_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["verify-consumer", "--flows"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "f2173: F2173 registreer klantcontact (25 scenarios)",
        "    KCC_ACTOR_UUID           the logged-in actor (always)",
        "    KCC_PARTIJ_BSN           the klant's BSN, when known; without it, a contactnaam only (in some variants)",
        "    variants: known, new, none",
    ]


def test_an_unknown_variant_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("faults: []\n", encoding="utf-8")
    argv = ["verify-consumer", "--flow", str(EXAMPLE), "--faults", str(plan), "--variant", "new", "--", "true"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "kcc-mock verify-consumer: flow terugbelnotitie has no variant 'new'; its variants: bekend, nieuw, klant\n"
    )


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[MockApp, str]]:
    """A mock on a free loopback port for this module."""
    app = create_app(Settings(token=TOKEN, hang_seconds=2.0, swagger_ui=False))
    with ThreadedServer(app) as server:
        yield app, f"http://127.0.0.1:{server.port}{app.provider.spec.base_path}"


def test_the_flow_command_runs_a_flow_file_with_its_inputs_from_the_environment(
    served: tuple[MockApp, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app, base = served
    app.reset()
    load_fixtures(app.provider, copy.deepcopy(dict(load(EXAMPLE).pre_existing)), base)
    monkeypatch.setenv("KCC_MEDEWERKER_EMAIL", "piet@example.nl")
    monkeypatch.delenv("KCC_PARTIJ_UUID", raising=False)
    argv = ["flow", "--flow", str(EXAMPLE), "--base-url", base, "--token", TOKEN, "--timeout", "2"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    store = app.provider.store
    (contact,) = [u for u in store.tables["klantcontacten"]]
    assert out.splitlines()[-1] == f"completed: klantcontact {contact}"
    (actor,) = [
        u for u, r in store.tables["actoren"].items() if r["actoridentificator"]["objectId"] == "piet@example.nl"
    ]
    (link,) = store.tables["actorklantcontacten"].values()
    assert (link["actor"], link["klantcontact"]) == (actor, contact)


def test_the_flow_command_names_the_variable_of_a_missing_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KCC_MEDEWERKER_EMAIL", raising=False)
    argv = ["flow", "--flow", str(EXAMPLE), "--base-url", "http://127.0.0.1:9", "--token", "t"]
    assert main(argv) == 2
    assert capsys.readouterr().err == "kcc-mock flow: missing --input medewerker=... (or $KCC_MEDEWERKER_EMAIL)\n"
    assert main([*argv, "--input", "collega=x"]) == 2
    assert "--input collega=x: the flow terugbelnotitie has inputs " in capsys.readouterr().err


def test_the_reference_consumer_passes_every_scenario_of_the_example_flow() -> None:
    flow = load(EXAMPLE)
    consumer = CallableConsumer(reference_consumer(timeout=0.5, policy=RetryPolicy(backoff=0.01), flow=flow))
    with Verifier(VerifySettings(timeout=6.0, hang_seconds=2.0), jobs=4) as verifier:
        verdicts = verifier.run_all(consumer, scenarios(flow))
    assert [v.scenario.name for v in verdicts if not v.passed] == [], verdict_report.failures(verdicts)
    assert len(verdicts) == 25


def test_verify_consumer_runs_a_command_against_a_flow_file(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    argv = [KCC_MOCK, "verify-consumer", "--flow", str(EXAMPLE), "--hang-seconds", "2", "--jobs", "3"]
    argv += ["--junit", str(junit)]
    argv += ["--scenario", "happy-path-klant", "--scenario", "link-503", "--scenario", "medewerker-commit-then-fail"]
    argv += ["--", KCC_MOCK, "flow", "--flow", str(EXAMPLE), "--timeout", "1", "--backoff", "0.05"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {line.split()[0]: line.split()[1:3] for line in done.stdout.splitlines()[1:4]}
    assert rows == {
        "happy-path-klant": ["PASS", "completed"],
        "link-503": ["PASS", "rolled-back"],
        "medewerker-commit-then-fail": ["PASS", "completed"],
    }
    cases = ET.fromstring(junit.read_text(encoding="utf-8")).findall("testcase")
    assert {case.get("classname") for case in cases} == {"consumer.terugbelnotitie"}
