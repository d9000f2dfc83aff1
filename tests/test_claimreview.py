"""``claimref export claimreview``: schema.org ClaimReview JSON-LD for the claims with a verdict.

Golden files per case (tests/data/claimreview/cases/<case>/: ``args``, one argument a line, an
optional ``claimref.toml``, and the expected ``stdout.json`` and ``stderr.txt``) run on the fixture
workspace tests/data/claimreview/workspace; regenerate with CLAIMREF_UPDATE_GOLDEN=1 and review the
diff. Every review, of the fixtures and of the bundled dataset's disputed claims, must carry what
Google's fact-check markup requires, and must expand with pyld without losing a property or value.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld  # in the test extras

from claimref.formats.claimreview import RATING_VALUES, missing_required
from claimref.model import Status
from tests.conftest import PROJECT, run
from tests.golden import check

DATA = Path(__file__).parent / "data" / "claimreview"
CASES = sorted(p.name for p in (DATA / "cases").iterdir())
SCHEMA = "http://schema.org/"
#: Used for the dataset: the bundled claimref.toml sets neither the author nor the address.
PUBLISH = ("--author", "A. Historian", "--url", "https://example.org/claims/{id}.html")


def workspace(case: str, tmp_path: Path) -> Path:
    """A copy of the fixture workspace with the case's claimref.toml, if it has one."""
    root = tmp_path / "ws"
    shutil.copytree(DATA / "workspace", root)
    settings = DATA / "cases" / case / "claimref.toml"
    if settings.exists():
        shutil.copy(settings, root / "claimref.toml")
    return root


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path) -> None:
    args = (DATA / "cases" / case / "args").read_text("utf-8").splitlines()
    code, out, err = run(workspace(case, tmp_path), *args)
    assert code == 0, err
    check(DATA / "cases" / case / "stdout.json", out)
    check(DATA / "cases" / case / "stderr.txt", err)


def fixture_reviews(tmp_path: Path) -> list[dict[str, Any]]:
    code, out, err = run(workspace("all-by-person", tmp_path), "export", "claimreview", *PUBLISH)
    assert code == 0, err
    reviews: list[dict[str, Any]] = json.loads(out)
    return reviews


@pytest.fixture(scope="module")
def dataset_reviews() -> list[dict[str, Any]]:
    """The bundled dataset's disputed claims, reviewed."""
    code, out, err = run(PROJECT, "export", "claimreview", "--status", "disputed", *PUBLISH)
    assert code == 0, err
    reviews: list[dict[str, Any]] = json.loads(out)
    return reviews


def test_dataset_disputed_claims_are_reviewed(dataset_reviews: list[dict[str, Any]]) -> None:
    """The model case: the 130 German trains, disputed by the article that reports them."""
    by_url = {review["url"]: review for review in dataset_reviews}
    trains = by_url["https://example.org/claims/samsons-130-trains.html"]
    assert trains["claimReviewed"].startswith("The partisan unit of Vilis Samsons was credited")
    assert trains["reviewRating"]["alternateName"] == "Disputed"
    assert trains["reviewRating"]["ratingValue"] == RATING_VALUES[Status.DISPUTED]
    names = [work["name"] for work in trains["itemReviewed"]["appearance"]]
    assert names == ["Soviet partisans in Latvia"]  # the other links only mention it
    assert "datePublished" not in trains  # the dataset's claims have no history: no date made up


def test_dataset_reviews_have_what_google_requires(dataset_reviews: list[dict[str, Any]]) -> None:
    assert dataset_reviews, "the dataset has disputed claims"
    for review in dataset_reviews:
        assert missing_required(review) == [], review["url"]
        assert review["@context"] == "https://schema.org"


def test_fixture_reviews_have_what_google_requires(tmp_path: Path) -> None:
    reviews = fixture_reviews(tmp_path)
    assert len(reviews) == 4  # five claims, one unverified
    for review in reviews:
        assert missing_required(review) == [], review["url"]
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert Status(rating["alternateName"].lower()) in RATING_VALUES


