"""Servers under test as child processes on 127.0.0.1: start-up time, CPU and resident memory."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[1]
_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """A server process and the port it listens on."""

    process: subprocess.Popen[bytes]
    port: int

    def cpu_seconds(self) -> float:
        """User plus system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS

    def rss_mb(self) -> float:
        """Resident memory in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        """Terminate the process and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def busy_cpu_seconds() -> float:
    """CPU time every process on the machine has used (all cores), from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / _TICKS


def python_module(module: str, *arguments: str) -> list[str]:
    """The command running `python -m module arguments` with this interpreter."""
    return [sys.executable, "-m", module, *arguments]


def start(command: list[str], port: int) -> Server:
    """Start a server process; its stdout is piped (for a ready line), its log discarded."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # noqa: S603
    return Server(process, port)


def first_answer(server: Server, probe: str, headers: dict[str, str], timeout: float = 180) -> float:
    """Poll until the server answers `probe`; returns the monotonic time it first did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            connection.request("GET", probe, headers=headers)
            connection.getresponse().read()
            connection.close()
            return time.monotonic()
        except OSError:
            time.sleep(0.005)
    server.stop()
    raise RuntimeError("server did not answer in time")
