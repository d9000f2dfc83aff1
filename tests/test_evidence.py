"""Weighing the evidence (issue 14): kinds, eras, the x-based-on graph, independent groups, the
suggested grade with its rule, the profile in words, the filters, ``claimref evidence`` and the
bundled dataset's evidence. Each grading rule has a case where it applies and one just past it."""

from __future__ import annotations

import json
from dataclasses import replace
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimref.evidence import RULES, Evidence, EvidenceIndex
from claimref.formats import bibtex, claimfile
from claimref.model import (
    Claim,
    Link,
    Location,
    Person,
    Reliability,
    Source,
    Stance,
    Status,
    Verification,
    is_edtf_date,
)
from claimref.provenance import Kind, ancestry, based_on, era_of, find_cycles, kind_of
from claimref.store import load_workspace
from tests.conftest import PROJECT, WorkspaceFactory, run

HERE = Location("test.bib", 1)
CHECKED = Verification("tester", "2026-11-27")


def entry(key: str, fields: str, entry_type: str = "book") -> Source:
    """One source from BibTeX fields (``author = {…}, …``)."""
    parsed = bibtex.loads(f"@{entry_type}{{{key},\n{fields}\n}}\n", "test.bib")
    assert not parsed.findings, parsed.findings
    return parsed.sources[0]


def with_fields(source: Source, **fields: str) -> Source:
    """``source`` with private fields set (``x_based_on`` → ``x-based-on``)."""
    merged = {**source.fields, **{k.replace("_", "-"): v for k, v in fields.items()}}
    return replace(source, fields=MappingProxyType(merged))


ARTICLE = entry(
    "wiki",
    "author = {{Wikipedia contributors}}, title = {Soviet partisans in Latvia},"
    " organization = {Wikipedia}, url = {https://en.wikipedia.org/wiki/X}, x-reliability = {F}",
    "online",
)
WORKS = {
    source.key: source
    for source in (
        ARTICLE,
        entry("strods", "author = {Strods, Heinrihs}, title = {A}, date = 2006, x-reliability = {B}"),
        entry("strods08", "author = {Strods, Heinrihs}, title = {B}, date = 2008, x-reliability = {A}"),
        entry("falkov", "author = {Falkov, Yaacov}, title = {C}, date = {2019}, x-reliability = {A}"),
        entry("plakans", "author = {Plakans, Andrejs}, title = {D}, date = {1995}"),
        entry("samson", "author = {Самсон, В. П.}, title = {Д}, location = {Рига}, date = 1980"),
        entry("krast", "author = {Крастынь, Я. П.}, title = {Б}, location = {Москва}, date = 1946"),
        entry("weak", "author = {Ozols, Jānis}, title = {E}, date = {1990}, x-reliability = {E}"),
        entry("anon1", "author = {{Anonymous}}, title = {F}, date = {1950}"),
        entry("anon2", "author = {{Anonymous}}, title = {G}, date = {1951}"),
    )
}  # fmt: skip
SAMSONS = Person(
    "samsons-vilis", MappingProxyType({"lv": ("Vilis Samsons",), "ru": ("В. П. Самсон",)}), HERE
)
PEOPLE = {"samsons-vilis": SAMSONS}


def link(
    key: str, stance: str = "supports", checked: bool = True, grade: str | None = None
) -> Link:
    return Link(key, Stance(stance), HERE, verified=CHECKED if checked else None, reliability=grade)


def claim(*links: Link, status: str = "unverified", people: tuple[str, ...] = ()) -> Claim:
    return Claim("c", "A statement.", Reliability(Status(status)), HERE, links, people=people)


def weigh(*links: Link, sources: dict[str, Source] | None = None, **kw: object) -> Evidence:
    index = EvidenceIndex(sources if sources is not None else WORKS, PEOPLE)
    return index.weigh(claim(*links, **kw))  # type: ignore[arg-type]


# --- what a source says about itself ---------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        pytest.param(ARTICLE, Kind.TERTIARY, id="wikipedia-is-tertiary"),
        pytest.param(WORKS["strods"], None, id="unknown-without-x-kind"),
        pytest.param(with_fields(WORKS["samson"], x_kind="Primary"), Kind.PRIMARY, id="x-kind"),
        pytest.param(with_fields(ARTICLE, x_kind="secondary"), Kind.SECONDARY, id="x-kind-wins"),
        pytest.param(with_fields(WORKS["strods"], x_kind="primry"), None, id="invalid-ignored"),
    ],
)
def test_kind(source: Source, kind: Kind | None) -> None:
    assert kind_of(source) == kind


