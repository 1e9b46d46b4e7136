"""`kcc-mock serve` with wrong input: one line naming the file or option and the problem, exit 2, no banner."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from kcc_mock.cli import main
from kcc_mock.http.server import free_port
from kcc_mock.observe.faults import FaultPlan, FaultPlanError
from kcc_mock.provider.spec import Spec


def write(tmp_path: Path, name: str, text: str) -> str:
    """A file in the test's directory; returns its path."""
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run `kcc-mock` expecting a user error; returns its one line of stderr."""
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no banner, no "serving at"
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


BROKEN_YAML = "faults:\n  - effect: {status: 503\n"
MISSPELT = "faults:\n  - match: {operation: klantcontactenCreat}\n    effect: {status: 503}\n"
CASES: dict[str, tuple[Callable[[Path], list[str]], list[str]]] = {
    "broken fault plan": (
        lambda d: ["--faults", write(d, "broken.yaml", BROKEN_YAML)],
        ["kcc-mock: --faults ", "broken.yaml: invalid YAML at line 3"],
    ),
    "misspelt operationId": (
        lambda d: ["--faults", write(d, "plan.yaml", MISSPELT)],
        ["unknown operation 'klantcontactenCreat'; did you mean 'klantcontactenCreate'?"],
    ),
    "missing fault plan": (
        lambda d: ["--faults", str(d / "nowhere.yaml")],
        ["--faults ", "nowhere.yaml: no such file"],
    ),
    "broken YAML fixtures": (
        lambda d: ["--fixtures", write(d, "seed.yaml", "actoren:\n  - naam: [Jan\n")],
        ["kcc-mock: --fixtures ", "seed.yaml: invalid YAML at line"],
    ),
    "broken JSON fixtures": (
        lambda d: ["--fixtures", write(d, "seed.json", '{"actoren": [}')],
        ["kcc-mock: --fixtures ", "seed.json: invalid JSON at line 1, column 14: Expecting value"],
    ),
    "port out of range": (
        lambda d: ["--port", "99999"],
        ["kcc-mock: --port 99999: a port is a number from 1 to 65535"],
    ),
    "zero journal size": (
        lambda d: ["--journal-size", "0"],
        ["kcc-mock: --journal-size 0: the journal keeps at least 1 exchange"],
    ),
    "unknown API version": (
        lambda d: ["--api-version", "0.7.0"],
        ["kcc-mock: --api-version 0.7.0: served versions are 0.8.0, 0.9.0"],
    ),
    "empty token": (lambda d: ["--token", ""], ["kcc-mock: --token: the API token must not be empty"]),
    "non-numeric port": (lambda d: ["--port", "abc"], ["argument --port: invalid int value: 'abc'"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_serve_reports_a_user_error_in_one_line_with_exit_2_and_no_banner(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options, expected = CASES[case]
    argv = ["serve", "--port", str(free_port()), *options(tmp_path)]
    if case == "non-numeric port":
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
        out, err = capsys.readouterr()
        assert (out, len(err.splitlines())) == ("", 1), err
        line = err.strip()
    else:
        line = refused(argv, capsys)
    assert all(part in line for part in expected), line
    assert "Traceback" not in line
    assert "fault plan" not in line or case in ("broken fault plan", "misspelt operationId")


def test_serve_reports_a_port_in_use_before_any_banner(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = refused(["serve", "--port", str(port)], capsys)
    assert line == f"kcc-mock: --port {port}: cannot listen on 127.0.0.1:{port} (address already in use)"


def test_fault_rules_on_an_unknown_operation_are_refused_with_a_suggestion() -> None:
    plan = FaultPlan(operations=Spec.load().operations)
    with pytest.raises(FaultPlanError, match=r"did you mean 'actorklantcontactenCreate'\?"):
        plan.add({"match": {"operation": "actorklantcontactCreate"}, "effect": {"status": 503}})
    with pytest.raises(FaultPlanError, match=r"^unknown operation 'frobnicate'$"):
        plan.add({"match": {"operation": "frobnicate"}, "effect": {"status": 503}})
    assert plan.rules == []
    assert plan.add({"match": {"operation": "klantcontactenCreate"}, "effect": {"status": 503}}).id == "fault-1"
