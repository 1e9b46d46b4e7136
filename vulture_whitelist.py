"""Names that frameworks call or read, so that vulture (`make lint`) counts them as used.

Vulture only parses this file; nothing imports or runs it. Each entry says who uses the name.
"""

from typing import Any

_: Any = None

# pytest calls its hooks, its autouse fixtures and reads `pytest_plugins` by name.
_.pytest_addoption  # contracts/conftest.py
_.pytest_configure  # contracts/conftest.py, contracts/properties/conftest.py
_.pytest_sessionfinish  # contracts/properties/conftest.py, contracts/certification/plugin.py
_.pytest_terminal_summary  # contracts/properties/conftest.py, contracts/certification/plugin.py
_.pytest_runtest_logreport  # contracts/certification/plugin.py
_.pytest_plugins  # tests/test_plugin.py
_.no_shrinking  # autouse fixtures: tests/test_properties_planted.py, tests/test_known_deviations_in_suites.py

# httpx calls a transport's handle_request.
_.handle_request  # contracts/client/asgi_transport.py, tests/conftest.py, tests/test_recorded_exchanges.py

# uvicorn's server loop reads should_exit.
_.should_exit  # src/kcc_mock/http/server.py

# hypothesis calls a state machine's teardown after each run.
_.teardown  # contracts/properties/test_model.py

# schemathesis calls after_response on an instance of a check class.
_.after_response  # contracts/schemathesis/checks.py

# http.server's BaseHTTPRequestHandler calls do_GET and log_message.
_.do_GET  # tests/test_schemathesis_versions.py
_.log_message  # tests/test_schemathesis_versions.py
