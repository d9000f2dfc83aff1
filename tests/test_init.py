"""``claimref init``: a new workspace with a documented claimref.toml, never overwriting anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from claimref.config import TEMPLATE, Settings, load_settings
from claimref.edit.init import ATTRIBUTES
from tests.conftest import run


def init(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["init", *args])
    return result.exit_code, result.stdout, result.stderr


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under ``root``."""
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(root.rglob("*"))}  # fmt: skip


def test_init_makes_a_workspace(tmp_path: Path) -> None:
    root = tmp_path / "new"
    code, _, err = init(str(root))
    assert code == 0, err
    assert tree(root) == {
        ".gitignore": b"# claimref: the workspace lock and the journal of an interrupted write\n"
        b".claimref.lock\n.claimref.queue\n.claimref-journal.json\n",
        ".gitattributes": b"# claimref: merge .bib files entry by entry and claim files field by "
        b"field; register the\n# driver once per clone: git config merge.claimref.driver "
        b'"claimref merge-driver %O %A %B %P"\n*.bib merge=claimref\nclaims/*.yaml merge=claimref\n',
        "bibliography": None,
        "claimref.toml": TEMPLATE.encode(),
        "claims": None,
        "people": None,
    }
    assert (
        "created claimref.toml, bibliography/, claims/, people/, .gitignore, .gitattributes" in err
    )
    assert load_settings(root) == Settings()


def test_a_new_workspace_takes_a_source_and_reads_back(tmp_path: Path) -> None:
    root = tmp_path / "new"
    init(str(root))
    code, out, err = run(root, "source", "add", "--author", "Strods, Heinrihs", "--title",
                         "PSRS kaujinieki Latvijā", "--date", "2006", "--langid", "lv")  # fmt: skip
    assert (code, out) == (0, "strods2006\n"), err
    assert (
        (root / "bibliography" / "sources.bib").read_text("utf-8").startswith("@book{strods2006,")
    )
    code, out, _ = run(root, "sources")
    assert code == 0 and "strods2006" in out


def test_init_never_overwrites(tmp_path: Path) -> None:
    root = tmp_path / "old"
    init(str(root))
    (root / "claimref.toml").write_text('by = "Me"\n', "utf-8")
    before = tree(root)
    code, _, err = init(str(root))
    assert code == 1
    assert "claimref.toml: error: already exists" in err
    assert tree(root) == before


def test_init_keeps_existing_folders_and_extends_gitignore(tmp_path: Path) -> None:
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "mine.bib").write_text("@book{a, title={A}}\n", "utf-8")
    (tmp_path / ".gitignore").write_text("*.pdf", "utf-8")
    code, _, err = init(str(tmp_path))
    assert code == 0, err
    assert (tmp_path / ".gitignore").read_text("utf-8").startswith("*.pdf\n# claimref:")
    assert (tmp_path / "bibliography" / "mine.bib").read_text("utf-8") == "@book{a, title={A}}\n"
    assert (tmp_path / "claims").is_dir()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("*.pdf binary", "*.pdf binary\n# claimref:", id="other-lines-kept-first"),
        pytest.param("*.bib   merge=claimref\n", "*.bib   merge=claimref\n# claimref:",
                     id="one-line-there-the-other-added"),
    ],
)  # fmt: skip
def test_init_extends_gitattributes(tmp_path: Path, before: str, after: str) -> None:
    (tmp_path / ".gitattributes").write_text(before, "utf-8")
    code, _, err = init(str(tmp_path))
    assert code == 0, err
    text = (tmp_path / ".gitattributes").read_text("utf-8")
    assert text.startswith(after)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert all(lines.count(line) == 1 for line in ATTRIBUTES)


def test_init_leaves_a_complete_gitattributes_alone(tmp_path: Path) -> None:
    complete = "# mine\n" + "".join(f"{line}\n" for line in ATTRIBUTES)
    (tmp_path / ".gitattributes").write_text(complete, "utf-8")
    code, _, err = init(str(tmp_path))
    assert code == 0, err
    assert (tmp_path / ".gitattributes").read_text("utf-8") == complete
    assert ".gitattributes" not in err.split(" in ")[0]


def test_init_refuses_a_file_where_a_folder_belongs(tmp_path: Path) -> None:
    (tmp_path / "claims").write_text("not a folder", "utf-8")
    code, _, err = init(str(tmp_path))
    assert code == 1
    assert "claims: error: exists and is not a folder" in err
    assert not (tmp_path / "claimref.toml").exists()


def test_init_dry_run_prints_the_new_files(tmp_path: Path) -> None:
    code, out, err = init(str(tmp_path / "new"), "--dry-run")
    assert code == 0
    assert out.startswith("--- /dev/null\n+++ b/claimref.toml\n")
    assert "+++ b/.gitignore\n" in out
    assert "+++ b/.gitattributes\n" in out
    assert "would create" in err
    assert not (tmp_path / "new").exists()
