"""The README's claims about the command lines match the code: every option it names exists."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any, cast

import pytest

from contracts.certification.rules import RULES
from contracts.client.options import add_options
from kcc_mock.cli import build_parser

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def section(title: str) -> str:
    """The README text under one `## ` heading."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 4)
    return README[start : end if end != -1 else None]


class Recorder:
    """Stands in for pytest's parser and its option group: remembers the option names it is given."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def getgroup(self, *args: Any) -> Recorder:
        return self

    def addoption(self, *names: str, **settings: Any) -> None:
        self.names |= set(names)


def certification_options() -> set[str]:
    """Every option the certification suite registers with pytest."""
    recorder = Recorder()
    add_options(cast(pytest.Parser, recorder))
    return recorder.names


def subcommand_options(*names: str) -> set[str]:
    """Every option of the named `kcc-mock` subcommands."""
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {flag for name in names for action in commands.choices[name]._actions for flag in action.option_strings}


def test_every_certification_option_the_readme_names_exists() -> None:
    named = set(OPTION.findall(section("Certifying a provider")))
    assert named >= {"--waive", "--token", "--actor-uuid"}
    assert named - certification_options() == set()


def test_every_verify_consumer_option_the_readme_names_exists() -> None:
    named = set(OPTION.findall(section("Verifying a consumer")))
    assert named >= {"--partij-step", "--require-all", "--flow", "--flows", "--variant"}
    assert named - subcommand_options("verify-consumer", "flow") == set()


def test_the_check_sees_an_option_that_does_not_exist() -> None:
    assert {"--no-such-option"} - certification_options() == {"--no-such-option"}


def test_every_rule_id_the_certification_section_names_exists() -> None:
    named = set(re.findall(r"\b(?:FLOW|SAGA|INV|FAULT|SPEC)-\d+[a-z]?\b", section("Certifying a provider")))
    assert named - {rule.id for rule in RULES} == set()
