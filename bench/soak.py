"""`make soak`: the mock as users start it, under sustained load, faults and junk, for a bounded time.

32 reference consumers (the F2173 saga, partij variants none/known/new) run back to back against
`kcc-mock serve` with a seeded random fault plan (every effect), while a stream of malformed and
oversized requests and a clean probe read run beside them. Each run is judged from the store when
it ends (completed: stored once with its actor link and betrokkene; rolled back: nothing of it left)
and its objects are deleted, so the store stays small. Every few seconds the server's resident
memory, open file descriptors and journaled 5xx are sampled. The checks (`judge`) decide the exit
status; results go to `bench/soak-results.json` and print as Markdown.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.consumer.scenarios import ACTOR_UUID, KNOWN_BSN, KNOWN_PARTIJ_UUID, PRE_EXISTING
from kcc_mock.http.flow import FlowTarget, run_flow
from kcc_mock.testing import standard

from . import servers
from .soak_report import judge, markdown, minutes

HERE = Path(__file__).parent
TOKEN = "kcc-mock-soak-token"  # noqa: S105 - a loopback test token
API = "/klantinteracties/api/v1"
CLEAN = {"X-Mock-Fault": "delay=0"}  # a header fault replaces the plan: the judge's calls are never broken


def fault_plan(seed: int) -> dict[str, Any]:
    """Every effect, each drawn with a small probability from the seed."""
    post, get, delete = {"method": "POST"}, {"method": "GET"}, {"method": "DELETE"}
    rules = [
        ("status-503", post, {"status": 503}, 0.02),
        ("status-429", {}, {"status": 429, "retryAfter": 1}, 0.01),
        ("status-500", get, {"status": 500}, 0.01),
        ("delay", {}, {"delay": [5, 80]}, 0.05),
        ("hang", {}, {"hang": True}, 0.004),
        ("reset", {}, {"reset": True}, 0.01),
        ("truncate", {}, {"truncate": True}, 0.01),
        ("malformed", {}, {"malformed": True}, 0.01),
        ("commit-then-fail-503", post, {"commitThenFail": 503}, 0.01),
        ("commit-then-fail-reset", post, {"commitThenFail": "reset"}, 0.006),
        ("commit-then-fail-hang", post, {"commitThenFail": "hang"}, 0.003),
        ("delete-503", delete, {"status": 503}, 0.02),
    ]
    faults = [
        {"id": name, "match": match, "effect": effect, "trigger": {"probability": chance}}
        for name, match, effect, chance in rules
    ]
    return {"seed": seed, "faults": faults}


def new_bsn(number: int) -> str:
    """A distinct BSN passing the 11-test for each number (none equal to the pre-existing one)."""
    while True:
        digits = f"{(300_000_000 + number * 7) % 1_000_000_000:09d}"
        if standard.passes_eleven_test(digits) and digits != KNOWN_BSN:
            return digits
        number += 1_000_003  # another candidate, far from the numbers of other runs


@dataclass
class Record:
    """Everything the soak observed, shared by its threads (each list append is atomic)."""

    started: float = field(default_factory=time.monotonic)
    runs: list[dict[str, Any]] = field(default_factory=list)  # one per consumer run
    probes: list[tuple[float, float]] = field(default_factory=list)  # (at, ms) of the clean read
    junk: list[dict[str, Any]] = field(default_factory=list)  # malformed and oversized requests
    samples: list[dict[str, Any]] = field(default_factory=list)  # rss, fds, 5xx per sample
    server_errors: dict[str, dict[str, Any]] = field(default_factory=dict)  # journal sequence@time -> entry

    def at(self) -> float:
        """Seconds since the soak started."""
        return time.monotonic() - self.started


class Soak:
    """The threads of one soak run against one served mock."""

    def __init__(self, server: servers.Server, seconds: float, consumers: int, record: Record) -> None:
        self.base = f"http://127.0.0.1:{server.port}"
        self.server, self.seconds, self.consumers, self.record = server, seconds, consumers, record
        self.deadline = time.monotonic() + seconds
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.number = 0

    def next_number(self) -> int:
        """A run number, unique in this soak."""
        with self.lock:
            self.number += 1
            return self.number

    def consumer(self, slot: int) -> None:
        """Run F2173 back to back until the deadline; judge and clean up each run."""
        variants = ("none", "known", "new")
        with httpx.Client(base_url=self.base + API, headers={"Authorization": f"Token {TOKEN}", **CLEAN}) as judge:
            while time.monotonic() < self.deadline:
                number = self.next_number()
                variant = variants[number % 3]
                bsn = {"none": None, "known": KNOWN_BSN, "new": new_bsn(number)}[variant]
                referentienummer = f"{number:010d}"
                target = FlowTarget(self.base + API, TOKEN, ACTOR_UUID, bsn)
                began = self.record.at()
                policy = RetryPolicy(backoff=0.05, max_backoff=1.0)
                try:
                    result = run_flow(target, referentienummer, timeout=1.0, policy=policy)
                    outcome: str = result.outcome
                    created = result.created
                except Exception as error:
                    outcome, created = f"crashed: {type(error).__name__}: {error}", []
                ended = self.record.at()
                problems = store_problems(judge, outcome, referentienummer, variant, bsn)
                clean_up(judge, outcome, referentienummer, [(c.collection, c.uuid) for c in created], variant)
                self.record.runs.append(
                    {"number": number, "slot": slot, "variant": variant, "outcome": outcome, "began": began,
                     "ended": ended, "ms": round((ended - began) * 1000, 1), "problems": problems}
                )  # fmt: skip

    def junk(self) -> None:
        """Malformed and oversized requests; each must get its 4xx, never a 5xx."""
        rng = random.Random(7)  # noqa: S311 - repeatable junk, not secrets
        oversized = b'{"pad": "' + b"x" * (11 * 1024 * 1024) + b'"}'
        cases: list[tuple[str, str, bytes | None, str, tuple[int, ...]]] = [
            ("POST", "/klantcontacten", b'{"kanaal": ', "application/json", (400,)),
            ("POST", "/klantcontacten", b"kanaal=telefoon", "application/x-www-form-urlencoded", (415,)),
            ("POST", "/klantcontacten", b'{"kanaal": ["x"], "vertrouwelijk": "nee"}', "application/json", (400,)),
            ("POST", "/betrokkenen", b'{"hadKlantcontact": {"uuid": "nope"}}', "application/json", (400,)),
            ("GET", "/klantcontacten/00000000-0000-4000-8000-000000000000", None, "", (404,)),
            ("GET", "/klantcontacten?page=999999", None, "", (404,)),
            ("POST", "/klantcontacten", oversized, "application/json", (413,)),
        ]
        headers = {"Authorization": f"Token {TOKEN}", **CLEAN}
        with httpx.Client(base_url=self.base + API, headers=headers, timeout=10) as http:
            while not self.stop.is_set():
                method, path, body, kind, expected = cases[rng.randrange(len(cases))]
                if body is oversized and rng.random() > 0.2:
                    continue  # an 11 MB body now and then, not all the time
                try:
                    extra = {"Content-Type": kind} if kind else {}
                    status = http.request(method, path, content=body, headers=extra).status_code
                except httpx.HTTPError as error:
                    status = -1
                    path = f"{path} ({type(error).__name__})"
                self.record.junk.append(
                    {"at": self.record.at(), "path": path, "status": status, "ok": status in expected}
                )
                self.stop.wait(0.05)

    def probe(self) -> None:
        """A clean read every 200 ms: the latency an unfaulted client sees under the load."""
        headers = {"Authorization": f"Token {TOKEN}", **CLEAN}
        with httpx.Client(base_url=self.base + API, headers=headers, timeout=10) as http:
            while not self.stop.is_set():
                began = time.perf_counter()
                try:
                    http.get("/klantcontacten", params={"pageSize": 1})
                    self.record.probes.append((self.record.at(), (time.perf_counter() - began) * 1000))
                except httpx.HTTPError:
                    self.record.probes.append((self.record.at(), -1.0))
                self.stop.wait(0.2)

    def monitor(self) -> None:
        """Every 5 s: resident memory, open descriptors, and the journal's 5xx (with or without a fault)."""
        pid = self.server.process.pid
        with httpx.Client(base_url=self.base + "/_mock", timeout=30) as admin:
            while True:
                fds = sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())
                for status in (500, 502, 503, 504):
                    for entry in admin.get("/journal", params={"status": status}).json()["entries"]:
                        key = f"{entry['sequence']}@{entry['time']}"  # sequences restart only with a reset
                        self.record.server_errors.setdefault(key, {
                            "status": status, "fault": entry["fault"], "path": entry["path"], "at": self.record.at()
                        })  # fmt: skip
                self.record.samples.append({"at": self.record.at(), "rss_mb": self.server.rss_mb(), "fds": fds})
                if self.stop.wait(5):
                    return

    def run(self) -> dict[str, Any]:
        """Every thread, until the deadline and the runs in flight end; then the final report."""
        before = self.counts()
        side = [threading.Thread(target=f, daemon=True) for f in (self.junk, self.probe, self.monitor)]
        workers = [threading.Thread(target=self.consumer, args=(slot,), daemon=True) for slot in range(self.consumers)]
        for thread in side + workers:
            thread.start()
        for worker in workers:
            worker.join()
        self.stop.set()
        for thread in side:
            thread.join(timeout=60)
        with httpx.Client(base_url=self.base, timeout=30) as admin:
            consistency = admin.get("/_mock/consistency").json()
        return {"consistency": consistency, "before": before, "counts": self.counts()}

    def counts(self) -> dict[str, int]:
        """How many objects the collections of F2173 hold."""
        headers = {"Authorization": f"Token {TOKEN}", **CLEAN}
        with httpx.Client(base_url=self.base + API, headers=headers, timeout=30) as http:
            names = ("klantcontacten", "actorklantcontacten", "betrokkenen", "partijen", "partij-identificatoren")
            return {name: http.get(f"/{name}", params={"pageSize": 1}).json()["count"] for name in names}


