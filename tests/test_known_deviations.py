"""The known deviations of the reference: each recogniser matches the exchanges recorded from Open
Klant that show it and nothing else, and the README's table says what the data says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from contracts.certification.rules import RULES
from contracts.client.evidence import Exchange
from contracts.deviations.known import KNOWN_DEVIATIONS, Sightings, recognise

ROOT = Path(__file__).resolve().parents[1]
RECORDED = json.loads((Path(__file__).parent / "data" / "known-deviations.json").read_text(encoding="utf-8"))
BASE = "http://127.0.0.1:8801/klantinteracties/api/v1"


def exchange(recording: dict[str, Any]) -> Exchange:
    """A recorded exchange as the suites hold one."""
    query = f"?{recording['query']}" if recording["query"] else ""
    sent = recording["request"]
    return Exchange(
        1,
        recording["method"],
        f"{BASE}{recording['path']}{query}",
        {},
        json.dumps(sent).encode() if sent is not None else b"",
        status=recording["status"],
        response_body=json.dumps(recording["response"]).encode(),
    )


@pytest.mark.parametrize("recording", RECORDED["recordings"], ids=lambda r: f"{r['deviation']}-{r['label']}")
def test_each_recorded_exchange_is_recognised_as_exactly_what_it_shows(recording: dict[str, Any]) -> None:
    found = [sighting.deviation.id for sighting in recognise([exchange(recording)])]
    assert found == ([recording["deviation"]] if recording["deviation"] else [])


def test_every_known_deviation_has_recorded_evidence_and_a_counterpart() -> None:
    shown = {r["deviation"] for r in RECORDED["recordings"]}
    assert shown - {None} == {deviation.id for deviation in KNOWN_DEVIATIONS}
    assert None in shown


def test_the_ids_are_unique_and_rules_named_as_seeing_a_deviation_exist() -> None:
    ids = [deviation.id for deviation in KNOWN_DEVIATIONS]
    assert len(ids) == len(set(ids))
    rules = {rule.id for rule in RULES}
    suites = ("property ", "the recorded exchanges ")
    named = {name for deviation in KNOWN_DEVIATIONS for name in deviation.seen_by if not name.startswith(suites)}
    assert named <= rules


def test_a_rule_sees_only_the_deviations_listed_for_it() -> None:
    evidence = next(exchange(r) for r in RECORDED["recordings"] if r["deviation"] == "OK-01")
    assert [s.deviation.id for s in recognise([evidence], seen_by="property valid bodies (actoren)")] == ["OK-01"]
    assert recognise([evidence], seen_by="FLOW-02") == []


def test_sightings_keep_the_first_evidence_and_count_every_one() -> None:
    evidence = [exchange(r) for r in RECORDED["recordings"] if r["deviation"] == "OK-01"]
    sightings = Sightings()
    assert sightings.explained(*evidence) == {"actorIdentificatie"}
    sightings.note(evidence[0])
    [entry] = sightings.summary()
    assert (entry["id"], entry["times"]) == ("OK-01", 2)
    assert entry["evidence"] == evidence[0].as_text()


def readme_table() -> list[list[str]]:
    """The rows of the README's table of Open Klant's deviations, as cells."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Where Open Klant deviates from its own spec", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows[1:]]  # after the header


def test_the_readme_table_says_what_the_data_says() -> None:
    expected = [
        [deviation.id, deviation.spec_says, deviation.server_does, ", ".join(deviation.seen_by)]
        for deviation in KNOWN_DEVIATIONS
    ]
    assert readme_table() == expected
