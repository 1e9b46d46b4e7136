"""The page at /_mock/ui/ in a real headless Chromium: live runs and their diagrams, faults, store, consistency,
and verify-consumer's HTML report. Screenshots go to $KCC_SCREENSHOTS (`make screenshots`: docs/)."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import OVERFLOW, UNNAMED, launch, screenshots, why_not
from conftest import KLANTCONTACT
from test_verify_consumers import CONSUMERS, load

from kcc_mock.config import DEFAULT_TOKEN, Settings
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.consumer.scenarios import select
from kcc_mock.http import page as page_files
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.flow import reference_consumer
from kcc_mock.http.server import ThreadedServer
from kcc_mock.http.verify import CallableConsumer, Verifier, VerifySettings
from kcc_mock.provider.fixtures import load_fixtures

if why_not() is None:
    from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).parents[1]
SCENARIO = "actorklantcontact-503"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module, or the tests not run with the reason."""
    reason = why_not()
    if reason is not None:
        pytest.skip(reason)
    with sync_playwright() as playwright:
        running = launch(playwright)
        yield running
        running.close()


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[MockApp, str]]:
    """A mock on a loopback port: (app, origin)."""
    app = create_app(Settings(swagger_ui=False))
    with ThreadedServer(app) as server:
        yield app, f"http://127.0.0.1:{server.port}"


@pytest.fixture
def mock(served: tuple[MockApp, str]) -> tuple[MockApp, str]:
    """The served mock, reset."""
    served[0].reset()
    return served


@pytest.fixture
def page(browser: Any, mock: tuple[MockApp, str]) -> Iterator[Page]:
    """A tab at 1280x800 whose every request is kept in `page.requested`."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.requested = []  # type: ignore[attr-defined]
    tab.on("request", lambda request: tab.requested.append(request.url))  # type: ignore[attr-defined]
    yield tab
    context.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return screenshots(tmp_path)


def prepare(app: MockApp, origin: str) -> dict[str, str]:
    """The served mock as verify-consumer sets it up for the scenario: seeded, its faults on; the consumer's
    environment."""
    chosen = select([SCENARIO])[0]
    base = origin + app.provider.spec.base_path
    load_fixtures(app.provider, copy.deepcopy(dict(chosen.flow.pre_existing)), base)
    app.faults.load(chosen.plan)
    return chosen.environment(base, DEFAULT_TOKEN)


def run_planted_consumer(app: MockApp, origin: str) -> int:
    """The consumer that never rolls back, against the served mock under the scenario's fault plan."""
    return load("never_rolls_back")(prepare(app, origin))


def test_a_consumer_run_and_its_fault_appear_live_and_a_call_opens(
    page: Page, mock: tuple[MockApp, str], shots: Path
) -> None:
    app, origin = mock
    page.goto(origin + "/_mock/ui/")
    expect(page.get_by_text("No calls yet")).to_be_visible()
    page.evaluate("window.loadedOnce = true")
    assert run_planted_consumer(app, origin) == 1
    run = page.get_by_role("list", name="Runs").get_by_role("link", name=re.compile(r"^calls without X-Request-ID"))
    expect(run).to_contain_text("2 calls · 1 fault · 1 left in the store")
    marker = page.locator("#diagram .fault-marker")
    expect(marker).to_contain_text("fault 503")
    assert page.evaluate("window.loadedOnce") is True  # updated in place, never reloaded
    page.get_by_role("link", name=re.compile(r"^#2 POST .actorklantcontacten → 503")).click()
    call = page.get_by_role("region", name="Selected call")
    expect(call).to_contain_text(f"Fault: rule {SCENARIO}: answered 503 instead; the provider never saw the call")
    expect(call.get_by_role("region", name="Request")).to_contain_text("authorization: Token ***")
    assert DEFAULT_TOKEN not in call.inner_text()
    page.screenshot(path=shots / "ui-run.png", full_page=True)
    left = page.locator("#run-meta").get_by_role("link", name=re.compile("^klantcontacten."))
    contact = left.inner_text().split("/")[1]
    left.click()
    expect(page.get_by_role("heading", name=f"klantcontacten/{contact}")).to_be_visible()
    assert page.evaluate("window.loadedOnce") is True
    assert [url for url in page.requested if not url.startswith(origin)] == []  # type: ignore[attr-defined]


