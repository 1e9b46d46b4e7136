"""Reading a flow file: YAML checked against the shipped JSON Schema, then against the API and itself.

Every error is one line naming the file and the line it is about (`flow.yaml:12: steps[1]: ...`),
so the command line can print it and exit 2. The built-in flows are files in this package.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from kcc_mock.consumer.flows.model import Flow, FlowStep, Input, Kind, Part, Variant
from kcc_mock.consumer.flows.templates import expressions, references, well_formed
from kcc_mock.provider.fixtures import ORDER
from kcc_mock.provider.operations import MAAK_LINKS, MAAK_PARTS
from kcc_mock.provider.resources import RESOURCES
from kcc_mock.provider.spec import Operation, Spec

HERE = Path(__file__).parent
SCHEMA_PATH = HERE / "flow.schema.json"
BUILT_IN = (
    "f2173",
    "kiss-contactmoment",
    "kiss-contactverzoek",
    "ita-vervolgcontact",
    "openforms-inzending",
    "omc-notificatie",
)
_KINDS: Mapping[str, Kind] = {
    "create": "create",
    "maak_klantcontact": "create",
    "partial_update": "update",
    "update": "update",
}
Path_ = tuple[str | int, ...]


class FlowFileError(ValueError):
    """A flow file that cannot be used; the message names the file and the line."""


def names() -> tuple[str, ...]:
    """The built-in flows."""
    return BUILT_IN


def builtin(name: str) -> Flow:
    """A built-in flow by name."""
    if name not in BUILT_IN:
        raise KeyError(f"no built-in flow {name!r}; built in: {', '.join(BUILT_IN)}")
    return load(HERE / f"{name}.yaml")


def resolve(name_or_file: str) -> Flow:
    """A built-in flow's name, or the path of a flow file."""
    if name_or_file in BUILT_IN:
        return builtin(name_or_file)
    path = Path(name_or_file)
    if not path.is_file():
        raise FlowFileError(f"{name_or_file}: neither a built-in flow ({', '.join(BUILT_IN)}) nor a flow file")
    return load(path)


def load(path: Path) -> Flow:
    """Read and check a flow file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FlowFileError(f"{path}: {error.strerror or error}") from error
    return parse(text, str(path))


def parse(text: str, source: str = "<flow>") -> Flow:
    """Check a flow file's text and build the flow."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FlowFileError(f"{source}:{line}: not YAML: {problem}") from error
    lines = _Lines(source, root)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = jsonschema.Draft202012Validator(schema).iter_errors(data)
    best = jsonschema.exceptions.best_match(errors)
    if best is not None:
        where = tuple(best.absolute_path)
        raise lines.error(where, f"{_shown(where)}: {best.message}" if where else best.message)
    return _Builder(data, lines, Spec.load()).flow()


class _Lines:
    """The line of any part of the document, by its path of keys and indexes."""

    def __init__(self, source: str, root: yaml.Node | None) -> None:
        self.source = source
        self.root = root

    def line(self, path: Path_) -> int:
        """The line of the key (or list item) a path ends at; as near as the document allows."""
        node = self.root
        for depth, key in enumerate(path, start=1):
            if isinstance(node, yaml.MappingNode):
                pair = next(((name, value) for name, value in node.value if name.value == key), None)
                if pair is None:
                    break
                if depth == len(path):
                    return int(pair[0].start_mark.line) + 1
                node = pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
        return int(node.start_mark.line) + 1 if node is not None else 1

    def error(self, path: Path_, message: str) -> FlowFileError:
        return FlowFileError(f"{self.source}:{self.line(path)}: {message}")


