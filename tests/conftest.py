"""Shared fixtures: a workspace builder in tmp_path and the bundled dataset's location."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimref.cli import cli

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
DATA = HERE / "data"

MINIMAL_BIB = """\
@book{strods2006,
  author = {Strods, Heinrihs},
  title = {PSRS kaujinieki Latvijā (1941—1945)},
  location = {Rīga},
  date = {2006},
  isbn = {9984-643-78-6},
  langid = {latvian},
}

@book{samson1980,
  author = {Самсон, В. П.},
  title = {Дружба народов победила},
  location = {Рига},
  publisher = {Авотс},
  date = {1980},
  langid = {russian},
}
"""

MINIMAL_CLAIM = """\
id: {id}
statement: The unit of Vilis Samsons was credited with the destruction of nearly 130 German trains.
date: "1943/1944"
places: [Kārsava]
people: [Vilis Samsons]
tags: [sabotage]
reliability:
  status: disputed
  note: The article calls it a likely fabrication.
links:
  - source: samson1980
    stance: mentions
    verified: false
"""

WorkspaceFactory = Callable[..., Path]


@pytest.fixture
def make_workspace(tmp_path: Path) -> WorkspaceFactory:
    """Build a workspace in tmp_path: ``make_workspace(bib=..., claims={"id": "yaml"})``."""

    def build(
        bib: str | dict[str, str] = MINIMAL_BIB, claims: dict[str, str] | None = None
    ) -> Path:
        (tmp_path / "bibliography").mkdir(exist_ok=True)
        (tmp_path / "claims").mkdir(exist_ok=True)
        bibs = {"sources": bib} if isinstance(bib, str) else bib
        for name, text in bibs.items():
            (tmp_path / "bibliography" / f"{name}.bib").write_text(textwrap.dedent(text), "utf-8")
        if claims is None:
            claims = {"trains": MINIMAL_CLAIM.replace("{id}", "trains")}
        for name, text in claims.items():
            (tmp_path / "claims" / f"{name}.yaml").write_text(textwrap.dedent(text), "utf-8")
        return tmp_path

    return build


@pytest.fixture(autouse=True)
def _parse_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep the CLI's parse cache out of ~/.cache: each test gets its own cache folder, outside
    the workspaces it builds."""
    folder = tmp_path_factory.mktemp("claimref-cache")
    monkeypatch.setenv("CLAIMREF_CACHE_DIR", str(folder))
    monkeypatch.delenv("CLAIMREF_NO_CACHE", raising=False)
    monkeypatch.setenv("CLAIMREF_CACHE_WRITE", "sync")  # no forked writer inside the test process
    return folder


def run(root: Path, *args: str) -> tuple[int, str, str]:
    """``claimref --root ROOT ARGS…`` through CliRunner: exit code, stdout, stderr; a traceback
    (any exception but the exit) fails the test."""
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), f"traceback: {result.exception!r}"
    return result.exit_code, result.stdout, result.stderr


def refreshed(root: Path) -> Any:
    """The outcome of bringing the index of the workspace at ``root`` up to date (it must be
    able to: the outcome is not None)."""
    from claimref.index import Index  # noqa: PLC0415

    index = Index.open(root)
    assert index is not None
    try:
        outcome = index.refresh()
    finally:
        index.close()
    assert outcome is not None
    return outcome
