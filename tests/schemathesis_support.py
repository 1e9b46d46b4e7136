"""Running `schemathesis run` against a provider: the runner behind `make schemathesis` and the tests.

`make schemathesis` runs this file: it serves the mock with `kcc-mock serve` on a free 127.0.0.1 port
(unless `--provider-url` names another provider), runs schemathesis with the repository's
`schemathesis.toml` and the hooks file `contracts/schemathesis_checks.py` (which registers the domain
checks, the stateful data and the failure filter of `contracts/schemathesis/`), and stops the mock.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script (`make schemathesis`): the contracts package is at the root
    sys.path.insert(0, str(ROOT))

from contracts.deviations import schemathesis as deviations  # noqa: E402
from tests.schemathesis_stateful import SPEC, Step, links, stateful_steps  # noqa: E402

CONFIG = ROOT / "schemathesis.toml"
HOOKS = ROOT / "contracts" / "schemathesis_checks.py"  # the file SCHEMATHESIS_HOOKS names
BASE_PATH = "/klantinteracties/api/v1"
DEFAULT_TOKEN = "kcc-mock-development-token"


@dataclass(frozen=True)
class Outcome:
    """What a schemathesis run reported: its exit code, its JSON report, its console output, its stateful steps."""

    exit_code: int
    report: dict[str, Any]
    output: str
    steps: tuple[Step, ...] = ()
    deviations: tuple[dict[str, Any], ...] = ()  # the known deviations of the reference the run met
    directory: Path | None = None  # where this run's report files are
    messages: dict[str, list[str]] = field(default_factory=dict)  # failure title -> what its checks said

    def reached(self) -> set[str]:
        """The operations a stateful step reached through a link and that answered 2xx: they worked on a real object."""
        return {step.operation for step in self.steps if step.linked and step.status and 200 <= step.status < 300}

    def reachable(self, spec: Path = SPEC) -> set[str]:
        """The operations a link of `spec` leads to from an answer the stateful phase got (with a value for it)."""
        answers: dict[tuple[str, str], list[Any]] = {}
        for step in self.steps:
            answers.setdefault((step.operation, str(step.status)), []).append(step.body())
        return {
            link.target
            for link in links(spec)
            if any(link.follows(body) for body in answers.get((link.source, link.status), []))
        }

    @property
    def failures(self) -> dict[str, list[str]]:
        """Failure title -> the operations it was found on."""
        return {item["title"]: item["operations"] for item in self.report.get("failures", [])}

    @property
    def errors(self) -> list[Any]:
        """Errors the run met (a broken check, an unreachable provider)."""
        errors: list[Any] = self.report.get("errors", [])
        return errors


def schemathesis_command(
    url: str, token: str, report_dir: Path, *options: str, spec: Path = SPEC, steps: bool = False
) -> list[str]:
    """The `schemathesis run` command line; `options` come last, so they win. `steps`: also the NDJSON report."""
    return [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(CONFIG),
        "run",
        str(spec),
        "--url",
        url,
        "--header",
        f"Authorization: Token {token}",
        "--report",
        "json,junit,ndjson" if steps else "json,junit",
        "--report-dir",
        str(report_dir),
        "--no-color",
        *options,
    ]


def run_schemathesis(
    url: str,
    report_dir: Path,
    *options: str,
    token: str = DEFAULT_TOKEN,
    capture: bool = True,
    spec: Path = SPEC,
    steps: bool = False,
    strict: bool = False,
    limits: Sequence[str] = (),
) -> Outcome:
    """Run schemathesis with the domain checks loaded and return what it reported (output live unless captured).

    Its reports go to a new directory of its own under `report_dir`. `spec`: another OpenAPI
    document than the repository's; `steps`: read the stateful phase's steps from the NDJSON report
    (it costs about a second per hundred scenarios); `strict`: known deviations of the reference
    fail the run too; `limits`: the deployment's limits to allow for (`DEPLOYMENT_LIMITS`).
    """
    report_dir.mkdir(parents=True, exist_ok=True)
    # A directory of this run's own: another run in the same checkout writes to one of its own.
    own = Path(tempfile.mkdtemp(prefix=time.strftime("run-%Y%m%dT%H%M%S-"), dir=report_dir))
    log = own / "known-deviations.jsonl"
    env = {**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS), deviations.LOG_VARIABLE: str(log)}
    env.update({deviations.STRICT_VARIABLE: "1"} if strict else {})
    env.update({deviations.LIMITS_VARIABLE: ",".join(limits)} if limits else {})
    command = schemathesis_command(url, token, own, *options, spec=spec, steps=steps)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=capture, text=True, check=False)
    reports = sorted(own.glob("json-*.json"))
    report = read_report(reports[-1]) if reports else {}
    events = sorted(own.glob("ndjson-*.ndjson"))
    found = tuple(stateful_steps(events[-1])) if events else ()
    output = (done.stdout or "") + (done.stderr or "")
    junit = sorted(own.glob("junit-*.xml"))
    messages = read_messages(junit[-1]) if junit else {}
    return Outcome(done.returncode, report, output, found, tuple(read_deviations(log)), own, messages)


class ReportError(Exception):
    """A report file of the run that cannot be read."""


def read_report(path: Path) -> dict[str, Any]:
    """A JSON report of schemathesis; ReportError (one line) when it is not JSON."""
    try:
        report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ReportError(f"cannot read the schemathesis report {path}: {error}") from None
    return report


# In a JUnit failure: "- ST901 Custom check failed: `name`", a blank line, the message indented by four spaces.
FAILURE_ENTRY = re.compile(r"^- ST\d+ (?P<title>.+)\n\n(?P<message>(?:    .*(?:\n|$))+)", re.MULTILINE)


def read_messages(path: Path) -> dict[str, list[str]]:
    """Failure title -> the distinct messages of its failures, from schemathesis' JUnit report."""
    found: dict[str, set[str]] = {}
    for failure in ElementTree.parse(path).iter("failure"):
        for entry in FAILURE_ENTRY.finditer(failure.text or ""):
            lines = [line.removeprefix("    ") for line in entry["message"].splitlines()]
            found.setdefault(entry["title"], set()).add("\n".join(lines).strip())
    return {title: sorted(texts) for title, texts in found.items()}


