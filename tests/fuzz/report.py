"""Judging finished cases: the class of each, the summary table, and the distinct failures.

A case can be in several classes at once: ``traceback`` (an exception other than ClaimrefError
escaped, in the library or the command line), ``crash`` (the child died of a signal we did not
send), ``slow`` (killed, or over the time limit), ``memory`` (MemoryError, or a peak over the limit),
``silent`` (the case broke its file in a way the loader must notice, yet no error or warning about
that file is new compared with the unmutated seed, and nothing was refused), ``bad-write`` (an
import wrote a bibliography that no longer loads without errors) and ``harness`` (the fuzzer's own
bug). ``ok`` is none of these. Distinct failures group cases by class and cause (exception type
and innermost claimref frame; the mutation for the others).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tests.fuzz.runner import Limits, Run
from tests.fuzz.seeds import KINDS

FAILURES = ("traceback", "crash", "slow", "memory", "silent", "bad-write", "harness")
_HEAVY = ("huge", "deep", "chain", "bomb", "second-document", "duplicate-chunk", "normalise")


def classes(run: Run, limits: Limits) -> list[str]:
    """The failure classes of ``run`` (empty: ok)."""
    result = run.result
    found = []
    out_of_memory = (result.get("error") or {}).get("type") == "MemoryError"
    if result.get("error") and not out_of_memory:
        found.append("traceback")
    if run.signal and not run.killed:
        found.append("crash")
    if run.killed or run.seconds > limits.seconds or result.get("subprocess_timeout"):
        found.append("slow")
    if out_of_memory or result.get("memory_error") or run.peak_mb > limits.megabytes:
        found.append("memory")
    if _silent(run):
        found.append("silent")
    if result.get("bad_write"):
        found.append("bad-write")
    if result.get("harness"):
        found.append("harness")
    return found


def _silent(run: Run) -> bool:
    result = run.result
    finished = "new" in result and not result.get("error") and not result.get("memory_error")
    return bool(run.case.broke) and finished and result["new"] == 0 and not result.get("refused")


def _heaviest(run: Run) -> str:
    steps = run.case.steps
    return next((s for s in steps if any(h in s for h in _HEAVY)), steps[-1] if steps else "-")


def cause(run: Run, klass: str) -> str:
    """What distinguishes this failure from others of its class."""
    error = run.result.get("error") or {}
    if klass == "traceback":
        frame = re.sub(r":\d+ in ", " in ", error.get("frame", "?"))
        return f"{error.get('type', '?')} at {frame}"
    if klass == "silent":
        return f"{run.case.kind}: {run.case.broken_by}"
    if klass == "crash":
        return f"{run.case.kind}: signal {run.signal} ({_heaviest(run)})"
    if klass in ("slow", "memory"):
        return f"{run.case.kind}: {_heaviest(run)} (in {run.phase or '?'})"
    if klass == "bad-write":
        return f"{run.case.kind}: {run.case.steps[-1] if run.case.steps else '-'}"
    return "harness"


@dataclass
class Failure:
    """One distinct failure: its class and cause, how many cases show it, the smallest of them."""

    klass: str
    cause: str
    count: int
    example: Run


def distinct(runs: Iterable[Run], limits: Limits) -> list[Failure]:
    """The distinct failures, most frequent first; each with its smallest case."""
    groups: dict[tuple[str, str], list[Run]] = defaultdict(list)
    for run in runs:
        for klass in classes(run, limits):
            groups[(klass, cause(run, klass))].append(run)
    found = [
        Failure(k, c, len(rs), min(rs, key=lambda r: (len(r.case.data), r.case.index)))
        for (k, c), rs in groups.items()
    ]
    return sorted(found, key=lambda f: (FAILURES.index(f.klass), -f.count, f.cause))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def table(runs: list[Run], limits: Limits, wall: float = 0.0) -> str:
    """The summary: per kind of file, the cases, the ok ones, each failure class and timings."""
    head = (
        f"{'kind':<12}{'cases':>7}{'ok':>7}{'trace':>7}{'crash':>7}"
        f"{'>' + format(limits.seconds, 'g') + 's':>7}{'>' + format(limits.megabytes, 'g') + 'MB':>8}"
        f"{'silent':>8}{'of':>6}{'badwr':>7}{'med ms':>8}{'p99 ms':>8}{'max s':>7}{'max MB':>8}"
    )
    lines = [head]
    for kind in (*KINDS, "total"):
        chosen = [r for r in runs if kind in ("total", r.case.kind)]
        if chosen:
            lines.append(_row(kind, chosen, limits))
    if wall:
        lines.append(f"{len(runs)} cases in {wall:.0f} s ({len(runs) / wall:.1f} cases/s)")
    return "\n".join(lines)


def _row(kind: str, runs: list[Run], limits: Limits) -> str:
    counts: Counter[str] = Counter()
    for run in runs:
        found = classes(run, limits)
        counts.update(found)
        counts["ok"] += not found
    times = [r.seconds for r in runs]
    broken = sum(1 for r in runs if r.case.broke)
    return (
        f"{kind:<12}{len(runs):>7}{counts['ok']:>7}{counts['traceback']:>7}{counts['crash']:>7}"
        f"{counts['slow']:>7}{counts['memory']:>8}{counts['silent']:>8}{broken:>6}"
        f"{counts['bad-write']:>7}{statistics.median(times) * 1000:>8.0f}"
        f"{_percentile(times, 0.99) * 1000:>8.0f}{max(times):>7.1f}"
        f"{max(r.peak_mb for r in runs):>8.0f}"
    )


def breakdown(runs: list[Run], limits: Limits) -> str:
    """Each distinct failure on a line: class, count, cause, an example case."""
    lines = []
    for failure in distinct(runs, limits):
        run = failure.example
        lines.append(
            f"{failure.klass:<10}{failure.count:>6}  {failure.cause}  "
            f"[e.g. --case {run.case.label}, {len(run.case.data)} bytes]"
        )
    return "\n".join(lines) or "no failures"


def silent_by_mutation(runs: list[Run], limits: Limits) -> str:
    """Silent acceptances by the mutation (or oracle) that broke the file, of the broken cases."""
    broken: Counter[str] = Counter(r.case.broken_by for r in runs if r.case.broke)
    silent: Counter[str] = Counter(r.case.broken_by for r in runs if _silent(r))
    return "\n".join(
        f"  {name:<26}{silent[name]:>6} of {total}" for name, total in sorted(broken.items())
    )
