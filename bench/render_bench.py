"""Rendering benchmark: ``claimref refs --all`` against ``pandoc --citeproc`` on the same 1,000 entries.

    python bench/render_bench.py [--entries 1000] [--runs 3] [--styles apa chicago-author-date]

The entries are the test bibliographies (dataset, varied.bib, biblatex-examples.bib) repeated under
new keys, each copy with its own title and year, written to bench/out/render/ as one .bib file that
both tools read. claimref runs as the command line, in a fresh process each time: *cold* with its
cache folder ($CLAIMREF_CACHE_DIR: parsed files and formatted entries) deleted, *warm* with the
caches the previous run left. Prints medians, ratios to pandoc
and the top of a profile of one cold in-process rendering; results go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from claimref.render import render
from claimref.render.styles import resolve_style
from claimref.store import load_workspace

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
DATA = PROJECT / "tests" / "data" / "conformance"
OUT = HERE / "out" / "render"
ENTRY = re.compile(r"^@(\w+)\{([^,]+),", re.M)


def build(count: int) -> Path:
    """A workspace with ``count`` entries in bibliography/sources.bib; returns its root."""
    blocks: list[str] = []
    strings: list[str] = []
    seen: set[str] = set()
    for name in ("dataset", "varied", "biblatex-examples"):
        text = (DATA / f"{name}.bib").read_text("utf-8")
        for block in re.split(r"\n(?=@)", text):
            head = block.lstrip().lower()
            if head.startswith("@string"):
                strings.append(block.strip())
            elif (match := ENTRY.match(block.strip())) and match.group(2) not in seen:
                if not head.startswith("@set"):
                    blocks.append(block)
                seen.add(match.group(2))
    out: list[str] = list(strings)
    count += len(strings)
    copy = 0
    while len(out) < count:
        for block in blocks:
            if len(out) == count:
                break
            out.append(_variant(block.strip(), copy))
        copy += 1
    root = OUT / "workspace"
    shutil.rmtree(root, ignore_errors=True)
    (root / "bibliography").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "claimref.toml").write_text("", "utf-8")
    (root / "bibliography" / "sources.bib").write_text("\n\n".join(out) + "\n", "utf-8")
    (OUT / "doc.md").write_text('---\nnocite: "@*"\n---\n', "utf-8")
    return root


def _variant(block: str, copy: int) -> str:
    """Copy ``copy`` of an entry: new key, the copy number in the title, the year moved back."""
    block = ENTRY.sub(lambda m: f"@{m.group(1)}{{{m.group(2)}-{copy},", block, count=1)
    block = re.sub(r"(\btitle\s*=\s*\{)", rf"\g<1>{copy} ", block, count=1)
    return re.sub(r"(\b(?:date|year)\s*=\s*\{?)(\d{4})",
                  lambda m: f"{m.group(1)}{int(m.group(2)) - copy % 50}", block)  # fmt: skip


#: The cache folder of the benchmark's claimref runs (parsed files and formatted entries; cleared
#: for cold runs).
CACHES = OUT / "caches"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and its children) of one run."""
    env = {**os.environ, "CLAIMREF_CACHE_DIR": str(CACHES), "CLAIMREF_CACHE_WRITE": "sync"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def claimref(root: Path, style: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "claimref",
        "--root",
        str(root),
        "refs",
        "--all",
        "--style",
        style,
    ]


def pandoc(root: Path, style_path: Path) -> list[str]:
    bib = root / "bibliography" / "sources.bib"
    return ["pandoc", "--citeproc", f"--bibliography={bib}", f"--csl={style_path}", "-t", "plain",
            str(OUT / "doc.md"), "-o", str(OUT / "out.txt")]  # fmt: skip


def compile_bytecode() -> None:
    """Compile claimref's modules, as ``pip install`` does: run from a source checkout with
    ``PYTHONDONTWRITEBYTECODE`` set (as on the development container), every run would otherwise
    compile them again (about 0.07 s), which no installed copy does."""
    import claimref  # noqa: PLC0415

    package = Path(claimref.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def measure(root: Path, style: str, runs: int) -> dict[str, float]:
    """Medians of wall and CPU time of cold and warm claimref runs and of pandoc runs, interleaved
    (``cold``, ``cold-cpu``, ``warm``, …)."""
    runs_of: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "pandoc": []}
    for _ in range(runs):
        shutil.rmtree(CACHES, ignore_errors=True)
        runs_of["cold"].append(timed(claimref(root, style)))
        runs_of["warm"].append(timed(claimref(root, style)))
        runs_of["pandoc"].append(timed(pandoc(root, resolve_style(style).path)))
    medians: dict[str, float] = {}
    for name, pairs in runs_of.items():
        medians[name] = statistics.median(wall for wall, _ in pairs)
        medians[f"{name}-cpu"] = statistics.median(cpu for _, cpu in pairs)
    return medians


def from_file(bib: Path) -> Path:
    """A workspace whose one bibliography file is a copy of *bib*; returns its root."""
    root = OUT / "workspace-given"
    shutil.rmtree(root, ignore_errors=True)
    (root / "bibliography").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "claimref.toml").write_text("", "utf-8")
    shutil.copyfile(bib, root / "bibliography" / "sources.bib")
    (OUT / "doc.md").write_text('---\nnocite: "@*"\n---\n', "utf-8")
    return root


def profile(root: Path, style: str, workers: int) -> tuple[float, str]:
    """One cold in-process rendering (no cache), timed, and its profile's top items."""
    sources = list(load_workspace(root).sources.values())
    start = time.perf_counter()
    render(sources, style=style, workers=workers)
    seconds = time.perf_counter() - start
    profiler = cProfile.Profile()
    profiler.enable()
    render(sources, style=style, workers=1)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(8)
    return seconds, stream.getvalue()


def _pair(m: dict[str, float], name: str) -> str:
    return f"{m[name]:.2f} / {m[name + '-cpu']:.2f} s"


def _ratio(m: dict[str, float], name: str) -> str:
    wall, cpu = m[name] / m["pandoc"], m[name + "-cpu"] / m["pandoc-cpu"]
    return f"**{wall:.2f}x** / **{cpu:.2f}x**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--styles", nargs="+", default=["apa", "chicago-author-date"])
    parser.add_argument("--profile", action="store_true", help="also print profiles")
    parser.add_argument(
        "--bib", type=Path, help="render this .bib (e.g. from gen_bibliography.py) instead"
    )
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        sys.exit("pandoc is not installed (apt-get install pandoc)")
    root = from_file(args.bib) if args.bib else build(args.entries)
    compile_bytecode()
    print(f"{args.bib or args.entries} entries, medians of {args.runs} runs; wall / CPU")
    print(
        "| style | pandoc | claimref cold | ratio wall / CPU | claimref warm | ratio wall / CPU |"
    )
    print("|---|---|---|---|---|---|")
    for style in args.styles:
        m = measure(root, style, args.runs)
        print(f"| {style} | {_pair(m, 'pandoc')} | {_pair(m, 'cold')} | {_ratio(m, 'cold')} "
              f"| {_pair(m, 'warm')} | {_ratio(m, 'warm')} |")  # fmt: skip
    if args.profile:
        for style in args.styles:
            for workers in (1, 2):
                seconds, top = profile(root, style, workers)
                print(f"\n{style}, in-process render only, workers={workers}: {seconds:.2f} s")
            print(top)


if __name__ == "__main__":
    main()
