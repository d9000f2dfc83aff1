"""LaTeX decoding: accents and escapes become Unicode; what cannot be decoded is kept, never dropped."""

from __future__ import annotations

import pytest

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
