"""What the page at /_mock/ui/ shows, as JSON: the runs, one run drawn with its calls, the store's objects.

Plain data from the journal, the runs verify-consumer finished, and the store; the HTTP layer only
routes to it (`kcc_mock.http.page`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import islice
from typing import Any

from kcc_mock.observe import diagram, links
from kcc_mock.observe.journal import Journal, created_by
from kcc_mock.observe.runs import History, Run, group
from kcc_mock.observe.sequence import calls_of
from kcc_mock.provider.formats import format_datetime
from kcc_mock.provider.store import Store

RUNS_SHOWN = 200  # the newest runs listed; older ones stay in the journal (GET /_mock/journal)
OBJECTS_SHOWN = 100  # per collection, newest first; any object is still reachable by its link


def all_runs(journal: Journal, history: History) -> list[Run]:
    """The journal's runs, then the finished ones verify-consumer kept, each group newest first.

    A run verify-consumer has finished is still in the journal until the next scenario resets the mock:
    it is shown once, finished, with its verdict.
    """
    finished = history.runs()
    kept = {id(run.entries[0]) for run in finished if run.entries}
    return [run for run in group(journal.entries()) if id(run.entries[0]) not in kept] + finished


def summaries(runs: Sequence[Run], store: Store) -> list[dict[str, Any]]:
    """A line per run for the list, the newest first."""
    return [summary(run, store) for run in runs[:RUNS_SHOWN]]


def summary(run: Run, store: Store) -> dict[str, Any]:
    """One run in a few numbers: calls, faults, compensations, what it left, how it ended."""
    calls = calls_of(run.entries)
    return {
        "id": run.id,
        "kind": run.kind,
        "label": run.label,
        "state": run.state,
        "calls": len(calls),
        "faults": sum(1 for call in calls if call.injected),
        "compensations": sum(1 for call in calls if call.compensation),
        "statuses": [call.answer for call in calls],
        "started": _moment(run.started),
        "durationMs": round((run.ended - run.started) * 1000, 1),
        "left": len(_left(run, store)),
        "version": f"{len(calls)}:{max((c.number for c in calls), default=0)}:{run.state}",
    }


def detail(run: Run, store: Store) -> dict[str, Any]:
    """One run: its diagram, every call with request and response (credentials masked), what it left."""
    calls = calls_of(run.entries)
    entries = {entry.sequence: entry for entry in run.entries}
    shown = []
    for call in calls:
        entry = entries[call.number].to_dict()
        shown.append(
            {
                "anchor": call.anchor,
                "number": call.number,
                "summary": diagram.summary(call),
                "fault": call.fault,
                "compensation": call.compensation,
                "committed": entry["committed"],
                "stored": [_object(store, run, name, uuid) for name, uuid in call.stored],
                "time": entry["time"],
                "request": {k: entry[k] for k in ("method", "path", "query", "requestHeaders", "requestBody")},
                "response": {k: entry[k] for k in ("status", "responseHeaders", "responseBody", "durationMs")},
            }
        )
    return {
        "run": summary(run, store),
        "svg": diagram.render(calls),
        "calls": shown,
        "left": [_object(store, run, name, uuid) for name, uuid in _left(run, store)],
    }


def collections(store: Store) -> list[dict[str, Any]]:
    """Every collection with its count."""
    return [{"name": name, "count": len(table)} for name, table in store.tables.items()]


def objects(store: Store, collection: str, limit: int = OBJECTS_SHOWN) -> dict[str, Any]:
    """A collection's newest objects, each with its links both ways."""
    table = store.tables[collection]
    newest = islice(reversed(table), limit)
    return {
        "name": collection,
        "count": len(table),
        "objects": [links.described(store, collection, uuid) for uuid in newest],
    }


def _left(run: Run, store: Store) -> list[tuple[str, str]]:
    """What the run created that is still stored (for a finished run: what it left when it ended)."""
    if run.left is not None:
        return list(run.left)
    made = dict.fromkeys(key for entry in run.entries for key in created_by(entry))
    return [key for key in made if store.exists(*key)]


def _object(store: Store, run: Run, collection: str, uuid: str) -> dict[str, Any]:
    """An object a run names, and whether the page can link to it (a finished run's store is gone)."""
    live = run.left is None and store.exists(collection, uuid)
    return {"collection": collection, "uuid": uuid, "stored": live}


def _moment(seconds: float) -> str | None:
    return format_datetime(datetime.fromtimestamp(seconds).astimezone()) if seconds else None
