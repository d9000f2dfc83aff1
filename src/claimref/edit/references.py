"""``claimref rekey`` and ``claimref merge``: change a cite key everywhere it is named, in one step.

A key is named by its entry's head, by other entries (``crossref``, ``xref``, ``xdata``, ``related``,
``set``, ``entryset``, and the project's private ``x-`` fields such as ``x-accept``), by claims (a
link's ``source``; a ``note`` or an accepted finding's ``reason`` that mentions it) and by people
files (their ``note``). Every such place is changed in one transaction, so several files change
together or not at all. The edits are splices: a BibTeX value or head is replaced inside the entry's
text (:mod:`claimref.edit.bibedit`), a YAML scalar inside the span the YAML parser gives for it, so
that every other byte stays as it was. Quotations and statements are never changed. Choosing the
keys is the caller's job; the command line is :mod:`claimref.cli.sources_edit`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimref.citekey import fold
from claimref.edit import yamledit
from claimref.edit.bibedit import (
    KeyHit,
    Span,
    entry_end,
    key_token,
    remove_entry,
    replace_entry,
    scan_keys,
    set_key,
)
from claimref.edit.bibkeys import KeyPlace, place_of, workspace_keys
from claimref.edit.sources import USABLE_KEY, check_new_key
from claimref.edit.transaction import Transaction, transaction
from claimref.errors import ClaimrefError, UsageError
from claimref.formats.bibwrite import RewriteError, field_spans
from claimref.model import Location
from claimref.safewrite import shown

#: Fields whose values name other entries by key.
REF_FIELDS = frozenset({"crossref", "xref", "xdata", "related", "set", "entryset"})
#: YAML fields of free text in which a mention of a key is changed with the key.
TEXT_FIELDS = frozenset({"note", "reason"})


@dataclass(frozen=True)
class Place:
    """One place a key was changed: file, 1-based line, and what it is (a link, a note…)."""

    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{shown(self.path)}:{self.line}: {self.what}"


@dataclass
class Outcome:
    """What a rekey or merge changed (or would change): the places, report lines, the diff."""

    places: list[Place] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    diff: str = ""
    written: bool = False


EntryEdit = Callable[[KeyHit, str], "str | None"]


def edit_entries(text: str, edit: EntryEdit, only: str = "") -> str:
    """``text`` with each entry (whose text contains ``only``) replaced by what ``edit`` returns
    for it (None: removed); entries are visited from the last, so earlier offsets stay valid."""
    for hit in reversed(scan_keys(text)):
        end = entry_end(text, hit.start)
        entry = text[hit.start : end]
        if only not in entry:
            continue
        new = edit(hit, entry)
        if new is None:
            text = remove_entry(text, Span(hit.start, end))
        elif new != entry:
            text = replace_entry(text, Span(hit.start, end), new)
    return text


def rename_in_fields(entry: str, old: str, new: str, line: int = 0) -> tuple[str, list[str]]:
    """An entry's text with ``old`` changed to ``new`` where its reference fields and ``x-`` fields
    name it; also the fields changed, as ``field (line N)``."""
    token = key_token(old)
    try:
        spans = field_spans(entry)
    except RewriteError as exc:
        raise ClaimrefError(f"cannot edit the entry at line {line}: {exc}") from None
    changed: list[str] = []
    for span in reversed(spans):
        if span.name not in REF_FIELDS and not span.name.startswith("x-"):
            continue
        value = entry[span.value_start : span.value_end]
        renamed = token.sub(new, value)
        if renamed != value:
            entry = entry[: span.value_start] + renamed + entry[span.value_end :]
            changed.append(f"{span.name} (line {line + entry.count(chr(10), 0, span.start)})")
    return entry, changed[::-1]


def rename_in_bib(path: Path, text: str, old: str, new: str, *, outcome: Outcome,
                  drop: bool = False) -> str:  # fmt: skip
    """A .bib text with ``old`` renamed ``new`` in every entry naming it (the entry ``old``
    itself rekeyed, or removed with ``drop``), each place noted in ``outcome``."""

    def edit(hit: KeyHit, entry: str) -> str | None:
        if hit.key == old and drop:
            outcome.places.append(Place(path, hit.line, f"entry '{old}' removed"))
            return None
        if hit.key == old:
            entry = set_key(entry, new)
            outcome.places.append(Place(path, hit.line, f"entry key '{old}' → '{new}'"))
        entry, changed = rename_in_fields(entry, old, new, hit.line)
        outcome.places += [Place(path, hit.line, f"{hit.key}: {what}") for what in changed]
        return entry

    return edit_entries(text, edit, only=old)


def _mappings(data: Any) -> Iterator[Any]:
    """Each mapping of a round-trip YAML tree (ruamel's, which remember their lines), outermost
    first."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _mappings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _mappings(item)


def rename_in_yaml(path: Path, text: str, old: str, new: str, outcome: Outcome) -> tuple[str, int]:
    """A claim or person file's text with links to ``old`` pointing at ``new`` and mentions in
    notes and reasons changed (round trip: :mod:`claimref.edit.yamledit`); also how many links to
    ``new`` it had before."""
    doc = yamledit.Document(text, shown(path))
    token = key_token(old)
    already = 0
    for mapping in _mappings(doc.data):  # a link is the one mapping with a 'source'
        already += mapping.get("source") == new
        if mapping.get("source") == old:
            line = mapping.lc.value("source")[0] + 1
            mapping["source"] = yamledit.scalar(new)
            outcome.places.append(Place(path, line, f"link to '{old}' → '{new}'"))
        for key in sorted(TEXT_FIELDS & set(mapping)):
            if isinstance(mapping[key], str) and token.search(mapping[key]):
                line = mapping.lc.value(key)[0] + 1
                outcome.places.append(Place(path, line, f"{key} naming '{old}'"))
    yamledit.replace_word(doc.data, old, new, TEXT_FIELDS)
    return doc.dumps(), already


def yaml_files(root: Path) -> Iterator[Path]:
    """The claim and person files, sorted by folder and name."""
    for folder in ("claims", "people"):
        directory = root / folder
        if directory.is_dir():
            names = sorted(e.name for e in os.scandir(directory) if e.name.endswith(".yaml"))
            yield from (directory / name for name in names if not name.startswith("."))


def _mentions(path: Path, old: str) -> bool:
    try:
        return old.encode("utf-8") in path.read_bytes()
    except OSError as exc:
        raise ClaimrefError(f"{shown(path)}: error: {exc.strerror or exc}") from None


def rename_everywhere(tx: Transaction, bibs: Sequence[Path], old: str, new: str, *,
                      outcome: Outcome, drop: bool = False) -> None:  # fmt: skip
    """Stage the renaming of ``old`` to ``new`` in every file that names it."""
    for path in bibs:
        text = tx.read(path) or ""
        if old in text:
            tx.write(path, rename_in_bib(path, text, old, new, outcome=outcome, drop=drop))
    for path in yaml_files(tx.root):
        if _mentions(path, old):
            text, already = rename_in_yaml(path, tx.read(path) or "", old, new, outcome)
            tx.write(path, text)
            if already and drop:
                outcome.report.append(
                    f"{shown(path)}: now links to '{new}' more than once: see whether one link "
                    "can go"
                )


def rekey(root: Path, old: str, new: str, dry_run: bool = False) -> Outcome:
    """Change the cite key ``old`` to ``new`` in its entry and everywhere it is named."""
    outcome = Outcome()
    with transaction(root) as tx:
        keys = workspace_keys(root)
        place = place_of(keys, old)
        if new == old:
            raise UsageError(f"'{old}' already has that key")
        if fold(new) != fold(old) or not USABLE_KEY.fullmatch(new):
            check_new_key(new, keys, _location(place))
        bibs = sorted({p.path for p in keys.values()})
        rename_everywhere(tx, bibs, old, new, outcome=outcome)
        finish(tx, outcome, dry_run)
    links = sum(1 for p in outcome.places if p.what.startswith("link"))
    outcome.report.append(
        f"rekeyed '{old}' → '{new}': {len(outcome.places)} place(s), {links} link(s)"
    )
    return outcome


def _location(place: KeyPlace) -> Location:
    return Location(shown(place.path), place.line)


def finish(tx: Transaction, outcome: Outcome, dry_run: bool) -> None:
    """Put the diff in ``outcome``, and commit unless ``dry_run``."""
    outcome.diff = tx.diff()
    if not dry_run:
        tx.commit()
        outcome.written = True
