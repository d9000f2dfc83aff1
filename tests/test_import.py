"""``claimref import``: Zotero-style RIS and CSL-JSON and a BibTeX file with macros, into the minimal
workspace; collisions and duplicates reported and left out; bad input refused with its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from claimref.errors import WriteRefusedError
from claimref.formats import bibtex, cslread
from claimref.importing import apply_import, plan_import
from claimref.store import load_workspace
from tests.conftest import MINIMAL_BIB, WorkspaceFactory

DATA = Path(__file__).parent / "data" / "import"

# (input file, keys appended, messages of what is left out)
IMPORTS = [
    pytest.param("zotero.ris", ["vitols1999", "rashkevits1963", "swain2007", "falkov2019"],
                 ["likely a duplicate of 'strods2006' (same ISBN",
                  "likely a duplicate of 'samson1980' (same title, year and first author",
                  "likely a duplicate of 'swain2007' (same DOI"], id="zotero-ris"),
    pytest.param("zotero.json", ["kalnins2001", "rashkevits1973", "baltic2015"],
                 ["cite key 'Strods2006' is the key 'strods2006' differing only in case"],
                 id="zotero-csljson"),
    pytest.param("refs.bib", ["grodnenskii1978"],
                 ["cite key 'STRODS2006' is the key 'strods2006' differing only in case"],
                 id="bibtex-with-macros"),
]  # fmt: skip


def invoke(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "import", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("name", "added", "skipped"), IMPORTS)
def test_import_appends_new_entries_only(make_workspace: WorkspaceFactory, name: str,
                                         added: list[str], skipped: list[str]) -> None:  # fmt: skip
    root = make_workspace()
    bib = root / "bibliography" / "sources.bib"
    before = bib.read_text("utf-8")
    code, out, err = invoke(root, str(DATA / name))
    assert code == (1 if skipped else 0), err  # 1: something was left out
    after = bib.read_text("utf-8")
    assert after.startswith(before), "existing text must stay as it was"
    appended = bibtex.loads(after[len(before) :], "appended.bib")
    assert [f for f in appended.findings if f.severity == "error"] == []
    assert [s.key for s in appended.sources] == added
    assert [line.split()[1] for line in out.splitlines()] == added
    for message in skipped:
        assert message in err
    assert err.count("not imported") == len(skipped)
    assert load_workspace(root).errors == ()


def test_bibtex_import_is_byte_exact_and_brings_its_macros(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace()
    invoke(root, str(DATA / "refs.bib"))
    text = (root / "bibliography" / "sources.bib").read_text("utf-8")
    source = (DATA / "refs.bib").read_text("utf-8")
    entry = source[source.index("@book{grodnenskii1978") : source.index("@book{STRODS2006")].strip()
    assert entry in text
    assert "@string{lies = {Liesma}}" in text
    assert load_workspace(root).sources["grodnenskii1978"].get("publisher") == "Liesma"


def test_generated_keys_transliterate_cyrillic(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    invoke(root, str(DATA / "zotero.ris"))
    ws = load_workspace(root)
    assert ws.sources["rashkevits1963"].get("title") == "Записки партизана"
    assert ws.sources["vitols1999"].get("location") == "Rīga"
    assert ws.sources["swain2007"].get("pages") == "1--22"
    assert ws.sources["swain2007"].get("date") == "2007-03-01"


def test_dry_run_writes_nothing(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    before = (root / "bibliography" / "sources.bib").read_bytes()
    code, out, err = invoke(root, str(DATA / "zotero.ris"), "--dry-run")
    assert code == 1  # three duplicates left out
    assert out.startswith("--- a/bibliography/sources.bib\n+++ b/bibliography/sources.bib\n")
    assert "+@book{vitols1999," in out.splitlines()
    assert "+ vitols1999" in err
    assert "would append 4 entries" in err and "3 left out" in err
    assert (root / "bibliography" / "sources.bib").read_bytes() == before


def test_import_into_a_new_file(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    code, _, err = invoke(root, str(DATA / "zotero.json"), "--into", "bibliography/zotero.bib")
    assert code == 1, err  # Strods2006 left out
    ws = load_workspace(root)
    assert ws.errors == ()
    assert {"kalnins2001", "strods2006"} <= set(ws.sources)


BAD = [
    pytest.param("x.ris", "AU  - Lost, Author\nTY  - BOOK\nTI  - T\nER  - \n", 1,
                 "'AU' line outside a record", id="ris-line-outside-record"),
    pytest.param("x.ris", "TY  - BOOK\nTI  - First\nER  - \nTY  - BOOK\nTI  - No end\n", 4,
                 "record has no 'ER  -' line", id="ris-without-er"),
    pytest.param("x.json", '[\n  {"type": "book",\n   "title": "T",,\n  }\n]\n', 3, "bad JSON",
                 id="json-syntax"),
    pytest.param("x.json", '[\n  {"type": "book", "title": "A"},\n  {"title": "no type"}\n]\n', 3,
                 "item 2 is not a CSL item", id="json-item-without-type"),
    pytest.param("x.json", "[" * 100_000 + "]" * 100_000, 1, "bad JSON: nested too deeply",
                 id="json-nested-too-deeply"),
    pytest.param("x.bib", "@book{a,\n  title = {T},\n}\n\n@book{b,\n  title = {unclosed,\n}\n", 5,
                 "cannot parse block", id="bibtex-unclosed"),
    pytest.param("x.bib", "@book{a,\n  title = {T},\n  publisher = nomacro,\n}\n", 3,
                 "undefined @string macro", id="bibtex-undefined-macro"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "line", "message"), BAD)
def test_bad_input_is_refused_with_its_line(
    make_workspace: WorkspaceFactory, tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    root = make_workspace()
    before = (root / "bibliography" / "sources.bib").read_bytes()
    bad = tmp_path / name
    bad.write_text(text, "utf-8")
    code, out, err = invoke(root, str(bad))
    assert code == 1
    assert f"{name}:{line}" in err and message in err, err
    assert out == ""
    assert (root / "bibliography" / "sources.bib").read_bytes() == before


def test_import_refused_into_a_file_with_parse_errors(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib=MINIMAL_BIB + "@book{broken, title = {unclosed,\n  year = 2000}\n")
    before = (root / "bibliography" / "sources.bib").read_bytes()
    code, _, err = invoke(root, str(DATA / "zotero.ris"))
    assert code == 1
    assert "has parse errors" in err
    assert (root / "bibliography" / "sources.bib").read_bytes() == before


def test_import_refused_when_the_file_changed_since_it_was_read(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace()
    ws = load_workspace(root)
    plan = plan_import(ws, DATA / "zotero.ris")
    bib = root / "bibliography" / "sources.bib"
    bib.write_text(bib.read_text("utf-8") + "\n% edited meanwhile\n", "utf-8")
    edited = bib.read_bytes()
    with pytest.raises(WriteRefusedError, match="changed since it was read"):
        apply_import(ws, plan)
    assert bib.read_bytes() == edited


def test_several_bibliography_files_need_into(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib={"sources": MINIMAL_BIB, "more": "@book{x, title = {X}}\n"})
    code, _, err = invoke(root, str(DATA / "zotero.ris"))
    assert code == 1
    assert "choose one with --into" in err


@pytest.mark.parametrize("fmt", ["bibtex", "csljson", "ris"])
def test_importing_the_workspace_own_export_adds_nothing(
    make_workspace: WorkspaceFactory, tmp_path: Path, fmt: str
) -> None:
    root = make_workspace()
    suffix = {"bibtex": ".bib", "csljson": ".json", "ris": ".ris"}[fmt]
    exported = tmp_path / f"export{suffix}"
    result = CliRunner().invoke(cli, ["--root", str(root), "export", fmt, "-o", str(exported)])
    assert result.exit_code == 0, result.output
    code, out, err = invoke(root, str(exported), "--dry-run")
    assert code == 1
    assert out == ""
    assert err.count("not imported") == 2


def test_ris_with_windows_line_ends_and_bom(
    make_workspace: WorkspaceFactory, tmp_path: Path
) -> None:
    root = make_workspace()
    crlf = tmp_path / "zotero-windows.ris"
    text = (DATA / "zotero.ris").read_text("utf-8").replace("\n", "\r\n")
    crlf.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    code, _, err = invoke(root, str(crlf), "--dry-run")
    assert code == 1
    added = [line.split()[1] for line in err.splitlines() if line.startswith("+ ")]
    assert added == IMPORTS[0].values[1]


@pytest.mark.parametrize("into", ["claims/x.bib", "bibliography/x.txt", "../x.bib"])
def test_into_must_be_a_bib_file_of_the_bibliography(
    make_workspace: WorkspaceFactory, into: str
) -> None:
    code, _, err = invoke(make_workspace(), str(DATA / "zotero.ris"), "--into", into)
    assert code == 1
    assert "must be a .bib file in" in err


def test_input_that_is_not_utf8_is_refused_with_its_line(
    make_workspace: WorkspaceFactory, tmp_path: Path
) -> None:
    root = make_workspace()
    before = (root / "bibliography" / "sources.bib").read_bytes()
    bad = tmp_path / "baltic.ris"
    utf8, windows = "TY  - BOOK\nTI  - Rīga\n", "AU  - Bērziņš, Kārlis\nER  - \n"
    bad.write_bytes(utf8.encode("utf-8") + windows.encode("cp1257"))
    code, _, err = invoke(root, str(bad))
    assert code == 1
    assert "baltic.ris:3:" in err and "not valid UTF-8" in err, err
    assert (root / "bibliography" / "sources.bib").read_bytes() == before


ZOTERO_EXTRA_JSON = """[
  {
    "id": "lvva1944",
    "type": "map",
    "title": "Partizānu darbības rajoni",
    "issued": {"date-parts": [[1944]]},
    "archive": "Latvijas Valsts vēstures arhīvs",
    "archive_location": "F. 101, apr. 1",
    "Call Number": "K-1944/7",
    "collection-title": "Kartes",
    "reviewed-author": [{"family": "Strods", "given": "Heinrihs"}]
  }
]
"""
ZOTERO_EXTRA_RIS = """TY  - MAP
TI  - Partizānu darbības rajoni
PY  - 1944
DB  - LVVA
AN  - F. 101, apr. 1
ER  -
"""


@pytest.mark.parametrize(("name", "text", "kept", "warning"), [
    ("extra.json", ZOTERO_EXTRA_JSON,
     {"x-csl-type": "map", "x-csl-archive": "Latvijas Valsts vēstures arhīvs",
      "x-csl-archive_location": "F. 101, apr. 1", "x-csl-reviewed-author": "Strods, Heinrihs",
      "x-csl-call-number": "K-1944/7",
      "series": "Kartes"},
     "extra.json:2: warning: item 'lvva1944': variables with no BibLaTeX field kept as "
     "x-csl-archive, x-csl-archive_location, x-csl-call-number, x-csl-reviewed-author, x-csl-type"),
    ("extra.ris", ZOTERO_EXTRA_RIS,
     {"x-ris-ty": "MAP", "x-ris-db": "LVVA", "x-ris-an": "F. 101, apr. 1"},
     "extra.ris:1: warning: tags with no BibLaTeX field kept as x-ris-an, x-ris-db, x-ris-ty"),
], ids=["csljson", "ris"])  # fmt: skip
def test_values_without_a_bibtex_field_are_kept_and_reported(
    make_workspace: WorkspaceFactory, tmp_path: Path, name: str, text: str,
    kept: dict[str, str], warning: str,
) -> None:  # fmt: skip
    root = make_workspace()
    path = tmp_path / name
    path.write_text(text, "utf-8")
    code, _, err = invoke(root, str(path), "--keep-invalid")  # it has no author: kept all the same
    assert code == 0, err
    assert warning in err.replace(str(tmp_path) + "/", "")
    line = warning.split(":")[1]
    assert re.search(rf"{name}:{line}: error: \w+: @misc needs author or editor", err), err
    ws = load_workspace(root)
    (source,) = [s for s in ws.sources.values() if s.title.startswith("Partizānu")]
    assert {field: source.get(field) for field in kept} == kept
    assert ws.errors == ()


@pytest.mark.parametrize(("variable", "field"), [
    ("Call Number", "call-number"), ("archive_location", "archive_location"),
    ("Ārhīvs", "arhivs"), ("Архив", "arkhiv"), ("@@", "variable"),
])  # fmt: skip
def test_kept_variables_get_field_names_spelt_as_keys(variable: str, field: str) -> None:
    assert cslread._field_name(variable) == field


INVALID_BIB = """\
@book{kalnins2001,
  author = {Kalniņš, Jānis},
  title = {Partizāņu kustība},
  date = {2001},
  isbn = {978-9984-698-11-7},
}

