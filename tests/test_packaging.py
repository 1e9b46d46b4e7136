"""The spec ships inside the package: an installed kcc-mock works away from the repository."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the working tree."""
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return next(out.glob("kcc_mock-*.whl"))


def test_wheel_contains_the_spec_and_the_console_script(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "kcc_mock/specs/klantinteracties.yaml" in names
    assert "kcc_mock/specs/klantinteracties-0.8.0.yaml" in names
    assert "kcc_mock/specs/klantinteracties-0.9.0-changes.yaml" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kcc-mock = kcc_mock.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_builds_the_app_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    script = (
        "import kcc_mock, sys; from kcc_mock.http.app import create_app; app = create_app(); "
        "print(kcc_mock.__file__); print(len(app.provider.spec.operations))"
    )
    # The installed copy comes first on the path; the working directory is outside the repository.
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )
    assert run.returncode == 0, run.stderr
    location, operations = run.stdout.split()
    assert location.startswith(str(target))
    assert int(operations) == 61
