"""`make bench`: measure the mock against a bare-Starlette ceiling in one run; write and print results.

Phases (each a few seconds): the ceiling under wrk; the mock as `kcc-mock serve` runs it (start-up
time, then POST, GET with relations and a filtered list under wrk, then the F2173 flow from a
multi-process Python driver), with the store checked against the successful creates; then mocks
preloaded with 10,000 and 100,000 klantcontacten for resident memory and list latency.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kcc_mock.config import DEFAULT_TOKEN

from . import bodies, flow_driver, results, servers, wrk

API = flow_driver.API
HERE = Path(__file__).parent
HEADERS = {"Authorization": f"Token {DEFAULT_TOKEN}"}
COUNTED = ("klantcontacten", "actorklantcontacten", "betrokkenen")


def call(port: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """One request with the stdlib client; returns status and decoded JSON."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {**HEADERS, "Content-Type": "application/json"}
    connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, json.loads(data) if data else None


def counts(port: int) -> dict[str, int]:
    """How many objects each counted collection holds."""
    return {name: call(port, "GET", f"{API}/{name}?pageSize=1")[1]["count"] for name in COUNTED}


def measured(server: servers.Server, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run a load phase and add the server's CPU use (1.0 is one core) to its figures."""
    cpu, busy, started = server.cpu_seconds(), servers.busy_cpu_seconds(), time.perf_counter()
    figures = work()
    wall = time.perf_counter() - started
    # The load generator's own span: the wall time also holds its start-up, when the server idles.
    seconds = figures.get("seconds") or wall
    figures["server_cpu"] = round((server.cpu_seconds() - cpu) / seconds, 2)
    # What everything else on this shared machine used meanwhile: noise behind a slow figure.
    ours = (figures["server_cpu"] + figures["loadgen_cpu"]) * seconds
    figures["other_cpu"] = round(max(0.0, (servers.busy_cpu_seconds() - busy - ours) / wall), 2)
    return figures


def post_template() -> str:
    """The klantcontact body of the flow, its referentienummer left for wrk to fill in."""
    return json.dumps(bodies.klantcontact("REFERENTIENUMMER"))


def start_ceiling() -> servers.Server:
    """The bare Starlette app, answering."""
    port = servers.free_port()
    server = servers.start(servers.python_module("bench.ceiling", "--port", str(port)), port)
    servers.first_answer(server, "/items", {})
    return server


def start_mock(port: int) -> tuple[servers.Server, float]:
    """`kcc-mock serve` as a user starts it; returns the server and its start-up time in seconds."""
    command = servers.python_module("kcc_mock", "serve", "--host", "127.0.0.1", "--port", str(port))
    started = time.monotonic()
    server = servers.start([*command, "--token", DEFAULT_TOKEN], port)
    answered = servers.first_answer(server, f"{API}/klantcontacten?pageSize=1", HEADERS)
    return server, answered - started


def startup(tries: int = 3) -> tuple[float, float]:
    """Median start-up time of a few cold starts, and the resident memory of an empty mock."""
    times, memory = [], 0.0
    for _ in range(tries):
        server, elapsed = start_mock(servers.free_port())
        memory = server.rss_mb()
        server.stop()
        times.append(elapsed)
    return round(statistics.median(times), 3), memory


def posts(ceiling: servers.Server, mock: servers.Server, seconds: float, problems: list[str]) -> dict[str, Any]:
    """POST the same body to the ceiling and to the mock, alternating per connection count.

    Alternating keeps the two measurements of a ratio close in time on a noisy machine.
    """
    figures: dict[str, Any] = {"ceiling": {}, "post_klantcontact": {}}
    ceiling_url, mock_url = (
        f"http://127.0.0.1:{ceiling.port}/items",
        f"http://127.0.0.1:{mock.port}{API}/klantcontacten",
    )
    wrk.run(ceiling_url, 8, 1, HEADERS, post_template())  # warm-up
    wrk.run(mock_url, 8, 1, HEADERS, post_template(), run_number=9)
    for run_number, c in enumerate(results.CONNECTIONS, start=1):
        figures["ceiling"][str(c)] = measured(
            ceiling, lambda c=c: wrk.run(ceiling_url, c, seconds, HEADERS, post_template())
        )
        before = counts(mock.port)["klantcontacten"]
        done = measured(mock, lambda c=c, n=run_number: wrk.run(mock_url, c, seconds, HEADERS, post_template(), n))
        stored = counts(mock.port)["klantcontacten"] - before
        # wrk drops the requests in flight at its deadline: those may be stored without being counted.
        created = done["requests"] - done["failed"]
        if not created <= stored <= created + c:
            problems.append(f"POST at {c} connections: {created} answered 201, store grew by {stored}")
        figures["post_klantcontact"][str(c)] = {**done, "stored": stored}
    return figures


def reads(server: servers.Server, seconds: float) -> dict[str, Any]:
    """GET one klantcontact with its relations and a filtered list under wrk at 1, 8 and 32 connections."""
    port = server.port
    base = f"http://127.0.0.1:{port}{API}"
    figures: dict[str, Any] = {}
    actor = call(port, "POST", f"{API}/actoren", bodies.MEDEWERKER)[1]["uuid"]
    contact = call(port, "POST", f"{API}/klantcontacten", bodies.klantcontact("1"))[1]["uuid"]
    call(port, "POST", f"{API}/actorklantcontacten", bodies.actorklantcontact(actor, contact))
    call(port, "POST", f"{API}/betrokkenen", bodies.betrokkene(contact))
    urls = {
        "get_klantcontact": f"{base}/klantcontacten/{contact}?expand=hadBetrokkenen",
        "list_filtered": f"{base}/betrokkenen?hadKlantcontact__uuid={contact}",
    }
    for key, url in urls.items():
        figures[key] = {
            str(c): measured(server, lambda c=c, url=url: wrk.run(url, c, seconds, HEADERS))
            for c in results.CONNECTIONS
        }
    figures["actor"] = actor
    return figures


def flows(server: servers.Server, actor: str, seconds: float, problems: list[str]) -> dict[str, Any]:
    """The F2173 flow at 1, 8 and 32 connections; the store must grow by exactly what was created."""
    figures = {}
    for run_number, c in enumerate(results.CONNECTIONS, start=4):
        before = counts(server.port)
        done = measured(
            server,
            lambda c=c, n=run_number: flow_driver.drive(
                "127.0.0.1", server.port, DEFAULT_TOKEN, actor, c, seconds, processes=min(c, 2), run=n
            ),
        )
        after = counts(server.port)
        grown = {name: after[name] - before[name] for name in COUNTED}
        expected = {name: done["created"].get(name, 0) for name in COUNTED}
        if grown != expected:
            problems.append(f"flow at {c} connections: created {expected}, store grew by {grown}")
        figures[str(c)] = done
    return figures


def preloaded(size: int, seconds: float) -> dict[str, Any]:
    """Resident memory and list latency of a mock holding `size` klantcontacten with their links."""
    port = servers.free_port()
    command = servers.python_module("bench.preload", "--port", str(port), "--klantcontacten", str(size))
    server = servers.start(command, port)
    try:
        assert server.process.stdout is not None
        ready = json.loads(server.process.stdout.readline())
        servers.first_answer(server, f"{API}/klantcontacten?pageSize=1", HEADERS)
        base = f"http://127.0.0.1:{port}{API}"
        figures: dict[str, Any] = {"rss_mb": server.rss_mb(), "preload_s": ready["seconds"]}
        urls = {
            "list_filtered": f"{base}/betrokkenen?hadKlantcontact__uuid={ready['sample']}",
            "list_klantcontacten": f"{base}/klantcontacten",
        }
        for key, url in urls.items():
            figures[key] = measured(server, lambda url=url: wrk.run(url, 1, seconds, HEADERS))
        figures["rss_after_mb"] = server.rss_mb()
        return figures
    finally:
        server.stop()


def machine() -> dict[str, Any]:
    """What the figures were measured on."""

    def has(module: str) -> bool:
        try:
            __import__(module)
        except ImportError:
            return False
        return True

    version = subprocess.run([wrk.wrk_path(), "-v"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "uvloop": has("uvloop"),
        "httptools": has("httptools"),
        "wrk": version.split(" [")[0].strip(),
    }


def run(seconds: float, sizes: Sequence[int]) -> dict[str, Any]:
    """Every phase, in order; returns the results with the targets judged."""
    problems: list[str] = []
    figures: dict[str, Any] = {"machine": machine(), "seconds_per_phase": seconds}
    print("start-up ...", flush=True)
    figures["startup_s"], empty = startup()
    print("ceiling and mock under load ...", flush=True)
    ceiling = start_ceiling()
    mock: servers.Server | None = None
    try:
        mock, _ = start_mock(servers.free_port())
        loads = posts(ceiling, mock, seconds, problems)
        figures["ceiling"] = loads.pop("ceiling")
        loads.update(reads(mock, seconds))
        print("flows ...", flush=True)
        loads["flow"] = flows(mock, loads.pop("actor"), seconds, problems)
    finally:
        ceiling.stop()
        if mock is not None:
            mock.stop()
    for key, runs in loads.items():
        for connections, phase in runs.items():
            if key != "flow":
                phase["ratio"] = round(phase["rps"] / figures["ceiling"][connections]["rps"], 3)
    figures["mock"] = loads
    figures["memory"] = {"empty": {"rss_mb": empty}}
    for size in sizes:
        print(f"{size} stored klantcontacten ...", flush=True)
        figures["memory"][str(size)] = preloaded(size, seconds)
    figures["consistency"] = {"ok": not problems, "problems": problems}
    figures["targets"] = results.judge(figures)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, write `bench/results.json`, print the Markdown table; non-zero when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5, help="length of each load phase (default 5)")
    parser.add_argument("--sizes", default="10000,100000", help="store sizes for memory and list latency")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    figures = run(args.seconds, [int(size) for size in args.sizes.split(",") if size])
    results.write(figures, args.output)
    print(results.markdown(figures))
    missed = results.missed(figures)
    for name in missed:
        print(f"bench: target missed: {name}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