@pytest.mark.parametrize(
    "review, missing",
    [
        pytest.param({}, ["claimReviewed", "reviewRating.alternateName", "url", "author.name"],
                     id="empty"),
        pytest.param({"claimReviewed": "x", "url": "https://e.org/", "author": {"name": "A"},
                      "reviewRating": {"ratingValue": 2}}, ["reviewRating.alternateName"],
                     id="rating-without-name"),
        pytest.param({"claimReviewed": "x", "url": "", "author": {"name": "A"},
                      "reviewRating": {"alternateName": "Disputed"}}, ["url"], id="empty-url"),
    ],
)  # fmt: skip
def test_missing_required_names_what_is_missing(review: dict[str, Any], missing: list[str]) -> None:
    assert missing_required(review) == missing


def schema_org_loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's document loader without the network: schema.org's context from a test file (a
    subset of https://schema.org/docs/jsonldcontext.jsonld without its @vocab, so that a
    property or type that is not schema.org's is dropped by expansion and caught here)."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"no network in tests: {url}")
    document = json.loads((DATA / "schemaorg-context.jsonld").read_text("utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def values(node: dict[str, Any], key: str) -> list[Any]:
    return list(node.get(SCHEMA + key, []))


def compare(compact: Any, expanded: Any, where: str) -> Iterator[str]:
    """Every property and value of ``compact`` that its expansion lost or changed."""
    if isinstance(compact, dict):
        if expanded.get("@type") != [SCHEMA + compact["@type"]]:
            yield f"{where}.@type: {compact['@type']} became {expanded.get('@type')}"
        for key, value in compact.items():
            if key in ("@context", "@type"):
                continue
            items = value if isinstance(value, list) else [value]
            found = values(expanded, key)
            if len(found) != len(items):
                yield f"{where}.{key}: {len(items)} value(s), {len(found)} after expansion"
                continue
            for index, (item, got) in enumerate(zip(items, found, strict=True)):
                yield from compare(item, got, f"{where}.{key}[{index}]")
    elif expanded.get("@value", expanded.get("@id")) != compact:
        yield f"{where}: {compact!r} became {expanded!r}"


def expand(document: Any) -> list[Any]:
    expanded: list[Any] = jsonld.expand(document, {"documentLoader": schema_org_loader})
    return expanded


def test_compare_sees_a_property_lost_in_expansion() -> None:
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewd": "typo"}
    assert list(compare(review, expand([review])[0], "review")) == [
        "review.claimReviewd: 1 value(s), 0 after expansion"
    ]


def test_fixture_reviews_expand_without_loss(tmp_path: Path) -> None:
    reviews = fixture_reviews(tmp_path)
    expanded = expand(reviews)
    assert len(expanded) == len(reviews)
    lost = [p for r, e in zip(reviews, expanded, strict=True) for p in compare(r, e, r["url"])]
    assert lost == []


def test_dataset_reviews_expand_without_loss(dataset_reviews: list[dict[str, Any]]) -> None:
    expanded = expand(dataset_reviews)
    pairs = zip(dataset_reviews, expanded, strict=True)
    assert [p for r, e in pairs for p in compare(r, e, r["url"])] == []


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(("--author", "A"), "needs the address of each review", id="no-url"),
        pytest.param(("--url", "https://e.org/{id}"), "needs its author", id="no-author"),
        pytest.param(("--author", "A", "--url", "example.org/{id}"), "expected an http(s)",
                     id="not-http"),
        pytest.param(("--author", "A", "--url", "https://e.org/{id}", "no-such-claim"),
                     "no-such-claim", id="unknown-claim"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    code, out, err = run(workspace("all-by-person", tmp_path), "export", "claimreview", *args)
    assert (code, out) == (2, "")
    assert message in err


def test_one_address_for_several_reviews_is_noted(tmp_path: Path) -> None:
    root = workspace("all-by-person", tmp_path)
    code, out, err = run(root, "export", "claimreview", "--author", "A", "--url",
                         "https://example.org/checks.html")  # fmt: skip
    assert code == 0
    assert {review["url"] for review in json.loads(out)} == {"https://example.org/checks.html"}
    assert "4 reviews share the address https://example.org/checks.html: put {id} in it" in err


def test_output_file(tmp_path: Path) -> None:
    root = workspace("all-by-person", tmp_path)
    target = tmp_path / "reviews.json"
    code, _, err = run(root, "export", "claimreview", "bridge-established", *PUBLISH,
                       "-o", str(target))  # fmt: skip
    assert code == 0, err
    assert [r["url"] for r in json.loads(target.read_text("utf-8"))] == [
        "https://example.org/claims/bridge-established.html"
    ]
