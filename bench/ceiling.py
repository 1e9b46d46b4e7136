"""The ceiling: a bare Starlette app that stores a posted JSON body in a dict and returns it.

It runs under the same uvicorn options as `kcc-mock serve`, so the mock's throughput can be
reported as a fraction of what this machine's Python, event loop and HTTP parser allow at all.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PATH = "/items"


def create_ceiling_app() -> Starlette:
    """POST /items stores the JSON body under a new id and answers it with 201."""
    stored: dict[int, Any] = {}
    ids = itertools.count(1)

    async def create(request: Request) -> Response:
        body = json.loads(await request.body())
        key = next(ids)
        stored[key] = body
        return Response(json.dumps(body), status_code=201, media_type="application/json")

    async def count(request: Request) -> Response:
        return Response(json.dumps({"count": len(stored)}), media_type="application/json")

    return Starlette(routes=[Route(PATH, create, methods=["POST"]), Route(PATH, count, methods=["GET"])])


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m bench.ceiling --port N`: serve the ceiling app on 127.0.0.1."""
    from kcc_mock.cli import run_uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    run_uvicorn(create_ceiling_app(), "127.0.0.1", args.port)


if __name__ == "__main__":
    main()
