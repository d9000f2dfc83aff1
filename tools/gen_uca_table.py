"""Write the compact UCA table of claimref.render.ucatable from pyuca's own parse of its table.

    python tools/gen_uca_table.py [OUT]     (default: src/claimref/render/data/uca-<version>.bin)

Run it again when pyuca's UCA version changes; ``tests/test_uca_table.py`` checks that the file
holds exactly the entries pyuca reads. It only writes the file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pyuca

from claimref.render.ucatable import encode, table_path


def entries(collator: pyuca.Collator) -> list[tuple[list[int], list[list[int]]]]:
    """Every (code points, collation elements) entry of pyuca's trie, in code point order."""
    out: list[tuple[list[int], list[list[int]]]] = []

    def walk(node: Any, path: list[int]) -> None:
        if node.value is not None:
            out.append((path, [list(element) for element in node.value]))
        for code in sorted(node.children or {}):
            walk(node.children[code], [*path, code])

    walk(collator.table.root, [])
    return out


def table() -> bytes:
    """The table file's bytes for the installed pyuca."""
    collator = pyuca.Collator()
    return encode(entries(collator), [list(row) for row in collator.implicit_weights])


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else table_path(pyuca.Collator.UCA_VERSION)
    out.write_bytes(table())
    print(f"{out}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
