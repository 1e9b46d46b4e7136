"""The saga executor: the steps of a saga (`saga_data`) run through a provider client, compensated on failure.

No HTTP here. The executor talks to a provider through `ProviderClient` (get/post/delete returning
a `Reply`; a timeout or a dropped connection raises `Unreachable`); `http/client.py` implements it
with httpx, tests with a scripted fake.

How a step's failure is read:

- a 4xx (but 429) is definite: the provider refused and stored nothing; roll back at once.
- a 5xx, a timeout, a reset or a 201 whose body cannot be read is ambiguous: the provider may
  have acted. A step with a `lookup` asks the provider before anything else and adopts what it
  finds; otherwise (and on 429) the step is retried, a bounded number of times, with backoff.
- compensation deletes what this run created, newest first (children before parents), retrying
  a failing delete; 404 counts as done. Objects found already existing are never deleted.
- an update (PATCH) reads its object first and keeps the values it changes; a PATCH is repeated
  as it is, since doing it twice is doing it once. Undoing it writes the kept values back, unless a
  read shows they never changed (the update that failed had not landed).
- a step whose lookup could not tell whether it acted is looked up again first, as patiently as a
  delete is retried: found, it is deleted with the rest; still unknown, the run ends
  "rollback-incomplete" (the provider may hold it), never "rolled-back".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kcc_mock.consumer.saga_data import (
    EXIT_CODES,
    Created,
    Known,
    Outcome,
    ProviderClient,
    Reply,
    RetryPolicy,
    Saga,
    SagaResult,
    Step,
    Unreachable,
    Updated,
    UpdatingClient,
)

__all__ = [
    "EXIT_CODES",
    "Created",
    "Known",
    "Outcome",
    "ProviderClient",
    "Reply",
    "RetryPolicy",
    "Saga",
    "SagaExecutor",
    "SagaResult",
    "Step",
    "Unreachable",
    "Updated",
    "UpdatingClient",
]


@dataclass(frozen=True)
class _Lookup:
    """The answer to "does it exist?": known (uuid or None), or unknown with a reason."""

    known: bool
    uuid: str | None = None
    reason: str = ""
    item: Any = None  # the object found, as the list answered it


class SagaExecutor:
    """Runs a saga through a provider client, compensating on failure."""

    def __init__(
        self, client: ProviderClient, policy: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.client = client
        self.policy = policy or RetryPolicy()
        self.sleep = sleep

    def run(self, saga: Saga) -> SagaResult:
        """Perform every needed step; after a failure, undo what this run created."""
        result = SagaResult("completed", {}, [], {})
        for step in saga.steps:
            if not step.needed(result.known):
                continue
            reason = self._perform(step, result)
            if reason is not None:
                result.failed_step, result.reason = step.name, reason
                result.log.append(f"{step.name} failed: {reason}; rolling back")
                result.left = self._roll_back(result, saga.rollback_order)
                result.outcome = "rolled-back" if not result.left else "rollback-incomplete"
                return result
        result.log.append(f"{saga.name} completed")
        return result

    def _perform(self, step: Step, result: SagaResult) -> str | None:
        """Create (or find, or update) the step's object; None when done, else why it failed."""
        if step.target is not None:
            return self._update(step, result, step.target(result.known), step.body(result.known))
        if step.reuse_existing:
            found = self._find(step, result)
            if not found.known:
                return found.reason
            if found.uuid is not None:
                result.known[step.name] = result.reused[step.name] = found.uuid
                self._parts(step, found.item, 1, result)
                result.log.append(f"{step.name} {found.uuid} exists already: used, never deleted")
                if step.update_found is not None:
                    return self._update(step, result, found.uuid, step.update_found(result.known), found.item)
                return None
        path, reason = step.path or f"/{step.collection}", ""
        for attempt in range(1, self.policy.attempts + 1):
            retry_after = None
            try:
                reply = self.client.post(path, step.body(result.known))
            except Unreachable as error:
                reason, ambiguous = f"POST {path}: no answer ({error})", True
            else:
                uuid = _uuid(_dig(reply.body, step.uuid_at)) if reply.status == 201 else None
                if uuid is not None:
                    self._record(step, uuid, result, f"POST {path} -> 201", reply.body)
                    return None
                reason, retry_after = f"POST {path} -> {reply.status}", reply.retry_after
                if reply.status == 201:
                    reason += " with an unreadable body"
                ambiguous = reply.status >= 500 or reply.status == 201
                if 400 <= reply.status < 500 and reply.status != 429:
                    return reason  # refused: nothing was stored, retrying would not help
            result.log.append(f"{step.name}: {reason} (attempt {attempt} of {self.policy.attempts})")
            if ambiguous and step.lookup is not None:
                found = self._find(step, result)
                if not found.known:
                    result.unresolved = step
                    return f"{reason}; {found.reason}"
                if found.uuid is not None:
                    self._record(step, found.uuid, result, "found after the ambiguous failure", found.item, 1)
                    return None
            if attempt < self.policy.attempts:
                self.sleep(self.policy.delay(attempt, retry_after))
        return f"{reason}; gave up after {self.policy.attempts} attempts"

    def _update(
        self, step: Step, result: SagaResult, uuid: str, changes: dict[str, Any], current: Any = None
    ) -> str | None:
        """PATCH an object, keeping the values it changes; None when done, else why it failed."""
        path = f"{step.path or '/' + step.collection}/{uuid}"
        if current is None:
            current, reason = self._read(path)
            if current is None:
                return reason  # nothing was changed
        result.known[step.name] = uuid
        previous = {key: current.get(key) for key in changes}
        reason = ""
        for attempt in range(1, self.policy.attempts + 1):
            retry_after = None
            try:
                reply = self._patch(path, changes)
            except Unreachable as error:
                reason = f"PATCH {path}: no answer ({error})"
            else:
                if reply.status == 200:
                    result.updated.append(Updated(step.name, step.collection, uuid, previous, self._order(result)))
                    result.log.append(f"{step.name} {uuid}: PATCH {path} -> 200")
                    return None
                reason, retry_after = f"PATCH {path} -> {reply.status}", reply.retry_after
                if 400 <= reply.status < 500 and reply.status != 429:
                    return reason  # refused: nothing was changed
            result.log.append(f"{step.name}: {reason} (attempt {attempt} of {self.policy.attempts})")
            if attempt < self.policy.attempts:
                self.sleep(self.policy.delay(attempt, retry_after))
        # It may have landed: the rollback reads it and writes the kept values back when it did.
        result.updated.append(Updated(step.name, step.collection, uuid, previous, self._order(result)))
        return f"{reason}; gave up after {self.policy.attempts} attempts"

    def _patch(self, path: str, body: Mapping[str, Any]) -> Reply:
        if not isinstance(self.client, UpdatingClient):
            raise TypeError("a saga with update steps needs a client with patch()")
        return self.client.patch(path, body)

    def _read(self, path: str, attempts: int | None = None) -> tuple[Any, str]:
        """GET one object, patiently; (its body, "") or (None, why not)."""
        attempts = attempts or self.policy.attempts
        reason = ""
        for attempt in range(1, attempts + 1):
            try:
                reply = self.client.get(path, {})
            except Unreachable as error:
                reason = f"GET {path}: no answer ({error})"
            else:
                if reply.status == 200 and isinstance(reply.body, dict):
                    return reply.body, ""
                reason = f"GET {path} -> {reply.status}"
                if reply.status == 404:
                    return None, reason
            if attempt < attempts:
                self.sleep(self.policy.delay(attempt))
        return None, reason

    def _record(self, step: Step, uuid: str, result: SagaResult, how: str, body: Any = None, where: int = 0) -> None:
        result.known[step.name] = uuid
        result.created.append(Created(step.name, step.collection, uuid, step.compensate, self._order(result)))
        self._parts(step, body, where, result)
        result.log.append(f"{step.name} {uuid}: {how}")

    @staticmethod
    def _parts(step: Step, body: Any, where: int, result: SagaResult) -> None:
        """Remember the uuids of the parts a step created with its object (0: in its answer, 1: in a found one)."""
        for part, paths in step.parts.items():
            uuid = _uuid(_dig(body, paths[where]))
            if uuid is not None:
                result.known[f"{step.name}.{part}"] = uuid

    @staticmethod
    def _order(result: SagaResult) -> int:
        return len(result.created) + len(result.updated)

    def _find(self, step: Step, result: SagaResult, attempts: int | None = None) -> _Lookup:
        """Ask the provider whether the step's object exists (GET with the step's lookup query)."""
        assert step.lookup is not None, f"step {step.name} has no lookup"
        path, params, reason = f"/{step.collection}", step.lookup(result.known), ""
        attempts = attempts or self.policy.attempts
        for attempt in range(1, attempts + 1):
            try:
                reply = self.client.get(path, params)
            except Unreachable as error:
                reason = f"lookup GET {path}: no answer ({error})"
            else:
                results = reply.body.get("results") if isinstance(reply.body, dict) else None
                if reply.status == 200 and isinstance(results, list):
                    uuid = _uuid(results[0]) if results else None
                    result.log.append(f"{step.name}: lookup {params} -> {uuid or 'not found'}")
                    return _Lookup(True, uuid, item=results[0] if results else None)
                reason = f"lookup GET {path} -> {reply.status}"
            result.log.append(f"{step.name}: {reason} (attempt {attempt} of {attempts})")
            if attempt < attempts:
                self.sleep(self.policy.delay(attempt))
        return _Lookup(False, reason=f"{reason}: cannot tell whether {step.name} exists")

    def _roll_back(self, result: SagaResult, first: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """Undo what this run did, newest first (steps in `first` before the rest); returns what is left."""
        left = []
        step = result.unresolved
        if step is not None:
            found = self._find(step, result, attempts=self.policy.delete_attempts)
            if found.uuid is not None:
                self._record(step, found.uuid, result, "found while rolling back", found.item, 1)
            elif not found.known:
                left.append((step.collection, f"unknown ({found.reason})"))
        done: list[Created | Updated] = [*result.created, *result.updated]
        rank = {name: index for index, name in enumerate(first)}
        done.sort(key=lambda item: (rank.get(item.step, len(rank)), -item.order))
        for item in done:
            if isinstance(item, Updated):
                if not self._restore(item, result):
                    left.append((item.collection, item.uuid))
            elif item.compensate and not self._delete(item, result):
                left.append((item.collection, item.uuid))
        return left

    def _restore(self, updated: Updated, result: SagaResult) -> bool:
        """Write an update's kept values back, unless a read shows they are still there."""
        path = f"/{updated.collection}/{updated.uuid}"
        current, _ = self._read(path, self.policy.delete_attempts)
        if current is not None and all(current.get(key) == value for key, value in updated.previous.items()):
            result.log.append(f"compensation: {path} still has its earlier values")
            return True
        for attempt in range(1, self.policy.delete_attempts + 1):
            retry_after = None
            try:
                reply = self._patch(path, dict(updated.previous))
            except Unreachable as error:
                outcome = f"no answer ({error})"
            else:
                outcome, retry_after = str(reply.status), reply.retry_after
                if reply.status == 200:
                    result.log.append(f"compensation: PATCH {path} -> 200 (earlier values back)")
                    return True
                if 400 <= reply.status < 500 and reply.status != 429:
                    result.log.append(f"compensation: PATCH {path} -> {reply.status}; giving up")
                    return False
            result.log.append(f"compensation: PATCH {path} -> {outcome} (attempt {attempt})")
            if attempt < self.policy.delete_attempts:
                self.sleep(self.policy.delay(attempt, retry_after))
        return False

    def _delete(self, created: Created, result: SagaResult) -> bool:
        path = f"/{created.collection}/{created.uuid}"
        for attempt in range(1, self.policy.delete_attempts + 1):
            retry_after = None
            try:
                reply = self.client.delete(path)
            except Unreachable as error:
                outcome = f"no answer ({error})"
            else:
                outcome, retry_after = str(reply.status), reply.retry_after
                if reply.status in (200, 204, 404):  # 404: already gone (a cascade, or an earlier try)
                    result.log.append(f"compensation: DELETE {path} -> {reply.status}")
                    return True
                if 400 <= reply.status < 500 and reply.status != 429:
                    result.log.append(f"compensation: DELETE {path} -> {reply.status}; giving up")
                    return False
            result.log.append(f"compensation: DELETE {path} -> {outcome} (attempt {attempt})")
            if attempt < self.policy.delete_attempts:
                self.sleep(self.policy.delay(attempt, retry_after))
        return False


def _dig(body: Any, path: str) -> Any:
    """The value at a dotted path (`klantcontact.uuid`, `hadBetrokkenen.0.uuid`); the body itself for `uuid`."""
    if path == "uuid":
        return body
    node = body
    for key in path.removesuffix(".uuid").split("."):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict):
            node = node.get(key)
        else:
            return None
    return node


def _uuid(body: Any) -> str | None:
    uuid = body.get("uuid") if isinstance(body, dict) else None
    return uuid if isinstance(uuid, str) and uuid else None