@pytest.mark.parametrize(
    ("fields", "era", "why"),
    [
        pytest.param("location = {Рига}, date = {1980}", "soviet", "Рига 1980", id="place-and-date"),
        pytest.param("location = {Rīga}, date = {2006}", None, "", id="after-1991"),
        pytest.param("location = {Riga}, date = {1938}", None, "", id="before-1945"),
        pytest.param("location = {London}, date = {1960}", None, "", id="not-in-the-ussr"),
        pytest.param("publisher = {Воениздат}, date = {1973}", "soviet", "Воениздат 1973",
                     id="publisher"),
        pytest.param("publisher = {Институт истории АН СССР}, date = {1946}", "soviet",
                     "СССР in its publisher, 1946", id="ussr-body"),
        pytest.param("location = {Рига}, date = {1980}, x-era = {none}", None, "x-era", id="x-era-none"),
        pytest.param("location = {Paris}, date = {1947}, x-era = {soviet}", "soviet", "x-era",
                     id="x-era-soviet"),
        pytest.param("location = {Рига}", None, "", id="undated"),
    ],
)  # fmt: skip
def test_era(fields: str, era: str | None, why: str) -> None:
    assert era_of(entry("k", f"author = {{A, B}}, title = {{T}}, {fields}")) == (era, why)


def test_based_on_keys_are_split_on_commas_semicolons_and_spaces() -> None:
    source = with_fields(WORKS["strods"], x_based_on="a, b;c  d, a")
    assert based_on(source) == ("a", "b", "c", "d")


@pytest.mark.parametrize(
    ("edges", "cycles"),
    [
        pytest.param({"a": ("b",), "b": ("c",)}, [], id="chain"),
        pytest.param({"a": ("b",), "b": ("a",)}, [("a", "b")], id="two"),
        pytest.param({"a": ("a",)}, [("a",)], id="self"),
        pytest.param({"a": ("b",), "b": ("c",), "c": ("a",), "d": ("a",)}, [("a", "b", "c")],
                     id="three-and-a-tail"),
        pytest.param({"a": ("b", "x"), "b": ("a",), "c": ("d",), "d": ("c",)},
                     [("a", "b"), ("c", "d")], id="two-cycles"),
    ],
)  # fmt: skip
def test_find_cycles(edges: dict[str, tuple[str, ...]], cycles: list[tuple[str, ...]]) -> None:
    assert find_cycles(edges) == cycles


def test_ancestry_is_transitive_and_survives_cycles() -> None:
    found = ancestry({"a": ("b",), "b": ("c",), "c": ("b",), "d": ("a", "x")})
    assert found["a"] == {"b", "c"} and found["d"] == {"a", "b", "c", "x"}
    assert found["b"] == {"b", "c"}  # on a cycle: derives from itself


# --- independent groups ------------------------------------------------------------------------


def chain(*pairs: tuple[str, str]) -> dict[str, Source]:
    """WORKS with ``x-based-on`` added: (work, what it is based on)."""
    sources = dict(WORKS)
    for key, origin in pairs:
        sources[key] = with_fields(sources[key], x_based_on=origin)
    return sources


@pytest.mark.parametrize(
    ("keys", "sources", "groups", "independent"),
    [
        pytest.param(("strods", "falkov"), WORKS, [["strods"], ["falkov"]], 2, id="two-authors"),
        pytest.param(("strods", "strods08"), WORKS, [["strods", "strods08"]], 1, id="same-author"),
        pytest.param(("falkov", "plakans"), chain(("falkov", "plakans")),
                     [["falkov", "plakans"]], 1, id="based-on"),
        pytest.param(("falkov", "plakans"), chain(("falkov", "krast"), ("krast", "plakans")),
                     [["falkov", "plakans"]], 1, id="based-on-transitively"),
        pytest.param(("falkov", "plakans"), chain(("falkov", "krast"), ("plakans", "krast")),
                     [["falkov", "plakans"]], 1, id="common-origin"),
        pytest.param(("falkov", "plakans"), chain(("falkov", "strods"), ("plakans", "strods08")),
                     [["falkov", "plakans"]], 1, id="origins-by-one-author"),
        pytest.param(("anon1", "anon2"), WORKS, [["anon1"], ["anon2"]], 2, id="anonymous-apart"),
        pytest.param(("strods", "falkov", "wiki"), chain(("wiki", "strods falkov")),
                     [["strods", "falkov", "wiki"]], 1, id="article-based-on-its-sources"),
    ],
)  # fmt: skip
def test_groups(
    keys: tuple[str, ...], sources: dict[str, Source], groups: list[list[str]], independent: int
) -> None:
    evidence = weigh(*(link(key) for key in keys), sources=sources)
    assert [list(group.keys) for group in evidence.groups] == groups
    assert evidence.independent == independent


