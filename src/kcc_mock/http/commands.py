"""The `flow` and `verify-consumer` commands: their arguments and what they do.

Heavy imports happen inside the handlers, so building the parser stays cheap.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

_TARGET = {"base_url": "KCC_BASE_URL", "token": "KCC_TOKEN"}
# F2173's options, each naming one of its inputs (any flow with that input may use them).
_INPUT_OPTIONS = {"actor": "actor_uuid", "partij_bsn": "partij_bsn", "referentienummer": "referentienummer"}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `flow` and `verify-consumer` to the `kcc-mock` command line."""
    flow = commands.add_parser(
        "flow",
        help="run the reference consumer: a flow (default F2173) with its saga against a provider",
        description="Run one flow as the reference consumer does (default f2173: klantcontact, actor link, optional "
        "partij, betrokkene); on failure roll back what this run did. Inputs come from the flow's KCC_* variables "
        "(`verify-consumer --flows` lists them) or --input. Exit 0 completed, 1 rolled back, 3 rollback "
        "incomplete, 2 usage.",
    )
    flow.add_argument("--flow", default="f2173", metavar="NAME|FILE", help="a built-in flow or a flow file (f2173)")
    flow.add_argument("--base-url", default=os.environ.get("KCC_BASE_URL"), help="API base URL ($KCC_BASE_URL)")
    flow.add_argument("--token", default=os.environ.get("KCC_TOKEN"), help="API token ($KCC_TOKEN)")
    flow.add_argument(
        "--input", action="append", default=[], metavar="NAME=VALUE", help="an input of the flow (repeatable)"
    )
    flow.add_argument("--actor-uuid", help="logged-in actor: the input `actor` ($KCC_ACTOR_UUID)")
    flow.add_argument("--partij-bsn", help="klant's BSN: the input `partij_bsn` ($KCC_PARTIJ_BSN)")
    flow.add_argument("--referentienummer", help="digits, at most 10 (default: a fresh one)")
    flow.add_argument("--timeout", type=float, default=5.0, help="seconds per call (default 5)")
    flow.add_argument("--attempts", type=int, default=3, help="tries per call (default 3)")
    flow.add_argument("--backoff", type=float, default=0.2, help="seconds before the first retry (default 0.2)")
    flow.set_defaults(handler=flow_command)

    verify = commands.add_parser(
        "verify-consumer",
        help="run a consumer command under each fault scenario and judge it",
        description="Start a mock, run COMMAND once per scenario of the flow with KCC_BASE_URL, KCC_TOKEN and the "
        "flow's inputs (f2173: KCC_ACTOR_UUID, KCC_PARTIJ_BSN) in its environment, judge it from the journal and "
        "the store. Exit 0 only when every selected scenario passes.",
    )
    verify.add_argument("--flow", default="f2173", metavar="NAME|FILE", help="a built-in flow or a flow file (f2173)")
    verify.add_argument("--flows", action="store_true", help="list the built-in flows with their inputs and exit")
    verify.add_argument("--list", action="store_true", help="list the flow's scenarios and exit")
    verify.add_argument("--scenario", action="append", metavar="NAME", help="run only these (repeatable; globs)")
    verify.add_argument("--faults", type=Path, metavar="FILE", help="run this fault plan file as a scenario")
    verify.add_argument(
        "--variant",
        "--partij",
        dest="variant",
        metavar="NAME",
        help="input variant for --faults (f2173: none, known, new; default new)",
    )
    verify.add_argument("--explore", type=int, metavar="N", help="property mode: try N generated fault plans")
    verify.add_argument("--seed", type=int, default=0, metavar="S", help="seed of --explore (default 0)")
    verify.add_argument(
        "--explore-out", type=Path, metavar="FILE", help="write the shrunk fault plan of --explore here"
    )
    verify.add_argument(
        "--timeout", type=float, default=60.0, metavar="SECONDS", help="seconds per scenario run (default 60)"
    )
    verify.add_argument(
        "--hang-seconds",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="a hang fault resets after this (default 10)",
    )
    verify.add_argument("--max-calls", type=int, metavar="N", help="bound on API calls per scenario (default 40)")
    verify.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="scenarios run at once, each on its own mock (default 1)"
    )
    verify.add_argument(
        "--partij-step",
        choices=("yes", "no"),
        help="declare whether the consumer registers an unknown partij (default: observed from its calls); "
        "partij-* scenarios outside its variant are not exercised",
    )
    verify.add_argument(
        "--require-all",
        action="store_true",
        help="a scenario that does not exercise the consumer fails the run (default: shown and counted only)",
    )
    verify.add_argument(
        "--api-version", metavar="V", help="the API version the mock serves: 0.9.0 (default, Open Klant 2.18) or 0.8.0"
    )
    verify.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML here")
    verify.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown report here")
    verify.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="write one self-contained HTML report here: each scenario's run as a sequence diagram",
    )
    verify.add_argument(
        "--watch",
        action="store_true",
        help="print the address of a page that shows the runs as they happen (/_mock/ui/), and keep it "
        "served after the last scenario until interrupted (Ctrl-C)",
    )
    verify.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...: the consumer")
    verify.set_defaults(handler=verify_command)


