"""Errors and findings: the one root exception, and data problems as values.

A *finding* is a problem in the user's data (a bad BibTeX block, a wrong YAML type…) with the place it
was found. Loaders collect findings and carry on, so that all problems are reported together.
An *exception* (always a :class:`ClaimrefError`) is raised only when the work cannot go on at all:
no workspace, an unreadable file, a refused write. This module does no I/O and no formatting of output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named: a finding is made by code that has the model loaded
    from claimref.model import Location


class Severity(StrEnum):
    """How bad a finding is; the order is error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the data, where it is, and the rule that found it."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR
    rule: str = "load"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class ClaimrefError(Exception):
    """The root of every exception claimref raises on purpose."""


class WorkspaceNotFoundError(ClaimrefError):
    """No workspace was found from the given directory upward."""


class DataError(ClaimrefError):
    """The data has errors, so the requested work is refused; the findings say which."""

    def __init__(self, findings: tuple[Finding, ...] | list[Finding]) -> None:
        self.findings = tuple(sorted(findings))
        count = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        super().__init__(f"{count} error(s) in the data")


class WriteRefusedError(ClaimrefError):
    """A write to a user file was refused (parse errors in it, or it changed since it was read)."""


class UnknownNameError(ClaimrefError):
    """A claim id or cite key that the workspace does not have; the message names close ones."""

    def __init__(self, kind: str, name: str, close: Iterable[str] = ()) -> None:
        self.kind, self.name, self.close = kind, name, tuple(close)
        hint = f" (did you mean: {', '.join(self.close)}?)" if self.close else ""
        super().__init__(f"no {kind} '{name}'{hint}")


class UsageError(ClaimrefError):
    """A request that cannot be carried out as given (an unknown claim or key, a bad id, a locator
    that cannot be read); the command line exits with 2, as for a wrong option."""
