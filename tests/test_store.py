"""The store: every kind of bad input is reported with its file, line and a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimref.errors import Severity, WorkspaceNotFoundError, WriteRefusedError
from claimref.store import FileStamp, find_root, load_workspace, write_atomic
from tests.conftest import MINIMAL_BIB, MINIMAL_CLAIM, WorkspaceFactory

GOOD = MINIMAL_CLAIM.replace("{id}", "trains")


def claim(**replace: str) -> str:
    text = GOOD
    for old, new in replace.items():
        text = text.replace(old.replace("_", " "), new)
    return text


# (case id, bib files, claim files, expected file, expected line, message fragment)
BAD_INPUTS = [
    pytest.param(
        {"sources": MINIMAL_BIB + "@book{broken, title = {unclosed,\n  year = 2000}\n"},
        None, "sources.bib", 18, "cannot parse block '@book{broken' (gave up on line 20)",
        id="failed-bibtex-block",
    ),
    pytest.param(
        {"sources": MINIMAL_BIB + "@book{samson1980, title = {Again}}\n"},
        None, "sources.bib", 18, "duplicate cite key 'samson1980'", id="duplicate-key",
    ),
    pytest.param(
        {"sources": MINIMAL_BIB, "more": "@book{Samson1980, title = {Other}}\n"},
        None, "sources.bib", 10, "differing only in case", id="duplicate-key-case-only",
    ),
    pytest.param(
        {"sources": MINIMAL_BIB + "@book{,\n  title = {No key},\n}\n"},
        None, "sources.bib", 18, "has no cite key", id="entry-without-key",
    ),
    pytest.param(
        {"sources": MINIMAL_BIB + "@book{m,\n  title = {T},\n  1st = {x},\n}\n"},
        None, "sources.bib", 20, "'1st' is not a field name", id="bad-field-name",
    ),
    pytest.param(
        {"sources": MINIMAL_BIB + "@book{c,\n  title = {T}\n  year = {2000},\n}\n"},
        None, "sources.bib", 19, "missing comma: the next field 'year'", id="missing-comma",
    ),
    pytest.param(
        {"sources": MINIMAL_BIB + "@book{d,\n  title = {T},\n  title = {U},\n}\n"},
        None, "sources.bib", 18, "title", id="duplicate-field",
    ),
    pytest.param(
        {"sources": MINIMAL_BIB + "@book{e,\n  year = {1}, % the entry's end }\n"},
        None, "sources.bib", 18, "cannot parse block", id="comment-hides-the-entry-end",
    ),
    pytest.param(None, {"trains": GOOD + "  - source: [unclosed\n"}, "trains.yaml", 15,
                 "YAML syntax error", id="yaml-syntax"),
    pytest.param(None, {"trains": GOOD + "stanse: supports\n"}, "trains.yaml", 14,
                 "unknown field 'stanse'", id="unknown-claim-field"),
    pytest.param(None, {"trains": GOOD.replace("statement:", "statment:")}, "trains.yaml", 1,
                 "missing required field 'statement'", id="missing-claim-field"),
    pytest.param(None, {"trains": claim(**{"tags: [sabotage]": "tags: [no]"})}, "trains.yaml", 6,
                 "found a boolean", id="wrong-type-no-is-false"),
    pytest.param(None, {"trains": claim(**{'date: "1943/1944"': "date: 1943-05-30"})},
                 "trains.yaml", 3, "found a date", id="wrong-type-unquoted-date"),
    pytest.param(None, {"trains": GOOD, "copy": GOOD.replace("id: trains", "id: trains")},
                 "trains.yaml", 1, "claim id 'trains' is also used", id="duplicate-claim-id"),
    pytest.param(None, {"trains": GOOD.replace("source: samson1980", "source: nosuch2000")},
                 "trains.yaml", 11, "links to 'nosuch2000', which is not in", id="missing-source"),
    pytest.param(None, {"trains": GOOD.replace("stance: mentions", "stance: endorses")},
                 "trains.yaml", 12, "unknown value 'endorses'", id="unknown-stance"),
    pytest.param(None, {"trains": GOOD.replace("status: disputed", "status: likely")},
                 "trains.yaml", 8, "unknown value 'likely'", id="unknown-status"),
    pytest.param(None, {"trains": GOOD.replace("id: trains", "id: trainz")}, "trains.yaml", 1,
                 "does not match the file name", id="id-not-file-name"),
    pytest.param(None, {"trains": GOOD.replace("  note: The article", "  notes: The article")},
                 "trains.yaml", 8, "needs a note", id="disputed-without-note"),
]  # fmt: skip


@pytest.mark.parametrize(("bib", "claims", "filename", "line", "fragment"), BAD_INPUTS)
def test_bad_input_is_reported_with_file_and_line(
    make_workspace: WorkspaceFactory,
    bib: dict[str, str] | None,
    claims: dict[str, str] | None,
    filename: str,
    line: int,
    fragment: str,
) -> None:
    root = make_workspace(bib=bib or MINIMAL_BIB, claims=claims)
    workspace = load_workspace(root)
    errors = [f for f in workspace.errors if fragment in f.message]
    assert errors, f"no error containing {fragment!r}; got {[str(f) for f in workspace.findings]}"
    assert Path(errors[0].location.path).name == filename
    assert errors[0].location.line == line


def test_all_problems_are_reported_together(make_workspace: WorkspaceFactory) -> None:
    bib = MINIMAL_BIB + "@book{x, title = {T}\n  year = {1}}\n@book{,\n title={U}}\n"
    claims = {"trains": GOOD.replace("stance: mentions", "stance: nope"), "other": "id: [\n"}
    workspace = load_workspace(make_workspace(bib=bib, claims=claims))
    assert len(workspace.errors) == 4
    assert {Path(f.location.path).name for f in workspace.errors} == {
        "sources.bib", "trains.yaml", "other.yaml"
    }  # fmt: skip


def test_clean_workspace_has_no_findings(make_workspace: WorkspaceFactory) -> None:
    workspace = load_workspace(make_workspace())
    assert workspace.findings == ()
    assert list(workspace.sources) == ["samson1980", "strods2006"]
    assert workspace.claims["trains"].source_keys == ("samson1980",)
    assert workspace.sources["strods2006"].language == "lv"


def test_undecodable_latex_is_kept_and_warned(make_workspace: WorkspaceFactory) -> None:
    bib = "@book{knuth, title = {{\\TeX}: The Program and \\foo{bar}}, langid = {english}}\n"
    workspace = load_workspace(make_workspace(bib=bib, claims={}))
    assert workspace.sources["knuth"].get("title") == "TeX: The Program and \\foo{bar}"
    (warning,) = workspace.findings
    assert warning.severity is Severity.WARNING
    assert "\\foo{bar}" in warning.message


def test_stray_files_are_reported(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    (root / "claims" / "draft.yml").write_text(GOOD, "utf-8")
    workspace = load_workspace(root)
    assert [f.rule for f in workspace.errors] == ["stray-file"]


def test_invalid_utf8_names_the_line(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    (root / "claims" / "trains.yaml").write_bytes(GOOD.encode() + b"note: caf\xe9\n")
    workspace = load_workspace(root)
    assert any("not valid UTF-8" in f.message and f.location.line == 14 for f in workspace.errors)


def test_root_is_found_upward_and_by_marker(
    tmp_path: Path, make_workspace: WorkspaceFactory
) -> None:
    root = make_workspace()
    deep = root / "claims" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_root(deep) == root.resolve()
    other = tmp_path / "marked"
    (other / "x").mkdir(parents=True)
    (other / "claimref.toml").write_text("", "utf-8")
    assert find_root(other / "x") == other.resolve()


def test_no_workspace_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMREF_ROOT", raising=False)
    with pytest.raises(WorkspaceNotFoundError, match="no claimref workspace"):
        find_root(tmp_path)


def test_write_atomic_refuses_a_changed_file(tmp_path: Path) -> None:
    target = tmp_path / "a.bib"
    target.write_text("old\n", "utf-8")
    stamp = FileStamp.of(target, target.read_bytes())
    target.write_text("changed by someone else\n", "utf-8")
    with pytest.raises(WriteRefusedError, match="changed since it was read"):
        write_atomic(target, "new", stamp)
    assert target.read_text("utf-8") == "changed by someone else\n"


def test_write_atomic_leaves_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.bib"
    target.write_text("old\n", "utf-8")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", fail)
    with pytest.raises(WriteRefusedError, match=r"a\.bib: error: disk full; not written"):
        write_atomic(target, "new")
    assert target.read_text("utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bib"]


def test_write_atomic_writes_with_trailing_newline(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    write_atomic(target, "text")
    assert target.read_bytes() == b"text\n"


def test_citing_and_citation_counts(make_workspace: WorkspaceFactory) -> None:
    workspace = load_workspace(make_workspace())
    assert [c.id for c in workspace.citing("samson1980")] == ["trains"]
    assert workspace.citing("strods2006") == ()
    assert workspace.citation_counts() == {"samson1980": 1}
