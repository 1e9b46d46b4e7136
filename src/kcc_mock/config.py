"""Settings of a mock instance, built at the edge (CLI, tests) and passed in explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

API_VERSION = "0.9.0"  # the newest version served (the default)
DEFAULT_TOKEN = "kcc-mock-development-token"  # noqa: S105 - documented in the README; local use only


@dataclass(frozen=True)
class Settings:
    """How one mock instance behaves."""

    token: str = DEFAULT_TOKEN
    host: str = "127.0.0.1"
    port: int = 8000
    fixtures: Path | None = None
    swagger_ui: bool = True
    faults: Path | None = None  # a fault plan file loaded at start
    seed: int = 0  # seeds probability triggers and delay ranges of faults added later
    journal_size: int = 10_000
    journal_bytes: int = 32 * 1024 * 1024  # request and response bodies the journal keeps, at most
    max_body_bytes: int = 10 * 1024 * 1024  # a larger request body is refused with 413, unread
    admin_token: str | None = None  # lets the admin API answer beyond loopback
    hang_seconds: float = 300.0  # how long a `hang` fault holds a request before resetting it
    api_version: str | None = None  # the API version served (None: the newest)
    access_log: bool = False  # log every request (uvicorn's access log) to standard output
