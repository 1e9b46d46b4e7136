"""The dependency rule: each subpackage imports only the layers below it, and only `kcc_mock.http`
and the edges (the CLI, `kcc_mock.testing`) may know HTTP.

However an import is spelt (absolute, relative, inside a function), the guard sees it; the property
suite reaches a provider only through the suites' client, so it imports neither either, and it
imports nothing of the provider: its verdicts come from its own model. No two modules of the
package or of the suites import each other, directly or around a loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

import contracts
import contracts.properties
import kcc_mock

PACKAGE = Path(kcc_mock.__file__).parent
CONTRACTS = Path(contracts.__file__).parent
PROPERTIES = Path(contracts.properties.__file__).parent
HTTP_LIBRARIES = {"connexion", "starlette", "uvicorn", "httpx", "requests", "aiohttp", "werkzeug", "h11"}
EDGES = {"cli.py", "__main__.py", "testing"}  # the outermost layer: they start servers for their callers
# What each part of the package may import of the package (the layers of ARCHITECTURE.md).
LAYERS = {
    "__init__": {"config", "provider"},  # the public names: settings and the provider
    "config": {"config"},
    "provider": {"provider", "config"},
    "observe": {"observe", "provider", "config"},
    "consumer": {"consumer", "observe", "provider", "config"},
    "http": {"http", "consumer", "observe", "provider", "config"},
}


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
    return [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in {"http", *EDGES}]


def part_of(path: Path, root: Path) -> str:
    """The part of the package a module belongs to: its subpackage, or its own name at the top."""
    first = path.relative_to(root).parts[0]
    return first.removesuffix(".py")


def layer_offenders(paths: list[Path], root: Path) -> dict[str, set[str]]:
    """Per file, the imports of the package that reach above its layer."""
    found = {}
    for path in paths:
        allowed = LAYERS[part_of(path, root)]
        names = imported_modules(path, package_of(path, root, "kcc_mock"))
        parts = {name.split(".")[1] for name in names if name.startswith("kcc_mock.")}
        found[str(path.relative_to(root))] = {f"kcc_mock.{part}" for part in parts if part not in allowed}
    return {file: names for file, names in found.items() if names}


def module_graph(roots: dict[str, Path]) -> dict[str, set[str]]:
    """The import graph of every module below the given packages (package name -> directory)."""
    files: dict[str, Path] = {}
    for name, root in roots.items():
        for path in root.rglob("*.py"):
            parts = [name, *path.relative_to(root).with_suffix("").parts]
            files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        graph[module] = {name for name in imported_modules(path, package) if name in files and name != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other around a loop (strongly connected, more than one)."""
    reach = {module: _reachable(graph, module) for module in graph}
    groups = {frozenset(m for m in reach[module] if module in reach[m]) | {module} for module in graph}
    return [set(group) for group in groups if len(group) > 1]


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(graph[module])
    return seen


def offenders(paths: list[Path], root: Path, name: str) -> dict[str, set[str]]:
    """Per file, the forbidden imports it makes."""
    found = {str(p.relative_to(root)): forbidden(imported_modules(p, package_of(p, root, name))) for p in paths}
    return {file: names for file, names in found.items() if names}


def test_core_modules_import_no_http() -> None:
    assert offenders(core_modules(), PACKAGE, "kcc_mock") == {}


def test_each_layer_imports_only_the_layers_below_it() -> None:
    paths = core_modules() + sorted((PACKAGE / "http").rglob("*.py"))
    assert {part_of(path, PACKAGE) for path in paths} == set(LAYERS)
    assert layer_offenders(paths, PACKAGE) == {}


def test_no_module_imports_itself_around_a_loop() -> None:
    graph = module_graph({"kcc_mock": PACKAGE, "contracts": CONTRACTS})
    assert {"kcc_mock.http.app", "kcc_mock.http.admin", "contracts.certification.context"} <= set(graph)
    assert cycles(graph) == []


def test_the_cycle_check_sees_a_loop_through_a_third_module() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [{"a", "b", "c"}]


def test_the_layer_guard_sees_an_import_from_above(tmp_path: Path) -> None:
    for name, text in {
        "provider/rules.py": "from kcc_mock.observe.journal import Journal\n",
        "observe/faults.py": "def f():\n    from ..consumer import saga\n",
        "consumer/saga.py": "from kcc_mock.provider.store import Store\nimport kcc_mock.config\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert layer_offenders(sorted(tmp_path.rglob("*.py")), tmp_path) == {
        "provider/rules.py": {"kcc_mock.observe"},
        "observe/faults.py": {"kcc_mock.consumer"},
    }


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


