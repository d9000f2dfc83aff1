"""The stat pass started early (:mod:`claimref.statpass`): which command lines start it and for
which workspace, the quick sum it sends equals the listing's, it is used only when nothing changed,
and it is not taken while a writer holds the workspace or left a write half done; names shown as
:func:`claimref.root.display_path` shows them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimref import statpass
from claimref.edit.lock import workspace_lock
from claimref.index import Index, Outcome
from claimref.index.listing import listing
from claimref.root import display_path
from tests.conftest import MINIMAL_CLAIM, PROJECT, WorkspaceFactory, run

NAMES = [f"claim-{number:02d}" for number in range(12)]


@pytest.fixture
def workspace(make_workspace: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(statpass, "_cores", lambda: 2)
    monkeypatch.delenv("CLAIMREF_ROOT", raising=False)
    root = make_workspace(claims={n: MINIMAL_CLAIM.replace("{id}", n) for n in NAMES}).resolve()
    when = time.time_ns() - 60_000_000_000  # not modified within the racy interval
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))
    return root


@pytest.mark.parametrize(
    ("here", "path"),
    [("/a/b", "/a/b"), ("/a/b", "/a/b/c"), ("/a/b", "/a/bc"), ("/a/b", "/a"), ("/", "/a/b"),
     ("/a/b", "/x/y/z")],
    ids=["itself", "below", "common-prefix", "above", "root", "elsewhere"],
)  # fmt: skip
def test_names_are_shown_as_display_path_shows_them(
    monkeypatch: pytest.MonkeyPatch, here: str, path: str
) -> None:
    monkeypatch.setattr(os, "getcwd", lambda: here)
    monkeypatch.setattr(Path, "cwd", classmethod(lambda cls: cls(here)))
    assert statpass.shown(path) == display_path(Path(path))


@pytest.mark.parametrize(
    ("argv", "reads"),
    [(["show", "x"], True), (["claims", "--status", "disputed"], True), (["sources"], True),
     (["--root", "{ws}", "claims"], True), (["--root={ws}", "show", "x"], True),
     (["check"], False), (["--no-cache", "claims"], False), (["--version"], False), ([], False),
     (["--root", "{ws}"], False), (["-q", "claims"], False)],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)  # fmt: skip
def test_a_reading_command_s_workspace_is_found_as_the_command_line_finds_it(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], reads: bool
) -> None:
    monkeypatch.chdir(workspace / "claims")  # found upward, as find_root finds it
    args = [arg.replace("{ws}", str(workspace)) for arg in argv]
    assert statpass._reader_root(args) == (str(workspace) if reads else None)


def test_no_cache_in_the_environment_starts_nothing(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMREF_NO_CACHE", "1")
    assert statpass._reader_root(["--root", str(workspace), "claims"]) is None


def test_the_early_sum_is_the_listing_s(workspace: Path) -> None:
    statpass.start_early(["--root", str(workspace), "claims"])
    assert statpass.take_early(str(workspace)) == listing(workspace).quick
    assert statpass.take_early(str(workspace)) is None  # taken once


def test_an_early_survey_of_another_workspace_is_not_used(workspace: Path, tmp_path: Path) -> None:
    statpass.start_early(["--root", str(workspace), "claims"])
    assert statpass.take_early(str(tmp_path / "elsewhere")) is None


def test_no_early_sum_while_a_writer_holds_the_workspace(workspace: Path) -> None:
    with workspace_lock(workspace):
        statpass.start_early(["--root", str(workspace), "claims"])
        assert statpass.take_early(str(workspace)) is None
    statpass.start_early(["--root", str(workspace), "claims"])  # the lock is free again
    assert statpass.take_early(str(workspace)) == listing(workspace).quick


def test_no_early_sum_of_a_workspace_with_a_write_to_complete(workspace: Path) -> None:
    (workspace / ".claimref-journal.json").write_text("{}", "utf-8")
    statpass.start_early(["--root", str(workspace), "claims"])
    assert statpass.take_early(str(workspace)) is None


def _refresh(root: Path) -> Outcome:
    index = Index.open(root)
    assert index is not None
    try:
        outcome = index.refresh()
    finally:
        index.close()
    assert outcome is not None
    return outcome


def test_an_early_sum_that_matches_spares_the_listing(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _refresh(workspace).complete

    def no_listing(base: Path) -> None:
        raise AssertionError("listed again")

    statpass.start_early(["--root", str(workspace), "show", NAMES[0]])
    monkeypatch.setattr(sys.modules["claimref.index.refresh"], "listing", no_listing)
    assert _refresh(workspace).stale == ()


def test_a_change_after_the_early_survey_is_seen(workspace: Path) -> None:
    """The early sum no longer matches: the files are listed again (under the lock) and the
    changed one read."""
    assert _refresh(workspace).complete
    path = workspace / "claims" / f"{NAMES[3]}.yaml"
    path.write_text(path.read_text("utf-8").replace("nearly 130", "about 130"), "utf-8")
    statpass.start_early(["--root", str(workspace), "show", NAMES[3]])
    assert [Path(p).name for p in _refresh(workspace).stale] == [path.name]
    code, out, _ = run(workspace, "show", NAMES[3], "--format", "json")
    assert code == 0
    assert "about 130" in json.loads(out)["statement"]


def test_the_command_answers_through_its_entry_point(tmp_path: Path) -> None:
    """``python -m claimref`` (the entry point that starts the survey) answers as the command
    line does, twice (the second time from the index, with the early sum)."""
    env = {
        **os.environ,
        "CLAIMREF_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(PROJECT / "src"),
    }
    expected = run(PROJECT, "show", "samsons-130-trains")
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "claimref", "--root", str(PROJECT), "show", "samsons-130-trains"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert (done.returncode, done.stdout) == expected[:2]
