"""``claimref check``: a good and a bad workspace for every rule, acceptance, selection, and the CLI.

Each case is a small workspace built in tmp_path: a clean base (two graded sources with ISBNs, two
well-supported claims) with one defect put in (bad) or one tricky but correct variant (good).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from claimref.errors import Severity
from claimref.store import load_workspace
from claimref.validate import RULES, UnknownRuleError, check, run_checks
from claimref.validate.claims import locator_problem
from claimref.validate.duplicates import skeleton
from claimref.validate.sources import is_biblatex_date
from tests.conftest import WorkspaceFactory

BASE_BIB = """\
@book{strods2006,
  author = {Strods, Heinrihs},
  title = {PSRS kaujinieki Latvijā},
  location = {Rīga},
  date = {2006},
  isbn = {9984-643-78-6},
  langid = {latvian},
  x-reliability = {B},
}

@book{samson1980,
  author = {Самсон, В. П.},
  title = {Дружба народов победила},
  location = {Рига},
  publisher = {Авотс},
  date = {1980},
  isbn = {978-3-16-148410-0},
  langid = {russian},
  x-reliability = {C},
}
"""

LINKS = """\
links:
  - source: strods2006
    stance: supports
    locator:
      label: page
      value: 96–119
    quote:
      text: Samsona vienība iznīcināja gandrīz 130 vilcienus.
      lang: lv
      translation: Samsons' unit destroyed nearly 130 trains.
    verified:
      by: tester
      "on": "2026-11-26"
  - source: samson1980
    stance: supports
    locator:
      label: chapter
      value: Kurzeme
