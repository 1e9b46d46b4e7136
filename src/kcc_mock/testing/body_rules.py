"""How generated request bodies keep the standard's rules between fields, and break one of them.

Tables per collection, like the mock's rule tables but read from the standard's own oracle
(`standard`), never from the mock's: COMPLETIONS draw what depends on the rest of a body or on the
objects there are to refer to (an identificator's kind and number, a partij's nested
identificatoren), FIXES make a drawn body keep each rule between its fields, and BREAKS name the
ways to break exactly one of them, with the error Open Klant answers it with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from kcc_mock.testing import standard

Body = dict[str, Any]
Refs = Mapping[str, list[str]]  # collection -> uuids that exist and may be referred to
# (kind, changes, error name, error code): one way to break a body and the invalidParams entry it earns.
Breaking = tuple[str, Body, str, str]
Completion = Callable[[Body, Refs], st.SearchStrategy[Body]]
Fix = Callable[[Body, Refs], None]
Break = Callable[[Body], list[Breaking]]

# The kinds of identificator that identify each soortPartij (a contactpersoon is a natural person).
IDENTIFIED_BY: Mapping[str, tuple[str, ...]] = {
    "persoon": ("bsn",),
    "contactpersoon": ("bsn",),
    "organisatie": ("kvk_nummer", "rsin"),
}
# The identificatoren a sub-identificator may name are given as refs["partij-identificatoren"]: kvk_nummers.
PARENTS = "partij-identificatoren"


def numbers(kind: str) -> st.SearchStrategy[str]:
    """Numbers of one kind of identificator (BSN, RSIN, KvK-nummer, vestigingsnummer) that the standard accepts."""
    return st.randoms(use_true_random=False).map(lambda rng: standard.valid_number(kind, rng))


def identificatoren(kinds: Sequence[str]) -> st.SearchStrategy[dict[str, str]]:
    """`partijIdentificator` groups of the given kinds: register, object type and a valid number of the kind."""
    return st.sampled_from(list(kinds)).flatmap(
        lambda kind: numbers(kind).map(lambda number: standard.identificator(kind, number))
    )


# ---------------------------------------------------------------- completions: drawn after the rest


def _identificator(body: Body, refs: Refs) -> st.SearchStrategy[Body]:
    """Any kind of identificator; a vestigingsnummer only when there is a kvk_nummer to be a sub-identificator of."""
    kinds = [kind for kind, spec in standard.KINDS.items() if spec.parent is None or refs.get(PARENTS)]
    return identificatoren(kinds).map(lambda group: {**body, "partijIdentificator": group})


def _nested_identificatoren(body: Body, refs: Refs) -> st.SearchStrategy[Body]:
    """Identificatoren written with their partij, of a kind that identifies it. At most one: Open Klant
    does not say in which order it lists several, and one per kind is the rule either way."""
    if "partijIdentificatoren" not in body:
        return st.just(body)
    group = identificatoren(IDENTIFIED_BY[body["soortPartij"]])
    items: st.SearchStrategy[list[Body]] = group.map(lambda drawn: [{"partijIdentificator": drawn}]) | st.just([])
    return items.map(lambda listed: {**body, "partijIdentificatoren": listed})


COMPLETIONS: Mapping[str, Completion] = {
    "partij-identificatoren": _identificator,
    "partijen": _nested_identificatoren,
}


def completed(collection: str, body: Body, refs: Refs) -> st.SearchStrategy[Body]:
    """A drawn body with what depends on it drawn as well (the body itself where nothing does)."""
    completion = COMPLETIONS.get(collection)
    return completion(body, refs) if completion else st.just(body)


# ---------------------------------------------------------------- fixes: the rules between fields kept


def _contact_succeeded(body: Body, refs: Refs) -> None:
    if not standard.contact_rule_holds(body):
        body["verdereActieOndernomen"] = False


def _one_assignment(body: Body, refs: Refs) -> None:
    # The list form only: the deprecated single form is read back as the list, so it would not echo.
    body.pop("toegewezenAanActor", None)
    body.setdefault("toegewezenAanActoren", [{"uuid": uuid} for uuid in refs.get("actoren", [])[:1]])


def _afgehandeld(body: Body, refs: Refs) -> None:
    if not standard.afgehandeld_rule_holds(body):
        del body["afgehandeldOp"]


def _fitting_address(body: Body, refs: Refs) -> None:
    kind = str(body.get("soortDigitaalAdres"))
    body["adres"] = standard.FITTING_ADDRESSES.get(kind, body.get("adres") or "x")


def _partij_key_sent(body: Body, refs: Refs) -> None:
    # Open Klant demands the key on a create (a database constraint's validator), null or not.
    body.setdefault("verstrektDoorPartij", None)


def _standaard_adres(body: Body, refs: Refs) -> None:
    if not standard.standaard_adres_rule_holds(body):
        body["isStandaardAdres"] = False


def _no_moved_addresses(body: Body, refs: Refs) -> None:
    # Listing addresses takes them from the partij that gave them; the preferred one must be among them.
    body.pop("digitaleAdressen", None)
    body.pop("voorkeursDigitaalAdres", None)


def _sub_identificator(body: Body, refs: Refs) -> None:
    """`subIdentificatorVan` names a kvk_nummer exactly when the identificator is a vestigingsnummer."""
    kind = str((body.get("partijIdentificator") or {}).get("codeSoortObjectId"))
    parent = standard.KINDS[kind].parent if kind in standard.KINDS else None
    if parent is None and body.get("subIdentificatorVan") is not None:
        body["subIdentificatorVan"] = None
    elif parent is not None and not body.get("subIdentificatorVan") and refs.get(PARENTS):
        body["subIdentificatorVan"] = {"uuid": refs[PARENTS][0]}


def _two_partijen(body: Body, refs: Refs) -> None:
    """A partij does not represent itself: the represented one is another, where there is one to name."""
    by, of = (body.get(key) or {} for key in ("vertegenwoordigendePartij", "vertegenwoordigdePartij"))
    others = [uuid for uuid in refs.get("partijen", []) if uuid != by.get("uuid")]
    if by.get("uuid") and by.get("uuid") == of.get("uuid") and others:
        body["vertegenwoordigdePartij"] = {"uuid": others[0]}


FIXES: Mapping[str, Sequence[Fix]] = {
    "klantcontacten": (_contact_succeeded,),
    "internetaken": (_one_assignment, _afgehandeld),
    "digitaleadressen": (_partij_key_sent, _fitting_address, _standaard_adres),
    "partijen": (_no_moved_addresses,),
    "partij-identificatoren": (_sub_identificator,),
    "vertegenwoordigingen": (_two_partijen,),
}


def fixed(collection: str, body: Body, refs: Refs) -> Body:
    """A copy of a body that keeps every rule between its fields (the same body when it already does)."""
    body = dict(body)
    for fix in FIXES.get(collection, ()):
        fix(body, refs)
    return body


# ---------------------------------------------------------------- breaks: one rule broken, one error


def _contact_break(body: Body) -> list[Breaking]:
    both = {"indicatieContactGelukt": True, "verdereActieOndernomen": True}
    return [("contact-succeeded", both, "nonFieldErrors", "no-further-action-when-contact-succesful")]


def _afgehandeld_break(body: Body) -> list[Breaking]:
    not_done = {"status": "te_verwerken", "afgehandeldOp": "2024-03-01T10:00:00Z"}
    return [("afgehandeld-not-done", not_done, "afgehandeldOp", "invalid")]


def _standaard_adres_break(body: Body) -> list[Breaking]:
    nobodys = {"isStandaardAdres": True, "verstrektDoorPartij": None}
    return [("standaard-adres-without-partij", nobodys, "isStandaardAdres", "invalid")]


def _identificator_breaks(body: Body) -> list[Breaking]:
    """Each rule of the register hierarchy and the number's form, broken alone. Open Klant names the
    group's fields flattened (`partijIdentificatorObjectId`) and stops at the first broken one."""
    group = body["partijIdentificator"]
    kind = standard.KINDS[group["codeSoortObjectId"]]
    other_register = next(register for register in ("brp", "hr") if register != kind.register)
    other_kind = next(name for name in standard.KINDS if name not in standard.kinds_of(kind.objecttype))
    found: list[Breaking] = [
        ("register-hierarchy", {"codeRegister": other_register}, "partijIdentificatorCodeObjecttype", "invalid"),
        ("kind-hierarchy", {"codeSoortObjectId": other_kind}, "partijIdentificatorCodeSoortObjectId", "invalid"),
        ("number-length", {"objectId": group["objectId"] + "0"}, "partijIdentificatorObjectId", "invalid"),
    ]
    if kind.eleven_test:
        wrong = standard.with_wrong_check_digit(group["objectId"])
        found.append(("eleven-test", {"objectId": wrong}, "partijIdentificatorObjectId", "invalid"))
    breaks: list[Breaking] = [
        (name, {"partijIdentificator": {**group, **change}}, error, code) for name, change, error, code in found
    ]
    if kind.parent is not None:
        breaks.append(("sub-identificator-missing", {"subIdentificatorVan": None}, "subIdentificatorVan", "invalid"))
    return breaks


BREAKS: Mapping[str, Sequence[Break]] = {
    "klantcontacten": (_contact_break,),
    "internetaken": (_afgehandeld_break,),
    "digitaleadressen": (_standaard_adres_break,),
    "partij-identificatoren": (_identificator_breaks,),
}


def breakings(collection: str, body: Body) -> list[Breaking]:
    """Every way to break one of the rules between a valid body's fields, with the error it earns."""
    return [found for rule in BREAKS.get(collection, ()) for found in rule(body)]
