"""The commands the kill and concurrency trials run, and whether this claimref has them yet.

A :class:`Scenario` is one command line against a copy of the bundled dataset (plus the input files
it needs). :func:`missing` names a command the CLI does not offer, so a trial can skip with that
reason while the verbs are still being written.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import click

from claimref.cli import cli

IMPORT_BIB = """\
@book{vitols1961,
  author = {Vītols, Jānis},
  title = {Partizāņu cīņas Latgalē},
  location = {Rīga},
  date = {1961},
  langid = {latvian},
}

@book{ozols1972,
  author = {Ozols, Kārlis},
  title = {Mežu brāļi un sarkanie partizāni},
  location = {Rīga},
  date = {1972},
  langid = {latvian},
}

@article{berzina1988,
  author = {Bērziņa, Anna},
  title = {Kārsavas apkārtnes partizāni},
  journaltitle = {Karogs},
  date = {1988},
  langid = {latvian},
}
"""


@dataclass(frozen=True)
class Scenario:
    """One command line: ``claimref --root ROOT COMMAND ARGS`` with ``{input}`` in ARGS standing
    for the folder where ``inputs`` (file name → text) are written first."""

    name: str
    command: tuple[str, ...]
    args: tuple[str, ...]
    inputs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    multi_file: bool = False
    share: float = 1.0  # of the trials, relative to the other scenarios

    def trials(self, total: int) -> int:
        """This scenario's part of ``total`` trials over :data:`SCENARIOS` (at least 3)."""
        return max(3, round(total * self.share / sum(s.share for s in SCENARIOS)))

    def argv(self, root: Path, inputs: Path) -> list[str]:
        """The full argument list, after writing the input files into ``inputs``."""
        if self.inputs:
            inputs.mkdir(parents=True, exist_ok=True)
            for name, text in self.inputs.items():
                (inputs / name).write_text(text, "utf-8")
        return [
            "--root",
            str(root),
            *self.command,
            *(arg.replace("{input}", str(inputs)) for arg in self.args),
        ]


CLAIM = "samsons-130-trains"

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("import", ("import",), ("{input}/in.bib",), MappingProxyType({"in.bib": IMPORT_BIB})),
    Scenario(
        "link",
        ("link",),
        (CLAIM, "strods2006@p. 112", "--stance", "supports", "--note", "Added by a kill trial."),
    ),
    Scenario(
        "status",
        ("status",),
        (CLAIM, "doubtful", "--note", "No source for the figure; reviewed in a kill trial."),
    ),
    Scenario(
        "source-add",
        ("source", "add"),
        tuple(
            shlex.split(
                "--type book --author 'Vītols, Jānis' --title 'Partizāņu cīņas Latgalē' "
                "--date 1961 --langid latvian"
            )
        ),
    ),
    Scenario("rekey", ("rekey",), ("samson1980", "samson1980vp"), multi_file=True),
    Scenario(
        "rekey-wide",
        ("rekey",),
        ("wikipedia-soviet-partisans-latvia", "wikipedia-partisans"),
        multi_file=True,
        share=0.5,  # 43 files: each run takes several times as long
    ),
    # Beyond the list: the other commands that change several files, with deletions.
    Scenario("rename", ("rename",), (CLAIM, "samsons-trains"), multi_file=True, share=0.5),
    Scenario("merge", ("merge",), ("kapitanov1977", "kapitanov1980"), multi_file=True, share=0.5),
)


def by_name(name: str) -> Scenario:
    """The scenario called ``name``."""
    return next(s for s in SCENARIOS if s.name == name)


def missing(command: tuple[str, ...]) -> str | None:
    """None when the CLI has ``command`` (e.g. ("source", "add")), else a reason naming it."""
    group: click.Command = cli
    with click.Context(cli) as ctx:
        for depth, word in enumerate(command):
            found = group.get_command(ctx, word) if isinstance(group, click.Group) else None
            if found is None:
                return f"claimref has no command `{' '.join(command[: depth + 1])}` yet"
            group = found
    return None
