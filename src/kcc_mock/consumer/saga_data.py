"""The saga as data: its steps, the client protocol it talks through, the retry policy and a run's result.

`saga` runs it; this module only says what there is to run and what a run leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Outcome = Literal["completed", "rolled-back", "rollback-incomplete"]
Known = Mapping[str, str]  # step name -> uuid of the object the saga has for it so far
EXIT_CODES: Mapping[Outcome, int] = {"completed": 0, "rolled-back": 1, "rollback-incomplete": 3}


@dataclass(frozen=True)
class Reply:
    """What the provider answered."""

    status: int
    body: Any = None  # parsed JSON; None when empty or unreadable
    malformed: bool = False  # a body came but it was not JSON
    retry_after: float | None = None  # seconds, from a Retry-After header


class Unreachable(Exception):
    """No answer: a timeout, a reset or a dropped connection. The provider may have acted."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


class ProviderClient(Protocol):
    """The calls the saga makes; paths are relative to the API's base URL (`/klantcontacten`)."""

    def get(self, path: str, params: Mapping[str, str]) -> Reply:
        """GET a path with query parameters."""
        ...

    def post(self, path: str, body: Mapping[str, Any]) -> Reply:
        """POST a JSON body."""
        ...

    def delete(self, path: str) -> Reply:
        """DELETE a path."""
        ...


@runtime_checkable
class UpdatingClient(ProviderClient, Protocol):
    """A client that can also PATCH: what a saga with update steps needs."""

    def patch(self, path: str, body: Mapping[str, Any]) -> Reply:
        """PATCH a JSON body."""
        ...


def _always(known: Known) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One write of the saga (a create, or an update of a `target`), how to find its object again, and
    whether to undo it."""

    name: str
    collection: str
    body: Callable[[Known], dict[str, Any]]
    lookup: Callable[[Known], dict[str, str]] | None = None  # query that finds the object it creates
    reuse_existing: bool = False  # look up first; an object found is used and never deleted
    needed: Callable[[Known], bool] = _always
    compensate: bool = True  # delete the object on rollback
    path: str | None = None  # where a create is posted (default /collection: maak-klantcontact differs)
    uuid_at: str = "uuid"  # dotted path of the object's uuid in the create's answer
    parts: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # part -> (path in answer, in a found object)
    target: Callable[[Known], str] | None = None  # an update: the uuid of the object it changes (PATCH body)
    update_found: Callable[[Known], dict[str, Any]] | None = None  # reuse_existing: change a found object so


@dataclass(frozen=True)
class Saga:
    """Steps in order; compensation runs backwards over what was done (steps in `rollback_order` first)."""

    name: str
    steps: tuple[Step, ...]
    rollback_order: tuple[str, ...] = ()


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently calls are repeated."""

    attempts: int = 3  # POSTs of one step, and GETs of one lookup
    delete_attempts: int = 5
    backoff: float = 0.2  # seconds before the first retry; doubles each time
    max_backoff: float = 2.0  # also caps a provider's Retry-After

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        wanted = max(self.backoff * 2.0 ** (attempt - 1), retry_after or 0.0)
        return min(wanted, self.max_backoff)


@dataclass(frozen=True)
class Created:
    """An object this run created (or found after an ambiguous failure, which is the same)."""

    step: str
    collection: str
    uuid: str
    compensate: bool
    order: int = 0  # when it was done, among creates and updates


@dataclass(frozen=True)
class Updated:
    """An object this run changed (or may have changed), with the values it had before."""

    step: str
    collection: str
    uuid: str
    previous: Mapping[str, Any]
    order: int = 0


@dataclass
class SagaResult:
    """How a run ended, what it made, what it could not undo, and what it did, line by line."""

    outcome: Outcome
    known: dict[str, str]
    created: list[Created]
    reused: dict[str, str]
    updated: list[Updated] = field(default_factory=list)
    failed_step: str | None = None
    reason: str = ""
    left: list[tuple[str, str]] = field(default_factory=list)  # created (or maybe created), not undone
    unresolved: Step | None = None  # the failed step, when it is unknown whether the provider acted
    log: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 completed, 1 failed and rolled back, 3 failed with objects left behind."""
        return EXIT_CODES[self.outcome]
