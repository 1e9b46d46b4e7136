"""The schemathesis checks' memory of references follows the reverse lists a response shows."""

from __future__ import annotations

from contracts.schemathesis.references import unlink

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
