"""Import sources from BibTeX, CSL-JSON or RIS into a bibliography file: append, never overwrite.

:func:`plan_import` reads the file (the format from its suffix, else from its first character),
keys entries that have none (or all, with ``rekey``) by the workspace's key pattern
(:mod:`claimref.citekey`), and sets aside what must not be appended: a key already used (also its
twins by case, Unicode form or invisible characters), a likely duplicate (:mod:`claimref.duplicates`),
and, unless ``keep_invalid``, an entry ``claimref check`` would find errors in
(:mod:`claimref.validate.candidates`: a bad ISBN check digit, a missing required field), each
reported as a finding. :func:`apply_import` appends the rest in one transaction
(:mod:`claimref.edit.transaction`), refusing when the file changed since it was read. BibTeX
entries are appended exactly as written (only the key changed by ``rekey``), with the ``@string``
blocks they use; entries from other formats are formatted by ``bibwrite``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from claimref.citekey import fold, make_key
from claimref.config import Settings
from claimref.duplicates import DuplicateIndex
from claimref.edit.bibedit import set_key
from claimref.edit.sources import key_settings
from claimref.edit.transaction import transaction
from claimref.errors import ClaimrefError, DataError, Finding, Severity, WriteRefusedError
from claimref.exporting import needed_strings, refuse_parse_errors
from claimref.formats import bibtex, bibwrite, cslread, ris
from claimref.formats.bibtex import StringDef
from claimref.model import Source
from claimref.progress import Progress
from claimref.store import Workspace, display_path, read_text
from claimref.validate.candidates import entry_errors

_USABLE_KEY = re.compile(r"[A-Za-z][\w:.+-]*")
FORMATS = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csljson", ".ris": "ris"}


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: the entries to append (with their text), the ``@string`` blocks they
    need, the findings on what is left out (collisions, duplicates), the reader's warnings on what
    is appended (such as values kept in private fields for want of a BibLaTeX field), the errors
    ``claimref check`` would find in the entries, and how many entries are left out in all."""

    target: Path
    added: tuple[tuple[Source, str], ...]
    strings: tuple[StringDef, ...]
    skipped: tuple[Finding, ...]
    notes: tuple[Finding, ...] = ()
    invalid: tuple[Finding, ...] = ()
    left_out: int = 0

    def appended(self, current: str) -> str:
        """``current`` (the target's text) with the new blocks after it, a blank line apart."""
        blocks = [s.raw for s in self.strings] + [text for _, text in self.added]
        if not blocks:
            return current
        head = current if not current or current.endswith("\n") else current + "\n"
        return head + ("\n" if head else "") + "\n\n".join(b.strip("\n") for b in blocks) + "\n"


def read_sources(
    path: Path,
) -> tuple[tuple[Source, ...], tuple[StringDef, ...], tuple[Finding, ...]]:
    """The sources of a BibTeX, CSL-JSON or RIS file, its ``@string`` blocks, and its problems."""
    text, _, problem = read_text(path)
    shown = display_path(path)
    fmt = FORMATS.get(path.suffix.lower()) or _sniff(text)
    if fmt == "bibtex":
        bib = bibtex.loads(text, shown)
        sources, strings, findings = bib.sources, bib.strings, bib.findings
    elif fmt == "csljson":
        csl = cslread.loads(text, shown)
        sources, strings, findings = csl.sources, (), csl.findings
    else:
        records = ris.loads(text, shown)
        sources, strings, findings = records.sources, (), records.findings
    return sources, strings, ((problem,) if problem else ()) + tuple(findings)


def _sniff(text: str) -> str:
    start = text.lstrip("\ufeff \t\r\n")[:1]
    return {"[": "csljson", "{": "csljson", "@": "bibtex", "%": "bibtex"}.get(start, "ris")


def target_path(ws: Workspace, into: str | None) -> Path:
    """The bibliography file to append to: ``into`` (relative to the workspace), else the only one."""
    folder = ws.root / "bibliography"
    if into is None:
        existing = sorted(p for p in ws.stamps if p.suffix == ".bib")
        if len(existing) > 1:
            names = ", ".join(display_path(p) for p in existing)
            raise ClaimrefError(f"several bibliography files ({names}); choose one with --into")
        return existing[0] if existing else folder / "sources.bib"
    path = Path(into) if Path(into).is_absolute() else ws.root / into
    path = path.resolve()
    if path.suffix != ".bib" or path.parent != folder.resolve():
        raise ClaimrefError(f"--into {into}: must be a .bib file in {display_path(folder)}/")
    return path


def plan_import(ws: Workspace, path: Path, into: str | None = None, *, rekey: bool = False,
                keep_invalid: bool = False, progress: Progress | None = None) -> ImportPlan:  # fmt: skip
    """Read ``path`` and decide what to append to the target; raises :class:`DataError` when the
    file has errors and :class:`WriteRefusedError` when the target cannot be written safely.
    ``rekey``: every entry keyed by the workspace's pattern; ``keep_invalid``: entries that
    ``claimref check`` would find errors in are appended too (their errors still reported);
    ``progress`` is told (entries sorted out, entries) as they are."""
    target = target_path(ws, into)
    if target in ws.parse_errors:
        raise WriteRefusedError(f"{display_path(target)}: has parse errors; fix them before "
                                "importing into it (claimref check lists them)")  # fmt: skip
    refuse_parse_errors(ws)
    sources, strings, findings = read_sources(path)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise DataError(errors)
    settings = key_settings(ws.root)
    added, skipped, invalid, rejected = _sort_out(ws, sources, settings, rekey, keep_invalid,
                                                  progress=progress)  # fmt: skip
    needed = _new_strings(ws, target, [s for s, _ in added], strings)
    notes = tuple(f for f in findings if f.severity is not Severity.ERROR)
    return ImportPlan(target, tuple(added), tuple(needed), tuple(skipped), notes, tuple(invalid),
                      len(skipped) + rejected)  # fmt: skip


