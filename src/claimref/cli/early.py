"""Answering a reading command from the index as last stored while another process looks at the
workspace's files (:func:`claimref.statpass.start_early`): the command runs with its output held;
when the survey finds the files as the index last matched them, the output is let out, else it is
dropped and the command runs again, the index first brought up to date (with what the survey
found). The answer is then always that of files as they were at one moment, as without this.

Which commands read the index, and how, is :mod:`claimref.cli.browse`'s business (it asks
:func:`speculating` and reports what it read with :func:`speculated`).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from claimref import statpass

__all__ = ["answer_early", "speculated", "speculating"]

_ON = "claimref.speculating"
_READ = "claimref.speculated"


class _Held(io.StringIO):
    """Output held back, for a terminal or not as the stream it stands for (a table's width
    depends on it; a progress meter is not drawn into it)."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def speculating(ctx: click.Context) -> bool:
    """Whether the command may answer from the index as last stored (see the module)."""
    return bool(ctx.meta.get(_ON))


def speculated(ctx: click.Context, root: Path, quick: str) -> None:
    """Say that the command answered from the index of ``root`` as it matched files of the
    quick sum ``quick``."""
    ctx.meta[_READ] = (str(root), quick)


def answer_early(ctx: click.Context, invoke: Callable[[], Any]) -> Any:
    """``invoke()`` (the command), answered early where it can be (see the module)."""
    if not statpass.pending():
        return invoke()
    # the arguments the group hands to its command (click 8.2 renamed them "_protected_args")
    protected = "_protected_args" if hasattr(ctx, "_protected_args") else "protected_args"
    args = (list(getattr(ctx, protected)), list(ctx.args))
    out, err = _Held(sys.stdout.isatty()), _Held(tty=False)
    ctx.meta[_ON] = True
    ended: click.exceptions.Exit | click.ClickException | None = None
    result = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            result = invoke()
    except (click.exceptions.Exit, click.ClickException) as exc:
        ended = exc
    finally:
        ctx.meta[_ON] = False
    read = ctx.meta.pop(_READ, None)
    if read is not None and not _stands(*read):
        setattr(ctx, protected, args[0])  # the files changed: answer again
        ctx.args = args[1]
        return invoke()
    sys.stdout.write(out.getvalue())
    sys.stderr.write(err.getvalue())
    if ended is not None:
        raise ended
    return result


def _stands(root: str, quick: str) -> bool:
    """Whether the files of the workspace at ``root`` are those of the quick sum ``quick``, as the
    early survey found them."""
    early = statpass.peek_early(root)
    return early is not None and early.quick == quick
