"""The page at /_mock/ui/ without a browser: its files, its JSON, its guard (tests/test_page_browser.py drives it)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import AUTH, KLANTCONTACT, MEDEWERKER, Api, _SyncASGITransport, ref

from kcc_mock.http.app import MockApp
from kcc_mock.http.page import STATIC

ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture
def page(app: MockApp) -> Iterator[Api]:
    """A browser's view of the mock (loopback, no token)."""
    with Api(transport=_SyncASGITransport(app), base_url=ORIGIN) as client:
        yield client


def test_the_page_and_every_file_it_loads_are_served_from_the_package(page: Api) -> None:
    assert page.get("/_mock/ui").status_code == 307
    index = page.get("/_mock/ui/")
    assert index.status_code == 200 and index.headers["content-type"] == "text/html; charset=utf-8"
    policy = index.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    loaded = set(re.findall(r'(?:src|href)="([^"#]+)"', index.text))
    assert loaded == {"page.js", "page.css", "favicon.svg"}
    modules = {name for path in STATIC.glob("*.js") for name in re.findall(r'from "\./([\w.]+)"', path.read_text())}
    assert modules == {"api.js", "runs.js", "faults.js", "consistency.js", "store.js"}
    for name in loaded | modules:
        assert page.get(f"/_mock/ui/{name}").status_code == 200, name
    assert page.get("/_mock/ui/%2e%2e%2fpage.py").status_code == 404  # only the files read at start
    assert page.get("/_mock/ui/api/nothing").status_code == 404


def test_nothing_in_the_page_comes_from_elsewhere() -> None:
    external = {
        path.name: found
        for path in sorted(STATIC.iterdir())
        if (found := re.findall(r"(?:https?:)?//[\w.-]+\.\w+/", path.read_text(encoding="utf-8")))
    }
    assert external == {"favicon.svg": ["http://www.w3.org/"]}  # the SVG namespace, never fetched


def test_the_page_answers_only_where_the_admin_api_does(app: MockApp) -> None:
    remote = _SyncASGITransport(app, client=("192.0.2.7", 4000))
    with Api(transport=remote, base_url=ORIGIN) as client:
        assert client.get("/_mock/ui/").status_code == 403
        assert client.get("/_mock/ui/api/runs").status_code == 403
    with Api(transport=_SyncASGITransport(app), base_url=ORIGIN, headers=AUTH) as client:
        assert client.post("/_mock/ui/api/runs").status_code == 405


def test_runs_are_listed_newest_first_and_one_run_is_drawn_with_its_calls(page: Api, raw: Api) -> None:
    contact = raw.create("klantcontacten", KLANTCONTACT)
    run = {"X-Request-ID": "my-run-1"}
    link = {"actor": ref(raw.create("actoren", MEDEWERKER)), "klantcontact": ref(contact)}
    raw.post("/actorklantcontacten", json=link, headers={**run, "X-Mock-Fault": "status=503"})
    raw.post("/betrokkenen", json={"hadKlantcontact": ref(contact), "rol": "klant", "initiator": True}, headers=run)
    runs = page.get("/_mock/ui/api/runs").json()["runs"]
    assert [(r["id"], r["calls"], r["faults"], r["left"], r["statuses"]) for r in runs] == [
        ("correlation:my-run-1", 2, 1, 1, ["503", "201"]),
        ("calls:1", 2, 0, 2, ["201", "201"]),
    ]
    shown = page.get("/_mock/ui/api/runs/correlation:my-run-1").json()
    assert shown["svg"].startswith("<svg") and shown["svg"].count("<a href=") == 2
    first, second = shown["calls"]
    assert first["fault"] == "the X-Mock-Fault header: answered 503 instead; the provider never saw the call"
    assert first["request"]["requestHeaders"]["authorization"] == "Token ***"  # the token masked
    assert first["response"]["status"] == 503
    betrokkene = second["response"]["responseBody"]["uuid"]
    assert second["stored"] == [{"collection": "betrokkenen", "uuid": betrokkene, "stored": True}]
    assert shown["left"] == [{"collection": "betrokkenen", "uuid": betrokkene, "stored": True}]
    assert page.get("/_mock/ui/api/runs/correlation:nobody").status_code == 404


def test_the_store_links_objects_both_ways(page: Api, raw: Api) -> None:
    contact = raw.create("klantcontacten", KLANTCONTACT)
    betrokkene = raw.create("betrokkenen", {"hadKlantcontact": ref(contact), "rol": "klant", "initiator": True})
    counts = {c["name"]: c["count"] for c in page.get("/_mock/ui/api/store").json()["collections"]}
    assert counts["klantcontacten"] == counts["betrokkenen"] == 1 and counts["actoren"] == 0
    there = page.get(f"/_mock/ui/api/store/klantcontacten/{contact['uuid']}").json()
    assert there["references"] == []
    assert there["referrers"] == [{"collection": "betrokkenen", "field": "hadKlantcontact", "uuid": betrokkene["uuid"]}]
    back = page.get(f"/_mock/ui/api/store/betrokkenen/{betrokkene['uuid']}").json()
    assert back["references"] == [
        {"field": "hadKlantcontact", "collection": "klantcontacten", "uuid": contact["uuid"], "exists": True}
    ]
    listed = page.get("/_mock/ui/api/store/betrokkenen").json()
    assert (listed["count"], [o["uuid"] for o in listed["objects"]]) == (1, [betrokkene["uuid"]])
    assert page.get("/_mock/ui/api/store/nothing").status_code == 404
    assert page.get(f"/_mock/ui/api/store/betrokkenen/{contact['uuid']}").status_code == 404


def test_a_collection_shows_its_newest_objects_unless_all_are_asked_for(page: Api, raw: Api) -> None:
    from kcc_mock.observe import watch

    made = [raw.create("klantcontacten", KLANTCONTACT)["uuid"] for _ in range(watch.OBJECTS_SHOWN + 2)]
    capped = page.get("/_mock/ui/api/store/klantcontacten").json()
    assert capped["count"] == len(made)
    assert [o["uuid"] for o in capped["objects"]] == made[::-1][: watch.OBJECTS_SHOWN]
    assert len(page.get("/_mock/ui/api/store/klantcontacten?limit=all").json()["objects"]) == len(made)
