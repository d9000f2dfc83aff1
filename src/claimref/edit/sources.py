"""``claimref source add``: one new source, from a BibTeX snippet or from fields, added to a .bib file.

The key is the snippet's own, the one given, or one made by the workspace's ``key-pattern``
(:mod:`claimref.citekey`; ``a``, ``b``… on collision). Before anything is written the new entry is
checked as ``claimref check`` would check it (errors only: :mod:`claimref.validate.candidates`) and
its key against every key of the workspace, twins by case, Unicode normalisation or invisible
characters included. Keys are found with :func:`~claimref.edit.bibedit.scan_keys`, a regular
expression, and only the target file is parsed (by the transaction), so that adding a source to a
workspace of 10,000 takes a fraction of a second. Also here: the helpers the other source verbs
share (the workspace's keys, the target file, an unknown key). Rekey and merge are in
:mod:`claimref.edit.references`; the command line in :mod:`claimref.cli.sources_edit`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimref.citekey import KeyPatternError, check_pattern, fold, make_key
from claimref.config import FILE_NAME, Settings, load_settings
from claimref.edit.bibedit import append_entry, scan_keys, set_key, string_blocks
from claimref.edit.bibkeys import (
    KeyPlace,
    bib_files,
    workspace_keys,
)
from claimref.edit.transaction import transaction
from claimref.errors import ClaimrefError, DataError, Finding, Severity
from claimref.formats import bibtex
from claimref.formats.fieldsource import FIELD_ORDER, langid_name
from claimref.formats.latexenc import escape
from claimref.model import Location, Source
from claimref.safewrite import shown
from claimref.validate.candidates import entry_errors

#: A cite key a user may give: a letter first, then letters, digits and ``_ : . + / -``.
USABLE_KEY = re.compile(r"[^\W\d_][\w:.+/-]*")
#: The key a snippet without one, or an entry made from fields, carries until it gets its own.
PLACEHOLDER = "claimref-new-entry"
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_:.+-]*")


@dataclass(frozen=True)
class Added:
    """What :func:`source_add` did (or would do, with ``dry_run``): the key, the file and the line
    of the new entry, and (with ``dry_run``) the diff."""

    key: str
    target: Path
    line: int
    diff: str
    written: bool


def target_file(root: Path, into: str | None) -> Path:
    """The bibliography file to add to: ``into`` (relative to the workspace), else the only one
    (``bibliography/sources.bib`` when there is none)."""
    folder = root / "bibliography"
    if into is None:
        existing = bib_files(root)
        if len(existing) > 1:
            names = ", ".join(shown(p) for p in existing)
            raise ClaimrefError(f"several bibliography files ({names}); choose one with --into")
        return existing[0] if existing else folder / "sources.bib"
    path = Path(into) if Path(into).is_absolute() else root / into
    path = path.resolve()
    if path.suffix != ".bib" or path.parent != folder.resolve():
        raise ClaimrefError(f"--into {into}: must be a .bib file in {shown(folder)}/")
    return path


def key_settings(root: Path) -> Settings:
    """The workspace's settings, with its key pattern checked (errors name claimref.toml)."""
    settings = load_settings(root)
    try:
        check_pattern(settings.key_pattern, settings.key_translit)
    except KeyPatternError as exc:
        raise KeyPatternError(f"{shown(root / FILE_NAME)}: error: {exc}") from None
    return settings


def check_new_key(key: str, keys: dict[str, KeyPlace], where: Location) -> None:
    """Refuse ``key`` as a new cite key: not usable, or a twin of a key the workspace has."""
    if not USABLE_KEY.fullmatch(key):
        message = (f"'{key}' cannot be a cite key (a letter first, then letters, digits "
                   "and _ : . + / -)")  # fmt: skip
        raise DataError([Finding(where, message)])
    other = keys.get(fold(key))
    if other is not None:
        how = "already used" if other.key == key else f"a twin of '{other.key}'"
        message = f"cite key '{key}' is {how} (defined at {other})"
        if other.key != key:
            message += " (keys are compared without case, Unicode form or invisible characters)"
        raise DataError([Finding(where, message, rule="duplicate-key")])


