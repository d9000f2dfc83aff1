"""The write path: the workspace lock, transactions with a journal, and the verbs that change data.

Commands never open user files for writing themselves: they call a verb here, which reads what it
needs through a :class:`~claimref.edit.transaction.Transaction`, computes the new texts, and commits.
"""

from __future__ import annotations

from typing import Any

from claimref.edit.lock import LockTimeoutError, workspace_lock


def __getattr__(name: str) -> Any:
    """The transaction's names, imported when first asked for: they load the parsers, which a
    reading command that only takes the lock (:func:`~claimref.edit.lock.shared_lock`) skips."""
    if name in ("Change", "Transaction", "recover", "transaction"):
        import importlib  # noqa: PLC0415

        module = importlib.import_module("claimref.edit.transaction")
        names = ("Change", "Transaction", "recover", "transaction")
        globals().update({n: getattr(module, n) for n in names})  # the function, not the module
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Change", "LockTimeoutError", "Transaction", "recover", "transaction", "workspace_lock"]
