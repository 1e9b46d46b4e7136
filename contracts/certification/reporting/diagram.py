"""A rule's exchanges drawn as the mock's page and verify-consumer's report draw a run (one picture of a run)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from contracts.client.evidence import Exchange
from kcc_mock.observe import diagram
from kcc_mock.observe.journal import created_objects
from kcc_mock.observe.sequence import Call, with_compensations
from kcc_mock.provider.resources import RESOURCES

_ENDPOINTS = {*RESOURCES, "maak-klantcontact"}


def anchor(rule_id: str, exchange: Exchange) -> str:
    """The id of an exchange's transcript in the HTML report."""
    return f"{rule_id}-exchange-{exchange.number}"


def target(url: str) -> str:
    """A request's path and query from the API's base on (wherever the provider serves it), as the journal has it."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    start = next((i for i, segment in enumerate(segments) if segment in _ENDPOINTS), 0)
    path = "/" + "/".join(segments[start:]) if start else parts.path
    return path + (f"?{parts.query}" if parts.query else "")


def calls(rule_id: str, exchanges: Sequence[Exchange], cited: Sequence[Exchange]) -> list[Call]:
    """The exchanges as calls; `cited` ones highlighted, provoked ones marked as the fault they are."""
    numbers = {exchange.number for exchange in cited}
    made = [
        Call(
            number=exchange.number,
            method=exchange.method,
            target=target(exchange.url),
            status=exchange.status,
            duration_ms=None,
            anchor=anchor(rule_id, exchange),
            injected="provoked" if exchange.provoked else None,
            effect="provoked fault" if exchange.provoked else None,
            fault="the suite switched on a fault of the mock for this call" if exchange.provoked else None,
            stored=tuple(created_objects(exchange.json())) if exchange.status == 201 else (),
            cited=exchange.number in numbers,
        )
        for exchange in exchanges
    ]
    return with_compensations(made)


def render(rule_id: str, exchanges: Sequence[Exchange], cited: Sequence[Exchange]) -> str:
    """The SVG of a rule's exchanges, the suite as the consumer."""
    return diagram.render(calls(rule_id, exchanges, cited), consumer="certification suite", provider="provider")
