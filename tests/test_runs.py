"""Runs: the journal's exchanges grouped as a consumer made them, and the history verify-consumer keeps."""

from __future__ import annotations

from kcc_mock.observe.journal import Entry
from kcc_mock.observe.runs import History, group


def entry(sequence: int, arrived: float, duration_ms: float = 10.0, **extra: object) -> Entry:
    """An exchange at a given moment; `request_id` makes it carry the client's own X-Request-ID."""
    request_id = extra.pop("request_id", None)
    headers = ((b"x-request-id", str(request_id).encode()),) if request_id else ()
    return Entry(
        sequence=sequence,
        arrived=arrived,
        method="POST",
        path="/klantcontacten",
        query_string=b"",
        request_content=b"{}",
        status=201,
        response_content=b"{}",
        operation="klantcontactenCreate",
        correlation_id=str(request_id or f"generated-{sequence}"),
        duration_ms=duration_ms,
        raw_request_headers=headers,
        **extra,  # type: ignore[arg-type]
    )


def shape(runs: list) -> list[tuple[str, str, list[int]]]:
    return [(run.id, run.kind, [e.sequence for e in run.entries]) for run in runs]


def test_calls_without_a_correlation_id_are_grouped_by_pauses_newest_first() -> None:
    entries = [
        entry(1, 100.0),
        entry(2, 101.5, duration_ms=600),  # ends at 102.1
        entry(3, 104.0),  # 1.9 s after the end of #2: the same burst
        entry(4, 106.1),  # 2.09 s after #3 ended: a new one
        entry(5, 106.2),
    ]
    assert shape(group(entries)) == [("calls:4", "calls", [4, 5]), ("calls:1", "calls", [1, 2, 3])]


def test_a_long_call_keeps_its_burst_open_until_it_ends() -> None:
    # #2 hangs for 5 s: #3, arriving 4 s after #2 began, still belongs to the same run.
    entries = [entry(1, 10.0), entry(2, 10.5, duration_ms=5000), entry(3, 14.5)]
    assert shape(group(entries)) == [("calls:1", "calls", [1, 2, 3])]


def test_a_named_run_and_a_client_correlation_id_win_over_pauses() -> None:
    entries = [
        entry(1, 0.0, request_id="consumer-run-7"),
        entry(2, 0.1),
        entry(3, 30.0, request_id="consumer-run-7"),  # far later, still the same run
        entry(4, 40.0, run="actorklantcontact-503"),
        entry(5, 41.0, run="actorklantcontact-503"),
        entry(6, 0.2),  # journaled last (a hung call ends late), arrived with #2
    ]
    assert shape(group(entries)) == [
        ("scenario:actorklantcontact-503", "scenario", [4, 5]),
        ("correlation:consumer-run-7", "correlation", [1, 3]),
        ("calls:2", "calls", [2, 6]),
    ]
    assert [run.label for run in group(entries)] == [
        "actorklantcontact-503",
        "consumer-run-7",
        "calls without X-Request-ID from #2",
    ]


def test_the_history_keeps_the_last_finished_runs_newest_first() -> None:
    history = History(size=2)
    history.add("happy-path", [entry(1, 0.0)], "PASS", [])
    history.add("actorklantcontact-503", [entry(1, 5.0), entry(2, 5.1)], "FAIL", [("klantcontacten", "k1")])
    history.add("betrokkene-400", [entry(1, 9.0)], "PASS", [])
    kept = history.runs()
    assert [(run.id, run.label, run.state, run.left) for run in kept] == [
        ("finished:3", "betrokkene-400", "PASS", ()),
        ("finished:2", "actorklantcontact-503", "FAIL", (("klantcontacten", "k1"),)),
    ]
