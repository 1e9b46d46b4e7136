"""Judging a consumer's run from the journal and the store: checks as plain functions, one signature.

A check takes the scenario and the evidence and returns a `Check` (passed or not, a summary and
the journal lines or objects that show it). Adding a check is adding a function to `CHECKS`.
The consumer's exit status is reported with the verdict, never used to decide it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kcc_mock.consumer.scenarios import OPTIONAL_STEPS, Scenario
from kcc_mock.observe import consistency
from kcc_mock.observe.journal import Entry
from kcc_mock.provider.store import Record, Store

Key = tuple[str, str]  # (collection, uuid)


@dataclass(frozen=True)
class Evidence:
    """What a run left: its exchanges, what they created, the store, and how the consumer ended."""

    entries: Sequence[Entry]
    created: Sequence[Key]  # from 201 bodies and commit-then-fail's committed bodies
    store: Store
    actor_uuid: str
    before: Mapping[Key, Record]  # pre-existing objects as they were before the run
    exit_status: int | None  # None when the consumer was stopped
    stopped: str | None = None  # why the runner stopped it (over time, over the call bound)
    duration: float = 0.0
    dropped: int = 0  # exchanges the journal had to drop
    output: str = ""


@dataclass(frozen=True)
class Check:
    """One rule's finding for one run."""

    name: str
    passed: bool
    summary: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """A scenario's result: every check, the outcome seen, and the consumer's own account."""

    scenario: Scenario
    checks: tuple[Check, ...]
    outcome: str
    calls: int
    exit_status: int | None
    stopped: str | None = None
    duration: float = 0.0
    output: str = ""
    notes: tuple[str, ...] = field(default=())
    not_exercised: str | None = None  # why the scenario did not test this consumer (outside its flow variant)

    @property
    def passed(self) -> bool:
        """True when the scenario tested the consumer and every check passed."""
        return self.not_exercised is None and all(check.passed for check in self.checks)

    @property
    def state(self) -> str:
        """PASS, FAIL or NOT EXERCISED: a scenario outside the consumer's flow variant is neither of the others."""
        return "NOT EXERCISED" if self.not_exercised is not None else "PASS" if self.passed else "FAIL"

    @property
    def failed(self) -> list[Check]:
        """The checks that did not pass (none when the scenario did not exercise the consumer)."""
        return [check for check in self.checks if not check.passed] if self.not_exercised is None else []


CheckFunction = Callable[[Scenario, Evidence], Check]
CHECKS: list[CheckFunction] = []


def check(function: CheckFunction) -> CheckFunction:
    """Register a check; they run in registration order."""
    CHECKS.append(function)
    return function


def outside_variant(scenario: Scenario, declared: Mapping[str, bool] | None = None) -> str | None:
    """Why a scenario is outside a consumer's declared flow variant (it declared it leaves the step out), or None."""
    if scenario.variant is None or (declared or {}).get(scenario.variant, True):
        return None
    return f"the consumer declares it has no {scenario.variant} step, which this scenario breaks"


def judge(scenario: Scenario, evidence: Evidence, declared: Mapping[str, bool] | None = None) -> Verdict:
    """Run every check over one run's evidence.

    A scenario whose faults hit an optional step the consumer never took (`declared` says whether it takes
    each optional step; unsaid, its calls show it) did not test the consumer: not exercised, unless another
    check than `exercised` failed.
    """
    checks = tuple(function(scenario, evidence) for function in CHECKS)
    skipped = None
    if scenario.variant is not None and (declared or {}).get(scenario.variant) is not True:
        operation = OPTIONAL_STEPS[scenario.variant]
        if not any(entry.operation == operation for entry in evidence.entries):
            # No fault reached the consumer, so it ran a happy path: judged as one, it must complete.
            happy = replace(scenario, expect="complete", must_fire=False)
            checks = tuple(function(happy, evidence) for function in CHECKS)
            if all(check.passed for check in checks):
                skipped = (
                    f"the consumer never called {operation}: "
                    f"it has no {scenario.variant} step, which this scenario breaks"
                )
    outcome = classify(evidence)
    notes = []
    if evidence.exit_status == 0 and outcome.kind != "completed":
        ended = "was rolled back" if outcome.kind == "rolled-back" else "is incomplete"
        notes.append(f"the consumer exited 0, but the flow {ended}")
    if evidence.exit_status not in (0, None) and outcome.kind == "completed":
        notes.append(f"the consumer exited {evidence.exit_status}, but the flow completed")
    return Verdict(
        scenario,
        checks,
        outcome.kind,
        len(evidence.entries) + evidence.dropped,
        evidence.exit_status,
        evidence.stopped,
        evidence.duration,
        evidence.output,
        tuple(notes),
        skipped,
    )


