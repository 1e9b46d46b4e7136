"""Small statistics helpers."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(ordered: Sequence[float], rank: float) -> float:
    """The nearest-rank percentile of sorted values (0.0 for none)."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]