def test_a_verify_consumer_run_shows_by_scenario_with_its_verdict(browser: Any, shots: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    with Verifier(VerifySettings(timeout=6.0, hang_seconds=2.0)) as verifier:
        tab.goto(verifier.lanes[0].page_url)
        expect(tab.get_by_text("No calls yet")).to_be_visible()
        verdict = verifier.run(CallableConsumer(load("never_rolls_back")), select([SCENARIO])[0])
        assert verdict.state == "FAIL"
        run = tab.get_by_role("list", name="Runs").get_by_role("link", name=re.compile(f"^{SCENARIO} FAIL"))
        expect(run).to_contain_text("FAIL")
        expect(run).to_contain_text("2 calls · 1 fault · 1 left in the store")
        expect(tab.get_by_role("heading", name=f"{SCENARIO}: FAIL")).to_be_visible()
        expect(tab.locator("#run-meta .left")).to_contain_text("Left in the store when the run ended: klantcontacten/")
        expect(tab.locator("#diagram .fault-marker")).to_contain_text("fault 503")
        tab.get_by_role("link", name=re.compile(r"^#2 POST .actorklantcontacten")).click()
        expect(tab.get_by_role("region", name="Selected call")).to_contain_text("Fault: rule actorklantcontact-503")
        tab.screenshot(path=shots / "ui-verify-run.png", full_page=True)
        # The reference consumer under the same scenario: its rollback is drawn as compensations.
        reference = CallableConsumer(reference_consumer(timeout=0.5, policy=RetryPolicy(backoff=0.01)))
        assert verifier.run(reference, select([SCENARIO])[0]).state == "PASS"
        runs = tab.get_by_role("list", name="Runs").get_by_role("link")
        expect(runs).to_have_count(2)
        runs.first.click()
        expect(tab.get_by_role("heading", name=f"{SCENARIO}: PASS")).to_be_visible()
        undo = tab.locator("#diagram a.compensation")
        expect(undo).to_have_count(1)
        expect(undo).to_have_accessible_name(re.compile(r"^compensation: #\d+ DELETE .klantcontacten"))
        expect(tab.locator("#run-meta")).to_contain_text("Nothing of this run was left in the store.")
        tab.screenshot(path=shots / "ui-rollback.png", full_page=True)
    context.close()


def test_a_fault_rule_is_added_and_removed_through_the_form(page: Page, mock: tuple[MockApp, str], shots: Path) -> None:
    app, origin = mock
    page.goto(origin + "/_mock/ui/#faults")
    expect(page.get_by_text("No rules")).to_be_visible()
    page.get_by_label("Operation").fill("actorklantcontactenCreate")
    page.get_by_label("Value").fill("503")
    page.get_by_label("Id").fill("akc-down")
    page.get_by_role("button", name="Add rule").click()
    row = page.locator('tr[data-rule="akc-down"]')
    expect(row).to_contain_text('{"operation":"actorklantcontactenCreate"}')
    expect(row.locator("td.number")).to_have_text(["0", "0"])
    base = origin + app.provider.spec.base_path
    answered = httpx.post(f"{base}/actorklantcontacten", json={}, headers={"Authorization": f"Token {DEFAULT_TOKEN}"})
    assert answered.status_code == 503
    expect(row.locator("td.number")).to_have_text(["1", "1"])  # the counters, live
    # A mistake gets the admin API's own refusal, word for word.
    refusal = httpx.post(
        origin + "/_mock/faults",
        json={"match": {"operation": "actorklantcontactCreate"}, "effect": {"status": 503}},
        headers={"Authorization": f"Token {DEFAULT_TOKEN}"},
    ).json()["invalidParams"][0]["reason"]
    page.get_by_label("Operation").fill("actorklantcontactCreate")
    page.get_by_label("Value").fill("503")
    page.get_by_role("button", name="Add rule").click()
    expect(page.get_by_role("alert")).to_have_text(f"Refused: 400: {refusal}")
    assert "did you mean 'actorklantcontactenCreate'?" in refusal
    page.screenshot(path=shots / "ui-faults.png", full_page=True)
    page.get_by_role("button", name="Remove rule akc-down").click()
    expect(page.get_by_text("No rules")).to_be_visible()
    assert app.faults.rules == []
    page.get_by_label("API token (for changes)").fill("wrong")
    page.get_by_label("API token (for changes)").dispatch_event("change")
    page.get_by_label("Operation").fill("actorklantcontactenCreate")
    page.get_by_role("button", name="Add rule").click()
    expect(page.get_by_role("alert")).to_contain_text("the mock refused the API token")
    assert app.faults.rules == []


def test_store_links_lead_from_a_klantcontact_to_its_betrokkene_and_back(
    page: Page, mock: tuple[MockApp, str], shots: Path
) -> None:
    app, origin = mock
    base = origin + app.provider.spec.base_path
    with httpx.Client(base_url=base, headers={"Authorization": f"Token {DEFAULT_TOKEN}"}) as api:
        contact = api.post("/klantcontacten", json=KLANTCONTACT).json()["uuid"]
        betrokkene = {"hadKlantcontact": {"uuid": contact}, "rol": "klant", "initiator": True}
        person = api.post("/betrokkenen", json=betrokkene).json()["uuid"]
    page.goto(origin + "/_mock/ui/#store")
    page.get_by_role("link", name="klantcontacten (1)").click()
    page.get_by_role("link", name=f"klantcontacten/{contact}").click()
    expect(page.get_by_role("heading", name=f"klantcontacten/{contact}")).to_be_visible()
    page.get_by_role("link", name=f"betrokkenen/{person}").click()
    expect(page.get_by_role("heading", name=f"betrokkenen/{person}")).to_be_visible()
    expect(page.locator(".links").first).to_contain_text(f"hadKlantcontact → klantcontacten/{contact}")
    page.screenshot(path=shots / "ui-store.png", full_page=True)
    page.get_by_role("link", name=f"klantcontacten/{contact}").click()
    expect(page.get_by_role("heading", name=f"klantcontacten/{contact}")).to_be_visible()
    assert page.url.endswith(f"#store/klantcontacten/{contact}")


def test_a_mark_shows_what_a_run_left_and_findings_link_to_the_objects(
    page: Page, mock: tuple[MockApp, str], shots: Path
) -> None:
    app, origin = mock
    environment = prepare(app, origin)
    page.goto(origin + "/_mock/ui/#consistency")
    expect(page.get_by_text("Consistent: no findings.")).to_be_visible()
    page.get_by_role("button", name="Set a mark").click()
    expect(page.get_by_text(re.compile(r"^mark-1, set at"))).to_be_visible()
    assert load("never_rolls_back")(environment) == 1
    findings = page.get_by_role("list", name="Findings").get_by_role("listitem")
    expect(findings).to_have_count(3)  # the klantcontact left behind: an orphan twice over, and a leftover
    rules = [text.split(" ")[0] for text in findings.all_inner_texts()]
    assert rules == ["klantcontact-without-actor", "klantcontact-without-betrokkene", "leftover"]
    assert len({text.split(" ")[1].split(":")[0] for text in findings.all_inner_texts()}) == 1  # one object
    page.screenshot(path=shots / "ui-consistency.png", full_page=True)
    findings.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile(r"^klantcontacten."))).to_be_visible()