def not_run(scenario: Scenario, reason: str) -> Verdict:
    """The verdict of a scenario left out because it is outside the consumer's declared flow variant."""
    return Verdict(scenario, (), "not run", 0, None, not_exercised=reason)


@dataclass(frozen=True)
class Outcome:
    """How the run ended in the store: completed, rolled back, or neither (and why)."""

    kind: str  # "completed" | "rolled-back" | "incomplete"
    klantcontact: str | None
    leftovers: tuple[Key, ...]
    problems: tuple[str, ...]


def classify(evidence: Evidence) -> Outcome:
    """Completed: one new klantcontact with the actor's link and a betrokkene, nothing else left
    but what belongs to it. Rolled back: nothing this run created is left. Otherwise incomplete."""
    store = evidence.store
    leftovers = tuple(dict.fromkeys(key for key in evidence.created if store.exists(*key)))
    if not leftovers:
        return Outcome("rolled-back", None, (), ())
    contacts = [uuid for name, uuid in leftovers if name == "klantcontacten"]
    if len(contacts) != 1:
        problem = "no klantcontact" if not contacts else f"{len(contacts)} klantcontacten"
        return Outcome("incomplete", None, leftovers, (f"{problem} left of this run: {_keys(leftovers)}",))
    contact, problems = contacts[0], []
    links = store.referrers("actorklantcontacten", "klantcontact", contact)
    if not any(_record(store, "actorklantcontacten", link).get("actor") == evidence.actor_uuid for link in links):
        problems.append(f"klantcontacten/{contact} has no actorklantcontact linking the logged-in actor")
    if not store.referrers("betrokkenen", "hadKlantcontact", contact):
        problems.append(f"klantcontacten/{contact} has no betrokkene")
    strays = [key for key in leftovers if key not in _family(store, contact, leftovers)]
    if strays:
        problems.append(f"left objects that belong to no registered contact: {_keys(strays)}")
    return Outcome("incomplete" if problems else "completed", contact, leftovers, tuple(problems))


@check
def exercised(scenario: Scenario, evidence: Evidence) -> Check:
    """Every rule of the scenario's plan fired: otherwise the scenario tested nothing."""
    rules = [str(rule.get("id")) for rule in scenario.plan.get("faults", [])]
    fired = {str(entry.fault.get("rule")): entry for entry in evidence.entries if entry.fault}
    if not scenario.must_fire or not rules:
        return Check("exercised", True, "no rule has to fire", tuple(describe(e) for e in fired.values()))
    missing = [rule for rule in rules if rule not in fired]
    shown = tuple(describe(fired[rule]) for rule in rules if rule in fired)
    if missing:
        summary = f"never fired: {', '.join(missing)} (the consumer never made the call the scenario breaks)"
        return Check("exercised", False, summary, shown)
    return Check("exercised", True, f"fired: {', '.join(rules)}", shown)


