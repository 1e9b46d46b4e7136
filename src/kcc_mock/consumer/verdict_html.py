"""Verdicts as one self-contained HTML page: the scenario table, then per scenario the consumer's run drawn as a
sequence diagram, the checks, and every call's request and response (credentials masked).

No scripts and nothing fetched: the page is one file (inline CSS and SVG) that a CI artifact viewer shows as is.
The calls the failed checks cite as evidence are highlighted in the diagram.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from html import escape

import yaml

from kcc_mock.consumer.verdict_report import exit_label, result_line
from kcc_mock.consumer.verdicts import Verdict
from kcc_mock.observe import diagram
from kcc_mock.observe.journal import Entry
from kcc_mock.observe.sequence import calls_of

_BODY_LIMIT = 20_000  # characters of one body; the journal (or a rerun) has the rest
_CITED = re.compile(r"#(\d+) ")
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; padding: 0 1rem; color: #1f2328; max-width: 70rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; vertical-align: top; }
.PASS { color: #1a7f37; } .FAIL { color: #cf222e; font-weight: bold; } .NOT-EXERCISED { color: #6e7781; }
section.scenario { border-top: 2px solid #d0d7de; margin-top: 2rem; }
.diagram { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; }
.diagram svg { display: block; width: 100%; min-width: 40rem; height: auto; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; font-size: .85rem; white-space: pre-wrap; }
li.failed { color: #cf222e; } li.failed code { color: #1f2328; }
details { margin: .3rem 0; } summary { cursor: pointer; }
"""


def html(verdicts: Sequence[Verdict], command: str, title: str = "Consumer verification: F2173") -> str:
    """The whole report."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>Consumer: <code>{escape(command)}</code></p>",
        f"<p><strong>{escape(result_line(verdicts))}</strong>. The consumer's exit status is reported, not trusted: "
        "verdicts come from the journal and the store.</p>",
        "<table><thead><tr><th>scenario</th><th>verdict</th><th>outcome</th><th>calls</th><th>exit</th>"
        "<th>failed checks</th></tr></thead><tbody>",
    ]
    for v in verdicts:
        failed = ", ".join(c.name for c in v.failed)
        parts.append(
            f'<tr><td><a href="#{_id(v)}">{escape(v.scenario.name)}</a></td><td class="{_state(v)}">{v.state}</td>'
            f"<td>{escape(v.outcome)}</td><td>{v.calls}</td><td>{exit_label(v)}</td><td>{escape(failed)}</td></tr>"
        )
    parts.append("</tbody></table>")
    for verdict in verdicts:
        parts += scenario(verdict)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def scenario(v: Verdict) -> list[str]:
    """One scenario's section: what it does, its run drawn, its checks, its calls."""
    name = _id(v)
    parts = [
        f'<section class="scenario" id="{name}" aria-labelledby="{name}-title">',
        f'<h2 id="{name}-title">{escape(v.scenario.name)}: <span class="{_state(v)}">{v.state}</span></h2>',
        f"<p>{escape(v.scenario.description)}</p>",
        f"<p>Expected: {escape(v.scenario.expect)}; inputs: {escape(str(v.scenario.inputs))}; "
        f"outcome: {escape(v.outcome)}; exit status {exit_label(v)}</p>",
    ]
    if v.not_exercised:
        parts.append(f"<p><em>Not exercised: {escape(v.not_exercised)}</em></p>")
    parts += [f"<p><em>{escape(note)}</em></p>" for note in v.notes]
    if v.scenario.plan.get("faults"):
        plan = yaml.safe_dump(dict(v.scenario.plan), sort_keys=False).rstrip()
        parts += ["<p>Fault plan:</p>", f"<pre>{escape(plan)}</pre>"]
    cited = {int(number) for check in v.failed for line in check.evidence for number in _CITED.findall(line)}
    calls = [
        replace(call, cited=call.number in cited)
        for call in calls_of(v.entries, anchor=lambda entry: f"{name}-call-{entry.sequence}")
    ]
    if v.entries:
        parts.append(f"<h3>The consumer's run ({len(calls)} calls)</h3>")
        if cited:
            parts.append("<p>Highlighted: the calls the failed checks cite.</p>")
        parts += ['<div class="diagram">', diagram.render(calls, consumer="consumer"), "</div>"]
    parts.append("<h3>Checks</h3><ul>")
    for check in v.checks:
        mark = "✔" if check.passed else "✘"
        parts.append(
            f'<li class="{"passed" if check.passed else "failed"}">{mark} <strong>{escape(check.name)}</strong>: '
            f"{escape(check.summary)}"
        )
        if not check.passed and check.evidence:
            parts.append("<ul>" + "".join(f"<li><code>{escape(line)}</code></li>" for line in check.evidence) + "</ul>")
        parts.append("</li>")
    parts.append("</ul>")
    if v.entries:
        entries = {entry.sequence: entry for entry in v.entries}
        parts.append("<h3>Calls</h3>")
        for call in calls:
            parts.append(f'<details id="{call.anchor}"><summary>{escape(diagram.summary(call))}</summary>')
            parts.append(f"<pre>{escape(transcript(entries[call.number]))}</pre></details>")
    if v.output.strip():
        parts.append(f"<details><summary>consumer output</summary><pre>{escape(v.output.rstrip())}</pre></details>")
    parts.append("</section>")
    return parts


def transcript(entry: Entry) -> str:
    """One exchange written out like an HTTP transcript, the credentials masked as the journal masks them."""
    query = entry.query_string.decode("latin-1")
    lines = [f"{entry.method} {entry.path}{'?' + query if query else ''}"]
    lines += [f"{key}: {value}" for key, value in entry.request_headers.items()]
    if entry.request_body is not None:
        lines += ["", _show(entry.request_body)]
    lines.append("")
    lines.append(f"HTTP {entry.status}" if entry.status is not None else "<no answer>")
    lines += [f"{key}: {value}" for key, value in entry.response_headers.items()]
    if entry.response_shown is not None:
        lines += ["", _show(entry.response_shown)]
    if entry.committed is not None:
        lines += ["", f"<what the provider answered before the fault: {entry.committed.get('status')}>"]
        lines.append(_show(entry.committed.get("body")))
    return "\n".join(lines)


def _show(body: object) -> str:
    text = body if isinstance(body, str) else json.dumps(body, indent=2, ensure_ascii=False)
    return (
        text if len(text) <= _BODY_LIMIT else f"{text[:_BODY_LIMIT]}\n<... {len(text) - _BODY_LIMIT} more characters>"
    )


def _id(verdict: Verdict) -> str:
    return "scenario-" + re.sub(r"[^A-Za-z0-9_.-]", "-", verdict.scenario.name)


def _state(verdict: Verdict) -> str:
    return verdict.state.replace(" ", "-")
