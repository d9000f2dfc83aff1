"""People across scripts: person files, name matching, cross-script search, conflicts of interest."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from claimref.formats import peoplefile
from claimref.model import Name
from claimref.people import NameKey, conflicts, is_person, resolve
from claimref.query import Selection, select_claims
from claimref.store import load_workspace
from tests.conftest import PROJECT, WorkspaceFactory

SAMSONS = """\
id: samsons-vilis
names:
  lv: [Vilis Samsons]
  ru: [Вилис Самсон, В. П. Самсон]
"""


def test_person_file_reads_forms_by_language() -> None:
    result = peoplefile.loads(SAMSONS, "people/samsons-vilis.yaml", "samsons-vilis")
    assert result.findings == ()
    assert result.person is not None
    assert result.person.forms() == ("Vilis Samsons", "Вилис Самсон", "В. П. Самсон")
    again = peoplefile.loads(peoplefile.dumps(result.person), "x", None).person
    assert again is not None and (again.id, again.names) == (result.person.id, result.person.names)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (SAMSONS.replace("lv:", "latvian:"), 3, "not a BCP 47 language code"),
        (SAMSONS.replace("names:", "name:"), 2, "unknown field 'name'"),
        (SAMSONS.replace("  lv: [Vilis Samsons]", "  lv: Vilis Samsons"), 3, "expected a list"),
        (SAMSONS.replace("id: samsons-vilis", "id: samsons"), 1, "does not match the file name"),
    ],
    ids=["language-name-not-code", "unknown-field", "forms-not-a-list", "id-not-file-name"],
)
def test_person_file_errors(text: str, line: int, fragment: str) -> None:
    findings = peoplefile.loads(text, "p.yaml", "samsons-vilis").findings
    assert any(fragment in f.message and f.location.line == line for f in findings), findings


@pytest.mark.parametrize(
    ("name", "form", "same"),
    [
        (Name("Самсон", "В. П."), "В. П. Самсон", True),
        (Name("Самсон", "В. П."), "Вилис Самсон", True),
        (Name("Самсон", "В. П."), "Vilis Samson", True),
        (Name("Самсон", "А."), "Вилис Самсон", False),
        (Name("Самсон", "В. П."), "Vilis Samsons", False),
        (Name("Krastiņš", "Jānis"), "Janis Krastins", True),
    ],
    ids=["same-script", "initials-of-full-name", "across-scripts", "other-initial",
         "other-family-ending", "diacritics-ignored"],
)  # fmt: skip
def test_name_matching(name: Name, form: str, same: bool) -> None:
    assert NameKey.of_name(name).agrees(NameKey.of_text(form)) is same


def test_resolve_any_form() -> None:
    person = peoplefile.loads(SAMSONS, "p.yaml").person
    assert person is not None
    people = {person.id: person}
    assert resolve("VILIS SAMSONS", people) == person
    assert resolve("в. п. самсон", people) == person
    assert resolve("Vilis", people) is None
    assert is_person(Name("Самсон", "В. П."), person)


def test_dataset_search_crosses_scripts() -> None:
    ws = load_workspace(PROJECT)
    latin = {c.id for c in select_claims(ws, Selection(search="samsons"))}
    cyrillic = {c.id for c in select_claims(ws, Selection(search="самсон"))}
    assert "samsons-130-trains" in latin and "samsons-130-trains" in cyrillic
    # found only through the Cyrillic author of samson1980, not through any Latin text:
    assert "courland-small-groups-1944-1945" in latin
    assert latin == cyrillic
    by_form = {c.id for c in select_claims(ws, Selection(people=("В. П. Самсон",)))}
    assert by_form == {c.id for c in select_claims(ws, Selection(people=("Vilis Samsons",)))}
    assert "samsons-130-trains" in by_form


def test_dataset_flags_the_samsons_conflict_of_interest() -> None:
    ws = load_workspace(PROJECT)
    (conflict,) = conflicts(ws.claims["samsons-130-trains"], ws.people, ws.sources)
    assert conflict.person.id == "samsons-vilis"
    assert conflict.link.source == "samson1980"
    assert "conflict of interest: Vilis Samsons" in conflict.describe()


def test_show_prints_the_conflict(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    (root / "people").mkdir()
    (root / "people" / "samsons-vilis.yaml").write_text(SAMSONS, "utf-8")
    result = CliRunner().invoke(cli, ["--root", str(root), "show", "trains"])
    assert result.exit_code == 0
    assert "possible conflict of interest: Vilis Samsons" in result.stdout
    assert "author of samson1980 (as Самсон, В. П.)" in result.stdout
