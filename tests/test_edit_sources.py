"""``claimref source add``, ``rekey`` and ``merge``, and the BibTeX splicing under them: on a copy of
the bundled dataset each edit changes exactly the bytes it should; what would leave an error behind
is refused with nothing written; several files change together or not at all."""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref.citekey import KeyPatternError, fold, make_key
from claimref.cli import cli
from claimref.edit.bibedit import (
    append_entry,
    find_entry,
    key_token,
    remove_entry,
    scan_keys,
    set_field,
    set_key,
)
from claimref.formats import bibtex
from claimref.store import load_workspace
from claimref.validate import check
from tests.conftest import MINIMAL_BIB, MINIMAL_CLAIM, PROJECT, WorkspaceFactory, run

BIB = "bibliography/sources.bib"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A copy of the bundled dataset (bibliography, claims, people, claimref.toml)."""
    root = tmp_path / "dataset"
    for folder in ("bibliography", "claims", "people"):
        shutil.copytree(PROJECT / folder, root / folder)
    shutil.copy(PROJECT / "claimref.toml", root / "claimref.toml")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every data file's bytes, by path relative to the workspace."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("bibliography", "claims", "people")
        for p in sorted((root / folder).glob("*"))
    }


def changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    """(old line, new line) pairs of a diff that only replaces lines one for one."""
    old, new = before.decode().splitlines(), after.decode().splitlines()
    pairs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            continue
        assert tag == "replace" and i2 - i1 == j2 - j1, f"not a one-for-one change: {tag}"
        pairs += list(zip(old[i1:i2], new[j1:j2], strict=True))
    return pairs


def clean(root: Path) -> None:
    """The workspace loads without errors and ``claimref check`` finds none."""
    ws = load_workspace(root)
    assert ws.errors == ()
    assert [str(f) for f in check(ws).findings if f.severity == "error"] == []


# --- BibTeX splicing ---------------------------------------------------------------------------

TEXT = """% a comment line
@string{lies = {Liesma}}

@book{a1,
  title = {A {nested} title},
  publisher = lies,
}

@article(b2,
  title = "Paren (delimited)",
  journal = {J},
)

