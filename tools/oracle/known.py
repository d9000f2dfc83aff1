"""The causes of the differences that remain between claimref and citeproc-js on the real
bibliographies (tests/data/real/known-differences.json), by class: ``python
tools/oracle/conformance.py known-real`` writes the file from the current rendering, keeping
every cause already written there by hand and classifying the new ones with :func:`cause`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

_SUFFIX = re.compile(r"(?<=\d|\.|/|s)-?[a-z]{1,2}\b(?=[).,;]|$)")
CAUSES = (
    (re.compile(r"\\[A-Za-z]+|\$"), "LaTeX that claimref's reader keeps as written (an unknown "
     "macro, math): the two engines print the raw text differently"),
    (re.compile(r"\d AD|\bAD\b|C\.E\.|\bBC\b"), "years before 1000 or before the era "
     "(EDTF '-0333'; APA's '11–12 C.E.', where citeproc-js writes the era once for a range of "
     "years in its own date group): citeproc-js's and citeproc-py's era handling differ"),
    (re.compile(r"\bIj\b|\bIj\.|\b3\. ?[А-Я]|Фрейд 3\.|\(Thomas H|[A-Z]\.[A-Z]\., [A-Z]\. Bar|Jr, de"),
     "initials of unusual given names ('Ij.', a digit '3' written for 'З', a full name in "
     "parentheses, 'A.A.' without a space, 'Jr.' in NLM): citeproc-js's initialisation rules "
     "differ from claimref's in these corner cases"),
    (re.compile(r"–\(\d{4}\)\)"), "Nature: citeproc-js wraps the end of an original-date "
     "range in parentheses of its own ('1829–(1830))'); claimref writes the range once"),
    (re.compile(r"\w+://www\.\w|://github\.com"), "strip-periods (NLM) on a title holding a URL: "
     "citeproc-js keeps the full stops of the URL, claimref strips them"),
    (re.compile(r"^\[\d+\] Vol\. \d"), "IEEE: an entry beginning with the volume term after "
     "its number: citeproc-js capitalises the term ('Vol. 2'), claimref does not"),
    (re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff]?, \d{4}"), "CJK names: claimref writes such a "
     "name as one literal (family and given name without a space, as citeproc-js prints it in "
     "the list), so a citation shows the whole name where citeproc-js shows the family name"),
    (re.compile(r"———"), "subsequent-author-substitute ('———'): applied by the order of "
     "entries, which differs where sort keys tie (or where citeproc-js compares names that "
     "claimref prints differently)"),
)  # fmt: skip


def cause(js: str, py: str) -> str:
    """A cause for one difference (js: citeproc-js's text, py: claimref's)."""
    for pattern, text in CAUSES:
        if pattern.search(js) or pattern.search(py):
            return text
    for test, text in COMPARISONS:
        if test(js, py):
            return text + ": " + _delta(js, py)
    return "not yet matched: " + _delta(js, py)


def _givenname(js: str, py: str) -> bool:
    full, initial = r"\b\w\w+ et al\.|, \w\w+ \(\d{4}\)", r"\b\w\. et al\.|, \w\. \(\d{4}\)"
    return bool(re.search(full, js) and re.search(initial, py))


def _and(text: str) -> str:
    return re.sub(r",? (&|and) ", " & ", text)


def _cjk_only(js: str, py: str) -> bool:
    """The texts differ only in CJK characters (a CJK name shortened to its family name)."""
    return js != py and _CJK.sub("", js) == _CJK.sub("", py)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Causes found by comparing the two texts, tried in order after :data:`CAUSES`.
COMPARISONS: tuple[tuple[Callable[[str, str], bool], str], ...] = (
    (_cjk_only, "CJK names: claimref writes such a name as one literal (family and given name "
     "without a space, as citeproc-js prints it in the list), so a citation shows the whole name "
     "where citeproc-js shows the family name"),
    (lambda js, py: js.lower() == py.lower(),
     "capitalisation: citeproc-js capitalises here where claimref does not"),
    (lambda js, py: _and(js) == _and(py), "the delimiter before the last name: citeproc-js "
     "writes one before the last of a list of CJK names where the style says none"),
    (_givenname, "citation disambiguation: citeproc-js writes the given name in full "
     "(disambiguate-add-givenname) where claimref keeps the initial"),
    (lambda js, py: _SUFFIX.sub("", js) == _SUFFIX.sub("", py), "year-suffix letters in "
     "another order: citeproc-js orders works whose sort keys tie (same author, year and "
     "title) by its own disambiguation passes"),
)  # fmt: skip


def _delta(js: str, py: str) -> str:
    """The first differing stretch, as ``js '…' / py '…'``."""
    matcher = difflib.SequenceMatcher(a=js, b=py, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            start = max(min(a1, b1) - 12, 0)
            return f"js '{js[start : a2 + 12]}' / py '{py[start : b2 + 12]}'"
    return "whitespace"