def store_problems(
    judge: httpx.Client, outcome: str, referentienummer: str, variant: str, bsn: str | None
) -> list[str]:
    """What the store says against the run's outcome (empty when they agree)."""
    found = judge.get("/klantcontacten", params={"referentienummer": referentienummer}).json()
    partijen = judge.get("/partijen", params={"partijIdentificator__objectId": bsn}).json()["count"] if bsn else 0
    if outcome == "completed":
        problems = [] if found["count"] == 1 else [f"{found['count']} klantcontacten stored, not 1"]
        if found["count"] == 1:
            contact = found["results"][0]
            if len(contact["hadBetrokkenen"]) != 1:
                problems.append(f"{len(contact['hadBetrokkenen'])} betrokkenen")
            if [a["uuid"] for a in contact["hadBetrokkenActoren"]] != [ACTOR_UUID]:
                problems.append("the actor is not linked once")
        if variant == "new" and partijen != 1:
            problems.append(f"{partijen} partijen with the new BSN, not 1")
        return problems
    if outcome == "rolled-back":
        problems = [] if found["count"] == 0 else [f"{found['count']} klantcontacten left after a rollback"]
        if variant == "new" and partijen != 0:
            problems.append(f"{partijen} partijen with the new BSN left after a rollback")
        return problems
    return [f"ended {outcome}"]


