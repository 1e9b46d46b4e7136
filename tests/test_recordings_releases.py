"""The recordings of every Open Klant release are well-formed, and agree with the changes file of 0.9.0.

tests/test_recorded_exchanges.py replays them against the mock serving each release's API version;
these checks keep every release's recordings loadable and complete.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.recording.exchanges import step_from_record
from tests.recording.release_cases import cases_for
from tests.recording.replay import recordings

# Open Klant release -> the API version its server answers in the API-version header.
RELEASES = {"2.17.1": "0.8.0", "2.18.0": "0.9.0"}
CHANGES = yaml.safe_load(
    (Path(__file__).parents[1] / "src/kcc_mock/specs/klantinteracties-0.9.0-changes.yaml").read_text(encoding="utf-8")
)
RECORDED = {release: dict(recordings(release)) for release in RELEASES}
RESPONSE_KEYS = {"status", "headers", "body", "text"}


def problems(recording: dict[str, Any], api_version: str) -> list[str]:
    """Why a recording could not be replayed as it is, one line per exchange and flaw."""
    found = [] if isinstance(recording.get("title"), str) else ["title: missing"]
    for index, exchange in enumerate(recording.get("exchanges", [])):
        try:
            step = step_from_record(exchange["request"])
        except (KeyError, TypeError, ValueError) as error:
            found.append(f"#{index} request: {error!r}")
            continue
        response = exchange.get("response", {})
        if set(response) != RESPONSE_KEYS:
            found.append(f"#{index} response keys: {sorted(response)}")
            continue
        if not isinstance(response["status"], int) or not 100 <= response["status"] < 600:
            found.append(f"#{index} status: {response['status']!r}")
        headers = response["headers"]
        api = not step.path.startswith("~/") and headers.get("content-type") == "application/json"
        if api and headers.get("api-version") != api_version:
            found.append(f"#{index} api-version: {headers.get('api-version')!r}")
    return found


@pytest.mark.parametrize("release", sorted(RELEASES))
def test_every_release_has_every_case_recorded(release: str) -> None:
    assert sorted(RECORDED[release]) == sorted(case.slug for case in cases_for(release))


@pytest.mark.parametrize("release", sorted(RELEASES))
def test_recordings_are_well_formed(release: str) -> None:
    found = [f"{slug} {line}" for slug, rec in RECORDED[release].items() for line in problems(rec, RELEASES[release])]
    assert found == []


def test_releases_recorded_the_same_requests() -> None:
    """The recordings differ only in the answers: the same cases sent the same requests to both releases."""
    older, newer = RECORDED["2.17.1"], RECORDED["2.18.0"]
    for slug in older.keys() & newer.keys():
        requests = [[e["request"] for e in rec["exchanges"]] for rec in (older[slug], newer[slug])]
        assert requests[0] == requests[1], slug


def test_well_formedness_check_catches_flaws() -> None:
    recording = copy.deepcopy(RECORDED["2.17.1"]["crud-klantcontacten"])
    exchanges = recording["exchanges"]
    del exchanges[0]["response"]["text"]
    exchanges[1]["response"]["headers"]["api-version"] = "0.9.0"
    del exchanges[2]["request"]["query"]
    exchanges[3]["response"]["status"] = "200"
    assert problems(recording, "0.8.0") == [
        "#0 response keys: ['body', 'headers', 'status']",
        "#1 api-version: '0.9.0'",
        "#2 request: KeyError('query')",
        "#3 status: '200'",
    ]


# ---------------------------------------------------------------- agreement with the changes file


def klantcontacten(node: Any) -> Iterator[dict[str, Any]]:
    """Every klantcontact object in a response body, at any depth."""
    if isinstance(node, list):
        for item in node:
            yield from klantcontacten(item)
    elif isinstance(node, dict):
        if "/klantcontacten/" in str(node.get("url", "")) and "kanaal" in node:
            yield node
        for value in node.values():
            yield from klantcontacten(value)


def field_problems(recorded: dict[str, dict[str, Any]], release: str, present: bool) -> list[str]:
    """Klantcontacten read from a release that lack (present) or carry (not present) the added fields."""
    added = set(CHANGES["fields"]["Klantcontact"])
    found = []
    for slug, recording in sorted(recorded[release].items()):
        for index, exchange in enumerate(recording["exchanges"]):
            for kc in klantcontacten(exchange["response"]):
                if not (added <= kc.keys() if present else added.isdisjoint(kc.keys())):
                    found.append(f"{slug} #{index} {kc['uuid']}")
    return found


def count_read(release: str) -> int:
    """How many klantcontact objects the recordings of a release read."""
    return sum(len(list(klantcontacten(e["response"]))) for rec in RECORDED[release].values() for e in rec["exchanges"])


@pytest.mark.parametrize(("release", "present"), [("2.17.1", False), ("2.18.0", True)])
def test_added_fields_are_returned_only_by_the_newer_release(release: str, present: bool) -> None:
    assert count_read(release) >= 50
    assert field_problems(RECORDED, release, present) == []


def test_field_check_catches_a_field_read_from_the_older_release() -> None:
    recorded = copy.deepcopy(RECORDED)
    recorded["2.17.1"]["crud-klantcontacten"]["exchanges"][1]["response"]["body"]["verdereActieOndernomen"] = False
    assert field_problems(recorded, "2.17.1", False) == ["crud-klantcontacten #1 {obj}"]


def rule_problems(recorded: dict[str, dict[str, Any]], rule: dict[str, Any]) -> list[str]:
    """Where the recorded exchanges of a rule do not show 2.18.0 refusing and 2.17.1 accepting."""
    found = []
    for index in rule["recorded"]["exchanges"]:
        older, newer = (recorded[r][rule["recorded"]["case"]]["exchanges"][index] for r in ("2.17.1", "2.18.0"))
        request = newer["request"]
        if (
            not request["path"].startswith("/" + rule["resource"])
            or not rule["refuses"].items() <= request["body"].items()
        ):
            found.append(f"#{index}: request does not send {rule['refuses']}")
        codes = [p["code"] for p in (newer["response"]["body"] or {}).get("invalidParams", [])]
        if (newer["response"]["status"], codes) != (400, [rule["code"]]):
            found.append(f"#{index}: 2.18.0 answered {newer['response']['status']} {codes}")
        if older["response"]["status"] not in (200, 201):
            found.append(f"#{index}: 2.17.1 answered {older['response']['status']}")
    return found


@pytest.mark.parametrize("rule", CHANGES["rules"], ids=lambda rule: rule["code"])
def test_added_rules_refuse_only_in_the_newer_release(rule: dict[str, Any]) -> None:
    assert rule_problems(RECORDED, rule) == []


def test_rule_check_catches_a_rule_the_newer_release_did_not_apply() -> None:
    recorded = copy.deepcopy(RECORDED)
    (rule,) = CHANGES["rules"]
    recorded["2.18.0"]["klantcontact-errors"]["exchanges"][9] = recorded["2.17.1"]["klantcontact-errors"]["exchanges"][
        9
    ]
    assert rule_problems(recorded, rule) == ["#9: 2.18.0 answered 200 []"]


def creation_order(exchanges: list[dict[str, Any]]) -> list[str]:
    """The `{name}` placeholders of the objects the exchanges created, in the order they were created."""
    return ["{" + name + "}" for e in exchanges if e["request"]["method"] == "POST" for name in e["request"]["save"]]


def ordering_problems(recorded: dict[str, dict[str, Any]], path: str) -> list[str]:
    """Recorded lists whose order a plain model of each release's ordering does not predict.

    Every field of an ordering is descending (`-`); `{now}` is later than any fixed moment.
    """
    described = CHANGES["ordering"][path]
    found = []
    for release, order in (("2.17.1", described["previous"]), ("2.18.0", described["now"])):
        exchanges = recorded[release][described["recorded"]["case"]]["exchanges"]
        created = creation_order(exchanges)

        def key(item: dict[str, Any], order: list[str] = order, created: list[str] = created) -> tuple[Any, ...]:
            moment = item["plaatsgevondenOp"]
            values = {
                "created": created.index(item["uuid"]),
                "plaatsgevondenOp": "9999" if moment == "{now}" else moment,
            }
            return tuple(values[field.removeprefix("-")] for field in order)

        for index in described["recorded"]["exchanges"]:
            results = exchanges[index]["response"]["body"]["results"]
            if exchanges[index]["request"]["path"] != path or len(results) < 2:
                found.append(f"{release} #{index}: not a list of {path} with two or more results")
            elif results != sorted(results, key=key, reverse=True):
                found.append(f"{release} #{index}: {[item['uuid'] for item in results]}")
    return found


@pytest.mark.parametrize("path", sorted(CHANGES["ordering"]))
def test_list_ordering_changed_as_described(path: str) -> None:
    assert all(field.startswith("-") for order in ("previous", "now") for field in CHANGES["ordering"][path][order])
    assert ordering_problems(RECORDED, path) == []


def test_ordering_check_catches_the_older_order_in_the_newer_release() -> None:
    recorded = copy.deepcopy(RECORDED)
    recorded["2.18.0"]["lists-query"]["exchanges"][8] = recorded["2.17.1"]["lists-query"]["exchanges"][8]
    assert ordering_problems(recorded, "/klantcontacten") == ["2.18.0 #8: ['{b}', '{a}']"]


def older_release_problems(recording: dict[str, Any]) -> list[str]:
    """Where 2.17.1's answers to the release-differences case contradict what the changes file says of 0.8.0."""
    limits = {where.split(".")[1]: lengths[0] for where, lengths in CHANGES["maxLength"].items()}
    found, unknown = [], set()
    for index, exchange in enumerate(recording["exchanges"]):
        request, response = exchange["request"], exchange["response"]
        body = response["body"] if isinstance(response["body"], dict) else {}
        if request["method"] == "POST" and "reactie" in request["body"]:
            sent = {"reactie": len(request["body"]["reactie"]), "metadata{}": len(request["body"]["metadata"]["k"])}
            over = sorted(name for name, length in sent.items() if length > limits[name])
            refused = sorted(p["name"].replace(".k", "{}") for p in body.get("invalidParams", []))
            if refused != over or response["status"] != (400 if over else 201):
                found.append(f"#{index}: {response['status']} refused {refused}, over the 0.8.0 limits {over}")
        named = [name for name, _ in request["query"]]
        if request["method"] == "GET" and named and set(named) <= set(CHANGES["filters"].get(request["path"], [])):
            codes = [p["code"] for p in body.get("invalidParams", [])]
            if (response["status"], codes) == (400, ["unknown-parameters"]):
                unknown |= set(named)
        if request["method"] == "GET" and named and set(named) <= set(CHANGES["distinct"].get(request["path"], [])):
            listed = [item["uuid"] for item in body.get("results", [])]
            if len(set(listed)) == len(listed):
                found.append(f"#{index}: {named[0]} lists each object once: {listed}")
    if unknown != {name for names in CHANGES["filters"].values() for name in names}:
        found.append(f"refused as unknown: {sorted(unknown)}")
    return found


