"""Each domain check, and stateful testing, finds the bug planted in a variant of the mock.

A run is restricted to the operations and phase that reach the bug, with a fixed seed, and must
report the check's failure; `test_schemathesis.py` shows the same run finds nothing in the mock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis_variants as variants
from schemathesis_support import BASE_PATH, Outcome, run_schemathesis
from starlette.types import ASGIApp

from kcc_mock.http.server import ThreadedServer

SEED = "2173"


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """A variant on a free 127.0.0.1 port; yields the API's base URL."""
    with ThreadedServer(app) as server:
        yield f"http://{server.host}:{server.port}{BASE_PATH}"


def fuzz(variant: Callable[[], ASGIApp], tmp_path: Path, phase: str, *operations: str, examples: int = 5) -> Outcome:
    """Run one phase of schemathesis on the given operations of a variant."""
    selection = [option for operation in operations for option in ("--include-operation-id", operation)]
    options = ["--phases", phase, "--max-examples", str(examples), "--seed", SEED, "--continue-on-failure", *selection]
    with serving(variant()) as url:
        return run_schemathesis(url, tmp_path, *options)


def custom(name: str) -> str:
    """The failure title schemathesis gives a custom check."""
    return f"Custom check failed: `{name}`"


STATEFUL_FLOW = ("klantcontactenCreate", "betrokkenenCreate", "klantcontactenDestroy", "klantcontactenRetrieve")


@pytest.mark.parametrize(
    ("variant", "phase", "operations", "failure"),
    [
        pytest.param(
            variants.url_with_trailing_slash,
            "fuzzing",
            ("klantcontactenCreate",),
            custom("created_object_is_readable_at_its_url"),
            id="created-url",
        ),
        pytest.param(
            variants.stale_reverse_relation,
            "stateful",
            STATEFUL_FLOW,
            custom("references_and_reverse_relations_agree"),
            id="reverse-relation",
        ),
        pytest.param(
            variants.delete_without_cascade,
            "stateful",
            STATEFUL_FLOW,
            custom("DeleteCascades"),
            id="cascade",
        ),
        pytest.param(
            variants.error_instance_not_an_urn,
            "fuzzing",
            ("klantcontactenCreate",),
            custom("errors_use_the_api_error_shape"),
            id="error-shape",
        ),
        pytest.param(
            variants.store_then_reject,
            "fuzzing",
            ("klantcontactenCreate",),
            custom("RejectedRequestStoresNothing"),
            id="store-then-reject",
        ),
        pytest.param(
            variants.maak_klantcontact_not_atomic,
            "fuzzing",
            ("maakKlantcontactCreate",),
            custom("RejectedRequestStoresNothing"),
            id="maak-not-atomic",
        ),
        pytest.param(
            variants.rejects_an_existing_reference,
            "stateful",
            STATEFUL_FLOW,
            "Schema-valid request rejected",
            id="kept-rejection-of-an-existing-reference",
        ),
        pytest.param(
            variants.delete_that_keeps,
            "stateful",
            STATEFUL_FLOW,
            "Deleted resource still available",
            id="stateful-use-after-free",
        ),
    ],
)
def test_planted_bug_is_found(
    variant: Callable[[], ASGIApp], phase: str, operations: tuple[str, ...], failure: str, tmp_path: Path
) -> None:
    outcome = fuzz(variant, tmp_path, phase, *operations)
    assert outcome.errors == [], outcome.output[-4000:]
    assert failure in outcome.failures, f"{failure} not in {sorted(outcome.failures)}\n{outcome.output[-4000:]}"
    assert outcome.exit_code == 1
