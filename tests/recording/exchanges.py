"""Steps of a case, placeholder binding and the normalisation that makes two runs comparable.

A step's path, query and body may name objects created earlier as `{name}`. Server-generated
values are replaced by placeholders in every response, the same way for the real server and for
the mock: the origin (`{origin}`), the `instance` urn (`urn:uuid:{instance}`), moments within a
day of the run (`{now}`), the date of the run, a day either way (`{today}`), uuids bound to a name
(`{name}`) and any other uuid by its order of appearance (`{new1}`, `{new2}`, ... with keys
visited in sorted order, so key order never counts).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INSTANCE = re.compile(r"urn:uuid:[0-9a-f-]{36}")
MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
DATE = re.compile(r"\d{4}-\d\d-\d\d")
PLACEHOLDER = re.compile(r"\{([a-z][A-Za-z0-9_]*)\}")
# The response headers a client can see a difference in; the rest belong to the web server.
HEADERS = ("content-type", "location", "api-version", "allow", "www-authenticate")
NOW_WINDOW = timedelta(hours=12)
# A date the server fills in (a categorie-relatie's beginDatum): today where it runs, which may be a
# day off the recorder's date near midnight.
TODAY_WINDOW = timedelta(days=1)
# Open Klant names unknown query parameters from a Python set (commonground-api-common's
# CheckQueryParamsMixin), whose order changes with each process' hash seed: compared as a set.
UNORDERED = re.compile(r"(Onbekende query parameters: )(.+)")


@dataclass(frozen=True)
class Step:
    """One request of a case; `save` binds names to uuids of its response (dotted paths)."""

    method: str
    path: str
    body: Any = None
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] | None = None  # None: the token, and a JSON content type with a body
    raw: str | None = None  # sent as is instead of `body`
    save: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """A titled sequence of steps, replayed from an empty store."""

    slug: str
    title: str
    steps: tuple[Step, ...]


def create(collection: str, body: Any, name: str | None = None) -> Step:
    """POST a body to a collection, binding the new object's uuid to `name`."""
    return Step("POST", f"/{collection}", body, save={name: "uuid"} if name else {})


def substitute(template: Any, bindings: Mapping[str, str]) -> Any:
    """The template with every bound `{name}` replaced by its value."""
    if isinstance(template, str):
        return PLACEHOLDER.sub(lambda m: bindings.get(m.group(1), m.group(0)), template)
    if isinstance(template, list):
        return [substitute(item, bindings) for item in template]
    if isinstance(template, dict):
        return {key: substitute(value, bindings) for key, value in template.items()}
    return template


def request_headers(step: Step, token: str) -> dict[str, str]:
    """The headers a step sends (`{token}` in its own headers stands for the token)."""
    if step.headers is not None:
        return {key: value.replace("{token}", token) for key, value in step.headers.items()}
    headers = {"Authorization": f"Token {token}"}
    if step.body is not None or step.raw is not None:
        headers["Content-Type"] = "application/json"
    return headers


def request_record(step: Step) -> dict[str, Any]:
    """The request as a recording keeps it: templates, not bound values."""
    headers = step.headers if step.headers is not None else request_headers(step, "{token}")
    record: dict[str, Any] = {"method": step.method, "path": step.path, "query": [list(pair) for pair in step.query]}
    record["headers"] = dict(headers)
    if step.save:
        record["save"] = dict(step.save)
    if step.raw is not None:
        record["raw"] = step.raw
    elif step.body is not None:
        record["body"] = step.body
    return record


def step_from_record(record: Mapping[str, Any]) -> Step:
    """The step a recorded request was sent by."""
    return Step(
        record["method"],
        record["path"],
        body=record.get("body"),
        query=tuple((key, value) for key, value in record["query"]),
        headers=record["headers"],
        raw=record.get("raw"),
        save=record.get("save", {}),
    )


def request_body(step: Step, bindings: Mapping[str, str]) -> bytes | None:
    """The bytes a step sends."""
    if step.raw is not None:
        return step.raw.encode()
    if step.body is None:
        return None
    return json.dumps(substitute(step.body, bindings)).encode()


