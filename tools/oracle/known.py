"""The causes of the differences that remain between claimref and citeproc-js on the real
bibliographies (tests/data/real/known-differences.json), by class: ``python
tools/oracle/conformance.py known-real`` writes the file from the current rendering, keeping
every cause already written there by hand and classifying the new ones with :func:`cause`.
"""

from __future__ import annotations

import difflib
import re

_SUFFIX = re.compile(r"(?<=\d|\.|/|s)-?[a-z]{1,2}\b(?=[).,;]|$)")
EXTENDED_NAMES = (
    "biblatex's extended name format (`family=…, given=…`) is not read yet (issue 12 §1, "
    "formats/bibtex.py): both engines get the unsplit text as a name and print it differently"
)
CAUSES = (
    (re.compile(r"\b(?:family|given|prefix)="), EXTENDED_NAMES),
    (re.compile(r"\d(?:st|nd|rd|th)-[а-яё]"), "citeproc-js reads a Russian edition such as "
     "'2-е изд.' as a number ('2nd-е … eds.'); claimref prints it as written"),
    (re.compile(r"\\[A-Za-z]+|\$"), "LaTeX that claimref's reader keeps as written (an unknown "
     "macro, math): the two engines print the raw text differently"),
    (re.compile(r"\b(?:Spring|Summer|Autumn|Winter)\b"), "seasons in date ranges and in the "
     "text dates of MLA/NLM/Chicago: citeproc-js prints the season, claimref's date ranges of "
     "seasons and its localized dates do not yet"),
    (re.compile(r"\(No date [a-z]{1,2}\)|\bNo date [a-z]{1,2}\b"), "an entry with nothing but a "
     "name list claimref could not read (the extended name format, §1): citeproc-js prints only "
     "'(No date a).', claimref's Harvard entry is suppressed as empty"),
    (re.compile(r"\bIn\. (?:\d{4}|[A-Z])"), "NLM: citeproc-js prints 'In.' for a paper "
     "whose proceedings have no title; claimref leaves the empty group out"),
    (re.compile(r"\bNos?\.:? |\bno\. [A-Za-z]|Report no\.|nos\.: "), "citeproc-js labels a "
     "number that is not numeric ('No. W8524', 'Report no.: 2003/32864'); claimref prints the "
     "number without its label"),
    (re.compile(r"\.\./|/\.\."), "an open date range ('2004-01-01/..') that both take as a "
     "literal date: claimref's punctuation step turns '..' into '.'"),
    (re.compile(r"\d AD|\bAD\b|C\.E\.|\bBC\b"), "years before 1000 or before the era "
     "(EDTF '-0333', '0000'): citeproc-js's and citeproc-py's era terms differ"),
    (re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff]?, \d{4}"), "CJK names: claimref writes such a "
     "name as one literal (family and given name without a space, as citeproc-js prints it in "
     "the list), so a citation shows the whole name where citeproc-js shows the family name"),
    (re.compile(r"’[.,]”|[.,]’”"), "punctuation inside a quotation in single quotes inside the "
     "title's double quotes: citeproc-js moves it inside the inner quote too"),
    (re.compile(r"———"), "subsequent-author-substitute ('———'): applied by the order of "
     "entries, which differs where sort keys tie (or where citeproc-js compares names that "
     "claimref prints differently)"),
)  # fmt: skip


def cause(js: str, py: str) -> str:
    """A cause for one difference (js: citeproc-js's text, py: claimref's)."""
    for pattern, text in CAUSES:
        if pattern.search(js) or pattern.search(py):
            return text
    if js.lower() == py.lower():
        return (
            "capitalisation: citeproc-js title-cases here (volume titles whatever the "
            "work's language, words after an apostrophe or hyphen) where claimref keeps CSL "
            "title case to English titles and its stop words: " + _delta(js, py)
        )
    if re.sub(r",? (&|and) ", " & ", js) == re.sub(r",? (&|and) ", " & ", py):
        return (
            "the delimiter before the last name: citeproc-js writes none where the last "
            "name is an institution (a literal name) and the style says "
            "delimiter-precedes-last: " + _delta(js, py)
        )
    if "et al." in js + py and js.count(",") != py.count(","):
        return (
            "citation disambiguation: citeproc-js adds names (disambiguate-add-names) where "
            "claimref adds the title or nothing: " + _delta(js, py)
        )
    if _SUFFIX.sub("", js) == _SUFFIX.sub("", py):
        return (
            "year-suffix letters in another order: citeproc-js orders works whose sort "
            "keys tie (same author, year and title) by its own disambiguation passes: "
            + _delta(js, py)
        )
    return "not yet matched: " + _delta(js, py)


def _delta(js: str, py: str) -> str:
    """The first differing stretch, as ``js '…' / py '…'``."""
    matcher = difflib.SequenceMatcher(a=js, b=py, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            start = max(min(a1, b1) - 12, 0)
            return f"js '{js[start : a2 + 12]}' / py '{py[start : b2 + 12]}'"
    return "whitespace"
