"""Judging a consumer's run from the journal and the store: checks as plain functions, one signature.

A check takes the scenario and the evidence and returns a `Check` (passed or not, a summary and
the journal lines or objects that show it). Adding a check is adding a function to `CHECKS`.
The consumer's exit status is reported with the verdict, never used to decide it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kcc_mock.consumer.flows.model import Flow
from kcc_mock.consumer.flows.templates import Scope, Unavailable, evaluate
from kcc_mock.consumer.outcome import Evidence, Key, Outcome, changes_allowed, classify
from kcc_mock.consumer.scenarios import Scenario
from kcc_mock.observe import consistency
from kcc_mock.observe.journal import Entry
from kcc_mock.provider.listing import Filters

__all__ = ["Check", "Evidence", "Key", "Outcome", "Verdict", "classify", "judge", "not_run", "summarize"]


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
    entries: tuple[Entry, ...] = field(default=(), repr=False)  # the run's exchanges, for the reports' diagrams

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
        operation = scenario.flow.step(scenario.variant).operation
        if not any(entry.operation == operation for entry in evidence.entries):
            # No fault reached the consumer, so it ran a happy path: judged as one, it must complete.
            happy = replace(scenario, expect="complete", must_fire=False)
            checks = tuple(function(happy, evidence) for function in CHECKS)
            if all(check.passed for check in checks):
                skipped = (
                    f"the consumer never called {operation}: "
                    f"it has no {scenario.variant} step, which this scenario breaks"
                )
    outcome = classify(evidence, scenario)
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
        tuple(evidence.entries),
    )


def not_run(scenario: Scenario, reason: str) -> Verdict:
    """The verdict of a scenario left out because it is outside the consumer's declared flow variant."""
    return Verdict(scenario, (), "not run", 0, None, not_exercised=reason)


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
    found = classify(evidence, scenario)
    wanted = {"complete": ("completed",), "rollback": ("rolled-back",), "either": ("completed", "rolled-back")}
    passed = found.kind in wanted[scenario.expect]
    if found.kind == "completed":
        counts = ", ".join(f"{count} {label}" for label, count in found.counts)
        summary = f"completed: {scenario.flow.anchor.collection}/{found.klantcontact}" + (
            f" with {counts}" if counts else ""
        )
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


def duplicates_check_name(flow: Flow) -> str:
    """`no-duplicate-<step>` when one step is watched for duplicates (F2173's klantcontact), else `no-duplicates`."""
    watched = [step.name for step in flow.steps if step.unique]
    return f"no-duplicate-{watched[0]}" if len(watched) == 1 else "no-duplicates"


@check
def no_duplicate_klantcontact(scenario: Scenario, evidence: Evidence) -> Check:
    """No object of a step watched for duplicates was created while one from an earlier attempt of the run
    still existed; no get-or-create step's lookup finds two objects, one of them created by the run."""
    flow = scenario.flow
    name = duplicates_check_name(flow)
    duplicates: list[str] = []
    twice: list[str] = []  # the steps made twice
    counts = []
    for step in flow.steps:
        if not step.unique:
            continue
        found = len(duplicates)
        if step.kind == "get-or-create":
            duplicates += _found_twice(scenario, evidence, step.name)
            twice += [step.name] if len(duplicates) > found else []
            continue
        live: dict[str, Entry] = {}
        for entry in _in_time_order(evidence.entries):
            for collection, uuid in _created_by(entry):
                if collection != step.collection:
                    continue
                if live:
                    earlier = ", ".join(f"{u} (#{e.sequence})" for u, e in live.items())
                    duplicates.append(f"{describe(entry)} created {uuid} while {earlier} existed")
                live[uuid] = entry
            if entry.method == "DELETE" and entry.path.startswith(f"/{step.collection}/") and _deleted(entry):
                live.pop(entry.path.rsplit("/", 1)[-1], None)
        twice += [step.name] if len(duplicates) > found else []
        made = sum(1 for collection, _ in evidence.created if collection == step.collection)
        counts.append(f"{made} {step.name}(en) created, never two at once")
    if duplicates:
        return Check(name, False, f"a second {' and a second '.join(twice)} was created", tuple(duplicates))
    return Check(name, True, "; ".join(counts) or "no get-or-create step made a second object")


