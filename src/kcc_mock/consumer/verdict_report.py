"""Verdicts written out: a terminal table, JUnit XML for CI, and a Markdown report with evidence."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

import yaml

from kcc_mock.consumer.verdicts import Verdict, summarize

_EVIDENCE_LINES = 30  # per check in the Markdown report; the journal has the rest


def table(verdicts: Sequence[Verdict]) -> str:
    """One line per scenario: verdict, outcome, calls, exit status and the failed checks."""
    header = ("scenario", "verdict", "outcome", "calls", "exit", "failed checks")
    rows = [header] + [
        (
            v.scenario.name,
            v.state,
            v.outcome,
            str(v.calls),
            exit_label(v),
            ", ".join(c.name for c in v.failed),
        )
        for v in verdicts
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1] for row in rows
    ]
    lines.append(result_line(verdicts))
    lines += [f"{v.scenario.name}: not exercised: {v.not_exercised}" for v in verdicts if v.not_exercised]
    return "\n".join(line.rstrip() for line in lines)


def result_line(verdicts: Sequence[Verdict]) -> str:
    """`23 of 25 scenarios passed, 2 not exercised`."""
    counts = summarize(verdicts)
    said = f"{counts['passed']} of {counts['scenarios']} scenarios passed"
    return said + (f", {counts['not_exercised']} not exercised" if counts["not_exercised"] else "")


def failures(verdicts: Sequence[Verdict]) -> str:
    """For the terminal: each failed check's summary and first evidence lines."""
    lines = []
    for verdict in verdicts:
        for failed in verdict.failed:
            lines.append(f"{verdict.scenario.name}: {failed.name}: {failed.summary}")
            lines += [f"    {line}" for line in failed.evidence[:6]]
    return "\n".join(lines)


def junit(verdicts: Sequence[Verdict], suite: str = "kcc-mock verify-consumer") -> str:
    """JUnit XML: a testcase per scenario, a failure element listing the failed checks and evidence."""
    counts = summarize(verdicts)
    root = ET.Element(
        "testsuite",
        name=suite,
        tests=str(counts["scenarios"]),
        failures=str(counts["failed"]),
        errors="0",
        skipped=str(counts["not_exercised"]),
        time=f"{sum(v.duration for v in verdicts):.3f}",
    )
    for verdict in verdicts:
        case = ET.SubElement(
            root,
            "testcase",
            classname=f"consumer.{_flow_label(verdict)}",
            name=verdict.scenario.name,
            time=f"{verdict.duration:.3f}",
        )
        if verdict.not_exercised is not None:
            ET.SubElement(case, "skipped", message=f"not exercised: {verdict.not_exercised}")
        elif not verdict.passed:
            message = "; ".join(f"{c.name}: {c.summary}" for c in verdict.failed)
            failure = ET.SubElement(case, "failure", message=message, type="ConsumerVerdict")
            failure.text = "\n".join(
                f"{c.name}: {c.summary}\n" + "\n".join(f"  {e}" for e in c.evidence) for c in verdict.failed
            )
        out = ET.SubElement(case, "system-out")
        out.text = f"outcome: {verdict.outcome}; calls: {verdict.calls}; exit: {exit_label(verdict)}\n{verdict.output}"
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def markdown(verdicts: Sequence[Verdict], command: str, title: str = "Consumer verification: F2173") -> str:
    """A readable report: the summary table, then per scenario its plan, checks and evidence."""
    lines = [
        f"# {title}",
        "",
        f"Consumer: `{command}`  ",
        f"Result: **{result_line(verdicts)}**. "
        "The consumer's exit status is reported, not trusted: verdicts come from the journal and the store.",
        "",
        "| scenario | verdict | outcome | calls | exit | failed checks |",
        "|---|---|---|---|---|---|",
    ]
    for v in verdicts:
        failed = ", ".join(c.name for c in v.failed)
        verdict = {"PASS": "PASS", "FAIL": "**FAIL**"}.get(v.state, v.state)
        lines.append(f"| {v.scenario.name} | {verdict} | {v.outcome} | {v.calls} | {exit_label(v)} | {failed} |")
    for v in verdicts:
        lines += ["", f"## {v.scenario.name}: {v.state}", "", v.scenario.description, ""]
        lines += [f"> not exercised: {v.not_exercised}", ""] if v.not_exercised else []
        variant = "partij" if v.scenario.flow.name == "f2173" else "variant"  # F2173 names its variants so
        lines += [f"Expected: {v.scenario.expect}; {variant}: {v.scenario.inputs}; exit status {exit_label(v)}", ""]
        lines += [f"> {note}" for note in v.notes]
        if v.scenario.plan.get("faults"):
            lines += ["```yaml", yaml.safe_dump(dict(v.scenario.plan), sort_keys=False).rstrip(), "```", ""]
        for c in v.checks:
            lines.append(f"- {'✔' if c.passed else '✘'} **{c.name}**: {c.summary}")
            shown = c.evidence if not c.passed else c.evidence[:_EVIDENCE_LINES]
            lines += [f"  - `{line}`" for line in shown[:_EVIDENCE_LINES]]
        if v.output.strip():
            lines += [
                "",
                "<details><summary>consumer output</summary>",
                "",
                "```",
                v.output.rstrip(),
                "```",
                "</details>",
            ]
    return "\n".join(lines) + "\n"


def _flow_label(verdict: Verdict) -> str:
    """`F2173`, or the name of any other flow."""
    name = verdict.scenario.flow.name
    return "F2173" if name == "f2173" else name


def exit_label(verdict: Verdict) -> str:
    """The consumer's exit status, or `stopped`."""
    return "stopped" if verdict.exit_status is None else str(verdict.exit_status)
