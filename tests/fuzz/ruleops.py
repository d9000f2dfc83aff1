"""Breakers aimed at ``claimref check``'s rules rather than at the parsers.

The file stays well-formed; what breaks is a value a rule must report: an ISBN with a bad check
digit, a DOI that is not one, an unknown language, a date that is not a date, an empty field, a
missing title (BibTeX); no links, a disputed claim without a note, a backwards page range, an
unknown quote language, an acceptance that accepts nothing (claims); a name list under something
that is not a language (people). Each records the rule it expects, for the report.
"""

from __future__ import annotations

from random import Random

from tests.fuzz.bibops import _pick_entry
from tests.fuzz.bibscan import Entry, fields
from tests.fuzz.ops import Env, Mutated, Op, bytes_of, text_of
from tests.fuzz.yamlops import KeyLine, _replace, key_lines

#: Field → values its rule must refuse, and the rule.
BAD_VALUES = {
    "isbn": (("123", "978-9984-643-78-7", "ISBN X", "99999999999"), "isbn-invalid"),
    "doi": (("not a doi", "doi:xyz", "11.1234/x"), "doi-syntax"),
    "langid": (("klingonish", "xx-notalanguage"), "language-unknown"),
    "date": (("2024-13-45", "yesterday", "19444"), "date-invalid"),
}
#: Entry types whose title biblatex requires (entries with crossref may inherit it: not chosen).
_NEEDS_TITLE = frozenset(["book", "article", "incollection", "online", "report", "thesis", "misc"])


def _value_at(text: str, entry: Entry, name: str) -> tuple[int, int] | None:
    for field in fields(text, entry):
        if field.name.lower() == name:
            return field.value
    return None


def _accepts(text: str, entry: Entry) -> bool:
    """True when the entry cannot be aimed at: unreadable to the scanner, or accepting findings
    (``x-accept``), which may be the very finding the breaker causes."""
    found = fields(text, entry)
    return not found or any(f.name.lower() == "x-accept" for f in found)


def bad_value(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """An ISBN, DOI, language or date its rule must refuse (added when the entry has none)."""
    text = text_of(data)
    entry = _pick_entry(rng, text)
    if entry is None or entry.key[0] == entry.key[1] or _accepts(text, entry):
        return None
    name = rng.choice(sorted(BAD_VALUES))
    values, rule = BAD_VALUES[name]
    value = rng.choice(values)
    span = _value_at(text, entry, name)
    if span is None:
        at = entry.key[1] + 1
        out = f"{text[:at]}\n  {name} = {{{value}}},{text[at:]}"
    else:
        out = f"{text[: span[0]]}{{{value}}}{text[span[1] :]}"
    key = text[entry.key[0] : entry.key[1]]
    return Mutated(bytes_of(out), f"{name} = {{{value}}} in '{key}' ({rule})")


def empty_value(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A field set to ``{}`` (empty-value), or the title of an entry deleted (required-fields)."""
    text = text_of(data)
    entry = _pick_entry(rng, text)
    found = fields(text, entry) if entry is not None else []
    if entry is None or not found or _accepts(text, entry):
        return None
    names = {f.name.lower() for f in found}
    key = text[entry.key[0] : entry.key[1]]
    title = next((f for f in found if f.name.lower() == "title"), None)
    needed = entry.kind in _NEEDS_TITLE and not names & {"crossref", "xdata"}
    if title and title.comma > 0 and needed and rng.random() < 0.5:
        out = text[: title.start] + text[title.comma + 1 :]
        return Mutated(bytes_of(out), f"title of @{entry.kind} '{key}' deleted (required-fields)")
    field = rng.choice([f for f in found if not f.name.lower().startswith("x-")] or found)
    out = text[: field.value[0]] + "{}" + text[field.value[1] :]
    return Mutated(bytes_of(out), f"'{field.name}' of '{key}' emptied (empty-value)")


def _first(lines: list[KeyLine], key: str, col: int | None = None) -> KeyLine | None:
    return next((k for k in lines if k.key == key and (col is None or k.col == col)), None)


def _accepted(text: str, rule: str) -> bool:
    """True when the claim accepts ``rule`` (then its finding is rightly not reported)."""
    return f"rule: {rule}" in text


def no_links(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """``links: []`` (no-link)."""
    text = text_of(data)
    if _accepted(text, "no-link"):
        return None
    links = _first(key_lines(text), "links", 0)
    return Mutated(bytes_of(_replace(text, links, "[]")), "links: [] (no-link)") if links else None


def disputed_without_note(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A disputed or doubtful claim whose reliability note is gone (status-without-note)."""
    text = text_of(data)
    lines = key_lines(text)
    status = _first(lines, "status")
    if status is None or _accepted(text, "status-without-note"):
        return None
    value = rng.choice(["disputed", "doubtful"])
    note = next((k for k in lines if k.key == "note" and k.col == status.col), None)
    if note is not None:
        text = text[: note.start] + text[note.block_end :]
    out = _replace(text, _first(key_lines(text), "status") or status, value)
    return Mutated(bytes_of(out), f"status {value} without a note (status-without-note)")


def odd_link_field(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A backwards page range as locator (locator-format), or an unknown quote language
    (quote-lang)."""
    text = text_of(data)
    lines = key_lines(text)
    choices = [
        (k, "{label: page, value: 119-96}", "locator-format") for k in lines if k.key == "locator"
    ]
    choices += [(k, "klingonish", "quote-lang") for k in lines if k.key == "lang"]
    choices = [c for c in choices if not _accepted(text, c[2])]
    if not choices:
        return None
    line, value, rule = rng.choice(choices)
    return Mutated(bytes_of(_replace(text, line, value)), f"{line.key}: {value} ({rule})")


def accepts_nothing(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """An acceptance of a rule that finds nothing in the claim (accept-unused)."""
    text = text_of(data)
    if _first(key_lines(text), "accept", 0) or not key_lines(text):
        return None
    head = text if text.endswith("\n") else text + "\n"
    block = "accept:\n  - rule: isbn-invalid\n    reason: no ISBN here to accept\n"
    return Mutated(bytes_of(head + block), "accept of a rule that finds nothing (accept-unused)")


def not_a_language(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A person's names under something that is not a language code."""
    text = text_of(data)
    lines = key_lines(text)
    names = _first(lines, "names", 0)
    inside = [k for k in lines if names and names.start < k.start < names.block_end]
    if not inside:
        return None
    line = rng.choice(inside)
    bogus = rng.choice(["latvian-ish", "xx-bogus", "L1", "english"])
    end = line.value - 1
    start = end - len(line.key)
    out = text[:start] + bogus + text[end:]
    return Mutated(bytes_of(out), f"names under '{bogus}', not a language code")


BIB_BREAKERS: tuple[tuple[str, Op], ...] = (
    ("rule.bad-value", bad_value),
    ("rule.empty-value", empty_value),
)
CLAIM_BREAKERS: tuple[tuple[str, Op], ...] = (
    ("rule.no-links", no_links),
    ("rule.disputed-without-note", disputed_without_note),
    ("rule.odd-link-field", odd_link_field),
    ("rule.accepts-nothing", accepts_nothing),
)
PEOPLE_BREAKERS: tuple[tuple[str, Op], ...] = (("rule.not-a-language", not_a_language),)
