"""The property suite judges a provider by the API version it serves (or the one asked for): a 0.8.0
provider is not judged by what only 0.9.0 has, and still fails on breaking a rule of 0.8.0."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from planted_wire import RewriteResponses
from property_runs import body_outcomes, disagreements
from starlette.types import Scope

from contracts.client.target import Target
from contracts.properties import test_bodies
from contracts.properties.oracle import Oracle, World
from contracts.properties.subject import Subject, Unjudgeable, judged_by
from kcc_mock.config import Settings
from kcc_mock.http.app import create_app
from kcc_mock.provider.fields import ObjectField, StringField
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.releases import release

Headers = list[tuple[bytes, bytes]]
Serve = Callable[..., Target]
Rewritten = Callable[[str | None], Target]
KLANTCONTACT = {"kanaal": "telefoon", "onderwerp": "Afvalinzameling", "taal": "nld", "vertrouwelijk": False}
NOT_IN_0_8_0 = "not applicable to API 0.8.0: it has no klantcontacten verdereActieOndernomen (a later version adds it)"


@pytest.fixture
def opened() -> Iterator[list[Target]]:
    """The targets a test opens; closed when it ends."""
    targets: list[Target] = []
    yield targets
    for target in targets:
        target.close()


@pytest.fixture
def served(opened: list[Target]) -> Callable[..., Target]:
    """The in-process mock serving an API version (with a provider of its own, when given)."""

    def serve(version: str | None, provider: Provider | None = None) -> Target:
        opened.append(Target.in_process(create_app(Settings(api_version=version), provider)))
        return opened[-1]

    return serve


@pytest.fixture
def with_header(opened: list[Target]) -> Callable[[str | None], Target]:
    """The newest mock with its API-version header rewritten (None: left out)."""

    def serve(version: str | None) -> Target:
        def rewrite(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
            kept = [(key, value) for key, value in headers if key.lower() != b"api-version"]
            return status, kept + ([(b"api-version", version.encode())] if version else []), body

        app = create_app(Settings())
        app.asgi = RewriteResponses(app.asgi, rewrite)
        opened.append(Target.in_process(app))
        return opened[-1]

    return serve


def reactie_as_long_as_in_0_9_0() -> Provider:
    """A 0.8.0 provider whose compiled klantcontact form takes 0.9.0's reactie of 4000 characters."""
    provider = Provider(release=release("0.8.0"))
    form = provider.forms["klantcontacten"]
    assert isinstance(form, ObjectField) and isinstance(form.properties["reactie"], StringField)
    form.properties["reactie"].max_length = 4000
    return provider


@pytest.mark.parametrize(("version", "judged"), [("0.8.0", "0.8.0"), (None, "0.9.0")])
def test_the_version_judged_by_is_the_one_the_api_version_header_names(
    served: Serve, version: str | None, judged: str
) -> None:
    assert judged_by(served(version)) == judged


def test_a_version_asked_for_overrides_the_header(served: Serve, with_header: Rewritten) -> None:
    assert judged_by(served("0.8.0"), "0.9.0") == "0.9.0"
    assert judged_by(with_header(None), "0.8.0") == "0.8.0"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("0.7.0", "API version 0.7.0 has no spec in this suite (it judges 0.8.0, 0.9.0)"),
        (None, "sends no API-version header (#1 GET "),
    ],
)
def test_a_provider_without_a_version_to_judge_by_is_refused(
    with_header: Rewritten, header: str | None, message: str
) -> None:
    with pytest.raises(Unjudgeable) as refused:
        judged_by(with_header(header))
    assert message in str(refused.value)


def test_the_0_8_0_model_does_not_know_what_only_0_9_0_has() -> None:
    older, newer = Oracle.for_version("0.8.0"), Oracle.for_version("0.9.0")
    both = {**KLANTCONTACT, "indicatieContactGelukt": True, "verdereActieOndernomen": True}
    assert older.problems("klantcontacten", both, World()) == []
    assert newer.problems("klantcontacten", both, World()) == [
        ("nonFieldErrors", "no-further-action-when-contact-succesful")
    ]
    assert older.written("klantcontacten", both) == {**KLANTCONTACT, "indicatieContactGelukt": True}
    assert older.problems("klantcontacten", {**KLANTCONTACT, "reactie": "r" * 1001}, World()) == [
        ("reactie", "max_length")
    ]
    assert newer.problems("klantcontacten", {**KLANTCONTACT, "reactie": "r" * 1001}, World()) == []
    assert (older.book.release, newer.book.release) == ("2.17.1", "2.18.0")


def test_a_0_8_0_provider_passes_every_body_property_and_the_contact_rule_is_not_applicable(served: Serve) -> None:
    target = served("0.8.0")
    outcomes = body_outcomes(target, Oracle.for_version(judged_by(target)), test_bodies.COLLECTIONS)
    assert outcomes == {"rules[klantcontacten]": NOT_IN_0_8_0}


def test_a_0_8_0_provider_judged_as_0_9_0_fails_exactly_where_the_versions_differ(served: Serve) -> None:
    outcomes = body_outcomes(served("0.8.0"), Oracle.for_version("0.9.0"), test_bodies.COLLECTIONS)
    # It neither stores verdereActieOndernomen and hoofdOnderwerpType nor keeps the contact-succeeded rule.
    assert {name: outcome.split(":")[0] for name, outcome in outcomes.items()} == {
        "valid[klantcontacten]": "failed",
        "patch and put[klantcontacten]": "failed",
        "rules[klantcontacten]": "failed",
        "maak": "failed",
    }
    assert outcomes["rules[klantcontacten]"] == "failed: contact-succeeded"


def test_a_0_8_0_provider_that_breaks_a_rule_of_0_8_0_fails(served: Serve) -> None:
    target = served("0.8.0", reactie_as_long_as_in_0_9_0())
    oracle = Oracle.for_version(judged_by(target))
    outcomes = body_outcomes(target, oracle, ["klantcontacten"])
    assert {name: outcome.split(":")[0] for name, outcome in outcomes.items()} == {
        "one-way invalid[klantcontacten]": "failed",
        "rules[klantcontacten]": "not applicable to API 0.8.0",
    }
    found = disagreements(Subject(target), oracle, "klantcontacten", {**KLANTCONTACT, "reactie": "Goed"}, World())
    assert found == {
        "too long reactie": "the model refuses the body: 400 [('reactie', 'max_length')]; the provider answered 201 []"
    }


def test_the_same_provider_serving_0_9_0_passes_that_break(served: Serve) -> None:
    """The planted length is 0.9.0's own: what fails above is the version, not the break."""
    target = served(None)
    found = disagreements(
        Subject(target), Oracle.for_version(judged_by(target)), "klantcontacten", KLANTCONTACT, World()
    )
    assert found == {}
