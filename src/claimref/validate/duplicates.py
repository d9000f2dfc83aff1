"""Check rules that compare entries with each other: duplicate works, shared ISBNs, near-duplicate
claims.

Never all pairs: every entry gets one or a few *blocking keys* (normalised title + year + first
author; an ISBN-13; two of the three rarest words of a statement) and only entries sharing a key
are compared. Titles and names in Cyrillic are transliterated (:mod:`claimref.translit`) and then
reduced to a spelling skeleton, so that ``Дружба народов``, ``Družba narodov`` and ``Druzhba
narodov`` meet. Reading files is the store's.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from fractions import Fraction
from itertools import combinations, compress, repeat
from operator import add, ge, mul
from typing import cast

from claimref.duplicates import isbn13, skeleton
from claimref.errors import Severity
from claimref.model import Claim, Source
from claimref.store import Workspace
from claimref.translit import fold
from claimref.usertext import clip
from claimref.validate.registry import Problem, RuleSet
from claimref.validate.sources import isbn_values

rules = RuleSet()

#: Entry types that are a part of a larger work and may share its ISBN.
PARTS = frozenset(
    "inbook bookinbook suppbook incollection suppcollection inproceedings inreference "
    "article suppperiodical".split()
)
_WORD = re.compile(r"\w+")
STOPWORDS = frozenset(
    "the and for with from that this was were are has had have its his her their "
    "into over under after before about against between during which who whom "
    "not but also than then there been being by of in on at to a an as is it "
    "or".split()
)
#: Entries sharing a blocking key are compared pairwise only in blocks up to this size (identical
#: titles and identical word sets are always paired, whatever their number).
MAX_BLOCK = 25
SIMILAR_TITLES = 0.9
#: How many characters of two titles' skeletons are compared for similarity.
COMPARED = 160
_NUMBER = re.compile(r"\d+")
SIMILAR_WORDS = 0.8


def _first_author(source: Source) -> str:
    creators = source.creators()
    if not creators:
        return ""
    first = creators[0]
    return skeleton(first.literal or first.family)


@rules.rule(
    "duplicate-work",
    Severity.WARNING,
    "two sources that are likely the same work: the "
    "same first author, year and title, also across scripts",
)
def duplicate_work(ws: Workspace) -> Iterator[Problem]:
    blocks: dict[tuple[str, str, str], list[tuple[str, Source]]] = defaultdict(list)
    for source in ws.sources.values():
        title = skeleton(source.title)
        if title:
            blocks[(source.year, _first_author(source), title[:12])].append((title, source))
    for block in blocks.values():
        for later, first in _same_titles(sorted(block, key=lambda pair: pair[1].location)):
            message = f"likely the same work as '{clip(first.key)}' ({first.location})"
            yield later.location, f"{clip(later.key)}: {message}: same first author, year and title"


def _same_titles(block: list[tuple[str, Source]]) -> Iterator[tuple[Source, Source]]:
    """Each entry paired with the first earlier one whose title is nearly the same; in a block
    too large to compare pairs in, only identical titles are paired."""
    fuzzy = len(block) <= MAX_BLOCK
    seen: dict[str, Source] = {}
    for i, (title, later) in enumerate(block):
        first = seen.get(title)
        if first is None and fuzzy:
            near = (s for t, s in block[:i] if _similar(title, t, SIMILAR_TITLES))
            first = next(near, None)
        seen.setdefault(title, later)
        if first is not None:
            yield later, first


def _similar(a: str, b: str, threshold: float) -> bool:
    """Titles nearly the same: the same numbers (``Report 10`` is not ``Report 110``) and, of the
    first :data:`COMPARED` characters, a share ``threshold`` in common (a longer comparison costs
    time quadratic in the length)."""
    if a == b:
        return True
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        return False
    matcher = SequenceMatcher(None, a[:COMPARED], b[:COMPARED], autojunk=False)
    return matcher.real_quick_ratio() >= threshold and matcher.ratio() >= threshold


@rules.rule(
    "isbn-shared",
    Severity.WARNING,
    "two sources with the same ISBN (ISBN-10 and ISBN-13 "
    "of one book count as the same; a chapter may share its book's)",
)
def isbn_shared(ws: Workspace) -> Iterator[Problem]:
    by_isbn: dict[str, list[Source]] = defaultdict(list)
    for source in ws.sources.values():
        if source.entry_type in PARTS:
            continue
        for value in dict.fromkeys(filter(None, map(isbn13, isbn_values(source)))):
            by_isbn[value].append(source)
    for number, group in sorted(by_isbn.items()):
        group.sort(key=lambda s: s.location)
        for later in group[1:]:
            first = next(s for s in group if _same_volume(s, later))
            if first is not later:
                message = (
                    f"ISBN {number} is also the ISBN of '{clip(first.key)}' ({first.location})"
                )
                yield later.location, f"{clip(later.key)}: {message}"


def _same_volume(a: Source, b: Source) -> bool:
    """Volumes or parts of one set may carry the set's ISBN; they differ in volume or part."""
    return all(a.get(name) == b.get(name) for name in ("volume", "part"))


