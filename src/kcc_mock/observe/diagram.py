"""A run drawn as a sequence diagram in SVG: one picture for the page and for every report.

Lifelines for the consumer and the provider, and between them the mock's fault layer when a fault
acted in the run. Each call is a request arrow and a dashed answer arrow carrying the status and the
time; a fault is marked where it acted (an answer in the provider's place, a reset, a delay), and
for commit-then-fail the provider's real answer and what it stored are drawn before what the client
got. Compensations are drawn in their own colour. Each call links to its details (`#anchor`).
Presentation attributes only, no `<style>` and no ids inside: the picture is shown under a strict
Content-Security-Policy and many of them may share one HTML page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kcc_mock.observe.sequence import Call

WIDTH = 900
ROW = 66  # height of one call
TOP = 58  # below the participants' boxes
X_CONSUMER, X_FAULTS, X_PROVIDER = 110, 540, 800
FONT = 'font-family="system-ui, sans-serif"'
INK, MUTED, OK, ERROR, FAULT, UNDO, STORED = "#1f2328", "#6e7781", "#1a7f37", "#cf222e", "#bf3989", "#8250df", "#1a7f37"
CITED = "#fff8c5"
_BEFORE_PROVIDER = ("status", "reset", "hang")  # the fault layer answers; the provider never sees the call
_LABEL_CHARACTERS = 58


def render(calls: Sequence[Call], consumer: str = "consumer", provider: str = "provider (kcc-mock)") -> str:
    """The calls as one SVG element, in the order given."""
    faults = any(call.injected for call in calls)
    height = TOP + ROW * max(len(calls), 1) + 34
    title = f"Sequence diagram: {len(calls)} call(s) from {consumer} to {provider}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="group" aria-label="{escape(title)}" {FONT} font-size="12">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    lifelines = [(X_CONSUMER, consumer), (X_PROVIDER, provider)]
    if faults:
        lifelines.append((X_FAULTS, "kcc-mock fault layer"))
    for x, name in lifelines:
        parts.append(f'<line x1="{x}" y1="40" x2="{x}" y2="{height - 30}" stroke="#d0d7de" stroke-dasharray="4 4"/>')
        parts.append(f'<rect x="{x - 95}" y="8" width="190" height="30" rx="4" fill="#f6f8fa" stroke="#d0d7de"/>')
        parts.append(_text(x, 28, name, anchor="middle", weight="600"))
    if not calls:
        parts.append(_text(WIDTH // 2, TOP + 30, "no calls", anchor="middle", color=MUTED))
    for row, call in enumerate(calls):
        parts += _call(call, TOP + row * ROW)
    legend = "→ request   ⇠ answer (status · time)   ⚡ injected fault   ↶ compensation (undoes an earlier call)"
    parts.append(_text(12, height - 10, legend, color=MUTED, size=11))
    parts.append("</svg>")
    return "\n".join(parts)


def summary(call: Call) -> str:
    """One line for a call's link and tooltip."""
    took = f" in {call.duration_ms:.0f} ms" if call.duration_ms is not None else ""
    line = f"#{call.number} {call.method} {call.target} → {call.answer}{took}"
    if call.compensation:
        line = "compensation: " + line
    if call.fault:
        line += f"; fault by {call.fault}"
    if call.stored:
        line += "; stored " + ", ".join(f"{name}/{uuid}" for name, uuid in call.stored)
    return line


