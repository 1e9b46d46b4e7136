"""Settings of a mock instance, built at the edge (CLI, tests) and passed in explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

API_VERSION = "0.9.0"
DEFAULT_TOKEN = "kcc-mock-development-token"  # noqa: S105 - documented in the README; local use only


@dataclass(frozen=True)
class Settings:
    """How one mock instance behaves."""

    token: str = DEFAULT_TOKEN
    host: str = "127.0.0.1"
    port: int = 8000
    fixtures: Path | None = None
    swagger_ui: bool = True
