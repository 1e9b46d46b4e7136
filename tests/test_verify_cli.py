"""`kcc-mock verify-consumer` as users run it: listing, selecting, reports, exit status, --faults, --explore."""

from __future__ import annotations

import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from kcc_mock.cli import main
from kcc_mock.consumer.scenarios import SCENARIOS
from kcc_mock.http.verify import CommandConsumer

NEVER_ROLLS_BACK = str(Path(__file__).parent / "consumers" / "never_rolls_back.py")
SKIPS_PARTIJ = str(Path(__file__).parent / "consumers" / "skips_partij.py")
KCC_MOCK = str(Path(sys.executable).parent / "kcc-mock")
FAST = ["--hang-seconds", "2", "--timeout", "20"]


def test_list_names_every_scenario_with_its_expectation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-consumer", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [s.name for s in SCENARIOS]
    assert lines[0].split()[1:5] == ["expect", "complete", "partij", "known"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify-consumer"], "give the consumer after --"),
        (["verify-consumer", "--scenario", "no-such-*", "--", "true"], "no scenario matches no-such-*"),
        (["verify-consumer", "--faults", "/no/such/plan.yaml", "--", "true"], "/no/such/plan.yaml"),
        (["verify-consumer", "--", "/no/such/consumer"], "cannot run '/no/such/consumer': not found"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_fault_file_the_mock_would_refuse_is_refused_up_front(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("faults:\n  - effect: {status: 200}\n", encoding="utf-8")
    assert main(["verify-consumer", "--faults", str(plan), "--", "true"]) == 2
    assert "status must be one of" in capsys.readouterr().err
    plan.write_text("faults:\n  - match: {operation: partijenCreat}\n    effect: {status: 503}\n", encoding="utf-8")
    assert main(["verify-consumer", "--faults", str(plan), "--", "true"]) == 2
    assert "unknown operation 'partijenCreat'; did you mean 'partijenCreate'?" in capsys.readouterr().err


def test_the_reference_flow_command_passes_with_reports(tmp_path: Path) -> None:
    junit, report = tmp_path / "junit.xml", tmp_path / "report.md"
    scenarios = ["happy-path-new-partij", "betrokkene-503", "klantcontact-commit-then-fail"]
    argv = [KCC_MOCK, "verify-consumer", *FAST, "--jobs", "3", "--junit", str(junit), "--markdown", str(report)]
    argv += [arg for name in scenarios for arg in ("--scenario", name)]
    argv += ["--", KCC_MOCK, "flow", "--timeout", "1", "--backoff", "0.05"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {line.split()[0]: line.split()[1:3] for line in done.stdout.splitlines()[1:4]}
    assert rows == {
        "happy-path-new-partij": ["PASS", "completed"],
        "betrokkene-503": ["PASS", "rolled-back"],
        "klantcontact-commit-then-fail": ["PASS", "completed"],
    }
    suite = ET.fromstring(junit.read_text(encoding="utf-8"))
    assert (suite.get("tests"), suite.get("failures")) == ("3", "0")
    assert "Result: **3 of 3 scenarios passed**" in report.read_text(encoding="utf-8")


def test_a_consumer_that_never_rolls_back_fails_and_the_command_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["verify-consumer", *FAST, "--scenario", "happy-path", "--scenario", "actorklantcontact-4*"]
    assert main([*argv, "--", sys.executable, NEVER_ROLLS_BACK]) == 1
    out = capsys.readouterr().out
    assert [line.split()[:3] for line in out.splitlines()[1:3]] == [
        ["happy-path", "PASS", "completed"],
        ["actorklantcontact-400", "FAIL", "incomplete"],
    ]
    assert "actorklantcontact-400: outcome: expected rollback, got incomplete" in out


def test_explore_prints_a_fault_file_that_reproduces_the_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shrunk = tmp_path / "shrunk.yaml"
    consumer = ["--", sys.executable, NEVER_ROLLS_BACK]
    assert main(["verify-consumer", *FAST, "--explore", "6", "--explore-out", str(shrunk), *consumer]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith("# Smallest fault plan found by `kcc-mock verify-consumer --explore 6 --seed 0`")
    text = shrunk.read_text(encoding="utf-8")
    assert text in printed
    assert f"# Reproduce: kcc-mock verify-consumer --faults {shrunk} --partij " in text  # the file it is in
    assert len(yaml.safe_load(text)["faults"]) == 1
    partij = text.split("--partij ")[1].split()[0]
    assert main(["verify-consumer", *FAST, "--faults", str(shrunk), "--partij", partij, *consumer]) == 1
    assert "shrunk.yaml  FAIL" in capsys.readouterr().out


def test_an_unknown_scenario_is_reported_as_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-consumer", "--scenario", "no-such-*", "--", "true"]) == 2
    assert capsys.readouterr().err == "kcc-mock verify-consumer: no scenario matches no-such-*; see --list\n"


def test_a_consumer_command_that_cannot_start_is_reported_not_raised() -> None:
    run = CommandConsumer(["/no/such/consumer"]).run({}, timeout=5, stop=lambda: None)
    assert (run.exit_status, run.stopped) == (127, None) and "cannot start /no/such/consumer" in run.output


def running(pid: int) -> bool:
    """Whether a process still runs (a zombie waiting for its reaper does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_stopped_consumer_command_is_stopped_with_its_children(tmp_path: Path) -> None:
    child = tmp_path / "child.pid"
    script = (
        "import subprocess, time; "
        f"open({str(child)!r}, 'w').write(str(subprocess.Popen(['sleep', '30']).pid)); time.sleep(30)"
    )

    def started() -> str | None:  # stop it once the child runs
        return "over the bound" if child.exists() and child.read_text(encoding="utf-8") else None

    run = CommandConsumer([sys.executable, "-c", script]).run({}, timeout=20, stop=started)
    assert (run.exit_status, run.stopped) == (None, "over the bound")
    pid = int(child.read_text(encoding="utf-8"))
    for _ in range(100):  # the group was signalled; give the child a moment to go
        if not running(pid):
            break
        time.sleep(0.02)
    assert not running(pid)


def test_scenarios_a_consumer_does_not_exercise_are_shown_and_fail_only_with_require_all(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["verify-consumer", *FAST, "--scenario", "happy-path-new-partij", "--scenario", "partij-400"]
    assert main([*argv, "--", sys.executable, SKIPS_PARTIJ]) == 0
    out = capsys.readouterr().out
    assert [line.split()[:3] for line in out.splitlines()[1:3]] == [
        ["happy-path-new-partij", "PASS", "completed"],
        ["partij-400", "NOT", "EXERCISED"],
    ]
    assert "1 of 2 scenarios passed, 1 not exercised" in out
    assert "partij-400: not exercised: the consumer never called partijenCreate" in out
    assert main([*argv, "--require-all", "--", sys.executable, SKIPS_PARTIJ]) == 1
