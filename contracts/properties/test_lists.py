"""Generated lists: pages visit every object exactly once and agree with single reads; filters
return exactly the objects that match. Each example finds its own objects by a marker word, so
the properties hold on a provider that stores other data too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from contracts.properties.subject import UNIQUE, Body, Subject

KANALEN = ("telefoon", "email", "balie")
WORDS = ("afval", "parkeren", "paspoort")
Predicate = Callable[[Body], bool]


def walk(subject: Subject, collection: str, params: dict[str, str]) -> list[Body]:
    """Every item of a list, page by page along its `next` links; checks each page's count."""
    items: list[Body] = []
    page = subject.get(f"/{collection}", params)
    total = page.json()["count"] if page.status == 200 else None
    while True:
        assert page.status == 200, page.as_text()
        body = page.json()
        assert body["count"] == total, f"count changed between pages: {total} then {body['count']}"
        items += body["results"]
        if not body["next"]:
            return items
        path = subject.target.relative(body["next"])
        assert path is not None, f"next link {body['next']} is outside the API"
        page = subject.get(path)


def check_pages_visit_every_object_once(subject: Subject) -> None:
    """Property: whatever the page size, the pages hold every matching object exactly once, each
    as a single read shows it, and every page reports the same count."""

    @given(total=st.integers(min_value=0, max_value=12), size=st.integers(min_value=1, max_value=5))
    def run(total: int, size: int) -> None:
        with subject.example():
            marker = UNIQUE.marker()
            made = [
                subject.create("klantcontacten", UNIQUE.klantcontact(onderwerp=marker))["uuid"] for _ in range(total)
            ]
            items = walk(subject, "klantcontacten", {"onderwerp": marker, "pageSize": str(size)})
            seen = [item["uuid"] for item in items]
            assert sorted(seen) == sorted(made), f"pages of {size} held {seen}, made {made}"
            for item in items:
                listed = {key: value for key, value in item.items() if key != "_expand"}
                assert subject.read("klantcontacten", item["uuid"]) == listed, "a list item differs from its read"

    run()


# The klantcontact filters exercised, each as (query value, predicate over what was sent).
def _exact(field: str, value: Any) -> tuple[str, Predicate]:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return text, lambda sent: sent.get(field) == value


def _icontains(field: str, word: str) -> tuple[str, Predicate]:
    return word, lambda sent: word.lower() in str(sent.get(field, "")).lower()


FILTERS: dict[str, st.SearchStrategy[tuple[str, Predicate]]] = {
    "kanaal": st.sampled_from(KANALEN).map(lambda v: _exact("kanaal", v)),
    "vertrouwelijk": st.booleans().map(lambda v: _exact("vertrouwelijk", v)),
    "indicatieContactGelukt": st.booleans().map(lambda v: _exact("indicatieContactGelukt", v)),
    "inhoud": st.sampled_from(WORDS)
    .flatmap(lambda w: st.sampled_from([w, w.upper(), w.title()]))
    .map(lambda w: _icontains("inhoud", w)),
}
contacts = st.lists(
    st.fixed_dictionaries(
        {
            "kanaal": st.sampled_from(KANALEN),
            "vertrouwelijk": st.booleans(),
            "indicatieContactGelukt": st.sampled_from([True, False, None]),
            "inhoud": st.sampled_from(WORDS).map(lambda w: f"Vraag over {w}."),
        }
    ),
    max_size=6,
)


def check_filters_return_exactly_the_matching_objects(subject: Subject) -> None:
    """Property: a combination of filters returns exactly the objects every one of them matches."""

    @given(
        sent=contacts,
        chosen=st.dictionaries(st.sampled_from(sorted(FILTERS)), st.just(None), max_size=3),
        data=st.data(),
    )
    def run(sent: list[Body], chosen: dict[str, None], data: st.DataObject) -> None:
        filters = {name: data.draw(FILTERS[name], label=name) for name in sorted(chosen)}
        with subject.example():
            marker = UNIQUE.marker()
            made = {
                subject.create("klantcontacten", UNIQUE.klantcontact(onderwerp=marker, **fields))["uuid"]: fields
                for fields in sent
            }
            query = {"onderwerp": marker, "pageSize": "100", **{name: value for name, (value, _) in filters.items()}}
            found = {item["uuid"] for item in walk(subject, "klantcontacten", query)}
            expected = {uuid for uuid, fields in made.items() if all(match(fields) for _, match in filters.values())}
            assert found == expected, f"{query} found {len(found)} of {len(made)}, expected {len(expected)}"

    run()


def test_pagination_visits_every_object_exactly_once_and_agrees_with_reads(subject: Subject) -> None:
    check_pages_visit_every_object_once(subject)


def test_filters_return_exactly_the_matching_objects(subject: Subject) -> None:
    check_filters_return_exactly_the_matching_objects(subject)
