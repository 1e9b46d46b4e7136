"""The spec ships inside the package: an installed kcc-mock works away from the repository."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kcc_mock.consumer.flows.loader import names as built_in_flows
from kcc_mock.http.page import STATIC

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
    flows = {f"kcc_mock/consumer/flows/{name}.yaml" for name in built_in_flows()}
    assert {"kcc_mock/consumer/flows/flow.schema.json", *flows} <= set(names)
    page = {f"kcc_mock/http/static/{path.name}" for path in STATIC.iterdir()}
    assert {"kcc_mock/http/static/index.html", "kcc_mock/http/static/page.js"} <= page <= set(names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kcc-mock = kcc_mock.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_builds_the_app_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    script = (
        "import kcc_mock, sys; from kcc_mock.http.app import create_app; app = create_app(); "
        "from kcc_mock.consumer.scenarios import SCENARIOS; from kcc_mock.http.page import Page; "
        "page = len(Page(None, app).files); "
        "print(kcc_mock.__file__); print(len(app.provider.spec.operations)); print(len(SCENARIOS)); print(page)"
    )
    # The installed copy comes first on the path; the working directory is outside the repository.
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )
    assert run.returncode == 0, run.stderr
    location, operations, scenarios, page = run.stdout.split()
    assert location.startswith(str(target))
    assert int(operations) == 85  # every operation of Open Klant's document
    assert int(scenarios) == 25  # generated from the flow file shipped in the package
    assert int(page) == len(list(STATIC.iterdir()))  # the page's files, served from the installed package


STRATEGIES_SCRIPT = """
from hypothesis import given, settings
from kcc_mock.testing.strategies import Bodies

drawn = []

@settings(max_examples=5, database=None)
@given(Bodies().valid("klantcontacten"))
def draw(body):
    drawn.append(body)

draw()
print(len(drawn), sorted(drawn[0]))
"""


def test_strategies_need_the_testing_extra_and_work_after_the_documented_install(wheel: Path, tmp_path: Path) -> None:
    # A fresh venv without the system's packages: pip resolves exactly what the wheel declares.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")

    def pip_install(requirement: str) -> None:
        finished = subprocess.run(
            [python, "-m", "pip", "install", "--quiet", requirement], capture_output=True, text=True, timeout=600
        )
        assert finished.returncode == 0, finished.stderr[-3000:]

    def run(script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)

    pip_install(str(wheel))  # `pip install kcc-mock`: the mock, without faker
    base = run("import kcc_mock.testing.strategies")
    assert base.returncode == 1
    assert "pip install 'kcc-mock[testing]'" in base.stderr.splitlines()[-1]
    assert run("from kcc_mock.http.app import create_app; create_app()").returncode == 0
    pip_install(f"{wheel}[testing]")  # `pip install 'kcc-mock[testing]'`, as the README says
    drawn = run(STRATEGIES_SCRIPT)
    assert drawn.returncode == 0, drawn.stderr[-3000:]
    count, keys = drawn.stdout.split(" ", 1)
    assert int(count) == 5
    assert "'kanaal'" in keys
