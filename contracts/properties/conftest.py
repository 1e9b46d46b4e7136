"""Fixtures of the property suite: the provider the options name, wrapped as a `Subject`.

The options (`--provider-url`, `--token`, `--actor-uuid`, `--mock-admin`) are the certification
suite's, registered once in `contracts/conftest.py`; the hypothesis profile comes from
HYPOTHESIS_PROFILE (`dev` by default, `ci` for thorough runs).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kcc_mock import hypothesis_profiles

from ..payloads import Payloads
from ..plugin import target_from_options
from ..target import Target
from .subject import Subject

hypothesis_profiles.register()


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    """The provider under test: `--provider-url` with `--token`, or the in-process mock."""
    found = target_from_options(pytestconfig.option)
    yield found
    found.close()


@pytest.fixture(scope="session")
def actor(pytestconfig: pytest.Config, target: Target) -> Iterator[str]:
    """The medewerker every generated contact is registered by: `--actor-uuid`, or one made for the run."""
    if pytestconfig.option.actor_uuid:
        yield pytestconfig.option.actor_uuid
        return
    keeper = Subject(target)
    yield keeper.create("actoren", Payloads.medewerker())["uuid"]
    keeper.clean_up()


@pytest.fixture
def subject(target: Target) -> Iterator[Subject]:
    """One test's view of the provider; whatever it leaves is deleted afterwards."""
    test_subject = Subject(target)
    yield test_subject
    test_subject.clean_up()