def _flow(command: str, name: str) -> Any:
    """The flow, or None after printing why it cannot be used (one line, naming the file and line)."""
    from kcc_mock.consumer.flows.loader import FlowFileError, resolve

    try:
        return resolve(name)
    except (FlowFileError, KeyError) as error:
        shown = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"kcc-mock {command}: {shown}", file=sys.stderr)
        return None


def flow_command(args: argparse.Namespace) -> int:
    """`kcc-mock flow`: run a flow once, print what happened, exit with the outcome."""
    from kcc_mock.consumer.flows.compile import from_environment
    from kcc_mock.consumer.saga import RetryPolicy
    from kcc_mock.http.flow import missing_inputs, run

    flow = _flow("flow", args.flow)
    if flow is None:
        return 2
    known = {i.name for i in flow.inputs}
    inputs: dict[str, Any] = from_environment(flow, os.environ)
    for item in args.input:
        name, equals, value = item.partition("=")
        if not equals or name not in known:
            print(f"kcc-mock flow: --input {item}: the flow {flow.name} has inputs {', '.join(known)}", file=sys.stderr)
            return 2
        inputs[name] = value
    for name, option in _INPUT_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            if name not in known:
                print(
                    f"kcc-mock flow: --{option.replace('_', '-')}: the flow {flow.name} has no input {name}",
                    file=sys.stderr,
                )
                return 2
            inputs[name] = value
    missing = [f"--{name.replace('_', '-')} (or ${env})" for name, env in _TARGET.items() if not getattr(args, name)]
    for name in missing_inputs(flow, inputs):
        option = f"--{_INPUT_OPTIONS[name].replace('_', '-')}" if name in _INPUT_OPTIONS else f"--input {name}=..."
        missing.append(f"{option} (or ${flow.env_of(name)})")
    if missing:
        print(f"kcc-mock flow: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    number = inputs.get("referentienummer")
    if number is not None and not (str(number).isdigit() and len(str(number)) <= 10):
        print("kcc-mock flow: --referentienummer is digits only, at most 10", file=sys.stderr)
        return 2
    policy = RetryPolicy(attempts=max(1, args.attempts), backoff=args.backoff)
    result = run(flow, args.base_url, args.token, inputs, args.timeout, policy)
    for line in result.log:
        print(line)
    anchor = flow.anchor.name
    if result.outcome == "completed":
        print(f"completed: {anchor} {result.known[anchor]}")
    else:
        left = ", ".join(f"{name}/{uuid}" for name, uuid in result.left) or "nothing"
        print(f"{result.outcome}: {result.failed_step} failed ({result.reason}); left behind: {left}")
    return result.exit_code


def verify_command(args: argparse.Namespace) -> int:
    """`kcc-mock verify-consumer`: list, run the scenarios, or explore; write the reports."""
    import warnings

    # Connexion imports Starlette's test client, which warns when httpx is present.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    if args.flows:
        return _list_flows()
    flow = _flow("verify-consumer", args.flow)
    if flow is None:
        return 2
    from kcc_mock.consumer.scenarios import scenarios, select

    if args.list:
        listed = scenarios(flow)
        width = max(len(s.name) for s in listed)
        variants = max(len(v.name) for v in flow.variants)
        label = "partij" if flow.name == "f2173" else "variant"  # F2173 names its variants after the partij
        for s in listed:
            print(f"{s.name.ljust(width)}  expect {s.expect:<8}  {label} {s.inputs:<{variants}}  {s.description}")
        return 0
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    from kcc_mock.provider.releases import releases

    if args.api_version is not None and args.api_version not in releases():
        served = ", ".join(sorted(releases()))
        print(
            f"kcc-mock verify-consumer: --api-version {args.api_version}: served versions are {served}", file=sys.stderr
        )
        return 2
    if not command:
        print(
            "kcc-mock verify-consumer: give the consumer after --: verify-consumer -- COMMAND ARGS...", file=sys.stderr
        )
        return 2
    if shutil.which(command[0]) is None:
        print(f"kcc-mock verify-consumer: cannot run {command[0]!r}: not found or not executable", file=sys.stderr)
        return 2
    try:
        chosen = _scenarios(args, flow, select)
    except (KeyError, ValueError, OSError) as error:
        # A KeyError's str() is the repr of its message; the user reads the message itself.
        shown = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"kcc-mock verify-consumer: {shown}", file=sys.stderr)
        return 2
    from kcc_mock.http.verify import CommandConsumer, Verifier, VerifySettings

    declared = {} if args.partij_step is None else {"partij": args.partij_step == "yes"}
    settings = VerifySettings(
        timeout=args.timeout,
        hang_seconds=args.hang_seconds,
        max_calls=args.max_calls,
        declared=declared,
        api_version=args.api_version,
    )
    consumer, shown = CommandConsumer(command), shlex.join(command)
    with Verifier(settings, jobs=args.jobs) as verifier:
        if args.watch:
            print(f"Watch the runs at {verifier.lanes[0].page_url}", file=sys.stderr, flush=True)
        if args.explore is not None:
            status = _explore(args, flow, verifier, consumer, shown)
        else:
            status = _report(args, flow, verifier.run_all(consumer, chosen, _progress), shown)
        if args.watch:
            _keep_serving(verifier.lanes[0].page_url)
    return status


