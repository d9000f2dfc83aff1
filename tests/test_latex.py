"""LaTeX decoding: accents and escapes become Unicode; what cannot be decoded is kept, never dropped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimref.formats import bibtex, latex
from claimref.formats.latex import decode

CASES = [
    ("{\\TeX}: The Program", "TeX: The Program", (), "tex-logo-kept-not-deleted"),
    ("Zari{\\c{n}}{\\v s}", "Zariņš", (), "latvian-cedilla-caron"),
    ("Kr\\={\\i}gers", "Krīgers", (), "macron-on-dotless-i"),
    ('\\"{A}bols', "Äbols", (), "umlaut"),
    ("\\v{C}akste", "Čakste", (), "caron"),
    ("\\'{e}t\\'e", "été", (), "acute"),
    ("\\emph{Moby} Dick", "Moby Dick", (), "font-command-dropped"),
    ("Rock \\& Roll", "Rock & Roll", (), "escaped-ampersand"),
    ("{\\foo{bar}} baz", "\\foo{bar} baz", ("\\foo{bar}",), "unknown-macro-kept"),
    ("a \\noarg. b", "a \\noarg. b", ("\\noarg",), "unknown-macro-without-argument"),
    ("Energy $E=mc^2$", "Energy $E=mc^2$", ("$E=mc^2$",), "math-kept"),
    ("D.~E. Knuth", "D.\u00a0E. Knuth", (), "tie-is-no-break-space"),
    ("Plain text -- no LaTeX", "Plain text -- no LaTeX", (), "untouched-without-latex"),
    ("{Борьба} латышского", "Борьба латышского", (), "cyrillic-in-braces"),
    ("\\ss{}e", "ße", (), "sharp-s-with-empty-group"),
]


@pytest.mark.parametrize(("raw", "text", "kept"), [c[:3] for c in CASES], ids=[c[3] for c in CASES])
def test_decode(raw: str, text: str, kept: tuple[str, ...]) -> None:
    result = decode(raw)
    assert result.text == text
    assert result.undecoded == kept


def test_no_text_is_lost_on_unknown_macros() -> None:
    """Every letter survives when no macro is known (bibtexparser's middleware fails this)."""
    raw = "\\mycmd{Alpha} and \\other{Beta}{Gamma}"
    result = decode(raw)
    for word in ("Alpha", "Beta", "Gamma", "mycmd", "other"):
        assert word in result.text


# The scanners jump from one special character to the next; these references walk every character
# (the code before that change) and must agree on any text.
TEXT = st.text(alphabet='\\{}$~"ab ēČ', max_size=30)


def _closing_by_character(raw: str, start: int) -> int:
    depth = 0
    quote = raw[start] == '"'
    for i in range(start, len(raw)):
        ch = raw[i]
        if quote and ch == '"' and depth == 0 and i > start:
            return i
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and not quote:
                return i
    return -1


def _group_end_by_character(text: str, start: int) -> int:
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            return i
    return len(text)


class _CharacterParser(latex._Parser):
    def run(self, start: int, end: int) -> str:
        out: list[str] = []
        i = start
        while i < end:
            ch = self.text[i]
            if ch == "\\":
                piece, i = self.macro(i, end)
            elif ch == "{":
                close = min(_group_end_by_character(self.text, i), end)
                inner_end = close - 1 if self.text[close - 1] == "}" else close
                piece, i = self.run(i + 1, inner_end), close
            elif ch == "}":
                piece, i = "", i + 1
            elif ch == "$":
                close = self.text.find("$", i + 1)
                close = end if close < 0 or close >= end else close + 1
                piece, i = self.text[i:close], close
                self.undecoded.append(piece)
            else:
                piece, i = ("\u00a0" if ch == "~" else ch), i + 1
            out.append(piece)
        return "".join(out)


@given(TEXT)
def test_closing_delimiter_found_as_by_walking_every_character(text: str) -> None:
    for start in (i for i, ch in enumerate(text) if ch in '{"'):
        assert bibtex.closing_delimiter(text, start) == _closing_by_character(text, start)


@given(TEXT)
def test_group_end_found_as_by_walking_every_character(text: str) -> None:
    for start in (i for i, ch in enumerate(text) if ch == "{"):
        assert latex.group_end(text, start) == _group_end_by_character(text, start)


@given(TEXT)
def test_decoding_as_by_walking_every_character(text: str) -> None:
    fast, slow = latex._Parser(text), _CharacterParser(text)
    assert fast.run(0, len(text)) == slow.run(0, len(text))
    assert fast.undecoded == slow.undecoded
