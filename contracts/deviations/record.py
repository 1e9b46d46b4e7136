"""Records, from a running provider, the exchanges that show each known deviation of the reference
and a conforming counterpart of each; the recordings are the tests' oracle for the recognisers.

    python -m contracts.deviation_evidence --url URL --token TOKEN [--out tests/data/known-deviations.json]

Everything it creates is deleted again, newest first.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from contracts.client.evidence import Exchange
from contracts.client.ledger import Ledger
from contracts.client.payloads import Payloads
from contracts.client.target import Target

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "known-deviations.json"


class Recorder:
    """Sends requests, keeps the labelled ones, and deletes what it created."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.ledger = Ledger()
        self.kept: list[dict[str, Any]] = []

    def send(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> Exchange:
        """Send one request; a 201 goes on the cleanup ledger."""
        exchange = self.target.send(method, path, json=body, params=params)
        if method == "POST" and exchange.status == 201 and isinstance(exchange.json(), dict):
            uuid = exchange.json().get("uuid")
            collection = "klantcontacten" if path == "/maak-klantcontact" else path.strip("/").split("/")[0]
            if isinstance(uuid, str):
                self.ledger.add(collection, uuid)
            elif collection == "klantcontacten":
                self.ledger.add(collection, exchange.json()["klantcontact"]["uuid"])
        return exchange

    def keep(self, deviation: str | None, label: str, exchange: Exchange) -> Exchange:
        """Keep an exchange as evidence of `deviation` (None: a counterpart no deviation may match)."""
        url = urlsplit(exchange.url)
        self.kept.append(
            {
                "deviation": deviation,
                "label": label,
                "method": exchange.method,
                "path": url.path.split("/klantinteracties/api/v1", 1)[-1],
                "query": url.query,
                "request": json.loads(exchange.request_body) if exchange.request_body else None,
                "status": exchange.status,
                "response": exchange.json(),
            }
        )
        return exchange

    def created(self, path: str, body: Any) -> str:
        """POST a body that must be accepted; returns the uuid."""
        exchange = self.send("POST", path, body)
        assert exchange.status == 201, exchange.as_text()
        uuid: str = exchange.json()["uuid"]
        return uuid

    def clean_up(self) -> list[str]:
        """Delete everything created, newest first; returns what could not be deleted."""
        _, leftovers = self.ledger.cleanup(lambda collection, uuid: self.target.send("DELETE", f"/{collection}/{uuid}"))
        return leftovers


def record(target: Target) -> list[dict[str, Any]]:
    """Every recording, in a fixed order."""
    rec = Recorder(target)
    try:
        eenheid = {"naam": "Balie", "soortActor": "organisatorische_eenheid", "indicatieActief": True}
        made = rec.keep(
            "OK-01", "create with an empty group", rec.send("POST", "/actoren", {**eenheid, "actorIdentificatie": {}})
        )
        filled = {"actorIdentificatie": {"omschrijving": "Burgerzaken"}}
        rec.keep(None, "create with a filled group", rec.send("POST", "/actoren", {**eenheid, **filled}))
        actor = made.json()["uuid"]
        kind: dict[str, Any] = {"soortActor": "organisatorische_eenheid"}
        rec.keep(
            None, "patch with a filled group and the kind", rec.send("PATCH", f"/actoren/{actor}", {**kind, **filled})
        )
        other: dict[str, Any] = {"actorIdentificatie": {"omschrijving": "Publiekszaken"}}
        rec.keep("OK-05", "patch with a filled group, no kind", rec.send("PATCH", f"/actoren/{actor}", other))
        rec.keep(
            "OK-01", "patch with an empty group", rec.send("PATCH", f"/actoren/{actor}", {"actorIdentificatie": {}})
        )

        persoon = {"soortPartij": "contactpersoon", "indicatieActief": True}
        made = rec.keep(
            "OK-02", "create with an empty group", rec.send("POST", "/partijen", {**persoon, "partijIdentificatie": {}})
        )
        named: dict[str, Any] = {
            "partijIdentificatie": {
                "contactnaam": {
                    "voornaam": "Jan",
                    "voorvoegselAchternaam": "",
                    "achternaam": "Vries",
                    "voorletters": "J",
                }
            }
        }
        rec.keep(None, "create with a filled group", rec.send("POST", "/partijen", {**persoon, **named}))
        partij = made.json()["uuid"]
        kind = {"soortPartij": "contactpersoon"}
        rec.keep(
            None, "patch with a filled group and the kind", rec.send("PATCH", f"/partijen/{partij}", {**kind, **named})
        )
        other = {
            "partijIdentificatie": {"contactnaam": {**named["partijIdentificatie"]["contactnaam"], "voornaam": "Piet"}}
        }
        rec.keep("OK-05", "patch with a filled group, no kind", rec.send("PATCH", f"/partijen/{partij}", other))
        rec.keep(
            "OK-02", "patch with an empty group", rec.send("PATCH", f"/partijen/{partij}", {"partijIdentificatie": {}})
        )

        owner = rec.created("/partijen", _organisatie())
        adres = {
            "verstrektDoorPartij": {"uuid": owner},
            "soortDigitaalAdres": "email",
            "adres": "jan@example.nl",
            "referentie": "werk",
        }
        made = rec.keep(None, "create", rec.send("POST", "/digitaleadressen", adres))
        uuid = made.json()["uuid"]
        rec.keep(None, "a second address with the same three", rec.send("POST", "/digitaleadressen", adres))
        rec.keep("OK-03", "put with its own referentie", rec.send("PUT", f"/digitaleadressen/{uuid}", adres))
        rec.keep(
            "OK-03",
            "patch with its own referentie",
            rec.send("PATCH", f"/digitaleadressen/{uuid}", {"referentie": "werk"}),
        )
        rec.keep(
            None,
            "patch with another referentie",
            rec.send("PATCH", f"/digitaleadressen/{uuid}", {"referentie": "thuis"}),
        )

        contact = rec.created("/klantcontacten", _klantcontact())
        rec.created("/betrokkenen", Payloads.betrokkene(contact, owner))
        path = f"/klantcontacten/{contact}"
        rec.keep("OK-04", "the dotted path alone", rec.send("GET", path, params={"expand": "hadBetrokkenen.wasPartij"}))
        both = {"expand": "hadBetrokkenen,hadBetrokkenen.wasPartij"}
        rec.keep(None, "the dotted path and its parent", rec.send("GET", path, params=both))

        maak: dict[str, Any] = {"klantcontact": _klantcontact(), "onderwerpobject": {}}
        rec.keep(
            "OK-06", "maak-klantcontact with an empty onderwerpobject", rec.send("POST", "/maak-klantcontact", maak)
        )
        identified = {
            "onderwerpobjectidentificator": {
                "objectId": "1",
                "codeObjecttype": "zaak",
                "codeRegister": "zrc",
                "codeSoortObjectId": "uuid",
            }
        }
        maak = {"klantcontact": _klantcontact(), "onderwerpobject": identified}
        rec.keep(None, "maak-klantcontact with an onderwerpobject", rec.send("POST", "/maak-klantcontact", maak))
        maak = {"klantcontact": _klantcontact(), "betrokkene": None, "onderwerpobject": None}
        rec.keep(None, "maak-klantcontact with null parts", rec.send("POST", "/maak-klantcontact", maak))
    finally:
        leftovers = rec.clean_up()
    assert not leftovers, f"could not delete: {leftovers}"
    return rec.kept


def _organisatie() -> dict[str, Any]:
    return {"soortPartij": "organisatie", "indicatieActief": True, "partijIdentificatie": {"naam": "Wereldwinkel"}}


def _klantcontact() -> dict[str, Any]:
    return {"kanaal": "telefoon", "onderwerp": "Afvalinzameling", "taal": "nld", "vertrouwelijk": False}


def main(argv: Sequence[str] | None = None) -> int:
    """Record and write the evidence file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--provider", default="Open Klant 2.18.0", help="what the recordings come from")
    args = parser.parse_args(argv)
    target = Target.from_url(args.url, args.token)
    try:
        kept = record(target)
    finally:
        target.close()
    note = {"recorded_from": args.provider, "by": "python -m contracts.deviation_evidence", "recordings": kept}
    args.out.write_text(json.dumps(note, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(kept)} exchanges written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
