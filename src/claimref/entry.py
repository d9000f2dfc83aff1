"""The ``claimref`` command's entry point: the stat pass of a reading command's workspace starts in
a forked process (:func:`claimref.statpass.start_early`) before the command line's modules are
imported, so that its system calls and the imports run at once; then the command runs. It does
nothing else: the command line is :mod:`claimref.cli`.
"""

from __future__ import annotations

import sys

from claimref import statpass

__all__ = ["main"]


def main() -> None:
    """Run the ``claimref`` command."""
    statpass.start_early(sys.argv[1:])
    from claimref.cli import main as run_command  # noqa: PLC0415  (after the start)

    run_command()
