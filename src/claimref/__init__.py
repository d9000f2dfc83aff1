"""claimref: keep every factual claim tied to its sources.

The public API: load a workspace, select claims and sources, and read the model. The command line
(``claimref``) is a thin layer over these functions. Each name is imported from its module when it
is first asked for (``from claimref import Claim`` works as ever), so that importing the package,
as ``claimref --version`` does, loads none of them.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

TYPE_CHECKING = False  # as typing's, which costs `import claimref` 3 ms; mypy takes it as true
if TYPE_CHECKING:
    from claimref.errors import ClaimrefError, DataError, Finding, Severity
    from claimref.model import (
        Claim,
        Link,
        Locator,
        Name,
        Quote,
        Reliability,
        Source,
        Stance,
        Status,
    )
    from claimref.query import Selection, select_claims, select_sources
    from claimref.store import Workspace, find_root, load_workspace

#: The module defining each name of the public API.
_HOMES = {
    **dict.fromkeys(["ClaimrefError", "DataError", "Finding", "Severity"], "errors"),
    **dict.fromkeys(
        ["Claim", "Link", "Locator", "Name", "Quote", "Reliability", "Source", "Stance", "Status"],
        "model",
    ),
    **dict.fromkeys(["Selection", "select_claims", "select_sources"], "query"),
    **dict.fromkeys(["Workspace", "find_root", "load_workspace"], "store"),
}


def __getattr__(name: str) -> object:
    """A name of the public API, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'claimref' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"claimref.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


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