def test_shared_voices_are_named() -> None:
    evidence = weigh(link("strods"), link("strods08"))
    assert evidence.groups[0].shared == ("the same author (Strods, Heinrihs)",)
    assert "Strods 2006, Strods 2008 count once: the same author (Strods, Heinrihs)" in (
        evidence.profile
    )


def test_a_subjects_own_account_is_not_independent_across_scripts() -> None:
    evidence = weigh(link("samson"), link("falkov"), people=("Vilis Samsons",))
    assert evidence.independent == 1 and [g.participant for g in evidence.groups] == [True, False]
    participant = evidence.links[0].participants[0]
    assert (participant.subject, participant.printed, participant.record) == (
        "Vilis Samsons", "Самсон, В. П.", "samsons-vilis"
    )  # fmt: skip
    assert "participant" in evidence.flags


def test_a_work_drawing_on_a_subjects_account_counts_once_with_it() -> None:
    sources = chain(("plakans", "samson"))
    together = weigh(link("plakans"), link("samson"), sources=sources, people=("Vilis Samsons",))
    assert together.independent == 0 and [g.keys for g in together.groups] == [
        ("plakans", "samson")
    ]
    alone = weigh(link("plakans"), sources=sources, people=("Vilis Samsons",))
    assert alone.independent == 1 and not alone.links[0].participants
    assert [f.key for f in alone.links[0].drawn_on] == ["samson"]
    assert (
        "Plakans 1995 draws (x-based-on) on Самсон 1980, a participant's account" in alone.profile
    )


def test_no_person_record_no_identification_across_scripts() -> None:
    evidence = EvidenceIndex(WORKS, {}).weigh(claim(link("samson"), people=("Vilis Samsons",)))
    assert evidence.independent == 1 and not evidence.links[0].participants


# --- the suggested grade: each rule where it applies ------------------------------------------


@pytest.mark.parametrize(
    ("links", "grade", "rule"),
    [
        pytest.param((link("strods"), link("falkov")), 1, "confirmed", id="confirmed"),
        pytest.param((link("strods"), link("strods08")), 2, "probably-true",
                     id="two-works-one-author-not-confirmed"),
        pytest.param((link("strods"), link("plakans")), 2, "probably-true", id="one-a-b"),
        pytest.param((link("plakans"), link("krast")), 2, "probably-true", id="two-ungraded"),
        pytest.param((link("plakans"),), 3, "possibly-true", id="one-ungraded"),
        pytest.param((link("strods"), link("krast", "disputes")), 4, "contested", id="contested"),
        pytest.param((link("krast", "disputes"), link("wiki")), 5, "contradicted",
                     id="contradicted"),
        pytest.param((link("strods", checked=False), link("falkov", checked=False)), 6,
                     "unchecked", id="unchecked"),
        pytest.param((link("wiki"), link("strods", checked=False)), 6, "tertiary-only",
                     id="tertiary-only"),
        pytest.param((link("weak"),), 6, "weak-support", id="graded-e"),
        pytest.param((link("strods", grade="F"),), 6, "weak-support", id="link-grade-wins"),
        pytest.param((link("wiki", "disputes"), link("samson", "mentions", checked=False)), 6,
                     "mention-only", id="mention-only"),
        pytest.param((link("wiki", "disputes"),), 6, "no-support", id="no-support"),
        pytest.param((link("nosuch"),), 6, "no-support", id="unresolved"),
        pytest.param((link("plakans"), link("wiki", "disputes")), 3, "possibly-true",
                     id="a-tertiary-dispute-cannot-settle-it"),
        pytest.param((link("plakans"), link("weak", "disputes")), 3, "possibly-true",
                     id="an-e-graded-dispute-cannot-settle-it"),
        pytest.param((link("plakans"), link("falkov", "disputes", checked=False)), 3,
                     "possibly-true", id="an-unchecked-dispute-cannot-settle-it"),
    ],
)  # fmt: skip
def test_suggested_grade(links: tuple[Link, ...], grade: int, rule: str) -> None:
    suggestion = weigh(*links).suggestion
    assert (suggestion.grade, suggestion.rule) == (grade, rule), suggestion.reason
    assert RULES[rule][0] == grade


