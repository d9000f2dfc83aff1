"""Time the claim commands that write (``link``, ``status``…) on a large workspace, in new processes.

    python bench/gen_workspace.py /tmp/claimref-bench        # 10,010 sources, 50,000 claims
    python bench/edit_bench.py /tmp/claimref-bench [--runs 5]

A write must not load the workspace: it reads the one claim file it changes and scans the raw
bibliography for the cite key. The benchmark records a claim of its own with ``claimref new``, then
runs ``link`` (each time to another page, so that no link is refused as a repeat), ``status``,
``verify`` and ``unlink`` ``--runs`` times each after one warm-up run (warm: bytecode compiled, files
in the page cache), and prints the median wall time and the median CPU time (user + system) of each.
The claim file is removed at the end, so the workspace is left as it was.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

CLAIM = "bench-edit-claim"
KEY = re.compile(r"^@(?!string|preamble|comment)\w+\{([^,\s]+),", re.MULTILINE | re.IGNORECASE)


def claimref(root: Path, *args: str) -> tuple[float, float]:
    """Run ``claimref --root ROOT ARGS`` in a new process; its wall and CPU seconds."""
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "claimref", "--root", str(root), *args],
                          capture_output=True, text=True, check=False)  # fmt: skip
    wall = time.perf_counter() - started
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"claimref {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return wall, (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def first_key(root: Path) -> str:
    """A cite key of the workspace (the first entry of the first .bib file that has one)."""
    for path in sorted((root / "bibliography").glob("*.bib")):
        match = KEY.search(path.read_text("utf-8", errors="replace"))
        if match:
            return match[1]
    raise SystemExit(f"{root}: no BibTeX entry found")


def compile_bytecode() -> None:
    """Compile claimref's modules as ``pip install`` does (see render_bench.py)."""
    import claimref  # noqa: PLC0415

    package = Path(claimref.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def commands(key: str, run: int) -> dict[str, list[str]]:
    """The commands of one run (run 0 is the warm-up)."""
    note = f"Benchmark run {run}."
    return {
        "link": ["link", CLAIM, f"{key}@p. {run + 1}", "--stance", "supports", "--note", note],
        "status": ["status", CLAIM, "probable" if run % 2 else "doubtful", "--note", note],
        "verify": ["verify", CLAIM, f"{key}@p. {run + 1}", "--by", "Bench", "--on", "2026-12-01"],
        "unlink": ["unlink", CLAIM, f"{key}@p. {run + 1}"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    root: Path = options.root
    claims = sum(1 for _ in os.scandir(root / "claims"))
    print(f"{root}: {claims} claim files; median of {options.runs} warm runs each")
    compile_bytecode()
    key = first_key(root)
    path = root / "claims" / f"{CLAIM}.yaml"
    if path.exists():
        path.unlink()
    times: dict[str, list[tuple[float, float]]] = {"new": []}
    try:
        times["new"].append(claimref(root, "new", CLAIM, "--statement", "A benchmark claim."))
        claimref(root, "link", CLAIM, f"{key}@p. 1000", "--stance", "mentions")  # stays linked
        for run in range(options.runs + 1):
            for name, args in commands(key, run).items():
                measured = claimref(root, *args)
                if run:
                    times.setdefault(name, []).append(measured)
    finally:
        path.unlink(missing_ok=True)
    print(f"{'command':<8} {'wall (median)':>14} {'CPU (median)':>13}   wall of each run")
    for name, pairs in times.items():
        walls = ", ".join(f"{w:.2f}" for w, _ in pairs)
        wall, cpu = statistics.median(w for w, _ in pairs), statistics.median(c for _, c in pairs)
        print(f"{name:<8} {wall:>12.2f} s {cpu:>11.2f} s   {walls}")


if __name__ == "__main__":
    main()
