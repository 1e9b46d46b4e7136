"""The schemathesis checks' memory of references follows the reverse lists a response shows, and the
stateful data gives a vertegenwoordiging two partijen that are not linked yet."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from contracts.schemathesis.references import unlink
from contracts.schemathesis.stateful import NOBODY, two_partijen_not_linked_yet
from contracts.schemathesis.tracker import Known

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase

P, Q = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
R1, R2 = "00000000-0000-4000-8000-000000000011", "00000000-0000-4000-8000-000000000012"


def remembered() -> dict[tuple[str, str], dict[str, list[str]]]:
    """Two rekeningnummers of partij P and a vertegenwoordiging of Q by P, as a run saw them."""
    return {
        ("rekeningnummers", R1): {"partij": [P]},
        ("rekeningnummers", R2): {"partij": [P]},
        ("vertegenwoordigingen", "v"): {"vertegenwoordigendePartij": [P], "vertegenwoordigdePartij": [Q]},
    }


def test_a_link_the_reverse_list_no_longer_shows_is_dropped() -> None:
    references = remembered()
    dropped = unlink(references, "partijen", {"uuid": P, "rekeningnummers": [{"uuid": R2}], "vertegenwoordigden": []})
    assert dropped == [("rekeningnummers", R1)]
    assert references[("rekeningnummers", R1)] == {"partij": []}
    assert references[("rekeningnummers", R2)] == {"partij": [P]}
    # vertegenwoordigden lists the represented partijen (through), not the vertegenwoordigingen: left alone
    assert references[("vertegenwoordigingen", "v")]["vertegenwoordigendePartij"] == [P]


def test_a_response_without_the_reverse_list_changes_nothing() -> None:
    references = remembered()
    assert unlink(references, "partijen", {"uuid": P}) == []
    assert unlink(references, "partijen", {"uuid": Q, "rekeningnummers": []}) == []
    assert references == remembered()


def known_partijen(*uuids: str) -> Known:
    """A tracker that has seen these partijen, the last one newest."""
    known = Known()
    for uuid in uuids:
        known.remember("partijen", {"uuid": uuid})
    return known


def completed(body: dict[str, Any], known: Known, own: str | None = None) -> dict[str, Any]:
    """A vertegenwoordiging body after the stateful data's completion (no stateful data: no partij created)."""
    case = cast("OpenApiCase", SimpleNamespace(path_parameters={"uuid": own} if own else {}))
    two_partijen_not_linked_yet(case, body, known, None)
    return body


def by(first: str, second: str) -> dict[str, Any]:
    """`first` represents `second`."""
    return {"vertegenwoordigendePartij": {"uuid": first}, "vertegenwoordigdePartij": {"uuid": second}}


def test_a_partij_is_not_asked_to_represent_itself_nor_a_pair_twice() -> None:
    known = known_partijen(P, Q)
    assert completed(by(P, Q), known) == by(P, Q)  # differs and is free: kept
    assert completed(by(Q, Q), known) == by(Q, P)  # the represented one moves to a free partij
    known.remember("vertegenwoordigingen", {"uuid": R1, **by(Q, P)})
    assert completed(by(Q, P), known) == by(Q, NOBODY)  # taken, and no other partij free: one nobody holds
    assert completed(by(Q, P), known, own=R1) == by(Q, P)  # the vertegenwoordiging itself may keep its pair
    # A PATCH naming one partij: the other is the stored one (Q represents P), so P would represent itself.
    assert completed({"vertegenwoordigendePartij": {"uuid": P}}, known, own=R1) == {
        "vertegenwoordigendePartij": {"uuid": Q}
    }