class Normaliser:
    """Replaces the server-generated values of one case's responses by placeholders."""

    def __init__(self, origin: str, now: datetime | None = None) -> None:
        self.origin = origin
        self.now = now or datetime.now(UTC)
        self.bindings: dict[str, str] = {}  # name -> uuid
        self.names: dict[str, str] = {}  # uuid -> name
        self.fresh = 0

    def bind(self, name: str, value: str) -> None:
        """Give a uuid a name for later requests and for the responses."""
        self.bindings[name] = value
        self.names.setdefault(value, name)

    def response(self, status: int, headers: Mapping[str, str], content: bytes, step: Step) -> dict[str, Any]:
        """The normalised form of one response, binding what the step saves first."""
        content_type = headers.get("content-type", "")
        body: Any = None
        text = ""
        if content_type.startswith("application/json") and content:
            body = json.loads(content)
            for name, path in step.save.items():
                value = _dig(body, path)
                if isinstance(value, str):
                    self.bind(name, value)
        elif content:
            # An HTML page is compared by its first line: the rest is a site template, not the API.
            text = content.decode("utf-8", "replace").lstrip().split("\n", 1)[0].strip()
        kept = {name: headers[name] for name in HEADERS if name in headers}
        return {
            "status": status,
            "headers": self.value(kept),
            "body": self.value(body),
            "text": text,
        }

    def value(self, node: Any) -> Any:
        """A JSON value with every generated value replaced (dict keys visited sorted)."""
        if isinstance(node, str):
            return self.text(node)
        if isinstance(node, list):
            return [self.value(item) for item in node]
        if isinstance(node, dict):
            done = {key: self.value(node[key]) for key in sorted(node)}
            return {key: done[key] for key in node}
        return node

    def text(self, text: str) -> str:
        """One string with the origin, the instance urn, uuids and moments of now replaced."""
        text = text.replace(self.origin, "{origin}")
        text = INSTANCE.sub("urn:uuid:{instance}", text)
        text = UUID.sub(lambda m: "{" + self._name(m.group(0)) + "}", text)
        if MOMENT.fullmatch(text):
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if abs(moment - self.now) < NOW_WINDOW:
                return "{now}"
        if DATE.fullmatch(text) and abs(_date(text) - self.now.date()) <= TODAY_WINDOW:
            return "{today}"
        return text

    def _name(self, uuid: str) -> str:
        if uuid not in self.names:
            self.fresh += 1
            self.bind(f"new{self.fresh}", uuid)
        return self.names[uuid]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return date.min  # not a date: never today


def _dig(body: Any, path: str) -> Any:
    for step in path.split("."):
        if isinstance(body, list) and step.isdigit() and int(step) < len(body):
            body = body[int(step)]
        elif isinstance(body, dict):
            body = body.get(step)
        else:
            return None
    return body


def differences(recorded: Any, actual: Any, where: str = "") -> list[str]:
    """Every place where two normalised responses differ, as `path: recorded != actual`."""
    if isinstance(recorded, dict) and isinstance(actual, dict):
        found: list[str] = []
        for key in list(recorded) + [key for key in actual if key not in recorded]:
            if key not in actual:
                found.append(f"{where}.{key}: missing")
            elif key not in recorded:
                found.append(f"{where}.{key}: unexpected {json.dumps(actual[key])[:120]}")
            else:
                found += differences(recorded[key], actual[key], f"{where}.{key}")
        return found
    if isinstance(recorded, list) and isinstance(actual, list) and len(recorded) == len(actual):
        return [
            line
            for index, item in enumerate(recorded)
            for line in differences(item, actual[index], f"{where}[{index}]")
        ]
    if isinstance(recorded, str) and isinstance(actual, str) and unordered(recorded) == unordered(actual):
        return []
    if recorded != actual or type(recorded) is not type(actual):
        return [f"{where}: {json.dumps(recorded)[:200]} != {json.dumps(actual)[:200]}"]
    return []


def unordered(text: str) -> str:
    """A text with the parts the server writes in no fixed order put in one order."""
    match = UNORDERED.fullmatch(text)
    return match.group(1) + ", ".join(sorted(match.group(2).split(", "))) if match else text
