"""Render test bibliographies with citeproc-js (the reference CSL engine) and with claimref, compare.

    python tools/oracle/conformance.py regold   # needs node + tools/oracle/node_modules (npm ci)
    python tools/oracle/conformance.py report   # no node needed: compares with the golden files
    python tools/oracle/conformance.py regold-real [BIB...]   # the real bibliographies' goldens
    python tools/oracle/conformance.py table [-v] [BIB...]    # their file × style table
    python tools/oracle/conformance.py known-real             # their known-differences.json

Goldens go to tests/data/conformance/<bib>.<style>.<format>.json ({"order", "entries", "citations"}),
rendered by render.js from the CSL-JSON claimref maps (so both engines get identical input); those
of the real bibliographies (tests/data/real, see tests/test_real_conformance.py) to
tests/data/real/golden/<bib>.<style>.json, their citations one document's clusters in order.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import citeproc

from claimref.errors import ClaimrefError
from claimref.render import compare
from claimref.render.cites import Cite
from claimref.render.pipeline import render
from claimref.render.styles import resolve_style

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
import known  # noqa: E402  (tools/oracle/known.py)
from tests import test_real_conformance as real  # noqa: E402
from tests.test_conformance import citations, load_items  # noqa: E402  (the cases the tests compare)

DATA = HERE.parent.parent / "tests" / "data" / "conformance"
BIBS = ("dataset", "varied", "biblatex-examples")
#: Every style in every format; the other styles of the tested set in text, for the dataset and
#: varied.bib (cases are ``(bib, style, format)``).
STYLES = ("apa", "chicago-author-date")
FORMATS = ("text", "html")
MORE_STYLES = ("chicago-notes-bibliography", "modern-language-association",
               "harvard-cite-them-right", "ieee", "gost-r-7-0-5-2008")  # fmt: skip


def cases() -> list[tuple[str, str, str]]:
    """Every golden case."""
    main = [(bib, style, fmt) for bib in BIBS for style in STYLES for fmt in FORMATS]
    return main + [(bib, style, "text") for bib in BIBS[:2] for style in MORE_STYLES]


def oracle(items: list[dict[str, object]], style: str, fmt: str,
           clusters: list[list[Cite]] | None = None) -> dict[str, object]:  # fmt: skip
    """citeproc-js's rendering (via node render.js); ``clusters``: one document's citations
    (default: each item's citation of :func:`citations`, rendered alone)."""
    request = {
        "style": str(resolve_style(style).path), "locales": citeproc.LOCALES_PATH, "lang": None,
        "format": fmt, "items": items, "document": clusters is not None,
        "citations": [[{"id": c.key, "locator": c.locator or None, "label": c.label or None}
                       for c in cites] for cites in (clusters or citations(items))],
    }  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(request, handle, ensure_ascii=False)
    done = subprocess.run(["node", str(HERE / "render.js"), handle.name], capture_output=True,
                          text=True, check=True)  # fmt: skip
    Path(handle.name).unlink()
    result: dict[str, object] = json.loads(done.stdout)
    return result


def golden_path(bib: str, style: str, fmt: str) -> Path:
    return DATA / f"{bib}.{style}.{fmt}.json"


def regold() -> None:
    for bib, style, fmt in cases():
        result = oracle(load_items(bib), style, fmt)
        text = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
        golden_path(bib, style, fmt).write_text(text, "utf-8")
        print(f"wrote {golden_path(bib, style, fmt).name}")


def report() -> None:
    for bib, style, fmt in cases():
        items = load_items(bib)
        golden = json.loads(golden_path(bib, style, fmt).read_text("utf-8"))
        ours = render(resolve_style(style), None, items, fmt, citations(items), tailoring=False)
        result = compare.compare(golden, ours, fmt)
        print(f"== {bib} {style} {fmt}: {result.summary()}")
        for key, (theirs, mine) in result.differences.items():
            print(f"  {key}\n    js: {theirs}\n    py: {mine}")
        for number, (theirs, mine) in result.citation_differences.items():
            print(f"  citation {number}\n    js: {theirs}\n    py: {mine}")


def regold_real(bibs: list[str]) -> None:
    """The goldens of the real bibliographies (all, or ``bibs``), every style."""
    real.GOLDEN.mkdir(exist_ok=True)
    for bib in bibs or real.BIBS:
        items = list(real.load_items(bib))
        for style in real.STYLES:
            result = oracle(items, style, "text", real.clusters(items))
            path = real.GOLDEN / f"{bib}.{style}.json"
            path.write_text(json.dumps(result, ensure_ascii=False, indent=0) + "\n", "utf-8")
            print(f"wrote {path.name}")


def table(bibs: list[str], verbose: bool) -> None:
    """identical/total per real bibliography and style (entries; citations after a slash)."""
    print("| file | " + " | ".join(real.STYLES) + " |")
    print("|---" * (len(real.STYLES) + 1) + "|")
    for bib in bibs or real.BIBS:
        cells = []
        for style in real.STYLES:
            golden = json.loads((real.GOLDEN / f"{bib}.{style}.json").read_text("utf-8"))
            try:
                result = compare.compare(golden, real.ours(bib, style))
            except ClaimrefError as exc:  # a rendering that fails is a cell of the table too
                cells.append(f"fails ({exc})"[:60])
                continue
            cited = result.citation_total - len(result.citation_differences)
            order = "" if result.same_order else " (order)"
            cells.append(
                f"{result.identical}/{result.total}{order}, {cited}/{result.citation_total}"
            )
            if verbose:
                _details(bib, style, result)
        print(f"| {bib} | " + " | ".join(cells) + " |", flush=True)


def known_real() -> None:
    """tests/data/real/known-differences.json from the current rendering: causes written by hand
    are kept, new differences get :func:`known.cause`'s; an order that differs is listed too."""
    path = real.DATA / "known-differences.json"
    old = real.known()
    out: dict[str, dict[str, object]] = {}
    for bib, style in real.cases():
        golden = json.loads((real.GOLDEN / f"{bib}.{style}.json").read_text("utf-8"))
        result = compare.compare(golden, real.ours(bib, style))
        before = old.get(f"{bib}.{style}", {})
        case: dict[str, object] = {}
        for kind, found in (("entries", result.differences),
                            ("citations", result.citation_differences)):  # fmt: skip
            kept = before.get(kind, {})
            listed = {str(k): kept.get(str(k)) or known.cause(*pair) for k, pair in found.items()}
            if listed:
                case[kind] = listed
        if not result.same_order:
            case["order"] = before.get("order") or (
                "the order differs where sort keys tie or are empty (see the entries listed)"
            )
        if case:
            out[f"{bib}.{style}"] = case
        print(f"{bib} {style}: {result.summary()}", flush=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")


def _details(bib: str, style: str, result: compare.Comparison) -> None:
    for key, (theirs, mine) in result.differences.items():
        print(f"  {bib} {style} {key}\n    js: {theirs}\n    py: {mine}", file=sys.stderr)
    for number, (theirs, mine) in result.citation_differences.items():
        print(
            f"  {bib} {style} citation {number}\n    js: {theirs}\n    py: {mine}", file=sys.stderr
        )


if __name__ == "__main__":
    command, args = (sys.argv[1] if len(sys.argv) > 1 else "report"), sys.argv[2:]
    if command == "regold-real":
        regold_real(args)
    elif command == "known-real":
        known_real()
    elif command == "table":
        table([a for a in args if a != "-v"], "-v" in args)
    else:
        {"regold": regold, "report": report}[command]()
