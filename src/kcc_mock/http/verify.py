"""Running a consumer against the mock, one scenario at a time, and collecting the evidence.

A mock (one per parallel job) is built and served on a free 127.0.0.1 port; before each scenario it
is reset (empty store, journal and faults: as good as fresh, without a second of start-up),
seeded with the pre-existing objects, and given the scenario's fault plan. The consumer is a
command (a subprocess with `KCC_*` in its environment, stopped when it overruns the time limit
or the call bound) or, in tests, a Python callable run in-process.
"""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from kcc_mock.config import Settings
from kcc_mock.consumer.scenarios import Scenario
from kcc_mock.consumer.verdicts import Evidence, Verdict, judge, not_run, outside_variant
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.server import ThreadedServer
from kcc_mock.observe.runs import History
from kcc_mock.provider.fixtures import load_fixtures

VERIFY_TOKEN = "kcc-mock-verify-token"  # noqa: S105 - a per-run token for a loopback-only mock
_POLL = 0.02
_OUTPUT_TAIL = 4000  # characters of the consumer's output kept for the report


@dataclass(frozen=True)
class VerifySettings:
    """Limits of a verification run."""

    timeout: float = 60.0  # seconds a consumer may take per scenario
    hang_seconds: float = 10.0  # a hang fault resets the connection after this, if the consumer waits that long
    max_calls: int | None = None  # overrides every scenario's bound on API calls
    # Optional steps the consumer declares it takes (True) or leaves out (False); unsaid ones are observed.
    declared: Mapping[str, bool] = field(default_factory=dict)
    api_version: str | None = None  # the API version the mock serves (None: the newest)


@dataclass(frozen=True)
class Run:
    """How a consumer's run ended, as the runner saw it."""

    exit_status: int | None  # None when stopped
    stopped: str | None
    duration: float
    output: str


class Consumer(Protocol):
    """Something the runner can run with an environment, a time limit and a stop condition."""

    def run(self, env: Mapping[str, str], timeout: float, stop: Callable[[], str | None]) -> Run:
        """Run once; `stop()` returns a reason once the consumer must be stopped."""
        ...


class CommandConsumer:
    """A consumer command, run as a subprocess in its own process group."""

    def __init__(self, argv: Sequence[str], cwd: Path | None = None) -> None:
        if not argv:
            raise ValueError("a consumer command is needed: verify-consumer [options] -- COMMAND ARGS...")
        self.argv = list(argv)
        self.cwd = cwd

    def run(self, env: Mapping[str, str], timeout: float, stop: Callable[[], str | None]) -> Run:
        """Start the command, wait for it, stop it (the whole group) when over time or over bound."""
        started = time.monotonic()
        with tempfile.TemporaryFile() as output:
            try:
                process = subprocess.Popen(  # noqa: S603 - the user's own consumer command
                    self.argv,
                    env={**os.environ, **env},
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    cwd=self.cwd,
                    start_new_session=True,  # its own group, so a stop also ends its children
                )
            except OSError as error:  # a consumer that cannot start made no calls: the checks say so
                return Run(127, None, 0.0, f"cannot start {self.argv[0]}: {error}")
            reason = None
            while process.poll() is None:
                elapsed = time.monotonic() - started
                reason = stop() or (f"still running after {timeout:g} s" if elapsed > timeout else None)
                if reason is not None:
                    _end(process)
                    break
                time.sleep(_POLL)
            output.seek(0)
            text = output.read().decode("utf-8", "replace")[-_OUTPUT_TAIL:]
        status = None if reason is not None else process.returncode
        return Run(status, reason, time.monotonic() - started, text)


class CallableConsumer:
    """A consumer function run in this process: `function(env) -> exit status`.

    It cannot be stopped from outside, so it must bound itself; the runner only reports overruns.
    """

    def __init__(self, function: Callable[[Mapping[str, str]], int]) -> None:
        self.function = function

    def run(self, env: Mapping[str, str], timeout: float, stop: Callable[[], str | None]) -> Run:
        """Call the function; an exception is a crash, reported as exit status 1."""
        started = time.monotonic()
        try:
            status, output = self.function(env), ""
        except Exception as error:  # a crashing consumer is a finding, not a runner failure
            status, output = 1, f"{type(error).__name__}: {error}"
        duration = time.monotonic() - started
        late = f"took {duration:.1f} s, over the limit of {timeout:g} s" if duration > timeout else None
        return Run(status, stop() or late, duration, output)


