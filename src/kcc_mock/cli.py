"""Command line: `kcc-mock serve` starts the mock provider."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from .config import DEFAULT_TOKEN, Settings


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `kcc-mock`."""
    parser = argparse.ArgumentParser(prog="kcc-mock", description="Klantinteracties API mock provider.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the mock provider")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--token", default=DEFAULT_TOKEN, help="API token clients must send (Authorization: Token ...)")
    serve.add_argument("--fixtures", type=Path, help="YAML or JSON file with objects to load at start")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kcc-mock` console script."""
    args = build_parser().parse_args(argv)
    settings = Settings(token=args.token, host=args.host, port=args.port, fixtures=args.fixtures)
    return serve(settings)


def serve(settings: Settings) -> int:
    """Build the app, load fixtures and serve until interrupted."""
    # Connexion imports Starlette's test client, which warns when httpx (a test tool) is present.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    import uvicorn

    from .fixtures import FixtureError, load_fixtures, read_fixtures
    from .http.app import create_app

    app = create_app(settings)
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
    print(f"Docs:  {base}/ui/")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    return 0
