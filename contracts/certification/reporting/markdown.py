"""The report as Markdown: verdict, identity, one table row per rule, then the evidence of each failure."""

from __future__ import annotations

import re

from contracts.certification.reporting.summary import (
    FAULT_LAYER_NOTE,
    deviation_lines,
    identity,
    outcome_label,
    verdict,
)
from contracts.certification.results import Outcome, RuleResult, RunReport


def render_markdown(report: RunReport) -> str:
    """The whole report."""
    lines = ["# Certification report: Klantinteracties API, F2173 'Registreer klantcontact'", ""]
    lines += [f"**{verdict(report)}**", "", "| | |", "|---|---|"]
    lines += [f"| {label} | {_cell(value)} |" for label, value in identity(report)]
    lines += ["", "## Rules", "", "| Rule | Level | Result | What it checks |", "|---|---|---|---|"]
    for result in report.provider_results:
        rule = result.rule
        lines.append(f"| {rule.id} | {rule.level} | {outcome_label(result.outcome)} | {_cell(rule.title)} |")
    if report.fault_layer_results:
        lines += ["", "## Mock fault layer (not counted toward the verdict)", "", FAULT_LAYER_NOTE, ""]
        lines += ["| Rule | Result | What it checks |", "|---|---|---|"]
        for result in report.fault_layer_results:
            lines.append(f"| {result.rule.id} | {outcome_label(result.outcome)} | {_cell(result.rule.title)} |")
    failed = [r for r in report.results if r.outcome is Outcome.FAILED]
    if failed:
        lines += ["", "## Failures"]
        for result in failed:
            lines += _failure(result)
    known = [r for r in report.results if r.outcome is Outcome.KNOWN_DEVIATION]
    if known:
        lines += ["", "## Known deviations of the reference", ""]
        lines += [
            "These rules failed the way Open Klant itself deviates from its published spec; they do not fail the run."
        ]
        for result in known:
            lines += _deviation(result)
    skipped = [r for r in report.results if r.outcome is Outcome.NOT_APPLICABLE]
    if skipped:
        lines += ["", "## Not applicable", ""]
        lines += [f"- **{r.rule.id}**: {r.message}" for r in skipped]
    return "\n".join(lines) + "\n"


def _failure(result: RuleResult) -> list[str]:
    rule = result.rule
    lines = ["", f"### {rule.id} ({rule.level}): {rule.title}", "", f"Source: {rule.source}", ""]
    lines += [f"**Why it failed:** {result.message}", ""]
    shown = result.shown_evidence
    lines.append(f"Evidence ({len(shown)} exchange(s); the rule sent {len(result.exchanges)}):")
    for exchange in shown:
        lines += ["", _fenced(exchange.as_text())]
    if result.exchanges:
        lines += ["", "Every exchange of this rule:", ""]
        lines += [f"- {exchange.summary}" for exchange in result.exchanges]
    return lines


def _deviation(result: RuleResult) -> list[str]:
    lines = ["", f"### {result.rule.id} ({result.rule.level}): {result.rule.title}", ""]
    lines += [f"**What the rule saw:** {result.message}", ""]
    lines += [f"- **{line}**" for line in deviation_lines(result)]
    for sighting in result.deviations:
        lines += ["", f"Evidence of {sighting.deviation.id}:", "", _fenced(sighting.exchange.as_text())]
    return lines


def _fenced(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)  # a body containing ``` cannot close the block early
    return f"{fence}http\n{text}\n{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
