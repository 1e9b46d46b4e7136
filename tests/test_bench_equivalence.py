"""The structures added for speed (`make bench`) answer exactly what a full scan or sort would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kcc_mock.provider.ordering import sort_key
from kcc_mock.provider.store import Record, Store

MOMENTS = st.sampled_from(["2024-01-01T10:00:00Z", "2024-01-01T10:00:00.5Z", "2024-01-01T10:00:00.25Z", None])
STEPS = st.lists(st.tuples(st.sampled_from(["add", "move", "delete"]), st.integers(0, 30), MOMENTS), max_size=60)


def sorted_in_full(store: Store) -> list[str]:
    """Open Klant's klantcontacten order by sorting everything: -plaatsgevondenOp, then -pk."""
    records = store.records("klantcontacten")[::-1]
    records.sort(key=lambda record: sort_key(record.get("plaatsgevondenOp")), reverse=True)
    return [record["uuid"] for record in records]


def apply(store: Store, steps: list[tuple[str, int, str | None]]) -> None:
    """Add, update (moving in the order) and delete klantcontacten as the steps say."""
    for number, (action, pick, moment) in enumerate(steps):
        uuids = list(store.tables["klantcontacten"])
        if action == "add" or not uuids:
            store.save("klantcontacten", {"uuid": f"kc-{number}", "plaatsgevondenOp": moment})
        elif action == "move":
            record: Record = store.tables["klantcontacten"][uuids[pick % len(uuids)]]
            store.save("klantcontacten", {**record, "plaatsgevondenOp": moment})
        else:
            store.delete("klantcontacten", uuids[pick % len(uuids)])


@settings(max_examples=60, deadline=None)
@given(STEPS, st.integers(0, 5), st.integers(1, 4))
def test_the_kept_list_order_equals_a_full_sort(
    steps: list[tuple[str, int, str | None]], start: int, size: int
) -> None:
    store = Store()
    apply(store, steps)
    expected = sorted_in_full(store)
    view = store.in_order("klantcontacten")
    assert [record["uuid"] for record in view] == expected
    assert [record["uuid"] for record in view[start : start + size]] == expected[start : start + size]
    assert len(view) == len(expected)
    subset = store.records("klantcontacten")[::2]
    chosen = {record["uuid"] for record in subset}
    assert [record["uuid"] for record in store.order("klantcontacten", subset)] == [u for u in expected if u in chosen]


def test_a_reload_keeps_the_list_order() -> None:
    store = Store()
    apply(store, [("add", 0, "2024-01-01T10:00:00Z"), ("add", 0, None), ("add", 0, "2024-01-01T10:00:00Z")])
    expected = sorted_in_full(store)
    store.load(store.export())
    assert [record["uuid"] for record in store.in_order("klantcontacten")] == expected


def test_collections_without_an_ordering_field_list_newest_first() -> None:
    store = Store()
    for number in range(3):
        store.save("actoren", {"uuid": f"a-{number}"})
    assert [record["uuid"] for record in store.in_order("actoren")] == ["a-2", "a-1", "a-0"]


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=20), st.integers(0, 3), st.integers(0, 3))
def test_the_actor_pair_check_equals_a_scan(links: list[tuple[int, int]], actor: int, contact: int) -> None:
    store = Store()
    for number, (a, k) in enumerate(links):
        store.save("actorklantcontacten", {"uuid": f"l-{number}", "actor": f"a-{a}", "klantcontact": f"k-{k}"})
    record = {"uuid": "new", "actor": f"a-{actor}", "klantcontact": f"k-{contact}"}
    scanned = any(
        r["actor"] == record["actor"] and r["klantcontact"] == record["klantcontact"]
        for r in store.records("actorklantcontacten")
    )
    assert store.pair_taken("actorklantcontacten", ("actor", "klantcontact"), record) is scanned
