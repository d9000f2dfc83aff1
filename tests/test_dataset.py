"""The bundled dataset ("Soviet partisans in Latvia"): complete, honest, and free of errors."""

from __future__ import annotations

import re

import pytest

from claimref.model import Stance, Status
from claimref.store import Workspace, load_workspace
from tests.conftest import PROJECT

ARTICLE = "wikipedia-soviet-partisans-latvia"
LISTED_WORKS = (
    "strods2006 krastyn1946 vestermanis1958 rashkevits1963 dzintars1965 shestakov1967 rashkevits1973 "
    "grodnenskii1978 dzintars1979 kapitanov1977 kapitanov1980 samson1980 rekshnia1981 bogodistyi1982 "
    "izvestnyi2008 falkov2019"
).split()
SEED = PROJECT.parent / "shared" / "seed" / "soviet-partisans-in-latvia.txt"


@pytest.fixture(scope="module")
def dataset() -> Workspace:
    return load_workspace(PROJECT)


def test_loads_without_errors(dataset: Workspace) -> None:
    assert [str(f) for f in dataset.errors] == []


def test_all_sixteen_listed_works_and_the_article(dataset: Workspace) -> None:
    assert sorted(dataset.sources) == sorted([*LISTED_WORKS, ARTICLE])
    for key in LISTED_WORKS:
        source = dataset.sources[key]
        assert source.get("x-listed-as"), f"{key}: the source-list line is not recorded"
        assert source.language in {"lv", "ru", "en"}, key
        assert source.year, key


def test_at_least_twenty_claims(dataset: Workspace) -> None:
    assert len(dataset.claims) >= 20


def test_trains_claim_is_disputed_with_a_note(dataset: Workspace) -> None:
    trains = [c for c in dataset.claims.values() if "130 German trains" in c.statement]
    assert len(trains) == 1
    claim = trains[0]
    assert claim.reliability.status is Status.DISPUTED
    assert "fabrication" in claim.reliability.note
    article = next(link for link in claim.links if link.source == ARTICLE)
    assert article.stance is Stance.DISPUTES


def test_every_claim_links_to_the_article_verified_with_a_quote(dataset: Workspace) -> None:
    for claim in dataset.claims.values():
        article = [link for link in claim.links if link.source == ARTICLE]
        assert article, f"{claim.id} does not link to the article"
        assert article[0].verified is not None, claim.id
        assert article[0].quote is not None, claim.id


def test_listed_works_are_linked_unverified_without_invented_pages(dataset: Workspace) -> None:
    for claim in dataset.claims.values():
        for link in claim.links:
            if link.source == ARTICLE:
                continue
            assert link.verified is None, f"{claim.id} → {link.source} claims a check"
            assert link.locator is None and link.quote is None, f"{claim.id} → {link.source}"
            assert "article's sources" in link.note.lower(), claim.id


@pytest.mark.skipif(
    not SEED.exists(), reason="the seed article (../shared/seed) is not beside the repo"
)
def test_every_quote_is_verbatim_from_the_article(dataset: Workspace) -> None:
    article = " ".join(SEED.read_text("utf-8").split())
    for claim in dataset.claims.values():
        for link in claim.links:
            if link.quote:
                assert " ".join(link.quote.text.split()) in article, claim.id


def test_victims_claim_keeps_both_figures(dataset: Workspace) -> None:
    claim = next(c for c in dataset.claims.values() if "Ābeļkalni" in c.statement)
    assert re.search(r"\b9\b", claim.statement) and re.search(r"\b11\b", claim.statement)


def test_losses_figure_is_arithmetically_checked(dataset: Workspace) -> None:
    assert 4055 - 812 == 3243 and round(3243 / 4055 * 100) == 80
    figures = [c for c in dataset.claims.values() if "3,243" in c.statement]
    checked = re.compile(r"4,055 [-−] 812 = 3,243.*3,243 / 4,055 = 80\.0%")
    assert any(checked.search(c.reliability.note + c.note) for c in figures)
    assert any(c.reliability.status is Status.DOUBTFUL for c in figures), "the inference is flagged"


def test_unnamed_commander_is_noted_as_a_gap(dataset: Workspace) -> None:
    claim = dataset.claims["unit-commander-became-historian"]
    assert "name" in (claim.note + claim.reliability.note).lower()
