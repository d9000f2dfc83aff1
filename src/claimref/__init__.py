"""claimref: keep every factual claim tied to its sources.

The public API: load a workspace, select claims and sources, and read the model. The command line
(``claimref``) is a thin layer over these functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

from claimref.errors import ClaimrefError, DataError, Finding, Severity
from claimref.model import Claim, Link, Locator, Name, Quote, Reliability, Source, Stance, Status
from claimref.query import Selection, select_claims, select_sources
from claimref.store import Workspace, find_root, load_workspace

__all__ = [
    "Claim",
    "ClaimrefError",
    "DataError",
    "Finding",
    "Link",
    "Locator",
    "Name",
    "Quote",
    "Reliability",
    "Selection",
    "Severity",
    "Source",
    "Stance",
    "Status",
    "Workspace",
    "__version__",
    "find_root",
    "load_workspace",
    "select_claims",
    "select_sources",
]
