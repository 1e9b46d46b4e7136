"""The run-wide state of the hooks, in one object: the objects seen, the fresh values given out, the last snapshot.

schemathesis calls hooks as plain functions, so the hooks file creates one `Run` and its hooks
delegate to it; nothing else in the package keeps state between calls. The class-based checks
keep their own state, in the instances schemathesis makes of them for each run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from contracts.schemathesis.failures import keep_failure
from contracts.schemathesis.stateful import Fresh, complete_write
from contracts.schemathesis.stored import Snapshots
from contracts.schemathesis.tracker import Known

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.core.failures import Failure
    from schemathesis.specs.openapi.schemas import OpenApiCase


class Run:
    """What one schemathesis run has seen and handed out; the hooks' state."""

    def __init__(self) -> None:
        self.known = Known()
        self.fresh = Fresh()
        self.snapshots = Snapshots()

    def before_call(self, case: OpenApiCase, kwargs: dict[str, Any]) -> None:
        """Point a write's references at known objects, complete a stateful write, then read what it may change."""
        complete_write(case, kwargs, self.known, self.fresh)
        self.snapshots.before(case, kwargs)  # last: completing a write may create the objects it refers to

    def after_call(self, case: OpenApiCase, response: Response) -> None:
        """Remember what a 2xx body shows; forget what a delete or a 404 says is gone (not for snapshot reads)."""
        if self.snapshots.reading:
            return
        self.snapshots.accepted(response)
        self.known.observe(case, response)

    def filter_failure(self, failure: Failure, case: OpenApiCase, response: Response) -> bool:
        """Whether a failure stays one (`failures.keep_failure`)."""
        return keep_failure(failure, case, response, self.known)
