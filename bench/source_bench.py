"""Time ``claimref source add`` on a large workspace, in new processes.

    python bench/gen_workspace.py /tmp/claimref-bench        # 10,010 sources in ten .bib files
    python bench/source_bench.py /tmp/claimref-bench [--runs 5]

Adding a source must not load the workspace: the keys are found by scanning the raw .bib files and
only the new entry is parsed (with the target file's @string blocks). The benchmark adds a new
Latvian book to ``bibliography/sources-00.bib`` ``--runs`` times after one warm-up run (warm:
bytecode compiled, files in the page cache), each with another title (so that the keys run
berzins1970, berzins1970a…), and prints the median wall and CPU time (user + system). The file is
put back as it was at the end.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from edit_bench import claimref  # the same timing of one command in a new process

TARGET = "bibliography/sources-00.bib"


def add(root: Path, title: str) -> tuple[float, float]:
    """Run one ``claimref source add`` in a new process; its wall and CPU seconds."""
    args = ["source", "add", "--into", TARGET, "--author", "Bērziņš, Jānis", "--title", title,
            "--date", "1970", "--langid", "lv", "--location", "Rīga"]  # fmt: skip
    return claimref(root, *args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("root", type=Path, help="the workspace made by gen_workspace.py")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    target = options.root / TARGET
    original = target.read_bytes()
    try:
        add(options.root, "Sarkanie partizāni (warm-up)")
        times = [add(options.root, f"Sarkanie partizāni {n}") for n in range(options.runs)]
    finally:
        target.write_bytes(original)
    walls, cpus = zip(*times, strict=True)
    runs = ", ".join(f"{wall:.3f}" for wall in walls)
    print(f"source add, {options.runs} runs: median {statistics.median(walls):.3f} s wall, "
          f"{statistics.median(cpus):.3f} s CPU (wall of each run: {runs})")  # fmt: skip


if __name__ == "__main__":
    main()