def read_deviations(log: Path) -> list[dict[str, Any]]:
    """The known deviations the checks met (one JSON object a line); ReportError when a line is not JSON."""
    if not log.exists():
        return []
    try:
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    except ValueError as error:
        raise ReportError(f"cannot read the known-deviation log {log}: {error}") from None


@contextmanager
def served_mock(token: str, api_version: str | None = None) -> Iterator[str]:
    """`kcc-mock serve` (of `api_version`, default the newest) on a free 127.0.0.1 port; yields the API's
    base URL and stops the server after."""
    from kcc_mock.http.server import free_port

    port = free_port()
    command = [sys.executable, "-m", "kcc_mock", "serve", "--host", "127.0.0.1", "--port", str(port), "--token", token]
    command += ["--api-version", api_version] if api_version else []
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


class VersionError(Exception):
    """No API version to judge the provider by: none named, none announced, or one without a spec."""


def provider_version(url: str, token: str) -> str:
    """The API version the provider announces in its `API-version` header (of the klantcontacten list)."""
    request = urllib.request.Request(f"{url}/klantcontacten?pageSize=1", headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            announced = response.headers.get("API-version")
    except urllib.error.HTTPError as error:
        announced = error.headers.get("API-version")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        raise VersionError(f"the provider at {url} does not answer: {error}") from None
    if not announced:
        raise VersionError(f"the provider at {url} sends no API-version header: name one with --api-version")
    return str(announced)


def spec_of(version: str) -> Path:
    """The spec of an API version; VersionError naming the known ones for another."""
    from kcc_mock.provider.releases import UnknownRelease, release

    try:
        return release(version).spec_path
    except UnknownRelease as error:
        raise VersionError(str(error)) from None


def summary(outcome: Outcome, limits: dict[str, int], strict: bool) -> str:
    """What the run dropped as known deviations of the reference and as deployment limits, and where its reports are."""
    seen: dict[tuple[str, str], set[str]] = {}
    for entry in outcome.deviations:
        seen.setdefault((entry["kind"], entry["id"]), set()).add(f"{entry['check']} {entry['operation']}")
    lines = []
    if strict:
        lines.append("Known deviations of the reference: not applied (--strict): each fails the run")
    else:
        lines.append(f"Known deviations of the reference ({deviations.REFERENCE}), not counted as failures:")
        for deviation in deviations.DEVIATIONS:
            met = sorted(seen.get(("deviation", deviation.id), set()))
            lines.append(
                f"  {deviation.id} {'seen ' + str(len(met)) + 'x' if met else 'not seen'}: {deviation.server_does}"
            )
            if met:
                lines.append(f"      the spec says: {deviation.spec_says}")
                lines += [f"      {item}" for item in met[:5]] + (
                    [f"      ... {len(met) - 5} more"] if len(met) > 5 else []
                )
    for limit in deviations.LIMITS:
        if limit.name in limits:
            met = sorted(seen.get(("limit", limit.name), set()))
            lines.append(
                f"Deployment limit {limit.name}={limits[limit.name]} (by option): {len(met)} failure(s) dropped"
            )
            lines += [f"      {item}" for item in met[:5]]
    if outcome.directory is not None:
        lines.append(f"Reports: {outcome.directory}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """`make schemathesis`: fuzz the mock (or a provider) and print schemathesis' own report, then the summary."""
    parser = argparse.ArgumentParser(description=__doc__, allow_abbrev=False)  # `--report` goes to schemathesis
    parser.add_argument("--provider-url", help="base URL of another provider (…/klantinteracties/api/v1)")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the API token to send")
    parser.add_argument("--examples", type=int, default=50, help="examples per operation and phase")
    parser.add_argument("--seed", default="20261129", help="hypothesis seed (the same seed, the same run)")
    parser.add_argument("--report-dir", type=Path, default=ROOT / "reports" / "schemathesis")
    parser.add_argument("--strict", action="store_true", help="known deviations of the reference fail the run too")
    parser.add_argument("--limits", default="", help="deployment limits to allow for, e.g. request-line=4094")
    parser.add_argument(
        "--api-version",
        help="the API version to judge by (default: the provider's API-version header; the mock's newest)",
    )
    args, extra = parser.parse_known_args(argv)
    try:
        limits = deviations.parse_limits(args.limits)
    except ValueError as error:
        print(f"make schemathesis: {error}", file=sys.stderr)
        return 2
    options = ["--max-examples", str(args.examples), "--seed", args.seed, "--continue-on-failure", *extra]
    named = [f"{name}={value}" for name, value in limits.items()]

    def run(url: str) -> int:
        try:
            version = args.api_version or provider_version(url, args.token)
            spec = spec_of(version)
        except VersionError as error:
            print(f"make schemathesis: {error}", file=sys.stderr)
            return 2
        print(
            f"schemathesis against {url}, judged by API {version} ({args.examples} examples per operation, "
            f"seed {args.seed})",
            flush=True,
        )
        try:
            outcome = run_schemathesis(
                url,
                args.report_dir,
                *options,
                token=args.token,
                capture=False,
                spec=spec,
                strict=args.strict,
                limits=named,
            )
        except ReportError as error:
            print(f"make schemathesis: {error}", file=sys.stderr)
            return 2
        print(summary(outcome, limits, args.strict), flush=True)
        return outcome.exit_code

    if args.provider_url:
        return run(args.provider_url.rstrip("/"))
    try:
        spec_of(args.api_version) if args.api_version else None
    except VersionError as error:
        print(f"make schemathesis: {error}", file=sys.stderr)
        return 2
    with served_mock(args.token, args.api_version) as url:
        return run(url)


if __name__ == "__main__":
    raise SystemExit(main())
