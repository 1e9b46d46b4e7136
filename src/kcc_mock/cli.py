"""Command line: `kcc-mock serve` starts the mock provider; `flow` and `verify-consumer` are in http/commands.py.

Every user error (a broken file, a bad option, a port in use) is one line naming the file or option
and the problem, exit status 2, before anything is served or announced.
"""

from __future__ import annotations

import argparse
import gc
import json
import socket
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import yaml

from kcc_mock.config import DEFAULT_TOKEN, Settings
from kcc_mock.http.commands import add_commands
from kcc_mock.provider.releases import releases


class UsageError(Exception):
    """A user error: its message is one line naming the file or option and the problem."""


class _Parser(argparse.ArgumentParser):
    """argparse, reporting a bad option in one line (exit 2) instead of usage and error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `kcc-mock`."""
    parser: argparse.ArgumentParser = _Parser(prog="kcc-mock", description="Klantinteracties API mock provider.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the mock provider")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port, 1-65535 (default 8000)")
    serve.add_argument("--token", default=DEFAULT_TOKEN, help="API token clients must send (Authorization: Token ...)")
    serve.add_argument("--fixtures", type=Path, help="YAML or JSON file with objects to load at start")
    serve.add_argument("--faults", type=Path, help="YAML or JSON fault plan to apply from the start")
    serve.add_argument("--seed", type=int, default=0, help="seed of probability triggers and delay ranges")
    serve.add_argument("--journal-size", type=int, default=10_000, help="exchanges the journal keeps (default 10000)")
    serve.add_argument(
        "--journal-bytes",
        type=int,
        default=Settings.journal_bytes,
        help=f"request and response bytes the journal keeps (default {Settings.journal_bytes})",
    )
    serve.add_argument(
        "--max-body-bytes",
        type=int,
        default=Settings.max_body_bytes,
        help=f"largest request body accepted; larger ones get 413 (default {Settings.max_body_bytes})",
    )
    serve.add_argument("--admin-token", help="let the admin API (/_mock) answer beyond loopback with X-Admin-Token")
    serve.add_argument(
        "--api-version", help="the API version to serve: 0.9.0 (default, Open Klant 2.18) or 0.8.0 (2.17)"
    )
    serve.add_argument("--access-log", action="store_true", help="log every request to standard output (default off)")
    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kcc-mock` console script."""
    args = build_parser().parse_args(argv)
    if args.command != "serve":
        return int(args.handler(args))
    try:
        return serve(settings_from(args))
    except UsageError as error:
        print(f"kcc-mock: {error}", file=sys.stderr)
        return 2


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings `serve` runs with; raises UsageError for an option no server can run with."""
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: a port is a number from 1 to 65535")
    if not args.token.strip():
        raise UsageError("--token: the API token must not be empty (every request would be refused)")
    if args.journal_size < 1:
        raise UsageError(f"--journal-size {args.journal_size}: the journal keeps at least 1 exchange")
    if args.journal_bytes < 1:
        raise UsageError(f"--journal-bytes {args.journal_bytes}: the journal keeps at least 1 byte")
    if args.max_body_bytes < 1:
        raise UsageError(f"--max-body-bytes {args.max_body_bytes}: the limit is at least 1 byte")
    if args.api_version is not None and args.api_version not in releases():
        raise UsageError(f"--api-version {args.api_version}: served versions are {', '.join(sorted(releases()))}")
    for option, path in (("--fixtures", args.fixtures), ("--faults", args.faults)):
        if path is not None and not path.is_file():
            raise UsageError(f"{option} {path}: no such file")
    return Settings(
        token=args.token,
        host=args.host,
        port=args.port,
        fixtures=args.fixtures,
        faults=args.faults,
        seed=args.seed,
        journal_size=args.journal_size,
        journal_bytes=args.journal_bytes,
        max_body_bytes=args.max_body_bytes,
        admin_token=args.admin_token,
        access_log=args.access_log,
        api_version=args.api_version,
    )


def serve(settings: Settings) -> int:
    """Build the app, load fixtures, claim the port and serve until interrupted; UsageError on a user error."""
    # Connexion imports Starlette's test client, which warns when httpx (a test tool) is present.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from kcc_mock.http.app import create_app
    from kcc_mock.provider.fixtures import load_fixtures, read_fixtures

    try:
        app = create_app(settings)
    except (ValueError, OSError, yaml.YAMLError) as error:
        raise UsageError(f"--faults {settings.faults}: {describe(error)}") from error
    base = f"http://{settings.host}:{settings.port}{app.provider.spec.base_path}"
    loaded = ""
    if settings.fixtures:
        try:
            created = load_fixtures(app.provider, read_fixtures(settings.fixtures), base)
        except (ValueError, OSError, yaml.YAMLError) as error:
            raise UsageError(f"--fixtures {settings.fixtures}: {describe(error)}") from error
        loaded = f"Loaded fixtures: {', '.join(f'{len(v)} {k}' for k, v in created.items())}"
    sock = claim(settings.host, settings.port)
    if loaded:
        print(loaded)
    print(f"kcc-mock serving the Klantinteracties API at {base}")
    print(f"Token: {settings.token}    (send: Authorization: Token {settings.token})")
    print(f"Docs:  {base}/ui/    Admin: http://{settings.host}:{settings.port}/_mock/openapi.yaml")
    if app.faults.rules:
        print(f"Faults: {len(app.faults.rules)} rule(s) from {settings.faults}")
    sys.stdout.flush()
    run_uvicorn(app, settings.host, settings.port, sock=sock, access_log=settings.access_log)
    return 0


def claim(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or UsageError naming why not (before any banner is printed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UsageError(f"--host {host}: cannot be resolved ({describe(error)})") from error
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as error:
        sock.close()
        raise UsageError(f"--port {port}: cannot listen on {host}:{port} ({describe(error)})") from error
    sock.set_inheritable(True)
    return sock


def describe(error: BaseException) -> str:
    """One line saying what is wrong with a file or option."""
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        return f"invalid YAML{where}: {error.problem or error.context}"
    if isinstance(error, yaml.YAMLError):
        return f"invalid YAML: {error}".splitlines()[0]
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return " ".join(str(error).split())


def run_uvicorn(app: Any, host: str, port: int, sock: socket.socket | None = None, access_log: bool = False) -> None:
    """Serve an ASGI app until interrupted, with the options `make bench` measures."""
    import uvicorn

    from kcc_mock.http.server import config

    # The app, the spec and any seed data live as long as the process: freezing them keeps them
    # out of the collector's full passes, which otherwise stall every request for tens of ms.
    gc.collect()
    gc.freeze()
    # A request leaves a few hundred short-lived containers: with the default thresholds the collector
    # ran ~1,400 times in 30 s of load, 28 pauses over 5 ms; with these, 40 times and 5 (make bench).
    gc.set_threshold(10_000, 20, 100)
    # The transport-aware protocol lets fault injection reset connections and cut bodies short.
    server = uvicorn.Server(config(app, host, port, access_log=access_log))
    server.run(sockets=[sock] if sock is not None else None)
