"""What a soak observed, per minute and as checks: the decision of `make soak`, kept free of I/O."""

from __future__ import annotations

from typing import Any, Protocol

from .stats import percentile

GOOD_ENDINGS = ("completed", "rolled-back")
MEMORY_GROWTH = 1.15  # the last third of the soak may use at most 15% (or 16 MiB) more than the first
MEMORY_SLACK_MB = 16.0
FD_SLACK = 16  # hung and half-closed connections come and go


class Observed(Protocol):
    """The soak's record (bench.soak.Record)."""

    runs: list[dict[str, Any]]
    probes: list[tuple[float, float]]
    junk: list[dict[str, Any]]
    samples: list[dict[str, Any]]
    server_errors: dict[str, dict[str, Any]]


def minutes(record: Observed) -> list[dict[str, Any]]:
    """Per minute of the soak: runs and their endings, latency percentiles, memory, descriptors, 5xx."""
    last = max([run["ended"] for run in record.runs] + [sample["at"] for sample in record.samples] + [0.0])
    rows = []
    for minute in range(int(last // 60) + 1):
        low, high = minute * 60, (minute + 1) * 60
        runs = [run for run in record.runs if low <= run["ended"] < high]
        flow = sorted(run["ms"] for run in runs)
        probe = sorted(ms for at, ms in record.probes if low <= at < high and ms >= 0)
        samples = [sample for sample in record.samples if low <= sample["at"] < high]
        errors = [error for error in record.server_errors.values() if low <= error["at"] < high]
        rows.append(
            {
                "minute": minute + 1,
                "runs": len(runs),
                "completed": sum(1 for run in runs if run["outcome"] == "completed"),
                "rolled_back": sum(1 for run in runs if run["outcome"] == "rolled-back"),
                "bad": sum(1 for run in runs if run["outcome"] not in GOOD_ENDINGS or run["problems"]),
                "flow_p50_ms": round(percentile(flow, 50), 1),
                "flow_p95_ms": round(percentile(flow, 95), 1),
                "flow_p99_ms": round(percentile(flow, 99), 1),
                "read_p50_ms": round(percentile(probe, 50), 1),
                "read_p99_ms": round(percentile(probe, 99), 1),
                "rss_mb": max((sample["rss_mb"] for sample in samples), default=0.0),
                "fds": max((sample["fds"] for sample in samples), default=0),
                "injected_5xx": sum(1 for error in errors if error["fault"]),
                "unexpected_5xx": sum(1 for error in errors if not error["fault"]),
            }
        )
    return rows


def check(name: str, passed: bool, detail: str) -> dict[str, Any]:
    """One check of the soak."""
    return {"name": name, "passed": passed, "detail": detail}


def judge(record: Observed, final: dict[str, Any]) -> list[dict[str, Any]]:
    """Every check of the soak, passed or not."""
    bad = [run for run in record.runs if run["outcome"] not in GOOD_ENDINGS or run["problems"]]
    shown = "; ".join(f"run {run['number']}: {run['outcome']} {run['problems']}" for run in bad[:5])
    unexpected = [error for error in record.server_errors.values() if not error["fault"]]
    wrong_junk = [item for item in record.junk if not item["ok"]]
    counts = final["counts"]
    before = final["before"]
    leftovers = {name: count for name, count in counts.items() if count != before.get(name)}
    # The first minute (a third of a shorter soak) is warm-up: the journal fills up to its bounds.
    warm = min(60.0, max((s["at"] for s in record.samples), default=0.0) / 3)
    steady = [s for s in record.samples if s["at"] >= warm] or record.samples
    third = max(1, len(steady) // 3)
    first, end = steady[:third], steady[-third:]
    rss_first = max((s["rss_mb"] for s in first), default=0.0)
    rss_end = max((s["rss_mb"] for s in end), default=0.0)
    rss_limit = max(rss_first * MEMORY_GROWTH, rss_first + MEMORY_SLACK_MB)
    fds_first = max((s["fds"] for s in first), default=0)
    fds_end = max((s["fds"] for s in end), default=0)
    return [
        check("runs happened", bool(record.runs), f"{len(record.runs)} consumer runs"),
        check(
            "every run completed or fully rolled back (judged from the store)",
            not bad,
            f"{len(bad)} of {len(record.runs)} otherwise" + (f": {shown}" if bad else ""),
        ),
        check(
            "no 5xx that no fault injected",
            not unexpected,
            f"{len(unexpected)} unexpected, {len(record.server_errors) - len(unexpected)} injected",
        ),
        check(
            "malformed and oversized requests get their 4xx",
            bool(record.junk) and not wrong_junk,
            f"{len(record.junk)} sent, {len(wrong_junk)} answered otherwise"
            + (f": {wrong_junk[:3]}" if wrong_junk else ""),
        ),
        check(
            "consistency report empty once all runs ended",
            final["consistency"].get("consistent") is True and not final["consistency"].get("findings"),
            f"{len(final['consistency'].get('findings', []))} finding(s)",
        ),
        check(
            "nothing of finished runs left in the store",
            not leftovers,
            "counts as before the soak" if not leftovers else f"counts {counts}, before {before}",
        ),
        check(
            "resident memory flat",
            bool(record.samples) and rss_end <= rss_limit,
            f"{rss_first} MiB in the first third after warm-up, {rss_end} MiB in the last"
            f" (limit {round(rss_limit, 1)})",
        ),
        check(
            "file descriptors flat",
            bool(record.samples) and fds_end <= fds_first + FD_SLACK,
            f"{fds_first} in the first third, {fds_end} in the last (limit {fds_first + FD_SLACK})",
        ),
    ]


def markdown(results: dict[str, Any]) -> str:
    """The per-minute table and the checks, as in README."""
    lines = [
        f"Soak: {results['consumers']} consumers, {results['seconds']:.0f} s, fault plan seed {results['seed']}",
        "",
        "| minute | runs | completed | rolled back | bad | flow p50/p95/p99 ms | read p50/p99 ms"
        " | RSS MiB | fds | 5xx injected | 5xx unexpected |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["minutes"]:
        lines.append(
            f"| {row['minute']} | {row['runs']} | {row['completed']} | {row['rolled_back']} | {row['bad']}"
            f" | {row['flow_p50_ms']:.0f} / {row['flow_p95_ms']:.0f} / {row['flow_p99_ms']:.0f}"
            f" | {row['read_p50_ms']:.1f} / {row['read_p99_ms']:.1f} | {row['rss_mb']} | {row['fds']}"
            f" | {row['injected_5xx']} | {row['unexpected_5xx']} |"
        )
    lines += ["", "| check | passed | detail |", "|---|---|---|"]
    for item in results["checks"]:
        lines.append(f"| {item['name']} | {'yes' if item['passed'] else 'NO'} | {item['detail']} |")
    return "\n".join(lines)
