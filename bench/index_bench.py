"""Issue 13: whole-process timings of the read commands on a large generated workspace.

Each case runs ``python -m claimref …`` in a new process under ``/usr/bin/time`` and reports the
median wall time, CPU time (user + system) and peak memory (maximum resident set) of ``--runs`` runs,
with the one-minute load average when the case started (the machine is shared: a core taken by
another program slows the wall time of work shared among processes).
"warm" cases run once first so that the cache/index is fresh; "cold" cases start from an empty cache
folder; "after edit" rewrites one claim file (a new note line, same size class) before each run; "after
adding" writes a new claim file (a copy of one under a new id) before each run.
``--src`` runs another checkout's code (``PYTHONPATH=SRC``), so that "before" and "after" are
measured in one session on the same workspace:

    python bench/gen_workspace.py /tmp/ws --sources 20000 --claims 100000
    git worktree add --detach /tmp/before <commit>
    python bench/index_bench.py /tmp/ws --src /tmp/before/src --label before
    python bench/index_bench.py /tmp/ws --label after

It measures; it does not assert targets (those are in the issue and bench/README.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

#: (name, arguments, kind): kind is "warm", "cold", "edit" or "add".
CASES: list[tuple[str, list[str], str]] = [
    ("--version", ["--version"], "warm"),
    ("--help", ["--help"], "warm"),
    ("show ID", ["show", "{id}"], "warm"),
    ("claims --search karsava", ["claims", "--search", "karsava"], "warm"),
    ("claims --status disputed", ["claims", "--status", "disputed"], "warm"),
    (
        "claims --tag partisans --place Aizkraukle",
        ["claims", "--tag", "partisans", "--place", "Aizkraukle"],
        "warm",
    ),
    ("claims --source KEY", ["claims", "--source", "{key}"], "warm"),
    ("claims --person NAME", ["claims", "--person", "{person}"], "warm"),
    ("sources --lang ru", ["sources", "--lang", "ru"], "warm"),
    ("show ID after editing one claim", ["show", "{id}"], "edit"),
    ("claims --search after editing one claim", ["claims", "--search", "karsava"], "edit"),
    ("claims --search after adding one claim", ["claims", "--search", "karsava"], "add"),
    ("show ID cold (no cache)", ["show", "{id}"], "cold"),
    ("check (warm)", ["check"], "warm"),
    ("check cold (no cache)", ["check"], "cold"),
]


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Wall s, CPU s, peak KB and exit code of one run."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        cmd = ["/usr/bin/time", "-o", out.name, "-f", "%e %U %S %M", *argv]
        proc = subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        wall, user, system, peak = out.read().split()[-4:]
    return float(wall), float(user) + float(system), int(peak), proc.returncode


def sample(root: Path) -> dict[str, str]:
    """A claim id, a cite key and a person of the workspace, read from one claim file."""
    first = sorted((root / "claims").glob("*.yaml"))[
        len(list((root / "claims").glob("*.yaml"))) // 2
    ]
    text = first.read_text(encoding="utf-8")
    pick: dict[str, str] = {"path": str(first)}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("id:") and "id" not in pick:
            pick["id"] = stripped.split(":", 1)[1].strip()
        elif stripped.startswith("- source:") and "key" not in pick:
            pick["key"] = stripped.split(":", 1)[1].strip()
        elif stripped.startswith("people:") and "person" not in pick:
            pick["person"] = stripped.split("[", 1)[1].split(",")[0].strip(' "]')
    return pick


def editor(path: Path) -> Callable[[int], None]:
    """A function that rewrites *path* with a changing comment line (round n)."""
    original = path.read_text(encoding="utf-8")

    def edit(n: int) -> None:
        path.write_text(original + f"# edited {n}\n", encoding="utf-8")

    return edit


def adder(path: Path) -> Callable[[int], None]:
    """A function that writes a copy of the claim file *path* under a new id (round n)."""
    original = path.read_text(encoding="utf-8")
    claim_id = path.stem

    def add(n: int) -> None:
        new = f"{claim_id}-copy-{n}"
        (path.parent / f"{new}.yaml").write_text(original.replace(claim_id, new), encoding="utf-8")

    return add


def run_case(
    name: str,
    args: list[str],
    kind: str,
    *,
    base: list[str],
    env: dict[str, str],
    runs: int,
    edit: Callable[[int], None],
    add: Callable[[int], None],
) -> str:
    """One table row: the case's medians over *runs*."""
    cache = Path(env["CLAIMREF_CACHE_DIR"])
    load = os.getloadavg()[0]
    if kind != "cold":
        measure([*base, *args], env)
    rows = []
    for n in range(runs):
        if kind == "cold":
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir(mode=0o700)
        elif kind == "edit":
            edit(n)
        elif kind == "add":
            add(n)
        rows.append(measure([*base, *args], env))
    wall = statistics.median(r[0] for r in rows)
    cpu = statistics.median(r[1] for r in rows)
    peak = statistics.median(r[2] for r in rows) / 1024
    codes = sorted({r[3] for r in rows})
    return f"| {name} | {wall:.2f} s | {cpu:.2f} s | {peak:.0f} MB | {codes} | {load:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--src", type=Path, help="run this checkout's src/ instead")
    parser.add_argument("--label", default="")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter to run claimref with (the quickstart's "
                        ".venv/bin/python: a user's install)")  # fmt: skip
    args = parser.parse_args()
    pick = sample(args.root)
    env = dict(os.environ, CLAIMREF_ROOT=str(args.root))
    if args.src:
        env["PYTHONPATH"] = str(args.src.resolve())
    edit = editor(Path(pick["path"]))
    add = adder(Path(pick["path"]))
    base = [args.python, "-m", "claimref"]
    # Compile the code measured, as pip install does (this container sets PYTHONDONTWRITEBYTECODE).
    subprocess.run(
        [
            *base[:1],
            "-c",
            "import compileall, claimref, pathlib; compileall.compile_dir("
            "pathlib.Path(claimref.__file__).parent, quiet=1)",
        ],
        env=env,
        check=True,
    )
    print(f"## {args.label} ({args.root}, {args.runs} runs; id {pick['id']}, key {pick['key']})")
    print("| case | wall | CPU | peak | exit | load |\n|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        env["CLAIMREF_CACHE_DIR"] = str(Path(tmp) / "cache")
        Path(env["CLAIMREF_CACHE_DIR"]).mkdir(mode=0o700)
        try:
            for name, case_args, kind in CASES:
                if args.only and args.only not in name:
                    continue
                filled = [a.format(**pick) for a in case_args]
                print(
                    run_case(
                        name, filled, kind, base=base, env=env, runs=args.runs, edit=edit, add=add
                    ),
                    flush=True,
                )
        finally:
            for copy in Path(pick["path"]).parent.glob(f"{Path(pick['path']).stem}-copy-*.yaml"):
                copy.unlink()
            edit(-1)
            Path(pick["path"]).write_text(
                Path(pick["path"]).read_text(encoding="utf-8").replace("# edited -1\n", ""),
                encoding="utf-8",
            )


if __name__ == "__main__":
    main()
