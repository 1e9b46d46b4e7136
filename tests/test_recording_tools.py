"""The recorder's own rules: a date of today is normalised, and on a shared server a case may list only
collections that are empty."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.recording.cases import CASES
from tests.recording.cases.steps import get, post
from tests.recording.exchanges import Case, Normaliser
from tests.recording.record import listed_collections

NOW = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def test_a_date_within_a_day_of_the_run_is_today_and_others_stay() -> None:
    normaliser = Normaliser("http://server", now=NOW)
    dates = ["2026-02-28", "2026-03-01", "2026-03-02", "2026-02-27", "2026-03-03", "2024-01-01", "2026-02-30"]
    assert [normaliser.text(date) for date in dates] == [
        "{today}",
        "{today}",
        "{today}",
        "2026-02-27",
        "2026-03-03",
        "2024-01-01",
        "2026-02-30",  # no date at all: kept as sent
    ]


def test_a_shared_server_must_hold_nothing_of_what_a_case_lists_unfiltered() -> None:
    case = Case(
        "x",
        "x",
        (
            post("/partijen", {}),
            get("/categorieen"),
            get("/partijen", ("nummer", "1")),
            get("/partijen/{p}"),
            get("~/admin"),
        ),
    )
    assert listed_collections(case) == {"categorieen"}


def test_the_cases_of_the_four_collections_list_only_their_own_collections_unfiltered() -> None:
    """What made them recordable from the shared 2.17.1 server: every other collection is listed filtered."""
    new = {"categorieen", "categorie-relaties", "rekeningnummers", "vertegenwoordigingen"}
    cases = [case for case in CASES if {step.path.strip("/").split("/")[0] for step in case.steps} & new]
    assert len(cases) == 13  # the twelve cases of the four collections, and empty-bodies
    assert all(listed_collections(case) <= new for case in cases if case.slug != "empty-bodies")
