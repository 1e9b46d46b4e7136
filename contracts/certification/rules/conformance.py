"""Every response of the run, checked against `specs/klantinteracties.yaml` with openapi-core."""

from __future__ import annotations

from contracts.certification.context import Context
from contracts.certification.rules.book import BOOK

_SHOWN = 10


@BOOK.rule(
    "SPEC-01",
    "Every response received during the run (status, headers, body) conforms to specs/klantinteracties.yaml",
    source="issue #4; DESIGN.md (spec-driven toolkit); openapi-core",
)
def responses_conform(ctx: Context) -> None:
    """SPEC-01: runs last, so it sees the exchanges of every rule before it (and checks one of its own)."""
    own = ctx.get("/klantcontacten", {"pageSize": "1"})
    exchanges = ctx.run_exchanges
    judged = [e for e in exchanges if e.status is not None and not e.provoked]
    # A conformance rule that saw no response has not passed: its own read, at least, must be answered.
    ctx.expect(own.status is not None, f"the provider did not answer SPEC-01's own read ({own.error})", own)
    broken = ctx.conformance.check_all(exchanges, ctx.target.base_url)
    if broken:
        first = broken[0]
        ctx.fail(
            f"{len(broken)} of {len(judged)} responses break the spec; the first: {first.summary}: "
            f"{first.spec_problem}",
            *broken[:_SHOWN],
        )
