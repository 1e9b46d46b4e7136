"""The dependency rule: only `kcc_mock.http` and the edges (the CLI, the pytest plugin) may know HTTP.

Core modules import no HTTP library and nothing of `kcc_mock.http`, however they spell the import
(absolute, relative, inside a function); the property suite reaches a provider only through the
suite's target, so it imports neither either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import contracts.properties
import kcc_mock

PACKAGE = Path(kcc_mock.__file__).parent
PROPERTIES = Path(contracts.properties.__file__).parent
HTTP_LIBRARIES = {"connexion", "starlette", "uvicorn", "httpx", "requests", "aiohttp", "werkzeug", "h11"}
EDGES = {"cli.py", "pytest_plugin.py"}  # the outermost layer: they start servers for their callers


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module a source file imports, at any depth of the file, relative imports resolved against
    `package` (the dotted package the file lives in); `from X import name` also counts `X.name`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def forbidden(modules: set[str]) -> set[str]:
    """The imports of HTTP libraries or of the mock's HTTP layer."""
    return {
        name
        for name in modules
        if name.split(".")[0] in HTTP_LIBRARIES or name == "kcc_mock.http" or name.startswith("kcc_mock.http.")
    }


def package_of(path: Path, root: Path, name: str) -> str:
    """The dotted package of a module file below a package directory `root` called `name`."""
    return ".".join([name, *path.relative_to(root).parent.parts])


def core_modules() -> list[Path]:
    """Every module outside the HTTP layer and the edges."""
    return [p for p in PACKAGE.rglob("*.py") if "http" not in p.relative_to(PACKAGE).parts and p.name not in EDGES]


def offenders(paths: list[Path], root: Path, name: str) -> dict[str, set[str]]:
    """Per file, the forbidden imports it makes."""
    found = {str(p.relative_to(root)): forbidden(imported_modules(p, package_of(p, root, name))) for p in paths}
    return {file: names for file, names in found.items() if names}


def test_core_modules_import_no_http() -> None:
    assert offenders(core_modules(), PACKAGE, "kcc_mock") == {}


def test_the_property_suite_imports_no_http() -> None:
    paths = sorted(PROPERTIES.rglob("*.py"))
    assert {p.name for p in paths} >= {"subject.py", "test_bodies.py", "test_model.py"}
    assert offenders(paths, PROPERTIES, "contracts.properties") == {}


PLANTED_CORE = {
    "absolute.py": "def f():\n    from starlette.responses import Response\n    return Response\n",
    "relative.py": "from .http.app import MockApp\n",
    "sibling.py": "from . import http\n",
    "nested/deep.py": "from ..http import client\n",
    "plain.py": "import kcc_mock.http.server\n",
    "clean.py": "from .store import Store\nfrom . import fields\nimport json\n",
}


def test_the_guard_sees_every_spelling_of_an_http_import(tmp_path: Path) -> None:
    for name, text in PLANTED_CORE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [tmp_path / name for name in PLANTED_CORE]
    assert offenders(paths, tmp_path, "kcc_mock") == {
        "absolute.py": {"starlette.responses", "starlette.responses.Response"},
        "relative.py": {"kcc_mock.http.app", "kcc_mock.http.app.MockApp"},
        "sibling.py": {"kcc_mock.http"},
        "nested/deep.py": {"kcc_mock.http", "kcc_mock.http.client"},
        "plain.py": {"kcc_mock.http.server"},
    }


def test_the_guard_sees_a_property_module_that_reaches_around_the_target(tmp_path: Path) -> None:
    planted = tmp_path / "test_planted.py"
    planted.write_text(
        "from ..target import Target\nfrom kcc_mock.http.client import HttpxProvider\n\n"
        "def check():\n    import httpx\n    return httpx\n",
        encoding="utf-8",
    )
    assert offenders([planted], tmp_path, "contracts.properties") == {
        "test_planted.py": {"kcc_mock.http.client", "kcc_mock.http.client.HttpxProvider", "httpx"}
    }


def test_there_are_core_modules_to_check() -> None:
    names = {p.name for p in core_modules()}
    assert {"store.py", "provider.py", "fields.py", "rules.py", "listing.py", "verdicts.py"} <= names


def test_public_api_is_pinned() -> None:
    assert kcc_mock.__all__ == sorted(kcc_mock.__all__)
    assert set(kcc_mock.__all__) == {
        "API_VERSION",
        "DEFAULT_TOKEN",
        "FieldError",
        "NotFound",
        "Provider",
        "ProviderError",
        "Settings",
        "Spec",
        "Store",
        "ValidationFailed",
        "__version__",
    }
