"""``claimref completion bash|zsh|fish``: the shell completion script, from click's own.

The script calls ``claimref`` back with ``_CLAIMREF_COMPLETE`` set at each Tab (click's protocol);
what is offered for each argument and option is in :mod:`claimref.cli.completers`.
"""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

from claimref.cli import cli

SHELLS = ("bash", "zsh", "fish")
#: The environment variable click's completion protocol uses for ``claimref``.
COMPLETE_VAR = "_CLAIMREF_COMPLETE"


def completion_script(shell: str, prog_name: str = "claimref") -> str:
    """The completion script of ``shell`` for the command ``prog_name``."""
    kind = get_completion_class(shell)
    if kind is None:  # not reached: the shells offered are click's own
        raise click.BadParameter(f"no completion for {shell}", param_hint="SHELL")
    return kind(cli, {}, prog_name, COMPLETE_VAR).source()


@cli.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion_command(shell: str) -> None:
    """Print the shell completion script for SHELL: claim ids, cite keys, tags, statuses, styles
    and check rules are completed at Tab.

    \b
    Example:
        eval "$(claimref completion bash)"     # in ~/.bashrc
        eval "$(claimref completion zsh)"      # in ~/.zshrc
        claimref completion fish > ~/.config/fish/completions/claimref.fish
    """
    click.echo(completion_script(shell), nl=False)
