"""The saga executor's updates, parts and rollback order, without HTTP: a provider in memory answers every call."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from kcc_mock.consumer.saga import Known, Reply, RetryPolicy, Saga, SagaExecutor, Step, Unreachable

FAST = RetryPolicy(backoff=0.0)


class Provider:
    """Objects per collection; `fail(method, collection, *answers)` scripts the next calls: a status,
    "timeout" (nothing done), or "done-timeout" (done, then no answer)."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, dict[str, Any]]] = {}
        self.calls: list[str] = []
        self.script: dict[tuple[str, str], list[int | str]] = {}

    def fail(self, method: str, collection: str, *answers: int | str) -> None:
        self.script.setdefault((method, collection), []).extend(answers)

    def add(self, collection: str, body: Mapping[str, Any]) -> str:
        key = str(uuid.uuid4())
        self.objects.setdefault(collection, {})[key] = {**body, "uuid": key}
        return key

    def get(self, path: str, params: Mapping[str, str]) -> Reply:
        self.calls.append(f"GET {path}")
        collection, _, key = path.strip("/").partition("/")
        answer = self._next("GET", collection)
        if answer is not None:
            return self._failed(answer)
        if key:
            found = self.objects.get(collection, {}).get(key)
            return Reply(200, found) if found else Reply(404)
        hits = [o for o in self.objects.get(collection, {}).values() if all(o.get(k) == v for k, v in params.items())]
        return Reply(200, {"count": len(hits), "results": hits})

    def post(self, path: str, body: Mapping[str, Any]) -> Reply:
        self.calls.append(f"POST {path}")
        collection = path.strip("/")
        answer = self._next("POST", collection)
        if answer not in (None, "done-timeout"):
            return self._failed(answer)
        if collection == "maak":  # an object with a part, as maak-klantcontact makes them
            contact = self.add("contacten", {"ref": body["ref"]})
            part = self.add("delen", {"contact": contact})
            self.objects["contacten"][contact]["delen"] = [{"uuid": part}]
            made: Any = {"contact": {"uuid": contact}, "deel": {"uuid": part}}
        else:
            made = self.objects.setdefault(collection, {})[self.add(collection, body)]
        if answer == "done-timeout":
            raise Unreachable("timeout")
        return Reply(201, made)

    def patch(self, path: str, body: Mapping[str, Any]) -> Reply:
        self.calls.append(f"PATCH {path} {dict(body)}")
        collection, _, key = path.strip("/").partition("/")
        answer = self._next("PATCH", collection)
        if answer not in (None, "done-timeout"):
            return self._failed(answer)
        self.objects[collection][key].update(body)
        if answer == "done-timeout":
            raise Unreachable("timeout")
        return Reply(200, self.objects[collection][key])

    def delete(self, path: str) -> Reply:
        self.calls.append(f"DELETE {path}")
        collection, _, key = path.strip("/").partition("/")
        answer = self._next("DELETE", collection)
        if answer is not None:
            return self._failed(answer)
        return Reply(204) if self.objects.get(collection, {}).pop(key, None) else Reply(404)

    def _next(self, method: str, collection: str) -> int | str | None:
        queue = self.script.get((method, collection))
        return queue.pop(0) if queue else None

    @staticmethod
    def _failed(answer: int | str) -> Reply:
        if isinstance(answer, str):
            raise Unreachable(answer)
        return Reply(answer, {"status": answer})


def note(known: Known) -> dict[str, Any]:
    return {"tekst": "x"}


def close(target: str) -> Step:
    return Step("sluiten", "taken", lambda known: {"status": "klaar"}, target=lambda known: target)


def test_an_update_reads_first_and_is_written_back_when_a_later_step_fails() -> None:
    provider = Provider()
    taak = provider.add("taken", {"status": "open", "notitie": "bel"})
    provider.fail("POST", "notities", 400)
    saga = Saga("s", (close(taak), Step("notitie", "notities", note)))
    result = SagaExecutor(provider, FAST, lambda _: None).run(saga)
    assert (result.outcome, result.left) == ("rolled-back", [])
    assert provider.objects["taken"][taak] == {"status": "open", "notitie": "bel", "uuid": taak}
    assert provider.calls == [
        f"GET /taken/{taak}",
        f"PATCH /taken/{taak} {{'status': 'klaar'}}",
        "POST /notities",
        f"GET /taken/{taak}",
        f"PATCH /taken/{taak} {{'status': 'open'}}",
    ]


