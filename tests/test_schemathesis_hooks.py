"""The hooks file schemathesis loads registers the domain checks and three hooks, and nothing shadows the library.

It is loaded the way schemathesis loads it (`SCHEMATHESIS_HOOKS`, by path), in a process of its own
started outside the checkout: registering hooks in the test process would run them on every request
the other tests make through schemathesis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from schemathesis_support import HOOKS

PROBE = """
import json, sys
from schemathesis.checks import CHECKS
from schemathesis.core.hooks import load_from_env
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

built_in = set(CHECKS.get_all_names())
load_from_env()
failures = sys.modules["contracts.schemathesis.failures"]
print(json.dumps({
    "checks": sorted(set(CHECKS.get_all_names()) - built_in),
    "hooks": {name: [h.__module__ for h in hooks] for name, hooks in GLOBAL_HOOK_DISPATCHER.get_all().items()},
    "library": [sys.modules["schemathesis"].__file__, failures.NotSet.__module__],
}))
"""


def test_the_hooks_file_registers_the_checks_and_hooks_from_any_directory(tmp_path: Path) -> None:
    env = {**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS)}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    assert found["checks"] == [
        "DeleteCascades",
        "RejectedRequestStoresNothing",
        "created_object_is_readable_at_its_url",
        "errors_use_the_api_error_shape",
        "references_and_reverse_relations_agree",
    ]
    assert found["hooks"] == {name: ["_schemathesis_hooks"] for name in ("before_call", "after_call", "filter_failure")}
    library, not_set = found["library"]
    assert Path(library).parent.parent.name == "site-packages", library  # not contracts/schemathesis/
    assert not_set == "schemathesis.core"
