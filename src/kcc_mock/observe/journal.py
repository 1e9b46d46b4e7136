"""The journal: every exchange with the API, bounded in memory, queryable, exportable as HAR."""

from __future__ import annotations

import copy
import json
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs

from kcc_mock.provider.formats import format_datetime

DEFAULT_SIZE = 10_000
DEFAULT_BYTES = 32 * 1024 * 1024
_CREATOR = "kcc-mock"
RawHeaders = Sequence[tuple[bytes, bytes]]  # as ASGI carries them


@dataclass(frozen=True)
class Entry:
    """One exchange: what was asked, what was answered, and which fault (if any) fired.

    The time, query, bodies and headers are kept as they came and decoded when first read: most
    entries are never read, and decoding each one as it was journaled cost a tenth of a request.
    """

    sequence: int  # taken when the call arrived: a hung call is journaled when it ends
    arrived: float  # time.time() when the call arrived
    method: str
    path: str
    query_string: bytes
    request_content: bytes
    status: int | None  # None when no response was sent (reset, hang)
    response_content: bytes
    operation: str | None
    correlation_id: str
    fault: dict[str, Any] | None = None
    committed: dict[str, Any] | None = None  # commit-then-fail: what the provider really answered
    duration_ms: float = 0.0
    raw_request_headers: RawHeaders = ()
    raw_response_headers: RawHeaders = ()
    run: str | None = None  # the consumer run its driver named (verify-consumer: the scenario)

    @cached_property
    def weight(self) -> int:
        """The bytes this entry holds on to: bodies and headers as they came."""
        headers = sum(len(k) + len(v) for k, v in (*self.raw_request_headers, *self.raw_response_headers))
        return len(self.request_content) + len(self.response_content) + headers + len(self.query_string)

    @cached_property
    def time(self) -> datetime:
        """When the call arrived, in local time."""
        return datetime.fromtimestamp(self.arrived).astimezone()

    @cached_property
    def query(self) -> dict[str, list[str]]:
        """The query parameters, each with every value given."""
        return parse_qs(self.query_string.decode("latin-1"), keep_blank_values=True)

    @cached_property
    def request_body(self) -> Any:
        """The request body as JSON; its text when it is not JSON; None when empty."""
        parsed = parse_json(self.request_content)
        return parsed if parsed is not None else self.request_content.decode("utf-8", "replace") or None

    @cached_property
    def response_body(self) -> Any:
        """The response body as JSON; None when empty or not JSON."""
        return parse_json(self.response_content)

    @property
    def response_shown(self) -> Any:
        """The response body as JSON; the bytes the client received as text when they are not JSON."""
        shown = self.response_body
        return shown if shown is not None else self.response_content.decode("utf-8", "replace") or None

    @cached_property
    def correlated(self) -> bool:
        """True when the client sent its own correlation id (`X-Request-ID`), false when the mock made one."""
        return any(key.lower() == b"x-request-id" for key, _ in self.raw_request_headers)

    @cached_property
    def request_headers(self) -> dict[str, str]:
        """The request headers, the credentials of `Authorization` masked."""
        shown = {key.decode("latin-1"): value.decode("latin-1") for key, value in self.raw_request_headers}
        if "authorization" in shown:
            scheme = shown["authorization"].split(" ", 1)[0]
            shown["authorization"] = f"{scheme} ***"
        return shown

    @cached_property
    def response_headers(self) -> dict[str, str]:
        """The response headers."""
        return {key.decode(): value.decode() for key, value in self.raw_response_headers}

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as the admin API returns it."""
        data = {
            "sequence": self.sequence,
            "time": format_datetime(self.time),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "requestBody": self.request_body,
            "status": self.status,
            "responseBody": self.response_shown,
            "operation": self.operation,
            "correlationId": self.correlation_id,
            "fault": self.fault,
            "committed": self.committed,
            "durationMs": self.duration_ms,
            "requestHeaders": self.request_headers,
            "responseHeaders": self.response_headers,
            "run": self.run,
        }
        return copy.deepcopy(data)  # the caller may change it; the entry stays as it was


def parse_json(raw: bytes) -> Any:
    """A JSON body, or None when it is empty or not JSON."""
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


class Journal:
    """The last exchanges, oldest first, at most `size` of them holding at most `max_bytes` of
    bodies and headers, with a count of those dropped to stay bounded."""

    def __init__(self, size: int = DEFAULT_SIZE, max_bytes: int = DEFAULT_BYTES) -> None:
        if size < 1:
            raise ValueError("a journal holds at least one entry")
        if max_bytes < 1:
            raise ValueError("a journal holds at least one byte")
        self.size = size
        self.max_bytes = max_bytes
        self._entries: deque[Entry] = deque()
        self.bytes = 0  # what the kept entries' bodies and headers take
        self.dropped = 0
        self._sequence = 0
        self.run: str | None = None  # stamped on each exchange while set (verify-consumer names its runs)

    def next_sequence(self) -> int:
        """A number for the next exchange (increasing, never reused until clear)."""
        self._sequence += 1
        return self._sequence

    def append(self, entry: Entry) -> None:
        """Record an exchange, dropping the oldest ones while over either bound (the newest is always kept)."""
        self._entries.append(entry)
        self.bytes += entry.weight
        while len(self._entries) > 1 and (len(self._entries) > self.size or self.bytes > self.max_bytes):
            self.bytes -= self._entries.popleft().weight
            self.dropped += 1

    def clear(self) -> None:
        """Forget every entry and the dropped count."""
        self._entries.clear()
        self.bytes = 0
        self.dropped = 0
        self._sequence = 0
        self.run = None

    def __len__(self) -> int:
        return len(self._entries)

    def entries(
        self,
        operation: str | None = None,
        method: str | None = None,
        status: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        correlation_id: str | None = None,
    ) -> list[Entry]:
        """Entries matching every given filter, oldest first."""
        found: Iterable[Entry] = self._entries
        if operation is not None:
            found = (e for e in found if e.operation == operation)
        if method is not None:
            found = (e for e in found if e.method == method.upper())
        if status is not None:
            found = (e for e in found if e.status == status)
        if since is not None:
            found = (e for e in found if e.time >= since)
        if until is not None:
            found = (e for e in found if e.time <= until)
        if correlation_id is not None:
            found = (e for e in found if e.correlation_id == correlation_id)
        return list(found)

    def created(self, entries: Iterable[Entry]) -> list[tuple[str, str]]:
        """(collection, uuid) of every object the given exchanges created, as their bodies say."""
        return [made for entry in entries for made in created_by(entry)]


def created_by(entry: Entry) -> list[tuple[str, str]]:
    """(collection, uuid) of every object one exchange created: its 201, or what a commit-then-fail stored."""
    bodies = [entry.response_body if entry.status == 201 else None]
    if entry.committed and entry.committed.get("status") == 201:
        bodies.append(entry.committed.get("body"))
    return [made for body in bodies for made in created_objects(body)]


def to_har(entries: Iterable[Entry], base_url: str) -> dict[str, Any]:
    """The entries as a HAR 1.2 log, for browsers' and proxies' tools; `base_url` includes the API's base path."""
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": _CREATOR, "version": "0.1.0"},
            "entries": [_har_entry(entry, base_url) for entry in entries],
        }
    }


