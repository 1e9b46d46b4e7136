"""The hooks file schemathesis 4 loads: the Klantinteracties checks and hooks, for any provider of the API.

Load with `SCHEMATHESIS_HOOKS=contracts/schemathesis_checks.py schemathesis run ...` from the
repository root (README, "Fuzzing with schemathesis"). This file only registers: the checks come
from `contracts/schemathesis/checks.py`, the failure filter from `failures.py`, the stateful data
and the object tracker from `stateful.py` and `tracker.py`, through one `Run`, the only state the
hooks keep (schemathesis calls hooks as plain functions, so this module holds it for the run).

Checks (the names schemathesis reports):

    created_object_is_readable_at_its_url    201: `url` is <collection URL>/<uuid>, `Location` says the same,
                                             and a GET there answers the same object
    references_and_reverse_relations_agree   a reference to X puts the object in X's reverse list, and
                                             every entry of a reverse list exists and refers back
    DeleteCascades                           after a DELETE, dependants are gone or unlinked as the
                                             standard says; actors and partijen outlive a klantcontact
    errors_use_the_api_error_shape           every 4xx/5xx is Open Klant's error body, application/json
    RejectedRequestStoresNothing             a rejected write changed nothing it can write (read before it is
                                             sent and after the answer)

Hooks: `before_call` points generated references at objects the run has seen, completes a
positive stateful write (`StatefulData`) and reads what the write may change (`stored.Snapshots`);
`after_call` remembers and forgets objects (`Known`); `filter_failure` drops a failure only for a
stated reason (`failures.keep_failure`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemathesis

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # schemathesis loads this file by path; its console script puts no checkout on the path
    sys.path.insert(0, str(ROOT))

from contracts.schemathesis import checks  # noqa: E402
from contracts.schemathesis.run import Run  # noqa: E402

if TYPE_CHECKING:
    from schemathesis import HookContext, Response
    from schemathesis.core.failures import Failure
    from schemathesis.specs.openapi.schemas import OpenApiCase

RUN = Run()


class RejectedRequestStoresNothing(checks.RejectedRequestStoresNothing):
    """The check over this run's snapshots (schemathesis makes a check class without arguments)."""

    def __init__(self) -> None:
        super().__init__(RUN.snapshots)


for check in (
    checks.created_object_is_readable_at_its_url,
    checks.references_and_reverse_relations_agree,
    checks.DeleteCascades,
    checks.errors_use_the_api_error_shape,
    RejectedRequestStoresNothing,
):
    schemathesis.check(check)


@schemathesis.hook
def before_call(context: HookContext, case: OpenApiCase, kwargs: dict[str, Any]) -> None:
    """Point a write's references at objects the run has seen; complete a positive stateful write."""
    RUN.before_call(case, kwargs)


@schemathesis.hook
def after_call(context: HookContext, case: OpenApiCase, response: Response) -> None:
    """Remember the objects of every 2xx body; forget an object deleted or answered 404, with its cascades."""
    RUN.after_call(case, response)


@schemathesis.hook
def filter_failure(context: HookContext, failure: Failure, case: OpenApiCase, response: Response) -> bool:
    """Keep a failure unless a stated reason makes the built-in check inapplicable."""
    return RUN.filter_failure(failure, case, response)
