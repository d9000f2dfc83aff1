"""Render test bibliographies with citeproc-js (the reference CSL engine) and with claimref, compare.

    python tools/oracle/conformance.py regold   # needs node + tools/oracle/node_modules (npm ci)
    python tools/oracle/conformance.py report   # no node needed: compares with the golden files

Goldens go to tests/data/conformance/<bib>.<style>.<format>.json ({"order", "entries", "citations"}),
rendered by render.js from the CSL-JSON claimref maps (so both engines get identical input).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import citeproc

from claimref.render import compare
from claimref.render.pipeline import render
from claimref.render.styles import resolve_style

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
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


def oracle(items: list[dict[str, object]], style: str, fmt: str) -> dict[str, object]:
    """citeproc-js's rendering (via node render.js)."""
    request = {
        "style": str(resolve_style(style).path), "locales": citeproc.LOCALES_PATH, "lang": None,
        "format": fmt, "items": items,
        "citations": [[{"id": c.key, "locator": c.locator or None, "label": c.label or None}
                       for c in cites] for cites in citations(items)],
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


if __name__ == "__main__":
    {"regold": regold, "report": report}[sys.argv[1] if len(sys.argv) > 1 else "report"]()
