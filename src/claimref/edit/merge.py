"""``claimref merge KEEP DROP``: two entries for the same work become one.

Links and every other mention of DROP move to KEEP (:mod:`claimref.edit.references`), DROP's entry
is removed, and the fields DROP has and KEEP lacks (or has with another value) are listed: each is
taken into KEEP's entry only when asked for (``take``), as DROP wrote it (a value using an
``@string`` macro is written out in braces, since KEEP's file may not define the macro). KEEP's
new entry is checked as ``claimref check`` would check it before anything is written. Everything
is one transaction. Which entries are the same work is for the person (``claimref check`` lists
likely duplicates); the command line is :mod:`claimref.cli.sources_edit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from claimref.edit.bibedit import find_entry, replace_entry, set_field
from claimref.edit.bibkeys import KeyPlace, place_of, workspace_keys
from claimref.edit.references import Outcome, Place, finish, rename_everywhere
from claimref.edit.transaction import Transaction, transaction
from claimref.errors import ClaimrefError, DataError, UsageError
from claimref.formats import bibtex
from claimref.formats.bibwrite import field_spans, value_macros
from claimref.model import Source
from claimref.safewrite import shown
from claimref.validate.candidates import entry_errors


def merge(
    root: Path, keep: str, drop: str, take: Sequence[str] = (), dry_run: bool = False
) -> Outcome:
    """Merge the entry ``drop`` into ``keep`` (see the module docstring); ``take``: DROP's fields
    to copy into KEEP."""
    if keep == drop:
        raise UsageError(f"KEEP and DROP are the same key '{keep}'")
    outcome = Outcome()
    with transaction(root) as tx:
        keys = workspace_keys(root)
        keep_place, drop_place = place_of(keys, keep), place_of(keys, drop)
        kept, dropped = _source(tx, keep_place), _source(tx, drop_place)
        missing = [name for name in take if name not in dropped.raw_values]
        if missing:
            raise UsageError(f"--take {missing[0]}: '{drop}' has no field '{missing[0]}'")
        _take_fields(tx, (keep_place, kept), dropped, take, outcome.places)
        rename_everywhere(tx, sorted({p.path for p in keys.values()}), drop, keep,
                          outcome=outcome, drop=True)  # fmt: skip
        errors = entry_errors([_source(tx, keep_place)], root)
        if errors:
            raise DataError(errors)
        finish(tx, outcome, dry_run)
    outcome.report[:0] = _summary(kept, dropped, take, outcome)
    return outcome


def _source(tx: Transaction, place: KeyPlace) -> Source:
    """The entry at ``place`` as the file (staged text included) reads now."""
    parsed = bibtex.loads(tx.read(place.path) or "", shown(place.path))
    for source in parsed.sources:
        if source.key == place.key:
            return source
    raise ClaimrefError(
        f"{place}: error: the entry '{place.key}' cannot be read; fix it first (claimref check)"
    )


def _take_fields(tx: Transaction, keep: tuple[KeyPlace, Source], dropped: Source,
                 take: Sequence[str], places: list[Place]) -> None:  # fmt: skip
    """Stage KEEP's entry (where the scan and the parser found it) with DROP's fields ``take``
    set in it."""
    if not take:
        return
    place, kept = keep
    written = {span.name: span.value for span in field_spans(dropped.raw)}
    text = tx.read(place.path) or ""
    span = find_entry(text, place.key, kept.location.line)
    entry = text[span.start : span.end]
    for name in dict.fromkeys(take):
        value = written[name]
        if value_macros(value):
            value = "{" + dropped.raw_values[name] + "}"
        entry = set_field(entry, name, value)
        places.append(Place(place.path, kept.location.line, f"{place.key}: field '{name}' taken from "
                            f"'{dropped.key}'"))  # fmt: skip
    tx.write(place.path, replace_entry(text, span, entry))


def _summary(kept: Source, dropped: Source, take: Sequence[str], outcome: Outcome) -> list[str]:
    """The report's lines: what moved, what was taken, what was left for the person to decide."""
    links = sum(1 for place in outcome.places if place.what.startswith("link"))
    lines = [
        f"merged '{dropped.key}' into '{kept.key}': {links} link(s) moved, "
        f"{len(outcome.places)} change(s), entry '{dropped.key}' removed"
    ]
    if take:
        lines.append(f"took from '{dropped.key}': {', '.join(dict.fromkeys(take))}")
    only = [n for n in dropped.raw_values if n not in kept.raw_values and n not in take]
    differ = [
        n
        for n in dropped.raw_values
        if n in kept.raw_values and n not in take and not _same(kept, dropped, n)
    ]
    lines += [f"  only in '{dropped.key}': {n} = {_short(dropped, n)} (not taken; --take {n})"
              for n in only]  # fmt: skip
    lines += [f"  differs: {n} = {_short(kept, n)} in '{kept.key}' (kept), {_short(dropped, n)} "
              f"in '{dropped.key}' (--take {n})" for n in differ]  # fmt: skip
    return lines


def _short(source: Source, name: str, width: int = 48) -> str:
    value = " ".join(source.get(name).split())
    return "{" + (value if len(value) <= width else value[: width - 1] + "…") + "}"


def _same(kept: Source, dropped: Source, name: str) -> bool:
    return " ".join(kept.get(name).split()) == " ".join(dropped.get(name).split())
