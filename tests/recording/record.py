"""Record the cases from a running Open Klant: `python -m tests.recording.record --url URL --token TOKEN`.

The server must hold no klantcontacten, actoren, partijen or digitale adressen when the run starts
(a fresh or reset instance): lists and counts are part of the recordings. After each case the
recorder deletes everything again, so every case starts from an empty server, as the replay does.
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

from .exchanges import Case, Normaliser, request_record
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
)


def run_case(client: httpx.Client, base: str, token: str, case: Case) -> dict[str, Any]:
    """Send a case's steps and return its recording."""
    normaliser = Normaliser("{0.scheme}://{0.netloc}".format(urlsplit(base)))
    exchanges = []
    for step in case.steps:
        recorded = send(client, base, token, step, normaliser)
        exchanges.append({"request": request_record(step), "response": recorded})
    return {"title": case.title, "exchanges": exchanges}


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
    args = parser.parse_args(argv)
    base = args.url.rstrip("/")
    if not base.endswith(BASE_PATH):
        base += BASE_PATH
    with httpx.Client(timeout=60) as client:
        if not empty(client, base, args.token, wipe=False):
            print("The server holds data: record against a fresh or reset Open Klant.", file=sys.stderr)
            return 2
        folder = args.out / f"openklant-{args.release}"
        folder.mkdir(parents=True, exist_ok=True)
        count = 0
        for case in cases_for(args.release):
            if args.case and case.slug not in args.case:
                continue
            recording = run_case(client, base, args.token, case)
            text = json.dumps(recording, indent=2, ensure_ascii=False) + "\n"
            (folder / f"{case.slug}.json").write_text(text, encoding="utf-8")
            count += len(recording["exchanges"])
            if not empty(client, base, args.token, wipe=True):
                print(f"Could not delete what {case.slug} created.", file=sys.stderr)
                return 1
            print(f"{case.slug}: {len(recording['exchanges'])} exchanges")
    print(f"{count} exchanges recorded in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
