"""Is a cite key in the bibliography? Answered by scanning ``bibliography/*.bib`` for entry heads.

A write that adds a link must not load the whole workspace (50,000 claims take seconds): the cite
keys are found with one regular expression over the raw text of the bibliography files, which finds
every ``@type{key,`` head that the BibTeX parser would also read as an entry (``@string``,
``@preamble`` and ``@comment`` blocks left out). An entry that the parser rejects is still found
here; loading reports that entry's error as before. Parsing entries is :mod:`claimref.formats.bibtex`'s
job.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from claimref.errors import ClaimrefError

_HEAD = re.compile(
    rb"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*[{(]\s*([^\s,{}()=\"#%'~\\]+)\s*,", re.MULTILINE
)
_NOT_ENTRIES = frozenset({b"string", b"preamble", b"comment"})


class UnknownKeyError(ClaimrefError):
    """A cite key that no bibliography file defines."""


def cite_keys(root: Path) -> dict[str, Path]:
    """Every cite key defined in ``root/bibliography/*.bib``, with the file defining it first."""
    keys: dict[str, Path] = {}
    folder = root / "bibliography"
    if not folder.is_dir():
        return keys
    for path in sorted(folder.glob("*.bib")):
        if path.name.startswith("."):
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ClaimrefError(f"{path}: error: cannot read: {exc.strerror or exc}") from None
        for match in _HEAD.finditer(data):
            if match[1].lower() not in _NOT_ENTRIES:
                key = match[2].decode("utf-8", "replace")
                keys.setdefault(key, path)
    return keys


def require_key(root: Path, key: str) -> str:
    """``key`` when the bibliography defines it; else an :class:`UnknownKeyError` naming the
    nearest keys (the same key in another case first)."""
    keys = cite_keys(root)
    if key in keys:
        return key
    folded = [known for known in keys if known.casefold() == key.casefold()]
    near = folded or difflib.get_close_matches(key, list(keys), n=3, cutoff=0.75)
    hint = f" (did you mean {', '.join(repr(k) for k in near)}?)" if near else ""
    raise UnknownKeyError(
        f"no source '{key}' in bibliography/{hint}; add it first (claimref source add, or edit a "
        ".bib file)"
    )
