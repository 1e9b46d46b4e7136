"""`kcc-mock serve` as users run it: a real server on 127.0.0.1, fixtures, clean shutdown."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kcc_mock.cli import build_parser
from kcc_mock.config import DEFAULT_TOKEN
from kcc_mock.provider.fixtures import FixtureError, read_fixtures

ROOT = Path(__file__).parents[1]
FIXTURES = ROOT / "examples" / "fixtures.yaml"
ACTOR = "49b22823-2465-4b7e-9bae-cbc7cddcfda4"


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str, token: str | None) -> tuple[int, dict[str, object]]:
    """GET with the stdlib client; returns status and JSON body."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_until_up(port: int, process: subprocess.Popen[str]) -> None:
    """Poll the port until the server answers, failing if it exits first."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("server did not start")


@pytest.fixture
def server() -> Iterator[tuple[int, str]]:
    """`python -m kcc_mock serve` with fixtures and a custom token, stopped after the test."""
    port, token = free_port(), "test-token-123"
    command = [sys.executable, "-m", "kcc_mock", "serve", "--port", str(port), "--token", token]
    command += ["--fixtures", str(FIXTURES)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_up(port, process)
        yield port, token
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_serve_answers_with_the_given_token_and_loaded_fixtures(server: tuple[int, str]) -> None:
    port, token = server
    base = f"http://127.0.0.1:{port}/klantinteracties/api/v1"
    status, actor = get(f"{base}/actoren/{ACTOR}", token)
    assert status == 200
    assert actor["naam"] == "Jan Medewerker"
    assert actor["url"] == f"{base}/actoren/{ACTOR}"
    status, body = get(f"{base}/actoren", DEFAULT_TOKEN)
    assert (status, body["code"]) == (401, "authentication_failed")
    status, partijen = get(f"{base}/partijen?partijIdentificator__objectId=999990019", token)
    assert (status, partijen["count"]) == (200, 1)


def test_serve_prints_url_and_token() -> None:
    port = free_port()
    command = [sys.executable, "-m", "kcc_mock", "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_up(port, process)
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/klantinteracties/api/v1" in output
    assert DEFAULT_TOKEN in output


def test_serve_refuses_a_broken_fixtures_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("klanten: []\n")
    command = [sys.executable, "-m", "kcc_mock", "serve", "--port", str(free_port()), "--fixtures", str(broken)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert finished.returncode == 2
    assert "unknown collections" in finished.stderr


def test_read_fixtures_rejects_a_non_mapping(tmp_path: Path) -> None:
    broken = tmp_path / "list.json"
    broken.write_text("[1, 2]")
    with pytest.raises(FixtureError):
        read_fixtures(broken)


def test_parser_defaults_to_loopback_and_the_development_token() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.token) == ("127.0.0.1", 8000, DEFAULT_TOKEN)