def _sort_out(ws: Workspace, sources: tuple[Source, ...], settings: Settings, rekey: bool,
              keep_invalid: bool, *, progress: Progress | None = None,
              ) -> tuple[list[tuple[Source, str]], list[Finding], list[Finding], int]:  # fmt: skip
    """The entries to append (with their text), the findings on the colliding and duplicate ones
    left out, the errors found in entries, and how many entries were left out for them."""
    taken = {fold(key): ws.sources[key] for key in ws.sources}
    index = DuplicateIndex.of(ws.sources.values())
    added: list[tuple[Source, str]] = []
    skipped: list[Finding] = []
    invalid: list[Finding] = []
    rejected = 0
    for done, read in enumerate(sources):
        if progress is not None:
            progress(done, len(sources))
        source = _keyed(read, taken, settings, rekey)
        problem = _collision(source, taken) or _duplicate(source, index)
        if problem:
            skipped.append(Finding(source.location, problem, Severity.WARNING, "import-skipped"))
            continue
        problems = entry_errors([source], ws.root)
        invalid += problems
        if problems and not keep_invalid:
            rejected += 1
            continue
        taken[fold(source.key)] = source
        index.add(source)
        added.append((source, read.raw if read.raw and read.key == source.key else
                       _entry_text(source)))  # fmt: skip
    return added, skipped, invalid, rejected


def _entry_text(source: Source) -> str:
    """The text appended for a rekeyed or new ``source``: as written with its new key, or
    formatted from its fields."""
    if not source.raw:
        return bibwrite.format_entry(source, keep_private=True)
    return set_key(source.raw, source.key)


def _keyed(source: Source, taken: dict[str, Source], settings: Settings, rekey: bool) -> Source:
    """The source with a key: its own when usable as a cite key (Zotero's CSL-JSON ids such as
    ``http://zotero.org/users/1/items/AB12`` are not) and not ``rekey``, else one made by the
    workspace's key pattern (:func:`make_key`)."""
    if source.key and not rekey and (source.raw or _USABLE_KEY.fullmatch(source.key)):
        return source
    key = make_key(source, taken, settings.key_pattern, settings.key_translit)
    return replace(source, key=key)


def _collision(source: Source, taken: dict[str, Source]) -> str:
    other = taken.get(fold(source.key))
    if other is None:
        return ""
    if other.key == source.key:
        how = "already used"
    elif other.key.casefold() == source.key.casefold():
        how = f"the key '{other.key}' differing only in case"
    else:
        how = (f"a twin of the key '{other.key}' (differing in Unicode form, invisible "
               "characters or case)")  # fmt: skip
    return f"not imported: cite key '{source.key}' is {how} ({other.location})"


def _duplicate(source: Source, index: DuplicateIndex) -> str:
    found = index.match(source)
    if found is None:
        return ""
    other, reason = found
    return (f"not imported: '{source.key}' is likely a duplicate of '{other.key}' "
            f"({reason}; {other.location})")  # fmt: skip


def _new_strings(ws: Workspace, target: Path, added: list[Source],
                 strings: tuple[StringDef, ...]) -> list[StringDef]:  # fmt: skip
    """The imported file's macros the appended entries use and the target does not define yet."""
    if not strings or not added:
        return []
    source_path = added[0].location.path
    needed = needed_strings(added, {source_path: bibtex.BibFile((), (), strings)})
    current = bibtex.loads(read_text(target)[0], display_path(target)) if target.exists() else None
    defined = {d.key.lower(): d for d in (current.strings if current else ())}
    clashes = [(d, defined[d.key.lower()]) for d in needed
               if d.key.lower() in defined and defined[d.key.lower()].value != d.value]  # fmt: skip
    problems = [Finding(new.location, f"@string {new.key} is defined differently at {old.location}; "
                        "nothing imported") for new, old in clashes]  # fmt: skip
    if problems:
        raise DataError(problems)
    return [d for d in needed if d.key.lower() not in defined]


def apply_import(ws: Workspace, plan: ImportPlan, dry_run: bool = False) -> str:
    """Append the planned entries to the target in one transaction (refused if the file changed
    since ``ws`` was read); return the unified diff (with ``dry_run``, write nothing)."""
    with transaction(ws.root) as tx:
        current = tx.read(plan.target)
        stamp = ws.stamps.get(plan.target)
        now = None if current is None else hashlib.sha256(plan.target.read_bytes()).hexdigest()
        if (stamp.sha256 if stamp else None) != now:
            raise WriteRefusedError(f"{display_path(plan.target)}: error: changed since it was "
                                    "read; not written")  # fmt: skip
        if plan.added:
            tx.write(plan.target, plan.appended(current or ""))
        diff = tx.diff()
        if not dry_run:
            tx.commit()
    return diff
