"""verify-consumer's runs for people to look at: the HTML report's diagrams, and the page of a verify run."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import _SyncASGITransport
from test_verify_consumers import CONSUMERS, load

from kcc_mock.consumer.scenarios import select
from kcc_mock.consumer.verdict_html import html
from kcc_mock.consumer.verdicts import Verdict
from kcc_mock.http.verify import VERIFY_TOKEN, CallableConsumer, Verifier, VerifySettings

ROOT = Path(__file__).parents[1]
SCENARIOS = ("happy-path", "actorklantcontact-503")


@pytest.fixture(scope="module")
def verified() -> Iterator[tuple[Verifier, list[Verdict]]]:
    """The consumer that never rolls back, through the happy path and a 503 on the actor link."""
    with Verifier(VerifySettings(timeout=6.0, hang_seconds=2.0)) as verifier:
        yield verifier, verifier.run_all(CallableConsumer(load("never_rolls_back")), select(list(SCENARIOS)))


def section(page: str, scenario: str) -> str:
    start = page.index(f'<section class="scenario" id="scenario-{scenario}"')
    return page[start : page.index("</section>", start)]


def test_the_html_report_draws_each_run_and_highlights_the_failed_checks_evidence(
    verified: tuple[Verifier, list[Verdict]],
) -> None:
    _, verdicts = verified
    assert [(v.scenario.name, v.state, len(v.entries)) for v in verdicts] == [
        ("happy-path", "PASS", 4),
        ("actorklantcontact-503", "FAIL", 2),
    ]
    page = html(verdicts, "python tests/consumers/never_rolls_back.py")
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r'\b(src|href)="(?!#)', page)  # one file: nothing fetched, only in-page links
    failed = section(page, "actorklantcontact-503")
    assert failed.count("<svg") == 1 and "fault 503" in failed
    # The outcome check cites both calls (#1 left the klantcontact, #2 was refused): both highlighted.
    assert re.findall(r'<a href="#([\w-]+)" class="call( faulted)? cited"', failed) == [
        ("scenario-actorklantcontact-503-call-1", ""),
        ("scenario-actorklantcontact-503-call-2", " faulted"),
    ]
    assert 'id="scenario-actorklantcontact-503-call-2"' in failed  # where the diagram's link goes
    assert "authorization: Token ***" in failed and VERIFY_TOKEN not in page
    passed = section(page, "happy-path")
    assert passed.count("<svg") == 1 and "cited" not in passed and "fault layer" not in passed


def test_a_verify_runs_page_keeps_every_finished_run_with_its_verdict(
    verified: tuple[Verifier, list[Verdict]],
) -> None:
    verifier, _ = verified
    app = verifier.lanes[0].app
    with httpx.Client(transport=_SyncASGITransport(app), base_url="http://127.0.0.1") as client:
        runs = client.get("/_mock/ui/api/runs").json()["runs"]
        # The last scenario is still in the journal: listed once, as finished.
        assert [(r["id"], r["label"], r["state"], r["calls"], r["left"]) for r in runs] == [
            ("finished:2", "actorklantcontact-503", "FAIL", 2, 1),
            ("finished:1", "happy-path", "PASS", 4, 3),
        ]
        shown = client.get("/_mock/ui/api/runs/finished:2").json()
        assert [(o["collection"], o["stored"]) for o in shown["left"]] == [("klantcontacten", False)]


def test_verify_consumer_writes_the_html_report_and_watch_keeps_the_page_served(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    command = [sys.executable, "-m", "kcc_mock", "verify-consumer", "--watch", "--scenario", "actorklantcontact-503"]
    command += [
        "--html",
        str(report),
        "--hang-seconds",
        "2",
        "--",
        sys.executable,
        str(CONSUMERS / "never_rolls_back.py"),
    ]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stderr is not None
            lines = [process.stderr.readline() for _ in range(3)]
            url = re.match(r"Watch the runs at (http://127\.0\.0\.1:\d+/_mock/ui/)$", lines[0].strip())
            assert url is not None, lines
            assert lines[1].startswith("FAIL actorklantcontact-503")
            assert lines[2].startswith(f"Done; the runs stay at {url[1]} until interrupted")
            runs = httpx.get(url[1] + "api/runs", timeout=5).json()["runs"]
            assert [(r["label"], r["state"]) for r in runs] == [("actorklantcontact-503", "FAIL")]
            assert "scenario-actorklantcontact-503-call-2" in report.read_text(encoding="utf-8")
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 1  # the scenario failed
        finally:
            if process.poll() is None:
                process.kill()
