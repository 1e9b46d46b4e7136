"""Flow files: the shipped schema, the built-in flows, and a bad file refused in one line naming the file and line."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kcc_mock.cli import main
from kcc_mock.consumer.f2173 import Contact
from kcc_mock.consumer.flows import compile as compiled
from kcc_mock.consumer.flows.loader import SCHEMA_PATH, FlowFileError, builtin, load, names, parse
from kcc_mock.consumer.flows.templates import Scope, Unavailable, evaluate

GOOD = """\
flow: tiny
inputs:
  actor: {env: KCC_ACTOR_UUID, about: the logged-in actor, value: 49b22823-2465-4b7e-9bae-cbc7cddcfda4}
  nummer: {generate: referentienummer}
variants:
  only: {about: the one way in}
steps:
  - step: klantcontact
    operation: klantcontactenCreate
    body: {kanaal: telefoon, onderwerp: x, taal: nld, vertrouwelijk: false, referentienummer: "${inputs.nummer}"}
    lookup: {referentienummer: "${inputs.nummer}"}
  - step: link
    operation: actorklantcontactenCreate
    body:
      actor: {uuid: "${inputs.actor}"}
      klantcontact: {uuid: "${steps.klantcontact}"}
"""


def test_the_shipped_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_every_built_in_flow_loads_and_its_file_ships_beside_the_schema() -> None:
    for name in names():
        flow = builtin(name)
        assert flow.name == name and Path(flow.source) == SCHEMA_PATH.parent / f"{name}.yaml"


def test_a_small_flow_file_loads_with_what_each_step_needs() -> None:
    flow = parse(GOOD, "tiny.yaml")
    assert [(s.name, s.kind, s.method, s.path, s.collection) for s in flow.steps] == [
        ("klantcontact", "create", "POST", "/klantcontacten", "klantcontacten"),
        ("link", "create", "POST", "/actorklantcontacten", "actorklantcontacten"),
    ]
    assert [s.needs for s in flow.steps] == [(), ("klantcontact",)]
    assert (flow.variants[0].scenario, flow.anchor.name) == ("happy-path", "klantcontact")
    assert flow.environment("only") == {"KCC_ACTOR_UUID": "49b22823-2465-4b7e-9bae-cbc7cddcfda4"}


def replaced(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new)


BAD = {
    "not YAML": ("flow: [unclosed\n", "bad.yaml:2: not YAML: expected ',' or ']', but got '<stream end>'"),
    "a step without operation": (
        replaced("    operation: actorklantcontactenCreate\n", ""),
        "bad.yaml:12: steps[1]: 'operation' is a required property",
    ),
    "an unknown key": (
        replaced("  - step: link\n", "  - step: link\n    compensation: later\n"),
        "bad.yaml:12: steps[1]: Additional properties are not allowed ('compensation' was unexpected)",
    ),
    "a misspelt operation": (
        replaced("actorklantcontactenCreate", "actorklantcontactCreate"),
        "bad.yaml:13: unknown operation 'actorklantcontactCreate'; did you mean 'actorklantcontactenCreate'?",
    ),
    "an operation that does not write": (
        replaced("actorklantcontactenCreate", "actorklantcontactenList"),
        "bad.yaml:13: actorklantcontactenList does not write: a step is a create, maakKlantcontactCreate or an update",
    ),
    "a later step named": (
        replaced('referentienummer: "${inputs.nummer}"}\n    lookup', 'referentienummer: "${steps.link}"}\n    lookup'),
        "bad.yaml:10: step klantcontact: ${steps.link}: no earlier step 'link'",
    ),
    "an unknown input": (
        replaced('{uuid: "${inputs.actor}"}', '{uuid: "${inputs.medewerker}"}'),
        "bad.yaml:15: step link: ${inputs.medewerker}: no input 'medewerker'",
    ),
    "an expression of no known form": (
        replaced('{uuid: "${inputs.actor}"}', '{uuid: "${actor}"}'),
        "bad.yaml:15: step link: ${actor} is not inputs.NAME, steps.STEP, steps.STEP.PART, now or today",
    ),
    "a get-or-create without lookup": (
        replaced(
            "    operation: actorklantcontactenCreate\n",
            "    operation: actorklantcontactenCreate\n    get_or_create: true\n",
        ),
        "bad.yaml:12: step link: get_or_create needs the lookup that finds the object",
    ),
    "an update without target": (
        replaced("actorklantcontactenCreate", "internetakenPartialUpdate"),
        "bad.yaml:12: step link: an update needs a target (the object it changes)",
    ),
    "a variant with an unknown input": (
        replaced("  only: {about: the one way in}", "  only: {inputs: {bsn: '1'}}"),
        "bad.yaml:6: variant only: unknown input 'bsn'",
    ),
    "no step that always creates the contact": (
        GOOD[: GOOD.index("  - step: link")].replace(
            "klantcontactenCreate\n", "klantcontactenCreate\n    when: actor\n"
        ),
        "bad.yaml:7: no step creates the flow's object in every run (a klantcontact)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_flow_file_is_refused_in_one_line_naming_file_and_line(case: str) -> None:
    text, message = BAD[case]
    with pytest.raises(FlowFileError) as raised:
        parse(text, "bad.yaml")
    assert str(raised.value) == message
    assert "\n" not in str(raised.value)


def test_a_required_reference_to_a_conditional_step_is_refused() -> None:
    text = replaced(
        "  - step: link\n",
        "  - step: partij\n    operation: partijenCreate\n    when: actor\n    body: {}\n  - step: link\n",
    ).replace('klantcontact: {uuid: "${steps.klantcontact}"}', 'klantcontact: {uuid: "${steps.partij}"}')
    with pytest.raises(FlowFileError) as raised:
        parse(text, "bad.yaml")
    assert str(raised.value) == (
        "bad.yaml:18: step link: steps.partij is not taken in every run this step is; "
        "make the key optional (`key?`) or give this step the same `when`"
    )


def test_two_steps_with_one_operation_must_say_which_calls_are_whose() -> None:
    text = GOOD + (
        "  - step: second\n    operation: actorklantcontactenCreate\n"
        "    body: {actor: {uuid: '${inputs.actor}'}, klantcontact: {uuid: '${steps.klantcontact}'}}\n"
    )
    with pytest.raises(FlowFileError) as raised:
        parse(text, "bad.yaml")
    assert (
        str(raised.value)
        == "bad.yaml:12: step link: actorklantcontactenCreate is used twice; `match` must tell them apart"
    )


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FlowFileError) as raised:
        load(tmp_path / "nowhere.yaml")
    assert str(raised.value) == f"{tmp_path / 'nowhere.yaml'}: No such file or directory"


@pytest.mark.parametrize(
    "command", [["flow", "--base-url", "http://127.0.0.1:9", "--token", "t"], ["verify-consumer", "--list"]]
)
def test_the_command_line_reports_a_bad_flow_file_in_one_line_and_exits_2(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BAD["a misspelt operation"][0], encoding="utf-8")
    assert main([command[0], "--flow", str(broken), *command[1:]]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"kcc-mock {command[0]}: {broken}:13: unknown operation 'actorklantcontactCreate'; "
        "did you mean 'actorklantcontactenCreate'?\n"
    )


def test_an_unknown_flow_name_lists_the_built_in_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-consumer", "--flow", "kiss", "--list"]) == 2
    assert capsys.readouterr().err.startswith("kcc-mock verify-consumer: kiss: neither a built-in flow (f2173")


def test_templates_keep_types_interpolate_text_and_leave_out_optional_keys() -> None:
    scope = Scope({"flag": False, "name": "Jan", "person": {"a": 1}}, {"kc": "u1", "maak.betrokkene": "u2"})
    template = {
        "flag": "${inputs.flag}",
        "text": "Dag ${inputs.name}!",
        "whole": "${inputs.person}",
        "part": {"uuid": "${steps.maak.betrokkene}"},
        "first?": {"uuid": "${steps.partij|steps.kc}"},
        "gone?": {"uuid": "${steps.partij}"},
    }
    assert evaluate(template, scope) == {
        "flag": False,
        "text": "Dag Jan!",
        "whole": {"a": 1},
        "part": {"uuid": "u2"},
        "first": {"uuid": "u1"},
    }
    with pytest.raises(Unavailable):
        evaluate({"required": "${steps.partij}"}, scope)


def test_the_f2173_file_and_the_contact_agree_on_every_constant() -> None:
    flow = builtin("f2173")
    contact = Contact("actor", "4711").inputs()
    constants = compiled.run_inputs(flow, {"actor": "actor", "referentienummer": "4711"})
    assert constants == {name: value for name, value in contact.items() if value is not None}


def test_an_input_read_from_the_environment_has_no_default_in_a_run() -> None:
    flow = parse(GOOD, "tiny.yaml")
    values = compiled.run_inputs(flow, {})
    assert "actor" not in values and values["nummer"].isdigit()  # the env value is verify-consumer's, not a default
    assert compiled.from_environment(flow, {"KCC_ACTOR_UUID": "a", "OTHER": "b"}) == {"actor": "a"}