"""

STATEMENTS = {
    "trains": "The unit of Vilis Samsons was credited with destroying nearly 130 German trains.",
    "karsava": "The regiment Par Padomju Latviju was dispersed near Kārsava in the spring of 1943.",
}


def claim(
    claim_id: str,
    statement: str = "",
    status: str = "established",
    links: str = LINKS,
    extra: str = "",
) -> str:
    """A claim file: the base claim ``claim_id`` with the given changes."""
    text = statement or STATEMENTS[claim_id]
    return f"id: {claim_id}\nstatement: {text}\nreliability:\n  status: {status}\n{extra}{links}"


def base_claims(**changes: str) -> dict[str, str]:
    claims = {name: claim(name) for name in STATEMENTS}
    claims.update(changes)
    return claims


@dataclass(frozen=True)
class Case:
    """A workspace: bibliography text, claim files by name, and other files by relative path."""

    bib: str = BASE_BIB
    claims: dict[str, str] = field(default_factory=base_claims)
    files: dict[str, str] = field(default_factory=dict)


def bib(old: str = "", new: str = "", add: str = "") -> Case:
    """The base bibliography with ``old`` replaced by ``new`` and ``add`` appended."""
    assert not old or old in BASE_BIB, old
    return Case(bib=BASE_BIB.replace(old, new, 1) + add)


def claims(**changes: str) -> Case:
    return Case(claims=base_claims(**changes))


BOOK = (
    "@book{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n  date = {{{date}}},\n"
    "{rest}}}\n"
)


def book(
    key: str,
    author: str = "Ozols, Jānis",
    title: str = "Meži un purvi",
    date: str = "1975",
    rest: str = "",
) -> str:
    return "\n" + BOOK.format(key=key, author=author, title=title, date=date, rest=rest)


ONE_LINK = LINKS.split("  - source: samson1980", maxsplit=1)[0]
WEAK_BIB = BASE_BIB.replace("x-reliability = {B}", "x-reliability = {E}").replace(
    "x-reliability = {C}", "x-reliability = {F}"
)
NEAR = "The unit of Vilis Samsons was credited with destroying almost 130 German trains."

SAMSONS = "id: samsons-vilis\nnames:\n  lv: [Vilis Samsons]\n  ru: [В. П. Самсон]\n"
PEOPLE = {"people/samsons-vilis.yaml": SAMSONS}
SUBJECT = "people: [Vilis Samsons]\n"

# the rules of claimref.validate.evidence_rules (x-based-on, x-kind, x-era, verdicts and evidence)
STRODS_ON, SAMSON_ON = "x-reliability = {B}", "x-reliability = {C}"
EVIDENCE_BAD: dict[str, Case] = {
    "verdict-stronger-than-evidence": bib("Самсон, В. П.", "Strods, Heinrihs"),
    "circular-support": Case(
        bib=BASE_BIB.replace(STRODS_ON, STRODS_ON + ",\n  x-based-on = {samson1980}").replace(
            SAMSON_ON, SAMSON_ON + ",\n  x-based-on = {strods2006}"
        )
    ),
    "based-on-unknown": bib(STRODS_ON, STRODS_ON + ",\n  x-based-on = {samson1908}"),
    "evidence-field-invalid": bib(STRODS_ON, STRODS_ON + ",\n  x-kind = {primry}"),
}
EVIDENCE_GOOD: dict[str, Case] = {
    # samson1980 derives from a third work, which does not make it depend on strods2006:
    "verdict-stronger-than-evidence": bib(
        SAMSON_ON, SAMSON_ON + ",\n  x-based-on = {ozols1975}", add=book("ozols1975")
    ),
    "circular-support": bib(STRODS_ON, STRODS_ON + ",\n  x-based-on = {samson1980}"),
    "based-on-unknown": bib(
        STRODS_ON, STRODS_ON + ",\n  x-based-on = {samson1980; ozols1975}", add=book("ozols1975")
    ),
    "evidence-field-invalid": bib(
        STRODS_ON, STRODS_ON + ",\n  x-kind = {Primary},\n  x-era = {none}"
    ),
}

# rule id → the case where it must fire, and a case (correct but close to the edge) where it must not.
BAD: dict[str, Case] = {
    "load": Case(files={"claims/empty.yaml": ""}),
    "stray-file": Case(files={"claims/notes.txt": "to do\n"}),
    "bibtex-syntax": bib(add="\n@book{broken, title = {unclosed,\n  year = 2000}\n"),
    "duplicate-key": bib(add=book("Strods2006")),
    "missing-key": bib(add="\n@book{,\n  title = {No key},\n}\n"),
    "undefined-macro": bib(add=book("m", rest="  month = january,\n")),
    "empty-name": bib(add=book("m", author="Ozols, Jānis and ")),
    "latex-undecoded": bib("title = {PSRS", r"title = {\foreignmacro{x} PSRS"),
    "yaml-syntax": claims(trains="id: [trains\n"),
    "claim-schema": claims(trains=claim("trains", extra="stanse: supports\n")),
    "id-mismatch": claims(trains=claim("karsava", STATEMENTS["trains"])),
    "status-without-note": claims(trains=claim("trains", status="disputed")),
    "verified-incomplete": claims(
        trains=claim(
            "trains",
            links=LINKS.replace(
                '    verified:\n      by: tester\n      "on": "2026-11-26"', "    verified: true"
            ),
        )
    ),
    "duplicate-id": claims(copy=claim("trains", "Another statement about trains and bridges.")),
    "missing-source": claims(trains=claim("trains", links=LINKS.replace("samson1980", "nosuch"))),
    "required-fields": bib("  title = {PSRS kaujinieki Latvijā},\n", ""),
    "isbn-invalid": bib("9984-643-78-6", "9984-643-78-5"),
    "isbn-missing": bib("  isbn = {9984-643-78-6},\n", ""),
    "doi-syntax": bib(
        "langid = {latvian}", "langid = {latvian},\n  doi = {https://doi.org/10.1000/182}"
    ),
    "language-unknown": bib("langid = {latvian}", "langid = {latvain}"),
    "date-invalid": bib("date = {2006}", "date = {2006-02-30}"),
    "swallowed-field": bib("location = {Рига}", "location = {Рига\n  publisher = {Авотс}}"),
    "empty-value": bib("location = {Rīga}", "location = {}"),
    "unused-source": bib(add=book("ozols1975", rest="  isbn = {0-306-40615-2},\n")),
    "duplicate-work": bib(
        add=book("samson1980lat", "Samson, V. P.", "Družba narodov pobedila.", "1980")
    ),
    "isbn-shared": bib(add=book("other", rest="  isbn = {3-16-148410-X},\n")),
    "near-duplicate-claim": claims(near=claim("near", NEAR)),
    "no-link": claims(trains=claim("trains", links="links: []\n")),
    "conflict-of-interest": Case(
        claims=base_claims(trains=claim("trains", extra=SUBJECT)), files=PEOPLE
    ),
    "disputed-without-dissent": claims(
        trains=claim("trains", status="disputed\n  note: Other counts differ")
    ),
    "quote-lang": claims(trains=claim("trains", links=LINKS.replace("      lang: lv\n", ""))),
    "locator-format": claims(trains=claim("trains", links=LINKS.replace("96–119", "p. 96"))),
    "single-source": claims(trains=claim("trains", links=ONE_LINK)),
    "weak-support": Case(bib=WEAK_BIB),
    "accept-unused": claims(
        trains=claim(
            "trains",
            extra=("accept:\n  - rule: single-source\n    reason: Only one source is known.\n"),
        )
    ),
    **EVIDENCE_BAD,
}

GOOD: dict[str, Case] = {
    "load": Case(),
    "stray-file": Case(files={"claims/.hidden": "editor state\n"}),
    "bibtex-syntax": bib(
        add="\n@string{avots = {Avots}}\n" + book("m", rest="  publisher = avots,\n")
    ),
    "duplicate-key": bib(add=book("strods2006b")),
    "missing-key": Case(),
    "undefined-macro": bib(add=book("m", rest="  month = jan,\n")),
    "empty-name": bib(add=book("m", author="Ozols, Jānis and Anderson, Ilze")),
    "latex-undecoded": bib("title = {PSRS", r"title = {\emph{PSRS}"),
    "yaml-syntax": Case(),
    "claim-schema": claims(trains=claim("trains", extra="date: 1943\n")),
    "id-mismatch": Case(),
    "status-without-note": claims(trains=claim("trains", status="disputed\n  note: Counts differ")),
    "verified-incomplete": claims(
        trains=claim(
            "trains",
            links=LINKS.replace(
                '    verified:\n      by: tester\n      "on": "2026-11-26"', "    verified: false"
            ),
        )
    ),
    "duplicate-id": Case(),
    "missing-source": Case(),
    "required-fields": bib(
        "  author = {Strods, Heinrihs},\n",
        "  editor = {Strods, Heinrihs},\n",
        add="\n@phdthesis{t,\n  author = {A, B},\n  title = {T},\n"
        "  institution = {LU},\n  date = {1990},\n}\n",
    ),
    "isbn-invalid": bib("9984-643-78-6", "978-9984-643-78-6"),
    "isbn-missing": bib(
        add="\n@inbook{ch,\n  author = {A, B},\n  title = {C},\n"
        "  booktitle = {B},\n  date = {1990},\n}\n"
    ),
    "doi-syntax": bib("langid = {latvian}", "langid = {latvian},\n  doi = {10.1000/182}"),
    "language-unknown": bib("langid = {latvian}", "langid = {lv}"),
    "date-invalid": bib("date = {2006}", "date = {1943-05/1944}"),
    "swallowed-field": bib(
        "langid = {latvian}", "langid = {latvian},\n  url = {https://x.lv/?a=1}"
    ),
    "empty-value": Case(),
    "unused-source": Case(),
    "duplicate-work": bib(
        add=book("samson1985", "Samson, V. P.", "Družba narodov pobedila", "1985")
    ),
    "isbn-shared": bib(
        add="\n@inbook{ch,\n  author = {A, B},\n  title = {C},\n  booktitle = {B},"
        "\n  date = {1980},\n  isbn = {3-16-148410-X},\n}\n"
    ),
    "near-duplicate-claim": claims(
        near=claim(
            "near",
            "Samsons' men blew up 130 trains of the German army in Latgale, by his own account.",
        )
    ),
    "no-link": Case(),
    # the same subject and author, but the author's work only mentions the claim:
    "conflict-of-interest": Case(
        claims=base_claims(
            trains=claim(
                "trains",
                extra=SUBJECT,
                links=LINKS.replace(
                    "  - source: samson1980\n    stance: supports",
                    "  - source: samson1980\n    stance: mentions",
                ),
            )
        ),
        files=PEOPLE,
    ),
    "disputed-without-dissent": claims(
        trains=claim(
            "trains",
            status="disputed\n  note: Other counts differ",
            links=LINKS.replace("stance: supports", "stance: disputes", 1),
        )
    ),
    "quote-lang": claims(trains=claim("trains", links=LINKS.replace("lang: lv", "lang: lv-Latn"))),
    "locator-format": claims(trains=claim("trains", links=LINKS.replace("96–119", "12, 15, xii"))),
    "single-source": claims(trains=claim("trains", status="unverified", links=ONE_LINK)),
    "weak-support": Case(bib=WEAK_BIB.replace("x-reliability = {F}", "x-reliability = {C}")),
    "accept-unused": claims(
        trains=claim(
            "trains",
            links=ONE_LINK,
            extra=("accept:\n  - rule: single-source\n    reason: Only one source is known.\n"),
        )
    ),
    **EVIDENCE_GOOD,
}


def build(make_workspace: WorkspaceFactory, case: Case) -> Path:
    root = make_workspace(bib=case.bib, claims=case.claims)
    for name, text in case.files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    return root


def findings_of(make_workspace: WorkspaceFactory, case: Case, rule: str) -> list[str]:
    """The findings of ``rule`` when every rule runs (acceptances are judged against all rules)."""
    report = check(load_workspace(build(make_workspace, case)))
    return [f"{f} [{f.rule}]" for f in report.findings if f.rule == rule]


@pytest.mark.parametrize("rule", list(BAD), ids=list(BAD))
def test_rule_finds_its_defect(make_workspace: WorkspaceFactory, rule: str) -> None:
    assert findings_of(make_workspace, BAD[rule], rule), f"{rule} found nothing in its bad case"


@pytest.mark.parametrize("rule", list(GOOD), ids=list(GOOD))
def test_rule_passes_good_data(make_workspace: WorkspaceFactory, rule: str) -> None:
    assert findings_of(make_workspace, GOOD[rule], rule) == []


def test_every_rule_has_a_good_and_a_bad_case() -> None:
    assert sorted(RULES) == sorted(BAD) == sorted(GOOD)


def test_rule_ids_are_kebab_case_with_descriptions() -> None:
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.id), rule.id
        assert rule.description and "\n" not in rule.description, rule.id


def test_base_workspace_is_clean(make_workspace: WorkspaceFactory) -> None:
    ws = load_workspace(build(make_workspace, Case()))
    assert [str(f) for f in run_checks(ws)] == []


def test_every_finding_of_the_bad_cases_has_a_registered_rule(
    make_workspace: WorkspaceFactory, tmp_path: Path
) -> None:
    seen = set()
    for rule, case in BAD.items():
        for name in ("bibliography", "claims"):
            for path in (tmp_path / name).glob("*"):
                path.unlink()
        seen |= {f.rule for f in run_checks(load_workspace(build(make_workspace, case)))}
        assert seen <= set(RULES), f"after {rule}: {seen - set(RULES)}"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        pytest.param("9984-643-78-5", "bad check digit", id="checksum"),
        pytest.param("9984-643", "wrong length", id="length"),
        pytest.param("9984-643-7A-6", "bad characters", id="characters"),
        pytest.param("977-3-16-148410-1", "978 or 979", id="prefix"),
    ],
)
def test_isbn_messages(make_workspace: WorkspaceFactory, value: str, problem: str) -> None:
    found = findings_of(make_workspace, bib("9984-643-78-6", value), "isbn-invalid")
    assert len(found) == 1 and problem in found[0], found


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1943", True),
        ("1943-05-31", True),
        ("1943/1944", True),
        ("1943/", True),
        ("../1944", True),
        ("1943~", True),
        ("1943-02-29", False),
        ("1943-13", False),
        ("n.d.", False),
        ("/", False),
        ("1943/1944/1945", False),
        ("1943 1944", False),
    ],
)
def test_biblatex_dates(value: str, valid: bool) -> None:
    assert is_biblatex_date(value) is valid


@pytest.mark.parametrize(
    ("label", "value", "fits"),
    [
        ("page", "112", True),
        ("page", "96–119", True),
        ("page", "12, 15–17", True),
        ("page", "xii", True),
        ("page", "12f.", True),
        ("folio", "12r", True),
        ("section", "War crimes", True),
        ("chapter", "3", True),
        ("page", "p. 12", False),
        ("section", "pp. 12-14", False),
        ("page", "the preface", False),
        ("page", "119-96", False),
        ("page", "стр. 45", False),
    ],
)
def test_locator_values(label: str, value: str, fits: bool) -> None:
    assert (locator_problem(label, value) == "") is fits


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Дружба народов победила", "Druzhba narodov pobedila"),
        ("Дружба народов победила", "Družba narodov pobedila"),
        ("Щёкин, Юрий", "Shchyokin, Yuriy"),
        ("Щёкин, Юрий", "Ŝëkin, Ûrij"),
        ("Щёкин, Юрий", "Ščëkin, Jurij"),
        ("Записки партизана", "Zapiski partizana"),
        ("Батальон", "Batalʹon"),
        ("Латгалии войны земля", "Latgalii voĭny zemli͡a"),
    ],
)
def test_skeleton_meets_across_scripts(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_load_errors_do_not_stop_the_check(make_workspace: WorkspaceFactory) -> None:
    case = Case(
        bib=BASE_BIB.replace("9984-643-78-6", "9984-643-78-5"),
        claims=base_claims(karsava="id: [karsava\n"),
    )
    rules = {f.rule for f in run_checks(load_workspace(build(make_workspace, case)))}
    assert {"yaml-syntax", "isbn-invalid"} <= rules


def test_claim_accept_takes_findings_out_and_counts_them(make_workspace: WorkspaceFactory) -> None:
    report = check(load_workspace(build(make_workspace, GOOD["accept-unused"])))
    assert [f.rule for f in report.findings] == []
    assert report.accepted == 1


def test_claim_accept_only_covers_its_own_file(make_workspace: WorkspaceFactory) -> None:
    accepted = claim(
        "trains",
        links=ONE_LINK,
        extra="accept:\n  - rule: single-source\n    reason: One source.\n",
    )
    case = claims(trains=accepted, karsava=claim("karsava", links=ONE_LINK))
    report = check(load_workspace(build(make_workspace, case)), select=["single-source"])
    assert [Path(f.location.path).name for f in report.findings] == ["karsava.yaml"]
    assert report.accepted == 1


def test_source_x_accept_covers_only_its_entry(make_workspace: WorkspaceFactory) -> None:
    text = BASE_BIB.replace(
        "  isbn = {9984-643-78-6},\n",
        "  x-accept = {isbn-missing: Not in "
        "the catalogue; unused-source: kept for completeness},\n",
    )
    text = text.replace("  isbn = {978-3-16-148410-0},\n", "")
    report = check(
        load_workspace(build(make_workspace, Case(bib=text))),
        select=["isbn-missing", "unused-source", "accept-unused"],
    )
    assert [(f.rule, f.message.split(":")[0]) for f in report.findings] == [
        ("accept-unused", "strods2006"),
        ("isbn-missing", "samson1980"),
    ]
    assert "'unused-source', which finds nothing" in report.findings[0].message
    assert report.accepted == 1


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        ("  - rule: no-such-rule\n    reason: x\n", "does not exist"),
        ("  - rule: no-link\n    reason: x\n", "finds nothing here"),
    ],
)
def test_stale_acceptances_are_reported(
    make_workspace: WorkspaceFactory, accept: str, message: str
) -> None:
    case = claims(trains=claim("trains", extra="accept:\n" + accept))
    found = findings_of(make_workspace, case, "accept-unused")
    assert len(found) == 1 and message in found[0]


def test_select_and_ignore(make_workspace: WorkspaceFactory) -> None:
    ws = load_workspace(build(make_workspace, BAD["weak-support"]))
    assert {f.rule for f in check(ws).findings} == {"weak-support"}
    assert check(ws, ignore=["weak-support"]).findings == ()
    assert check(ws, select=["no-link"]).rules == ("no-link",)
    with pytest.raises(UnknownRuleError, match="no-such"):
        check(ws, select=["no-such"])


# --- the command line -------------------------------------------------------------------------


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "check", *args])
    return result.exit_code, result.stdout, result.stderr


LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+)(:(?P<col>\d+))?: (?P<sev>error|warning|info): "
    r".+ \[(?P<rule>[a-z0-9-]+)\]$"
)


def test_cli_clean_workspace_exits_0(make_workspace: WorkspaceFactory) -> None:
    code, out, err = run(build(make_workspace, Case()), "--strict")
    assert (code, out) == (0, "")
    assert "0 errors, 0 warnings, 0 infos; 0 accepted" in err and "passed" in err


def test_cli_prints_errorformat_lines_and_exits_1(make_workspace: WorkspaceFactory) -> None:
    root = build(make_workspace, Case(bib=BAD["isbn-invalid"].bib, claims=BAD["quote-lang"].claims))
    code, out, err = run(root)
    lines = out.splitlines()
    assert code == 1 and all(LINE.match(line) for line in lines), out
    assert {LINE.match(line)["rule"] for line in lines} == {"isbn-invalid", "quote-lang"}  # type: ignore[index]
    assert lines[0].split(":")[0].endswith("sources.bib")
    assert (
        ":6:3: error: strods2006: ISBN '9984-643-78-5': bad check digit [isbn-invalid]" in lines[0]
    )
    assert "1 error, 1 warning, 0 infos" in err and "failed" in err


@pytest.mark.parametrize(
    ("args", "code"), [((), 0), (("--strict",), 1), (("--strict", "--ignore", "quote-lang"), 0)]
)
def test_cli_strict_makes_warnings_fail(
    make_workspace: WorkspaceFactory, args: tuple[str, ...], code: int
) -> None:
    assert run(build(make_workspace, BAD["quote-lang"]), *args)[0] == code


def test_cli_infos_never_fail(make_workspace: WorkspaceFactory) -> None:
    code, out, _ = run(build(make_workspace, BAD["unused-source"]), "--strict")
    assert code == 0 and "[unused-source]" in out


def test_cli_json(make_workspace: WorkspaceFactory) -> None:
    code, out, _ = run(build(make_workspace, BAD["locator-format"]), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["summary"] == {
        "error": 0,
        "warning": 1,
        "info": 0,
        "accepted": 0,
        "failed": False,
    }
    [finding] = data["findings"]
    assert finding["rule"] == "locator-format" and finding["severity"] == "warning"
    assert finding["line"] == 6 and finding["column"] == 5


def test_cli_select_comma_separated(make_workspace: WorkspaceFactory) -> None:
    root = build(make_workspace, Case(bib=BAD["isbn-invalid"].bib, claims=BAD["quote-lang"].claims))
    code, out, _ = run(root, "--select", "quote-lang,no-link")
    assert code == 0 and "[quote-lang]" in out and "isbn" not in out


@pytest.mark.parametrize(
    "args", [("--select", "nosuch"), ("--ignore", "isbn,nosuch"), ("--format", "xml")]
)
def test_cli_usage_errors_exit_2(make_workspace: WorkspaceFactory, args: tuple[str, ...]) -> None:
    code, _, err = run(build(make_workspace, Case()), *args)
    assert code == 2 and "Traceback" not in err


def test_cli_no_workspace_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMREF_ROOT", raising=False)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2 and "no claimref workspace" in result.stderr


def test_cli_accepted_count_in_summary(make_workspace: WorkspaceFactory) -> None:
    code, out, err = run(build(make_workspace, GOOD["accept-unused"]), "--strict")
    assert (code, out) == (0, "") and "; 1 accepted;" in err


def test_cli_list_rules_lists_every_rule_once() -> None:
    result = CliRunner().invoke(cli, ["check", "--list-rules"])
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and ids == list(RULES)
    data = json.loads(CliRunner().invoke(cli, ["check", "--list-rules", "--format", "json"]).stdout)
    assert [rule["id"] for rule in data] == list(RULES)
    assert {rule["severity"] for rule in data} == {s.value for s in Severity}


def test_every_rule_is_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "check.md").read_text("utf-8")
    missing = [rule for rule in RULES if f"| `{rule}` | {RULES[rule].severity.value} |" not in docs]
    assert missing == [], "add these rules to the table in docs/check.md"
