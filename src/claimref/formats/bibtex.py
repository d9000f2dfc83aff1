"""BibTeX/BibLaTeX text → :class:`~claimref.model.Source` values, with every problem as a finding.

The only module that imports bibtexparser. bibtexparser (v2) splits the text into blocks; this module
does the rest itself, because bibtexparser passes much broken input without a word: it evaluates field
values (``@string`` macros, ``#`` concatenation, undefined macros, a missing comma that swallowed the
next field), reports failed blocks with the parser's real message, decodes LaTeX without losing text
(see :mod:`claimref.formats.latex`) and splits names. Cross-file checks (a key defined in two files,
keys differing only in case) are the store's job. Writing BibTeX is not done here yet.
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
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from claimref.errors import Finding, Severity
from claimref.formats.latex import decode
from claimref.model import Location, Name, Source
from claimref.usertext import INVISIBLE, clip, describe_char, invisible_chars

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
MONTHS = {
    m: str(i)
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_PIECE = re.compile(r'\s*(?:(\{)|(")|(\d+)|([^\s#,{}"=()]+))')
#: A name in biblatex's extended name format starts with one of its keys and ``=``.
_EXTENDED_NAME = re.compile(r"(?:family|given|prefix|suffix|useprefix)\s*=", re.IGNORECASE)
_FIELD_NAME = re.compile(r"^[a-z][\w:.+-]*$")
_DELIMITERS = re.compile(r'[{}"]')
_SWALLOWED = re.compile(r"^([A-Za-z][\w:-]*)\s*=")
#: ``book{lost2001,`` at the start of a line outside any entry: an entry that lost its ``@``.
_LOST_ENTRY = re.compile(r"^[ \t]*(\w+)[ \t]*([{(])[ \t]*([^\s,{}()\"#%'=]+)[ \t]*,", re.MULTILINE)
#: ``name = {`` (or a quote, digit or macro) at the start of a line outside any entry.
_LOST_FIELD = re.compile(r"^[ \t,]*([A-Za-z][\w:.+-]*)[ \t]*=[ \t]*[{\"\w]", re.MULTILINE)
#: A cite key that messages may show as it is (short, nothing invisible or control in it).
_PLAIN_KEY = re.compile(r"[\w:.+/-]{1,60}", re.ASCII)
#: How long a value may grow by expanding ``@string`` macros (characters taken from macros); a
#: file's values together may take :data:`MAX_EXPANDED` plus four times the file's length.
MAX_EXPANDED = 1_000_000
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
    reader = _Reader(path, len(text), "\0" in text)
    try:
        library = bibtexparser.entrypoint.parse_string(text, parse_stack=[])
    except ParsingException as exc:  # bibtexparser's own "invalid state" bugs
        message = f"BibTeX parser failed: {clip(exc, 200)}"
        return BibFile((), (Finding(Location(path, 1), message),))
    strings = reader.read_strings(library.strings)
    for block in library.failed_blocks:
        reader.failed(block)
    reader.stray_text(library.comments)
    sources = [src for entry in library.entries if (src := reader.entry(entry, strings))]
    if not (library.entries or library.strings or library.preambles or library.failed_blocks):
        reader.report(None, "no entries in this file", Severity.WARNING, "stray-file")
    defs = tuple(
        StringDef(b.key, strings[b.key.lower()], b.raw or "", _where(path, b.start_line))
        for b in sorted(library.strings, key=lambda b: b.start_line or 0)
    )
    preambles = tuple(b.raw or "" for b in library.preambles)
    return BibFile(tuple(sources), tuple(sorted(reader.findings)), defs, preambles)


def _where(path: str, line: int | None) -> Location:
    return Location(path, (line or 0) + 1)


class _Reader:
    """Collects findings while turning bibtexparser blocks into sources."""

    def __init__(self, path: str, size: int, has_nul: bool = False) -> None:
        self.path = path
        self.has_nul = has_nul
        self.findings: list[Finding] = []
        self.budget = Expansion(MAX_EXPANDED + 4 * size)

    def report(
        self,
        line: int | None,
        message: str,
        severity: Severity = Severity.ERROR,
        rule: str = "bibtex-syntax",
    ) -> None:
        location = Location(self.path, (line or 0) + 1)
        self.findings.append(Finding(location, message, severity, rule))

    def read_strings(self, blocks: list[bp.String]) -> dict[str, str]:
        strings = dict(MONTHS)
        for block in sorted(blocks, key=lambda b: b.start_line or 0):
            if "\0" in (block.raw or ""):
                self.nul(block.start_line, block.raw or "", f"@string {clip(block.key)}")
            value, problem = evaluate(str(block.value), strings, self.budget)
            if problem:
                self.report(block.start_line, f"@string {clip(block.key)}: {problem}")
            strings[block.key.lower()] = value
        return strings

    def failed(self, block: bp.ParsingFailedBlock) -> None:
        if isinstance(block, bp.DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            self.report(
                block.start_line,
                f"duplicate cite key '{clip(block.key)}' (first defined on "
                f"line {first}); the second entry is ignored",
                rule="duplicate-key",
            )
            return
        if isinstance(block, bp.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            keys = clip(", ".join(sorted(block.duplicate_keys)))
            name = clip(getattr(entry, "key", "?"))
            self.report(block.start_line, f"entry '{name}' has the field(s) {keys} more than once")
            return
        reason = getattr(block.error, "abort_reason", "") or str(block.error) or "syntax error"
        end = (block.start_line or 0) + (block.raw or "").count("\n") + 1
        head = (block.raw or "").split(",", 1)[0].split("\n", 1)[0][:60]
        self.report(
            block.start_line,
            f"cannot parse block '{clip(head)}' (gave up on line {end}): "
            f"{clip(' '.join(reason.split()), 200)}",
        )

    def entry(self, entry: bp.Entry, strings: dict[str, str]) -> Source | None:
        if not entry.key.strip():
            kind = clip(entry.entry_type)
            self.report(entry.start_line, f"@{kind} entry has no cite key", rule="missing-key")
            return None
        plain = _PLAIN_KEY.fullmatch(entry.key) is not None
        key = entry.key if plain else clip(entry.key)
        if not plain and INVISIBLE.search(entry.key):
            named = ", ".join(map(describe_char, invisible_chars(entry.key)))
            message = f"cite key '{key}' holds invisible characters: {named}; retype it"
            self.report(entry.start_line, message, rule="bibtex-syntax")
        raw_values: dict[str, str] = {}
        for field in entry.fields:
            name = field.key.lower()
            if not _FIELD_NAME.match(name):
                shown = clip(" ".join(name.split()))
                hint = " (BibTeX has no comments inside an entry)" if "%" in name else ""
                self.report(field.start_line, f"{key}: '{shown}' is not a field name{hint}")
            value, problem = evaluate(str(field.value), strings, self.budget)
            if problem:
                self.report(field.start_line, f"{key}: field '{clip(name)}': {problem}")
            if name in raw_values:
                self.report(field.start_line, f"{key}: field '{clip(name)}' given twice")
            raw_values[name] = value
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
            location=Location(self.path, (entry.start_line or 0) + 1),
            raw=entry.raw or "",
            raw_values=MappingProxyType(raw_values),
            names=MappingProxyType(names),
        )

    def decoded(self, entry: bp.Entry, name: str, value: str) -> str:
        if name in VERBATIM_FIELDS:
            return value
        result = decode(value)
        for problem in result.problems:
            self.report(
                _field_line(entry, name), f"{clip(entry.key)}: field '{clip(name)}': {problem}"
            )
        for kept in result.undecoded:
            self.report(
                _field_line(entry, name),
                f"{clip(entry.key)}: field '{clip(name)}': kept LaTeX '{clip(kept)}' as written "
                "(not decodable)",
                Severity.WARNING,
                "latex-undecoded",
            )
        return collapse_spaces(result.text)

    def names(self, entry: bp.Entry, field: str, raw: str) -> tuple[Name, ...]:
        people: list[Name] = []
        for person in split_multiple_persons_names(raw):
            try:
                people.append(parse_name(person))
            except InvalidNameError as exc:
                message = f"{clip(entry.key)}: {field} '{clip(person)}': {clip(exc, 200)}"
                self.report(_field_line(entry, field), message)
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
            for match in _LOST_ENTRY.finditer(raw):
                line = (block.start_line or 0) + raw.count("\n", 0, match.start())
                head = clip("".join(match.groups()))
                message = (
                    f"'{head},' looks like an entry without its '@': not read (write @{head},…)"
                )
                self.report(line, message, Severity.WARNING, "stray-file")
            self.lost_fields(block.start_line or 0, raw)

    def lost_fields(self, start_line: int, raw: str) -> None:
        """Warn about ``name = value`` lines between entries: fields cut off from their entry (a
        missing ``{`` or an extra ``}`` ended it early), which BibTeX takes for a comment."""
        first = _LOST_FIELD.search(raw)
        if first is None:
            return
        line = start_line + raw.count("\n", 0, first.start())
        names = clip(", ".join(dict.fromkeys(m.group(1) for m in _LOST_FIELD.finditer(raw))))
        message = (
            f"field(s) {names} outside any entry: not read (did a missing '{{' or an extra '}}' "
            "end the entry before them?)"
        )
        self.report(line, message, Severity.WARNING, "stray-file")


def collapse_spaces(text: str) -> str:
    """``text`` with each run of whitespace made one space, and none at either end (a long value
    without first splitting it into a list of words, which takes ten times its size)."""
    if len(text) < 10_000:
        return " ".join(text.split())
    return _SPACES.sub(" ", text).strip()


def parse_name(raw: str) -> Name:
    """Split one BibTeX name (``von Last, Jr, First``); a wholly braced name is a literal."""
    text = raw.strip()
    if text.startswith("{") and text.endswith("}") and _balanced_outer(text):
        return Name(literal=decode(text[1:-1]).text)
    if _EXTENDED_NAME.match(text):
        return _extended_name(text)
    parts = parse_single_name_into_parts(text, strict=True)

    def join(words: list[str]) -> str:
        return decode(" ".join(words)).text

    return Name(join(parts.last), join(parts.first), join(parts.von), join(parts.jr))


def _extended_name(text: str) -> Name:
    """A name in biblatex's extended format (``family=Heuvel, given=Charles, prefix=van den,
    useprefix=false``, as Better BibLaTeX writes it); the ``-i`` initials keys are left to the
    style, and ``useprefix`` (biblatex's default: false) says whether the prefix drops."""
    parts: dict[str, str] = {}
    for item in _top_level_split(text, ","):
        key, _, value = item.partition("=")
        value = value.strip()
        if value.startswith("{") and value.endswith("}") and _balanced_outer(value):
            value = value[1:-1]
        parts[key.strip().lower()] = " ".join(decode(value).text.split())
    return Name(parts.get("family", ""), parts.get("given", ""), parts.get("prefix", ""),
                parts.get("suffix", ""), dropping=parts.get("useprefix", "false") != "true")  # fmt: skip


def _top_level_split(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` outside braces."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == separator and depth == 0:
            items.append(text[start:i])
            start = i + 1
    return [*items, text[start:]]


def _balanced_outer(text: str) -> bool:
    """True when the first brace of ``text`` closes at its very end."""
    depth = 0
    for i, ch in enumerate(text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def _field_line(entry: bp.Entry, name: str) -> int | None:
    for field in entry.fields:
        if field.key.lower() == name:
            return int(field.start_line)
    return entry.start_line


class Expansion:
    """What is left of a file's allowance for text taken from ``@string`` macros: doubling macros
    (``s1 = s0 # s0`` … ``s30``) would otherwise take gigabytes."""

    def __init__(self, left: int) -> None:
        self.left = left
        self.spent = False

    def take(self, size: int) -> str:
        """Spend ``size`` characters; a problem (once for the file) when the allowance is gone."""
        self.left -= size
        if self.left >= 0:
            return ""
        first, self.spent = not self.spent, True
        more = "" if first else " (as are all later values using macros)"
        return f"the file's @string macros expand to too much text: left unexpanded{more}"


def evaluate(raw: str, strings: dict[str, str], budget: Expansion | None = None) -> tuple[str, str]:
    """Evaluate a raw field value (braces, quotes, numbers, macros, ``#``) → (value, problem); a
    value that macros make longer than :data:`MAX_EXPANDED` (or past ``budget``) is kept raw."""
    parts: list[str] = []
    i, n, expanded = 0, len(raw), 0
    while True:
        match = _PIECE.match(raw, i)
        if not match:
            return "".join(parts) or raw, f"cannot read value {clip(raw.strip(), 40)!r}"
        if match.group(1) or match.group(2):
            start = match.end() - 1
            end = closing_delimiter(raw, start)
            if end < 0:
                return raw, "value is not closed"
            parts.append(raw[start + 1 : end])
            i = end + 1
        elif match.group(3):
            parts.append(match.group(3))
            i = match.end()
        else:
            text, problem = _expand(match.group(4), strings, expanded, budget)
            if problem:
                return raw, problem
            parts.append(text)
            expanded += len(text)
            i = match.end()
        rest = raw[i:].lstrip()
        if not rest:
            return "".join(parts), ""
        if not rest.startswith("#"):
            swallowed = _SWALLOWED.match(rest)
            if swallowed:
                return "".join(parts), (
                    f"missing comma: the next field '{clip(swallowed.group(1))}' "
                    "was swallowed into this value"
                )
            return "".join(parts), f"unexpected text after the value: {clip(rest, 40)!r}"
        i = n - len(rest) + 1


def _expand(
    macro: str, strings: dict[str, str], expanded: int, budget: Expansion | None
) -> tuple[str, str]:
    """The text of ``macro`` → (text, problem), for a value that has taken ``expanded``
    characters from macros so far."""
    text = strings.get(macro.lower())
    if text is None:
        return "", f"undefined @string macro '{clip(macro)}' (quote or brace literal text)"
    if expanded + len(text) > MAX_EXPANDED:
        return "", f"@string macros make it longer than {MAX_EXPANDED:,} characters"
    return text, budget.take(len(text)) if budget is not None else ""


def closing_delimiter(raw: str, start: int) -> int:
    """Index of the brace or quote closing the one at ``start``; -1 if none (a backslash does not
    protect a brace, as in BibTeX)."""
    depth = 0
    quote = raw[start] == '"'
    for match in _DELIMITERS.finditer(raw, start):
        ch, i = match.group(), match.start()
        if quote and ch == '"' and depth == 0 and i > start:
            return i
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and not quote:
                return i
    return -1
