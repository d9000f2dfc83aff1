"""Tables of trial counts, as the issue's note wants them (plain text, one row per scenario)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from tests.faults.killtrials import MODES, TrialResult

PHASES = ("before", "during", "after", "finished")


def kill_table(results: Sequence[TrialResult]) -> str:
    """One row per scenario: trials by mode, by phase of the write when killed, journals left and
    completed, temporary files left, each changed file's outcome, problems."""
    header = ("command", "trials", *MODES, *PHASES, "journal", "completed",
              "tmp-left", "tmp>reader", "files-old", "files-new", "problems")  # fmt: skip
    rows: list[tuple[object, ...]] = []
    names = list(dict.fromkeys(r.scenario for r in results))
    for name in [*names, "all"]:
        chosen = [r for r in results if name in ("all", r.scenario)]
        rows.append(_row(name, chosen))
    return _format(header, rows)


def _row(name: str, chosen: Sequence[TrialResult]) -> tuple[object, ...]:
    modes = Counter(r.mode for r in chosen)
    phases = Counter(r.phase for r in chosen)
    files = Counter(outcome for r in chosen for outcome in r.files.values())
    return (
        name,
        len(chosen),
        *(modes[m] for m in MODES),
        *(phases[p] for p in PHASES),
        sum(r.journal for r in chosen),
        sum(r.journal_completed for r in chosen),
        sum(r.temps_after_kill > 0 for r in chosen),
        sum(r.temps_after_reader > 0 for r in chosen),
        files["old"],
        files["new"],
        sum(bool(r.problems) for r in chosen),
    )


def _format(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    table = [list(map(str, header)), *[list(map(str, row)) for row in rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in
                       enumerate(zip(row, widths, strict=True))) for row in table]  # fmt: skip
    return "\n".join(lines) + "\n"


def problems(results: Sequence[TrialResult], limit: int = 5) -> str:
    """The first ``limit`` trials with problems, each with its moment and sentences."""
    failed = [r for r in results if r.problems]
    shown = [f"{r.scenario} [{r.mode}, {r.moment}, {r.phase}]:\n  " + "\n  ".join(r.problems)
             for r in failed[:limit]]  # fmt: skip
    more = f"\n… and {len(failed) - limit} more" if len(failed) > limit else ""
    return "\n".join(shown) + more


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain text table (first column left-aligned, the rest right-aligned)."""
    return _format(header, rows)


def mode_phase_table(results: Sequence[TrialResult]) -> str:
    """How each way of choosing the moment spread the kills over the write."""
    rows = []
    for mode in MODES:
        chosen = Counter(r.phase for r in results if r.mode.startswith(mode))
        rows.append((mode, sum(chosen.values()), *(chosen[p] for p in PHASES)))
    return _format(("mode", "trials", *PHASES), rows)
