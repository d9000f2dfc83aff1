"""Mutations of import files: CSL-JSON and RIS (BibTeX imports use :mod:`tests.fuzz.bibops`).

CSL-JSON: items given a workspace key's twin as id (the import must not take it), fields of the
wrong type, deep nesting, huge strings; whether the result is still JSON is decided afterwards by
:func:`json_broke`, which parses it. RIS: a record without ``ER``, a file cut inside a record, lines
outside any record, tags with no BibLaTeX field, an ``ID`` twin of a workspace key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from random import Random
from typing import Any

from tests.fuzz.bibops import INVISIBLE_NOTE, _variant
from tests.fuzz.ops import MAX_BYTES, Env, Mutated, Op, budget, bytes_of, line_at, text_of

_ODD_VALUES: tuple[Any, ...] = (
    "no",
    3,
    -1,
    1e308,
    [],
    {},
    None,
    True,
    [[[]]],
    {"date-parts": [["x"]]},
    {"date-parts": "1999"},
    {"date-parts": [[]]},
    {"date-parts": [[1999, 13, 45]]},
    {"raw": "1999/"},
    [{"family": 3}],
    [{"literal": None}],
    [None],
    "\u202e",
    "a" * 300,
)
_FIELDS = (
    "title",
    "author",
    "issued",
    "type",
    "id",
    "page",
    "language",
    "container-title",
    "editor",
    "accessed",
    "volume",
    "ISBN",
    "DOI",
    "URL",
    "note",
    "custom",
)
_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
#: Tags with no meaning in RIS or BibLaTeX: kept as private fields, with a warning.
UNKNOWN_TAGS = ("ZZ", "QQ", "XY", "Z1")


def json_broke(data: bytes) -> str:
    """Why ``data`` is not a strict JSON text (UTF-8, a UTF-8 BOM allowed), else ''."""
    try:
        json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 (byte {exc.start})"
    except json.JSONDecodeError as exc:
        return f"not JSON: {exc.msg} (line {exc.lineno})"
    except RecursionError:
        return ""  # deep but valid
    return ""


def _items(data: bytes) -> list[Any] | None:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    items = parsed if isinstance(parsed, list) else [parsed]
    return items if any(isinstance(i, dict) for i in items) else None


def _dumped(rng: Random, items: list[Any]) -> bytes | None:
    out = json.dumps(items, ensure_ascii=rng.random() < 0.3, indent=rng.choice([None, 2])).encode()
    return out if len(out) <= MAX_BYTES else None


def _twin_broke(what: str, twin: str, how: str) -> str:
    """What a twin id broke: a key colliding with the workspace's must be reported; an id with an
    invisible character is not a usable key, so the import makes one up (nothing to report)."""
    if how.startswith(INVISIBLE_NOTE):
        return ""
    return f"imported {what} '{twin}' is a workspace key ({how})"


def json_twin(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """An item whose id is a workspace key, differing only in case or an invisible character."""
    items = _items(data)
    if items is None or not env.keys:
        return None
    item = rng.choice([i for i in items if isinstance(i, dict)])
    twin, how = _variant(rng, rng.choice(env.keys))
    if item.get("id") == twin:
        return None
    item["id"] = twin
    out = _dumped(rng, items)
    return Mutated(out, _twin_broke("id", twin, how)) if out else None


def json_nul(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A ``\\u0000`` escape in a string of an item: valid JSON, but a NUL no bibliography may hold
    (an import that would append it must refuse: the ``bad-write`` class checks that)."""
    items = _items(data)
    if items is None:
        return None
    item = rng.choice([i for i in items if isinstance(i, dict)])
    texts = [k for k, v in item.items() if isinstance(v, str) and v and k != "id"]
    if not texts:
        return None
    name = rng.choice(texts)
    at = rng.randint(0, len(item[name]))
    item[name] = item[name][:at] + "\0" + item[name][at:]
    out = _dumped(rng, items)
    return Mutated(out) if out else None


