"""Export the workspace's sources and claims: choose the text each format gets, refuse what is unsafe.

BibTeX export writes each entry from the text it was read from (``formats.bibwrite``), brings along
the ``@string`` macros (and ``@preamble`` blocks) of the files the entries come from, and leaves out
every entry with an error in it (as biber does, :func:`claimref.partial.usable_part`), so that nothing
half-read is written out; the caller reports them. The other
formats are one call each into ``formats``. Selecting what to export is ``query``'s job; writing the
result to a file is ``store.write_atomic``'s; printing it is the CLI's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from claimref.errors import ClaimrefError, DataError, Severity, UsageError
from claimref.formats import (
    bibwrite,
    claimdoc,
    claimreview,
    csljson,
    quickstatements,
    ris,
    wikitext,
)
from claimref.formats.bibtex import BibFile, StringDef
from claimref.formats.latexenc import UnencodableError, to_ascii
from claimref.model import Claim, Source
from claimref.partial import usable_part
from claimref.store import Workspace, display_path

#: What export never writes into: the workspace's data, its settings and its git repository.
PROTECTED = ("bibliography", "claims", "people", ".git", "claimref.toml")


class ExportError(ClaimrefError):
    """An entry cannot be written as asked (e.g. Cyrillic under ``--ascii``)."""


def refuse_parse_errors(ws: Workspace) -> None:
    """Raise :class:`DataError` with the findings when a bibliography file has parse errors."""
    bad = {display_path(path) for path in ws.parse_errors if path.suffix == ".bib"}
    findings = [f for f in ws.findings if f.location.path in bad and f.severity is Severity.ERROR]
    if bad:
        raise DataError(findings)


def export_bibtex(ws: Workspace, sources: Iterable[Source], keep_private: bool = False,
                  ascii_only: bool = False) -> str:  # fmt: skip
    """The sources as a .bib text, in file order: untouched entries exactly as written; entries
    with errors are left out."""
    left_out = set(usable_part(ws)[1].keys)
    chosen = [s for s in sources if s.key not in left_out]
    ordered = sorted(chosen, key=lambda s: (s.location.path, s.location.line))
    files = ws.bib_files
    entries = [entry_text(s, keep_private, ascii_only) for s in ordered]
    strings = needed_strings(ordered, files)
    preambles = list(dict.fromkeys(p for path in dict.fromkeys(s.location.path for s in ordered)
                                   if path in files for p in files[path].preambles))  # fmt: skip
    if ascii_only:
        strings = [_ascii_string(s) for s in strings]
        preambles = [_ascii(p, "@preamble") for p in preambles]
    return bibwrite.dumps(entries, strings, preambles)


def entry_text(source: Source, keep_private: bool, ascii_only: bool) -> str:
    """One entry's text: as written, minus private fields unless kept, escaped under ASCII."""
    try:
        text = source.raw or bibwrite.format_entry(source, keep_private)
        if source.raw and not keep_private:
            text = bibwrite.strip_private(text)
        return bibwrite.entry_to_ascii(text) if ascii_only else text
    except UnencodableError as exc:
        hint = " (export without --ascii, or leave the entry out, e.g. with --lang)"
        raise ExportError(f"{source.location}: {source.key}: {exc}{hint}") from None
    except bibwrite.RewriteError as exc:
        raise ExportError(f"{source.location}: {source.key}: cannot rewrite entry: {exc}") from None


def _ascii(text: str, what: str) -> str:
    try:
        return to_ascii(text)
    except UnencodableError as exc:
        raise ExportError(f"{what}: {exc}") from None


def _ascii_string(definition: StringDef) -> StringDef:
    where = f"{definition.location}: @string {definition.key}"
    return StringDef(definition.key, definition.value, _ascii(definition.raw, where),
                     definition.location)  # fmt: skip


