"""pytest wiring of the certification suite (options and the plugin that runs and reports)."""

from __future__ import annotations

import pytest

from contracts.certification.engine import Certification
from contracts.certification.plugin import PLUGIN_NAME, CertificationPlugin
from contracts.client.options import add_options


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--provider-url`, `--token`, `--actor-uuid`, `--seed`, `--report-dir`."""
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    """Register the plugin that holds the run and writes the reports."""
    config.pluginmanager.register(CertificationPlugin(config), PLUGIN_NAME)


@pytest.fixture(scope="session")
def certification(pytestconfig: pytest.Config) -> Certification:
    """The run every rule test adds its result to."""
    plugin = pytestconfig.pluginmanager.get_plugin(PLUGIN_NAME)
    assert isinstance(plugin, CertificationPlugin)
    return plugin.start()
