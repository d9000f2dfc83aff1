"""``--search`` through the index's full-text tables (:mod:`claimref.index.fulltext`): the same
claims as a full load, also for terms whose every trigram occurs in a claim that does not hold the
term, terms too short for a trigram, quotes, Cyrillic and marks; the tables follow edits, new and
removed files; an SQLite without the trigram tokenizer still answers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimref.index import Index, db, fulltext
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory, run

STATEMENTS = {
    "abcd": "Abcd xyz were seen.",
    "scrambled": "Bcdabc and zyx were seen.",
    "quoted": 'The "Kārsava" group said so.',
    "cyrillic": "Отряд Самсона взорвал эшелоны.",
}
TERMS = ["abcd", "bcda", "xyz", "zy", "a", '"kars', "karsava", "КАРСАВА", "самсон", "samson",
         "ešelon", "seen.", "s a"]  # fmt: skip


def _claim(name: str, statement: str) -> str:
    """The minimal claim under ``name`` with ``statement`` (a YAML double-quoted string)."""
    escaped = statement.replace('"', '\\"')
    lines = MINIMAL_CLAIM.replace("{id}", name).splitlines(keepends=True)
    return "".join(f'statement: "{escaped}"\n' if line.startswith("statement:") else line
                   for line in lines)  # fmt: skip


@pytest.fixture
def workspace(make_workspace: WorkspaceFactory) -> Path:
    return make_workspace(claims={name: _claim(name, text) for name, text in STATEMENTS.items()})


def _has_tables(root: Path) -> bool:
    file = db.database_file(root)
    assert file is not None
    with sqlite3.connect(file) as conn:
        return fulltext.have(conn)


def _same_as_full_load(root: Path, term: str) -> None:
    args = ["claims", "--search", term, "--format", "json"]
    assert run(root, *args) == run(root, "--no-cache", *args), term


def test_the_statements_are_as_written(workspace: Path) -> None:
    code, out, _ = run(workspace, "show", "quoted")
    assert code == 0
    assert 'The "Kārsava" group said so.' in out


@pytest.mark.parametrize("term", TERMS)
def test_a_search_answers_as_a_full_load(workspace: Path, term: str) -> None:
    _same_as_full_load(workspace, term)
    assert _has_tables(workspace)


def test_a_claim_holding_every_trigram_but_not_the_term_is_not_taken(workspace: Path) -> None:
    code, out, _ = run(workspace, "claims", "--search", "abcd")
    assert code == 0
    assert "abcd" in out
    assert "scrambled" not in out


def test_the_tables_follow_edits_new_and_removed_files(workspace: Path) -> None:
    assert "abcd" in run(workspace, "claims", "--search", "xyz")[1]
    path = workspace / "claims" / "abcd.yaml"
    path.write_text(path.read_text("utf-8").replace("xyz", "qrs"), "utf-8")
    (workspace / "claims" / "scrambled.yaml").unlink()
    new = workspace / "claims" / "late.yaml"
    new.write_text(_claim("late", "Xyz trains."), "utf-8")
    for term in ["xyz", "qrs", "bcdabc", "trains"]:
        _same_as_full_load(workspace, term)
    out = run(workspace, "claims", "--search", "xyz")[1]
    assert "late" in out
    assert "abcd" not in out


def test_without_the_trigram_tokenizer_a_search_reads_every_row(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_trigrams(conn: sqlite3.Connection, name: str, table: str, column: str) -> None:
        raise sqlite3.OperationalError("no such tokenizer: trigram")

    monkeypatch.setattr(fulltext, "_build", no_trigrams)
    for term in TERMS:
        _same_as_full_load(workspace, term)
    assert not _has_tables(workspace)


def test_the_tables_are_built_once_and_only_for_a_search(workspace: Path) -> None:
    assert run(workspace, "claims", "--status", "disputed")[0] == 0
    assert not _has_tables(workspace)
    assert run(workspace, "claims", "--search", "abcd")[0] == 0
    index = Index.open(workspace)
    assert index is not None
    try:
        assert fulltext.ensure(index.conn)  # already there: nothing to do
        rows = index.conn.execute("SELECT count(*) FROM claims_text").fetchone()[0]
    finally:
        index.close()
    assert rows == len(STATEMENTS)


@pytest.mark.parametrize(
    ("term", "query"),
    [("ab", None), ("abc", '"abc"'), ("abab", '"aba" AND "bab"'), ('a"b', '"a""b"'),
     ("aaaa", '"aaa"')],
)  # fmt: skip
def test_a_term_s_trigrams(term: str, query: str | None) -> None:
    assert fulltext.match(term) == query
