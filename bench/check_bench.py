"""Benchmark ``claimref check`` on a generated workspace and verify every seeded defect is found.

    python bench/gen_workspace.py /tmp/claimref-bench
    python bench/check_bench.py /tmp/claimref-bench [--runs 5] [--cli-runs 3]

Times, separately, loading the workspace (``store.load_workspace``, without the parse cache, and
with a warm one) and running the rules (``validate.check``), in-process, ``--runs`` times, and the
whole command (``claimref check`` in a new process, output to a file) ``--cli-runs`` times in each of
three ways: ``--no-cache``, cold (an empty cache folder: parse everything and write the cache) and
warm (files unchanged since the cache was written); prints the medians and the median time of each
rule. Then matches the findings against manifest.json (rule, file, text in the message) and lists
any seeded defect not found, and any error or warning that was not seeded. Exit 1 if a defect is
missed. The cache goes to a temporary folder ($CLAIMREF_CACHE_DIR), never to ~/.cache.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from claimref import parsecache
from claimref.errors import Finding, Severity
from claimref.parsecache import DiskParseCache
from claimref.store import load_workspace
from claimref.validate import CheckReport, check


def timed_runs(root: Path, runs: int) -> tuple[list[float], list[float], list[CheckReport]]:
    """Load and check ``runs`` times, handling the cycle collector as the CLI does (off while
    loading, then the workspace frozen out of its view)."""
    loads, rules, reports = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        gc.disable()
        ws = load_workspace(root)
        gc.freeze()
        gc.enable()
        loaded = time.perf_counter()
        reports.append(check(ws))
        loads.append(loaded - started)
        rules.append(time.perf_counter() - loaded)
        del ws
        gc.unfreeze()
        gc.collect()
    return loads, rules, reports


def warm_loads(root: Path, runs: int) -> list[float]:
    """Load times with a warm parse cache (the first, cold, load is not counted)."""
    load_workspace(root, cache=DiskParseCache.for_root(root))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        gc.disable()
        ws = load_workspace(root, cache=DiskParseCache.for_root(root))
        gc.freeze()
        gc.enable()
        times.append(time.perf_counter() - started)
        del ws
        gc.unfreeze()
        gc.collect()
    return times


def cli_run(root: Path, *options: str) -> float:
    started = time.perf_counter()
    with open(root.parent / f"{root.name}.check.txt", "w", encoding="utf-8") as out:
        subprocess.run(
            [sys.executable, "-m", "claimref", *options, "--root", str(root), "check"],
            stdout=out,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    return time.perf_counter() - started


def cli_runs(root: Path, runs: int) -> dict[str, list[float]]:
    """``claimref check`` times: without the cache, with an empty one, and with a warm one."""
    cache = Path(os.environ[parsecache.ENV_DIR])
    times: dict[str, list[float]] = {"no cache": [], "cold cache": [], "warm cache": []}
    for _ in range(runs):
        times["no cache"].append(cli_run(root, "--no-cache"))
        shutil.rmtree(cache, ignore_errors=True)
        times["cold cache"].append(cli_run(root))
    for _ in range(runs):
        times["warm cache"].append(cli_run(root))
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
    with tempfile.TemporaryDirectory(prefix="claimref-bench-cache-") as folder:
        os.environ[parsecache.ENV_DIR] = folder
        os.environ.pop(parsecache.ENV_OFF, None)
        report = measure(args.root, args.runs, args.cli_runs)
    verify_and_exit(args.root, report)


def measure(root: Path, runs: int, cli_count: int) -> CheckReport:
    loads, rules, reports = timed_runs(root, runs)
    warm = warm_loads(root, runs)
    print(f"uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (load average, 1 and 5 min)")
    print(f"load, no cache    median {statistics.median(loads):6.2f} s  (runs: {_runs(loads)})")
    print(f"load, warm cache  median {statistics.median(warm):6.2f} s  (runs: {_runs(warm)})")
    print(f"rules             median {statistics.median(rules):6.2f} s  (runs: {_runs(rules)})")
    if cli_count:
        for how, times in cli_runs(root, cli_count).items():
            median = statistics.median(times)
            print(f"claimref check, {how:10} median {median:6.2f} s  (runs: {_runs(times)})")
    report = reports[-1]
    print("\nper rule, seconds: median of runs, and the first run (caches in the process still")
    print("empty, as in a new `claimref check`); loader rules are part of load:")
    for rule_id in report.timings:
        median = statistics.median(r.timings[rule_id] for r in reports)
        print(f"  {rule_id:26} {median:7.3f} {reports[0].timings[rule_id]:7.3f}")
    return report


def verify_and_exit(root: Path, report: CheckReport) -> None:
    counts = Counter(f.rule for f in report.findings)
    shown = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
    print(f"\nfindings: {len(report.findings)} ({shown}); accepted: {report.accepted}")
    missed, unexpected = verify(root, report)
    manifest_size = len(json.loads((root / "manifest.json").read_text("utf-8")))
    print(f"seeded defects found: {manifest_size - len(missed)} of {manifest_size}")
    for seeded in missed:
        print(f"  MISSED {seeded}")
    print(f"errors/warnings not seeded: {len(unexpected)}")
    for finding in unexpected[:20]:
        print(f"  {finding} [{finding.rule}]")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
