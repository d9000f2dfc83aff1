"""Round-trip edits of claim files: change a few values of a claim, keep every other byte.

The only module that imports ruamel.yaml. :class:`Document` reads a claim file's text into ruamel's
commented mappings and lists, which remember comments, key order, quoting, flow or block style and
where each ``>-`` scalar is folded; the verbs (:mod:`claimref.edit.claims`) change values with the
helpers here, and :meth:`Document.dumps` gives the new text. ruamel writes the untouched parts as they
were for the dataset's layout (a test checks every dataset file); for a layout it does not reproduce,
the change is spliced into the original text, so that the other lines stay as they were. New values
take the dataset's style (:func:`node`): long texts folded at :data:`WIDTH` columns, lists of names in
flow style, dates in double quotes, and quotes wherever PyYAML (the loader, YAML 1.1) would read a
plain value as something other than text (``yes``, ``2024-01-02``). Whether the result is a valid
claim is the loader's question, asked by the transaction.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    ScalarString,
)

from claimref.errors import ClaimrefError

#: Lines of new text end before this column, as in the dataset.
WIDTH = 100
#: The dataset's indentation: mappings by 2; list items by 4, the dash 2 in (``links:\n  - source:``).
MAPPING_INDENT, SEQUENCE_INDENT, DASH_OFFSET = 2, 4, 2
#: Lists written in flow style (``places: [Rīga, Kārsava]``).
FLOW_LISTS = frozenset({"places", "people", "tags"})
#: Texts always folded, however short (``statement: >-``).
ALWAYS_FOLDED = frozenset({"statement"})
#: Values always in double quotes: dates, which YAML would otherwise read as dates or numbers.
QUOTED = frozenset({"date", "on"})
_NEVER_WRAP = 1 << 30
_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_ANALYSER = Emitter(io.StringIO(), allow_unicode=True)
_MAP_LINE = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*\n( *)[^\s#-]", re.MULTILINE)
_SEQ_LINE = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*\n( *)- ", re.MULTILINE)


class Document:
    """One claim file opened for editing: change :attr:`data`, then take :meth:`dumps`."""

    def __init__(self, text: str, path: str = "<claim>") -> None:
        self._newline = "\r\n" if "\r\n" in text else "\n"
        text = text.replace("\r\n", "\n")
        self.original = text
        self._yaml = _yaml(_guess_indent(text), _NEVER_WRAP)
        try:
            data = self._yaml.load(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
            raise ClaimrefError(f"{where}: error: YAML syntax error: {exc.problem}") from None
        if not isinstance(data, CommentedMap):
            raise ClaimrefError(f"{path}:1:1: error: claim: expected a mapping of fields")
        self.data: CommentedMap = data
        self._pristine = self._dump()

    @property
    def exact(self) -> bool:
        """True when ruamel writes the unchanged file back byte for byte (no splicing needed)."""
        return self._pristine == self.original

    def _dump(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()

    def dumps(self) -> str:
        """The text with the changes made to :attr:`data`; every untouched line as it was (lines
        end as the file's did: CRLF stays CRLF)."""
        return self._edited().replace("\n", self._newline)

    def _edited(self) -> str:
        new = self._dump()
        if self.exact:
            return new
        if new == self._pristine:
            return self.original
        spliced = splice(self.original, self._pristine, new)
        return new if spliced is None else spliced


def _yaml(indent: tuple[int, int, int], width: int) -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = width
    handler.allow_unicode = True
    mapping, sequence, offset = indent
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    return handler


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, dash offset) as the file indents them; the dataset's where it is silent."""
    mapping, offset = MAPPING_INDENT, DASH_OFFSET
    for match in _MAP_LINE.finditer(text):
        if len(match[2]) > len(match[1]):
            mapping = len(match[2]) - len(match[1])
            break
    for match in _SEQ_LINE.finditer(text):
        if len(match[2]) >= len(match[1]):
            offset = len(match[2]) - len(match[1])
            break
    return mapping, offset + 2, offset


