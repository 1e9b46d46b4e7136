"""`kcc-mock serve` as a process: the access log on request, a prompt stop on SIGTERM."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

from test_cli import free_port, wait_until_up

from kcc_mock.config import DEFAULT_TOKEN

REQUEST = (
    "GET /klantinteracties/api/v1/klantcontacten?page=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    f"Authorization: Token {DEFAULT_TOKEN}\r\n{{extra}}\r\n"
)


def serve(*options: str) -> tuple[subprocess.Popen[str], int]:
    """`python -m kcc_mock serve` on a free port, up and answering."""
    port = free_port()
    command = [sys.executable, "-m", "kcc_mock", "serve", "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_up(port, process)
    return process, port


def ask(port: int, extra: str = "") -> socket.socket:
    """Send one request on a new connection and return the connection, still open."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=5)
    connection.sendall(REQUEST.replace("{extra}", extra).encode())
    return connection


def stopped_in(process: subprocess.Popen[str]) -> tuple[float, str]:
    """Send SIGTERM; return the seconds until the process ended and its output."""
    began = time.monotonic()
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=15)
    return time.monotonic() - began, out


def test_serve_logs_each_request_with_access_log_and_stops_promptly_with_a_request_hanging() -> None:
    process, port = serve("--access-log")
    with ask(port) as answered:
        assert answered.recv(65536).startswith(b"HTTP/1.1 200 ")
    with ask(port, "X-Mock-Fault: hang\r\n"):  # held for 300 s unless the server gives up
        time.sleep(0.3)
        seconds, out = stopped_in(process)
    assert seconds < 3.0
    assert '"GET /klantinteracties/api/v1/klantcontacten?page=1 HTTP/1.1" 200' in out


def test_serve_logs_no_requests_by_default_and_stops_at_once_when_idle() -> None:
    process, port = serve()
    with ask(port) as answered:
        assert answered.recv(65536).startswith(b"HTTP/1.1 200 ")
    seconds, out = stopped_in(process)
    assert seconds < 1.5
    assert "GET /klantinteracties" not in out