class InFlight:
    """ASGI wrapper counting requests being served, so the runner can wait until all have ended."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.active = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with self._lock:
            self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self.active -= 1


class Verifier:
    """Served mocks (one per job) that run consumers through scenarios and judge them."""

    def __init__(self, settings: VerifySettings | None = None, jobs: int = 1) -> None:
        self.settings = settings or VerifySettings()
        self.history = History()  # every lane's finished runs, shown on each lane's page (/_mock/ui/)
        self.lanes = [Lane(self.settings, self.history) for _ in range(max(1, jobs))]

    def __enter__(self) -> Verifier:
        for lane in self.lanes:
            lane.server.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        for lane in self.lanes:
            lane.server.stop()

    def run(self, consumer: Consumer, scenario: Scenario) -> Verdict:
        """One scenario on the first mock."""
        return self.lanes[0].run(consumer, scenario)

    def run_all(
        self, consumer: Consumer, scenarios: Sequence[Scenario], progress: Callable[[Verdict], None] | None = None
    ) -> list[Verdict]:
        """Every scenario, spread over the mocks; verdicts in the order of the scenarios."""
        verdicts: dict[int, Verdict] = {}
        errors: list[BaseException] = []
        queue = iter(list(enumerate(scenarios)))
        lock = threading.Lock()

        def work(lane: Lane) -> None:
            while not errors:
                with lock:
                    index, scenario = next(queue, (-1, None))
                if scenario is None:
                    return
                try:
                    verdict = lane.run(consumer, scenario)
                except BaseException as error:  # handed to the calling thread, raised there
                    errors.append(error)
                    return
                with lock:
                    verdicts[index] = verdict
                    if progress is not None:
                        progress(verdict)

        # Runs mostly wait on the consumer's timeouts, so lanes overlap well even on few cores.
        workers = [threading.Thread(target=work, args=(lane,), name="kcc-mock-verify") for lane in self.lanes[1:]]
        for worker in workers:
            worker.start()
        work(self.lanes[0])
        for worker in workers:
            worker.join()
        if errors:
            raise errors[0]
        return [verdicts[index] for index in range(len(scenarios))]


class Lane:
    """One mock, served on a free loopback port, running one scenario at a time."""

    def __init__(self, settings: VerifySettings, history: History | None = None) -> None:
        self.settings = settings
        mock_settings = Settings(
            token=VERIFY_TOKEN, swagger_ui=False, hang_seconds=settings.hang_seconds, api_version=settings.api_version
        )
        self.app: MockApp = create_app(mock_settings)
        if history is not None:
            self.app.history = history
        self.in_flight = InFlight(self.app)
        self.server = ThreadedServer(self.in_flight)

    @property
    def page_url(self) -> str:
        """The page that shows this mock's runs as they happen."""
        return f"http://{self.server.host}:{self.server.port}/_mock/ui/"

    @property
    def base_url(self) -> str:
        """The served API's base URL."""
        return f"http://{self.server.host}:{self.server.port}{self.app.provider.spec.base_path}"

    def run(self, consumer: Consumer, scenario: Scenario) -> Verdict:
        """One scenario: reset and seed the mock, load the faults, run the consumer, judge it."""
        outside = outside_variant(scenario, self.settings.declared)
        if outside is not None:
            return not_run(scenario, outside)
        self._settle()
        self.app.reset()
        load_fixtures(self.app.provider, copy.deepcopy(dict(scenario.flow.pre_existing)), self.base_url)
        store = self.app.provider.store
        before = {
            (name, uuid): copy.deepcopy(record)
            for name, table in store.tables.items()
            for uuid, record in table.items()
        }
        self.app.faults.load(scenario.plan)
        self.app.journal.run = scenario.name  # the page groups the run's calls under the scenario
        bound = self.settings.max_calls or scenario.max_calls
        if bound != scenario.max_calls:
            scenario = replace(scenario, max_calls=bound)
        journal = self.app.journal

        def over_bound() -> str | None:
            calls = len(journal) + journal.dropped
            return f"over the bound of {bound} API calls" if calls > bound else None

        env = scenario.environment(self.base_url, VERIFY_TOKEN)
        run = consumer.run(env, self.settings.timeout, over_bound)
        self._settle()
        entries = journal.entries()
        evidence = Evidence(
            entries=entries,
            created=journal.created(entries),
            store=store,
            actor_uuid=env.get("KCC_ACTOR_UUID", ""),
            before=before,
            exit_status=run.exit_status,
            stopped=run.stopped,
            duration=run.duration,
            dropped=journal.dropped,
            output=run.output,
        )
        verdict = judge(scenario, evidence, self.settings.declared)
        left = [key for key in dict.fromkeys(evidence.created) if store.exists(*key)]
        self.app.history.add(scenario.name, entries, verdict.state, left)
        return verdict

    def _settle(self) -> None:
        """Wait until no request is being served (a hung or delayed call ends after its client left)."""
        deadline = time.monotonic() + self.settings.hang_seconds + 2
        while self.in_flight.active and time.monotonic() < deadline:
            time.sleep(_POLL)


def _end(process: subprocess.Popen[bytes]) -> None:
    """Stop a consumer's process group: politely, then for good."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=2)
            return
        except subprocess.TimeoutExpired:
            continue
