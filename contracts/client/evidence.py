"""Exchanges: every request the suite sent and the response it got, kept as evidence."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

_BODY_LIMIT = 20_000  # characters of a body shown in a report; longer bodies are cut with a note


@dataclass
class Exchange:
    """One request and its response (or the transport error that took its place)."""

    number: int
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    error: str | None = None
    rule: str = ""  # the rule that sent it ("INV-04", "INV-04 cleanup")
    provoked: bool = False  # a fault was installed for it: its answer is outside the spec on purpose
    spec_problem: str | None = None  # filled in by the conformance check ("" once found conforming)

    def json(self) -> Any:
        """The response body parsed as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.response_body)
        except ValueError:
            return None

    def header(self, name: str) -> str | None:
        """A response header, looked up case-insensitively."""
        wanted = name.lower()
        return next((value for key, value in self.response_headers.items() if key.lower() == wanted), None)

    @property
    def summary(self) -> str:
        """One line: `POST <url> -> 201`."""
        outcome = str(self.status) if self.status is not None else f"no response ({self.error})"
        sender = f" [{self.rule}]" if self.rule else ""
        return f"#{self.number}{sender} {self.method} {self.url} -> {outcome}"

    def as_text(self) -> str:
        """The exchange written out like an HTTP transcript."""
        lines = [f"# {self.summary}", f"{self.method} {self.url}"]
        lines += [f"{key}: {value}" for key, value in self.request_headers.items()]
        if self.request_body:
            lines += ["", _show(self.request_body)]
        lines.append("")
        if self.status is None:
            lines.append(f"<no response: {self.error}>")
        else:
            lines.append(f"HTTP {self.status}")
            lines += [f"{key}: {value}" for key, value in self.response_headers.items()]
            if self.response_body:
                lines += ["", _show(self.response_body)]
        if self.spec_problem:
            lines += ["", f"<spec: {self.spec_problem}>"]
        return "\n".join(lines)


def _show(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    with contextlib.suppress(ValueError):  # not JSON: shown as sent
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    if len(text) > _BODY_LIMIT:
        return f"{text[:_BODY_LIMIT]}\n<... {len(text) - _BODY_LIMIT} more characters not shown>"
    return text


class RuleFailure(AssertionError):
    """The provider broke a rule; `evidence` names the exchanges that show it (default: all of the rule's)."""

    def __init__(self, message: str, evidence: tuple[Exchange, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.evidence = evidence


class NotApplicable(Exception):
    """The rule cannot be judged on this target (no fault injection, no permission to create actors)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
