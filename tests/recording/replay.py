"""Send recorded requests to a server and report where its answers differ from the recording."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from .exchanges import Normaliser, Step, differences, request_body, request_headers, step_from_record, substitute

RECORDINGS = Path(__file__).resolve().parent.parent / "data" / "recordings"


def recordings(release: str = "2.18.0") -> Iterator[tuple[str, dict[str, Any]]]:
    """(slug, recording) of every recorded case of a release, in name order."""
    for path in sorted((RECORDINGS / f"openklant-{release}").glob("*.json")):
        yield path.stem, json.loads(path.read_text(encoding="utf-8"))


def url(base: str, step: Step, bindings: Mapping[str, str]) -> str:
    """The URL of a step: `~/` paths from the server's root, others under the API base."""
    path: str = substitute(step.path, bindings)
    if path.startswith("~/"):
        return "{0.scheme}://{0.netloc}".format(urlsplit(base)) + path[1:]
    return base + path


def send(client: httpx.Client, base: str, token: str, step: Step, normaliser: Normaliser) -> dict[str, Any]:
    """Send one step and return its normalised response."""
    bindings = {**normaliser.bindings, "base": base}
    response = client.request(
        step.method,
        url(base, step, bindings),
        params=[(key, substitute(value, bindings)) for key, value in step.query],
        headers=request_headers(step, token),
        content=request_body(step, bindings),
    )
    headers = {key.lower(): value for key, value in response.headers.items()}
    return normaliser.response(response.status_code, headers, response.content, step)


def replay(client: httpx.Client, base: str, token: str, recording: Mapping[str, Any]) -> list[str]:
    """Every difference between a server's answers and a recording, as `#n METHOD path: where: a != b`."""
    normaliser = Normaliser("{0.scheme}://{0.netloc}".format(urlsplit(base)))
    found = []
    for index, exchange in enumerate(recording["exchanges"]):
        step = step_from_record(exchange["request"])
        actual = send(client, base, token, step, normaliser)
        label = f"#{index} {step.method} {step.path}"
        found += [f"{label}: {line.lstrip('.')}" for line in differences(exchange["response"], actual)]
    return found
