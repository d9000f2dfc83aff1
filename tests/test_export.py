"""BibTeX export: minimal edits, ASCII escapes, round trips on two real bibliographies, biber and
pandoc acceptance, refusal on parse errors, and atomic writes of ``-o``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref import exporting
from claimref.cli import cli
from claimref.errors import WriteRefusedError
from claimref.formats import bibtex, wikitext
from claimref.formats.bibwrite import macros_used, strip_private
from claimref.formats.latex import decode
from claimref.formats.latexenc import UnencodableError, to_ascii
from claimref.model import Link, Location, Locator, Quote, Stance
from claimref.store import load_workspace, write_atomic
from tests.conftest import MINIMAL_BIB, PROJECT, WorkspaceFactory, run

HERE = Path(__file__).parent
DATASET = HERE.parent / "bibliography" / "sources.bib"
#: Debian's texlive-bibtex-extra ships it; it is not committed here (.ci/run installs the package).
EXAMPLES = Path("/usr/share/texlive/texmf-dist/bibtex/bib/biblatex/biblatex/biblatex-examples.bib")
NO_BIBER = pytest.mark.skipif(shutil.which("biber") is None,
                              reason="biber not installed (.ci/run installs it)")  # fmt: skip
NO_PANDOC = pytest.mark.skipif(shutil.which("pandoc") is None,
                               reason="pandoc not installed (.ci/run installs it)")  # fmt: skip

# (id, entry text, expected after dropping x- fields)
STRIP_CASES = [
    pytest.param("@book{a,\n  title = {T},\n  x-note = {N},\n  year = 2000,\n}",
                 "@book{a,\n  title = {T},\n  year = 2000,\n}", id="middle-line"),
    pytest.param("@book{a,\n  title = {T},\n  x-note = {N}\n}", "@book{a,\n  title = {T},\n}",
                 id="last-without-comma"),
    pytest.param("@book{a, title = {T}, x-note = {N, {nested}}, year = 2000}",
                 "@book{a, title = {T}, year = 2000}", id="one-line"),
    pytest.param('@book{a,\n  x-note = "a " # mac # {b},\n  title = {T},\n}',
                 "@book{a,\n  title = {T},\n}", id="concatenation"),
    pytest.param("@book{a,\n  x-note = {multi\n   line},\n  title = {T}, % kept\n}",
                 "@book{a,\n  title = {T}, % kept\n}", id="multi-line-value"),
    pytest.param("@book{a,\n  X-Reliability = {A},\n  title = {T},\n}", "@book{a,\n  title = {T},\n}",
                 id="upper-case-name"),
    pytest.param("@book{a,\n  title = {x-note = {not a field}},\n}",
                 "@book{a,\n  title = {x-note = {not a field}},\n}", id="lookalike-in-value"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected"), STRIP_CASES)
def test_strip_private_removes_only_private_fields(raw: str, expected: str) -> None:
    assert strip_private(raw) == expected


def test_macros_used_finds_bare_names_only() -> None:
    raw = (
        '@article{a,\n  journal = jbs # " " # {x},\n  month = jun,\n  year = 2009,\n  t = "jbs"\n}'
    )
    assert macros_used(raw) == {"jbs", "jun"}


ASCII_CASES = [
    pytest.param("Latvijā", "Latvij{\\=a}", id="macron"),
    pytest.param("Vītols", "V{\\=\\i}tols", id="dotless-i"),
    pytest.param("Kārsavas ņ", "K{\\=a}rsavas {\\c{n}}", id="cedilla"),
    pytest.param("Šilde Ģirts ļ", "{\\v{S}}ilde {\\c{G}}irts {\\c{l}}", id="caron-and-comma"),
    pytest.param("Łódź", "{\\L}{\\'o}d{\\'z}", id="polish"),
    pytest.param("1941—1945", "1941{\\textemdash}1945", id="em-dash"),
    pytest.param("\\v{C}ukste {\\=a}", "\\v{C}ukste {\\=a}", id="already-latex-untouched"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ASCII_CASES)
def test_to_ascii_escapes_and_decodes_back(text: str, expected: str) -> None:
    assert to_ascii(text) == expected
    assert decode(expected).text == decode(text).text


@pytest.mark.parametrize("text", ["Рига", "Ελλάδα", "„quoted“"])
def test_to_ascii_refuses_what_it_cannot_spell(text: str) -> None:
    with pytest.raises(UnencodableError):
        to_ascii(text)


def _round_trip(root: Path, keep_private: bool) -> None:
    """Export everything, read it back: same fields (private ones only if kept), and each entry's
    text is the original text (or the original without its x- lines)."""
    ws = load_workspace(root)
    text = exporting.export_bibtex(ws, ws.sources.values(), keep_private=keep_private)
    again = bibtex.loads(text, "export.bib")
    assert [f for f in again.findings if f.severity == "error"] == []
    back = {s.key: s for s in again.sources}
    assert set(back) == set(ws.sources)
    for key, source in ws.sources.items():
        wanted = {k: v for k, v in source.fields.items() if keep_private or not k.startswith("x-")}
        assert dict(back[key].fields) == wanted, key
        assert back[key].raw == (source.raw if keep_private else strip_private(source.raw)), key
        assert back[key].raw in text


def _examples_workspace(tmp_path: Path) -> Path:
    if not EXAMPLES.is_file():
        pytest.skip(f"{EXAMPLES} absent: apt-get install texlive-bibtex-extra (.ci/run does)")
    (tmp_path / "bibliography").mkdir(parents=True)
    (tmp_path / "claims").mkdir()
    shutil.copy(EXAMPLES, tmp_path / "bibliography" / "examples.bib")
    return tmp_path


def _dataset_workspace(tmp_path: Path) -> Path:
    if not DATASET.is_file():
        pytest.skip(f"{DATASET} absent")
    (tmp_path / "bibliography").mkdir(parents=True)
    (tmp_path / "claims").mkdir()
    shutil.copy(DATASET, tmp_path / "bibliography" / "sources.bib")
    return tmp_path


BIBLIOGRAPHIES = [pytest.param(_dataset_workspace, id="dataset"),
                  pytest.param(_examples_workspace, id="biblatex-examples")]  # fmt: skip


@pytest.mark.parametrize("keep_private", [True, False], ids=["keep-private", "drop-private"])
@pytest.mark.parametrize("make", BIBLIOGRAPHIES)
def test_round_trip(make: type, keep_private: bool, tmp_path: Path) -> None:
    _round_trip(make(tmp_path), keep_private)


def test_biblatex_examples_has_92_entries_and_its_strings_come_along(tmp_path: Path) -> None:
    ws = load_workspace(_examples_workspace(tmp_path))
    assert len(ws.sources) == 92
    defined = {"anch-ie", "cup", "dtv", "hup", "jams", "jchph", "jomch", "pup"}
    user = next(s for s in ws.sources.values() if macros_used(s.raw) & defined)
    text = exporting.export_bibtex(ws, [user])
    strings = [d.key for d in bibtex.loads(text, "x.bib").strings]
    assert sorted(strings) == sorted(macros_used(user.raw) & defined)
    assert text.index("@string") < text.index(user.raw)


@NO_BIBER
@pytest.mark.parametrize("make", BIBLIOGRAPHIES)
def test_biber_accepts_the_export(make: type, tmp_path: Path) -> None:
    ws = load_workspace(make(tmp_path / "ws"))
    out = tmp_path / "export.bib"
    out.write_text(exporting.export_bibtex(ws, ws.sources.values()), "utf-8")
    result = subprocess.run(["biber", "--tool", "--validate-datamodel", out.name], cwd=tmp_path,
                            capture_output=True, text=True, check=False, timeout=300)  # fmt: skip
    errors = [line for line in result.stdout.splitlines() if line.startswith(("ERROR", "FATAL"))]
    assert result.returncode == 0, result.stdout + result.stderr
    assert errors == []


@NO_PANDOC
def test_pandoc_renders_the_csljson_export(tmp_path: Path) -> None:
    ws = load_workspace(_dataset_workspace(tmp_path / "ws"))
    refs = tmp_path / "refs.json"
    refs.write_text(exporting.export_csljson(ws.sources.values()), "utf-8")
    document = "Text [@strods2006; @samson1980; @falkov2019].\n"
    result = subprocess.run(["pandoc", "--citeproc", "--bibliography", str(refs), "-t", "plain"],
                            input=document, capture_output=True, text=True, check=False,
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "[WARNING]" not in result.stderr
    for expected in ("Strods", "Latvijā", "Самсон", "Дружба народов победила", "Routledge"):
        assert expected in " ".join(result.stdout.split())


def test_export_bibtex_leaves_out_entries_with_errors(make_workspace: WorkspaceFactory) -> None:
    """As biber: a bad entry (one that cannot be parsed, or one half read: a missing comma
    swallowed a field) costs that entry; the rest is exported, the errors printed, exit 1."""
    half_read = "@book{halfread, title = {Half} year = 2000}\n"
    broken = "@book{broken, title = {unclosed,\n  year = 2000}\n"
    root = make_workspace(bib=MINIMAL_BIB + half_read + broken)
    line = MINIMAL_BIB.count("\n") + 1
    ws = load_workspace(root)
    text = exporting.export_bibtex(ws, ws.sources.values())
    assert "@book{strods2006," in text and "@book{samson1980," in text
    assert "halfread" not in text and "broken" not in text
    result = CliRunner().invoke(cli, ["--root", str(root), "export", "bibtex"])
    assert result.exit_code == 1
    assert f"sources.bib:{line}:17: error: halfread: field 'title': missing comma" in result.stderr
    assert f"sources.bib:{line + 1}:1: error: cannot parse block" in result.stderr
    assert "2 bibliography entries left out" in result.stderr
    assert result.stdout == text


def test_export_writes_output_file_and_refuses_workspace_files(
    make_workspace: WorkspaceFactory, tmp_path: Path
) -> None:
    root = make_workspace()
    target = tmp_path / "out" / "cited.bib"
    ok = CliRunner().invoke(cli, ["--root", str(root), "export", "bibtex", "--key", "strods2006",
                                  "-o", str(target)])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert target.read_text("utf-8").startswith("@book{strods2006,")
    before = (root / "bibliography" / "sources.bib").read_bytes()
    refused = CliRunner().invoke(cli, ["--root", str(root), "export", "bibtex", "-o",
                                       str(root / "bibliography" / "sources.bib")])  # fmt: skip
    assert refused.exit_code == 1
    assert (root / "bibliography" / "sources.bib").read_bytes() == before


def test_unknown_key_is_a_usage_error(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    result = CliRunner().invoke(cli, ["--root", str(root), "export", "ris", "--key", "nosuch"])
    assert result.exit_code == 2
    assert "no source 'nosuch'" in result.stderr


def test_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("@book{old, title = {Old}}\n", "utf-8")

    def crash(descriptor: int) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(os, "fsync", crash)
    expected = r"refs\.bib: error: disk full \(simulated\); not written"
    with pytest.raises(WriteRefusedError, match=expected):
        write_atomic(target, "@book{new, title = {New}}\n" * 1000)
    assert target.read_text("utf-8") == "@book{old, title = {Old}}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_claims_json_export_is_valid_json(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    result = CliRunner().invoke(cli, ["--root", str(root), "export", "claims"])
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["claims"]] == ["trains"]
    assert [s["id"] for s in data["sources"]] == ["samson1980"]


def test_cyrillic_quote_is_romanized_with_the_original_in_script_quote() -> None:
    link = Link("samson1980", Stance.MENTIONS, Location("c.yaml", 1), Locator("page", "112"),
                Quote("уничтожили почти 130 эшелонов", "ru", "destroyed almost 130 trains"))  # fmt: skip
    assert wikitext.link_params(link) == [
        ("page", "112"),
        ("quote", "unichtozhili pochti 130 eshelonov"),
        ("script-quote", "ru:уничтожили почти 130 эшелонов"),
        ("trans-quote", "destroyed almost 130 trains"),
    ]


def test_conflicting_string_macros_of_two_files_stop_the_export(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace(
        bib={
            "a": '@string{pub = "Liesma"}\n@book{one, title = {A}, publisher = pub}\n',
            "b": '@string{pub = "Avots"}\n@book{two, title = {B}, publisher = pub}\n',
        }
    )
    ws = load_workspace(root)
    assert exporting.export_bibtex(ws, [ws.sources["one"]]).startswith('@string{pub = "Liesma"}')
    with pytest.raises(exporting.ExportError, match="@string pub differs"):
        exporting.export_bibtex(ws, ws.sources.values())


def test_claims_markdown_reference_list_in_a_csl_style() -> None:
    """With --style the Markdown reference list is the style's (APA: italics, translation)."""
    code, out, _ = run(PROJECT, "export", "claims", "--claim", "samsons-130-trains",
                       "--format", "markdown", "--style", "apa")  # fmt: skip
    assert code == 0
    references = out.split("## References", 1)[1]
    assert "- Самсон, В. П. (1980). *Дружба народов победила" in references
    assert "[The friendship of peoples prevailed" in references
