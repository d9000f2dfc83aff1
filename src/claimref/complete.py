"""Candidates for shell completion: claim ids, cite keys, tags, people, statuses, styles, rules.

Each function is cheap, reads as little as it can and never raises for bad data: claim ids are
the names of ``claims/*.yaml`` (a claim's id is its file name), cite keys come from a scan of the
``.bib`` files for ``@type{key,``, and tags and people from a scan of the claim files' ``tags:`` and
``people:`` lines, all without a full parse. An unreadable file or folder gives no candidates.
Matching what was typed, and talking to the shell, is :mod:`claimref.cli.completion`'s job.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

#: ``@type{key,`` at the start of a line (not @string, @preamble or @comment).
_ENTRY = re.compile(rb"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t\r\n]*([^\s,{}()\"#%'=\\]+)[ \t\r\n]*,",
                    re.MULTILINE)  # fmt: skip
_NOT_ENTRIES = {b"string", b"preamble", b"comment"}
_FLOW = r"^{field}:[ \t]*\[([^\]\n]*)\]"
_BLOCK = r"^{field}:[ \t]*\r?\n((?:[ \t]*-[ \t]*[^\n]*\r?\n?)+)"


def _files(folder: Path, suffix: str) -> Iterator[Path]:
    """The files ending in ``suffix`` in ``folder`` (none when it cannot be listed)."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.endswith(suffix) and e.name[0] != "."]
    except OSError:
        return
    for name in sorted(names):
        yield folder / name


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def claim_ids(root: Path) -> list[str]:
    """The ids of the workspace's claims: the names of ``claims/*.yaml``."""
    return [path.stem for path in _files(root / "claims", ".yaml")]


def cite_keys(root: Path) -> list[str]:
    """The cite keys of the entries in ``bibliography/*.bib``, in file order, each once."""
    keys: dict[str, None] = {}
    for path in _files(root / "bibliography", ".bib"):
        for match in _ENTRY.finditer(_read(path)):
            if match[1].lower() not in _NOT_ENTRIES:
                keys.setdefault(match[2].decode("utf-8", "replace"))
    return list(keys)


def tags(root: Path) -> list[str]:
    """The tags the claims use (``tags:`` in ``claims/*.yaml``), sorted."""
    return _indexed(root, "tags") or _list_field(root, "tags")


def people(root: Path) -> list[str]:
    """The people the claims name (``people:`` in ``claims/*.yaml``), sorted."""
    return _indexed(root, "people") or _list_field(root, "people")


def _indexed(root: Path, field: str) -> list[str] | None:
    """From the workspace's index, when it has one (no claim file read)."""
    from claimref.index.queries import claim_values  # noqa: PLC0415

    return claim_values(root, field)


def _list_field(root: Path, field: str) -> list[str]:
    flow = re.compile(_FLOW.format(field=field), re.MULTILINE)
    block = re.compile(_BLOCK.format(field=field), re.MULTILINE)
    found: set[str] = set()
    for path in _files(root / "claims", ".yaml"):
        text = _read(path).decode("utf-8", "replace")
        for match in flow.finditer(text):
            found.update(_unquote(item) for item in match[1].split(","))
        for match in block.finditer(text):
            found.update(_unquote(line.strip()[1:]) for line in match[1].splitlines())
    return sorted(item for item in found if item)


def _unquote(text: str) -> str:
    text = text.split(" #", 1)[0].strip()
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def statuses() -> list[str]:
    """The reliability statuses, in order of confidence."""
    from claimref.model import Status  # noqa: PLC0415  (only when completing)

    return [status.value for status in Status]


def style_ids() -> list[str]:
    """Every CSL style id of ``claimref styles`` (found without importing citeproc)."""
    from claimref.render.styles import style_ids as ids  # noqa: PLC0415  (only when completing)

    return list(ids())


def locales() -> list[str]:
    """Every CSL locale name (``en-US``, ``lv-LV``…)."""
    from claimref.render.styles import locale_names  # noqa: PLC0415  (only when completing)

    return list(locale_names())


def rule_ids() -> list[str]:
    """The ids of ``claimref check``'s rules."""
    from claimref.validate import RULES  # noqa: PLC0415  (only when completing)

    return list(RULES)
