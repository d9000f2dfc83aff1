"""BibTeX/BibLaTeX text → :class:`~claimref.model.Source` values, with every problem as a finding.

The only module that imports bibtexparser. bibtexparser (v2) splits the text into blocks; this module
does the rest itself, because bibtexparser passes much broken input without a word: it evaluates field
values (:mod:`claimref.formats.bibvalue`: ``@string`` macros, ``#``, a missing comma that swallowed
the next field), reports failed blocks with the parser's real message, decodes LaTeX without losing
text (see :mod:`claimref.formats.latex`) and splits names. Severity follows biber: what biber reads
with a warning (an undefined macro, read as empty text; an empty name in a list, dropped; a comma
ending a name, removed) loads with a warning, and only what biber cannot make sense of is an error,
which costs that entry alone. Field names biber accepts but claimref does not know (biblatex-gost's
``_related``…) are kept as written, and ``%`` comments between an entry's fields are skipped as
biber skips them (:mod:`claimref.formats.bibcomments`). Every finding names the line and column
where its field or block starts. Cross-file checks (a key defined in two files, keys differing
only in case) are the store's job; writing BibTeX is :mod:`claimref.formats.bibwrite`'s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import bibtexparser.entrypoint
from bibtexparser import model as bp
from bibtexparser.exceptions import ParsingException
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

from claimref.errors import Finding, Severity
from claimref.formats.bibcomments import blank_entry_comments, lost_text
from claimref.formats.bibnames import (
    EXTENDED_NAME,
    balanced_outer,
    empty_names,
    extended_name,
    split_names,
)
from claimref.formats.bibplaces import Places
from claimref.formats.bibvalue import (
    MAX_EXPANDED,
    MONTHS,
    Expansion,
    closing_delimiter,
    evaluate,
)
from claimref.formats.latex import decode
from claimref.model import Location, Name, Source
from claimref.usertext import INVISIBLE, clip, describe_char, invisible_chars

__all__ = [
    "MAX_EXPANDED", "MONTHS", "NAME_FIELDS", "VERBATIM_FIELDS", "BibFile", "Expansion", "StringDef",
    "closing_delimiter", "collapse_spaces", "evaluate", "loads", "parse_name", "split_names",
]  # fmt: skip

#: Fields never decoded: their text is taken literally (biblatex's verbatim fields).
VERBATIM_FIELDS = frozenset(
    ["url", "urlraw", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc", "x-listed-as"]
)
#: Fields holding lists of people.
NAME_FIELDS = frozenset(
    [
        "author",
        "editor",
        "editora",
        "editorb",
        "editorc",
        "translator",
        "bookauthor",
        "commentator",
        "annotator",
        "introduction",
        "foreword",
        "afterword",
        "holder",
    ]
)
#: A field name as biber's parser (btparse) reads one: its characters, and no digit first.
_FIELD_NAME = re.compile(r"^[a-z!$&*+\-./:;<>?\[\]^_`|][\w!$&*+\-./:;<>?\[\]^`|]*$")
#: A cite key that messages may show as it is (short, nothing invisible or control in it).
_PLAIN_KEY = re.compile(r"[\w:.+/-]{1,60}", re.ASCII)
_SPACES = re.compile(r"\s{2,}|[^\S ]")  # whitespace other than one plain space
# bibtexparser logs what it also puts in failed blocks; we report those ourselves.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class StringDef:
    """One ``@string`` macro: its name, evaluated value, block text as written, and place."""

    key: str
    value: str
    raw: str
    location: Location


@dataclass(frozen=True)
class BibFile:
    """What one .bib file holds: its sources in file order and the problems found reading it;
    also its ``@string`` macros and ``@preamble`` blocks (as written), which writers carry along."""

    sources: tuple[Source, ...]
    findings: tuple[Finding, ...]
    strings: tuple[StringDef, ...] = ()
    preambles: tuple[str, ...] = ()


def loads(text: str, path: str) -> BibFile:
    """Read BibTeX text; ``path`` is only used to name locations in sources and findings."""
    if "\r" in text:  # lines end as the YAML reader ends them: \r\n, \r or \n
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(path, text)
    try:
        library = bibtexparser.entrypoint.parse_string(reader.parsed, parse_stack=[])
    except ParsingException as exc:  # bibtexparser's own "invalid state" bugs
        message = f"BibTeX parser failed: {clip(exc, 200)}"
        return BibFile((), (Finding(Location(path, 1, 1), message),))
    strings = reader.read_strings(library.strings)
    for block in library.failed_blocks:
        reader.failed(block)
    reader.stray_text(library.comments)
    sources = [src for entry in library.entries if (src := reader.entry(entry, strings))]
    if not (library.entries or library.strings or library.preambles or library.failed_blocks):
        reader.report(None, "no entries in this file", Severity.WARNING, "stray-file")
    defs = tuple(
        StringDef(
            b.key, strings[b.key.lower()], reader.as_written(b), reader.where(b.start_line, b.raw)
        )
        for b in sorted(library.strings, key=lambda b: b.start_line or 0)
    )
    preambles = tuple(reader.as_written(b) for b in library.preambles)
    return BibFile(tuple(sources), tuple(sorted(reader.findings)), defs, preambles)


class _Reader:
    """Collects findings while turning bibtexparser blocks into sources."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.has_nul = "\0" in text
        self.findings: list[Finding] = []
        self.budget = Expansion(MAX_EXPANDED + 4 * len(text))
        self.places = Places(text)
        #: What the parser reads: the comments between an entry's fields made spaces.
        self.parsed = blank_entry_comments(text)

    def as_written(self, block: bp.Block) -> str:
        """A block's text as the file has it (with its comments)."""
        raw = block.raw or ""
        if self.parsed is self.text or not raw:
            return raw
        starts = self.places.line_starts()
        line = min(max(block.start_line or 0, 0), len(starts) - 1)
        at = self.parsed.find(raw, starts[line])
        return raw if at < 0 else self.text[at : at + len(raw)]

    def where(self, line: int | None, raw: str | None = None, field: str = "") -> Location:
        """The place of a block (its first line ``raw`` starts there) or of one of its fields."""
        head = (raw or "").split("\n", 1)[0][:40].rstrip()
        return Location(self.path, (line or 0) + 1, self.places.column(line or 0, field, head))

    def report(
        self,
        line: int | None,
        message: str,
        severity: Severity = Severity.ERROR,
        rule: str = "bibtex-syntax",
        *,
        raw: str | None = None,
        field: str = "",
    ) -> None:
        """A finding on 0-based ``line``, at the block starting with ``raw`` or at ``field``."""
        location = self.where(line, raw, field)
        self.findings.append(Finding(location, message, severity, rule))

    def read_strings(self, blocks: list[bp.String]) -> dict[str, str]:
        strings = dict(MONTHS)
        for block in sorted(blocks, key=lambda b: b.start_line or 0):
            if "\0" in (block.raw or ""):
                self.nul(block.start_line, block.raw or "", f"@string {clip(block.key)}")
            undefined: list[str] = []
            value, problem = evaluate(str(block.value), strings, self.budget, undefined)
            what = f"@string {clip(block.key)}"
            if problem:
                self.report(block.start_line, f"{what}: {problem}", raw=block.raw)
            self.undefined(block.start_line, what, undefined, raw=block.raw)
            strings[block.key.lower()] = value
        return strings

    def undefined(
        self, line: int | None, what: str, macros: list[str], *, raw: str | None = None,
        field: str = "",
    ) -> None:  # fmt: skip
        """Warn about each undefined macro a value used: biber reads it as empty text."""
        for macro in dict.fromkeys(macros):
            hint = " (biber's month macros are jan … dec)" if field == "month" else ""
            message = (
                f"{what}: undefined @string macro '{clip(macro)}' read as empty text, as biber "
                f"reads it{hint}; quote or brace literal text"
            )
            self.report(line, message, Severity.WARNING, "undefined-macro", raw=raw, field=field)

    def failed(self, block: bp.ParsingFailedBlock) -> None:
        if isinstance(block, bp.DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            self.report(
                block.start_line,
                f"duplicate cite key '{clip(block.key)}' (first defined on "
                f"line {first}); the second entry is ignored",
                rule="duplicate-key",
                raw=block.raw,
            )
            return
        if isinstance(block, bp.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            keys = clip(", ".join(sorted(block.duplicate_keys)))
            name = clip(getattr(entry, "key", "?"))
            message = f"entry '{name}' has the field(s) {keys} more than once"
            self.report(block.start_line, message, raw=block.raw)
            return
        reason = getattr(block.error, "abort_reason", "") or str(block.error) or "syntax error"
        end = (block.start_line or 0) + (block.raw or "").count("\n") + 1
        head = (block.raw or "").split(",", 1)[0].split("\n", 1)[0][:60]
        self.report(
            block.start_line,
            f"cannot parse block '{clip(head)}' (gave up on line {end}): "
            f"{clip(' '.join(reason.split()), 200)}",
            raw=block.raw,
        )

    def entry(self, entry: bp.Entry, strings: dict[str, str]) -> Source | None:
        if not entry.key.strip():
            kind = clip(entry.entry_type)
            message = f"@{kind} entry has no cite key"
            self.report(entry.start_line, message, rule="missing-key", raw=entry.raw)
            return None
        plain = _PLAIN_KEY.fullmatch(entry.key) is not None
        key = entry.key if plain else clip(entry.key)
        if not plain and INVISIBLE.search(entry.key):
            named = ", ".join(map(describe_char, invisible_chars(entry.key)))
            message = f"cite key '{key}' holds invisible characters: {named}; retype it"
            self.report(entry.start_line, message, raw=entry.raw)
        raw_values = self.values(entry, key, strings)
        if self.has_nul and (
            "\0" in (entry.raw or "") or any("\0" in v for v in raw_values.values())
        ):
            self.nul(entry.start_line, entry.raw or "", f"entry '{key}'")
            return None
        fields = {name: self.decoded(entry, name, value) for name, value in raw_values.items()}
        names = {n: self.names(entry, n, raw_values[n]) for n in NAME_FIELDS if n in raw_values}
        return Source(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            fields=MappingProxyType(fields),
            location=self.where(entry.start_line, entry.raw),
            raw=self.as_written(entry),
            raw_values=MappingProxyType(raw_values),
            names=MappingProxyType(names),
        )

    def values(self, entry: bp.Entry, key: str, strings: dict[str, str]) -> dict[str, str]:
        """The entry's fields evaluated (macros expanded), by lower-case name."""
        raw_values: dict[str, str] = {}
        seen: set[str] = set()
        for field in entry.fields:
            name, line = field.key.lower(), field.start_line
            if not _FIELD_NAME.match(name):
                shown = clip(" ".join(name.split()))
                self.report(line, f"{key}: '{shown}' is not a field name", field=field.key)
            undefined: list[str] = []
            value, problem = evaluate(str(field.value), strings, self.budget, undefined)
            if problem or undefined or name in seen:
                what = f"{key}: field '{clip(name)}'"
                if problem:
                    self.report(line, f"{what}: {problem}", field=field.key)
                self.undefined(line, what, undefined, field=name)
                if name in seen:
                    self.report(line, f"{what} given twice", field=field.key)
            seen.add(name)
            if value.strip() or not undefined:  # biber has no field that macros left empty
                raw_values[name] = value
        return raw_values

    def decoded(self, entry: bp.Entry, name: str, value: str) -> str:
        if name in VERBATIM_FIELDS:
            return value
        result = decode(value)
        if not (result.problems or result.undecoded):
            return collapse_spaces(result.text)
        line = _field_line(entry, name)
        what = f"{clip(entry.key)}: field '{clip(name)}'"
        for problem in result.problems:
            self.report(line, f"{what}: {problem}", field=name)
        for kept in result.undecoded:
            message = f"{what}: kept LaTeX '{clip(kept)}' as written (not decodable)"
            self.report(line, message, Severity.WARNING, "latex-undecoded", field=name)
        return collapse_spaces(result.text)

    def names(self, entry: bp.Entry, field: str, raw: str) -> tuple[Name, ...]:
        people: list[Name] = []
        persons, empty = split_names(raw)
        line, what = _field_line(entry, field), f"{clip(entry.key)}: {field}"
        if empty:
            message = (
                f"{what} '{clip(' '.join(raw.split()))}': {empty_names(empty, len(persons))} "
                "left out, as biber leaves it out"
            )
            self.report(line, message, Severity.WARNING, "empty-name", field=field)
        for person in persons:
            text = person.rstrip()
            if text.endswith(","):
                text = text.rstrip(", \t\n")
                message = f"{what} '{clip(person)}': comma(s) at the end of the name removed"
                self.report(line, message, Severity.WARNING, "empty-name", field=field)
            try:
                people.append(parse_name(text))
            except InvalidNameError as exc:
                message = f"{what} '{clip(person)}': {clip(exc, 200)}"
                self.report(line, message, field=field)
        return tuple(people)

    def nul(self, line: int | None, raw: str, what: str) -> None:
        """Report the NUL character in a block (``what``), at its line; the block is not used."""
        at = (line or 0) + raw.count("\n", 0, max(raw.find("\0"), 0))
        self.report(at, f"{what} holds a NUL character (U+0000), which no BibTeX tool reads; "
                    "it is not loaded")  # fmt: skip

    def stray_text(self, comments: Sequence[bp.Block]) -> None:
        """Warn about text between entries that looks like an entry whose ``@`` is missing (BibTeX
        takes it for a comment), and report NUL characters there."""
        for block in comments:
            raw = block.raw or ""
            if self.has_nul and "\0" in raw:
                self.nul(block.start_line, raw, "the text between entries")
            if not isinstance(block, bp.ImplicitComment) or raw.isspace():
                continue
            start = block.start_line or 0
            for offset, message, head in lost_text(raw):
                self.report(start + offset, message, Severity.WARNING, "stray-file", raw=head)


def collapse_spaces(text: str) -> str:
    """``text`` with each run of whitespace made one space, and none at either end (a long value
    without first splitting it into a list of words, which takes ten times its size)."""
    if len(text) < 10_000:
        return " ".join(text.split())
    return _SPACES.sub(" ", text).strip()


def parse_name(raw: str) -> Name:
    """Split one BibTeX name (``von Last, Jr, First``); a wholly braced name is a literal."""
    text = raw.strip()
    if text.startswith("{") and text.endswith("}") and balanced_outer(text):
        return Name(literal=decode(text[1:-1]).text)
    if EXTENDED_NAME.match(text):
        return extended_name(text)
    parts = parse_single_name_into_parts(text, strict=True)

    def join(words: list[str]) -> str:
        return decode(" ".join(words)).text

    return Name(join(parts.last), join(parts.first), join(parts.von), join(parts.jr))


def _field_line(entry: bp.Entry, name: str) -> int | None:
    for field in entry.fields:
        if field.key.lower() == name:
            return int(field.start_line)
    return entry.start_line