def _har_entry(entry: Entry, base_url: str) -> dict[str, Any]:
    query = entry.query_string.decode("latin-1")
    url = f"{base_url}{entry.path}" + (f"?{query}" if query else "")
    # The bytes as they travelled: a truncated or malformed answer is shown as the client got it.
    request_text = entry.request_content.decode("utf-8", "replace")
    response_text = entry.response_content.decode("utf-8", "replace")
    request_type = entry.request_headers.get("content-type", "application/json")
    response_type = entry.response_headers.get("content-type", "")
    comment = {"correlationId": entry.correlation_id, "operation": entry.operation, "fault": entry.fault}
    if entry.committed is not None:
        comment["committed"] = entry.committed
    return {
        "startedDateTime": format_datetime(entry.time),
        "time": entry.duration_ms,
        "request": {
            "method": entry.method,
            "url": url,
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in entry.request_headers.items()],
            "queryString": [{"name": k, "value": v} for k, values in entry.query.items() for v in values],
            "cookies": [],
            "headersSize": -1,
            "bodySize": len(entry.request_content),
            **({"postData": {"mimeType": request_type, "text": request_text}} if request_text else {}),
        },
        "response": {
            "status": entry.status or 0,
            "statusText": "" if entry.status else "no response (fault)",
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in entry.response_headers.items()],
            "cookies": [],
            "content": {"size": len(entry.response_content), "mimeType": response_type, "text": response_text},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(entry.response_content),
        },
        "cache": {},
        "timings": {"send": 0, "wait": entry.duration_ms, "receive": 0},
        "comment": json.dumps(comment, ensure_ascii=False),
    }


def created_objects(body: Any) -> list[tuple[str, str]]:
    """Objects named in a 201 body: the body itself, or the parts of a maak-klantcontact answer."""
    if not isinstance(body, dict):
        return []
    if "url" in body and "uuid" in body:
        found = [(_collection(body["url"]), body["uuid"])]
        found += [(_collection(item["url"]), item["uuid"]) for item in body.get("partijIdentificatoren") or []]
        return found
    return [item for part in body.values() for item in created_objects(part)]


def _collection(url: str) -> str:
    return str(url).rstrip("/").split("/")[-2]
