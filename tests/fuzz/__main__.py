"""``python -m tests.fuzz``: run a fuzz campaign and print the table, or run one case again.

Examples (from the repository root)::

    python -m tests.fuzz --cases 10000 --seed 1 --jobs 2
    python -m tests.fuzz --cases 2000 --findings /tmp/findings.md --repros /tmp/repros
    python -m tests.fuzz --case 1:1234            # one case: what was done and what happened
    python -m tests.fuzz --case 1:1234 --workspace /tmp/ws   # write its workspace, run nothing
"""

from __future__ import annotations

import argparse
import io
import json
import signal
import sys
import time
from pathlib import Path

from tests.fuzz import findings, report
from tests.fuzz.cases import generate
from tests.fuzz.runner import Limits, Run, baselines, fuzz, run_cases
from tests.fuzz.target import build


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--cases", type=int, default=1000, help="how many cases (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    parser.add_argument("--start", type=int, default=0, help="index of the first case")
    parser.add_argument("--jobs", type=int, default=2, help="cases run at once (default 2)")
    parser.add_argument("--seconds", type=float, default=2.0, help="time limit per case (2 s)")
    parser.add_argument("--megabytes", type=float, default=200.0, help="memory limit (200 MB)")
    parser.add_argument("--kill-after", type=float, default=20.0, help="kill a case after (20 s)")
    parser.add_argument("--case", metavar="SEED:INDEX", help="run only this case, in detail")
    parser.add_argument("--workspace", type=Path, help="with --case: write its workspace here")
    parser.add_argument("--findings", type=Path, help="write the distinct failures (Markdown)")
    parser.add_argument("--repros", type=Path, help="with --findings: reproducer folders here")
    parser.add_argument("--jsonl", type=Path, help="write one JSON line per case here")
    return parser.parse_args(argv)


def _one(options: argparse.Namespace, limits: Limits) -> int:
    seed, index = (int(part) for part in options.case.split(":"))
    case = generate(seed, index)
    print(f"case {case.label}: {case.kind} from {case.origin}, {len(case.data):,} bytes")
    print(f"mutations: {', '.join(case.steps)}; export: {case.export}; cli: {case.cli or '-'}")
    print(f"broke: {case.broke or '-'} ({case.broken_by or '-'})")
    if options.workspace:
        root, path = build(case, options.workspace)
        print(f"workspace: {root}; mutated file: {path}")
        return 0
    known = baselines(limits, options.jobs)
    run = next(iter(run_cases([case], known, limits, 1)))
    print(json.dumps(run.result, indent=2, ensure_ascii=False))
    print(
        f"{run.seconds:.2f} s, peak {run.peak_mb:.0f} MB, phase {run.phase}"
        f"{', killed' if run.killed else ''}{f', signal {run.signal}' if run.signal else ''}"
    )
    print("classes:", ", ".join(report.classes(run, limits)) or "ok")
    return 0


def _line(run: Run, limits: Limits) -> str:
    return json.dumps(
        {
            "case": run.case.label,
            "kind": run.case.kind,
            "steps": run.case.steps,
            "broke": run.case.broke,
            "by": run.case.broken_by,
            "classes": report.classes(run, limits),
            "seconds": round(run.seconds, 3),
            "peak_mb": round(run.peak_mb, 1),
            "phase": run.phase,
            "result": run.result,
        }
    )


def main(argv: list[str] | None = None) -> int:
    """Run the campaign the options ask for; exit 1 when any case failed."""
    options = _options(argv)
    # stopped with kill: end the running cases and remove the temporary folders (finally blocks)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if isinstance(sys.stdout, io.TextIOWrapper):  # mutated keys may hold lone surrogates
        sys.stdout.reconfigure(errors="backslashreplace")
    limits = Limits(options.seconds, options.megabytes, options.kill_after)
    if options.case:
        return _one(options, limits)
    out = options.jsonl.open("w", encoding="utf-8") if options.jsonl else None
    started = time.perf_counter()

    def progress(run: Run) -> None:
        if out:
            out.write(_line(run, limits) + "\n")
        done = run.case.index - options.start + 1
        if done % 500 == 0:
            print(f"... {done} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    indexes = range(options.start, options.start + options.cases)
    runs = fuzz(options.seed, indexes, limits, options.jobs, progress)
    wall = time.perf_counter() - started
    summary = "\n".join(
        [
            f"seed {options.seed}, cases {options.start}..{options.start + options.cases - 1}, "
            f"{options.jobs} jobs, limits {limits.seconds:g} s / {limits.megabytes:g} MB",
            report.table(runs, limits, wall),
            "",
            "distinct failures:",
            report.breakdown(runs, limits),
            "",
            "silent acceptances by mutation (of broken cases):",
            report.silent_by_mutation(runs, limits),
        ]
    )
    print(summary)
    if options.findings:
        page = findings.markdown(report.distinct(runs, limits), summary, options.repros)
        options.findings.write_bytes(page.encode("utf-8", "backslashreplace"))
    return 1 if any(report.classes(r, limits) for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