class _Builder:
    """Turns checked data into a `Flow`, refusing what the schema cannot say is wrong."""

    def __init__(self, data: Mapping[str, Any], lines: _Lines, spec: Spec) -> None:
        self.data = data
        self.lines = lines
        self.spec = spec

    def flow(self) -> Flow:
        data = self.data
        inputs = tuple(Input(name, **spec) for name, spec in (data.get("inputs") or {}).items())
        variants = tuple(self._variant(name, spec or {}, inputs) for name, spec in data["variants"].items())
        steps: list[FlowStep] = []
        for index, spec in enumerate(data["steps"]):
            steps.append(self._step(index, spec, inputs, steps))
        flow = Flow(
            name=data["flow"],
            title=data.get("title", data["flow"]),
            about=" ".join(str(data.get("about", "")).split()),
            inputs=inputs,
            variants=variants,
            steps=tuple(steps),
            pre_existing=data.get("pre_existing") or {},
            max_calls=data.get("max_calls", 40),
            plans_variant=data.get("plans_variant", ""),
            compensation_variant=data.get("compensation_variant", ""),
            rollback_order=tuple(data.get("rollback_order", ())),
            source=self.lines.source,
        )
        self._check_flow(flow)
        return flow

    def _variant(self, name: str, spec: Mapping[str, Any], inputs: Sequence[Input]) -> Variant:
        known = {i.name for i in inputs}
        for key in spec.get("inputs") or {}:
            if key not in known:
                raise self.lines.error(("variants", name, "inputs", key), f"variant {name}: unknown input {key!r}")
        first = name == next(iter(self.data["variants"]))
        scenario = spec.get("scenario") or ("happy-path" if first else f"happy-path-{name}")
        return Variant(name, " ".join(str(spec.get("about", "")).split()), scenario, dict(spec.get("inputs") or {}))

    def _step(self, index: int, spec: Mapping[str, Any], inputs: Sequence[Input], earlier: list[FlowStep]) -> FlowStep:
        at: Path_ = ("steps", index)
        name = spec["step"]
        if any(step.name == name for step in earlier):
            raise self.lines.error((*at, "step"), f"steps[{index}]: a second step called {name!r}")
        operation = self._operation(spec["operation"], (*at, "operation"))
        kind: Kind = _KINDS[operation.action]
        if kind == "create" and spec.get("get_or_create"):
            kind = "get-or-create"
        self._check_kind(kind, spec, at, name)
        maak = operation.action == "maak_klantcontact"
        body = spec.get("body") or {}
        parts = self._parts(body) if maak else ()
        when = spec.get("when", ())
        step = FlowStep(
            name=name,
            operation=operation.operation_id,
            kind=kind,
            method=operation.method.upper(),
            path=operation.path.removesuffix("/{uuid}"),
            collection="klantcontacten" if maak else operation.resource,
            body=body,
            lookup=spec.get("lookup"),
            target=spec.get("target"),
            update_found=spec.get("update_found"),
            when=(when,) if isinstance(when, str) else tuple(when),
            optional=spec.get("optional", False),
            compensate=spec.get("compensate", True),
            unique=spec.get("unique", kind == "get-or-create"),
            variant=spec.get("variant"),
            update_variant=spec.get("update_variant"),
            match=spec.get("match") or {},
            label=spec.get("label", name),
            uuid_at="klantcontact.uuid" if maak else "uuid",
            parts=parts,
            finder=self.spec.operation("klantcontacten" if maak else operation.resource, "list"),
            line=self.lines.line(at),
        )
        self._check_references(step, spec, at, inputs, earlier)
        return step

    def _operation(self, operation_id: str, at: Path_) -> Operation:
        operation = self.spec.operations.get(operation_id)
        if operation is None:
            close = difflib.get_close_matches(operation_id, self.spec.operations, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise self.lines.error(at, f"unknown operation {operation_id!r}{hint}")
        if operation.action not in _KINDS:
            raise self.lines.error(
                at, f"{operation_id} does not write: a step is a create, maakKlantcontactCreate or an update"
            )
        return operation

    def _check_kind(self, kind: Kind, spec: Mapping[str, Any], at: Path_, name: str) -> None:
        if kind == "update":
            if "target" not in spec:
                raise self.lines.error(at, f"step {name}: an update needs a target (the object it changes)")
            for key in ("lookup", "get_or_create", "update_found"):
                if key in spec:
                    raise self.lines.error((*at, key), f"step {name}: an update has no {key}")
            return
        if "target" in spec:
            raise self.lines.error((*at, "target"), f"step {name}: only an update has a target")
        if kind == "get-or-create" and "lookup" not in spec:
            raise self.lines.error(at, f"step {name}: get_or_create needs the lookup that finds the object")
        if "update_found" in spec and kind != "get-or-create":
            raise self.lines.error((*at, "update_found"), f"step {name}: update_found is for a get_or_create step")
        if "update_variant" in spec and "update_found" not in spec:
            raise self.lines.error((*at, "update_variant"), f"step {name}: update_variant needs update_found")

    def _parts(self, body: Mapping[str, Any]) -> tuple[Part, ...]:
        reverse = RESOURCES["klantcontacten"].reverse
        parts = []
        for part, collection in MAAK_PARTS.items():
            if part == "klantcontact" or part not in body:
                continue
            link = MAAK_LINKS[part]
            relation = next(n for n, r in reverse.items() if r.source == collection and r.field == link)
            parts.append(Part(part, collection, f"{part}.uuid", f"{relation}.0.uuid", link, body[part]))
        return tuple(parts)

    def _check_references(
        self, step: FlowStep, spec: Mapping[str, Any], at: Path_, inputs: Sequence[Input], earlier: list[FlowStep]
    ) -> None:
        known_inputs = {i.name for i in inputs}
        steps = {s.name: s for s in earlier}
        for key in ("body", "lookup", "target", "update_found"):
            for expression in expressions(spec.get(key)):
                problem = _reference_problem(expression, known_inputs, steps)
                if problem:
                    where = (*at, key, *_located(spec.get(key), expression))
                    raise self.lines.error(where, f"step {step.name}: {problem}")
        for name in step.when:
            if name not in known_inputs:
                raise self.lines.error((*at, "when"), f"step {step.name}: when names an unknown input {name!r}")
        for required in _required_expressions(spec.get("body")):
            # With alternatives (`a|b`) the author says one of them is there: only a lone one is checked.
            conditional = [s for s in required if s in steps and not _implies(step, steps[s])]
            if len(required) == 1 and conditional:
                raise self.lines.error(
                    (*at, "body"),
                    f"step {step.name}: steps.{conditional[0]} is not taken in every run this step is; "
                    "make the key optional (`key?`) or give this step the same `when`",
                )

    def _check_flow(self, flow: Flow) -> None:
        variants = {v.name for v in flow.variants}
        if len({v.scenario for v in flow.variants}) != len(flow.variants):
            raise self.lines.error(("variants",), "two variants have the same scenario name")
        for index, step in enumerate(flow.steps):
            for key in ("variant", "update_variant"):
                chosen = getattr(step, key)
                if chosen is None:
                    continue
                if chosen not in variants:
                    raise self.lines.error(("steps", index, key), f"step {step.name}: no variant {chosen!r}")
                if not step.taken(flow.values(chosen)):
                    raise self.lines.error(
                        ("steps", index, key), f"step {step.name} is not taken in variant {chosen!r}"
                    )
            if step.variant is None and not step.taken(flow.values(flow.variants[0].name)):
                raise self.lines.error(
                    ("steps", index), f"step {step.name} is not taken in the first variant: give it a `variant`"
                )
            twins = [other for other in flow.steps if other.operation == step.operation and other is not step]
            if twins and (not step.match or any(dict(other.match) == dict(step.match) for other in twins)):
                raise self.lines.error(
                    ("steps", index), f"step {step.name}: {step.operation} is used twice; `match` must tell them apart"
                )
        if not any(s.kind == "create" and not s.when and not s.optional for s in flow.steps):
            raise self.lines.error(("steps",), "no step creates the flow's object in every run (a klantcontact)")
        chosen = [("plans_variant", flow.plans_variant), ("compensation_variant", flow.compensation_variant)]
        for key, value in [*chosen, *(("rollback_order", n) for n in flow.rollback_order)]:
            is_variant = key != "rollback_order"
            if value and value not in (variants if is_variant else {s.name for s in flow.steps}):
                raise self.lines.error((key,), f"{key}: unknown {'variant' if is_variant else 'step'} {value!r}")
        for collection in flow.pre_existing:
            if collection not in ORDER:
                raise self.lines.error(("pre_existing", collection), f"pre_existing: unknown collection {collection!r}")


def _reference_problem(expression: str, inputs: set[str], steps: Mapping[str, FlowStep]) -> str | None:
    if not well_formed(expression):
        return f"${{{expression}}} is not inputs.NAME, steps.STEP, steps.STEP.PART, now or today"
    kind, _, rest = expression.partition(".")
    if kind == "inputs" and rest not in inputs:
        return f"${{{expression}}}: no input {rest!r}"
    if kind == "steps":
        name, _, part = rest.partition(".")
        if name not in steps:
            return f"${{{expression}}}: no earlier step {name!r}"
        if part and part not in {p.name for p in steps[name].parts}:
            return f"${{{expression}}}: step {name} creates no part {part!r}"
    return None


def _required_expressions(template: Any) -> Iterator[list[str]]:
    """For each reference outside an optional key: the steps its alternatives name (none: an input or a clock)."""
    for alternatives in references(template, required_only=True):
        if all(a.startswith("steps.") for a in alternatives):
            yield [a.split(".")[1] for a in alternatives]


def _located(template: Any, expression: str) -> Path_:
    """The path within a template to the first value that uses an expression."""
    if isinstance(template, dict | list):
        items = template.items() if isinstance(template, dict) else enumerate(template)
        for key, value in items:
            if expression in expressions(value):
                return (key, *_located(value, expression))
    return ()


def _implies(step: FlowStep, used: FlowStep) -> bool:
    """Whether every run that takes `step` also takes `used`."""
    return not used.optional and set(used.when) <= set(step.when)


def _shown(path: Path_) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text
