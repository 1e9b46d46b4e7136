"""The pieces of `make bench` work (nothing here is timed): ceiling, flow driver, wrk glue, results."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import _SyncASGITransport

from bench import bodies, ceiling, flow_driver, results, wrk
from kcc_mock.config import DEFAULT_TOKEN
from kcc_mock.http.app import MockApp
from kcc_mock.http.server import ThreadedServer

BASE = "http://127.0.0.1:8000"


class AsgiClient:
    """The flow driver's client protocol over an in-process ASGI app."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def request(self, method: str, path: str, body: bytes | None = None) -> flow_driver.Reply:
        headers = {"Authorization": f"Token {DEFAULT_TOKEN}", "Content-Type": "application/json"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=BASE) as client:
            response = await client.request(method, path, content=body, headers=headers)
        return flow_driver.Reply(response.status_code, dict(response.headers), response.content)


def test_the_ceiling_stores_a_posted_body_and_answers_it() -> None:
    with httpx.Client(transport=_SyncASGITransport(ceiling.create_ceiling_app()), base_url=BASE) as client:
        body = bodies.klantcontact("123")
        created = client.post(ceiling.PATH, json=body)
        assert (created.status_code, created.json()) == (201, body)
        assert client.get(ceiling.PATH).json() == {"count": 1}


def test_one_flow_completes_against_the_in_process_mock(app: MockApp) -> None:
    actor = app.provider.create("actoren", bodies.MEDEWERKER, BASE)["uuid"]
    tally = flow_driver.Tally()
    assert asyncio.run(flow_driver.run_flow(AsgiClient(app), actor, "1000000001", tally))
    assert (tally.requests, dict(tally.failures)) == (4, {})
    assert dict(tally.created) == {"klantcontacten": 1, "actorklantcontacten": 1, "betrokkenen": 1}
    assert {name: app.provider.store.count(name) for name in tally.created} == dict(tally.created)


def test_a_flow_refused_by_the_mock_counts_as_failed(app: MockApp) -> None:
    tally = flow_driver.Tally()
    unknown_actor = "00000000-0000-4000-8000-000000000000"
    assert not asyncio.run(flow_driver.run_flow(AsgiClient(app), unknown_actor, "1000000002", tally))
    assert dict(tally.failures) == {"POST actorklantcontacten 400": 1}
    assert dict(tally.created) == {"klantcontacten": 1}


def test_the_driver_runs_flows_from_another_process_over_http(app: MockApp) -> None:
    actor = app.provider.create("actoren", bodies.MEDEWERKER, BASE)["uuid"]
    with ThreadedServer(app) as server:
        summary = flow_driver.drive("127.0.0.1", server.port, DEFAULT_TOKEN, actor, 1, 0.1, processes=1)
    assert summary["flows"] >= 1
    assert (summary["failed"], summary["failures"]) == (0, {})
    assert summary["created"]["klantcontacten"] == app.provider.store.count("klantcontacten") == summary["flows"]


def test_the_wrk_scripts_post_a_unique_body_and_report_json() -> None:
    text = wrk.script(body_template='{"referentienummer": "REFERENTIENUMMER"}')
    assert "function request()" in text
    assert "function done(summary, latency, requests)" in text
    assert "function request()" not in wrk.script(body_template=None)


def test_wrk_figures_are_read_from_the_reporter_line() -> None:
    line = (
        'bench-result {"requests": 2000, "duration_us": 2000000, "connect_errors": 0, "read_errors": 0, '
        '"write_errors": 0, "status_errors": 3, "timeouts": 1, "p50_us": 1500, "p90_us": 2000, "p99_us": 9000, '
        '"max_us": 12000, "mean_us": 1600.0}'
    )
    summary = wrk.summarise(wrk.parse(f"Running 2s test\n{line}\n"), cpu_seconds=0.5)
    assert (summary["rps"], summary["p99_ms"], summary["failed"], summary["socket_errors"]) == (1000, 9, 3, 1)
    assert summary["loadgen_cpu"] == 0.25
    with pytest.raises(RuntimeError):
        wrk.parse("no figures")


def run_figures(rps: float, p99: float) -> dict[str, Any]:
    """One load phase's figures, as wrk.summarise and flow_driver.summarise shape them."""
    return {"rps": rps, "p50_ms": p99 / 2, "p99_ms": p99, "failed": 0, "socket_errors": 0, "loadgen_cpu": 0.1}


def sample_results() -> dict[str, Any]:
    """A complete set of results with every target met."""
    connections = [str(c) for c in results.CONNECTIONS]
    mock = {key: {c: {**run_figures(3000, 5), "ratio": 0.3} for c in connections} for key in results.OPERATIONS}
    mock["flow"] = {c: {**run_figures(1600, 20), "flows_per_s": 400} for c in connections}
    figures = {
        "machine": {"cores": 2},
        "seconds_per_phase": 5,
        "ceiling": {c: run_figures(10_000, 3) for c in connections},
        "mock": mock,
        "startup_s": 1.0,
        "memory": {"empty": {"rss_mb": 60}, "100000": {"rss_mb": 400, "list_filtered": run_figures(1000, 2)}},
        "consistency": {"ok": True, "problems": []},
    }
    figures["targets"] = results.judge(figures)
    return figures


def test_the_results_carry_every_key_and_judge_every_target(tmp_path: Path) -> None:
    figures = sample_results()
    assert len(figures["targets"]) == 8
    assert all(target["met"] for target in figures["targets"])
    path = tmp_path / "results.json"
    results.write(figures, path)
    assert set(results.KEYS) <= set(path.read_text().split('"')[1::2])
    table = results.markdown(figures)
    assert "| POST /klantcontacten | 32 |" in table
    assert "| 100000 | 400 |" in table


def test_a_missed_target_is_reported_and_incomplete_results_are_refused(tmp_path: Path) -> None:
    figures = sample_results()
    figures["mock"]["post_klantcontact"]["32"]["p99_ms"] = 30
    figures["consistency"]["problems"] = ["flow at 32 connections: created 3, store grew by 2"]
    missed = [target["name"] for target in results.judge(figures) if not target["met"]]
    assert missed == ["POST /klantcontacten at 32 connections, p99 ms", "store inconsistencies after load"]
    del figures["memory"]
    with pytest.raises(ValueError, match="memory"):
        results.write(figures, tmp_path / "results.json")


def test_bench_exits_non_zero_when_a_target_is_missed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bench import run

    met, slow = sample_results(), sample_results()
    slow["mock"]["post_klantcontact"]["32"]["p99_ms"] = 30  # the limit is 25 ms
    slow["targets"] = [{**target, "met": True} for target in slow["targets"]]  # stale verdicts are judged again
    assert results.missed(met) == []
    assert results.missed(slow) == ["POST /klantcontacten at 32 connections, p99 ms"]
    for figures, status in ((met, 0), (slow, 1)):
        monkeypatch.setattr(run, "run", lambda seconds, sizes, figures=figures: figures)
        assert run.main(["--seconds", "1", "--output", str(tmp_path / "results.json")]) == status
