"""Drives the complete F2173 flow over HTTP from several processes and counts every outcome.

One flow is what a KCC front end does per contact: POST the klantcontact, link the medewerker
(actorklantcontacten), POST the betrokkene, then GET the klantcontact with `expand` to verify
that both show up. Each connection runs flows back to back until the deadline; a flow with any
unexpected status or a wrong verification counts as failed. The created objects are counted per
collection, so the store can be checked against them afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import bodies
from .stats import percentile

API = "/klantinteracties/api/v1"


@dataclass
class Reply:
    """An HTTP answer: status, lower-cased headers, body."""

    status: int
    headers: dict[str, str]
    body: bytes


class Client(Protocol):
    """What a flow needs: one request at a time (a real connection, or an in-process app in tests)."""

    async def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        """Send one request and read its whole answer."""
        ...


class HttpConnection:
    """A minimal HTTP/1.1 keep-alive client: light enough not to be the bottleneck."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.fixed = f"Host: {host}:{port}\r\nAuthorization: Token {token}\r\nAccept: application/json\r\n"
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        """Send one request; reconnects when the server closed the connection."""
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        head = f"{method} {path} HTTP/1.1\r\n{self.fixed}"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        writer.write(head.encode() + b"\r\n" + (body or b""))
        try:
            reply = await _read_reply(reader)
        except (OSError, asyncio.IncompleteReadError):
            await self.close()
            raise
        if reply.headers.get("connection", "").lower() == "close":
            await self.close()
        return reply

    async def close(self) -> None:
        """Close the connection, if open."""
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _read_reply(reader: asyncio.StreamReader) -> Reply:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        return Reply(status, headers, await _read_chunks(reader))
    return Reply(status, headers, await reader.readexactly(int(headers.get("content-length", "0"))))


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        parts.append(await reader.readexactly(size + 2))
        if size == 0:
            return b"".join(part[:-2] for part in parts)


@dataclass
class Tally:
    """What a set of connections saw: flow latencies, failures and objects created."""

    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    created: Counter[str] = field(default_factory=Counter)
    requests: int = 0

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.latencies += other.latencies
        self.failures.update(other.failures)
        self.created.update(other.created)
        self.requests += other.requests


async def run_flow(client: Client, actor: str, referentienummer: str, tally: Tally) -> bool:
    """One F2173 flow; True when every step answered as Open Klant would."""

    async def post(collection: str, body: dict[str, Any]) -> str | None:
        reply = await client.request("POST", f"{API}/{collection}", json.dumps(body).encode())
        tally.requests += 1
        if reply.status != 201:
            tally.failures[f"POST {collection} {reply.status}"] += 1
            return None
        tally.created[collection] += 1
        return reply.headers["location"].rsplit("/", 1)[-1]

    contact = await post("klantcontacten", bodies.klantcontact(referentienummer))
    if contact is None:
        return False
    if await post("actorklantcontacten", bodies.actorklantcontact(actor, contact)) is None:
        return False
    betrokkene = await post("betrokkenen", bodies.betrokkene(contact))
    if betrokkene is None:
        return False
    reply = await client.request("GET", f"{API}/klantcontacten/{contact}?expand=hadBetrokkenen")
    tally.requests += 1
    if reply.status != 200:
        tally.failures[f"GET klantcontacten {reply.status}"] += 1
        return False
    shown = json.loads(reply.body)
    actors = [item["uuid"] for item in shown["hadBetrokkenActoren"]]
    betrokkenen = [item["uuid"] for item in shown["_expand"]["hadBetrokkenen"]]
    if actors != [actor] or betrokkenen != [betrokkene]:
        tally.failures["verification"] += 1
        return False
    return True


async def _connection(client: Client, actor: str, run: int, slot: int, deadline: float, tally: Tally) -> None:
    number = 0
    while number == 0 or time.time() < deadline:  # at least one flow, however late the start
        number += 1
        started = time.perf_counter()
        try:
            ok = await run_flow(client, actor, bodies.referentienummer(run, slot, number), tally)
        except (OSError, asyncio.IncompleteReadError, KeyError, ValueError) as error:
            tally.failures[f"{type(error).__name__}"] += 1
            ok = False
        if ok:
            tally.latencies.append(time.perf_counter() - started)


async def _drive(
    host: str, port: int, token: str, actor: str, run: int, slots: range, start: float, end: float
) -> Tally:
    clients = [HttpConnection(host, port, token) for _ in slots]
    await asyncio.sleep(max(0.0, start - time.time()))
    tally = Tally()
    await asyncio.gather(*(_connection(c, actor, run, s, end, tally) for c, s in zip(clients, slots, strict=True)))
    for client in clients:
        await client.close()
    return tally


def _worker(arguments: tuple[str, int, str, str, int, range, float, float]) -> tuple[Tally, float]:
    try:
        import uvloop  # an optional speed-up; the driver works without it

        uvloop.install()
    except ImportError:
        pass
    tally = asyncio.run(_drive(*arguments))
    return tally, time.time()


def drive(
    host: str, port: int, token: str, actor: str, connections: int, seconds: float, processes: int = 2, run: int = 4
) -> dict[str, Any]:
    """Run flows on `connections` connections spread over `processes` processes; summarise them."""
    processes = max(1, min(processes, connections))
    share = [range(i, connections, processes) for i in range(processes)]
    start = time.time() + 0.5  # let every process connect before the clock starts
    jobs = [(host, port, token, actor, run, slots, start, start + seconds) for slots in share]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_worker, jobs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tally = Tally()
    for part, _ in results:
        tally.merge(part)
    span = max(finished for _, finished in results) - start
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return summarise(tally, span, cpu)


def summarise(tally: Tally, seconds: float, cpu_seconds: float) -> dict[str, Any]:
    """Flows per second, flow latency in milliseconds, failures, objects created, driver CPU use."""
    latencies = sorted(tally.latencies)
    return {
        "seconds": round(seconds, 3),
        "flows": len(latencies),
        "flows_per_s": round(len(latencies) / seconds, 1),
        "rps": round(tally.requests / seconds, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "failed": sum(tally.failures.values()),
        "failures": dict(tally.failures),
        "created": dict(tally.created),
        "loadgen_cpu": round(cpu_seconds / seconds, 3),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m bench.flow_driver --port N --actor UUID`: print the summary as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--actor", required=True)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args(argv)
    summary = drive("127.0.0.1", args.port, args.token, args.actor, args.connections, args.seconds, args.processes)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