def _found_twice(scenario: Scenario, evidence: Evidence, name: str) -> list[str]:
    """A get-or-create step's object twice: its lookup finds two in the store, one of them made by the run."""
    flow, step = scenario.flow, scenario.flow.step(name)
    assert step.lookup is not None and step.finder is not None
    try:
        resolved = classify(evidence, scenario).resolved or {}
        query = evaluate(step.lookup, Scope(flow.values(scenario.inputs), resolved))
    except Unavailable:
        return []  # the lookup needs an earlier step's object: not one a run starts from
    found = [r["uuid"] for r in Filters(evidence.store).select(step.finder, {k: [str(v)] for k, v in query.items()})]
    made = {uuid for collection, uuid in evidence.created if collection == step.collection}
    if len(found) < 2 or not made & set(found):
        return []
    shown = ", ".join(f"{step.collection}/{uuid}" + (" (this run)" if uuid in made else "") for uuid in found)
    return [f"{step.name}: its lookup finds {len(found)} objects: {shown}"]


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
    """The actor, the partij and everything else that existed before the run are as they were; a completed
    run may have changed what its flow updates, and only the fields it updates."""
    allowed = changes_allowed(classify(evidence, scenario), scenario, evidence.before)
    damage = []
    for (name, uuid), record in evidence.before.items():
        now = evidence.store.get(name, uuid)
        if now is None:
            damage.append(f"{name}/{uuid} was deleted")
            continue
        free = allowed.get((name, uuid), set())
        if {k: v for k, v in now.items() if k not in free} != {k: v for k, v in record.items() if k not in free}:
            damage.append(f"{name}/{uuid} was changed")
    uuids = {uuid for _, uuid in evidence.before}
    writes = [
        describe(entry)
        for entry in evidence.entries
        if entry.method in ("DELETE", "PUT", "PATCH") and entry.path.rsplit("/", 1)[-1] in uuids
    ]
    if damage:
        return Check("pre-existing-untouched", False, "; ".join(damage), tuple(writes))
    changed = f" ({len(allowed)} changed as the flow says)" if allowed else ""
    return Check("pre-existing-untouched", True, f"all {len(evidence.before)} pre-existing objects unchanged{changed}")


@check
def store_consistent(scenario: Scenario, evidence: Evidence) -> Check:
    """The consistency report finds no orphan klantcontact, dangling reference or lone partij.

    A klantcontact without an actor link (or without a betrokkene) is a finding only for a flow that
    makes them: Open Forms registers a submission without any actor.
    """
    skipped = {"leftover"}
    made = {step.collection for step in scenario.flow.steps} | {
        part.collection for step in scenario.flow.steps for part in step.parts
    }
    if "actorklantcontacten" not in made:
        skipped.add("klantcontact-without-actor")
    if "betrokkenen" not in made:
        skipped.add("klantcontact-without-betrokkene")
    findings = [f for f in consistency.report(evidence.store)["findings"] if f["rule"] not in skipped]
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
        found += _objects(body)
    return found


def _objects(body: Any) -> list[Key]:
    """The object a 201 body names, or each part of a maak-klantcontact answer."""
    if not isinstance(body, dict):
        return []
    if isinstance(body.get("url"), str) and isinstance(body.get("uuid"), str):
        return [(body["url"].rstrip("/").split("/")[-2], body["uuid"])]
    return [key for part in body.values() for key in _objects(part)]


def _deleted(entry: Entry) -> bool:
    committed = entry.committed.get("status") if entry.committed else None
    return entry.status in (200, 204) or committed in (200, 204)


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
