"""Planted bug: a consumer written from scratch (stdlib only) that never rolls back.

It creates the klantcontact, the actor link, the partij when the BSN is unknown and the
betrokkene, and on the first error simply exits 1, leaving whatever it made behind.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

TIMEOUT = 1.0  # generous: a busy CI machine must not turn a slow answer into a planted-bug path


def call(env: Mapping[str, str], method: str, path: str, body: Any = None) -> Any:
    """One request; raises on anything but 2xx."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Authorization": f"Token {env['KCC_TOKEN']}", "Content-Type": "application/json"}
    request = urllib.request.Request(env["KCC_BASE_URL"] + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.loads(response.read())


def main(env: Mapping[str, str]) -> int:
    """F2173 without a saga."""
    try:
        kc = call(
            env,
            "POST",
            "/klantcontacten",
            {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False},
        )
        contact = {"uuid": kc["uuid"]}
        call(env, "POST", "/actorklantcontacten", {"actor": {"uuid": env["KCC_ACTOR_UUID"]}, "klantcontact": contact})
        betrokkene: dict[str, Any] = {"hadKlantcontact": contact, "rol": "klant", "initiator": True}
        bsn = env.get("KCC_PARTIJ_BSN")
        if bsn:
            query = urllib.parse.urlencode(
                {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": bsn}
            )
            found = call(env, "GET", f"/partijen?{query}")["results"]
            identificator = {
                "codeObjecttype": "natuurlijk_persoon",
                "codeSoortObjectId": "bsn",
                "objectId": bsn,
                "codeRegister": "brp",
            }
            partij = (
                found[0]
                if found
                else call(
                    env,
                    "POST",
                    "/partijen",
                    {
                        "soortPartij": "persoon",
                        "indicatieActief": True,
                        "partijIdentificatie": {"contactnaam": {"voornaam": "Jan", "achternaam": "Vries"}},
                        "partijIdentificatoren": [{"partijIdentificator": identificator}],
                    },
                )
            )
            betrokkene["wasPartij"] = {"uuid": partij["uuid"]}
        call(env, "POST", "/betrokkenen", betrokkene)
    except (urllib.error.URLError, OSError, ValueError) as error:
        print(f"failed: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(os.environ))