@online{latvianhistory2015,
  title = {Soviet partisans},
  url = {https://example.org/partisans},
  date = {2015},
}

@book{berzins1970,
  author = {Bērziņš, Jānis},
  title = {Sarkanie partizāni},
  date = {1970},
}
"""


def test_entries_check_would_reject_are_left_out(
    make_workspace: WorkspaceFactory, tmp_path: Path
) -> None:
    root = make_workspace()
    path = tmp_path / "input.bib"
    path.write_text(INVALID_BIB, "utf-8")
    before = (root / "bibliography" / "sources.bib").read_text("utf-8")
    code, out, err = invoke(root, str(path))
    assert code == 1
    assert f"{path}:5:3: error: kalnins2001: ISBN '978-9984-698-11-7': bad check digit" in err
    assert f"{path}:8:1: error: latvianhistory2015: @online needs author or editor" in err
    assert "appended 1 entries" in err and "2 left out" in err
    assert out == "+ berzins1970  (" + str(path) + ":14:1)\n"
    after = (root / "bibliography" / "sources.bib").read_text("utf-8")
    assert after == before + "\n" + INVALID_BIB[INVALID_BIB.index("@book{berzins1970") :]


def test_keep_invalid_appends_them_all_the_same(
    make_workspace: WorkspaceFactory, tmp_path: Path
) -> None:
    root = make_workspace()
    path = tmp_path / "input.bib"
    path.write_text(INVALID_BIB, "utf-8")
    code, out, err = invoke(root, str(path), "--keep-invalid")
    assert code == 0, err
    assert "bad check digit" in err  # still reported
    assert len(out.splitlines()) == 3
    assert set(load_workspace(root).sources) >= {"kalnins2001", "latvianhistory2015"}


def test_rekey_keys_imported_entries_by_the_workspace_pattern(
    make_workspace: WorkspaceFactory, tmp_path: Path
) -> None:
    root = make_workspace()
    (root / "claimref.toml").write_text('key-pattern = "[auth:lower]_[year]"\n', "utf-8")
    path = tmp_path / "input.bib"
    path.write_text(INVALID_BIB.replace("@book{berzins1970", "@book{Berzins:1970xyz"), "utf-8")
    code, out, err = invoke(root, str(path), "--rekey", "--keep-invalid")
    assert code == 0, err
    assert [line.split()[1] for line in out.splitlines()] == [
        "kalnins_2001", "soviet_2015", "berzins_1970"
    ]  # fmt: skip
    text = (root / "bibliography" / "sources.bib").read_text("utf-8")
    assert "@book{berzins_1970,\n  author = {Bērziņš, Jānis}," in text
    assert "Berzins:1970xyz" not in text


@pytest.mark.parametrize(("key", "how"), [
    ("vi\u0304tols1999", "a twin of the key 'vītols1999'"),
    ("VĪTOLS1999", "the key 'vītols1999' differing only in case"),
], ids=["nfd", "case"])  # fmt: skip
def test_twin_keys_are_not_imported(
    make_workspace: WorkspaceFactory, tmp_path: Path, key: str, how: str
) -> None:
    root = make_workspace(bib=MINIMAL_BIB + "\n@book{vītols1999,\n  author = {Vītols, A.},\n"
                          "  title = {Cits},\n  date = {1999},\n}\n")  # fmt: skip
    path = tmp_path / "input.bib"
    path.write_text(f"@book{{{key},\n  author = {{Z, Z}},\n  title = {{Z}},\n  date = {{1}},\n}}\n",
                    "utf-8")  # fmt: skip
    code, out, err = invoke(root, str(path))
    assert code == 1
    assert f"not imported: cite key '{key}' is {how}" in err
    assert out == ""