def _keep_serving(url: str) -> None:
    """Wait until interrupted, so the page still shows every run after the last one."""
    import threading

    print(f"Done; the runs stay at {url} until interrupted (Ctrl-C).", file=sys.stderr, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("", file=sys.stderr)


def _list_flows() -> int:
    from kcc_mock.consumer.flows.loader import builtin, names
    from kcc_mock.consumer.scenarios import scenarios

    for name in names():
        flow = builtin(name)
        print(f"{flow.name}: {flow.title} ({len(scenarios(flow))} scenarios)")
        for item in flow.inputs:
            if item.env:
                given = "always" if item.name in flow.required else "in some variants"
                print(f"    {item.env:<24} {item.about} ({given})")
        print(f"    variants: {', '.join(v.name for v in flow.variants)}")
    return 0


def _scenarios(args: argparse.Namespace, flow: Any, select: Any) -> list[Any]:
    import yaml

    from kcc_mock.consumer.scenarios import from_plan
    from kcc_mock.observe.faults import FaultPlan, FaultPlanError
    from kcc_mock.provider.spec import Spec

    chosen: list[Any] = select(args.scenario, flow) if args.scenario or not args.faults else []
    if args.variant is not None:
        flow.variant(args.variant)  # refused (exit 2) before anything runs
    if args.faults:
        try:
            plan = yaml.safe_load(args.faults.read_text(encoding="utf-8"))  # YAML reads JSON too
        except yaml.YAMLError as error:
            raise ValueError(f"{args.faults}: {error}") from error
        try:
            FaultPlan(operations=Spec.load().operations).load(plan)  # refuse a bad plan before starting anything
        except FaultPlanError as error:
            raise ValueError(f"{args.faults}: {error}") from error
        chosen.append(from_plan(args.faults.name, plan, args.variant, flow))
    return chosen


def _progress(verdict: Any) -> None:
    state = verdict.state
    print(f"{state} {verdict.scenario.name} ({verdict.duration:.1f} s)", file=sys.stderr, flush=True)


def _report(args: argparse.Namespace, flow: Any, verdicts: list[Any], command: str) -> int:
    from kcc_mock.consumer import verdict_report

    print(verdict_report.table(verdicts))
    problems = verdict_report.failures(verdicts)
    if problems:
        print("\n" + problems)
    if args.junit:
        args.junit.write_text(verdict_report.junit(verdicts), encoding="utf-8")
    title = f"Consumer verification: {'F2173' if flow.name == 'f2173' else flow.title}"
    if args.markdown:
        args.markdown.write_text(verdict_report.markdown(verdicts, command, title), encoding="utf-8")
    if args.html:
        from kcc_mock.consumer.verdict_html import html

        args.html.write_text(html(verdicts, command, title), encoding="utf-8")
    judged = [v for v in verdicts if v.not_exercised is None or args.require_all]
    return 0 if judged and all(v.passed for v in judged) else 1


def _explore(args: argparse.Namespace, flow: Any, verifier: Any, consumer: Any, command: str) -> int:
    from kcc_mock.consumer.explore import explore, fault_file

    found = explore(lambda scenario: verifier.run(consumer, scenario), args.explore, args.seed, flow=flow)
    if found.scenario is None or found.verdict is None:
        print(f"explore: {found.runs} fault plans tried, none breaks the consumer")
        return 0
    where = str(args.explore_out) if args.explore_out else "THIS_FILE"
    text = fault_file(found, command, args.explore, args.seed, where)
    print(text)
    if args.explore_out:
        args.explore_out.write_text(text, encoding="utf-8")
    _report(args, flow, [found.verdict], command)
    return 1