@check
def outcome(scenario: Scenario, evidence: Evidence) -> Check:
    """The run ended as the scenario expects: completed, rolled back, or either."""
    found = classify(evidence)
    wanted = {"complete": ("completed",), "rollback": ("rolled-back",), "either": ("completed", "rolled-back")}
    passed = found.kind in wanted[scenario.expect]
    if found.kind == "completed":
        assert found.klantcontact is not None
        links = evidence.store.referrers("actorklantcontacten", "klantcontact", found.klantcontact)
        people = evidence.store.referrers("betrokkenen", "hadKlantcontact", found.klantcontact)
        counts = f"{len(links)} actor link(s), {len(people)} betrokkene(n)"
        summary = f"completed: klantcontacten/{found.klantcontact} with {counts}"
    elif found.kind == "rolled-back":
        made = len(set(evidence.created))
        if made == 0:
            summary = "rolled back: the run stored nothing (no call created an object)"
        elif made == 1:
            summary = "rolled back: the 1 object this run created is gone"
        else:
            summary = f"rolled back: none of the {made} objects this run created is left"
    else:
        summary = "incomplete: " + "; ".join(found.problems)
    if not passed:
        summary = f"expected {scenario.expect}, got {summary}"
    ordered = [entry for entry in _in_time_order(evidence.entries) if entry.method != "GET"]
    creator = {key: entry for entry in ordered for key in _created_by(entry)}
    # Each leftover with the call that created it first: the terminal shows only the first lines.
    shown = [
        f"left: {name}/{uuid}" + (f", created by {describe(creator[(name, uuid)])}" if (name, uuid) in creator else "")
        for name, uuid in found.leftovers
    ]
    shown += [describe(entry) for entry in ordered]
    return Check("outcome", passed, summary, tuple(shown))


@check
def no_duplicate_klantcontact(scenario: Scenario, evidence: Evidence) -> Check:
    """No klantcontact was created while one from an earlier attempt of the run still existed."""
    live: dict[str, Entry] = {}
    duplicates: list[str] = []
    for entry in _in_time_order(evidence.entries):
        for name, uuid in _created_by(entry):
            if name != "klantcontacten":
                continue
            if live:
                earlier = ", ".join(f"{u} (#{e.sequence})" for u, e in live.items())
                duplicates.append(f"{describe(entry)} created {uuid} while {earlier} existed")
            live[uuid] = entry
        if entry.method == "DELETE" and entry.path.startswith("/klantcontacten/") and _deleted(entry):
            live.pop(entry.path.rsplit("/", 1)[-1], None)
    if duplicates:
        return Check("no-duplicate-klantcontact", False, "a second klantcontact was created", tuple(duplicates))
    count = sum(1 for name, _ in evidence.created if name == "klantcontacten")
    return Check("no-duplicate-klantcontact", True, f"{count} klantcontact(en) created, never two at once")


@check
def bounded(scenario: Scenario, evidence: Evidence) -> Check:
    """The consumer ended by itself, within the bound on API calls."""
    calls = len(evidence.entries) + evidence.dropped
    per_call: dict[str, int] = {}
    for entry in evidence.entries:
        label = f"{entry.method} {entry.operation or entry.path}"
        per_call[label] = per_call.get(label, 0) + 1
    shown = tuple(f"{count} x {label}" for label, count in sorted(per_call.items(), key=lambda item: -item[1]))
    if evidence.stopped is not None:
        return Check("bounded", False, f"stopped: {evidence.stopped} ({calls} calls)", shown)
    if calls > scenario.max_calls:
        return Check("bounded", False, f"{calls} API calls, over the bound of {scenario.max_calls}", shown)
    return Check("bounded", True, f"{calls} API calls (bound {scenario.max_calls}), ended by itself", shown)


@check
def pre_existing_untouched(scenario: Scenario, evidence: Evidence) -> Check:
    """The actor, the partij and everything else that existed before the run are as they were."""
    damage = []
    for (name, uuid), record in evidence.before.items():
        now = evidence.store.get(name, uuid)
        if now is None:
            damage.append(f"{name}/{uuid} was deleted")
        elif now != record:
            damage.append(f"{name}/{uuid} was changed")
    uuids = {uuid for _, uuid in evidence.before}
    writes = [
        describe(entry)
        for entry in evidence.entries
        if entry.method in ("DELETE", "PUT", "PATCH") and entry.path.rsplit("/", 1)[-1] in uuids
    ]
    if damage:
        return Check("pre-existing-untouched", False, "; ".join(damage), tuple(writes))
    return Check("pre-existing-untouched", True, f"all {len(evidence.before)} pre-existing objects unchanged")


