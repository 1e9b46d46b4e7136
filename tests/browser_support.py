"""A real headless Chromium for the page's tests: Playwright for Python driving Debian's `chromium`.

Playwright rather than Selenium: one pip package (no driver binary to match the browser's version),
waiting built into every locator (the page updates itself every second), role-and-name locators
that are themselves a check of the page's accessible names, and screenshots. It drives the system
browser (`executable_path`); `playwright install` and its downloads are never used. Without the
package or the browser the tests are reported as not run, with the reason and how to get one.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from typing import Any

# The network is closed here: Chromium's own background connections (updates, sync, field trials)
# are switched off, or its requests are refused and it stalls.
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GET_ONE = (
    "install Debian's chromium (apt-get install chromium; .ci/run does it) or set KCC_CHROMIUM to a Chromium binary"
)


def chromium() -> str | None:
    """The browser binary: $KCC_CHROMIUM, else `chromium` on the PATH."""
    return os.environ.get("KCC_CHROMIUM") or shutil.which("chromium")


def why_not() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "not run: the Python package playwright is missing (make setup installs it)"
    binary = chromium()
    if binary is None or not Path(binary).exists():
        return f"not run: no Chromium found; {GET_ONE}"
    return None


def launch(playwright: Any) -> Any:
    """A headless Chromium with a fresh profile of its own (Playwright makes and removes it)."""
    return playwright.chromium.launch(executable_path=chromium(), args=ARGUMENTS, headless=True)


def screenshots(default: Path) -> Path:
    """Where the tests put their screenshots: $KCC_SCREENSHOTS (`make screenshots`: docs/), else `default`."""
    chosen = os.environ.get("KCC_SCREENSHOTS")
    folder = Path(chosen) if chosen else default
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Elements a person operates, and the ones among them without an accessible name (a simplified
# reading of the accessible-name computation: aria-label(ledby), a label, the text, a title).
UNNAMED = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, [role=button]')]
  .filter((e) => e.getClientRects().length && e.type !== 'hidden')
  .filter((e) => {
    const by = (e.getAttribute('aria-labelledby') || '').split(' ').map((id) => document.getElementById(id));
    const named = [e.getAttribute('aria-label'), ...by.map((l) => l && l.textContent),
      ...[...(e.labels || [])].map((l) => l.textContent), e.textContent, e.getAttribute('title')];
    return !named.some((text) => text && text.trim());
  })
  .map((e) => e.outerHTML.slice(0, 80))"""

# How much wider than the window the page is (0: no sideways scrolling of the page itself).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
