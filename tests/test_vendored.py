"""The vendored upstream documents are byte-identical to the releases their README names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

UPSTREAM = Path(__file__).parent / "data/upstream"


def recorded_hashes() -> dict[str, str]:
    """The sha1 of each release's document as the README records it."""
    text = (UPSTREAM / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"(\d+\.\d+\.\d+)\s+`([0-9a-f]{40})`", text))


@pytest.mark.parametrize("release", ["2.18.0", "2.17.1"])
def test_vendored_upstream_document_is_unchanged(release: str) -> None:
    data = (UPSTREAM / f"openklant-{release}-klantinteracties-openapi.yaml").read_bytes()
    assert hashlib.sha1(data).hexdigest() == recorded_hashes()[release]
