"""Running `schemathesis run` against a provider: the runner behind `make schemathesis` and the tests.

`make schemathesis` runs this file: it serves the mock with `kcc-mock serve` on a free 127.0.0.1 port
(unless `--provider-url` names another provider), runs schemathesis with the repository's
`schemathesis.toml` and the hooks file `contracts/schemathesis_checks.py` (which registers the domain
checks, the stateful data and the failure filter of `contracts/schemathesis/`), and stops the mock.
"""

from __future__ import annotations

import argparse
import base64
import functools
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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script (`make schemathesis`): the contracts package is at the root
    sys.path.insert(0, str(ROOT))

from contracts.deviations import schemathesis as deviations  # noqa: E402

SPEC = ROOT / "specs" / "klantinteracties.yaml"
CONFIG = ROOT / "schemathesis.toml"
HOOKS = ROOT / "contracts" / "schemathesis_checks.py"  # the file SCHEMATHESIS_HOOKS names
BASE_PATH = "/klantinteracties/api/v1"
DEFAULT_TOKEN = "kcc-mock-development-token"


@dataclass(frozen=True)
class Step:
    """One step of the stateful phase, as schemathesis' NDJSON report records it."""

    operation: str  # "GET /klantcontacten/{uuid}"
    status: int | None  # None: no response
    linked: bool  # its data came from an earlier step's response, through a link
    content: str | None = None  # the response body, base64 as the report keeps it

    def body(self) -> Any:
        """The response body as JSON, or None."""
        try:
            return json.loads(base64.b64decode(self.content or ""))
        except ValueError:
            return None


@dataclass(frozen=True)
class Link:
    """An OpenAPI link: after `source` answered `status`, call `target` with values from that response."""

    source: str  # "POST /klantcontacten"
    status: str
    target: str  # "GET /klantcontacten/{uuid}"
    parameters: dict[str, str]  # parameter -> runtime expression

    def follows(self, body: Any) -> bool:
        """Whether the link leads on from a response body of its source and status: a value for every parameter."""
        return all(_evaluate(expression, body) is not None for expression in self.parameters.values())


def _evaluate(expression: str, body: Any) -> Any:
    """A `$response.body#/json/pointer` expression on a response body (None when it names nothing)."""
    prefix = "$response.body#"
    if not expression.startswith(prefix):
        return None
    value = body
    for token in expression[len(prefix) :].split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


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


def stateful_steps(ndjson: Path) -> Iterator[Step]:
    """The steps of the stateful phase in an NDJSON report, without the requests checks made.

    A scenario's recorder holds its cases by id: a step that started the scenario or followed a
    link (it has a `transition`), and the requests of checks (a `parent_id` but no transition).
    """
    with ndjson.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith('{"ScenarioFinished"'):
                continue
            event = json.loads(line)["ScenarioFinished"]
            recorder = event.get("recorder", {})
            if event.get("phase") != "stateful" or "cases" not in recorder:
                continue
            interactions = recorder.get("interactions", {})
            for case_id, node in recorder["cases"].items():
                linked = bool(node.get("transition")) and bool(node.get("is_transition_applied"))
                if node.get("parent_id") and not node.get("transition"):
                    continue  # a check's own request
                response = (interactions.get(case_id) or {}).get("response") or {}
                case, content = node["value"], response.get("content")
                body = content.get("$base64") if isinstance(content, dict) else None
                yield Step(f"{case['method']} {case['path']}", response.get("status_code"), linked, body)


@functools.cache
def _document(spec: Path, _modified: float) -> Any:
    """A spec, parsed once per version of the file (parsing it takes a third of a second)."""
    return yaml.safe_load(spec.read_text(encoding="utf-8"))


def document(spec: Path = SPEC) -> Any:
    """The parsed spec."""
    return _document(spec, spec.stat().st_mtime)


def links(spec: Path = SPEC) -> list[Link]:
    """Every link in a spec's responses (the stateful phase follows these: `schemathesis.toml` infers none)."""
    paths = document(spec)["paths"]
    labels = {
        op["operationId"]: f"{method.upper()} {path}"
        for path, item in paths.items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }
    return [
        Link(labels[op["operationId"]], str(status), labels[link["operationId"]], link.get("parameters") or {})
        for item in paths.values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
        for status, response in op.get("responses", {}).items()
        for link in (response.get("links") or {}).values()
    ]


def item_operations(spec: Path = SPEC, collections: Iterable[str] | None = None) -> set[str]:
    """The operations on one object (`/{collection}/{uuid}`) in a spec, as `METHOD /path`; all, or of `collections`."""
    wanted = set(collections) if collections is not None else None
    return {
        f"{method.upper()} {path}"
        for path, item in document(spec)["paths"].items()
        if path.endswith("/{uuid}") and (wanted is None or path.strip("/").split("/")[0] in wanted)
        for method in item
        if method in ("get", "put", "patch", "delete")
    }


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
    args, extra = parser.parse_known_args(argv)
    try:
        limits = deviations.parse_limits(args.limits)
    except ValueError as error:
        print(f"make schemathesis: {error}", file=sys.stderr)
        return 2
    options = ["--max-examples", str(args.examples), "--seed", args.seed, "--continue-on-failure", *extra]
    named = [f"{name}={value}" for name, value in limits.items()]

    def run(url: str) -> int:
        print(f"schemathesis against {url} ({args.examples} examples per operation, seed {args.seed})", flush=True)
        try:
            outcome = run_schemathesis(
                url, args.report_dir, *options, token=args.token, capture=False, strict=args.strict, limits=named
            )
        except ReportError as error:
            print(f"make schemathesis: {error}", file=sys.stderr)
            return 2
        print(summary(outcome, limits, args.strict), flush=True)
        return outcome.exit_code

    if args.provider_url:
        return run(args.provider_url.rstrip("/"))
    with served_mock(args.token) as url:
        return run(url)


if __name__ == "__main__":
    raise SystemExit(main())
