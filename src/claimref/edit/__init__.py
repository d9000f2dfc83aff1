"""The write path: the workspace lock, transactions with a journal, and the verbs that change data.

Commands never open user files for writing themselves: they call a verb here, which reads what it
needs through a :class:`~claimref.edit.transaction.Transaction`, computes the new texts, and commits.
"""

from __future__ import annotations

from claimref.edit.lock import LockTimeoutError, workspace_lock
from claimref.edit.transaction import Change, Transaction, recover, transaction

__all__ = ["Change", "LockTimeoutError", "Transaction", "recover", "transaction", "workspace_lock"]
