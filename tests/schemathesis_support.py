"""Running `schemathesis run` against a provider: the runner behind `make schemathesis` and the tests.

`make schemathesis` runs this file: it serves the mock with `kcc-mock serve` on a free 127.0.0.1 port
(unless `--provider-url` names another provider), runs schemathesis with the repository's
`schemathesis.toml` and the domain checks of `contracts/schemathesis_checks.py`, and stops the mock.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "klantinteracties.yaml"
CONFIG = ROOT / "schemathesis.toml"
CHECKS = ROOT / "contracts" / "schemathesis_checks.py"
BASE_PATH = "/klantinteracties/api/v1"
DEFAULT_TOKEN = "kcc-mock-development-token"


@dataclass(frozen=True)
class Outcome:
    """What a schemathesis run reported: its exit code, its JSON report and its console output."""

    exit_code: int
    report: dict[str, Any]
    output: str

    @property
    def failures(self) -> dict[str, list[str]]:
        """Failure title -> the operations it was found on."""
        return {item["title"]: item["operations"] for item in self.report.get("failures", [])}

    @property
    def errors(self) -> list[Any]:
        """Errors the run met (a broken check, an unreachable provider)."""
        errors: list[Any] = self.report.get("errors", [])
        return errors


def schemathesis_command(url: str, token: str, report_dir: Path, *options: str) -> list[str]:
    """The `schemathesis run` command line; `options` come last, so they win."""
    return [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(CONFIG),
        "run",
        str(SPEC),
        "--url",
        url,
        "--header",
        f"Authorization: Token {token}",
        "--report",
        "json,junit",
        "--report-dir",
        str(report_dir),
        "--no-color",
        *options,
    ]


def run_schemathesis(
    url: str, report_dir: Path, *options: str, token: str = DEFAULT_TOKEN, capture: bool = True
) -> Outcome:
    """Run schemathesis with the domain checks loaded and return what it reported (output live unless captured)."""
    report_dir.mkdir(parents=True, exist_ok=True)
    for old in report_dir.glob("json-*.json"):
        old.unlink()
    env = {**os.environ, "SCHEMATHESIS_HOOKS": str(CHECKS)}
    command = schemathesis_command(url, token, report_dir, *options)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=capture, text=True, check=False)
    reports = sorted(report_dir.glob("json-*.json"))
    report = json.loads(reports[-1].read_text(encoding="utf-8")) if reports else {}
    return Outcome(done.returncode, report, (done.stdout or "") + (done.stderr or ""))


@contextmanager
def served_mock(token: str) -> Iterator[str]:
    """`kcc-mock serve` on a free 127.0.0.1 port; yields the API's base URL and stops the server after."""
    from kcc_mock.http.server import free_port

    port = free_port()
    command = [sys.executable, "-m", "kcc_mock", "serve", "--host", "127.0.0.1", "--port", str(port), "--token", token]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}{BASE_PATH}"
    try:
        wait_until_serving(url, token)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def wait_until_serving(url: str, token: str, timeout: float = 30.0) -> None:
    """Poll the klantcontacten list until it answers 200 (bounded)."""
    request = urllib.request.Request(f"{url}/klantcontacten", headers={"Authorization": f"Token {token}"})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError(f"the provider at {url} did not answer within {timeout:.0f} s")


def main(argv: Sequence[str] | None = None) -> int:
    """`make schemathesis`: fuzz the mock (or a provider) and print schemathesis' own report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--provider-url", help="base URL of another provider (…/klantinteracties/api/v1)")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the API token to send")
    parser.add_argument("--examples", type=int, default=50, help="examples per operation and phase")
    parser.add_argument("--seed", default="20261129", help="hypothesis seed (the same seed, the same run)")
    parser.add_argument("--report-dir", type=Path, default=ROOT / "reports" / "schemathesis")
    args, extra = parser.parse_known_args(argv)
    options = ["--max-examples", str(args.examples), "--seed", args.seed, "--continue-on-failure", *extra]

    def run(url: str) -> int:
        print(f"schemathesis against {url} ({args.examples} examples per operation, seed {args.seed})", flush=True)
        return run_schemathesis(url, args.report_dir, *options, token=args.token, capture=False).exit_code

    if args.provider_url:
        return run(args.provider_url.rstrip("/"))
    with served_mock(args.token) as url:
        return run(url)


if __name__ == "__main__":
    raise SystemExit(main())
