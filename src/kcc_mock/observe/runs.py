"""Runs: the journal's exchanges grouped the way a consumer made them, newest first.

An exchange belongs to the run its driver named (verify-consumer names each scenario's run), else to
its correlation id when the client sent one (`X-Request-ID`), else to the calls without either that
followed each other with pauses shorter than `GAP_SECONDS` (a consumer that sends no correlation id
is seen as one run per burst of calls). verify-consumer resets the mock for every scenario; the
runs it finished are kept in a `History` so the page can still show them.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from kcc_mock.observe.journal import Entry

GAP_SECONDS = 2.0
HISTORY_SIZE = 100


@dataclass(frozen=True)
class Run:
    """The exchanges of one consumer run, in the order they arrived."""

    id: str  # stable while the run grows: `scenario:NAME`, `correlation:ID`, `calls:FIRST-SEQUENCE`, `finished:N`
    kind: str  # scenario, correlation or calls
    label: str
    entries: tuple[Entry, ...]
    state: str | None = None  # a finished verify-consumer run: PASS, FAIL or NOT EXERCISED
    left: tuple[tuple[str, str], ...] | None = None  # a finished run: what it left in the store

    @property
    def started(self) -> float:
        """When its first call arrived (time.time())."""
        return self.entries[0].arrived if self.entries else 0.0

    @property
    def ended(self) -> float:
        """When its last call ended."""
        return max((entry.arrived + entry.duration_ms / 1000 for entry in self.entries), default=0.0)


def group(entries: Iterable[Entry], gap: float = GAP_SECONDS) -> list[Run]:
    """The runs these exchanges make, the one active last first."""
    named: dict[tuple[str, str], list[Entry]] = {}
    bursts: list[list[Entry]] = []
    quiet_since = 0.0  # when the last call of the current burst ended
    for entry in sorted(entries, key=lambda entry: (entry.arrived, entry.sequence)):
        if entry.run is not None:
            named.setdefault(("scenario", entry.run), []).append(entry)
            continue
        if entry.correlated:
            named.setdefault(("correlation", entry.correlation_id), []).append(entry)
            continue
        if bursts and entry.arrived - quiet_since < gap:
            bursts[-1].append(entry)
        else:
            bursts.append([entry])
            quiet_since = 0.0
        quiet_since = max(quiet_since, entry.arrived + entry.duration_ms / 1000)
    runs = [Run(f"{kind}:{key}", kind, key, tuple(found)) for (kind, key), found in named.items()]
    for burst in bursts:
        label = f"calls without X-Request-ID from #{burst[0].sequence}"
        runs.append(Run(f"calls:{burst[0].sequence}", "calls", label, tuple(burst)))
    return sorted(runs, key=lambda run: run.ended, reverse=True)


class History:
    """The last finished runs of a mock that is reset between runs, newest first; safe across threads."""

    def __init__(self, size: int = HISTORY_SIZE) -> None:
        self._runs: deque[Run] = deque(maxlen=size)
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, label: str, entries: Iterable[Entry], state: str, left: Iterable[tuple[str, str]]) -> Run:
        """Keep a finished run with its verdict and what it left in the store."""
        with self._lock:
            run = Run(f"finished:{next(self._numbers)}", "scenario", label, tuple(entries), state, tuple(left))
            self._runs.appendleft(run)
            return run

    def runs(self) -> list[Run]:
        """Every run kept, newest first."""
        with self._lock:
            return list(self._runs)
