"""Rules beyond the schema: internetaken, partij-identificatoren, metadata keys."""

from __future__ import annotations

from ..exchanges import Case
from .bodies import BSN, KC, KVK, MEDEWERKER, ORGANISATIE, PERSOON, TAAK
from .steps import delete, get, kc_ref, patch, post

RULES = (
    Case(
        "internetaak-rules",
        "internetaak: one of toegewezenAanActor(en), afgehandeldOp and status, the deprecated single actor",
        (
            post("/klantcontacten", KC, "kc"),
            post("/actoren", MEDEWERKER, "actor"),
            post("/internetaken", TAAK),
            post(
                "/internetaken",
                {**TAAK, "toegewezenAanActor": kc_ref("actor"), "toegewezenAanActoren": [kc_ref("actor")]},
            ),
            post(
                "/internetaken",
                {**TAAK, "toegewezenAanActoren": [kc_ref("actor")], "afgehandeldOp": "2024-01-01T00:00:00Z"},
            ),
            post("/internetaken", {**TAAK, "toegewezenAanActor": kc_ref("actor")}, "t1"),
            patch("/internetaken/{t1}", {"status": "verwerkt"}),
            patch("/internetaken/{t1}", {"status": "te_verwerken"}),
            post("/internetaken", {**TAAK, "toegewezenAanActoren": [], "nummer": "7"}),
            delete("/actoren/{actor}"),
            get("/internetaken/{t1}"),
        ),
    ),
    Case(
        "identificator-kind",
        "partij-identificator: a kind of number (codeSoortObjectId) that does not identify the object type",
        (
            post("/partijen", PERSOON, "p"),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**BSN, "codeSoortObjectId": "rsin"}},
            ),
            delete("/partijen/{p}"),
            get("/partijen/{p}"),
        ),
    ),
    Case(
        "identificator-rules",
        "partij-identificatoren: register hierarchy, lengths, the 11-test, one per kind, nested and standalone",
        (
            post("/partijen", PERSOON, "p"),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**BSN, "codeRegister": "hr"}},
            ),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**BSN, "objectId": "123456789"}},
            ),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**BSN, "objectId": "1234"}},
            ),
            post("/partij-identificatoren", {"identificeerdePartij": kc_ref("p"), "partijIdentificator": KVK}, "kvk"),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**KVK, "objectId": "87654321"}},
            ),
            post(
                "/partijen",
                {**ORGANISATIE, "partijIdentificatoren": [{"partijIdentificator": {**KVK, "objectId": "1"}}]},
            ),
            post("/partijen", {**ORGANISATIE, "partijIdentificatoren": [{"partijIdentificator": KVK}]}),
            post(
                "/partijen",
                {
                    **ORGANISATIE,
                    "partijIdentificatoren": [
                        {"partijIdentificator": {**KVK, "objectId": "11111111"}},
                        {"partijIdentificator": {**KVK, "objectId": "22222222"}},
                    ],
                },
            ),
            post(
                "/partij-identificatoren",
                {
                    "partijIdentificator": {
                        "codeObjecttype": "vestiging",
                        "codeSoortObjectId": "vestigingsnummer",
                        "objectId": "123456789012",
                        "codeRegister": "hr",
                    }
                },
            ),
            post(
                "/partij-identificatoren",
                {
                    "partijIdentificator": {
                        "codeObjecttype": "vestiging",
                        "codeSoortObjectId": "vestigingsnummer",
                        "objectId": "123456789012",
                        "codeRegister": "hr",
                    },
                    "subIdentificatorVan": kc_ref("kvk"),
                },
            ),
            get("/partijen/{p}"),
        ),
    ),
    Case(
        "metadata-keys",
        "klantcontact metadata: keys as sent, in snake_case and camelCase, values that are not text",
        (
            post("/klantcontacten", {**KC, "metadata": {"bron_systeem": "kcc", "agentId": "42", "x": "1"}}, "kc"),
            get("/klantcontacten/{kc}"),
            post("/klantcontacten", {**KC, "metadata": {"n": 1}}),
            post("/klantcontacten", {**KC, "metadata": {"n": ""}}),
            post("/klantcontacten", {**KC, "metadata": []}),
        ),
    ),
)
