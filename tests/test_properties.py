"""Property tests: any claim written by ``dumps`` reads back as the same claim."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from claimref.formats.claimfile import dumps, loads
from claimref.model import (
    LOCATOR_LABELS,
    Acceptance,
    Claim,
    Link,
    Location,
    Locator,
    Quote,
    Reliability,
    Stance,
    Status,
    Verification,
)  # fmt: skip

NOWHERE = Location("x.yaml", 1, 1)
# Text as a person types it: any letters (Latin, Cyrillic…), punctuation YAML must quote, no
# leading/trailing or doubled white space (the reader normalises those).
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
text = st.lists(words, min_size=1, max_size=6).map(" ".join)
day = (
    st.dates()
    .map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}")
    .filter(lambda s: s[0] != "0")
)
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)

links = st.builds(
    Link,
    source=st.from_regex(r"[A-Za-z][A-Za-z0-9:_-]{0,15}", fullmatch=True),
    stance=st.sampled_from(Stance),
    location=st.just(NOWHERE),
    locator=st.none() | st.builds(Locator, st.sampled_from(sorted(LOCATOR_LABELS)), text),
    quote=st.none()
    | st.builds(Quote, text, st.sampled_from(["", "lv", "ru", "en"]), st.just("") | text),
    verified=st.none() | st.builds(Verification, text, day),
    reliability=st.none() | st.sampled_from("ABCDEF"),
    note=st.just("") | text,
)


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    status = draw(st.sampled_from(Status))
    note = draw(text) if status.needs_note else draw(st.just("") | text)
    return Claim(
        id=draw(ids),
        statement=draw(text),
        reliability=Reliability(status, note, draw(st.none() | st.integers(1, 6))),
        location=NOWHERE,
        links=tuple(draw(st.lists(links, max_size=3))),
        date=draw(st.just("") | day | st.builds(lambda a, b: f"{a}/{b}", day, day)),
        places=tuple(draw(st.lists(text, max_size=3))),
        people=tuple(draw(st.lists(text, max_size=3))),
        tags=tuple(draw(st.lists(text, max_size=3))),
        note=draw(st.just("") | text),
        accepted=tuple(draw(st.lists(st.builds(Acceptance, text, text), max_size=2))),
    )


def _without_locations(claim: Claim) -> Claim:
    links = tuple(replace(link, location=NOWHERE) for link in claim.links)
    return replace(claim, location=NOWHERE, links=links)


@settings(max_examples=150, deadline=None)
@given(claims())
def test_claim_file_round_trip(claim: Claim) -> None:
    parsed = loads(dumps(claim), "x.yaml", expected_id=claim.id)
    assert parsed.findings == ()
    assert parsed.claim is not None
    assert _without_locations(parsed.claim) == claim