def test_verify_consumers_html_report_shows_the_failed_scenarios_diagram(
    browser: Any, tmp_path: Path, shots: Path
) -> None:
    report = tmp_path / "report.html"
    command = [sys.executable, "-m", "kcc_mock", "verify-consumer", "--scenario", "happy-path", "--scenario", SCENARIO]
    command += ["--html", str(report), "--", sys.executable, str(CONSUMERS / "never_rolls_back.py")]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 1, finished.stderr
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(report.as_uri())
    tab.get_by_role("link", name=SCENARIO, exact=True).click()
    failed = tab.get_by_role("region", name=f"{SCENARIO}: FAIL")
    diagram = failed.locator("svg")
    expect(diagram).to_be_visible()
    expect(diagram.locator(".fault-marker")).to_contain_text("fault 503")
    assert diagram.locator("a.cited").count() == 2  # the calls the failed outcome check cites
    diagram.get_by_role("link", name=re.compile(r"^#2 POST .actorklantcontacten")).click()
    details = tab.locator(f"details#scenario-{SCENARIO}-call-2")
    details.locator("summary").click()
    expect(details).to_contain_text("HTTP 503")
    failed.screenshot(path=shots / "verify-report.png")
    assert tab.get_by_role("region", name="happy-path: PASS").locator(".fault-marker").count() == 0
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_every_section_is_readable_without_sideways_scrolling_and_every_control_is_named(
    browser: Any, mock: tuple[MockApp, str], width: int
) -> None:
    app, origin = mock
    assert run_planted_consumer(app, origin) == 1
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    for section in ("runs", "faults", "consistency", "store/klantcontacten"):
        tab.goto(f"{origin}/_mock/ui/#{section}")
        expect(tab.locator("#live")).to_contain_text("live · updated")
        assert (section, tab.evaluate(OVERFLOW)) == (section, 0)
        assert (section, tab.evaluate(UNNAMED)) == (section, [])
    context.close()


def test_the_checks_see_an_unnamed_control_a_too_wide_page_and_a_request_elsewhere(browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.route("http://elsewhere.invalid/**", lambda route: route.abort())
    tab.set_content(
        '<label>Named <input id="a"></label><input id="b"><button aria-label="Go"></button><button></button>'
        '<div style="width: 2000px">wide</div><img src="http://elsewhere.invalid/logo.png" alt="">'
    )
    assert tab.evaluate(UNNAMED) == ['<input id="b">', "<button></button>"]
    assert tab.evaluate(OVERFLOW) > 1500
    assert requested == ["http://elsewhere.invalid/logo.png"]
    context.close()


def test_a_page_that_does_not_poll_is_caught(browser: Any, served: tuple[MockApp, str], tmp_path: Path) -> None:
    """Planted: the page without its polling loop. The live check must see the run never appear."""
    app, _ = served
    app.reset()
    for path in page_files.STATIC.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    script = tmp_path / "page.js"
    script.write_text(script.read_text().replace("timer = setTimeout(refresh, POLL_MS);", ""), encoding="utf-8")
    with ThreadedServer(page_files.Page(app, app, static=tmp_path)) as planted:
        origin = f"http://127.0.0.1:{planted.port}"
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(origin + "/_mock/ui/")
        expect(tab.get_by_text("No calls yet")).to_be_visible()
        assert run_planted_consumer(app, origin) == 1
        with pytest.raises(AssertionError, match="Locator expected to contain text"):
            expect(tab.get_by_role("link", name=re.compile("calls without"))).to_contain_text("2 calls", timeout=3000)
        context.close()
