"""The suites report a known deviation of the reference instead of failing, with its evidence, and
only that: a provider planted with the reference's behaviour passes with the deviation shown, one
planted with a neighbouring bug still fails."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from hypothesis import Phase, settings
from planted_providers import Planted, shared_mock
from planted_wire import RewriteResponses
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts.certification.conformance import Conformance
from contracts.certification.engine import Certification
from contracts.certification.reporting import write_reports
from contracts.certification.reporting.summary import verdict
from contracts.certification.results import Outcome
from contracts.certification.rules import RULES
from contracts.deviations import known as known_deviations
from contracts.deviations.known import KnownDeviation, Lists, Match
from contracts.properties import test_bodies
from contracts.properties.oracle import Oracle
from contracts.properties.spec_reader import newest_version
from contracts.properties.subject import Subject
from kcc_mock.http.app import MockApp
from kcc_mock.provider.spec import Spec

Headers = list[tuple[bytes, bytes]]

ORACLE = Oracle.for_version(newest_version())  # the verdicts of the version the mock serves


def _rewrite_json(body: bytes, change: Any) -> bytes:
    return json.dumps(change(json.loads(body))).encode()


def _lone_dotted_expand_ignored(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """Open Klant's way (OK-04): a dotted expand path without its parent expands nothing."""
    expand = parse_qs(scope["query_string"].decode()).get("expand", [""])[0].split(",")
    if scope["method"] != "GET" or "/klantcontacten/" not in scope["path"] or status != 200:
        return status, headers, body
    if any("." in item for item in expand) and "hadBetrokkenen" not in expand:
        body = _rewrite_json(body, lambda read: {k: v for k, v in read.items() if k != "_expand"})
    return status, headers, body