def _call(call: Call, top: int) -> list[str]:
    kind = call.injected
    flags = {"faulted": kind is not None, "compensation": call.compensation, "cited": call.cited}
    classes = " ".join(["call", *(name for name, on in flags.items() if on)])
    said = summary(call)
    parts = [
        f'<a href="#{escape(call.anchor)}" class="{classes}" data-call="{escape(call.anchor)}" '
        f'aria-label="{escape(said)}">',
        f"<title>{escape(said)}</title>",
        f'<rect x="2" y="{top + 2}" width="{WIDTH - 4}" height="{ROW - 4}" rx="4" '
        f'fill="{CITED if call.cited else "#ffffff"}" fill-opacity="{1 if call.cited else 0}"/>',
    ]
    color = UNDO if call.compensation else INK
    request_y, inner_y, answer_y = top + 20, top + 36, top + 54
    ends = X_FAULTS if kind in _BEFORE_PROVIDER else X_PROVIDER
    label = ("↶ " if call.compensation else "") + f"#{call.number} {call.method} {_short(call.target)}"
    parts += _arrow(X_CONSUMER, ends, request_y, color)
    parts.append(_text(X_CONSUMER + 8, request_y - 5, label, color=color, weight="600" if call.compensation else ""))
    answer_color = (
        OK if call.status is not None and call.status < 400 and kind not in ("truncate", "malformed") else ERROR
    )
    answer = call.answer + (f" · {call.duration_ms:.0f} ms" if call.duration_ms is not None else "")
    if kind == "commit-then-fail":
        really = f"{call.committed}" + (
            " stored " + ", ".join(f"{name}/{_uuid(uuid)}" for name, uuid in call.stored) if call.stored else ""
        )
        parts += _arrow(X_PROVIDER, X_FAULTS, inner_y, STORED, dashed=True)
        parts.append(_text(X_FAULTS + 10, inner_y - 4, really, color=STORED, size=11))
        parts += _arrow(X_FAULTS, X_CONSUMER, answer_y, ERROR, dashed=True)
        parts += _marker(X_FAULTS, answer_y, call.effect or "")
    elif kind is not None:
        start = X_FAULTS if kind in _BEFORE_PROVIDER else X_PROVIDER
        parts += _arrow(start, X_CONSUMER, answer_y, answer_color, dashed=True)
        parts += _marker(X_FAULTS, request_y if kind in _BEFORE_PROVIDER else answer_y, call.effect or "")
    else:
        parts += _arrow(X_PROVIDER, X_CONSUMER, answer_y, answer_color, dashed=True)
        if call.stored:
            made = ", ".join(f"{name}/{_uuid(uuid)}" for name, uuid in call.stored)
            parts.append(_text(X_PROVIDER - 8, answer_y - 5, f"stored {made}", anchor="end", color=STORED, size=11))
    parts.append(_text(X_CONSUMER + 8, answer_y - 5, answer, color=answer_color))
    parts.append("</a>")
    return parts


def _arrow(x1: int, x2: int, y: int, color: str, dashed: bool = False) -> list[str]:
    """A horizontal arrow from x1 to x2, its head drawn as a polygon (markers need ids)."""
    direction = 1 if x2 > x1 else -1
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    head = f"{x2},{y} {x2 - 9 * direction},{y - 5} {x2 - 9 * direction},{y + 5}"
    return [
        f'<line x1="{x1}" y1="{y}" x2="{x2 - 8 * direction}" y2="{y}" stroke="{color}" stroke-width="1.6"{dash}/>',
        f'<polygon points="{head}" fill="{color}"/>',
    ]


def _marker(x: int, y: int, label: str) -> list[str]:
    """The fault's mark where it acted, with what it did."""
    return [
        f'<g class="fault-marker"><circle cx="{x}" cy="{y}" r="10" fill="{FAULT}"/>',
        _text(x, y + 4, "⚡", anchor="middle", color="#ffffff", size=12),
        _text(x + 14, y + 4, label, color=FAULT, weight="600", size=11),
        "</g>",
    ]


def _text(
    x: int, y: int, text: str, anchor: str = "start", color: str = INK, weight: str = "", size: int | None = None
) -> str:
    extra = (f' font-weight="{weight}"' if weight else "") + (f' font-size="{size}"' if size else "")
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{color}"{extra}>{escape(text)}</text>'


def _short(target: str) -> str:
    """A target fit for a label: uuids shortened, long queries cut (the tooltip has it whole)."""
    path, _, query = target.partition("?")
    shown = "/".join(_uuid(part) for part in path.split("/")) + (f"?{query}" if query else "")
    return shown if len(shown) <= _LABEL_CHARACTERS else shown[: _LABEL_CHARACTERS - 1] + "…"


def _uuid(text: str) -> str:
    """A uuid's first eight characters, followed by an ellipsis; anything else as it is."""
    return text[:8] + "…" if len(text) == 36 and text.count("-") == 4 else text