def test_an_update_that_never_landed_is_not_written_back() -> None:
    provider = Provider()
    taak = provider.add("taken", {"status": "open"})
    provider.fail("PATCH", "taken", "timeout", "timeout", "timeout")
    result = SagaExecutor(provider, FAST, lambda _: None).run(Saga("s", (close(taak),)))
    assert (result.outcome, result.failed_step) == ("rolled-back", "sluiten")
    assert provider.calls[-1] == f"GET /taken/{taak}"  # the read shows the earlier values: nothing to undo
    assert provider.calls.count(f"PATCH /taken/{taak} {{'status': 'open'}}") == 0


def test_an_update_that_landed_without_an_answer_is_repeated_not_doubled() -> None:
    provider = Provider()
    taak = provider.add("taken", {"status": "open"})
    provider.fail("PATCH", "taken", "done-timeout")
    result = SagaExecutor(provider, FAST, lambda _: None).run(Saga("s", (close(taak),)))
    assert result.outcome == "completed" and provider.objects["taken"][taak]["status"] == "klaar"
    assert [c for c in provider.calls if c.startswith("PATCH")] == [f"PATCH /taken/{taak} {{'status': 'klaar'}}"] * 2


def test_a_step_remembers_the_parts_it_made_from_the_answer_or_from_the_object_found() -> None:
    for answer in (None, "done-timeout"):
        provider = Provider()
        if answer:
            provider.fail("POST", "maak", answer)
        maak = Step(
            "maak",
            "contacten",
            lambda known: {"ref": "r1"},
            lookup=lambda known: {"ref": "r1"},
            path="/maak",
            uuid_at="contact.uuid",
            parts={"deel": ("deel.uuid", "delen.0.uuid")},
        )
        uses = Step("gebruik", "notities", lambda known: {"deel": known["maak.deel"]})
        result = SagaExecutor(provider, FAST, lambda _: None).run(Saga("s", (maak, uses)))
        (contact,) = provider.objects["contacten"]
        (part,) = provider.objects["delen"]
        assert (result.outcome, result.known["maak"], result.known["maak.deel"]) == ("completed", contact, part)


def test_steps_named_in_the_rollback_order_are_undone_first() -> None:
    provider = Provider()
    provider.fail("POST", "c", 400)
    steps = (Step("a", "a", note), Step("b", "b", note), Step("c", "c", note))
    SagaExecutor(provider, FAST, lambda _: None).run(Saga("s", steps, rollback_order=("a",)))
    assert [c.split("/")[1] for c in provider.calls if c.startswith("DELETE")] == ["a", "b"]
    provider = Provider()
    provider.fail("POST", "c", 400)
    SagaExecutor(provider, FAST, lambda _: None).run(Saga("s", steps))
    assert [c.split("/")[1] for c in provider.calls if c.startswith("DELETE")] == ["b", "a"]  # newest first


def test_an_object_found_and_changed_is_written_back_never_deleted() -> None:
    provider = Provider()
    adres = provider.add("adressen", {"adres": "a@b.nl", "standaard": False})
    provider.fail("POST", "notities", 400)
    find = Step(
        "adres",
        "adressen",
        lambda known: {"adres": "a@b.nl", "standaard": True},
        lookup=lambda known: {"adres": "a@b.nl"},
        reuse_existing=True,
        update_found=lambda known: {"standaard": True},
    )
    result = SagaExecutor(provider, FAST, lambda _: None).run(Saga("s", (find, Step("notitie", "notities", note))))
    assert result.outcome == "rolled-back" and result.reused == {"adres": adres}
    assert provider.objects["adressen"] == {adres: {"adres": "a@b.nl", "standaard": False, "uuid": adres}}
    assert not any(call.startswith("DELETE") for call in provider.calls)
