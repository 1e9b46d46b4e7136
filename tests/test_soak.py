"""The decision of `make soak`: which observations fail which check (the soak itself runs minutes)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from bench import soak, soak_report
from kcc_mock.observe.faults import FaultPlan
from kcc_mock.provider.partijen import passes_eleven_test


@dataclass
class Observed:
    """A soak record written by hand."""

    runs: list[dict[str, Any]] = field(default_factory=list)
    probes: list[tuple[float, float]] = field(default_factory=list)
    junk: list[dict[str, Any]] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)
    server_errors: dict[str, dict[str, Any]] = field(default_factory=dict)


def clean() -> tuple[Observed, dict[str, Any]]:
    """A soak of three minutes in which every check holds."""
    record = Observed()
    for number in range(180):
        outcome = "rolled-back" if number % 10 == 0 else "completed"
        at = float(number)
        record.runs.append({"number": number, "outcome": outcome, "began": at, "ended": at + 0.5, "ms": 500.0,
                            "problems": [], "variant": "none", "slot": 0})  # fmt: skip
        record.probes.append((at, 5.0 + number % 7))
        record.junk.append({"at": at, "path": "/klantcontacten", "status": 400, "ok": True})
    for at in range(0, 180, 5):
        record.samples.append({"at": float(at), "rss_mb": 60.0 if at < 60 else 90.0 + at % 3, "fds": 40 + at % 4})
    record.server_errors["7@t"] = {"status": 503, "fault": {"rule": "status-503"}, "path": "/x", "at": 30.0}
    final = {
        "consistency": {"consistent": True, "findings": []},
        "before": {"klantcontacten": 1, "actorklantcontacten": 1, "betrokkenen": 1, "partijen": 1},
        "counts": {"klantcontacten": 1, "actorklantcontacten": 1, "betrokkenen": 1, "partijen": 1},
    }
    return record, final


def failing(record: Observed, final: dict[str, Any]) -> list[str]:
    """The names of the checks that fail."""
    return [check["name"] for check in soak_report.judge(record, final) if not check["passed"]]


def test_a_clean_soak_passes_every_check_and_reports_each_minute() -> None:
    record, final = clean()
    assert failing(record, final) == []
    rows = soak_report.minutes(record)
    assert [row["runs"] for row in rows] == [60, 60, 60]
    assert [row["rolled_back"] for row in rows] == [6, 6, 6]
    assert rows[0]["injected_5xx"] == 1 and rows[0]["unexpected_5xx"] == 0
    assert "| 1 | 60 | 54 | 6 | 0 | 500 / 500 / 500 |" in soak_report.markdown(
        {"consumers": 32, "seconds": 180, "seed": 1, "minutes": rows, "checks": soak_report.judge(record, final)}
    )


def test_each_planted_problem_fails_exactly_its_check() -> None:
    plantings = {
        "every run completed or fully rolled back (judged from the store)": lambda r, f: r.runs[5].update(
            outcome="rollback-incomplete"
        ),
        "no 5xx that no fault injected": lambda r, f: r.server_errors.update(
            {"9@t": {"status": 500, "fault": None, "path": "/x", "at": 90.0}}
        ),
        "malformed and oversized requests get their 4xx": lambda r, f: r.junk[3].update(status=500, ok=False),
        "consistency report empty once all runs ended": lambda r, f: f.update(
            consistency={"consistent": False, "findings": [{"rule": "dangling-reference"}]}
        ),
        "nothing of finished runs left in the store": lambda r, f: f["counts"].update(klantcontacten=2),
        "resident memory flat": lambda r, f: r.samples[-1].update(rss_mb=140.0),
        "file descriptors flat": lambda r, f: r.samples[-2].update(fds=90),
    }
    for name, plant in plantings.items():
        record, final = copy.deepcopy(clean())
        plant(record, final)
        assert failing(record, final) == [name], name
    record, final = clean()
    record.runs[7]["problems"] = ["2 klantcontacten stored, not 1"]  # the store disagrees with the run
    assert failing(record, final) == ["every run completed or fully rolled back (judged from the store)"]


def test_the_fault_plan_has_every_effect_and_the_mock_accepts_it() -> None:
    plan = soak.fault_plan(2173)
    rules = FaultPlan().load(plan)
    kinds = {rule.effect.kind for rule in rules}
    assert kinds == {"status", "delay", "hang", "reset", "truncate", "malformed", "commit-then-fail"}
    assert {rule.effect.then for rule in rules if rule.effect.kind == "commit-then-fail"} == {"status", "reset", "hang"}


def test_new_bsns_pass_the_eleven_test_and_differ() -> None:
    numbers = [soak.new_bsn(number) for number in range(1, 300)]
    assert len(set(numbers)) == len(numbers)
    assert all(passes_eleven_test(number) for number in numbers)