def clean_up(
    judge: httpx.Client, outcome: str, referentienummer: str, created: list[tuple[str, str]], variant: str
) -> None:
    """Delete a finished run's objects (the klantcontact cascades to its links and betrokkenen)."""
    for contact in judge.get("/klantcontacten", params={"referentienummer": referentienummer}).json()["results"]:
        judge.delete(f"/klantcontacten/{contact['uuid']}")
    for collection, uuid in created:
        if collection == "partijen" and uuid != KNOWN_PARTIJ_UUID and variant == "new":
            judge.delete(f"/partijen/{uuid}")


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the mock, soak it, print and write the results; non-zero when a check fails."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=300, help="length of the soak (default 300)")
    parser.add_argument("--consumers", type=int, default=32, help="concurrent consumers (default 32)")
    parser.add_argument("--seed", type=int, default=2173, help="seed of the fault plan (default 2173)")
    parser.add_argument("--output", type=Path, default=HERE / "soak-results.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        plan, fixtures = Path(scratch) / "faults.json", Path(scratch) / "fixtures.json"
        plan.write_text(json.dumps(fault_plan(args.seed)))
        fixtures.write_text(json.dumps(PRE_EXISTING))
        port = servers.free_port()
        command = servers.python_module("kcc_mock", "serve", "--port", str(port), "--token", TOKEN)
        command += ["--fixtures", str(fixtures), "--faults", str(plan), "--seed", str(args.seed)]
        server = servers.start(command, port)
        try:
            servers.first_answer(server, "/_mock/faults", {})
            record = Record()
            final = Soak(server, args.seconds, args.consumers, record).run()
        finally:
            server.stop()
    results = {
        "seconds": args.seconds,
        "consumers": args.consumers,
        "seed": args.seed,
        "minutes": minutes(record),
        "final": final,
    }
    results["checks"] = judge(record, final)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results))
    failed = [check["name"] for check in results["checks"] if not check["passed"]]
    for name in failed:
        print(f"soak: check failed: {name}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
