"""Benchmark weighing the evidence for every claim of a generated workspace (issue 14: < 3 s warm).

    python bench/gen_workspace.py /tmp/claimref-bench
    python bench/evidence_bench.py /tmp/claimref-bench [--runs 5] [--cli-runs 5]

Loads the workspace once (through a warm parse cache in a temporary $CLAIMREF_CACHE_DIR, as the CLI
does) and times, ``--runs`` times each, the evidence for all claims: a new
:class:`~claimref.evidence.EvidenceIndex` (as every command builds one) and ``weigh`` for each claim,
(a) on the workspace as generated and (b) enriched in memory the way a curated workspace would be:
every source given an ``x-kind``, one in ten an ``x-based-on`` to one to three other sources (a few
of them cycles) and people records for 40 authors, so that the graph, the groups and participants
are exercised. Then times ``claimref claims --min-independent 2`` end to end in a new process (warm
cache) ``--cli-runs`` times. Prints the medians and how the suggested grades fall.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from claimref.evidence import EvidenceIndex
from claimref.model import Location, Person, Source
from claimref.parsecache import DiskParseCache
from claimref.store import Workspace, load_workspace


def weigh_all(ws: Workspace) -> tuple[float, float, Counter[str]]:
    """Wall and CPU seconds to weigh every claim (index built afresh), and the suggested rules
    counted (CPU time too, since the machine is shared: under load, wall time mostly waits)."""
    started, cpu = time.perf_counter(), time.process_time()
    index = EvidenceIndex(ws.sources, ws.people)
    rules = Counter(index.weigh(claim).suggestion.rule for claim in ws.claims.values())
    return time.perf_counter() - started, time.process_time() - cpu, rules


def enriched(ws: Workspace, seed: int = 1) -> Workspace:
    """``ws`` with kinds, x-based-on links (some circular) and 40 people records, in memory."""
    rng = random.Random(seed)
    keys = sorted(ws.sources)
    sources: dict[str, Source] = {}
    for key in keys:
        source = ws.sources[key]
        extra = {"x-kind": rng.choice(("primary", "secondary", "secondary", "tertiary"))}
        if rng.random() < 0.1:
            extra["x-based-on"] = ", ".join(rng.sample(keys, rng.randint(1, 3)))
        sources[key] = replace(source, fields=MappingProxyType({**source.fields, **extra}))
    people: dict[str, Person] = {}
    for source in rng.sample(list(sources.values()), 40):
        names = source.creators()
        if names and not names[0].literal:
            form = f"{names[0].given} {names[0].family}".strip()
            pid = f"p{len(people)}"
            people[pid] = Person(pid, MappingProxyType({"lv": (form,)}), Location("bench"))
    return replace(ws, sources=MappingProxyType(sources), people=MappingProxyType(people))


def cli_runs(root: Path, runs: int) -> list[float]:
    """Wall times of ``claimref claims --min-independent 2`` in a new process, output discarded."""
    times = []
    command = [sys.executable, "-m", "claimref", "--root", str(root), "claims",
               "--min-independent", "2"]  # fmt: skip
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli-runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimref-evidence-bench-") as cache_dir:
        os.environ["CLAIMREF_CACHE_DIR"] = cache_dir
        load_workspace(args.root, cache=DiskParseCache.for_root(args.root))  # writes the cache
        started = time.perf_counter()
        gc.disable()
        ws = load_workspace(args.root, cache=DiskParseCache.for_root(args.root))
        gc.freeze()
        gc.enable()
        print(f"load (warm cache): {time.perf_counter() - started:.2f} s; load average "
              f"{os.getloadavg()[0]:.1f}; "
              f"{len(ws.sources)} sources, {len(ws.claims)} claims")  # fmt: skip
        for label, workspace in (("as generated", ws), ("enriched", enriched(ws))):
            results = [weigh_all(workspace) for _ in range(args.runs)]
            walls, cpus = [r[0] for r in results], [r[1] for r in results]
            print(f"evidence for all claims, {label}: median {statistics.median(walls):.2f} s "
                  f"wall (runs: {', '.join(f'{t:.2f}' for t in walls)}), "
                  f"{statistics.median(cpus):.2f} s CPU")  # fmt: skip
            print("  suggested rules:", dict(results[0][2].most_common()))
        if args.cli_runs:
            times = cli_runs(args.root, args.cli_runs)
            shown = ", ".join(f"{t:.2f}" for t in times)
            print(f"claimref claims --min-independent 2 (new process, warm cache): median "
                  f"{statistics.median(times):.2f} s (runs: {shown})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