def mock_imports(path: Path, package: str) -> set[str]:
    """The modules of the package a file imports (however spelt): an oracle of the standard may import none."""
    return {name for name in imported_modules(path, package) if name == "kcc_mock" or name.startswith("kcc_mock.")}


def test_the_standard_oracle_imports_nothing_of_the_mock() -> None:
    # Not the provider's rule tables nor anything that reaches them: its mistakes would be copied.
    assert mock_imports(PACKAGE / "testing" / "standard.py", "kcc_mock.testing") == set()


def test_the_oracle_guard_sees_every_spelling_of_an_import_of_the_mock(tmp_path: Path) -> None:
    planted = tmp_path / "standard.py"
    planted.write_text(
        "import random\nfrom kcc_mock.provider.partijen import passes_eleven_test\nfrom ..provider import rules\n"
        "from . import strategies\n\ndef check():\n    import kcc_mock.provider.fields\n",
        encoding="utf-8",
    )
    assert mock_imports(planted, "kcc_mock.testing") == {
        "kcc_mock.provider.partijen",
        "kcc_mock.provider.partijen.passes_eleven_test",
        "kcc_mock.provider",
        "kcc_mock.provider.rules",
        "kcc_mock.testing",
        "kcc_mock.testing.strategies",
        "kcc_mock.provider.fields",
    }


# What the property suite may import of the package: the strategies that draw its bodies and the
# standard's rules (kcc_mock.testing) and the reference consumer of its F2173 property
# (kcc_mock.consumer). Never the provider: its compiled forms would become the expected verdicts.
PROPERTY_SUITE_MAY_IMPORT = ("kcc_mock.testing", "kcc_mock.consumer")
# The modules that make the verdicts take of the package the standard's rules, and nothing else.
VERDICT_MODULES = ("oracle.py", "spec_reader.py", "error_book.py", "readback.py")
STANDARD = {"kcc_mock.testing", "kcc_mock.testing.standard"}


def suite_offenders(paths: list[Path], root: Path, package: str) -> dict[str, set[str]]:
    """Per file, the imports of the package beyond what the property suite may import."""
    found = {
        str(path.relative_to(root)): {
            name
            for name in mock_imports(path, package_of(path, root, package))
            if not any(name == allowed or name.startswith(allowed + ".") for allowed in PROPERTY_SUITE_MAY_IMPORT)
        }
        for path in paths
    }
    return {file: names for file, names in found.items() if names}


def test_the_property_suite_imports_nothing_of_the_provider() -> None:
    paths = sorted(PROPERTIES.rglob("*.py"))
    assert {p.name for p in paths} >= {"test_bodies.py", "conftest.py", *VERDICT_MODULES}
    assert suite_offenders(paths, PROPERTIES, "contracts.properties") == {}


def test_the_property_suites_verdicts_import_of_the_mock_only_the_standard() -> None:
    found = {name: mock_imports(PROPERTIES / name, "contracts.properties") - STANDARD for name in VERDICT_MODULES}
    assert {name: names for name, names in found.items() if names} == {}


def test_the_suite_guard_sees_every_spelling_of_an_import_of_the_provider(tmp_path: Path) -> None:
    planted = tmp_path / "test_planted.py"
    planted.write_text(
        "from kcc_mock.provider.resources import RESOURCES\nfrom kcc_mock.testing.strategies import Bodies\n"
        "import kcc_mock.provider.formats\nfrom kcc_mock.consumer.saga import saga\n\n"
        "def check():\n    from kcc_mock import config\n",
        encoding="utf-8",
    )
    assert suite_offenders([planted], tmp_path, "contracts.properties") == {
        "test_planted.py": {
            "kcc_mock.provider.resources",
            "kcc_mock.provider.resources.RESOURCES",
            "kcc_mock.provider.formats",
            "kcc_mock",
            "kcc_mock.config",
        }
    }


def test_there_are_core_modules_to_check() -> None:
    names = {p.name for p in core_modules()}
    assert {"store.py", "operations.py", "fields.py", "rules.py", "listing.py", "verdicts.py", "journal.py"} <= names


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
