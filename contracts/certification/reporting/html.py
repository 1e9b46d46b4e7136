"""The report as one self-contained HTML page (inline CSS and SVG, no scripts, no external assets).

A failing rule's exchanges are drawn as a sequence diagram, as the mock's page draws a consumer's run.
"""

from __future__ import annotations

from html import escape

from contracts.certification.reporting.diagram import anchor, render
from contracts.certification.reporting.summary import (
    FAULT_LAYER_NOTE,
    deviation_lines,
    identity,
    outcome_label,
    verdict,
)
from contracts.certification.results import Outcome, RuleResult, RunReport

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; max-width: 80rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
.pass { color: #1a7f37; }
.known-deviation { color: #9a6700; } .fail { color: #cf222e; font-weight: bold; } .not-applicable { color: #6e7781; }
.verdict { font-size: 1.2rem; font-weight: bold; padding: .6rem; border: 2px solid; display: inline-block; }
.certified { border-color: #1a7f37; } .not-certified { border-color: #cf222e; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; font-size: .85rem; }
.diagram { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; margin: .5rem 0; }
.diagram svg { display: block; width: 100%; min-width: 40rem; height: auto; }
"""


def render_html(report: RunReport) -> str:
    """The whole report."""
    said = verdict(report)
    kind = "certified" if said.startswith("CERTIFIED") else "not-certified"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Certification report: Klantinteracties API</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Certification report: Klantinteracties API, F2173 'Registreer klantcontact'</h1>",
        f'<p class="verdict {kind}">{escape(said)}</p>',
        "<table>",
    ]
    parts += [f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in identity(report)]
    parts += ["</table>", "<h2>Rules</h2>", "<table>"]
    parts.append("<tr><th>Rule</th><th>Level</th><th>Result</th><th>What it checks</th><th>Source</th></tr>")
    for result in report.provider_results:
        rule = result.rule
        label = outcome_label(result.outcome)
        shown = result.outcome in (Outcome.FAILED, Outcome.KNOWN_DEVIATION)
        anchor = f'<a href="#{rule.id}">{label}</a>' if shown else label
        parts.append(
            f"<tr><td>{rule.id}</td><td>{rule.level}</td><td class='{result.outcome}'>{anchor}</td>"
            f"<td>{escape(rule.title)}</td><td>{escape(rule.source)}</td></tr>"
        )
    parts.append("</table>")
    if report.fault_layer_results:
        parts += ["<h2>Mock fault layer (not counted toward the verdict)</h2>", f"<p>{escape(FAULT_LAYER_NOTE)}</p>"]
        parts.append("<table><tr><th>Rule</th><th>Result</th><th>What it checks</th></tr>")
        for result in report.fault_layer_results:
            label = outcome_label(result.outcome)
            anchor = f'<a href="#{result.rule.id}">{label}</a>' if result.outcome is Outcome.FAILED else label
            parts.append(
                f"<tr><td>{result.rule.id}</td><td class='{result.outcome}'>{anchor}</td>"
                f"<td>{escape(result.rule.title)}</td></tr>"
            )
        parts.append("</table>")
    failed = [r for r in report.results if r.outcome is Outcome.FAILED]
    if failed:
        parts.append("<h2>Failures</h2>")
        for result in failed:
            parts += _failure(result)
    known = [r for r in report.results if r.outcome is Outcome.KNOWN_DEVIATION]
    if known:
        parts.append("<h2>Known deviations of the reference</h2>")
        parts.append("<p>These rules failed the way Open Klant itself deviates from its published spec; ")
        parts.append("they do not fail the run.</p>")
        for result in known:
            parts += _deviation(result)
    skipped = [r for r in report.results if r.outcome is Outcome.NOT_APPLICABLE]
    if skipped:
        parts += ["<h2>Not applicable</h2>", "<ul>"]
        parts += [f"<li><b>{r.rule.id}</b>: {escape(r.message)}</li>" for r in skipped]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _failure(result: RuleResult) -> list[str]:
    rule = result.rule
    parts = [
        f'<h3 id="{rule.id}">{rule.id} ({rule.level}): {escape(rule.title)}</h3>',
        f"<p>Source: {escape(rule.source)}</p>",
        f"<p><b>Why it failed:</b> {escape(result.message)}</p>",
        f"<p>Evidence ({len(result.shown_evidence)} exchange(s); the rule sent {len(result.exchanges)}):</p>",
    ]
    parts += [f"<pre>{escape(exchange.as_text())}</pre>" for exchange in result.shown_evidence]
    drawn = [*result.exchanges, *result.cleanup]
    if drawn:
        cleanup = f" and its cleanup ({len(result.cleanup)})" if result.cleanup else ""
        parts.append(f"<p>The rule's exchanges{cleanup}, the cited ones highlighted:</p>")
        svg = render(rule.id, drawn, result.shown_evidence)
        parts += ['<div class="diagram">', svg, "</div>"]
        parts.append(f"<details><summary>Every exchange of this rule ({len(result.exchanges)}){cleanup}</summary>")
        parts += [f'<pre id="{anchor(rule.id, exchange)}">{escape(exchange.as_text())}</pre>' for exchange in drawn]
        parts.append("</details>")
    return parts


def _deviation(result: RuleResult) -> list[str]:
    rule = result.rule
    parts = [
        f'<h3 id="{rule.id}">{rule.id} ({rule.level}): {escape(rule.title)}</h3>',
        f"<p><b>What the rule saw:</b> {escape(result.message)}</p>",
        "<ul>",
    ]
    parts += [f"<li><b>{escape(line)}</b></li>" for line in deviation_lines(result)]
    parts.append("</ul>")
    for sighting in result.deviations:
        parts.append(f"<p>Evidence of {escape(sighting.deviation.id)}:</p>")
        parts.append(f"<pre>{escape(sighting.exchange.as_text())}</pre>")
    return parts