def splice(original: str, pristine: str, new: str) -> str | None:
    """Apply the change from ``pristine`` to ``new`` (two dumps by ruamel) to ``original`` (the
    file as written), line by line; None when a changed line is not one ``original`` has as is."""
    base = pristine.splitlines(keepends=True)
    mine = original.splitlines(keepends=True)
    theirs = new.splitlines(keepends=True)
    to_mine: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, base, mine, autojunk=False).get_matching_blocks():
        to_mine.update({block.a + k: block.b + k for k in range(block.size)})
    out: list[str] = []
    done = 0
    matcher = difflib.SequenceMatcher(None, base, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start = _start_in(i1, to_mine)
        if start is None or start < done:
            return None
        if any(to_mine.get(i) != start + i - i1 for i in range(i1, i2)):
            return None
        out += mine[done:start] + theirs[j1:j2]
        done = start + i2 - i1
    return "".join(out + mine[done:])


def _start_in(index: int, to_mine: Mapping[int, int]) -> int | None:
    """Where base line ``index`` is (or would be inserted) in the original."""
    if index in to_mine:
        return to_mine[index]
    if index == 0:
        return 0
    before = to_mine.get(index - 1)
    return None if before is None else before + 1


def reads_as_text(text: str) -> bool:
    """True when PyYAML (YAML 1.1, the loader's) reads ``text`` unquoted as a string."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR)


def _plain_ok(text: str, flow: bool = False) -> bool:
    analysis = _ANALYSER.analyze_scalar(text)
    allowed = analysis.allow_flow_plain if flow else analysis.allow_block_plain
    return bool(text) and bool(allowed) and not analysis.multiline and reads_as_text(text)


def scalar(text: str, column: int = 0, key: str = "", fold: bool = False) -> Any:
    """``text`` as the value of ``key`` (which starts at ``column``): plain when it fits on the line
    and reads back as text, else in double quotes; folded (``>-``) at :data:`WIDTH` when it does not
    fit, or when ``fold``. Runs of white space become one space, as the loader reads them."""
    text = " ".join(text.split())
    if key in QUOTED or not text.isprintable():  # a block scalar cannot hold control characters
        return DoubleQuotedScalarString(text)
    plain = _plain_ok(text)
    length = column + len(key) + 2 + len(text) + (0 if plain else 2)
    if text and (fold or length > WIDTH):
        return folded(text, column + MAPPING_INDENT)
    # A scalar string, not a str: set in place of a folded or quoted value, ruamel would keep the
    # old style for a str.
    return PlainScalarString(text) if plain else DoubleQuotedScalarString(text)


def folded(text: str, indent: int) -> FoldedScalarString:
    """A ``>-`` scalar whose lines, indented by ``indent``, end before :data:`WIDTH` (greedy)."""
    value: FoldedScalarString = FoldedScalarString(text)
    value.fold_pos = fold_positions(text, WIDTH - indent)  # type: ignore[attr-defined]
    return value


def fold_positions(text: str, width: int) -> list[int]:
    """The spaces of ``text`` to break at so that each line holds at most ``width`` characters
    (a longer word gets a line of its own)."""
    positions: list[int] = []
    start, previous = 0, -1
    for match in re.finditer(" ", text):
        if match.start() - start > width and previous > start:
            positions.append(previous)
            start = previous + 1
        previous = match.start()
    if len(text) - start > width and previous > start:
        positions.append(previous)
    return positions


def flow_list(items: Iterable[str]) -> CommentedSeq:
    """``[a, b]``: each item plain when it can be, else in double quotes."""
    seq = CommentedSeq(
        " ".join(item.split()) if _plain_ok(" ".join(item.split()), flow=True)
        else DoubleQuotedScalarString(" ".join(item.split()))
        for item in items
    )  # fmt: skip
    seq.fa.set_flow_style()
    return seq


def key_text(key: str) -> str:
    """A mapping key, quoted when YAML 1.1 would read it as something else (``"on"``)."""
    return key if reads_as_text(key) else DoubleQuotedScalarString(key)


def node(value: Any, column: int = 0) -> Any:
    """Plain data (mappings, lists, strings, numbers, booleans) as ruamel values in the dataset's
    layout; ``column`` is where the keys of a mapping ``value`` start."""
    if isinstance(value, Mapping):
        result = CommentedMap()
        for key, child in value.items():
            result[key_text(key)] = _child(child, column, key)
        return result
    if isinstance(value, str):
        return scalar(value, column)
    return value


def _child(value: Any, column: int, key: str) -> Any:
    """The value of ``key``, whose key starts at ``column``."""
    if isinstance(value, Mapping):
        return node(value, column + MAPPING_INDENT)
    if isinstance(value, list | tuple):
        if key in FLOW_LISTS:
            return flow_list(value)
        return CommentedSeq(node(item, column + SEQUENCE_INDENT) for item in value)
    if isinstance(value, str):
        return scalar(value, column, key, fold=key in ALWAYS_FOLDED)
    return value


def put(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key`` in ``mapping``: in its place when it is there (its comments kept), else where
    ``order`` (the documented field order) puts it among the keys present."""
    if mapping.fa.flow_style():  # {a: b}: no block scalar may stand inside
        value = _unfolded(value)
    if key in mapping:
        gap = _comment_gap(mapping, key)
        mapping[key] = value
        width = _width(value)
        if gap is not None and width is not None:  # keep the end-of-line comment's distance
            mapping.ca.items[key][2].column = mapping.lc.value(key)[1] + width + gap
        return
    rank = order.index(key) if key in order else len(order)
    position = len(mapping)
    for index, present in enumerate(mapping):
        if present in order and order.index(present) > rank:
            position = index
            break
    mapping.insert(position, key_text(key), value)


def _unfolded(value: Any) -> Any:
    """``value`` with each folded scalar in it made a quoted one (for a flow collection)."""
    if isinstance(value, FoldedScalarString):
        return DoubleQuotedScalarString(str(value))
    if isinstance(value, CommentedMap):
        for key in list(value):
            value[key] = _unfolded(value[key])
    elif isinstance(value, CommentedSeq):
        for index, item in enumerate(value):
            value[index] = _unfolded(item)
    return value


def _comment_gap(mapping: CommentedMap, key: str) -> int | None:
    """The spaces between a one-line value and the comment after it on its line, if any."""
    comment = mapping.ca.items.get(key, [None] * 3)[2]
    width = _width(mapping[key])
    if comment is None or width is None or key not in mapping.lc.data:
        return None
    start: int = mapping.lc.value(key)[1]
    return max(1, int(comment.column) - (start + width))


def _width(value: Any) -> int | None:
    """How many columns a one-line scalar takes as written (None: not known, or several lines)."""
    if not isinstance(value, str | int) or isinstance(value, bool | FoldedScalarString):
        return None
    if isinstance(value, LiteralScalarString) or "\n" in str(value):
        return None
    quoted = isinstance(value, ScalarString) and not isinstance(value, PlainScalarString)
    return len(str(value)) + (2 if quoted else 0)


def block_list(items: Iterable[Any] = ()) -> CommentedSeq:
    """A list written one item per line (``- …``)."""
    return CommentedSeq(items)


def append(seq: CommentedSeq, item: Any) -> None:
    """Add ``item`` at the end of a list, turning an empty flow list (``links: []``) into a block."""
    if seq.fa.flow_style():
        seq.fa.set_block_style()
    seq.append(item)


def dumps_new(data: Mapping[str, Any]) -> str:
    """A new claim file from plain data (keys in the documented order), in the dataset's layout."""
    out = io.StringIO()
    _yaml((MAPPING_INDENT, SEQUENCE_INDENT, DASH_OFFSET), WIDTH).dump(node(data), out)
    return out.getvalue()


def replace_word(data: Any, old: str, new: str, keys: frozenset[str]) -> int:
    """Replace ``old`` by ``new`` where it stands as a whole word (not inside a longer id) in the
    texts under ``keys``, anywhere in ``data``, keeping each text's quoting and folds; return how
    many times."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    count = 0
    children: Iterable[tuple[Any, Any]] = ()
    if isinstance(data, CommentedMap):
        children = data.items()
    elif isinstance(data, CommentedSeq):
        children = ((None, item) for item in data)
    for position, (key, value) in enumerate(list(children)):
        if isinstance(value, str) and key in keys and pattern.search(value):
            replaced, found = _replace_text(value, pattern, new)
            data[key if isinstance(data, CommentedMap) else position] = replaced
            count += found
        elif isinstance(value, CommentedMap | CommentedSeq):
            count += replace_word(value, old, new, keys)
    return count


def _replace_text(value: str, pattern: re.Pattern[str], new: str) -> tuple[str, int]:
    """``value`` with every match replaced, as the same kind of scalar, folds moved along."""
    matches = list(pattern.finditer(value))
    text = pattern.sub(new, value)
    if not isinstance(value, ScalarString):
        return text, len(matches)
    result = type(value)(text)
    folds = getattr(value, "fold_pos", None)
    if folds is not None:
        shifted = []
        for fold in folds:
            before = sum(1 for m in matches if m.end() <= fold)
            shifted.append(fold + before * (len(new) - len(matches[0][0])))
        result.fold_pos = shifted
    return result, len(matches)
