"""The benchmark's results: targets judged, `bench/results.json` written, a Markdown table printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

KEYS = ("machine", "seconds_per_phase", "ceiling", "mock", "startup_s", "memory", "consistency", "targets")
OPERATIONS = {
    "post_klantcontact": "POST /klantcontacten",
    "get_klantcontact": "GET /klantcontacten/{uuid}?expand=hadBetrokkenen",
    "list_filtered": "GET /betrokkenen?hadKlantcontact__uuid=",
    "flow": "F2173 flow (4 requests)",
}
CONNECTIONS = (1, 8, 32)


def target(name: str, value: float | None, limit: float, at_least: bool = False) -> dict[str, Any]:
    """One target: the figure measured, its limit and whether it is met."""
    met = value is not None and (value >= limit if at_least else value < limit)
    return {"name": name, "value": value, "limit": limit, "at_least": at_least, "met": met}


def judge(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, read from one run's figures."""
    mock, memory = results["mock"], results["memory"]
    post = mock.get("post_klantcontact", {}).get("32", {})
    flow = mock.get("flow", {}).get("32", {})
    largest = memory.get("100000", {})
    failures = sum(run.get("failed", 0) + run.get("socket_errors", 0) for op in mock.values() for run in op.values())
    return [
        target("POST /klantcontacten at 32 connections, share of the ceiling", post.get("ratio"), 0.25, at_least=True),
        target("POST /klantcontacten at 32 connections, p99 ms", post.get("p99_ms"), 25),
        target("F2173 flows per second at 32 connections", flow.get("flows_per_s"), 300, at_least=True),
        target("filtered list with 100,000 klantcontacten, p99 ms", largest.get("list_filtered", {}).get("p99_ms"), 10),
        target("resident memory with 100,000 klantcontacten, MiB", largest.get("rss_mb"), 500),
        target("start-up to the first answered request, s", results.get("startup_s"), 1.5),
        target("failed requests under load", failures, 1),
        target("store inconsistencies after load", len(results["consistency"].get("problems", [])), 1),
    ]


def missed(results: dict[str, Any]) -> list[str]:
    """The names of the targets a run missed (judged again, so edited figures cannot hide a miss)."""
    return [item["name"] for item in judge(results) if not item["met"]]


def write(results: dict[str, Any], path: Path) -> None:
    """Write the results as JSON, refusing an incomplete set."""
    missing = [key for key in KEYS if key not in results]
    if missing:
        raise ValueError(f"results lack {missing}")
    path.write_text(json.dumps(results, indent=2) + "\n")


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables: throughput and latency, memory and start-up, targets."""
    lines = [
        "| operation | conns | req/s | flows/s | p50 ms | p99 ms | vs ceiling | server CPU | load-gen CPU "
        "| other CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [("ceiling: bare Starlette POST", results["ceiling"])]
    rows += [(label, results["mock"][key]) for key, label in OPERATIONS.items() if key in results["mock"]]
    for label, runs in rows:
        for connections in CONNECTIONS:
            run = runs.get(str(connections))
            if run is None:
                continue
            flows = f"{run['flows_per_s']:.0f}" if "flows_per_s" in run else ""
            ratio = f"{run['ratio']:.2f}" if "ratio" in run else ""
            lines.append(
                f"| {label} | {connections} | {run['rps']:.0f} | {flows} | {_ms(run['p50_ms'])} | {_ms(run['p99_ms'])}"
                f" | {ratio} | {run.get('server_cpu', 0):.2f} | {run['loadgen_cpu']:.2f}"
                f" | {run.get('other_cpu', 0):.2f} |"
            )
    lines += [
        "",
        "| stored klantcontacten | resident MiB | preload s | filtered list p50/p99 ms | "
        "klantcontacten page p50/p99 ms |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size, figures in results["memory"].items():
        filtered, page = figures.get("list_filtered", {}), figures.get("list_klantcontacten", {})
        lines.append(
            f"| {size} | {figures['rss_mb']:.0f} | {_ms(figures.get('preload_s'))} | "
            f"{_ms(filtered.get('p50_ms'))} / {_ms(filtered.get('p99_ms'))} | "
            f"{_ms(page.get('p50_ms'))} / {_ms(page.get('p99_ms'))} |"
        )
    lines += ["", f"Start-up to the first answered request: {results['startup_s']:.2f} s", ""]
    lines += ["| target | measured | limit | met |", "|---|---:|---:|---|"]
    for item in results["targets"]:
        sign = "≥" if item["at_least"] else "<"
        value = f"{item['value']:.2f}" if isinstance(item["value"], float) else item["value"]
        lines.append(f"| {item['name']} | {value} | {sign} {item['limit']} | {'yes' if item['met'] else 'NO'} |")
    return "\n".join(lines)
