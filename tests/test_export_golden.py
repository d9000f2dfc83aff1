"""Golden files: each case under tests/data/golden/<case>/ holds an input.bib (and claims/), and one
expected file per export. Regenerate with CLAIMREF_UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from tests.golden import check

GOLDEN = Path(__file__).parent / "data" / "golden"
SOURCE_CASES = ["latvian-book", "cyrillic-book", "english-chapter", "cyrillic-article",
                "english-article"]  # fmt: skip
#: expected file → export command arguments
SOURCE_EXPORTS = {
    "export.bib": ["export", "bibtex"],
    "export-private.bib": ["export", "bibtex", "--keep-private"],
    "export-ascii.bib": ["export", "bibtex", "--ascii"],
    "csl.json": ["export", "csljson"],
    "export.ris": ["export", "ris"],
    "wikitext.txt": ["export", "wikitext"],
}
CLAIM_EXPORTS = {
    "claims.json": ["export", "claims", "--format", "json"],
    "claims.wikitext": ["export", "claims", "--format", "wikitext"],
    "claims.md": ["export", "claims", "--format", "markdown"],
}


def build(case: str, tmp_path: Path) -> Path:
    """A workspace in tmp_path from the case's input.bib and claims/."""
    folder = GOLDEN / case
    (tmp_path / "bibliography").mkdir()
    shutil.copy(folder / "input.bib", tmp_path / "bibliography" / "sources.bib")
    shutil.copytree(folder / "claims", tmp_path / "claims") if (folder / "claims").is_dir() else (
        tmp_path / "claims"
    ).mkdir()
    return tmp_path


def run(root: Path, args: list[str]) -> str:
    """The command's output; a failing command gives 'exit N' and its error text instead."""
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    if result.exit_code:
        return f"exit {result.exit_code}\n{result.stderr}".replace(str(root), "<root>")
    return result.stdout


@pytest.mark.parametrize("name", SOURCE_EXPORTS)
@pytest.mark.parametrize("case", SOURCE_CASES)
def test_source_exports(case: str, name: str, tmp_path: Path) -> None:
    check(GOLDEN / case / name, run(build(case, tmp_path), SOURCE_EXPORTS[name]))


@pytest.mark.parametrize("name", CLAIM_EXPORTS)
def test_claim_exports(name: str, tmp_path: Path) -> None:
    check(GOLDEN / "claims" / name, run(build("claims", tmp_path), CLAIM_EXPORTS[name]))