@check
def store_consistent(scenario: Scenario, evidence: Evidence) -> Check:
    """The consistency report finds no orphan klantcontact, dangling reference or lone partij."""
    findings = [f for f in consistency.report(evidence.store)["findings"] if f["rule"] != "leftover"]
    if findings:
        shown = tuple(f"{f['rule']}: {f['collection']}/{f['uuid']}: {f['detail']}" for f in findings)
        return Check("store-consistent", False, f"{len(findings)} finding(s) in the consistency report", shown)
    return Check("store-consistent", True, "the consistency report is clean")


def describe(entry: Entry) -> str:
    """One journal entry as an evidence line: `#3 POST /klantcontacten -> 503 [fault ...]`."""
    query = "&".join(f"{key}={value}" for key, values in entry.query.items() for value in values)
    status = str(entry.status) if entry.status is not None else "no answer"
    line = f"#{entry.sequence} {entry.method} {entry.path}{'?' + query if query else ''} -> {status}"
    if entry.fault:
        effect = ", ".join(f"{key} {value}" for key, value in entry.fault.items() if key not in ("rule", "delayMs"))
        line += f" [fault {entry.fault.get('rule')}: {effect}]"
    if entry.committed:
        line += f" (the provider had answered {entry.committed.get('status')})"
    made = _created_by(entry)
    if made:
        line += " created " + ", ".join(f"{name}/{uuid}" for name, uuid in made)
    return line


def _in_time_order(entries: Iterable[Entry]) -> list[Entry]:
    """By the time each call arrived: a hung call is journaled when it ends, after later calls."""
    return sorted(entries, key=lambda entry: (entry.time, entry.sequence))


def _created_by(entry: Entry) -> list[Key]:
    bodies = [entry.response_body if entry.status == 201 else None]
    if entry.committed and entry.committed.get("status") == 201:
        bodies.append(entry.committed.get("body"))
    found = []
    for body in bodies:
        if isinstance(body, dict) and isinstance(body.get("url"), str) and isinstance(body.get("uuid"), str):
            found.append((body["url"].rstrip("/").split("/")[-2], body["uuid"]))
    return found


def _deleted(entry: Entry) -> bool:
    committed = entry.committed.get("status") if entry.committed else None
    return entry.status in (200, 204) or committed in (200, 204)


def _record(store: Store, name: str, uuid: str) -> Record:
    return store.get(name, uuid) or {}


def _references(store: Store, name: str, record: Record) -> set[str]:
    found: set[str] = set()
    for key in store.resources[name].references:
        value = record.get(key)
        found |= set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return found


def _family(store: Store, contact: str, leftovers: Iterable[Key]) -> set[Key]:
    """The contact and the leftovers tied to it by references either way (links, betrokkenen, partij)."""
    family = {("klantcontacten", contact)}
    uuids = {contact}
    pending = [key for key in leftovers if key not in family]
    grew = True
    while grew:  # at most one pass per leftover
        grew = False
        for key in list(pending):
            refs = _references(store, key[0], _record(store, *key))
            referred = any(key[1] in _references(store, n, _record(store, n, u)) for n, u in family)
            if refs & uuids or referred:
                family.add(key)
                uuids.add(key[1])
                pending.remove(key)
                grew = True
    return family


def _keys(keys: Iterable[Key]) -> str:
    return ", ".join(f"{name}/{uuid}" for name, uuid in keys)


def summarize(verdicts: Sequence[Verdict]) -> Mapping[str, Any]:
    """Counts for a report header."""
    passed = sum(1 for verdict in verdicts if verdict.passed)
    skipped = sum(1 for verdict in verdicts if verdict.not_exercised is not None)
    return {
        "scenarios": len(verdicts),
        "passed": passed,
        "failed": len(verdicts) - passed - skipped,
        "not_exercised": skipped,
    }
