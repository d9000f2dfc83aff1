"""Mutations of claim and people files (YAML) that know where keys and their values are.

A line scanner (:func:`key_lines`) finds ``key: value`` lines and the block each key owns (the
following lines indented deeper). Breakers give a value of the wrong type (``no``, an unquoted date,
``0x9``, ``3:00``), delete a required field, repeat or misspell a key, put an alias bomb or deep
nesting where text is expected, hide an invisible character in an id or a cite key, or add a second
document; each records what it broke. The others are noise (valid anchors, huge values, odd but
in-range numbers). Like :mod:`tests.fuzz.bibops`, the scanner is independent of claimref's reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from random import Random

from tests.fuzz.ops import INVISIBLE, Env, Mutated, Op, budget, bytes_of, line_at, text_of

_KEY = re.compile(
    r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<q>[\"']?)(?P<key>[A-Za-z_][\w-]*)(?P=q) *:(?=[ \r]|$)",
    re.M,
)
_CR_ALONE = re.compile(r"\r(?!\n)")
_ANY = ("no", "yes", "2024-01-02", "~", "[]", "{}")
#: Values each key must not accept (the loader must report them): wrong types, unknown choices,
#: numbers out of range.
WRONG = {
    "id": (*_ANY, "0x3", "3:00", "123"),
    "statement": (*_ANY, "1945", "3:00", "[a, b]"),
    "stance": (*_ANY, "on", "true", "3", "0x3", "3:00", "supportz", "support"),
    "status": (*_ANY, "off", "0b11", "probabl", "unknown"),
    "credibility": (
        "0x9",
        "3:00",
        "0b111",
        "07",
        "7",
        "0",
        "-1",
        "no",
        "1.5",
        "2024-01-01",
        "[3]",
        "six",
        "0o7",
        "~",
    ),
    "source": (*_ANY, "0x3", "1980"),
    "verified": ("yes", "true", "on", "2024-01-02", "[]", "{}", "3"),
    "on": ("2024-01-02", "no", "3:00", "[]", "~"),
    "by": ("no", "~", "[]", "2024-01-02"),
    "date": ("2024-01-02", "no", "[]", "{}", "3:00", '"2024-13-45"', '"yesterday"'),
    "lang": ("no", "yes", "~", "[]"),
    "label": ("no", "[]", "pagez"),
    "text": ("no", "~", "[]"),
    "note": _ANY,
    "tags": ("no", "[no]", "[yes, on]", "2024-01-02", "{a: b}", "[[a]]", "[2024-01-02]"),
    "people": ("no", "[no]", "{a: b}", "[[a]]"),
    "places": ("no", "[3:00]", "{a: b}"),
    "reliability": ("no", "[]", "disputed"),
    "links": ("no", "{}", "~", "samson1980"),
    "locator": ("no", "[]"),
    "quote": ("no", "[]"),
    "accept": ("no", "{}"),
    "names": ("no", "[]", "[a, b]", "{}", "~"),
}
#: Names in a person's ``names`` (any language key) must be a list of strings.
WRONG_NAMES = ("no", "yes", "2024-01-02", "{a: b}", "[no]", "[[a]]", "~")
#: Odd values that may be valid: numbers in other bases, sexagesimal, signs (tracebacks only).
ODD = {
    "credibility": ("0x3", "0b11", "0:03", "03", "+3", "3.0", "0o3", "3"),
    "value": ("0x10", "3:00", "1_000", "12", "-0", ".inf", "0b1"),
    "date": ("1944", "0x7E0", "2024-1-2"),
}
#: Fields a claim or person cannot do without (key, only at the top level).
REQUIRED = {
    ("id", True),
    ("statement", True),
    ("reliability", True),
    ("links", True),
    ("names", True),
    ("status", False),
    ("source", False),
    ("stance", False),
    ("text", False),
    ("by", False),
    ("on", False),
    ("rule", False),
    ("reason", False),
}
SCHEMA_KEYS = frozenset(
    [*WRONG, "translation", "value", "rule", "reason", "credibility", "label", "by", "on"]
)
_FILLERS = ("lorem ipsum dolor ", "Партизанское движение ", "Rīga Рига 中 😀 ", "a: b # c - [d] ")


@dataclass(frozen=True)
class KeyLine:
    """A ``key: value`` line: the key, where the line starts, the key's column, where its value
    starts (after the colon) and ends (end of line), the end of the key's block, and whether a
    ``-`` precedes the key on its line."""

    key: str
    start: int
    col: int
    value: int
    end: int
    block_end: int
    dash: bool


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_end(text: str, end: int, col: int, opens_list: bool) -> int:
    """Start of the first non-blank line after ``end`` indented no deeper than ``col``."""
    pos = end + 1
    while pos < len(text):
        nxt = text.find("\n", pos)
        nxt = len(text) if nxt < 0 else nxt
        line = text[pos:nxt]
        if line.strip():
            deeper = _indent(line) > col or (opens_list and line.lstrip(" ").startswith("-"))
            if not deeper:
                return pos
        pos = nxt + 1
    return len(text)


def key_lines(text: str) -> list[KeyLine]:
    """Every ``key: value`` line of ``text`` (not the lines of a multi-line scalar); none when the
    text has old-Mac line endings (CR alone), which this scanner does not follow."""
    found: list[KeyLine] = []
    if _CR_ALONE.search(text):
        return found
    scalar_end = -1
    for match in _KEY.finditer(text):
        if match.start() < scalar_end:
            continue
        col = len(match.group("indent")) + len(match.group("dash"))
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        opens_list = not text[match.end() : end].strip()
        block = _block_end(text, end, col, opens_list and _indent(text[match.start() :]) == col)
        found.append(
            KeyLine(
                match.group("key"),
                match.start(),
                col,
                match.end(),
                end,
                block,
                bool(match.group("dash")),
            )
        )
        value = text[match.end() : end].strip()
        if value and not value.startswith(("#", "&")):
            scalar_end = block
    return found


def _names_block(lines: list[KeyLine]) -> KeyLine | None:
    return next((kl for kl in lines if kl.key == "names" and kl.col == 0), None)


def _replace(text: str, kl: KeyLine, value: str) -> str:
    """The key's value (and its block) replaced by ``value``."""
    rest = text[kl.block_end :] if kl.block_end < len(text) else ""
    return text[: kl.value] + " " + value + "\n" + rest


