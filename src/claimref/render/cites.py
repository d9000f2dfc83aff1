"""What a citation cites: a source's key and, optionally, where in it. No rendering here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cite:
    """One work cited: its key and, optionally, where in it (a CSL locator label and value)."""

    key: str
    label: str = ""
    locator: str = ""
