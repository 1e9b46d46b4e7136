"""Consumer-verification scenarios as data: a fault plan, a partij variant and the expected end.

Every scenario starts from the same pre-existing objects (`PRE_EXISTING`): the logged-in actor,
a known partij, and an earlier klantcontact of both, so that deleting the actor or the partij
shows up as damage to someone else's contact. The consumer gets `KCC_PARTIJ_BSN`: the known
partij's BSN, an unknown BSN (`new`: it registers the partij) or none (contactnaam only).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Expect = Literal["complete", "rollback", "either"]
Partij = Literal["none", "known", "new"]

ACTOR_UUID = "49b22823-2465-4b7e-9bae-cbc7cddcfda4"
KNOWN_PARTIJ_UUID = "e8203b1b-f9e1-4fa1-96ce-2bcf36e061c2"
KNOWN_BSN = "999990019"  # both pass the 11-test
NEW_BSN = "111222333"
MAX_CALLS = 40  # the reference needs at most ~12 per scenario; 40 leaves room for other retry policies

_CONTACTNAAM = {"voorletters": "J", "voornaam": "Jan", "voorvoegselAchternaam": "de", "achternaam": "Vries"}
PRE_EXISTING: Mapping[str, list[dict[str, Any]]] = {
    "actoren": [
        {
            "uuid": ACTOR_UUID,
            "naam": "Jan Medewerker",
            "soortActor": "medewerker",
            "indicatieActief": True,
            "actoridentificator": {
                "objectId": "jan123",
                "codeObjecttype": "mdw",
                "codeRegister": "obj",
                "codeSoortObjectId": "idf",
            },
            "actorIdentificatie": {"functie": "KCC-medewerker", "telefoonnummer": "0201234567"},
        }
    ],
    "partijen": [
        {
            "uuid": KNOWN_PARTIJ_UUID,
            "soortPartij": "persoon",
            "indicatieActief": True,
            "voorkeurstaal": "nld",
            "partijIdentificatie": {"contactnaam": _CONTACTNAAM},
            "partijIdentificatoren": [
                {
                    "partijIdentificator": {
                        "codeObjecttype": "natuurlijk_persoon",
                        "codeSoortObjectId": "bsn",
                        "objectId": KNOWN_BSN,
                        "codeRegister": "brp",
                    }
                }
            ],
        }
    ],
    "klantcontacten": [
        {
            "uuid": "0b6c6e39-2f4b-4b43-9d2e-5b3f0c1a2d01",
            "referentienummer": "1",
            "kanaal": "telefoon",
            "onderwerp": "Een eerder contact van dezelfde medewerker en klant",
            "taal": "nld",
            "vertrouwelijk": False,
        }
    ],
    "actorklantcontacten": [
        {
            "uuid": "0b6c6e39-2f4b-4b43-9d2e-5b3f0c1a2d02",
            "actor": {"uuid": ACTOR_UUID},
            "klantcontact": {"uuid": "0b6c6e39-2f4b-4b43-9d2e-5b3f0c1a2d01"},
        }
    ],
    "betrokkenen": [
        {
            "uuid": "0b6c6e39-2f4b-4b43-9d2e-5b3f0c1a2d03",
            "hadKlantcontact": {"uuid": "0b6c6e39-2f4b-4b43-9d2e-5b3f0c1a2d01"},
            "wasPartij": {"uuid": KNOWN_PARTIJ_UUID},
            "rol": "klant",
            "initiator": True,
        }
    ],
}


@dataclass(frozen=True)
class Scenario:
    """One run of a consumer: the faults, the partij variant, and what a correct consumer ends with."""

    name: str
    description: str
    plan: Mapping[str, Any]  # a fault plan in its file form: {seed, faults}
    expect: Expect
    partij: Partij = "known"
    max_calls: int = MAX_CALLS
    must_fire: bool = True  # every rule of the plan must fire, or the scenario tested nothing
    variant: str | None = None  # the optional step the faults break (see OPTIONAL_STEPS); None: every consumer's

    def environment(self, base_url: str, token: str) -> dict[str, str]:
        """The variables a consumer gets for this scenario."""
        env = {"KCC_BASE_URL": base_url, "KCC_TOKEN": token, "KCC_ACTOR_UUID": ACTOR_UUID}
        bsn = {"none": None, "known": KNOWN_BSN, "new": NEW_BSN}[self.partij]
        return env if bsn is None else {**env, "KCC_PARTIJ_BSN": bsn}


# The four creates of F2173, each with the partij variant that reaches it with something to lose.
STEPS: Mapping[str, tuple[str, Partij]] = {
    "klantcontact": ("klantcontactenCreate", "known"),
    "actorklantcontact": ("actorklantcontactenCreate", "known"),
    "partij": ("partijenCreate", "new"),
    "betrokkene": ("betrokkenenCreate", "known"),
}
# Steps a consumer may leave out of its flow variant, with the operation that shows it takes them. A consumer
# that never registers a partij (it links a contactnaam only) is not tested by the faults of that step.
OPTIONAL_STEPS: Mapping[str, str] = {"partij": "partijenCreate"}
# Failure kind -> (effect, fires on every call?, expected end, what the consumer sees)
FAILURES: Mapping[str, tuple[dict[str, Any], bool, Expect, str]] = {
    "400": ({"status": 400}, True, "rollback", "answers 400: refused, nothing stored"),
    "503": ({"status": 503}, True, "rollback", "answers 503 on every try: nothing stored"),
    "timeout": ({"hang": True}, True, "rollback", "answers nothing until the consumer times out, every try"),
    "reset": ({"reset": True}, True, "rollback", "resets the connection on every try: nothing stored"),
    "commit-then-fail": (
        {"commitThenFail": "hang"},
        False,
        "either",
        "stores the object, then answers nothing until the consumer times out (once)",
    ),
}


def _step_scenario(step: str, failure: str) -> Scenario:
    operation, partij = STEPS[step]
    effect, every_call, expect, seen = FAILURES[failure]
    rule: dict[str, Any] = {"id": f"{step}-{failure}", "match": {"operation": operation}, "effect": effect}
    if not every_call:
        rule["limit"] = 1
    ending = "roll back completely" if expect == "rollback" else "complete, or roll back completely"
    return Scenario(
        f"{step}-{failure}",
        f"POST {step} {seen}; the consumer must {ending}",
        {"seed": 0, "faults": [rule]},
        expect,
        partij,
        variant=step if step in OPTIONAL_STEPS else None,
    )


def _catalogue() -> tuple[Scenario, ...]:
    happy = (
        Scenario("happy-path", "no faults, known partij: the contact completes", {"seed": 0, "faults": []}, "complete"),
        Scenario(
            "happy-path-new-partij",
            "no faults, unknown BSN: the consumer registers the partij and completes",
            {"seed": 0, "faults": []},
            "complete",
            "new",
        ),
        Scenario(
            "happy-path-contactnaam-only",
            "no faults, no BSN: a betrokkene with a contactnaam only",
            {"seed": 0, "faults": []},
            "complete",
            "none",
        ),
    )
    failing = tuple(_step_scenario(step, failure) for step in STEPS for failure in FAILURES)
    compensation = {
        "seed": 0,
        "faults": [
            {"id": "betrokkene-400", "match": {"operation": "betrokkenenCreate"}, "effect": {"status": 400}},
            {
                "id": "delete-klantcontact-503-once",
                "match": {"method": "DELETE", "path": "/klantcontacten/*"},
                "effect": {"status": 503},
                "limit": 1,
            },
        ],
    }
    slow = {"seed": 1, "faults": [{"id": "slow", "effect": {"delay": [50, 200]}}]}
    return (
        *happy,
        *failing,
        Scenario(
            "compensating-delete-fails-once",
            "betrokkene refused; the first DELETE of the klantcontact answers 503: retry it",
            compensation,
            "rollback",
        ),
        Scenario("slow-provider", "every call answers 50-200 ms late: the contact completes", slow, "complete"),
    )


SCENARIOS: tuple[Scenario, ...] = _catalogue()


def select(patterns: Sequence[str] | None) -> list[Scenario]:
    """Scenarios whose name matches any of the glob patterns (all when none are given)."""
    if not patterns:
        return list(SCENARIOS)
    unknown = [p for p in patterns if not any(fnmatch.fnmatchcase(s.name, p) for s in SCENARIOS)]
    if unknown:
        raise KeyError(f"no scenario matches {', '.join(unknown)}; see --list")
    return [s for s in SCENARIOS if any(fnmatch.fnmatchcase(s.name, p) for p in patterns)]


def from_plan(name: str, plan: Mapping[str, Any], partij: Partij = "new") -> Scenario:
    """A scenario for any fault plan (a file, or one explored): complete, or roll back completely."""
    return Scenario(
        name, "a given fault plan: complete, or roll back completely", plan, "either", partij, must_fire=False
    )
