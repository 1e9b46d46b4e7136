"""The hypothesis profiles of every property suite, registered in one place.

`dev` (the default, fast, for `make test`) and `ci` (thorough, for `make properties PROFILE=ci`);
choose with the HYPOTHESIS_PROFILE environment variable. Both are derandomized: a failure prints
its seed and shrunk example, and the same run gives the same examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILES = {"dev": 15, "ci": 200}


def register(environ: dict[str, str] | None = None) -> str:
    """Register `dev` and `ci`, load the one the environment names; returns its name."""
    for name, examples in PROFILES.items():
        settings.register_profile(
            name,
            max_examples=examples,
            deadline=None,
            derandomize=True,
            print_blob=True,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
    chosen = (environ if environ is not None else dict(os.environ)).get("HYPOTHESIS_PROFILE", "dev")
    if chosen not in PROFILES:
        raise ValueError(f"HYPOTHESIS_PROFILE must be one of {sorted(PROFILES)}, not {chosen!r}")
    settings.load_profile(chosen)
    return chosen
