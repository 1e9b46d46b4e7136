"""Drives single requests with Debian's `wrk` (native, so the load generator is not the bottleneck)."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
MARKER = "bench-result "


def wrk_path() -> str:
    """The wrk binary; `make bench` installs it when missing."""
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk (make bench does this)")
    return found


def script(body_template: str | None) -> str:
    """The Lua script text: the POST generator when a body is given, always the JSON reporter."""
    parts = [(HERE / "post.lua").read_text()] if body_template is not None else []
    return "\n".join([*parts, (HERE / "report.lua").read_text()])


def command(url: str, connections: int, seconds: float, headers: dict[str, str], script_path: Path) -> list[str]:
    """The wrk command line: one thread, which keeps up with a single Python server on one core."""
    line = [wrk_path(), "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "5s"]
    line += ["-s", str(script_path)]
    for name, value in headers.items():
        line += ["-H", f"{name}: {value}"]
    return [*line, url]


def parse(output: str) -> dict[str, Any]:
    """The figures the reporter printed, or an error when wrk printed none."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            figures: dict[str, Any] = json.loads(line[len(MARKER) :])
            return figures
    raise RuntimeError(f"wrk printed no result:\n{output}")


def summarise(raw: dict[str, Any], cpu_seconds: float) -> dict[str, Any]:
    """Requests per second, latency in milliseconds, errors, and wrk's own CPU use."""
    seconds = raw["duration_us"] / 1e6
    errors = sum(raw[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "seconds": round(seconds, 3),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "failed": raw["status_errors"],
        "socket_errors": errors,
        "loadgen_cpu": round(cpu_seconds / seconds, 3),
    }


def run(
    url: str,
    connections: int,
    seconds: float,
    headers: dict[str, str],
    body_template: str | None = None,
    run_number: int = 0,
) -> dict[str, Any]:
    """Run wrk against `url` (POSTing `body_template` when given) and summarise the run."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.lua"
        path.write_text(script(body_template))
        line = command(url, connections, seconds, headers, path)
        if body_template is not None:
            line += ["--", str(run_number), body_template]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        finished = subprocess.run(line, capture_output=True, text=True, timeout=seconds + 60, check=False)  # noqa: S603
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr}{finished.stdout}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return summarise(parse(finished.stdout), cpu)