def json_odd_value(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A field of an item set to a value of another type (may be accepted)."""
    items = _items(data)
    if items is None:
        return None
    item = rng.choice([i for i in items if isinstance(i, dict)])
    item[rng.choice(_FIELDS)] = rng.choice(_ODD_VALUES)
    out = _dumped(rng, items)
    return Mutated(out) if out else None


def json_deep(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A field nested 100 to 100,000 lists or objects deep (valid JSON)."""
    items = _items(data)
    if items is None:
        return None
    depth = min(rng.choice([100, 1000, 10_000, 100_000]), budget(len(data)) // 8)
    opening, closing = ("[", "]") if rng.random() < 0.5 else ('{"a": ', "}")
    marker = "fz-deep-marker"
    item = rng.choice([i for i in items if isinstance(i, dict)])
    item[rng.choice(_FIELDS)] = marker
    out = _dumped(rng, items)
    if out is None:
        return None
    nested = opening * depth + "1" + closing * depth
    return Mutated(out.replace(f'"{marker}"'.encode(), nested.encode(), 1))


def json_huge(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A title (or another field) up to 1 MB long."""
    items = _items(data)
    if items is None:
        return None
    item = rng.choice([i for i in items if isinstance(i, dict)])
    size = min(rng.choice([1000, 100_000, budget(len(data))]), budget(len(data))) // 4
    item[rng.choice(["title", "title", "note", "container-title"])] = ("Рига ā 中 " * size)[:size]
    out = _dumped(rng, items)
    return Mutated(out) if out else None


@dataclass(frozen=True)
class Record:
    """A RIS record: where its ``TY`` line starts and its ``ER`` line starts (-1: none)."""

    start: int
    end: int


def records(text: str) -> list[Record]:
    """The records of a RIS text, by the position of their ``TY`` and ``ER`` lines."""
    found, start, pos = [], -1, 0
    for line in text.splitlines(keepends=True):
        match = _RIS_LINE.match(line.rstrip("\r\n").rstrip())
        tag = match.group(1) if match else ""
        if tag == "TY":
            if start >= 0:
                found.append(Record(start, -1))
            start = pos
        elif tag == "ER" and start >= 0:
            found.append(Record(start, pos))
            start = -1
        pos += len(line)
    return found + ([Record(start, -1)] if start >= 0 else [])


def _complete(text: str) -> list[Record]:
    return [r for r in records(text) if r.end > r.start]


def ris_drop_er(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Delete the ``ER`` line of a record."""
    text = text_of(data)
    found = _complete(text)
    if not found:
        return None
    record = rng.choice(found)
    line_end = text.find("\n", record.end)
    rest = text[line_end + 1 :] if line_end >= 0 else ""
    broke = f"'ER' line of the record on line {line_at(text, record.start)} deleted"
    return Mutated(bytes_of(text[: record.end] + rest), broke)


def ris_cut_record(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Cut the file inside a record, before its ``ER`` line."""
    text = text_of(data)
    found = _complete(text)
    if not found:
        return None
    record = rng.choice(found)
    first_end = text.find("\n", record.start)
    if first_end < 0 or first_end >= record.end:
        return None
    cut = rng.randint(first_end, record.end)
    return Mutated(
        bytes_of(text[:cut]), f"cut inside the record on line {line_at(text, record.start)}"
    )


def ris_stray_line(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A line outside any record: text that is not RIS, or a tag before ``TY``."""
    text = text_of(data)
    gaps = [0] + [
        text.find("\n", r.end) + 1 for r in _complete(text) if text.find("\n", r.end) >= 0
    ]
    at = rng.choice(gaps)
    line = rng.choice(["garbage outside a record", "AU  - Stray, Author", "PY  - 1999", "TY BOOK"])
    broke = f"line {line!r} outside any record, on line {line_at(text, at)}"
    return Mutated(bytes_of(text[:at] + line + "\n" + text[at:]), broke)


def _insert_in_record(rng: Random, text: str, line: str) -> tuple[str, int] | None:
    found = _complete(text)
    if not found:
        return None
    record = rng.choice(found)
    at = text.find("\n", record.start) + 1
    return text[:at] + line + "\n" + text[at:], at


def ris_unknown_tag(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A tag with no BibLaTeX field (kept, with a warning)."""
    tag = rng.choice(UNKNOWN_TAGS)
    done = _insert_in_record(rng, text_of(data), f"{tag}  - unknown tag value")
    if done is None:
        return None
    return Mutated(bytes_of(done[0]), f"unknown tag {tag} on line {line_at(done[0], done[1])}")


def ris_twin(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """An ``ID`` that is a workspace key, differing only in case or an invisible character."""
    if not env.keys:
        return None
    twin, how = _variant(rng, rng.choice(env.keys))
    done = _insert_in_record(rng, text_of(data), f"ID  - {twin}")
    if done is None:
        return None
    return Mutated(bytes_of(done[0]), _twin_broke("ID", twin, how))


def ris_odd_value(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """An odd value for a tag: dates, pages, types, names (may be accepted)."""
    value = rng.choice(
        [
            "PY  - ////",
            "PY  - 99999/99/99/",
            "DA  - 2024/13/45",
            "SP  - -",
            "EP  - 10--5",
            "TY  - NOSUCHTYPE",
            "AU  - ,",
            "AU  - , , ,",
            "SN  - X",
            "LA  - no",
            "TI  - ",
            "T2  - \u202e",
            "UR  - javascript:alert(1)",
            "ID  - ",
            "ID  - a b {c}",
            "KW  - " + "k" * 500,
        ]
    )
    done = _insert_in_record(rng, text_of(data), value)
    return Mutated(bytes_of(done[0])) if done else None


def ris_huge(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A title up to 1 MB long."""
    size = min(rng.choice([1000, 100_000, budget(len(data))]), budget(len(data))) // 4
    done = _insert_in_record(rng, text_of(data), "TI  - " + ("Рига ā 中 " * size)[:size])
    return Mutated(bytes_of(done[0])) if done else None


JSON_BREAKERS: tuple[tuple[str, Op], ...] = (("json.twin", json_twin),)
JSON_NOISE: tuple[tuple[str, Op], ...] = (
    ("json.nul", json_nul),
    ("json.odd-value", json_odd_value),
    ("json.deep", json_deep),
    ("json.huge", json_huge),
)
RIS_BREAKERS: tuple[tuple[str, Op], ...] = (
    ("ris.drop-er", ris_drop_er),
    ("ris.cut-record", ris_cut_record),
    ("ris.stray-line", ris_stray_line),
    ("ris.unknown-tag", ris_unknown_tag),
    ("ris.twin", ris_twin),
)
RIS_NOISE: tuple[tuple[str, Op], ...] = (
    ("ris.odd-value", ris_odd_value),
    ("ris.huge", ris_huge),
)
