"""The property suite's body properties run as plain calls against one provider, each outcome collected.

`body_outcomes` names every property that did not pass, and how, so that a test can assert the
exact set a planted provider fails; `disagreements` sends every one-way break of one valid body and
names those on which the provider's answer is not the model's verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pytest
from hypothesis import Phase, settings

from contracts.client.target import Target
from contracts.properties import test_bodies
from contracts.properties.oracle import Oracle, World, disagreement
from contracts.properties.subject import Body, Subject

Check = Callable[[Subject, Oracle, str], None]
PER_COLLECTION: dict[str, Check] = {
    "valid": test_bodies.check_valid_bodies_are_accepted_and_read_back,
    "one-way invalid": test_bodies.check_one_way_invalid_bodies_are_refused_precisely,
    "patch and put": test_bodies.check_updates_are_read_back,
}
MAAK: dict[str, Callable[[Subject, Oracle], None]] = {
    "maak": test_bodies.check_maak_klantcontact_stores_every_part_as_sent,
    "maak refused": test_bodies.check_refused_maak_klantcontact_stores_nothing,
}


def _runs(collections: Iterable[str]) -> Iterator[tuple[str, Callable[[Subject, Oracle], None]]]:
    for collection in collections:
        for name, check in PER_COLLECTION.items():
            yield f"{name}[{collection}]", lambda subject, oracle, c=collection, k=check: k(subject, oracle, c)
        if collection in test_bodies.RULED:
            rules = test_bodies.check_rules_between_fields_are_kept
            yield f"rules[{collection}]", lambda subject, oracle, c=collection, k=rules: k(subject, oracle, c)
    yield from MAAK.items()


def body_outcomes(target: Target, oracle: Oracle, collections: Iterable[str]) -> dict[str, str]:
    """'property[collection]' -> 'not applicable: <reason>' or 'failed: <what>' for every body property
    (of the given collections, and maak-klantcontact's) that did not pass. A failing example is not
    shrunk: that it fails is the point."""
    outcomes: dict[str, str] = {}
    previous = settings.default
    settings.register_profile("outcomes", parent=previous, phases=[Phase.explicit, Phase.generate])
    settings.load_profile("outcomes")
    try:
        for name, run in _runs(collections):
            subject = Subject(target)
            try:
                run(subject, oracle)
            except pytest.skip.Exception as skipped:
                outcomes[name] = str(skipped.msg)
            except Exception as failure:  # an AssertionError, or whatever else a provider provokes
                outcomes[name] = f"failed: {str(failure).splitlines()[0] if str(failure) else type(failure).__name__}"
            finally:
                subject.ledger.cleanup(lambda collection, uuid: target.send("DELETE", f"/{collection}/{uuid}"))
    finally:
        settings.register_profile("restored", parent=previous)
        settings.load_profile("restored")
    return outcomes


def disagreements(subject: Subject, oracle: Oracle, collection: str, body: Body, world: World) -> dict[str, str]:
    """Each one-way break of a valid body whose answer is not the model's verdict, with how it differs."""
    found: dict[str, str] = {}
    for broken in oracle.breaks(collection, body):
        with subject.example():
            answer = subject.post(f"/{collection}", broken.body)
            expected = oracle.problems(collection, broken.body, world)
            wrong = disagreement(answer.status, answer.json(), expected, 201)
            if wrong is not None:
                found[broken.what] = wrong
    return found
