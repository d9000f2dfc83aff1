"""A reading command answered from the index as last stored while the early survey runs
(:mod:`claimref.cli.early`): the answer stands when the survey finds the files as the index last
matched them (the index is not brought up to date: nothing is listed again), and is given again,
the same as a full load's, when they changed; exit codes, messages and errors are those of the
command answered the usual way."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from claimref import statpass
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory, run

NAMES = [f"claim-{number:02d}" for number in range(8)]
BROKEN = "id: broken\nstatement: [unclosed\n"


@pytest.fixture
def workspace(make_workspace: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(statpass, "_cores", lambda: 2)
    monkeypatch.delenv("CLAIMREF_ROOT", raising=False)
    claims = {n: MINIMAL_CLAIM.replace("{id}", n) for n in NAMES}
    root = make_workspace(claims={**claims, "broken": BROKEN}).resolve()
    when = time.time_ns() - 60_000_000_000  # not modified within the racy interval
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))
    assert run(root, "claims")[0] == 1  # the index built (a file has errors: exit 1)
    return root


def _early(root: Path, *args: str) -> tuple[int, str, str]:
    """``claimref ARGS`` with the survey started first, as the entry point starts it."""
    statpass.start_early(["--root", str(root), *args])
    assert statpass.pending(str(root))
    try:
        return run(root, *args)
    finally:
        statpass._early.clear()


def _refreshes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The workspaces whose index is brought up to date from now on."""
    queries = sys.modules["claimref.index.queries"]
    opened: list[Path] = []
    open_view = queries.open_view

    def counted(root: Path, *args: object, **kwargs: object) -> object:
        opened.append(root)
        return open_view(root, *args, **kwargs)

    monkeypatch.setattr(queries, "open_view", counted)
    return opened


ARGS = [
    ["claims"],
    ["claims", "--status", "disputed", "--format", "json"],
    ["claims", "--search", "samsons"],
    ["show", NAMES[2]],
    ["show", "samson1980"],
    ["show", "no-such-claim"],
    ["sources", "--lang", "en"],
]


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_an_answer_from_the_index_as_stored_stands_when_nothing_changed(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    expected = run(workspace, *args)
    refreshed = _refreshes(monkeypatch)
    assert _early(workspace, *args) == expected
    assert refreshed == []


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_an_answer_is_given_again_when_a_file_changed(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    path = workspace / "claims" / f"{NAMES[2]}.yaml"
    path.write_text(path.read_text("utf-8").replace("nearly 130", "about 130"), "utf-8")
    expected = run(workspace, "--no-cache", *args)
    refreshed = _refreshes(monkeypatch)
    assert _early(workspace, *args) == expected
    assert refreshed == [workspace]


def test_without_the_full_text_tables_a_search_is_answered_the_usual_way(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refreshed = _refreshes(monkeypatch)
    code, out, _ = _early(workspace, "claims", "--search", "trains")
    assert code == 1
    assert all(name in out for name in NAMES)
    assert refreshed == [workspace]  # and the tables built there
    assert _early(workspace, "claims", "--search", "trains")[1] == out
    assert refreshed == [workspace]
