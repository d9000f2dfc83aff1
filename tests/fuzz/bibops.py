"""Mutations of BibTeX files that know where entries, keys and fields are.

With :mod:`tests.fuzz.bibscan`'s entries and fields, breakers break one thing on purpose (the ``@``,
a brace, a comma, a key, a macro) and record what they broke (the loader must report it); the
others (deep nesting, huge fields, odd LaTeX, dropped fields) may leave the file valid, or test time
and memory.
"""

from __future__ import annotations

import re
import unicodedata
from random import Random

from tests.fuzz.bibscan import SPECIAL, Entry, Field, entries, fields
from tests.fuzz.ops import INVISIBLE, Env, Mutated, Op, budget, bytes_of, line_at, text_of

MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
)
#: How :func:`_variant` names a key with an invisible character (CSL-JSON and RIS ids with one are
#: replaced by a made-up key on import, which is not a twin).
INVISIBLE_NOTE = "with"
#: Text for huge fields: plain, Cyrillic, LaTeX-heavy, mixed scripts.
FILLERS = (
    "lorem ipsum dolor ",
    "Партизанское движение в Латвии ",
    r"\"a\v{s}\c{c}{\ss} ",
    "Rīga Рига 中 😀 ",
    "--- ~ \\& \\% $x^2$ ",
)


def _pick_entry(rng: Random, text: str, closed: bool = True) -> Entry | None:
    usable = [e for e in entries(text) if e.kind not in SPECIAL and (e.close > 0 or not closed)]
    return rng.choice(usable) if usable else None


def _pick_field(rng: Random, text: str) -> tuple[Entry, list[Field], int] | None:
    usable = [(e, fs) for e in entries(text) if (fs := fields(text, e))]
    if not usable:
        return None
    entry, found = rng.choice(usable)
    return entry, found, rng.randrange(len(found))


def _key(text: str, entry: Entry) -> str:
    return text[entry.key[0] : entry.key[1]]


