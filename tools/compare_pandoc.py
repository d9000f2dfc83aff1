"""Compare claimref's BibTeX → CSL-JSON mapping with pandoc's, field by field.

    python tools/compare_pandoc.py [FILE.bib ...]   # default: the dataset and biblatex-examples.bib

For every entry both produce, each CSL variable is compared (names as "family, given" lists, dates as
date-parts, text with pandoc's markup and ours reduced to plain text); the differences are counted
per variable and shown with up to three examples each. Needs pandoc (``apt-get install pandoc``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from claimref.formats import bibtex
from claimref.formats.csljson import to_csl_items

PROJECT = Path(__file__).resolve().parent.parent
DEFAULTS = [PROJECT / "bibliography" / "sources.bib",
            PROJECT / "tests" / "data" / "conformance" / "biblatex-examples.bib"]  # fmt: skip
_TAGS = re.compile(r"<[^>]+>")


def pandoc_items(path: Path) -> dict[str, dict[str, Any]]:
    """pandoc's CSL-JSON for a .bib file, by id."""
    done = subprocess.run(["pandoc", "-f", "biblatex", "-t", "csljson", str(path)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return {str(item["id"]): item for item in json.loads(done.stdout)}


def our_items(path: Path) -> dict[str, dict[str, Any]]:
    """claimref's CSL-JSON for a .bib file, by id."""
    parsed = bibtex.loads(path.read_text("utf-8"), str(path))
    return {str(item["id"]): item for item in to_csl_items(parsed.sources, tex_dashes=True)}


def normal(value: Any) -> Any:
    """A value reduced for comparison: names as strings, dates as date-parts, text plain."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [", ".join(str(n.get(k, "")) for k in ("non-dropping-particle", "family", "given",
                                                      "suffix", "literal") if n.get(k))
                for n in value]  # fmt: skip
    if isinstance(value, dict):
        parts = value.get("date-parts") or value.get("literal")
        return [[int(x) for x in p] for p in parts] if isinstance(parts, list) else parts
    return " ".join(_TAGS.sub("", str(value)).replace("\u00a0", " ").split())


def compare(path: Path) -> None:
    theirs, ours = pandoc_items(path), our_items(path)
    counts: dict[str, list[str]] = defaultdict(list)
    for key in sorted(set(theirs) & set(ours)):
        a, b = theirs[key], ours[key]
        for variable in sorted((set(a) | set(b)) - {"id"}):
            left, right = normal(a.get(variable)), normal(b.get(variable))
            if variable not in a:
                counts[f"{variable}: only claimref"].append(f"{key}: {right!r}")
            elif variable not in b:
                counts[f"{variable}: only pandoc"].append(f"{key}: {left!r}")
            elif left != right:
                counts[f"{variable}: differs"].append(
                    f"{key}: pandoc {left!r} / claimref {right!r}"
                )
    print(f"== {path.name}: {len(theirs)} entries from pandoc, {len(ours)} from claimref, "
          f"{len(set(theirs) & set(ours))} compared")  # fmt: skip
    for label, examples in sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"  {len(examples):3d}  {label}")
        for example in examples[:3]:
            print(f"         {example[:160]}")


if __name__ == "__main__":
    for name in sys.argv[1:] or [str(p) for p in DEFAULTS]:
        compare(Path(name))
