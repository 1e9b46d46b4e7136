"""Command line: `kcc-mock serve` starts the mock provider; `flow` and `verify-consumer` are in http/commands.py."""

from __future__ import annotations

import argparse
import gc
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import DEFAULT_TOKEN, Settings
from .http.commands import add_commands


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `kcc-mock`."""
    parser = argparse.ArgumentParser(prog="kcc-mock", description="Klantinteracties API mock provider.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the mock provider")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--token", default=DEFAULT_TOKEN, help="API token clients must send (Authorization: Token ...)")
    serve.add_argument("--fixtures", type=Path, help="YAML or JSON file with objects to load at start")
    serve.add_argument("--faults", type=Path, help="YAML or JSON fault plan to apply from the start")
    serve.add_argument("--seed", type=int, default=0, help="seed of probability triggers and delay ranges")
    serve.add_argument("--journal-size", type=int, default=10_000, help="exchanges the journal keeps (default 10000)")
    serve.add_argument("--admin-token", help="let the admin API (/_mock) answer beyond loopback with X-Admin-Token")
    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kcc-mock` console script."""
    args = build_parser().parse_args(argv)
    if args.command != "serve":
        return int(args.handler(args))
    settings = Settings(
        token=args.token,
        host=args.host,
        port=args.port,
        fixtures=args.fixtures,
        faults=args.faults,
        seed=args.seed,
        journal_size=args.journal_size,
        admin_token=args.admin_token,
    )
    return serve(settings)


def serve(settings: Settings) -> int:
    """Build the app, load fixtures and serve until interrupted."""
    # Connexion imports Starlette's test client, which warns when httpx (a test tool) is present.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from .faults import FaultPlanError
    from .fixtures import FixtureError, load_fixtures, read_fixtures
    from .http.app import create_app

    try:
        app = create_app(settings)
    except (FaultPlanError, OSError, ValueError) as error:
        print(f"kcc-mock: fault plan {settings.faults}: {error}", file=sys.stderr)
        return 2
    base = f"http://{settings.host}:{settings.port}{app.provider.spec.base_path}"
    if settings.fixtures:
        try:
            created = load_fixtures(app.provider, read_fixtures(settings.fixtures), base)
        except (FixtureError, OSError) as error:
            print(f"kcc-mock: {error}", file=sys.stderr)
            return 2
        print(f"Loaded fixtures: {', '.join(f'{len(v)} {k}' for k, v in created.items())}")
    print(f"kcc-mock serving the Klantinteracties API at {base}")
    print(f"Token: {settings.token}    (send: Authorization: Token {settings.token})")
    print(f"Docs:  {base}/ui/    Admin: http://{settings.host}:{settings.port}/_mock/openapi.yaml")
    if app.faults.rules:
        print(f"Faults: {len(app.faults.rules)} rule(s) from {settings.faults}")
    run_uvicorn(app, settings.host, settings.port)
    return 0


def run_uvicorn(app: Any, host: str, port: int) -> None:
    """Serve an ASGI app until interrupted, with the options `make bench` measures."""
    import uvicorn

    from .http.server import config

    # The app, the spec and any seed data live as long as the process: freezing them keeps them
    # out of the collector's full passes, which otherwise stall every request for tens of ms.
    gc.collect()
    gc.freeze()
    # A request leaves a few hundred short-lived containers: with the default thresholds the collector
    # ran ~1,400 times in 30 s of load, 28 pauses over 5 ms; with these, 40 times and 5 (make bench).
    gc.set_threshold(10_000, 20, 100)
    # The transport-aware protocol lets fault injection reset connections and cut bodies short.
    uvicorn.Server(config(app, host, port)).run()
