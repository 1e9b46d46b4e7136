"""The layout rules: no module over 400 lines, and no unused code (vulture, as `make lint` runs it)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGES = ("src", "contracts", "tests", "bench")
LIMIT = 400
# Modules allowed over the limit for now, each with the reason; an exemption no longer needed fails.
EXEMPT: set[str] = set()
# `path:line: unused function 'name' (60% confidence)`
FINDING = re.compile(r"^(?P<path>[^:]+):\d+: unused (?P<kind>\w+) '(?P<name>\w+)' \(\d+% confidence")


def long_modules(root: Path) -> dict[str, int]:
    """The Python modules below `root`'s packages with more than LIMIT lines, by path, with their length."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT:
                found[path.relative_to(root).as_posix()] = lines
    return found


def test_no_module_is_over_the_limit() -> None:
    offenders = {path: lines for path, lines in long_modules(ROOT).items() if path not in EXEMPT}
    listed = ", ".join(f"{path} ({lines} lines)" for path, lines in offenders.items())
    assert offenders == {}, f"split these modules, one concept each: {listed}"


def test_every_exempted_module_is_still_over_the_limit() -> None:
    assert sorted(EXEMPT - set(long_modules(ROOT))) == [], "remove these from EXEMPT: they fit now"


def test_the_size_check_lists_a_planted_long_module_and_only_that(tmp_path: Path) -> None:
    for package in PACKAGES:
        (tmp_path / package).mkdir()
    (tmp_path / "src/long.py").write_text("x = 1\n" * (LIMIT + 1), encoding="utf-8")
    (tmp_path / "tests/fits.py").write_text("x = 1\n" * LIMIT, encoding="utf-8")
    (tmp_path / "bench/deep").mkdir()
    (tmp_path / "bench/deep/longer.py").write_text("x = 1\n" * (LIMIT + 7), encoding="utf-8")
    assert long_modules(tmp_path) == {"src/long.py": LIMIT + 1, "bench/deep/longer.py": LIMIT + 7}


def unused(*extra: Path) -> set[tuple[str, str, str]]:
    """(path, kind, name) of everything vulture finds unused in the project (pyproject's settings and
    the whitelist, as `make lint` runs it) together with the `extra` files."""
    paths = [*PACKAGES, "vulture_whitelist.py", *map(str, extra)]
    result = subprocess.run(
        [sys.executable, "-m", "vulture", *paths], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 3), result.stderr  # 3: unused code found
    found = set()
    for line in result.stdout.splitlines():
        match = FINDING.match(line)
        assert match, f"unexpected vulture output: {line}"
        found.add((match["path"], match["kind"], match["name"]))
    return found


PLANTED = '''
def planted_unused_function() -> None:
    """Nobody calls this."""


def planted_used_function() -> int:
    return 1


class PlantedRecord:
    def __init__(self) -> None:
        self.planted_read = planted_used_function()
        self.planted_never_read = 2


@BOOK.rule("PLANTED-01", "registered by its decorator: the rulebook calls it")
def planted_rule(ctx) -> None:
    print(PlantedRecord().planted_read)
'''


def test_vulture_finds_exactly_the_planted_unused_code(tmp_path: Path) -> None:
    planted = tmp_path / "planted_dead_code.py"
    planted.write_text(PLANTED, encoding="utf-8")
    assert unused(planted) == {
        (str(planted), "function", "planted_unused_function"),
        (str(planted), "attribute", "planted_never_read"),
    }