def test_participant_only() -> None:
    suggestion = weigh(link("samson"), people=("Vilis Samsons",)).suggestion
    assert (suggestion.grade, suggestion.rule) == (6, "participant-only")


def test_every_rule_is_exercised_and_documented() -> None:
    docs = (PROJECT / "docs" / "evidence.md").read_text("utf-8")
    for rule, (grade, _) in RULES.items():
        assert f"| `{rule}` | {grade} |" in docs, rule


# --- the profile in words, and the flags -------------------------------------------------------


@pytest.mark.parametrize(
    ("links", "people", "sentence"),
    [
        pytest.param((link("samson"), link("krast")), (), "all support comes from Soviet-era "
                     "works (1946–1980)", id="soviet-era"),
        pytest.param((link("samson"),), ("Vilis Samsons",), "the only support is a participant's "
                     "own account (Самсон 1980)", id="participant-only"),
        pytest.param((link("samson", "mentions", checked=False),), ("Vilis Samsons",),
                     "Самсон 1980 is by Vilis Samsons (printed “Самсон, В. П.”, identified in the "
                     "people record 'samsons-vilis'), a subject of this claim: a participant's own "
                     "account cannot independently confirm it", id="participant-mentions"),
        pytest.param((link("wiki"),), (), "the only verified source is tertiary (“Soviet "
                     "partisans in Latvia”)", id="tertiary"),
        pytest.param((link("falkov", checked=False),), (), "no link has been checked against its "
                     "work", id="nothing-checked"),
        pytest.param((link("falkov", "mentions"),), (), "nothing but a mention supports it "
                     "(Falkov 2019)", id="mention-only"),
    ],
)  # fmt: skip
def test_profile(links: tuple[Link, ...], people: tuple[str, ...], sentence: str) -> None:
    assert sentence in weigh(*links, people=people).profile


def test_circular_support_is_said() -> None:
    sources = chain(("strods", "falkov"), ("falkov", "strods"))
    evidence = weigh(link("strods"), sources=sources)
    assert evidence.links[0].circular
    assert any(s.startswith("support is circular") for s in evidence.profile)


@pytest.mark.parametrize(
    ("links", "flags"),
    [
        pytest.param((link("samson"), link("krast")), {"soviet-era"}, id="soviet-era"),
        pytest.param((link("samson"), link("falkov")), set(), id="mixed-eras"),
        pytest.param((link("wiki"), link("falkov", "mentions", checked=False)), {"tertiary-only"},
                     id="tertiary-only"),
        pytest.param((link("wiki"), link("falkov")), set(), id="a-checked-secondary"),
    ],
)  # fmt: skip
def test_flags(links: tuple[Link, ...], flags: set[str]) -> None:
    assert weigh(*links).flags == flags


# --- adding a based-on edge never makes support more independent -------------------------------

KEYS = [f"w{i}" for i in range(6)]
AUTHORS = ["Ozols, J.", "Bērziņš, A.", "Самсон, В. П.", "Liepa, K."]


@st.composite
def workspaces(draw: st.DrawFn) -> tuple[dict[str, Source], Claim, tuple[str, str]]:
    sources = {}
    for key in KEYS:
        author = draw(st.sampled_from(AUTHORS))
        origins = draw(st.lists(st.sampled_from([*KEYS, "lost"]), max_size=2))
        fields = f"author = {{{author}}}, title = {{{key}}}, date = {{1980}}"
        if origins:
            fields += f", x-based-on = {{{', '.join(origins)}}}"
        sources[key] = entry(key, fields)
    support = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True))
    people = draw(st.lists(st.sampled_from(["Vilis Samsons", "J. Ozols"]), max_size=1))
    links = tuple(link(key, checked=draw(st.booleans())) for key in support)
    edge = (draw(st.sampled_from(KEYS)), draw(st.sampled_from([*KEYS, "lost"])))
    return sources, claim(*links, people=tuple(people)), edge


