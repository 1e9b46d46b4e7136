"""The dependency rule: only `kcc_mock.http` (and the CLI's serve) may know HTTP libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import kcc_mock

PACKAGE = Path(kcc_mock.__file__).parent
HTTP_LIBRARIES = {"connexion", "starlette", "uvicorn", "httpx", "requests", "aiohttp", "werkzeug", "h11"}


def imported_roots(path: Path) -> set[str]:
    """Top-level names of every module a source file imports, at any depth of the file."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def core_modules() -> list[Path]:
    """Every module outside the HTTP layer and the CLI."""
    return [p for p in PACKAGE.rglob("*.py") if "http" not in p.relative_to(PACKAGE).parts and p.name != "cli.py"]


def test_core_modules_import_no_http_library() -> None:
    offenders = {str(p.relative_to(PACKAGE)): imported_roots(p) & HTTP_LIBRARIES for p in core_modules()}
    assert {name: libs for name, libs in offenders.items() if libs} == {}


def test_the_import_check_sees_an_http_import(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("def f():\n    from starlette.responses import Response\n    return Response\n")
    assert imported_roots(planted) & HTTP_LIBRARIES == {"starlette"}


def test_there_are_core_modules_to_check() -> None:
    names = {p.name for p in core_modules()}
    assert {"store.py", "provider.py", "fields.py", "rules.py", "listing.py"} <= names


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
