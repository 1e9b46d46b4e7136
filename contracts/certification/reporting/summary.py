"""What every form of the report says the same way: the verdict and the run's identity."""

from __future__ import annotations

from contracts.certification.results import Outcome, RuleResult, RunReport
from contracts.certification.rulebook import Level

FAULT_LAYER_NOTE = (
    "The FAULT rules provoke failures with kcc-mock's own fault injection (the in-process mock, or a served one "
    "with --mock-admin): they test the mock's fault layer, not the provider, and never count toward a certification."
)


def verdict(report: RunReport) -> str:
    """One line: certified or not, and why not."""
    required = report.failed(Level.REQUIRED)
    if required:
        return f"NOT CERTIFIED: {len(required)} required rule(s) failed ({', '.join(r.rule.id for r in required)})"
    if report.leftovers:
        return f"NOT CERTIFIED: the suite could not delete {len(report.leftovers)} object(s) it created"
    recommended = report.failed(Level.RECOMMENDED)
    note = f"; {len(recommended)} recommended rule(s) failed" if recommended else ""
    known = [r.rule.id for r in report.provider_results if r.outcome is Outcome.KNOWN_DEVIATION]
    note += f"; known deviation(s) of the reference: {', '.join(known)}" if known else ""
    later = report.info.later_version
    note += f"; not part of API {report.info.api_version}: {', '.join(later)}" if later else ""
    unjudged = report.unjudged
    if unjudged:
        return (
            f"NOT CERTIFIED (incomplete): {len(unjudged)} required rule(s) did not run ({', '.join(unjudged)}); "
            f"name them with --waive to accept that{note}"
        )
    waived = [rule_id for rule_id in report.info.waived if rule_id not in _passed(report)]
    if waived:
        return f"CERTIFIED: every required rule passed, but {', '.join(waived)} did not run (waived){note}"
    return f"CERTIFIED: every required rule passed{note}"


def _passed(report: RunReport) -> set[str]:
    return {r.rule.id for r in report.results if r.outcome is Outcome.PASSED}


def fault_layer(report: RunReport) -> str:
    """One line on the FAULT rules: what they test, and that they are not part of the verdict."""
    results = report.fault_layer_results
    if not results:
        return "not run"
    counts = report.counts(results)
    return (
        f"{counts[Outcome.PASSED]} passed, {counts[Outcome.FAILED]} failed, "
        f"{counts[Outcome.NOT_APPLICABLE]} not applicable: FAULT rules test kcc-mock's own fault injection, "
        "not the provider, and do not count toward the verdict"
    )


def identity(report: RunReport) -> list[tuple[str, str]]:
    """The facts that identify a run, as (label, value) pairs."""
    info = report.info
    counts = report.counts()
    return [
        ("Provider", info.provider),
        ("Spec", f"API {info.api_version}, SHA-256 {info.spec_sha256}"),
        ("Toolkit", f"kcc-mock {info.toolkit_version}"),
        ("Seed", f"{info.seed} (repeat the run's data with --seed {info.seed})"),
        ("Actor", info.actor),
        ("Started", f"{info.started} (took {info.seconds:.1f} s)"),
        (
            "Rules",
            f"{counts[Outcome.PASSED]} passed, {counts[Outcome.FAILED]} failed, "
            f"{counts[Outcome.NOT_APPLICABLE]} not applicable, "
            f"{counts[Outcome.KNOWN_DEVIATION]} known deviation(s) of the reference, "
            f"of {len(report.provider_results)} run "
            "(the mock's fault layer not counted)",
        ),
        ("Not run", ", ".join(info.not_run) or "none: every rule of the suite ran"),
        ("Waived", ", ".join(info.waived) or "none"),
        ("Mock fault layer", fault_layer(report)),
        ("Left behind", ", ".join(report.leftovers) or "nothing (everything the suite created was deleted)"),
    ]


def outcome_label(outcome: Outcome) -> str:
    """The word a report uses for an outcome."""
    return {
        Outcome.PASSED: "pass",
        Outcome.FAILED: "FAIL",
        Outcome.NOT_APPLICABLE: "not applicable",
        Outcome.KNOWN_DEVIATION: "known deviation",
    }[outcome]


def deviation_lines(result: RuleResult) -> list[str]:
    """What a report says about a rule that failed the way the reference is known to: one line per deviation."""
    return [
        f"{s.deviation.id}: {s.deviation.title}. Spec: {s.deviation.spec_says}. Server: {s.deviation.server_does}."
        for s in result.deviations
    ]
