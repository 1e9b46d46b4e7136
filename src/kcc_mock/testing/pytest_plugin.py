"""pytest plugin (entry point `pytest11`): a kcc-mock server for a consumer team's own tests.

    def test_rollback(kcc_mock):
        kcc_mock.faults.add({"match": {"operation": "actorklantcontactenCreate"}, "effect": {"status": 503}})
        run_my_consumer(base_url=kcc_mock.url, token=kcc_mock.token)
        assert kcc_mock.consistency()["consistent"]

The server listens on a free 127.0.0.1 port, starts once per session and is reset before each
test that asks for `kcc_mock`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from kcc_mock.http.app import MockApp
    from kcc_mock.http.server import ThreadedServer
    from kcc_mock.observe.faults import FaultPlan
    from kcc_mock.observe.journal import Journal
    from kcc_mock.provider.store import Store

PLUGIN_TOKEN = "kcc-mock-pytest-token"  # noqa: S105 - a per-session test token, loopback only


@dataclass
class RunningMock:
    """Handles on a served mock: its URL and token, faults, journal, store and reports."""

    app: MockApp
    server: ThreadedServer

    @property
    def url(self) -> str:
        """Base URL of the Klantinteracties API, e.g. http://127.0.0.1:54321/klantinteracties/api/v1."""
        return f"http://{self.server.host}:{self.server.port}{self.app.provider.spec.base_path}"

    @property
    def admin_url(self) -> str:
        """Base URL of the admin API (/_mock)."""
        return f"http://{self.server.host}:{self.server.port}/_mock"

    @property
    def token(self) -> str:
        """The API token (`Authorization: Token <token>`)."""
        return self.app.settings.token

    @property
    def faults(self) -> FaultPlan:
        """The fault plan: `.add(rule)`, `.remove(id)`, `.clear()`, `.load(plan)`."""
        return self.app.faults

    @property
    def journal(self) -> Journal:
        """Every exchange: `.entries(operation=..., method=..., status=...)`."""
        return self.app.journal

    @property
    def store(self) -> Store:
        """The mock's store (`count`, `records`, `get`)."""
        return self.app.provider.store

    def consistency(self, mark: str | None = None, correlation: str | None = None) -> dict[str, Any]:
        """The consistency report; empty findings mean consistent."""
        return self.app.consistency(mark=mark, correlation=correlation)

    def mark(self) -> str:
        """Remember the store now, to report leftovers since."""
        return self.app.mark()

    def reset(self) -> None:
        """Empty store, faults, journal and marks."""
        self.app.reset()


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--kcc-mock-api-version` (or the ini option `kcc_mock_api_version`): the API version served."""
    help_text = "the API version the kcc_mock fixture serves (default: the newest)"
    parser.addoption("--kcc-mock-api-version", help=help_text)
    parser.addini("kcc_mock_api_version", help_text)


@pytest.fixture(scope="session")
def kcc_mock_server(pytestconfig: pytest.Config) -> Iterator[RunningMock]:
    """The session's mock server (prefer `kcc_mock`, which also resets it)."""
    # The consumer's warning filters (often `error`) are theirs: what the mock's own dependencies warn
    # about while it is built (Connexion imports Starlette's test client, which warns when httpx is
    # installed) is no concern of their tests.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from kcc_mock.config import Settings
        from kcc_mock.http.app import create_app
        from kcc_mock.http.server import ThreadedServer

        version = pytestconfig.getoption("kcc_mock_api_version") or pytestconfig.getini("kcc_mock_api_version") or None
        app = create_app(Settings(token=PLUGIN_TOKEN, hang_seconds=30.0, api_version=version))
    server = ThreadedServer(app).start()
    try:
        yield RunningMock(app, server)
    finally:
        server.stop()


@pytest.fixture
def kcc_mock(kcc_mock_server: RunningMock) -> RunningMock:
    """A clean mock for this test: empty store, no faults, empty journal."""
    kcc_mock_server.reset()
    return kcc_mock_server