@settings(max_examples=300, deadline=None)
@given(workspaces())
def test_adding_a_based_on_edge_never_increases_independent_support(
    case: tuple[dict[str, Source], Claim, tuple[str, str]],
) -> None:
    sources, subject, (work, origin) = case
    before = EvidenceIndex(sources, PEOPLE).weigh(subject)
    edges = [*based_on(sources[work]), origin]
    changed = {**sources, work: with_fields(sources[work], x_based_on=", ".join(edges))}
    after = EvidenceIndex(changed, PEOPLE).weigh(subject)
    assert after.independent <= before.independent
    assert len(after.groups) <= len(before.groups)
    assert after.suggestion.grade >= before.suggestion.grade or before.suggestion.grade == 6


# --- the command, the filters and the bundled dataset ------------------------------------------


@pytest.fixture(scope="module")
def dataset_evidence() -> dict[str, Evidence]:
    ws = load_workspace(PROJECT)
    index = EvidenceIndex(ws.sources, ws.people)
    return {claim_id: index.weigh(claim) for claim_id, claim in ws.claims.items()}


def test_evidence_works_on_every_claim_of_the_dataset(
    dataset_evidence: dict[str, Evidence],
) -> None:
    for claim_id in dataset_evidence:
        code, out, err = run(PROJECT, "evidence", claim_id)
        assert (code, err) == (0, "") and out.startswith(f"{claim_id}  [")
        code, out, _ = run(PROJECT, "evidence", claim_id, "--format", "json")
        assert code == 0 and json.loads(out)["claim"] == claim_id


def test_dataset_trains_claim_says_the_commanders_book_cannot_confirm_it(
    dataset_evidence: dict[str, Evidence],
) -> None:
    evidence = dataset_evidence["samsons-130-trains"]
    assert evidence.independent == 0 and "participant" in evidence.flags
    assert any("Самсон 1980 is by Vilis Samsons" in s and "cannot independently confirm" in s
               for s in evidence.profile)  # fmt: skip


def test_dataset_kinds_and_eras() -> None:
    ws = load_workspace(PROJECT)
    index = EvidenceIndex(ws.sources, ws.people)
    kinds = {key: index.facts(key).kind for key in ws.sources}  # type: ignore[union-attr]
    assert None not in kinds.values(), "every source has a kind"
    assert kinds["wikipedia-soviet-partisans-latvia"] is Kind.TERTIARY
    soviet = {key for key in ws.sources if index.facts(key).era == "soviet"}  # type: ignore[union-attr]
    assert soviet == set(
        "krastyn1946 vestermanis1958 rashkevits1963 dzintars1965 shestakov1967 rashkevits1973 "
        "grodnenskii1978 dzintars1979 kapitanov1977 kapitanov1980 samson1980 rekshnia1981 "
        "bogodistyi1982".split()
    )


def test_unknown_claim_is_a_usage_error() -> None:
    code, _, err = run(PROJECT, "evidence", "samsons-130-train")
    assert code == 2 and "did you mean: samsons-130-trains" in err


