"""The distinct failures of a run as Markdown, each with a reproducer folder.

For every distinct failure (:func:`tests.fuzz.report.distinct`) the smallest case showing it is
written out: its workspace (``ws/``, and ``in/`` for imports) under ``<repros>/<slug>/`` and the
mutated file alone beside it, so that ``claimref --root <repros>/<slug>/ws check`` shows the
failure without the fuzzer. The Markdown says what broke, where, and how to run the case again.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

from tests.fuzz.report import Failure
from tests.fuzz.runner import Run
from tests.fuzz.seeds import ROOT
from tests.fuzz.target import build


def slug(failure: Failure) -> str:
    """A file name for a failure: its class and cause in lowercase words."""
    words = re.sub(r"[^a-z0-9]+", "-", f"{failure.klass} {failure.cause}".lower()).strip("-")
    return words[:90]


def write_repro(run: Run, folder: Path) -> Path:
    """The case's workspace under ``folder``, and its mutated file beside it; the file's path."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _, path = build(run.case, folder)
    alone = folder.with_suffix(path.suffix or ".txt")
    alone.write_bytes(run.case.data)
    return alone


def _entry(failure: Failure, repro: Path | None) -> list[str]:
    run = failure.example
    case, error = run.case, run.result.get("error") or {}
    lines = [f"### {failure.klass}: {failure.cause} ({failure.count} case(s))", ""]
    lines.append(
        f"- smallest case: `python -m tests.fuzz --case {case.label}` ({case.kind}, "
        f"{len(case.data):,} bytes, from `{case.origin}`)"
    )
    lines.append(f"- mutations: {', '.join(case.steps) or '-'}")
    if case.broke:
        lines.append(f"- what was broken: {case.broke} (by {case.broken_by})")
    if error:
        lines.append(f"- exception: `{error.get('type')}: {error.get('message', '')[:200]}`")
        lines.append(
            f"- innermost claimref frame: `{error.get('frame')}`; innermost frame: "
            f"`{error.get('innermost')}`"
        )
    if run.result.get("bad_write"):
        lines.append(f"- after the import: `{run.result['bad_write'][:200]}`")
    lines.append(
        f"- phase: {run.phase or '?'}; {run.seconds:.2f} s; peak {run.peak_mb:.0f} MB"
        + ("; killed" if run.killed else "")
    )
    if repro is not None:
        lines.append(f"- reproducer: `{repro}` (workspace: `{repro.with_suffix('')}/ws`)")
    return [*lines, ""]


def _revision() -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "?"
    return done.stdout.strip()[:100] or "?"


def markdown(failures: list[Failure], summary: str, repros: Path | None) -> str:
    """The findings page: when and on what, the summary table, then each distinct failure."""
    when = time.strftime("%Y-%m-%d %H:%M")
    out = [
        "# claimref fuzz findings",
        "",
        f"Run {when} on the working tree at `{_revision()}`. Each failure below gives the smallest",
        "case showing it; `python -m tests.fuzz --case SEED:INDEX` runs it again, and the reproducer",
        "folder holds its workspace (`claimref --root <folder>/ws check`, imports from `<folder>/in`).",
        "",
        "```",
        summary,
        "```",
        "",
    ]
    for failure in failures:
        repro = write_repro(failure.example, repros / slug(failure)) if repros else None
        out += _entry(failure, repro)
    return "\n".join(out)