def test_older_release_answers_the_differences_as_described() -> None:
    assert older_release_problems(RECORDED["2.17.1"]["release-differences"]) == []


def test_older_release_check_catches_contradictions() -> None:
    recording = copy.deepcopy(RECORDED["2.17.1"]["release-differences"])
    exchanges = recording["exchanges"]
    exchanges[0]["response"]["body"]["invalidParams"].pop()
    exchanges[6] = exchanges[4]
    exchanges[13]["response"]["body"]["results"].pop()
    assert older_release_problems(recording) == [
        "#0: 400 refused ['reactie'], over the 0.8.0 limits ['metadata{}', 'reactie']",
        "#13: partijIdentificator__codeRegister lists each object once: ['{partij}']",
        "refused as unknown: ['hadBetrokkene__digitaaladres__adres__icontains', 'hadBetrokkene__wasPartij']",
    ]


def join_problems(recorded: dict[str, dict[str, Any]], path: str, names: list[str]) -> tuple[set[str], list[str]]:
    """The `distinct` filters of a path whose 2.17.1 lists repeat an object, and where the lists contradict the
    changes file: 2.17.1 lists an object once per match (a join), 2.18.0 (where recorded too) once each."""
    used, found = set(), []
    for slug, recording in sorted(recorded["2.17.1"].items()):
        for index, older in enumerate(recording["exchanges"]):
            request = older["request"]
            named = {name for name, _ in request["query"]}
            if request["method"] != "GET" or request["path"] != path or not named or not named <= set(names):
                continue
            listed = [item["uuid"] for item in older["response"]["body"]["results"]]
            if len(set(listed)) < len(listed):
                used |= named
            if slug not in recorded["2.18.0"]:
                continue
            newer = recorded["2.18.0"][slug]["exchanges"][index]["response"]["body"]
            once = [item["uuid"] for item in newer["results"]]
            if once != list(dict.fromkeys(listed)):
                found.append(f"{slug} #{index}: 2.18.0 lists {once}, 2.17.1 {listed}")
    return used, found


def test_joined_filters_repeat_objects_only_in_the_older_release() -> None:
    used = set()
    for path, names in CHANGES["distinct"].items():
        joined, found = join_problems(RECORDED, path, names)
        assert found == []
        used |= joined
    assert {"categorierelatie__categorie__naam", "partijIdentificator__codeRegister"} <= used


def test_join_check_catches_a_newer_release_that_repeats_too() -> None:
    recorded = copy.deepcopy(RECORDED)
    recorded["2.18.0"]["categorie-filters"]["exchanges"][8] = recorded["2.17.1"]["categorie-filters"]["exchanges"][8]
    used, found = join_problems(recorded, "/partijen", CHANGES["distinct"]["/partijen"])
    assert "categorierelatie__categorie__naam" in used
    assert found == ["categorie-filters #8: 2.18.0 lists ['{q}', '{p}', '{p}'], 2.17.1 ['{q}', '{p}', '{p}']"]