def remove_at(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """``@book{x,`` → ``book{x,``: the entry must not vanish without a word."""
    text = text_of(data)
    entry = _pick_entry(rng, text, closed=False)
    if entry is None:
        return None
    broke = f"removed the '@' of entry '{_key(text, entry)}' on line {line_at(text, entry.at)}"
    return Mutated(bytes_of(text[: entry.at] + text[entry.at + 1 :]), broke)


def drop_brace(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Delete the closing brace of an entry, or any brace inside it."""
    text = text_of(data)
    entry = _pick_entry(rng, text)
    if entry is None:
        return None
    inside = [i for i in range(entry.open, entry.close + 1) if text[i] in "{}"]
    at = entry.close if rng.random() < 0.4 else rng.choice(inside)
    what = "closing brace" if at == entry.close else f"'{text[at]}' on line {line_at(text, at)}"
    broke = f"deleted the {what} of entry '{_key(text, entry)}'"
    if _harmless_opening(text, entry, at):
        broke = ""
    return Mutated(bytes_of(text[:at] + text[at + 1 :]), broke)


def _harmless_opening(text: str, entry: Entry, at: int) -> bool:
    """True when deleting the brace at ``at`` loses nothing: it opens the value of the entry's last
    field, a number or month (``{2006}`` → ``2006}``: the entry ends there, as it would have)."""
    found = fields(text, entry)
    if not found or found[-1].value[0] != at:
        return False
    inner = text[at + 1 : found[-1].value[1] - 1].strip().lower()
    return inner.isdigit() or inner in MONTHS


def undefined_macro(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A braced value replaced by a bare word no ``@string`` defines."""
    text = text_of(data)
    picked = _pick_field(rng, text)
    if picked is None:
        return None
    entry, found, n = picked
    start, end = found[n].value
    name = f"fzundefined{rng.randrange(10**6)}"
    broke = f"undefined macro in '{_key(text, entry)}.{found[n].name}'"
    return Mutated(bytes_of(text[:start] + name + text[end:]), broke)


def drop_comma(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Remove the comma between two fields, so the first swallows the second."""
    text = text_of(data)
    picked = _pick_field(rng, text)
    if picked is None or picked[2] + 1 >= len(picked[1]):
        return None
    entry, found, n = picked
    comma = found[n].comma
    broke = f"removed the comma between '{found[n].name}' and '{found[n + 1].name}' of " + _key(
        text, entry
    )
    return Mutated(bytes_of(text[:comma] + text[comma + 1 :]), broke)


def duplicate_field(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Give a field twice (also with its name in another case)."""
    text = text_of(data)
    picked = _pick_field(rng, text)
    if picked is None or picked[1][picked[2]].comma < 0:
        return None
    entry, found, n = picked
    field = found[n]
    copy = text[field.start : field.comma + 1]
    if rng.random() < 0.3:
        copy = field.name.upper() + copy[len(field.name) :]
    broke = f"field '{field.name}' of '{_key(text, entry)}' given twice"
    at = field.comma + 1
    return Mutated(bytes_of(text[:at] + "\n  " + copy + text[at:]), broke)


def _variant(rng: Random, key: str) -> tuple[str, str]:
    """A key that must be told apart from ``key``, and how it differs."""
    how = rng.choice(["same", "case", "invisible"])
    if how == "case":
        return (key.upper() if key != key.upper() else key.lower()), "differing only in case"
    if how == "invisible":
        at = rng.randint(1, max(1, len(key) - 1))
        char = rng.choice(INVISIBLE)
        return key[:at] + char + key[at:], f"{INVISIBLE_NOTE} U+{ord(char):04X} inside"
    return key, "the same key"


def _retitled(entry_text: str) -> str:
    """The entry with another title, so that it is not the same work (no duplicate-work warning)."""
    match = re.search(r"(\btitle\s*=\s*\{)", entry_text, re.I)
    if match is None:
        return entry_text
    return entry_text[: match.end()] + "Another work: " + entry_text[match.end() :]


def duplicate_entry(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Append a copy of an entry whose key is the same, differs in case, has an invisible character,
    or is the other Unicode normalisation form of the (renamed) original."""
    text = text_of(data)
    entry = _pick_entry(rng, text)
    if entry is None or entry.key[0] == entry.key[1]:
        return None
    key, (start, end) = _key(text, entry), entry.key
    copy = text[entry.at : entry.close + 1]
    if rng.random() < 0.25:  # NFC and NFD twins: müller<key> in both forms
        nfc = unicodedata.normalize("NFC", "müller" + key)
        text = text[:start] + nfc + text[end:]
        copy = copy.replace(key, unicodedata.normalize("NFD", nfc), 1)
        how = "its NFD twin"
    else:
        twin, how = _variant(rng, key)
        copy = copy.replace(key, twin, 1)
    if rng.random() < 0.7:  # the key alone must tell them apart, not the duplicate-work rule
        copy = _retitled(copy)
    if len(bytes_of(copy)) > budget(len(data)):
        return None
    broke = f"entry '{key}' copied with {how} as key"
    return Mutated(bytes_of(text.rstrip("\n") + "\n\n" + copy + "\n"), broke)


def invisible_key(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Put an invisible or bidi-control character into a cite key."""
    text = text_of(data)
    entry = _pick_entry(rng, text)
    if entry is None or entry.key[0] == entry.key[1]:
        return None
    at, char = rng.randint(*entry.key), rng.choice(INVISIBLE)
    broke = f"U+{ord(char):04X} in cite key '{_key(text, entry)}'"
    return Mutated(bytes_of(text[:at] + char + text[at:]), broke)


def drop_key(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """``@book{key,`` → ``@book{,``."""
    text = text_of(data)
    entry = _pick_entry(rng, text)
    if entry is None or entry.key[0] == entry.key[1]:
        return None
    start, end = entry.key
    return Mutated(bytes_of(text[:start] + text[end:]), f"removed the key '{_key(text, entry)}'")


def truncate_entry(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Cut the file inside an entry, which is then never closed."""
    text = text_of(data)
    entry = _pick_entry(rng, text)
    if entry is None or entry.close - entry.open < 2:
        return None
    cut = rng.randint(entry.open + 1, entry.close - 1)
    return Mutated(bytes_of(text[:cut]), f"cut inside entry '{_key(text, entry)}'")


def string_chain(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """``@string`` macros that double: fz1 = fz0 # fz0 … (30 or more doublings must be refused)."""
    text = text_of(data)
    depth = rng.choice([8, 16, 22, 30, 31, 34])
    chain = "@string{fz0 = {ab}}\n" + "".join(
        f"@string{{fz{i} = fz{i - 1} # fz{i - 1}}}\n" for i in range(1, depth + 1)
    )
    picked = _pick_field(rng, text)
    if picked is None:
        body = text + f"\n@misc{{fzchain, title = fz{depth}}}\n"
    else:
        start, end = picked[1][picked[2]].value
        body = text[:start] + f"fz{depth}" + text[end:]
    broke = f"@string chain of {depth} doublings used" if depth >= 30 else ""
    return Mutated(bytes_of(chain + body), broke)


def deep_nest(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Wrap a field value in many braces (valid BibTeX, 10 to 100,000 deep)."""
    text = text_of(data)
    picked = _pick_field(rng, text)
    if picked is None:
        return None
    start, end = picked[1][picked[2]].value
    depth = min(rng.choice([10, 100, 1000, 5000, 100_000]), budget(len(data)) // 2)
    return Mutated(
        bytes_of(text[:start] + "{" * depth + text[start:end] + "}" * depth + text[end:])
    )


def huge_field(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Fill a field (often the title) with up to 1 MB of text in one of several scripts."""
    text = text_of(data)
    picked = _pick_field(rng, text)
    if picked is None:
        return None
    _, found, n = picked
    titles = [i for i, f in enumerate(found) if f.name.lower() == "title"]
    if titles and rng.random() < 0.5:
        n = titles[0]
    start, end = found[n].value
    room = budget(len(data)) - 8
    size = min(rng.choice([1000, 10_000, 100_000, room]), room) // 4
    filler = rng.choice(FILLERS)
    value = (filler * (size // len(filler) + 1))[:size]
    return Mutated(bytes_of(text[:start] + "{" + value + "}" + text[end:]))


def drop_field(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Delete a field (valid, though the entry may now lack what its type needs)."""
    text = text_of(data)
    picked = _pick_field(rng, text)
    if picked is None or picked[1][picked[2]].comma < 0:
        return None
    field = picked[1][picked[2]]
    return Mutated(bytes_of(text[: field.start] + text[field.comma + 1 :]))


def latex_junk(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Insert balanced but odd LaTeX into a braced value."""
    text = text_of(data)
    picked = _pick_field(rng, text)
    if picked is None:
        return None
    start, end = picked[1][picked[2]].value
    if text[start] != "{" or end - start < 2:
        return None
    junk = rng.choice(
        [
            r"\"{a}",
            r"\v{s}",
            r"$x^{2}_3$",
            r"\textbf{x}",
            r"\unknowncmd{x}",
            "~--",
            r"\\",
            r"\&\%\#",
            r"{\ss}",
            r"\c{}",
            r"\'{}",
            r"\verb|x|",
            r"\url{a{b}}",
            "{{{{}}}}",
            "\\ ",
            r"\{\}",
        ]
    )
    at = rng.randint(start + 1, end - 1)
    return Mutated(bytes_of(text[:at] + junk + text[at:]))


def workspace_twin(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Give an imported entry a key that must be told apart from a key of the workspace."""
    text = text_of(data)
    entry = _pick_entry(rng, text)
    if entry is None or entry.key[0] == entry.key[1] or not env.keys:
        return None
    twin, how = _variant(rng, rng.choice(env.keys))
    start, end = entry.key
    broke = f"imported key '{twin}' is a workspace key ({how})"
    return Mutated(bytes_of(text[:start] + twin + text[end:]), broke)


#: Mutations that break one thing the loader must report: (name, mutation).
BREAKERS: tuple[tuple[str, Op], ...] = (
    ("bib.remove-at", remove_at),
    ("bib.drop-brace", drop_brace),
    ("bib.undefined-macro", undefined_macro),
    ("bib.drop-comma", drop_comma),
    ("bib.duplicate-field", duplicate_field),
    ("bib.duplicate-entry", duplicate_entry),
    ("bib.invisible-key", invisible_key),
    ("bib.drop-key", drop_key),
    ("bib.truncate-entry", truncate_entry),
    ("bib.string-chain", string_chain),
)
#: Mutations that may leave the file valid, or test time and memory.
NOISE: tuple[tuple[str, Op], ...] = (
    ("bib.deep-nest", deep_nest),
    ("bib.huge-field", huge_field),
    ("bib.drop-field", drop_field),
    ("bib.latex-junk", latex_junk),
)