class _Words(dict[str, str | None]):
    """Each word of a statement as compared (folded), or None when it does not count (a stop
    word, or shorter than three letters and not a number); filled as words are first seen."""

    def __missing__(self, word: str) -> str | None:
        kept = word not in STOPWORDS and (len(word) > 2 or word.isdigit())
        value = (word if word.isascii() else fold(word)) if kept else None
        self[word] = value
        return value


def _tokens(claim: Claim, words: _Words) -> frozenset[str]:
    found = set(map(words.__getitem__, _WORD.findall(claim.statement.casefold())))
    found.discard(None)
    return frozenset(cast("set[str]", found))


@rules.rule(
    "near-duplicate-claim", Severity.INFO, "two claims whose statements are nearly the same words"
)
def near_duplicate_claim(ws: Workspace) -> Iterator[Problem]:
    words = _Words()
    tokens = {claim_id: _tokens(claim, words) for claim_id, claim in ws.claims.items()}
    sizes = {claim_id: len(found) for claim_id, found in tokens.items()}
    reported: set[str] = set()
    for first, rest in _candidates(tokens):
        for later in _near(first, rest, tokens, sizes):
            if later in reported:
                continue
            reported.add(later)
            message = f"says nearly the same as claim '{first}' ({ws.claims[first].location})"
            yield ws.claims[later].location, f"claim '{later}' {message}"


#: SIMILAR_WORDS as a fraction n/d: a Jaccard index |A∩B| / |A∪B| >= n/d is, in whole numbers,
#: |A∩B| * (d + n) >= n * (|A| + |B|).
_NUMERATOR, _DENOMINATOR = Fraction(SIMILAR_WORDS).limit_denominator(1000).as_integer_ratio()


def _near(
    first: str, rest: list[str], tokens: dict[str, frozenset[str]], sizes: dict[str, int]
) -> Iterable[str]:
    """The claims of ``rest`` (in order) whose words overlap those of ``first`` by at least
    SIMILAR_WORDS (Jaccard). Computed with ``map`` rather than a loop: this runs for some 400,000
    candidate pairs, and a Python loop over them costs more than the set intersections."""
    size = sizes[first]
    if not size:
        return ()  # no words: nothing to be the same as
    shared = map(len, map(tokens[first].__and__, map(tokens.__getitem__, rest)))
    left = map(mul, repeat(_DENOMINATOR + _NUMERATOR), shared)
    right = map(mul, repeat(_NUMERATOR), map(add, repeat(size), map(sizes.__getitem__, rest)))
    return compress(rest, map(ge, left, right))


def _candidates(tokens: dict[str, frozenset[str]]) -> Iterator[tuple[str, list[str]]]:
    """Each claim id with the later ones (in id order) it is to be compared with: those sharing
    all its words, or two of its three rarest."""
    frequency = Counter(word for words in tokens.values() for word in words)
    rank = {word: i for i, word in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
    exact: dict[frozenset[str], list[str]] = defaultdict(list)
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for claim_id, words in tokens.items():
        exact[words].append(claim_id)
        rarest = sorted(words, key=rank.__getitem__)[:3]
        for key in combinations(sorted(rarest), 2):
            blocks[key].append(claim_id)
    for members in exact.values():
        if len(members) > 1:
            yield members[0], members[1:]
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            yield from ((first, members[i + 1 :]) for i, first in enumerate(members[:-1]))
