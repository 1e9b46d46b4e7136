"""What a schemathesis run's stateful phase did, and what the spec's links let it do.

The steps come from schemathesis' NDJSON report; the links and item operations from the spec.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SPEC = Path(__file__).resolve().parents[1] / "specs" / "klantinteracties.yaml"


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
