"""The ``shell_complete=`` callbacks of the commands' arguments and options: claim ids, cite keys,
tags, people, styles, locales and check rules for what the user has typed so far.

Each callback finds the workspace as the command would (``--root``, ``$CLAIMREF_ROOT`` or upward
from the current folder), asks :mod:`claimref.complete` for the candidates and keeps those starting
with the typed text (case ignored). A completion never fails: whatever goes wrong (no workspace, an
unreadable file, a broken installation) gives no candidates, never a traceback in the user's shell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING

import click

from claimref.root import find_root

# What completing needs is imported at the first Tab, not by every command that offers it.
if TYPE_CHECKING:
    from pathlib import Path

    from click.shell_completion import CompletionItem

    Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _complete() -> ModuleType:
    """:mod:`claimref.complete`, which finds the candidates."""
    from claimref import complete  # noqa: PLC0415

    return complete


def _root(ctx: click.Context) -> Path:
    """The workspace the command line being completed names."""
    return find_root(explicit=ctx.find_root().params.get("root"))


def _matching(values: Iterable[str], typed: str, prefix: str = "") -> list[CompletionItem]:
    from click.shell_completion import CompletionItem  # noqa: PLC0415

    wanted = typed.casefold()
    return [CompletionItem(prefix + v) for v in values if v.casefold().startswith(wanted)]


def _safely(list_values: Callable[[click.Context], Iterable[str]]) -> Completer:
    """A callback completing from ``list_values(ctx)``; any failure gives no candidates."""

    def callback(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        try:
            return _matching(list_values(ctx), incomplete)
        # A completion runs inside the user's shell at each Tab: whatever breaks (a folder gone,
        # an unreadable file, a broken installation), it must give no candidates, not a traceback.
        except Exception:
            return []

    return callback


def _comma_list(list_values: Callable[[], Iterable[str]]) -> Completer:
    """A callback for ``A,B,…``: completes the item after the last comma."""

    def callback(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        done, _, typed = incomplete.rpartition(",")
        try:
            return _matching(list_values(), typed, done + "," if done else "")
        except Exception:  # as in _safely: never a traceback in the shell
            return []

    return callback


def _keys_before_locator(ctx: click.Context, param: click.Parameter,
                         incomplete: str) -> list[CompletionItem]:  # fmt: skip
    """``KEY[@LOCATOR]``: the key is completed; after ``@`` the locator is the user's."""
    return [] if "@" in incomplete else cite_key(ctx, param, incomplete)


claim_id: Completer = _safely(lambda ctx: _complete().claim_ids(_root(ctx)))
cite_key: Completer = _safely(lambda ctx: _complete().cite_keys(_root(ctx)))
claim_or_key: Completer = _safely(
    lambda ctx: [*_complete().claim_ids(_root(ctx)), *_complete().cite_keys(_root(ctx))]
)
cite: Completer = _keys_before_locator
tag: Completer = _safely(lambda ctx: _complete().tags(_root(ctx)))
person: Completer = _safely(lambda ctx: _complete().people(_root(ctx)))
status: Completer = _safely(lambda ctx: _complete().statuses())
style: Completer = _safely(lambda ctx: _complete().style_ids())
locale: Completer = _safely(lambda ctx: _complete().locales())
rules: Completer = _comma_list(lambda: _complete().rule_ids())
