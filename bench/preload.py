"""A mock preloaded with N klantcontacten (each with an actor link and a betrokkene), then served.

The objects are created in-process through `Provider.create`, so they pass every rule an API
request does; only the HTTP round trips are skipped. Requests are then served over real HTTP.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from kcc_mock.config import Settings
from kcc_mock.provider.operations import Provider

from . import bodies


def preload(provider: Provider, count: int, base: str) -> dict[str, Any]:
    """Create `count` flows' worth of objects; returns the actor, a sample contact and the time taken."""
    started = time.perf_counter()
    actor = provider.create("actoren", bodies.MEDEWERKER, base)["uuid"]
    sample = None
    for number in range(count):
        contact = provider.create("klantcontacten", bodies.klantcontact(str(number)), base)["uuid"]
        provider.create("actorklantcontacten", bodies.actorklantcontact(actor, contact), base)
        provider.create("betrokkenen", bodies.betrokkene(contact), base)
        if number == count // 2:
            sample = contact
    gc.collect()
    return {"actor": actor, "sample": sample, "seconds": round(time.perf_counter() - started, 3)}


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m bench.preload --port N --klantcontacten K`: print one JSON line when filled, then serve."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--klantcontacten", type=int, required=True)
    parser.add_argument("--token", default=Settings().token)
    args = parser.parse_args(argv)

    from kcc_mock.cli import run_uvicorn
    from kcc_mock.http.app import create_app

    settings = Settings(token=args.token, port=args.port)
    app = create_app(settings)
    base = f"http://127.0.0.1:{args.port}{app.provider.spec.base_path}"
    print(json.dumps(preload(app.provider, args.klantcontacten, base)), flush=True)
    sys.stdout.flush()
    run_uvicorn(app, "127.0.0.1", args.port)


if __name__ == "__main__":
    main()
