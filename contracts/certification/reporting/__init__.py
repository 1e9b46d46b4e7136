"""The certification report in three forms, written from the same results: Markdown, HTML and JUnit XML."""

from __future__ import annotations

from pathlib import Path

from contracts.certification.reporting.html import render_html
from contracts.certification.reporting.junit import render_junit
from contracts.certification.reporting.markdown import render_markdown
from contracts.certification.results import RunReport

__all__ = ["render_html", "render_junit", "render_markdown", "write_reports"]

BASENAME = "certification"


def write_reports(report: RunReport, directory: Path) -> list[Path]:
    """Write certification.md, .html and .xml into `directory`; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, render in ((".md", render_markdown), (".html", render_html), (".xml", render_junit)):
        path = directory / f"{BASENAME}{suffix}"
        path.write_text(render(report), encoding="utf-8")
        written.append(path)
    return written
