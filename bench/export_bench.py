"""Time export (BibTeX, CSL-JSON, RIS) and an import plan on a large clean workspace (issue 4).

    python bench/export_bench.py [--copies 600] [--runs 5]

Builds a workspace in a temporary folder from the dataset's bibliography, each entry repeated
``copies`` times under new keys (17 × 600 = 10,200 entries), then prints the median wall time of
``runs`` runs of each step. Loading the workspace is timed on its own and not counted in the others.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from claimref import exporting, importing
from claimref.store import load_workspace

DATASET = Path(__file__).resolve().parent.parent / "bibliography" / "sources.bib"


def build(root: Path, copies: int) -> None:
    (root / "bibliography").mkdir()
    (root / "claims").mkdir()
    text = DATASET.read_text("utf-8")
    parts = [
        re.sub(r"^(@\w+\{)([^,]+),", rf"\g<1>\g<2>-{n},", text, flags=re.M) for n in range(copies)
    ]
    (root / "bibliography" / "sources.bib").write_text("\n".join(parts), "utf-8")


def median(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=600)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root, args.copies)
        print(f"load workspace: {median(lambda: load_workspace(root), args.runs):.2f} s")
        ws = load_workspace(root)
        sources = list(ws.sources.values())
        ris_file = root / "own.ris"
        ris_file.write_text(exporting.export_ris(sources[:1000]), "utf-8")
        steps = {
            "export bibtex": lambda: exporting.export_bibtex(ws, sources),
            "export bibtex --ascii (lv/en only)": lambda: exporting.export_bibtex(
                ws, [s for s in sources if s.language in ("lv", "en")], ascii_only=True),
            "export csljson": lambda: exporting.export_csljson(sources),
            "export ris": lambda: exporting.export_ris(sources),
            "export wikitext": lambda: exporting.export_wikitext(sources),
            "import plan, 1,000 RIS records": lambda: importing.plan_import(ws, ris_file),
        }  # fmt: skip
        print(f"{len(sources)} sources, median of {args.runs} runs")
        for name, step in steps.items():
            print(f"{name}: {median(step, args.runs):.2f} s")


if __name__ == "__main__":
    main()
