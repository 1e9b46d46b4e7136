"""`make schemathesis` judges a provider by the API version it announces (or the one named), with that version's spec.

A 0.8.0 provider is not judged by 0.9.0: planted here as the mock served as 0.8.0, which a run
by the 0.9.0 spec fails (it ignores 0.9.0's `hoofdOnderwerpType`, so a malformed one is accepted)
and a run by its own spec passes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from schemathesis_support import BASE_PATH, ROOT, VersionError, main, provider_version, run_schemathesis, spec_of

from kcc_mock.config import Settings
from kcc_mock.http.app import create_app
from kcc_mock.http.server import ThreadedServer

TOKEN = "kcc-mock-development-token"
KLANTCONTACTEN = ("--include-operation-id", "klantcontactenCreate", "--include-operation-id", "klantcontactenList")


@pytest.fixture(scope="module")
def older_mock() -> Iterator[str]:
    """The mock served as API 0.8.0 on a free 127.0.0.1 port."""
    with ThreadedServer(create_app(Settings(swagger_ui=False, api_version="0.8.0"))) as server:
        yield f"http://{server.host}:{server.port}{BASE_PATH}"


class Headerless(BaseHTTPRequestHandler):
    """A provider that answers every request 200 `{}` without an API-version header."""

    def do_GET(self) -> None:
        """Answer `{}`."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


def test_the_version_is_the_one_the_provider_announces(older_mock: str) -> None:
    assert provider_version(older_mock, TOKEN) == "0.8.0"
    for version, name in (("0.8.0", "klantinteracties-0.8.0.yaml"), ("0.9.0", "klantinteracties.yaml")):
        assert spec_of(version).read_bytes() == (ROOT / "specs" / name).read_bytes()


def test_a_provider_without_api_version_must_be_named_one() -> None:
    server = HTTPServer(("127.0.0.1", 0), Headerless)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}{BASE_PATH}"
    try:
        with pytest.raises(VersionError, match="sends no API-version header: name one with --api-version"):
            provider_version(url, TOKEN)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_an_unknown_version_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--api-version", "0.7.0"]) == 2
    assert capsys.readouterr().err == "make schemathesis: unknown API version '0.7.0': choose one of 0.8.0, 0.9.0\n"


def test_a_0_8_0_provider_fails_by_the_0_9_0_spec_and_passes_by_its_own(older_mock: str, tmp_path: Path) -> None:
    options = ("--phases", "fuzzing", "--max-examples", "5", "--seed", "2173", *KLANTCONTACTEN)
    by_newer = run_schemathesis(older_mock, tmp_path, *options, spec=spec_of("0.9.0"))
    assert (by_newer.exit_code, by_newer.failures) == (
        1,
        {"Schema-violating request accepted": ["POST /klantcontacten"]},
    )
    by_own = run_schemathesis(older_mock, tmp_path, *options, spec=spec_of(provider_version(older_mock, TOKEN)))
    assert (by_own.exit_code, by_own.failures, by_own.errors) == (0, {}, []), by_own.output[-4000:]
