"""Golden files for the data-driven export tests: compare an output with its expected file, or
write it when ``CLAIMREF_UPDATE_GOLDEN=1`` (then review the diff before committing)."""

from __future__ import annotations

import os
from pathlib import Path

UPDATE = os.environ.get("CLAIMREF_UPDATE_GOLDEN") == "1"


def check(expected: Path, actual: str) -> None:
    """``actual`` must equal the text of ``expected`` (written instead when updating)."""
    if UPDATE:
        expected.write_text(actual, "utf-8")
    assert expected.exists(), f"{expected} missing: run with CLAIMREF_UPDATE_GOLDEN=1"
    assert actual == expected.read_text("utf-8")
