"""``claimref site`` on a generated workspace: a cold build, and a rebuild after one claim changed.

    python bench/site_bench.py [--claims 1000] [--sources 200] [--runs 5] [--out DIR]

Writes a workspace with bench/gen_workspace.py (its seeded defects included, so the problems page
has work to do), compiles claimref's bytecode as ``pip install`` does, then for each run: a *cold*
build (a new empty cache folder and an empty site folder: every file parsed, every entry and
citation rendered, every page written) and a *rebuild* after one claim's statement changed (the
caches of the cold build kept), each ``claimref site`` in a new process. Prints the medians of wall
and CPU time (this process's children), the pages built and the files the rebuild wrote.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUMMARY = re.compile(r": (\d+) pages \((\d+) files\): (\d+) written")


def _site(root: Path, out: Path, cache: Path) -> tuple[float, float, tuple[int, int, int]]:
    """One ``claimref site`` in a new process: wall seconds, CPU seconds, (pages, files, written)."""
    env = {**os.environ, "CLAIMREF_CACHE_DIR": str(cache), "CLAIMREF_CACHE_WRITE": "sync"}
    env.pop("CLAIMREF_NO_CACHE", None)
    command = [sys.executable, "-m", "claimref", "--root", str(root), "site", "-o", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found = SUMMARY.search(done.stderr)
    if done.returncode not in (0, 1) or found is None:  # 1: the seeded defects
        sys.exit(f"claimref site failed ({done.returncode}):\n{done.stderr[-2000:]}")
    pages, files, written = (int(n) for n in found.groups())
    return wall, cpu, (pages, files, written)


def _change_one_claim(root: Path, run: int) -> Path:
    """Change the statement of the first claim (a different text each run)."""
    path = sorted((root / "claims").glob("*.yaml"))[0]
    text = path.read_text("utf-8")
    text = re.sub(
        r'^statement: "(?:Run \d+: )?', f'statement: "Run {run}: ', text, count=1, flags=re.M
    )
    path.write_text(text, "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="keep the workspace and site here")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="claimref-site-bench-"))
    root = work / "ws"
    subprocess.run([sys.executable, str(HERE / "gen_workspace.py"), str(root), "--claims",
                    str(args.claims), "--sources", str(args.sources)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    import claimref  # noqa: PLC0415  (the installed package, compiled as pip would)

    compileall.compile_dir(Path(claimref.__file__).parent, quiet=1)
    cold, warm = [], []
    for run in range(1, args.runs + 1):
        cache, out = work / f"cache-{run}", work / f"site-{run}"
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        cold.append(_site(root, out, cache))
        _change_one_claim(root, run)
        warm.append(_site(root, out, cache))
        print(f"run {run}: cold {cold[-1][0]:.2f} s (CPU {cold[-1][1]:.2f} s), rebuild "
              f"{warm[-1][0]:.2f} s (CPU {warm[-1][1]:.2f} s), {warm[-1][2][2]} files written, "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    pages, files, _ = cold[0][2]
    print(f"workspace: {args.claims} claims x {args.sources} sources (bench/gen_workspace.py); "
          f"{pages} pages, {files} files")  # fmt: skip
    for name, results in (("cold build", cold), ("rebuild, one claim changed", warm)):
        wall = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[1] for r in results)
        written = statistics.median(r[2][2] for r in results)
        print(f"{name}: median {wall:.2f} s wall, {cpu:.2f} s CPU, {written:g} files written "
              f"({len(results)} runs)")  # fmt: skip
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
