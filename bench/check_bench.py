"""Benchmark ``claimref check`` on a generated workspace and verify every seeded defect is found.

    python bench/gen_workspace.py /tmp/claimref-bench
    python bench/check_bench.py /tmp/claimref-bench [--runs 5] [--cli-runs 3]

Times, separately, loading the workspace (``store.load_workspace``) and running the rules
(``validate.check``), in-process, ``--runs`` times, and the whole command (``claimref check`` in a
new process, output to a file) ``--cli-runs`` times; prints the medians and the median time of each
rule. Then matches the findings against manifest.json (rule, file, text in the message) and lists
any seeded defect not found, and any error or warning that was not seeded. Exit 1 if a defect is
missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from claimref.errors import Finding, Severity
from claimref.store import load_workspace
from claimref.validate import CheckReport, check


def timed_runs(root: Path, runs: int) -> tuple[list[float], list[float], list[CheckReport]]:
    loads, rules, reports = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        ws = load_workspace(root)
        loaded = time.perf_counter()
        reports.append(check(ws))
        loads.append(loaded - started)
        rules.append(time.perf_counter() - loaded)
    return loads, rules, reports


def cli_runs(root: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with open(root.parent / f"{root.name}.check.txt", "w", encoding="utf-8") as out:
            subprocess.run(
                [sys.executable, "-m", "claimref", "--root", str(root), "check"],
                stdout=out,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        times.append(time.perf_counter() - started)
    return times


def matches(seeded: dict[str, str], finding: Finding) -> bool:
    return (
        finding.rule == seeded["rule"]
        and finding.location.path.replace("\\", "/").endswith(seeded["path"])
        and seeded["text"] in finding.message
    )


def verify(root: Path, report: CheckReport) -> tuple[list[dict[str, str]], list[Finding]]:
    """Seeded defects not found, and errors/warnings found that were not seeded."""
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    missed = [s for s in manifest if not any(matches(s, f) for f in by_rule.get(s["rule"], []))]
    seeded_rules = {(s["rule"], s["path"]) for s in manifest}
    unexpected = [
        f
        for f in report.findings
        if f.severity is not Severity.INFO
        and not any(f.location.path.endswith(p) for r, p in seeded_rules if r == f.rule)
    ]
    return missed, unexpected


def _runs(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli-runs", type=int, default=3)
    args = parser.parse_args()
    loads, rules, reports = timed_runs(args.root, args.runs)
    report = reports[-1]
    print(f"load   median {statistics.median(loads):6.2f} s  (runs: {_runs(loads)})")
    print(f"rules  median {statistics.median(rules):6.2f} s  (runs: {_runs(rules)})")
    if args.cli_runs:
        cli = cli_runs(args.root, args.cli_runs)
        print(
            f"claimref check (new process) median {statistics.median(cli):6.2f} s  (runs: {_runs(cli)})"
        )
    print("\nper rule (median of runs, seconds; loader rules are part of load):")
    for rule_id in report.timings:
        median = statistics.median(r.timings[rule_id] for r in reports)
        print(f"  {rule_id:26} {median:7.3f}")
    counts = Counter(f.rule for f in report.findings)
    shown = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
    print(f"\nfindings: {len(report.findings)} ({shown}); accepted: {report.accepted}")
    missed, unexpected = verify(args.root, report)
    manifest_size = len(json.loads((args.root / "manifest.json").read_text("utf-8")))
    print(f"seeded defects found: {manifest_size - len(missed)} of {manifest_size}")
    for seeded in missed:
        print(f"  MISSED {seeded}")
    print(f"errors/warnings not seeded: {len(unexpected)}")
    for finding in unexpected[:20]:
        print(f"  {finding} [{finding.rule}]")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
