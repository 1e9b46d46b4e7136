"""The engine: runs rules against one target, cleans up after each, and collects the results."""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from contracts.certification.conformance import Conformance
from contracts.certification.context import Context, describe_create
from contracts.certification.results import Outcome, RuleResult, RunInfo, RunReport
from contracts.certification.rulebook import Rule
from contracts.client.evidence import Exchange, NotApplicable, RuleFailure
from contracts.client.ledger import DONE, Ledger
from contracts.client.payloads import Payloads
from contracts.client.target import Target
from contracts.deviations.known import recognise
from kcc_mock import __version__
from kcc_mock.provider.releases import release, releases
from kcc_mock.provider.spec import SPEC_PATH, Spec

NO_FAULTS = "needs fault injection, which only the mock offers (in-process, or served with --mock-admin)"
NO_ACTORS = "creates and deletes actors of its own, which --actor-uuid forbids on this provider"


class ProviderUnusable(Exception):
    """The pre-flight found the provider unreachable or the token refused: no rule can be judged."""


def spec_sha256(path: Path = SPEC_PATH) -> str:
    """The SHA-256 of the OpenAPI document the run validates against."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Certification:
    """One run against one target. Use `run` per rule and `finish` once, or `run_all`."""

    def __init__(
        self,
        target: Target,
        *,
        seed: int,
        actor_uuid: str | None = None,
        conformance: Conformance | None = None,
        waived: Iterable[str] = (),
        api_version: str | None = None,
    ) -> None:
        self.target = target
        self.seed = seed
        self.actor_uuid = actor_uuid
        self.asked_version = api_version  # None: judge by the provider's API-version header
        self.release = release(api_version) if api_version in releases() else release()
        self.spec = Spec.load(self.release.spec_path)
        self.conformance = conformance or Conformance(self.spec)  # building it takes a quarter second
        self.journal: list[Exchange] = []
        self.results: list[RuleResult] = []
        self.session_ledger = Ledger()  # the actor the run created for everyone
        self._actor: str | None = actor_uuid
        self._actor_checked = False
        self._actor_refused: RuleFailure | None = None
        self._started = time.perf_counter()
        self.info = RunInfo(
            provider=target.description,
            spec_sha256=spec_sha256(self.release.spec_path),
            api_version=self.release.version,
            toolkit_version=__version__,
            seed=seed,
            actor=actor_uuid or "created and deleted by the suite",
            started=datetime.now(UTC).isoformat(timespec="seconds"),
            waived=sorted(set(waived)),
        )

    def preflight(self) -> None:
        """Before any rule: the provider answers and accepts the token; raises `ProviderUnusable` otherwise.

        One clear error instead of every rule failing on the same cause.
        """
        exchange = self.target.send("GET", "/klantcontacten", params={"pageSize": "1"})
        where = self.target.base_url
        if exchange.status is None:
            raise ProviderUnusable(f"the provider at {where} does not answer ({exchange.error})")
        if exchange.status in (401, 403):
            raise ProviderUnusable(
                f"the provider at {where} refuses the token (GET /klantcontacten: {exchange.status})"
            )
        body = exchange.json()
        if exchange.status != 200 or not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise ProviderUnusable(
                f"no Klantinteracties API at {where}: GET /klantcontacten answered {exchange.status}, not a list"
            )
        self._judge_by(self.asked_version or _header(exchange, "api-version"))

    def _judge_by(self, version: str | None) -> None:
        """Judge by the version asked for, else by the one the provider names (a version without a spec is unusable)."""
        if version is None:
            raise ProviderUnusable(
                f"the provider at {self.target.base_url} sends no API-version header: name one with --api-version"
            )
        if version not in releases():
            known = ", ".join(sorted(releases()))
            raise ProviderUnusable(f"API version {version} has no spec in this suite (it judges {known})")
        if version != self.release.version:
            self.release = release(version)
            self.spec = Spec.load(self.release.spec_path)
            self.conformance = Conformance(self.spec)
            self.info.spec_sha256, self.info.api_version = spec_sha256(self.release.spec_path), version

    def not_applicable(self, rule: Rule) -> str | None:
        """Why a rule cannot be judged on this target, or None."""
        if rule.needs_faults and self.target.faults is None:
            return NO_FAULTS
        if rule.creates_actors and self.actor_uuid is not None:
            return NO_ACTORS
        missing = [need for need in rule.needs if not self._has(need)]
        if missing:
            self.info.later_version.append(rule.id)
            return f"API {self.release.version} has no {', '.join(missing)} (a later version adds it)"
        return None

    def _has(self, need: str) -> bool:
        """Whether the judged version's spec has a `Schema.property`."""
        schema, prop = need.split(".", 1)
        return prop in self.spec.document["components"]["schemas"].get(schema, {}).get("properties", {})

    def run(self, rule: Rule) -> RuleResult:
        """Check one rule, then delete whatever it created."""
        started = time.perf_counter()
        reason = self.not_applicable(rule)
        if reason is not None:
            result = RuleResult(rule, Outcome.NOT_APPLICABLE, reason)
            self.results.append(result)
            return result
        # Seeded per rule, so running a subset sends the same data; test data, not secrets.
        rng = random.Random(f"{self.seed}:{rule.id}")  # noqa: S311
        ctx = Context(
            rule.id,
            self.target,
            Payloads(rng),
            actor=self._provide_actor,
            journal=self.journal,
            conformance=self.conformance,
            may_create_actors=self.actor_uuid is None,
            has=self._has,
        )
        result = RuleResult(rule, Outcome.PASSED, exchanges=ctx.exchanges)
        try:
            rule.check(ctx)
        except RuleFailure as failure:
            result.outcome, result.message, result.evidence = Outcome.FAILED, failure.message, failure.evidence
            # A failure the reference itself shows, recognised from the exchanges the failure cites.
            result.deviations = recognise(failure.evidence or ctx.exchanges, seen_by=rule.id)
            if result.deviations:
                result.outcome = Outcome.KNOWN_DEVIATION
        except NotApplicable as not_applicable:
            result.outcome, result.message = Outcome.NOT_APPLICABLE, not_applicable.reason
        except Exception as error:  # an answer the check could not read is a failure, not a crash of the run
            result.outcome = Outcome.FAILED
            result.message = f"the check stopped on an unexpected answer: {type(error).__name__}: {error}"
        finally:
            if self.target.faults is not None:
                self.target.faults.clear()
            cleanup = f"{rule.id} cleanup"
            result.cleanup, result.leftovers = ctx.ledger.cleanup(
                self._sender("DELETE", cleanup), self._sender("GET", cleanup)
            )
        if result.leftovers:
            note = f"could not delete what it created: {', '.join(result.leftovers)}"
            result.outcome = Outcome.FAILED
            result.message = f"{result.message}; {note}" if result.message else note
            result.evidence += tuple(
                e for e in result.cleanup if e.status not in DONE or (e.method == "GET" and e.status == 200)
            )
        result.seconds = time.perf_counter() - started
        self.results.append(result)
        return result

    def finish(self) -> RunReport:
        """Delete the run's shared objects and close the target; returns the report."""
        sender = "end of run cleanup"
        _, leftovers = self.session_ledger.cleanup(self._sender("DELETE", sender), self._sender("GET", sender))
        self.info.leftovers = leftovers
        self.info.seconds = time.perf_counter() - self._started
        self.target.close()
        return RunReport(self.info, list(self.results))

    def run_all(self, rules: Iterable[Rule]) -> RunReport:
        """Check the provider is usable, run every rule in order and finish, cleaning up even when something breaks."""
        try:
            self.preflight()
        except ProviderUnusable:
            self.target.close()
            raise
        try:
            for rule in rules:
                self.run(rule)
        finally:
            report = self.finish()
        return report

    def _provide_actor(self, ctx: Context) -> str:
        if self._actor is not None:
            if not self._actor_checked:
                ctx.read("actoren", self._actor)  # a given actor must exist; reading it changes nothing
                self._actor_checked = True
            return self._actor
        if self._actor_refused is not None:
            raise self._actor_refused  # one try per run: a provider that refused once is not asked again
        exchange = ctx.request("POST", "/actoren", json=ctx.data.medewerker(), track=False)
        body = exchange.json()
        created = body.get("uuid") if isinstance(body, dict) else None
        if isinstance(created, str):
            self.session_ledger.add("actoren", created)  # whatever the status: it exists, so it is deleted at the end
        if exchange.status != 201 or not isinstance(created, str):
            self._actor_refused = RuleFailure(
                f"creating the actor the flow needs {describe_create(exchange)}; "
                "pass --actor-uuid of an existing actor",
                (exchange,),
            )
            raise self._actor_refused
        self._actor = created
        return self._actor

    def _sender(self, method: str, sender: str) -> Callable[[str, str], Exchange]:
        """A function that sends `method` to one object for the cleanup, journaled under `sender`."""

        def send(collection: str, uuid: str) -> Exchange:
            exchange = self.target.send(method, f"/{collection}/{uuid}")
            exchange.rule = sender
            self.journal.append(exchange)
            return exchange

        return send


def _header(exchange: Exchange, name: str) -> str | None:
    """A response header, whatever its case."""
    return next((value for key, value in exchange.response_headers.items() if key.lower() == name), None)
