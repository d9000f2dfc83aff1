"""Is a cite key in the bibliography, and where? Answered by scanning the raw ``.bib`` texts.

A write that adds a link or a source must not load the whole workspace (50,000 claims take
seconds): cite keys are found with one regular expression over the raw text of the bibliography
files (:func:`claimref.edit.bibedit.key_offsets`: every ``@type{key,`` head the BibTeX parser would
also read as an entry; ``@string``, ``@preamble`` and ``@comment`` blocks left out). An entry the
parser rejects is still found here; loading reports that entry's error as before. Keys are compared
by :func:`claimref.citekey.fold` (case, Unicode form, invisible characters), so that a twin is
found. Parsing entries is :mod:`claimref.formats.bibtex`'s job.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from claimref.citekey import fold
from claimref.edit.bibedit import key_offsets
from claimref.errors import ClaimrefError, UsageError
from claimref.safewrite import shown


class UnknownKeyError(UsageError):
    """A cite key the workspace does not have; the message names close ones (the same key in
    another case or Unicode form first)."""

    def __init__(self, key: str, known: Sequence[str]) -> None:
        self.key = key
        twins = [k for k in known if fold(k) == fold(key)]
        close = twins or difflib.get_close_matches(key, known, n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(repr(k) for k in close)}?)" if close else ""
        super().__init__(
            f"no source '{key}' in bibliography/{hint}; add it first (claimref source add)"
        )


class KeyPlace(NamedTuple):
    """Where a cite key is defined: the key as written, its file, and the offset of its ``@``
    (a tuple: a workspace has tens of thousands)."""

    key: str
    path: Path
    offset: int

    @property
    def line(self) -> int:
        """The 1-based line of the entry (counted when asked, in the file as it is now)."""
        return read_bib(self.path).count("\n", 0, self.offset) + 1

    def __str__(self) -> str:
        return f"{shown(self.path)}:{self.line}"


def bib_files(root: Path) -> list[Path]:
    """The workspace's bibliography files, sorted by name."""
    folder = root / "bibliography"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".bib" and not p.name.startswith("."))


def read_bib(path: Path) -> str:
    """A .bib file's text (undecodable bytes replaced: only for finding keys)."""
    try:
        return path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise ClaimrefError(f"{shown(path)}: error: {exc.strerror or exc}") from None


def workspace_keys(root: Path) -> dict[str, KeyPlace]:
    """Every cite key of the workspace by :func:`~claimref.citekey.fold`, where first defined."""
    keys: dict[str, KeyPlace] = {}
    for path in bib_files(root):
        for key, offset in key_offsets(read_bib(path)):
            folded = key.lower() if key.isascii() else fold(key)  # the same, quicker for ASCII
            if key and folded not in keys:
                keys[folded] = KeyPlace(key, path, offset)
    return keys


def cite_keys(root: Path) -> list[str]:
    """Every cite key of the workspace, as written."""
    return [place.key for place in workspace_keys(root).values()]


def place_of(keys: dict[str, KeyPlace], key: str) -> KeyPlace:
    """Where ``key`` (exact spelling) is defined; :class:`UnknownKeyError` when it is not."""
    place = keys.get(fold(key))
    if place is None or place.key != key:
        raise UnknownKeyError(key, [p.key for p in keys.values()])
    return place


def require_key(root: Path, key: str) -> KeyPlace:
    """Where ``key`` is defined in the workspace at ``root``; :class:`UnknownKeyError` if nowhere."""
    return place_of(workspace_keys(root), key)