def test_show_json_carries_the_evidence() -> None:
    code, out, _ = run(PROJECT, "show", "samsons-130-trains", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["evidence"]["suggested"]["rule"] == "mention-only"
    assert data["evidence"]["independent"] == 0


CLAIM = """\
id: {id}
statement: Statement {id}.
people: [{person}]
reliability:
  status: unverified
links:
{links}
"""
BIB = """\
@book{a, author = {Ozols, Jānis}, title = {A}, location = {Rīga}, date = {1975}}
@book{b, author = {Ozols, Jānis}, title = {B}, location = {Rīga}, date = {1978}}
@book{c, author = {Liepa, Kārlis}, title = {C}, location = {London}, date = {2001}}
"""


OZOLS = "id: ozols-janis\nnames:\n  lv: [Jānis Ozols]\n"


def _claim(claim_id: str, *keys: str, person: str = "Nobody") -> str:
    links = "".join(f"  - source: {key}\n    stance: supports\n" for key in keys)
    return CLAIM.format(id=claim_id, person=person, links=links)


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        pytest.param(["--independent", "1"], ["one-author", "soviet"], id="independent"),
        pytest.param(["--min-independent", "2"], ["two"], id="min-independent"),
        pytest.param(["--profile", "soviet-era"], ["one-author", "ozols", "soviet"], id="soviet-era"),
        pytest.param(["--profile", "participant"], ["ozols"], id="participant"),
        pytest.param(["--profile", "tertiary-only"], [], id="tertiary-only"),
        pytest.param(["--independent", "0", "--profile", "participant"], ["ozols"],
                     id="participant-not-independent"),
    ],
)  # fmt: skip
def test_claims_filters(
    make_workspace: WorkspaceFactory, options: list[str], ids: list[str]
) -> None:
    root = make_workspace(
        bib=BIB,
        claims={
            "one-author": _claim("one-author", "a", "b"),
            "two": _claim("two", "a", "c"),
            "soviet": _claim("soviet", "a"),
            "ozols": _claim("ozols", "a", "b", person="Jānis Ozols"),
        },
    )
    (root / "people").mkdir()
    (root / "people" / "ozols-janis.yaml").write_text(OZOLS, "utf-8")
    code, out, _ = run(root, "claims", *options, "--format", "json")
    assert code == 0 and sorted(c["id"] for c in json.loads(out)) == ids


# --- approximate claim dates (the dataset records "from the end of 1941 to mid 1944") ----------


@pytest.mark.parametrize(
    ("date", "ok"),
    [
        pytest.param("1941-12~/1944-07~", True, id="approximate-interval"),
        pytest.param("1943-12~", True, id="approximate-month"),
        pytest.param("1944?", True, id="uncertain-year"),
        pytest.param("1944-05-27%", True, id="both"),
        pytest.param("1944~~", False, id="twice"),
        pytest.param("~1944", False, id="prefix"),
        pytest.param("1944-13~", False, id="no-such-month"),
    ],
)
def test_claim_dates_may_be_approximate(date: str, ok: bool) -> None:
    text = f'id: c\nstatement: S.\ndate: "{date}"\nreliability:\n  status: unverified\n'
    text += "links:\n  - source: a\n    stance: supports\n"
    found = claimfile.loads(text, "c.yaml").findings
    assert (not found) is ok, found


def test_verified_dates_stay_plain_days() -> None:
    assert not is_edtf_date("2026-11-26~") and is_edtf_date("2026-11-26~", qualified=True)


def test_readme_shows_the_real_output() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8")
    shown = readme.split("$ claimref evidence samsons-130-trains\n", 1)[1].split("\n```", 1)[0]
    code, out, _ = run(PROJECT, "evidence", "samsons-130-trains")
    assert code == 0 and out.rstrip("\n") == shown


WIKI = (
    "@online{w, author = {{Wikipedia contributors}}, title = {W}, organization = {Wikipedia},"
    " url = {https://en.wikipedia.org/wiki/W}}\n"
)


@pytest.mark.parametrize(
    ("keys", "status", "person", "says"),
    [
        pytest.param(("a", "b"), "established", "Nobody", "is established on one independent "
                     "source; a and b count once: the same person (Jānis Ozols)", id="one-author"),
        pytest.param(("a", "b"), "probable", "Jānis Ozols", "is probable but its only support is "
                     "a participant's own account (a, b)", id="participant"),
        pytest.param(("w",), "probable", "Nobody", "is probable but its only support is tertiary "
                     "(w)", id="tertiary"),
        pytest.param(("a", "c"), "unverified\n  credibility: 2", "Nobody", "records credibility "
                     "2, but the evidence suggests 6 (rule unchecked:", id="credibility"),
        pytest.param(("a", "c"), "probable", "Nobody", None, id="two-independent-works"),
        pytest.param(("a",), "probable", "Nobody", None, id="one-work-is-single-source"),
    ],
)  # fmt: skip
def test_verdict_messages(
    make_workspace: WorkspaceFactory,
    keys: tuple[str, ...],
    status: str,
    person: str,
    says: str | None,
) -> None:
    text = _claim("x", *keys, person=person).replace("status: unverified", f"status: {status}")
    root = make_workspace(bib=BIB + WIKI, claims={"x": text})
    (root / "people").mkdir()
    (root / "people" / "ozols-janis.yaml").write_text(OZOLS, "utf-8")
    _, out, _ = run(root, "check", "--select", "verdict-stronger-than-evidence")
    assert (says in out) if says else out == "", out