@book{c3, title = {Last}}
"""


@pytest.mark.parametrize(("key", "expected"), [
    ("a1", "@book{a1,\n  title = {A {nested} title},\n  publisher = lies,\n}"),
    ("b2", '@article(b2,\n  title = "Paren (delimited)",\n  journal = {J},\n)'),
    ("c3", "@book{c3, title = {Last}}"),
], ids=["braces", "parentheses", "one-line"])  # fmt: skip
def test_find_entry_spans_the_entry_exactly(key: str, expected: str) -> None:
    span = find_entry(TEXT, key)
    assert TEXT[span.start : span.end] == expected


def test_scan_keys_finds_entries_not_strings() -> None:
    assert [(h.key, h.entry_type, h.line) for h in scan_keys(TEXT)] == [
        ("a1", "book", 4), ("b2", "article", 9), ("c3", "book", 14)
    ]  # fmt: skip


@pytest.mark.parametrize(("key", "expected"), [
    ("a1", TEXT.replace("@book{a1,\n  title = {A {nested} title},\n  publisher = lies,\n}\n\n", "")),
    ("b2", TEXT.replace('@article(b2,\n  title = "Paren (delimited)",\n  journal = {J},\n)\n\n',
                        "")),
    ("c3", TEXT.replace("\n@book{c3, title = {Last}}\n", "")),
], ids=["first-entry", "middle", "last"])  # fmt: skip
def test_remove_entry_takes_its_lines_and_one_blank_line(key: str, expected: str) -> None:
    assert remove_entry(TEXT, find_entry(TEXT, key)) == expected


def test_remove_the_only_entry_and_append_to_empty_text() -> None:
    text = "@book{x, title={T}}\n"
    assert remove_entry(text, find_entry(text, "x")) == ""
    assert append_entry("", "@book{y,\n}") == "@book{y,\n}\n"
    assert append_entry("% c", "@book{y,\n}") == "% c\n\n@book{y,\n}\n"


@pytest.mark.parametrize(("entry", "field", "value", "expected"), [
    ("@book{a,\n  author    = {X},\n  date      = 2000\n}", "isbn", "{1}",
     "@book{a,\n  author    = {X},\n  date      = 2000,\n  isbn      = {1},\n}"),
    ("@book{a,\n  author = {X},\n}", "isbn", "{1}", "@book{a,\n  author = {X},\n  isbn = {1},\n}"),
    ("@book{a,\n  date = {1980},\n}", "date", "{1981}", "@book{a,\n  date = {1981},\n}"),
    ("@book{a,\n}", "isbn", "{1}", "@book{a,\n  isbn = {1},\n}"),
], ids=["aligned-no-trailing-comma", "plain", "replace", "no-fields"])  # fmt: skip
def test_set_field_keeps_the_layout(entry: str, field: str, value: str, expected: str) -> None:
    assert set_field(entry, field, value) == expected


def test_set_key_changes_only_the_key() -> None:
    assert set_key("@book{ old ,\n  title = {old}}", "new") == "@book{ new ,\n  title = {old}}"


@pytest.mark.parametrize(("text", "found"), [
    ("see samson1980.", True), ("(samson1980)", True), ("samson1980a", False),
    ("xsamson1980", False), ("samson1980.x", False), ("samson1980, krastyn1946", True),
], ids=["full-stop", "brackets", "longer-key", "prefix", "dotted-key", "list"])  # fmt: skip
def test_key_token_matches_whole_keys_only(text: str, found: bool) -> None:
    assert bool(key_token("samson1980").search(text)) is found


# --- keys by pattern ---------------------------------------------------------------------------

KEYED = """\
@book{x,
  author = {Vītols, Ēriks and Other, A.},
  title = {Partizāņu cīņa Latgalē},
  date = {1999-05},
}
"""


@pytest.mark.parametrize(("pattern", "key"), [
    ("[auth:lower][year]", "vitols1999"),
    ("[auth][year]", "Vitols1999"),
    ("[auth:upper]_[year]", "VITOLS_1999"),
    ("[auth:lower][shorttitle:lower]", "vitolspartizanucinalatgale"),
    ("[title:lower][year]", "partizanu1999"),
], ids=["default", "case-kept", "upper-literal", "shorttitle", "title"])  # fmt: skip
def test_key_patterns(pattern: str, key: str) -> None:
    source = bibtex.loads(KEYED, "x.bib").sources[0]
    assert make_key(source, set(), pattern) == key


def test_key_suffixes_a_b_as_better_bibtex() -> None:
    source = bibtex.loads(KEYED, "x.bib").sources[0]
    assert make_key(source, {"vitols1999"}) == "vitols1999a"
    assert make_key(source, {"vitols1999", "vitols1999a"}) == "vitols1999b"


@pytest.mark.parametrize("pattern", ["[author][year]", "[auth:title]", "[auth", "[auth] [year]"])
def test_bad_key_patterns_are_refused(pattern: str) -> None:
    source = bibtex.loads(KEYED, "x.bib").sources[0]
    with pytest.raises(KeyPatternError, match="key-pattern"):
        make_key(source, set(), pattern)


@pytest.mark.parametrize("twin", ["Strods2006", "strods\u200b2006", "STRODS\u00ad2006",
                                  "\ufeffstrods2006", "strods2006\u2060"])  # fmt: skip
def test_fold_makes_twins_alike(twin: str) -> None:
    assert fold(twin) == fold("strods2006")
    assert fold("vi\u0304tols") == fold("v\u012btols")  # NFD and NFC


# --- source add --------------------------------------------------------------------------------

LATVIAN_BOOK = ("--type", "book", "--author", "Bērziņš, Jānis", "--title",
                "Sarkanie partizāni Latgalē", "--date", "1970", "--langid", "lv",
                "--publisher", "Liesma", "--location", "Rīga")  # fmt: skip


def test_source_add_from_fields_appends_only_the_new_entry(dataset: Path) -> None:
    before = (dataset / BIB).read_bytes()
    others = {k: v for k, v in snapshot(dataset).items() if k != BIB}
    code, out, err = run(dataset, "source", "add", *LATVIAN_BOOK)
    assert code == 0, err
    assert out == "berzins1970\n"
    after = (dataset / BIB).read_bytes()
    entry = (
        "@book{berzins1970,\n  author = {Bērziņš, Jānis},\n  title = {Sarkanie partizāni Latgalē},\n"
        "  location = {Rīga},\n  publisher = {Liesma},\n  date = {1970},\n  langid = {latvian},\n}\n"
    )
    assert after == before + b"\n" + entry.encode()
    assert {k: v for k, v in snapshot(dataset).items() if k != BIB} == others
    assert f"added 'berzins1970' to {dataset / BIB}:" in err
    clean(dataset)


def test_source_add_twice_gets_suffix_a(dataset: Path) -> None:
    assert run(dataset, "source", "add", *LATVIAN_BOOK)[1] == "berzins1970\n"
    code, out, err = run(dataset, "source", "add", *LATVIAN_BOOK[:4], "--title", "Otra grāmata",
                         *LATVIAN_BOOK[6:])  # fmt: skip
    assert (code, out) == (0, "berzins1970a\n"), err


@pytest.mark.parametrize(("args", "message"), [
    (("--isbn", "978-9984-698-11-7"), "<fields>:7:3: error: berzins1970: ISBN '978-9984-698-11-7': "
     "bad check digit"),
    (("--langid", "elvish"), "langid 'elvish' is not a known language"),
], ids=["bad-isbn", "bad-langid"])  # fmt: skip
def test_source_add_refuses_an_entry_check_would_reject(
    dataset: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(dataset)
    fields = [a for a in LATVIAN_BOOK if a not in ("--langid", "lv")] if "--langid" in args else []
    code, _, err = run(dataset, "source", "add", *(fields or LATVIAN_BOOK), *args)
    assert code == 1
    assert message in err
    assert "nothing done" in err
    assert snapshot(dataset) == before


def test_source_add_refuses_a_book_without_title(dataset: Path) -> None:
    code, _, err = run(dataset, "source", "add", "--author", "Bērziņš, J.", "--date", "1970")
    assert code == 1
    assert "error: berzins1970: @book needs title" in err


SNIPPET = """@book{strods2006x,
  author = {Strods, Heinrihs},
  title = {Cits darbs},
  date = {2006},
}"""


@pytest.mark.parametrize(("key", "message"), [
    ("strods2006", "cite key 'strods2006' is already used (defined at"),
    ("Strods2006", "cite key 'Strods2006' is a twin of 'strods2006'"),
    ("strods\u200b2006", "cite key 'strods<U+200B>2006' holds invisible characters"),
], ids=["same", "case", "zero-width-space"])  # fmt: skip
def test_source_add_refuses_taken_and_twin_keys(dataset: Path, key: str, message: str) -> None:
    before = snapshot(dataset)
    code, _, err = run(dataset, "source", "add", SNIPPET.replace("strods2006x", key))
    assert code == 1
    assert re.search(rf"<argument>:1(:1)?: error: {re.escape(message)}", err), err
    assert snapshot(dataset) == before


def test_source_add_snippet_from_stdin_file_and_argument(dataset: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(dataset), "source", "add", "-"], input=SNIPPET)
    assert (result.exit_code, result.stdout) == (0, "strods2006x\n"), result.stderr
    path = tmp_path / "one.bib"
    path.write_text(SNIPPET.replace("strods2006x", ""), "utf-8")  # no key: made by the pattern
    assert run(dataset, "source", "add", str(path))[1] == "strods2006a\n"
    assert run(dataset, "source", "add", SNIPPET, "--key", "cits2006")[1] == "cits2006\n"
    code, out, _ = run(dataset, "source", "add", SNIPPET.replace("strods2006x", "y"), "--rekey")
    assert (code, out) == (0, "strods2006b\n")
    clean(dataset)


def test_source_add_reads_the_snippet_with_the_target_macros(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace(bib="@string{lies = {Liesma}}\n\n" + MINIMAL_BIB)
    snippet = "@book{dz1979,\n  author = {Dzintars, J.},\n  title = {T},\n  date = 1979,\n"
    code, _, err = run(root, "source", "add", snippet + "  publisher = lies,\n}")
    assert code == 0, err
    assert load_workspace(root).sources["dz1979"].get("publisher") == "Liesma"
    code, _, err = run(
        root, "source", "add", snippet.replace("dz1979", "dz") + "  location = r,\n}"
    )
    assert code == 0, err  # biber reads an undefined macro as empty text (a warning in check)
    assert "location" not in load_workspace(root).sources["dz"].fields


def test_source_add_to_a_file_with_a_broken_entry_adds_a_readable_entry(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace(bib=MINIMAL_BIB + "\n@book{broken, title = {unclosed,\n")
    code, _, err = run(root, "source", "add", *LATVIAN_BOOK)
    assert code == 0, err
    ws = load_workspace(root)
    assert "berzins1970" in ws.sources
    assert [f.location.line for f in ws.errors] == [19]  # the broken entry, as before


def test_source_add_uses_the_workspace_key_pattern(dataset: Path) -> None:
    toml = dataset / "claimref.toml"
    toml.write_text(toml.read_text("utf-8") + '\nkey-pattern = "[auth][year]"\n', "utf-8")
    assert run(dataset, "source", "add", *LATVIAN_BOOK)[1] == "Berzins1970\n"
    toml.write_text(toml.read_text("utf-8").replace("[auth][year]", "[writer]"), "utf-8")
    code, _, err = run(dataset, "source", "add", *LATVIAN_BOOK)
    assert code == 1
    assert "claimref.toml: error: key-pattern '[writer]': unknown field [writer]" in err


def test_source_add_transliterates_cyrillic_authors(dataset: Path) -> None:
    code, out, _ = run(dataset, "source", "add", "--author", "Самсон, В. П.", "--title", "Книга",
                       "--date", "1985", "--langid", "ru")  # fmt: skip
    assert (code, out) == (0, "samson1985\n")


def test_source_add_dry_run_prints_the_diff(dataset: Path) -> None:
    before = snapshot(dataset)
    code, out, err = run(dataset, "source", "add", *LATVIAN_BOOK, "--dry-run")
    assert code == 0
    assert out.startswith(f"--- a/{BIB}\n+++ b/{BIB}\n")
    assert "+@book{berzins1970,\n" in out
    assert "nothing written" in err
    assert snapshot(dataset) == before


def test_source_add_needs_into_with_several_files(dataset: Path) -> None:
    (dataset / "bibliography" / "more.bib").write_text("@book{m, title={M}}\n", "utf-8")
    code, _, err = run(dataset, "source", "add", *LATVIAN_BOOK)
    assert code == 1 and "choose one with --into" in err
    code, _, err = run(dataset, "source", "add", *LATVIAN_BOOK, "--into", "bibliography/more.bib")
    assert code == 0, err
    assert "berzins1970" in (dataset / "bibliography" / "more.bib").read_text("utf-8")


# --- rekey -------------------------------------------------------------------------------------


def test_rekey_changes_every_reference_and_nothing_else(dataset: Path) -> None:
    before = snapshot(dataset)
    code, out, err = run(dataset, "rekey", "samson1980", "samsons1980")
    assert code == 0, err
    after = snapshot(dataset)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {BIB, "claims/courland-small-groups-1944-1945.yaml",
                       "claims/samsons-130-trains.yaml", "claims/samsons-unit-3000-men.yaml",
                       "people/samsons-vilis.yaml"}  # fmt: skip
    for name in changed:
        for old, new in changed_lines(before[name], after[name]):
            assert new == old.replace("samson1980", "samsons1980"), (old, new)
    assert len(out.splitlines()) == 6  # the entry, the article's x-based-on, 3 links, a note
    assert "3 link(s)" in err
    clean(dataset)


def test_rekey_updates_crossrefs_and_x_accept(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib="""\
        @book{whole1980,
          author = {A, B},
          title = {Whole},
          date = {1980},
        }

        @inbook{part1980,
          author = {A, B},
          title = {Part},
          crossref = {whole1980},
          x-accept = {required-fields: the title of whole1980 is enough},
          date = {1980},
        }
        """, claims={})  # fmt: skip
    code, _, err = run(root, "rekey", "whole1980", "ganzes1980")
    assert code == 0, err
    text = (root / BIB).read_text("utf-8")
    assert "crossref = {ganzes1980}" in text
    assert "the title of ganzes1980 is enough" in text
    assert "whole1980" not in text


DATASET_KEYS = [h.key for h in scan_keys((PROJECT / BIB).read_text("utf-8"))]


@pytest.mark.parametrize("key", DATASET_KEYS)
def test_rekey_of_every_dataset_key_changes_only_its_mentions(dataset: Path, key: str) -> None:
    before = snapshot(dataset)
    code, _, err = run(dataset, "rekey", key, key + "x")
    assert code == 0, err
    after = snapshot(dataset)
    pairs = [p for name in before for p in changed_lines(before[name], after[name])]
    assert pairs and all(new == old.replace(key, key + "x") for old, new in pairs)
    clean(dataset)


@pytest.mark.parametrize(("new", "message"), [
    ("strods2006", "cite key 'strods2006' is already used (defined at"),
    ("STRODS2006", "cite key 'STRODS2006' is a twin of 'strods2006'"),
    ("stro\u0301ds2006", "cannot be a cite key"),
    ("strods2006\u200b", "cannot be a cite key"),
], ids=["same", "case", "combining-accent", "zero-width-space"])  # fmt: skip
def test_rekey_to_a_taken_or_unusable_key_is_refused(dataset: Path, new: str, message: str) -> None:
    before = snapshot(dataset)
    code, _, err = run(dataset, "rekey", "samson1980", new)
    assert code == 1
    assert f"{BIB}:172: error: " in err and message in err, err
    assert snapshot(dataset) == before


def test_rekey_to_a_yaml_keyword_quotes_it(dataset: Path) -> None:
    code, _, err = run(dataset, "rekey", "samson1980", "yes")
    assert code == 0, err
    assert '- source: "yes"\n' in (dataset / "claims/samsons-130-trains.yaml").read_text("utf-8")
    clean(dataset)


@pytest.mark.parametrize(("args", "message"), [
    (("rekey", "samson1908", "x"), "no source 'samson1908' in bibliography/ (did you mean "
     "'samson1980'?)"),
    (("rekey", "samson1980", "samson1980"), "already has that key"),
    (("merge", "nope", "samson1980"), "no source 'nope'"),
    (("merge", "samson1980", "samson1980"), "the same key"),
    (("merge", "kapitanov1977", "kapitanov1980", "--take", "isbn"), "'kapitanov1980' has no field"),
], ids=["rekey-unknown", "rekey-same", "merge-unknown", "merge-same", "take-missing"])  # fmt: skip
def test_usage_errors_exit_2(dataset: Path, args: tuple[str, ...], message: str) -> None:
    before = snapshot(dataset)
    code, _, err = run(dataset, *args)
    assert code == 2
    assert message in err
    assert snapshot(dataset) == before


def test_rekey_is_all_or_nothing(dataset: Path) -> None:
    person = dataset / "people" / "samsons-vilis.yaml"
    os.chmod(person, 0o444)  # the last file it would change cannot be written
    before = snapshot(dataset)
    code, _, err = run(dataset, "rekey", "samson1980", "samsons1980")
    assert code == 1
    assert "samsons-vilis.yaml: error: is read-only" in err
    assert snapshot(dataset) == before


def test_rekey_dry_run_prints_the_diff_of_every_file(dataset: Path) -> None:
    before = snapshot(dataset)
    code, out, _ = run(dataset, "rekey", "samson1980", "samsons1980", "--dry-run")
    assert code == 0
    assert out.count("\n--- a/") + out.startswith("--- a/") == 5
    assert "-  - source: samson1980\n+  - source: samsons1980\n" in out
    assert snapshot(dataset) == before


# --- merge -------------------------------------------------------------------------------------


def test_merge_removes_drop_moves_links_and_lists_fields(dataset: Path) -> None:
    before = snapshot(dataset)
    bib = before[BIB].decode()
    drop = bib[find_entry(bib, "kapitanov1980").start : find_entry(bib, "kapitanov1980").end]
    code, out, err = run(dataset, "merge", "kapitanov1977", "kapitanov1980")
    assert code == 0, err
    after = snapshot(dataset)
    moved = "kapitanov1977, kapitanov1977, samson1980"  # in the article's x-based-on
    assert after[BIB].decode() == bib.replace(drop + "\n\n", "").replace(
        "kapitanov1977, kapitanov1980, samson1980", moved
    )
    claim = "claims/daugavpils-jewish-resistance.yaml"
    assert changed_lines(before[claim], after[claim]) == [
        ("  - source: kapitanov1980", "  - source: kapitanov1977")
    ]
    assert {k for k in before if before[k] != after[k]} == {BIB, claim}
    assert (
        "differs: date = {1977} in 'kapitanov1977' (kept), {1980} in 'kapitanov1980' (--take date)"
        in err
    )
    assert "now links to 'kapitanov1977' more than once" in err
    assert out.splitlines()[0].endswith("entry 'kapitanov1980' removed")
    clean(dataset)


def test_merge_take_copies_fields_into_keep(dataset: Path) -> None:
    bib = (dataset / BIB).read_text("utf-8")
    keep = bib[find_entry(bib, "kapitanov1977").start : find_entry(bib, "kapitanov1977").end]
    code, _, err = run(dataset, "merge", "kapitanov1977", "kapitanov1980", "--take", "part",
                       "--take", "isbn")  # fmt: skip
    assert code == 2 and "'kapitanov1980' has no field 'isbn'" in err
    code, _, err = run(dataset, "merge", "kapitanov1977", "kapitanov1980", "--take", "part")
    assert code == 0, err
    after = (dataset / BIB).read_text("utf-8")
    assert after[find_entry(after, "kapitanov1977").start :].startswith(
        keep.replace("  part = {1},", "  part = {2},")
    )
    assert "took from 'kapitanov1980': part" in err


def test_merge_across_files_writes_macro_values_out(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(
        bib={
            "a": "@book{keep1980,\n  author    = {Kalniņš, J.},\n  title     = {Grāmata},\n"
            "  date      = {1980}\n}\n",
            "b": "@string{zin = {Zinātne}}\n\n@book{drop1980,\n  author = {Kalniņš, J.},\n"
            "  title = {Grāmata},\n  date = {1980},\n  publisher = zin,\n"
            "  isbn = {9984-643-78-6},\n}\n",
        },
        claims={"c": MINIMAL_CLAIM.replace("{id}", "c").replace("samson1980", "drop1980")},
    )
    code, _, err = run(root, "merge", "keep1980", "drop1980", "--take", "publisher", "--take",
                       "isbn")  # fmt: skip
    assert code == 0, err
    assert (root / "bibliography/a.bib").read_text("utf-8") == (
        "@book{keep1980,\n  author    = {Kalniņš, J.},\n  title     = {Grāmata},\n"
        "  date      = {1980},\n  publisher = {Zinātne},\n  isbn      = {9984-643-78-6},\n}\n"
    )
    assert (root / "bibliography/b.bib").read_text("utf-8") == "@string{zin = {Zinātne}}\n"
    assert "- source: keep1980" in (root / "claims/c.yaml").read_text("utf-8")
    clean(root)


def test_fields_do_not_read_standard_input(dataset: Path) -> None:
    args = ["--root", str(dataset), "source", "add", *LATVIAN_BOOK]
    result = CliRunner().invoke(cli, args, input=SNIPPET)  # piped input, but fields were given
    assert (result.exit_code, result.stdout) == (0, "berzins1970\n"), result.stderr
    code, _, err = run(dataset, "source", "add", SNIPPET, "--title", "T")
    assert code == 2 and "either a BibTeX snippet or fields" in err
