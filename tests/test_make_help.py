"""`make help`: every documented target, variables shown with their values, descriptions aligned."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[1]


def help_lines(*variables: str) -> list[str]:
    """The lines `make help` prints in the repository, with the given variable settings."""
    finished = subprocess.run(
        ["make", "--no-print-directory", "-s", "help", *variables],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return finished.stdout.splitlines()


def test_make_help_lists_every_target_aligned_with_variables_expanded() -> None:
    documented = re.findall(r"^([a-z-]+):.*## ", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)
    lines = help_lines("HOST=0.0.0.0", "PORT=9000")
    assert [line.split()[0] for line in lines] == documented
    width = max(len(name) for name in documented)
    for line in lines:
        name = line.split()[0]
        assert line.startswith(f"  {name}")
        assert len(line) - len(line[2 + width :].lstrip()) == 2 + width + 2, line  # description at one column
        assert "$(" not in line, line
    (mock,) = [line for line in lines if line.split()[0] == "mock"]
    assert "0.0.0.0:9000" in mock


def test_make_help_shows_the_default_host_and_port() -> None:
    (mock,) = [line for line in help_lines() if line.split()[0] == "mock"]
    assert "127.0.0.1:8000" in mock