def needed_strings(sources: Sequence[Source], files: Mapping[str, BibFile]) -> list[StringDef]:
    """The ``@string`` blocks the entries use (also through other macros), in file order."""
    chosen: list[StringDef] = []
    for path in dict.fromkeys(s.location.path for s in sources):
        if path not in files:
            continue
        defs = {d.key.lower(): d for d in files[path].strings}
        wanted: set[str] = set()
        todo = set().union(*(bibwrite.macros_used(s.raw) for s in sources
                             if s.location.path == path and s.raw))  # fmt: skip
        while todo:
            name = todo.pop()
            if name in defs and name not in wanted:
                wanted.add(name)
                todo |= bibwrite.string_macros(defs[name].raw)
        seen = {d.key.lower(): d for d in chosen}
        for definition in files[path].strings:
            name = definition.key.lower()
            if name in wanted and name in seen and seen[name].value != definition.value:
                raise ExportError(f"{definition.location}: @string {definition.key} differs from "
                                  f"its definition at {seen[name].location}; export the files "
                                  "one at a time (--key)")  # fmt: skip
        chosen += [d for d in files[path].strings if d.key.lower() in wanted - seen.keys()]
    return chosen


def export_csljson(sources: Iterable[Source]) -> str:
    """The sources as a CSL-JSON array (what pandoc --citeproc and Zotero read)."""
    return json.dumps(csljson.to_csl_items(sources), ensure_ascii=False, indent=2) + "\n"


def export_ris(sources: Iterable[Source]) -> str:
    """The sources as RIS records."""
    return ris.dumps(sources)


def export_wikitext(sources: Iterable[Source]) -> str:
    """One CS1 citation template per source, one per line."""
    return "".join(wikitext.cite(source) + "\n" for source in sources)


def export_claims(ws: Workspace, claims: Sequence[Claim], fmt: str,
                  reference_list: Callable[[Sequence[Source]], list[str]] | None = None,
                  ) -> str:  # fmt: skip
    """Claims with their citations: ``json``, ``wikitext`` or ``markdown`` (whose reference list
    ``reference_list`` makes, e.g. in a CSL style; plain by default)."""
    if fmt == "wikitext":
        return wikitext.claims(claims, ws.sources)
    if fmt == "markdown":
        return claimdoc.markdown(
            claims, ws.sources, reference_list or claimdoc.plain_reference_list
        )
    data: dict[str, Any] = claimdoc.json_data(claims, ws.sources)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_claimreview(ws: Workspace, claims: Iterable[Claim], reviewer: claimreview.Reviewer,
                       url_pattern: str) -> claimreview.ClaimReviews:  # fmt: skip
    """schema.org ClaimReview JSON-LD for the claims with a verdict, each at ``url_pattern`` with
    ``{id}`` replaced by the claim id (:func:`check_review_url`)."""
    check_review_url(url_pattern)
    return claimreview.claim_reviews(claims, ws.sources, reviewer, url_pattern)


def check_review_url(pattern: str) -> None:
    """Raise :class:`UsageError` unless ``pattern`` is an http(s) address: ClaimReview requires
    the address of the page publishing each review, and claimref cannot know it."""
    if not pattern:
        raise UsageError("ClaimReview needs the address of each review: give --url "
                         "'https://example.org/claims/{id}.html' or set claimreview-url in "
                         "claimref.toml")  # fmt: skip
    if not pattern.startswith(("https://", "http://")) or any(c.isspace() for c in pattern):
        raise UsageError(f"review address '{pattern}': expected an http(s) address without "
                         "spaces, with {id} for the claim id")  # fmt: skip


def export_quickstatements(ws: Workspace, claims: Iterable[Claim],
                           unverified: bool = False) -> quickstatements.QuickStatements:  # fmt: skip
    """QuickStatements V1 commands for the claims annotated with a Wikidata statement, with the
    verified links (all links that state it, with ``unverified``) as references."""
    return quickstatements.commands(claims, ws.sources, unverified)


def check_output(root: Path, output: Path, force: bool = False) -> Path:
    """The file to write an export to, or :class:`ExportError`: never inside the workspace's data
    folders, ``.git`` or over ``claimref.toml`` (an export there would be read back as data or
    break the repository), and never over an existing file unless ``force``."""
    path = Path(os.path.abspath(output))
    real = Path(os.path.realpath(path))
    base = root.resolve()
    for protected in PROTECTED:
        guarded = base / protected
        for candidate in (path, real):
            if candidate == guarded or guarded in candidate.parents:
                raise ExportError(f"{display_path(path)}: error: is inside the workspace's "
                                  f"{protected}; not written (write the export elsewhere)")  # fmt: skip
    if os.path.lexists(path) and not force:
        raise ExportError(f"{display_path(path)}: error: exists; not overwritten (give --force "
                          "to replace it)")  # fmt: skip
    if os.path.isdir(real):
        raise ExportError(f"{display_path(path)}: error: is a folder; not written")
    return path
