"""A run's calls as a sequence diagram sees them: what was asked, what came back, what the fault did.

The same `Call` is made from the journal's entries (the page, verify-consumer's report) and from any
other record of exchanges (the certification report), so every picture of a run is drawn one way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kcc_mock.observe.journal import Entry, created_by

Key = tuple[str, str]  # (collection, uuid)


@dataclass(frozen=True)
class Call:
    """One request of a run and the answer its client got."""

    number: int
    method: str
    target: str  # the path (and query) relative to the API's base
    status: int | None  # what the client saw; None: no answer (reset, hang, timeout)
    duration_ms: float | None  # None when the record of the call has no time
    anchor: str  # the id of the call's details in a page or report
    operation: str | None = None
    injected: str | None = None  # the fault's effect: status, delay, hang, reset, truncate, malformed, commit-then-fail
    effect: str | None = None  # the fault in a few words, for its marker: `503`, `reset`, `commit, then 503`
    fault: str | None = None  # what the fault did, in words
    committed: int | None = None  # commit-then-fail: the status the provider really answered
    stored: tuple[Key, ...] = ()  # what the call stored, also when its answer was lost
    compensation: bool = False  # it deletes what an earlier call of the run stored
    cited: bool = False  # evidence a report points at

    @property
    def path(self) -> str:
        """The target without its query."""
        return self.target.split("?", 1)[0]

    @property
    def answer(self) -> str:
        """What the client saw, in words: `201`, `no answer`."""
        return str(self.status) if self.status is not None else "no answer"


def calls_of(entries: Iterable[Entry], anchor: Callable[[Entry], str] | None = None) -> list[Call]:
    """The journal's entries of one run as calls, in the order they arrived, compensations marked."""
    ordered = sorted(entries, key=lambda entry: (entry.arrived, entry.sequence))
    calls = [
        Call(
            number=entry.sequence,
            method=entry.method,
            target=entry.path + (f"?{entry.query_string.decode('latin-1')}" if entry.query_string else ""),
            status=entry.status,
            duration_ms=entry.duration_ms,
            anchor=anchor(entry) if anchor else f"call-{entry.sequence}",
            operation=entry.operation,
            injected=injected(entry.fault),
            effect=effect_label(entry.fault),
            fault=describe_fault(entry.fault, entry.committed),
            committed=entry.committed.get("status") if entry.committed else None,
            stored=tuple(created_by(entry)),
        )
        for entry in ordered
    ]
    return with_compensations(calls)


def with_compensations(calls: Sequence[Call]) -> list[Call]:
    """The calls, each DELETE of an object an earlier call stored marked as a compensation."""
    stored: set[Key] = set()
    marked = []
    for call in calls:
        parts = call.path.strip("/").split("/")
        undoes = call.method == "DELETE" and len(parts) >= 2 and (parts[-2], parts[-1]) in stored
        marked.append(replace(call, compensation=undoes) if undoes else call)
        stored |= set(call.stored)
    return marked


def injected(fault: dict[str, Any] | None) -> str | None:
    """The kind of a journaled fault's effect."""
    if not fault:
        return None
    if "commitThenFail" in fault:
        return "commit-then-fail"
    return next((kind for kind in ("status", "delay", "hang", "reset", "truncate", "malformed") if kind in fault), None)


def effect_label(fault: dict[str, Any] | None) -> str | None:
    """A journaled fault in a few words, for the marker on its call."""
    kind = injected(fault)
    if fault is None or kind is None:
        return None
    if kind == "status":
        return f"fault {fault['status']}"
    if kind == "delay":
        return f"delay {fault.get('delayMs', fault['delay'])} ms"
    if kind == "commit-then-fail":
        return f"commit, then {fault['commitThenFail']}"
    return {"hang": "hang", "reset": "reset", "truncate": "truncated", "malformed": "malformed JSON"}[kind]


def describe_fault(fault: dict[str, Any] | None, committed: dict[str, Any] | None = None) -> str | None:
    """What a journaled fault did to the call, for the client and (commit-then-fail) for the store."""
    kind = injected(fault)
    if fault is None or kind is None:
        return None
    rule = fault.get("rule")
    source = "the X-Mock-Fault header" if rule == "header" else f"rule {rule}"
    if kind == "status":
        retry = f", Retry-After {fault['retryAfter']}" if "retryAfter" in fault else ""
        said = f"answered {fault['status']}{retry} instead; the provider never saw the call"
    elif kind == "delay":
        said = f"held the answer {fault.get('delayMs', fault['delay'])} ms"
    elif kind == "hang":
        said = "held the call without an answer until the client gave up"
    elif kind == "reset":
        said = "reset the connection; the provider never saw the call"
    elif kind == "truncate":
        said = "cut the answer's body short"
    elif kind == "malformed":
        said = "broke the answer's JSON (the provider did act)"
    else:
        then = fault["commitThenFail"]
        client = {"reset": "had its connection reset", "hang": "got no answer"}.get(str(then), f"got {then}")
        really = committed.get("status") if committed else None
        said = f"the provider performed the call (it answered {really}), then the client {client}"
    return f"{source}: {said}"
