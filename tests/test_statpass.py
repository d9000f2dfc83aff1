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
from claimref.edit.lock import LOCK_NAME, workspace_lock
from claimref.index.listing import listing
from claimref.parsecache import RACY_NS
from claimref.root import display_path
from claimref.safewrite import JOURNAL_NAME
from tests.conftest import MINIMAL_CLAIM, PROJECT, WorkspaceFactory, refreshed, run

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
    early = statpass.take_early(str(workspace))
    assert early is not None
    assert early.survey() == statpass.survey(str(workspace))
    assert early.quick == listing(workspace).quick
    assert statpass.take_early(str(workspace)) is None  # taken once


def test_the_names_shared_with_the_lock_and_the_journal_are_theirs() -> None:
    assert statpass.LOCK_NAME == LOCK_NAME
    assert statpass.JOURNAL_NAME == JOURNAL_NAME
    assert statpass.RACY_NS == RACY_NS


def test_an_early_survey_of_another_workspace_is_not_used(workspace: Path, tmp_path: Path) -> None:
    statpass.start_early(["--root", str(workspace), "claims"])
    assert statpass.take_early(str(tmp_path / "elsewhere")) is None


def test_no_early_sum_while_a_writer_holds_the_workspace(workspace: Path) -> None:
    with workspace_lock(workspace):
        statpass.start_early(["--root", str(workspace), "claims"])
        assert statpass.take_early(str(workspace)) is None
    statpass.start_early(["--root", str(workspace), "claims"])  # the lock is free again
    early = statpass.take_early(str(workspace))
    assert early is not None
    assert early.quick == listing(workspace).quick


def test_no_early_sum_of_a_workspace_with_a_write_to_complete(workspace: Path) -> None:
    (workspace / ".claimref-journal.json").write_text("{}", "utf-8")
    statpass.start_early(["--root", str(workspace), "claims"])
    assert statpass.take_early(str(workspace)) is None


def test_an_early_sum_that_matches_spares_the_listing(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert refreshed(workspace).complete

    def no_listing(base: Path) -> None:
        raise AssertionError("listed again")

    statpass.start_early(["--root", str(workspace), "show", NAMES[0]])
    monkeypatch.setattr(sys.modules["claimref.index.refresh"], "listing", no_listing)
    assert refreshed(workspace).stale == ()


def _listings(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The workspaces the index lists again from now on."""
    refreshing = sys.modules["claimref.index.refresh"]
    listed: list[Path] = []
    listing_of = refreshing.listing

    def counted(base: Path) -> object:
        listed.append(base)
        return listing_of(base)

    monkeypatch.setattr(refreshing, "listing", counted)
    return listed


@pytest.mark.parametrize("writer", [False, True], ids=["no-writer-since", "a-writer-since"])
def test_a_change_before_the_early_survey_is_seen(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, writer: bool
) -> None:
    """The early sum does not match: with no writer since the survey, its chunks say which file
    changed; after a writer took the lock (which may have changed several files since), the
    files are listed again under the lock."""
    monkeypatch.setattr(statpass, "RACY_NS", 0)  # the lock file's ticks are told apart
    with workspace_lock(workspace):  # the lock file, as any workspace a writer has used
        pass
    assert refreshed(workspace).complete
    path = workspace / "claims" / f"{NAMES[3]}.yaml"
    path.write_text(path.read_text("utf-8").replace("nearly 130", "about 130"), "utf-8")
    statpass.start_early(["--root", str(workspace), "show", NAMES[3]])
    listed = _listings(monkeypatch)
    if writer:
        time.sleep(0.02)  # a tick later (the same tick is the racy case, tested below)
        with workspace_lock(workspace):
            pass
    assert [Path(p).name for p in refreshed(workspace).stale] == [path.name]
    assert listed == ([workspace] if writer else [])
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


def test_a_survey_just_after_a_write_is_not_current(workspace: Path) -> None:
    """A writer in the same timestamp tick as the survey would leave the lock file looking the
    same: a lock file written within the racy interval makes the survey not current."""
    with workspace_lock(workspace):
        pass
    statpass.start_early(["--root", str(workspace), "claims"])
    early = statpass.take_early(str(workspace))
    assert early is not None
    assert not early.current()


@pytest.mark.parametrize("empty", ["claims", "people"])
def test_an_empty_data_folder_keeps_the_index(make_workspace: WorkspaceFactory, empty: str) -> None:
    """A folder with no file (as ``claimref init`` leaves them) is listed as having no chunk;
    the index stands from one command to the next (it was found damaged and built again)."""
    root = make_workspace(claims={} if empty == "claims" else None)
    (root / "people").mkdir(exist_ok=True)
    when = time.time_ns() - 60_000_000_000  # not modified within the racy interval
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))
    assert statpass.survey(str(root))[1][empty] == ([], [])
    first = refreshed(root)
    assert first.complete
    second = refreshed(root)
    assert second.complete
    assert second.stale == ()
