"""Record the cases from a running Open Klant: `python -m tests.recording.record --url URL --token TOKEN`.

The server must hold no klantcontacten, actoren, partijen or digitale adressen when the run starts
(a fresh or reset instance): lists and counts are part of the recordings. After each case the
recorder deletes everything again, so every case starts from an empty server, as the replay does.

`--shared` records from a server that holds other people's objects (one that must not be reset):
each case may then list only collections that are empty when it starts (checked before it runs;
filtered lists are the case's own concern), and afterwards only what the case created is deleted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from .exchanges import Case, Normaliser, request_record, substitute
from .release_cases import cases_for
from .replay import send

BASE_PATH = "/klantinteracties/api/v1"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "recordings"
# Deleted in this order after each case: the first two take most of the rest with them.
COLLECTIONS = (
    "klantcontacten",
    "actoren",
    "partijen",
    "digitaleadressen",
    "partij-identificatoren",
    "onderwerpobjecten",
    "bijlagen",
    "internetaken",
    "betrokkenen",
    "actorklantcontacten",
    "vertegenwoordigingen",
    "categorie-relaties",
    "categorieen",
    "rekeningnummers",
)


def run_case(client: httpx.Client, base: str, token: str, case: Case, created: list[str]) -> dict[str, Any]:
    """Send a case's steps and return its recording; `created` gets the url of every object it created."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    normaliser = Normaliser(origin)
    exchanges = []
    for step in case.steps:
        recorded = send(client, base, token, step, normaliser)
        exchanges.append({"request": request_record(step), "response": recorded})
        location = recorded["headers"].get("location")
        if recorded["status"] == 201 and location:
            created.append(substitute(location.replace("{origin}", origin), normaliser.bindings))
    return {"title": case.title, "exchanges": exchanges}


def listed_collections(case: Case) -> set[str]:
    """The collections a case lists without a filter: what must be empty on a shared server."""
    lists = (step for step in case.steps if step.method == "GET" and not step.query and step.path.startswith("/"))
    return {step.path.strip("/") for step in lists if step.path.count("/") == 1}


def unshared(client: httpx.Client, base: str, token: str, case: Case) -> list[str]:
    """The collections a case lists that hold objects before it runs (on a shared server)."""
    auth = {"Authorization": f"Token {token}"}
    return sorted(
        name
        for name in listed_collections(case)
        if client.get(f"{base}/{name}", headers=auth).json().get("count", 0) != 0
    )


def remove(client: httpx.Client, token: str, created: list[str]) -> bool:
    """Delete what a case created, newest first (a 404: gone with an earlier delete); True when all went."""
    auth = {"Authorization": f"Token {token}"}
    return all(client.delete(url, headers=auth).status_code in (204, 404) for url in reversed(created))


def empty(client: httpx.Client, base: str, token: str, wipe: bool) -> bool:
    """Delete everything listed (when `wipe`) and tell whether every collection is empty."""
    auth = {"Authorization": f"Token {token}"}
    for _ in range(5):
        left = 0
        for collection in COLLECTIONS:
            listed = client.get(f"{base}/{collection}", params={"pageSize": "500"}, headers=auth)
            listed.raise_for_status()
            for item in listed.json()["results"]:
                left += 1
                if wipe:
                    client.delete(f"{base}/{collection}/{item['uuid']}", headers=auth)
        if left == 0:
            return True
        if not wipe:
            return False
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Record every case (or those named with --case) into OUT/openklant-RELEASE/*.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8800 (the API base is added)")
    parser.add_argument("--token", required=True)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--release", default="2.18.0", help="the Open Klant release, names the folder")
    parser.add_argument("--case", action="append", default=[], help="record only this case (slug); repeatable")
    parser.add_argument("--shared", action="store_true", help="the server holds others' objects: keep them")
    args = parser.parse_args(argv)
    base = args.url.rstrip("/")
    if not base.endswith(BASE_PATH):
        base += BASE_PATH
    with httpx.Client(timeout=60) as client:
        if not args.shared and not empty(client, base, args.token, wipe=False):
            print("The server holds data: record against a fresh or reset Open Klant.", file=sys.stderr)
            return 2
        folder = args.out / f"openklant-{args.release}"
        folder.mkdir(parents=True, exist_ok=True)
        count = 0
        for case in cases_for(args.release):
            if args.case and case.slug not in args.case:
                continue
            taken = unshared(client, base, args.token, case) if args.shared else []
            if taken:
                print(f"{case.slug}: lists {', '.join(taken)}, which hold others' objects.", file=sys.stderr)
                return 2
            created: list[str] = []
            recording = run_case(client, base, args.token, case, created)
            text = json.dumps(recording, indent=2, ensure_ascii=False) + "\n"
            (folder / f"{case.slug}.json").write_text(text, encoding="utf-8")
            count += len(recording["exchanges"])
            cleaned = remove(client, args.token, created) if args.shared else empty(client, base, args.token, wipe=True)
            if not cleaned:
                print(f"Could not delete what {case.slug} created.", file=sys.stderr)
                return 1
            print(f"{case.slug}: {len(recording['exchanges'])} exchanges")
    print(f"{count} exchanges recorded in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