def entry_from_fields(entry_type: str, fields: Sequence[tuple[str, str]]) -> str:
    """A new entry's text from (field, value) pairs; repeated name fields (``author``) are joined
    with ``and``; names and verbatim fields are written as given, other values LaTeX-escaped."""
    values: dict[str, str] = {}
    for name, value in fields:
        if not _FIELD_NAME.fullmatch(name):
            raise ClaimrefError(f"'{name}' is not a BibTeX field name")
        if not value.strip():
            continue
        if name in values and name in bibtex.NAME_FIELDS:
            values[name] += " and " + value.strip()
        elif name in values:
            raise ClaimrefError(f"field '{name}' given twice")
        else:
            values[name] = value.strip()
    if "langid" in values:
        values["langid"] = langid_name(values["langid"])
    order = [n for n in FIELD_ORDER if n in values] + sorted(
        n for n in values if n not in FIELD_ORDER
    )
    lines = [f"@{entry_type}{{{PLACEHOLDER},"]
    for name in order:
        verbatim = name in bibtex.NAME_FIELDS or name in bibtex.VERBATIM_FIELDS
        lines.append(f"  {name} = {{{values[name] if verbatim else escape(values[name])}}},")
    return "\n".join([*lines, "}"])


def read_entry(text: str, name: str, macros: Sequence[str] = ()) -> Source:
    """The one entry of a snippet (an entry without a key gets :data:`PLACEHOLDER`), read with the
    ``@string`` blocks ``macros`` defined before it; errors in it are a :class:`DataError` at
    ``name:line``."""
    hits = scan_keys(text)
    if len(hits) == 1 and not hits[0].key:
        text = text[: hits[0].start] + set_key(text[hits[0].start :], PLACEHOLDER)
    prefix = "".join(block + "\n" for block in macros)
    shift = prefix.count("\n")
    parsed = bibtex.loads(prefix + text, name)
    errors = [_shifted(f, shift) for f in parsed.findings
              if f.severity is Severity.ERROR and f.location.line > shift]  # fmt: skip
    if errors:
        raise DataError(errors)
    if len(parsed.sources) != 1:
        raise DataError([Finding(Location(name, 1), f"expected one BibTeX entry, found "
                         f"{len(parsed.sources)} (several: use claimref import)")])  # fmt: skip
    source = parsed.sources[0]
    where = source.location
    return replace(source, location=Location(name, where.line - shift, where.column))


def _shifted(finding: Finding, lines: int) -> Finding:
    where = finding.location
    return replace(finding, location=Location(where.path, where.line - lines, where.column))


def choose_key(source: Source, keys: dict[str, KeyPlace], settings: Settings,
               key: str | None = None, rekey: bool = False) -> str:  # fmt: skip
    """The key the new entry gets: ``key`` if given, else its own, else (or with ``rekey``) one
    made by the workspace's pattern; refused when taken or not usable."""
    if key is None and (rekey or source.key == PLACEHOLDER):
        return make_key(source, set(keys), settings.key_pattern, settings.key_translit)
    chosen = unicodedata.normalize("NFC", key) if key is not None else source.key
    check_new_key(chosen, keys, source.location)
    return chosen


def source_add(
    root: Path,
    text: str,
    name: str = "<input>",
    *,
    key: str | None = None,
    rekey: bool = False,
    into: str | None = None,
    dry_run: bool = False,
) -> Added:
    """Append the one entry of ``text`` (a snippet named ``name`` in messages, or the text of
    :func:`entry_from_fields`) to the target file, keyed as :func:`choose_key` says."""
    settings = key_settings(root)
    with transaction(root) as tx:
        target = target_file(root, into)
        current = tx.read(target) or ""
        source = read_entry(text, name, string_blocks(current))
        new_key = choose_key(source, workspace_keys(root), settings, key, rekey)
        source = replace(source, key=new_key)
        errors = entry_errors([source], root)
        if errors:
            raise DataError(errors)
        entry = set_key(source.raw.strip(), new_key)
        text = append_entry(current, entry)
        tx.write(target, text, checked=True)  # the entry was parsed with the file's macros
        diff = tx.diff() if dry_run else ""
        if not dry_run:
            tx.commit()
    line = text.count("\n", 0, len(text) - len(entry) - 1) + 1
    return Added(new_key, target, line, diff, not dry_run)