def wrong_value(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A value of the wrong type, an unknown choice or a number out of range."""
    text = text_of(data)
    lines = key_lines(text)
    names = _names_block(lines)
    choices = [(kl, WRONG[kl.key]) for kl in lines if kl.key in WRONG]
    if names is not None:
        inside = [kl for kl in lines if names.start < kl.start < names.block_end]
        choices += [(kl, WRONG_NAMES) for kl in inside]
    if not choices:
        return None
    kl, values = rng.choice(choices)
    value = rng.choice(values)
    broke = f"'{kl.key}: {value}' on line {line_at(text, kl.start)}"
    return Mutated(bytes_of(_replace(text, kl, value)), broke)


def odd_value(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A number in another base, sexagesimal or signed, where a number may go (may be valid);
    adds a credibility grade to a claim that has none."""
    text = text_of(data)
    lines = [kl for kl in key_lines(text) if kl.key in ODD]
    if not lines:
        top = next((kl for kl in key_lines(text) if kl.key == "reliability" and kl.col == 0), None)
        if top is None:
            return None
        value = rng.choice(ODD["credibility"])
        return Mutated(
            bytes_of(text[: top.end + 1] + f"  credibility: {value}\n" + text[top.end + 1 :])
        )
    kl = rng.choice(lines)
    return Mutated(bytes_of(_replace(text, kl, rng.choice(ODD[kl.key]))))


def drop_required(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Delete a required field with its block."""
    text = text_of(data)
    lines = [
        kl
        for kl in key_lines(text)
        if (kl.key, kl.col == 0) in REQUIRED or (kl.key, False) in REQUIRED
    ]
    if not lines:
        return None
    kl = rng.choice(lines)
    broke = f"required field '{kl.key}' on line {line_at(text, kl.start)} deleted"
    if kl.dash:  # keep the item: "- source: x" → "-"
        head = text[kl.start : kl.value].rsplit("-", 1)[0] + "-"
        return Mutated(bytes_of(text[: kl.start] + head + "\n" + text[kl.block_end :]), broke)
    return Mutated(bytes_of(text[: kl.start] + text[kl.block_end :]), broke)


def repeat_key(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Give a key twice in its mapping (a person's language too)."""
    text = text_of(data)
    lines = key_lines(text)
    if not lines:
        return None
    kl = rng.choice(lines)
    block = text[kl.start : kl.block_end]
    if kl.dash:
        block = f"{' ' * kl.col}{kl.key}:{text[kl.value : kl.block_end]}"
    if not block.endswith("\n"):
        block += "\n"
    at = kl.block_end if kl.block_end < len(text) else len(text)
    head = text[:at] if text[:at].endswith("\n") else text[:at] + "\n"
    broke = f"key '{kl.key}' on line {line_at(text, kl.start)} given twice"
    return Mutated(bytes_of(head + block + text[at:]), broke)


def misspell_key(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Misspell a key of the schema (an unknown field)."""
    text = text_of(data)
    lines = [kl for kl in key_lines(text) if kl.key in SCHEMA_KEYS]
    if not lines:
        return None
    kl = rng.choice(lines)
    at = kl.value - 1 - (len(text[: kl.value - 1]) - len(text[: kl.value - 1].rstrip(" \"'")))
    broke = f"key '{kl.key}' on line {line_at(text, kl.start)} misspelt"
    return Mutated(bytes_of(text[:at] + rng.choice("xqz") + text[at:]), broke)


def _where_text_goes(text: str) -> KeyLine | None:
    lines = key_lines(text)
    return next((kl for kl in lines if kl.key in ("tags", "note") and kl.col == 0), None)


def _put_top_level(text: str, key: str, value: str) -> str:
    """``key: value`` replacing the top-level ``key`` (or ``tags``/``note``), else appended."""
    lines = key_lines(text)
    kl = next((k for k in lines if k.key == key and k.col == 0), None) or _where_text_goes(text)
    if kl is None:
        return text + ("" if text.endswith("\n") else "\n") + f"{key}: {value}\n"
    return _replace(text, kl, value)


def alias_bomb(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Nested aliases where a list of text goes: up to nine levels of nine (billions of nodes), as a
    list, or as a mapping (which an error message may print in full)."""
    levels, width = rng.choice([(3, 3), (5, 5), (9, 9), (12, 4), (30, 2)])
    parts = ["&a0 [" + ", ".join(["lol"] * width) + "]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    as_map = rng.random() < 0.5
    bomb = (
        f"{{defs: [{', '.join(parts)}], use: *a{levels - 1}}}"
        if as_map
        else f"[{', '.join(parts)}]"
    )
    key = "tags" if env.kind == "claim" else "note"
    if env.kind == "people" and as_map:
        key, bomb = "names", f"{{lv: {bomb}}}"
    shape = "mapping" if as_map else "list"
    broke = f"alias bomb ({shape}, {levels} levels of {width}) as '{key}'"
    return Mutated(bytes_of(_put_top_level(text_of(data), key, bomb)), broke)


def deep_nest(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Lists or mappings nested 10 to 100,000 deep where a list of text goes."""
    text = text_of(data)
    depth = min(rng.choice([10, 100, 1000, 10_000, 100_000]), budget(len(data)) // 5)
    if depth < 2:
        return None
    flow = (
        "[" * depth + "x" + "]" * depth
        if rng.random() < 0.6
        else "{a: " * depth + "x" + "}" * depth
    )
    key = "tags" if env.kind == "claim" else "note"
    return Mutated(bytes_of(_put_top_level(text, key, flow)), f"'{key}' nested {depth} deep")


def invisible_in_id(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """An invisible or bidi-control character in the id, or in a link's cite key."""
    text = text_of(data)
    lines = [kl for kl in key_lines(text) if kl.key in ("id", "source")]
    lines = [kl for kl in lines if text[kl.value : kl.end].strip()]
    if not lines:
        return None
    kl = rng.choice(lines)
    value = text[kl.value : kl.end]
    at = kl.value + len(value) - len(value.lstrip()) + rng.randint(1, len(value.strip()))
    char = rng.choice(INVISIBLE)
    broke = f"U+{ord(char):04X} in '{kl.key}' on line {line_at(text, kl.start)}"
    return Mutated(bytes_of(text[:at] + char + text[at:]), broke)


def second_document(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A second YAML document after ``---``."""
    text = text_of(data)
    if len(data) * 2 > budget(0):
        return None
    head = text if text.endswith("\n") else text + "\n"
    return Mutated(bytes_of(head + "---\n" + text), "a second YAML document")


def valid_anchor(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """An anchor on a list and an alias reusing it (valid YAML; may be refused)."""
    text = text_of(data)
    lines = [
        kl for kl in key_lines(text) if kl.key in ("people", "tags", "places", "lv", "ru", "en")
    ]
    flow = [kl for kl in lines if text[kl.value : kl.end].strip().startswith("[")]
    if not flow:
        return None
    kl = rng.choice(flow)
    anchored = text[: kl.value] + " &fz" + text[kl.value :]
    return Mutated(bytes_of(anchored.rstrip("\n") + "\n" + _alias_line(kl) + "\n"))


def _alias_line(kl: KeyLine) -> str:
    return "tags: *fz" if kl.col == 0 else f"{' ' * kl.col}xx: *fz"


def huge_value(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A statement, note or quote up to 1 MB long, in one of several scripts."""
    text = text_of(data)
    lines = [kl for kl in key_lines(text) if kl.key in ("statement", "note", "text")]
    if not lines:
        return None
    room = budget(len(data)) - 8
    size = min(rng.choice([1000, 10_000, 100_000, room]), room) // 4
    filler = rng.choice(_FILLERS)
    value = '"' + (filler * (size // len(filler) + 1))[:size].strip() + '"'
    return Mutated(bytes_of(_replace(text, rng.choice(lines), value)))


def tab_indent(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Indent a line with a tab instead of spaces (usually invalid)."""
    text = text_of(data)
    starts = [m.start() for m in re.finditer(r"^ +\S", text, re.M)]
    if not starts:
        return None
    at = rng.choice(starts)
    width = len(text[at:]) - len(text[at:].lstrip(" "))
    return Mutated(bytes_of(text[:at] + "\t" + text[at + width :]))


#: Mutations that break one thing the loader must report: (name, mutation).
BREAKERS: tuple[tuple[str, Op], ...] = (
    ("yaml.wrong-value", wrong_value),
    ("yaml.drop-required", drop_required),
    ("yaml.repeat-key", repeat_key),
    ("yaml.misspell-key", misspell_key),
    ("yaml.alias-bomb", alias_bomb),
    ("yaml.deep-nest", deep_nest),
    ("yaml.invisible-in-id", invisible_in_id),
    ("yaml.second-document", second_document),
)
#: Mutations that may leave the file valid.
NOISE: tuple[tuple[str, Op], ...] = (
    ("yaml.odd-value", odd_value),
    ("yaml.valid-anchor", valid_anchor),
    ("yaml.huge-value", huge_value),
    ("yaml.tab-indent", tab_indent),
)
