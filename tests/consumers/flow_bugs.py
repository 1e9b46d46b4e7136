"""Planted bugs for any flow: the reference saga of the flow, each with one mistake a real consumer makes.

- never compensates: on a failure it leaves everything it did as it is;
- deletes what it found: its rollback also deletes what it did not create (an actor or partij a
  get-or-create step found, an object an input named) - someone else's data;
- retries blindly: after a create that got no (readable) answer it posts again without looking it
  up, so a create that landed is made twice;
- deletes oldest first: its rollback deletes parents before children and gives up at the first
  delete that does not answer 2xx - the 404 of a child the parent's cascade already removed - leaving
  what the cascade does not reach (an actor or partij it created, an address whose betrokkene went).

Each is a function of the flow returning an in-process consumer: environment in, exit status out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kcc_mock.consumer.flows import compile as compiled
from kcc_mock.consumer.flows.model import Flow
from kcc_mock.consumer.saga import Reply, RetryPolicy, SagaExecutor, SagaResult, Unreachable
from kcc_mock.http.client import HttpxProvider
from kcc_mock.provider.resources import RESOURCES

Consumer = Callable[[Mapping[str, str]], int]
POLICY = RetryPolicy(attempts=2, backoff=0.01)
TIMEOUT = 1.0  # generous: a busy machine must not turn a slow answer into a planted-bug path


def _run(flow: Flow, env: Mapping[str, str], executor: type[SagaExecutor], client: Any = None) -> SagaResult:
    inputs = compiled.run_inputs(flow, compiled.from_environment(flow, env))
    with HttpxProvider(env["KCC_BASE_URL"], env["KCC_TOKEN"], TIMEOUT) as http:
        return executor(client(http) if client else http, POLICY).run(compiled.saga(flow, inputs))


class _Forgetful(SagaExecutor):
    def _roll_back(self, result: SagaResult, first: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        return []  # the bug: nothing is undone


def never_compensates(flow: Flow) -> Consumer:
    """The flow without any compensation."""
    return lambda env: _run(flow, env, _Forgetful).exit_code


def deletes_what_it_found(flow: Flow) -> Consumer:
    """The reference, then, after a failure, "cleaning up" every object it used but did not create."""

    def consume(env: Mapping[str, str]) -> int:
        inputs = compiled.run_inputs(flow, compiled.from_environment(flow, env))
        with HttpxProvider(env["KCC_BASE_URL"], env["KCC_TOKEN"], TIMEOUT) as http:
            result = SagaExecutor(http, POLICY).run(compiled.saga(flow, inputs))
            if result.outcome != "completed":
                for path in _used_not_created(flow, inputs, result):
                    http.delete(path)
        return result.exit_code

    return consume


def _used_not_created(flow: Flow, inputs: Mapping[str, Any], result: SagaResult) -> list[str]:
    paths = [f"/{flow.step(name).collection}/{uuid}" for name, uuid in result.reused.items()]
    for step in flow.steps:
        if step.name not in result.known or step.name in result.reused:
            continue
        for link in step.links:
            target = RESOURCES[step.collection].references[link.field].target
            for alternatives in link.expressions:
                named = [inputs.get(e.split(".", 1)[1]) for e in alternatives if e.startswith("inputs.")]
                paths += [f"/{target}/{uuid}" for uuid in named if uuid]
    return list(dict.fromkeys(paths))


class _NoLookupAfterFailure:
    """A client that, once a create of a collection got no readable answer, never asks about it again."""

    def __init__(self, http: HttpxProvider) -> None:
        self.http = http
        self.unsure: set[str] = set()

    def get(self, path: str, params: Mapping[str, str]) -> Reply:
        if path.strip("/") in self.unsure:
            return Reply(200, {"count": 0, "results": []})  # the bug: "it did not land", unasked
        return self.http.get(path, params)

    def post(self, path: str, body: Mapping[str, Any]) -> Reply:
        collection = "klantcontacten" if path == "/maak-klantcontact" else path.strip("/")
        try:
            reply = self.http.post(path, body)
        except Unreachable:
            self.unsure.add(collection)
            raise
        if reply.status >= 500 or (reply.status == 201 and reply.body is None):
            self.unsure.add(collection)
        return reply

    def delete(self, path: str) -> Reply:
        return self.http.delete(path)

    def patch(self, path: str, body: Mapping[str, Any]) -> Reply:
        return self.http.patch(path, body)


def retries_blindly(flow: Flow) -> Consumer:
    """The flow whose creates are posted again after no answer, without a lookup."""
    return lambda env: _run(flow, env, SagaExecutor, _NoLookupAfterFailure).exit_code


class _OldestFirst(SagaExecutor):
    def _roll_back(self, result: SagaResult, first: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        left = [(c.collection, c.uuid) for c in result.created if c.compensate]
        for created in [c for c in result.created if c.compensate]:  # the bug: parents first
            reply = self.client.delete(f"/{created.collection}/{created.uuid}")
            if reply.status not in (200, 204):
                break  # the bug: a 404 of what a cascade removed stops the rollback
            left.remove((created.collection, created.uuid))
        for updated in result.updated:
            self.client.patch(f"/{updated.collection}/{updated.uuid}", dict(updated.previous))  # type: ignore[attr-defined]
        return left


def deletes_oldest_first(flow: Flow) -> Consumer:
    """The flow whose rollback deletes in creation order and stops at the first delete that is not 2xx."""
    return lambda env: _run(flow, env, _OldestFirst).exit_code


PLANTED: Mapping[str, Callable[[Flow], Consumer]] = {
    "never_compensates": never_compensates,
    "deletes_what_it_found": deletes_what_it_found,
    "retries_blindly": retries_blindly,
    "deletes_oldest_first": deletes_oldest_first,
}