def _nested_expand_lost(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """A neighbouring bug: the answer has `_expand`, but the betrokkene's partij is not in it."""
    if scope["method"] != "GET" or "/klantcontacten/" not in scope["path"] or status != 200:
        return status, headers, body

    def lose(read: dict[str, Any]) -> dict[str, Any]:
        for betrokkene in (read.get("_expand") or {}).get("hadBetrokkenen", []):
            betrokkene.pop("_expand", None)
        return read

    return status, headers, _rewrite_json(body, lose)


def _blank_group_is_null(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """Open Klant's way (OK-01): an actor created with an empty group has none."""
    if not scope["path"].rstrip("/").endswith("/actoren") or scope["method"] != "POST" or status != 201:
        return status, headers, body

    def drop(read: dict[str, Any]) -> dict[str, Any]:
        group = read.get("actorIdentificatie")
        if isinstance(group, dict) and not any(group.values()):
            read["actorIdentificatie"] = None
        return read

    return status, headers, _rewrite_json(body, drop)


def _every_group_is_null(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """A neighbouring bug: no actor ever shows its group."""
    if "/actoren" not in scope["path"] or scope["method"] != "GET" or status != 200:
        return status, headers, body
    return status, headers, _rewrite_json(body, lambda read: {**read, "actorIdentificatie": None})


def planted(name: str, rewrite: Any) -> Planted:
    """A provider behind a response rewrite."""
    return Planted(name, rewrite.__doc__ or name, frozenset(), wrap=lambda app: RewriteResponses(app, rewrite))


@pytest.fixture(scope="module")
def shared_app() -> MockApp:
    """One mock for the module; each planting is seated on it in turn."""
    return shared_mock()


@pytest.fixture(autouse=True)
def no_shrinking() -> Iterator[None]:
    """Finding the planted behaviour is the point; shrinking it only costs time."""
    previous = settings.default
    settings.register_profile("deviations", parent=previous, phases=[Phase.explicit, Phase.generate])
    settings.load_profile("deviations")
    yield
    settings.register_profile("restored", parent=previous)
    settings.load_profile("restored")


@pytest.fixture
def subject_of(shared_app: MockApp) -> Iterator[Callable[[Planted], Subject]]:
    """The property suite's view of a planted provider; its target is closed afterwards."""
    made: list[Subject] = []

    def make(provider: Planted) -> Subject:
        made.append(Subject(provider.target(provider.build(shared_app))))
        return made[-1]

    yield make
    for subject in made:
        subject.target.close()


FLOW_02 = [rule for rule in RULES if rule.id == "FLOW-02"]


def test_flow_02_passes_a_provider_that_ignores_a_lone_dotted_expand_path(shared_app: MockApp) -> None:
    reference = planted("lone-dotted-expand-ignored", _lone_dotted_expand_ignored)
    app = reference.build(shared_app)
    report = Certification(reference.target(app), seed=2173, conformance=Conformance(Spec.load())).run_all(FLOW_02)
    assert [(r.rule.id, r.outcome, r.deviations) for r in report.results] == [("FLOW-02", Outcome.PASSED, [])]


NESTED_EXPAND_KNOWN = KnownDeviation(
    id="TEST-01",
    title="the betrokkene's partij is missing from a nested expand",
    spec_says="expand=hadBetrokkenen,hadBetrokkenen.wasPartij includes each betrokkene's partij",
    server_does="the betrokkenen are expanded, their partij is not",
    seen_by=("FLOW-02",),
    matches=(
        Match(("GET",), r"/klantcontacten/[0-9a-f-]{36}", (200,), query={"expand": Lists("hadBetrokkenen.wasPartij")}),
    ),
)


def test_certification_reports_a_known_deviation_with_its_evidence_and_certifies(
    shared_app: MockApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(known_deviations, "KNOWN_DEVIATIONS", (NESTED_EXPAND_KNOWN,))
    reference = planted("nested-expand-lost", _nested_expand_lost)
    app = reference.build(shared_app)
    run = Certification(reference.target(app), seed=2173, conformance=Conformance(Spec.load()))
    report = run.run_all(FLOW_02)
    [result] = report.results
    assert result.outcome is Outcome.KNOWN_DEVIATION
    assert [s.deviation.id for s in result.deviations] == ["TEST-01"]
    assert "expand=hadBetrokkenen%2ChadBetrokkenen.wasPartij" in result.deviations[0].exchange.url or (
        "expand=hadBetrokkenen,hadBetrokkenen.wasPartij" in result.deviations[0].exchange.url
    )
    assert report.certified
    assert verdict(report) == "CERTIFIED: every required rule passed; known deviation(s) of the reference: FLOW-02"
    markdown, html, junit = (path.read_text(encoding="utf-8") for path in write_reports(report, tmp_path))
    for text in (markdown, html):
        assert "Known deviations of the reference" in text
        assert "TEST-01" in text and "hadBetrokkenen.wasPartij" in text
    case = ET.fromstring(junit).find(".//testcase")
    assert case is not None and case.find("failure") is None
    shown = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert shown["known_deviation"] == "TEST-01"
    out = case.find("system-out")
    assert out is not None and "hadBetrokkenen.wasPartij" in (out.text or "")


def test_certification_still_fails_a_neighbouring_bug(shared_app: MockApp) -> None:
    broken = planted("nested-expand-lost", _nested_expand_lost)
    app = broken.build(shared_app)
    report = Certification(broken.target(app), seed=2173, conformance=Conformance(Spec.load())).run_all(FLOW_02)
    assert [(r.rule.id, r.outcome, r.deviations) for r in report.results] == [("FLOW-02", Outcome.FAILED, [])]
    assert not report.certified


def test_the_echo_property_records_the_reference_deviation_and_holds(subject_of: Callable[[Planted], Subject]) -> None:
    subject = subject_of(planted("blank-group-is-null", _blank_group_is_null))
    settings.register_profile("deviations-more", parent=settings.default, max_examples=200, derandomize=True)
    settings.load_profile("deviations-more")
    test_bodies.check_valid_bodies_are_accepted_and_read_back(subject, ORACLE, "actoren")
    [seen] = subject.sightings.summary()
    assert seen["id"] == "OK-01"
    assert '"actorIdentificatie": {}' in seen["evidence"] and '"actorIdentificatie": null' in seen["evidence"]


def test_the_echo_property_still_fails_a_neighbouring_bug(subject_of: Callable[[Planted], Subject]) -> None:
    subject = subject_of(planted("every-group-is-null", _every_group_is_null))
    settings.register_profile("deviations-one", parent=settings.default, report_multiple_bugs=False)
    settings.load_profile("deviations-one")
    with pytest.raises(AssertionError, match="read back"):
        test_bodies.check_valid_bodies_are_accepted_and_read_back(subject, ORACLE, "actoren")
    assert subject.sightings.summary() == []


SentRewrite = Callable[[Scope, Any, int, Headers, bytes], tuple[int, Headers, bytes]]


class RewriteWithRequest:
    """A response rewrite that also sees the request body, parsed (None when there is none)."""

    def __init__(self, app: ASGIApp, rewrite: SentRewrite) -> None:
        self.app = app
        self.rewrite = rewrite

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        raw = b"".join(chunks)
        sent = json.loads(raw) if raw else None

        async def replay() -> Message:
            return {"type": "http.request", "body": raw, "more_body": False}

        def rewrite(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
            return self.rewrite(scope, sent, status, headers, body)

        await RewriteResponses(self.app, rewrite)(scope, replay, send)


def _empty_onderwerpobject_dropped(
    scope: Scope, sent: Any, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """Open Klant's way (OK-06): a maak-klantcontact sent `"onderwerpobject": {}` answers it as null."""
    if not scope["path"].endswith("/maak-klantcontact") or status != 201 or sent.get("onderwerpobject") != {}:
        return status, headers, body
    return status, headers, _rewrite_json(body, lambda made: {**made, "onderwerpobject": None})


UNIQUE_REFUSAL = {
    "type": "about:blank",
    "code": "invalid",
    "title": "Ongeldige invoerwaarde.",
    "status": 400,
    "detail": "Ongeldige invoerwaarde.",
    "instance": "urn:uuid:00000000-0000-4000-8000-000000000000",
    "invalidParams": [{"name": "nonFieldErrors", "code": "unique", "reason": "moeten een unieke set zijn."}],
}


def _own_referentie_refused(
    scope: Scope, sent: Any, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """Open Klant's way (OK-03): an update of a digitaal adres that sends a referentie is refused as a duplicate."""
    if scope["method"] not in ("PUT", "PATCH") or "/digitaleadressen/" not in scope["path"]:
        return status, headers, body
    return (
        (400, headers, json.dumps(UNIQUE_REFUSAL).encode())
        if (sent or {}).get("referentie")
        else (status, headers, body)
    )


def _every_update_refused(
    scope: Scope, sent: Any, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """A neighbouring bug: every update of a digitaal adres is refused as a duplicate."""
    if scope["method"] not in ("PUT", "PATCH") or "/digitaleadressen/" not in scope["path"]:
        return status, headers, body
    return 400, headers, json.dumps(UNIQUE_REFUSAL).encode()


def with_request(name: str, rewrite: SentRewrite) -> Planted:
    """A provider behind a rewrite that sees requests and responses."""
    return Planted(name, rewrite.__doc__ or name, frozenset(), wrap=lambda app: RewriteWithRequest(app, rewrite))


def test_the_update_property_records_a_refusal_the_reference_makes_and_holds(
    subject_of: Callable[[Planted], Subject],
) -> None:
    subject = subject_of(with_request("own-referentie-refused", _own_referentie_refused))
    test_bodies.check_updates_are_read_back(subject, ORACLE, "digitaleadressen")
    [seen] = subject.sightings.summary()
    assert seen["id"] == "OK-03" and '"code": "unique"' in seen["evidence"]


def test_the_update_property_still_fails_a_neighbouring_bug(subject_of: Callable[[Planted], Subject]) -> None:
    subject = subject_of(with_request("every-update-refused", _every_update_refused))
    settings.register_profile("deviations-one", parent=settings.default, report_multiple_bugs=False)
    settings.load_profile("deviations-one")
    with pytest.raises(AssertionError, match="HTTP 400"):
        test_bodies.check_updates_are_read_back(subject, ORACLE, "digitaleadressen")


def _every_onderwerpobject_dropped(
    scope: Scope, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """A neighbouring bug: maak-klantcontact never answers its onderwerpobject."""
    if not scope["path"].endswith("/maak-klantcontact") or status != 201:
        return status, headers, body
    return status, headers, _rewrite_json(body, lambda made: {**made, "onderwerpobject": None})


def test_the_maak_property_records_the_reference_deviation_and_holds(subject_of: Callable[[Planted], Subject]) -> None:
    subject = subject_of(with_request("empty-onderwerpobject-dropped", _empty_onderwerpobject_dropped))
    settings.register_profile("deviations-more", parent=settings.default, max_examples=200, derandomize=True)
    settings.load_profile("deviations-more")
    test_bodies.check_maak_klantcontact_stores_every_part_as_sent(subject, ORACLE)
    assert [seen["id"] for seen in subject.sightings.summary()] == ["OK-06"]


def test_the_maak_property_still_fails_a_neighbouring_bug(subject_of: Callable[[Planted], Subject]) -> None:
    subject = subject_of(planted("every-onderwerpobject-dropped", _every_onderwerpobject_dropped))
    settings.register_profile("deviations-one", parent=settings.default, report_multiple_bugs=False)
    settings.load_profile("deviations-one")
    with pytest.raises(AssertionError, match="onderwerpobject was sent but not created"):
        test_bodies.check_maak_klantcontact_stores_every_part_as_sent(subject, ORACLE)
    # Only onderwerpobjecten sent empty are excused (OK-06, as Open Klant and the mock answer them); the
    # dropped non-empty one above failed.
    for seen in subject.sightings.summary():
        assert seen["id"] == "OK-06" and '"onderwerpobject": {}' in seen["evidence"], seen


# The mock answers as Open Klant does (tests/data/recordings), so it shows the reference's deviations
# of these collections, and only those: a recogniser matching anything else is too loose.
COPIED_FROM_OPEN_KLANT = {"actoren": {"OK-01", "OK-05"}, "partijen": {"OK-02", "OK-05"}, "digitaleadressen": {"OK-03"}}


@pytest.mark.parametrize("collection", sorted(COPIED_FROM_OPEN_KLANT))
def test_the_plain_mock_shows_only_the_deviations_it_copies_from_open_klant(
    subject_of: Callable[[Planted], Subject], collection: str
) -> None:
    subject = subject_of(Planted("plain", "none", frozenset()))
    settings.register_profile("deviations-more", parent=settings.default, max_examples=100, derandomize=True)
    settings.load_profile("deviations-more")
    test_bodies.check_valid_bodies_are_accepted_and_read_back(subject, ORACLE, collection)
    test_bodies.check_updates_are_read_back(subject, ORACLE, collection)
    seen = {sighting["id"] for sighting in subject.sightings.summary()}
    assert seen and seen <= COPIED_FROM_OPEN_KLANT[collection]
