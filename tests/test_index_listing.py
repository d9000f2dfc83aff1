"""The index's listing: a large folder shared with a forked child sums as one process does; an
edit, a new file or a removed file costs the files of its chunk, not a comparison of every file;
stray files come and go with their findings; a failure in the child costs only the quick sum; the
quick sum kept after a build shared among workers, and not kept when a file could not be read."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from claimref import statpass
from claimref.index.listing import Listing, listing
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory, refreshed, run

MINUTE_NS = 60_000_000_000
NAMES = [f"claim-{number:03d}" for number in range(40)]


@pytest.fixture
def workspace(make_workspace: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(statpass, "CHUNK_BITS", 2)  # chunks of some 4 names
    root = make_workspace(claims={name: MINIMAL_CLAIM.replace("{id}", name) for name in NAMES})
    when = time.time_ns() - MINUTE_NS
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))
    return root


def _share(monkeypatch: pytest.MonkeyPatch, shared: bool) -> None:
    """Share the listing of any folder of two entries or more (or never)."""
    monkeypatch.setattr(statpass, "SHARED_FROM", 2 if shared else sys.maxsize)
    monkeypatch.setattr(statpass, "_cores", lambda: 2)


def _sums(found: Listing) -> tuple[object, ...]:
    return found.quick, found.chunks(), found.folder_chunks


def _compare_nothing_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def every_file(*args: object, **kwargs: object) -> None:
        raise AssertionError("every file compared")

    monkeypatch.setattr(sys.modules["claimref.index.refresh"], "data_entries", every_file)


def _claim_ids(root: Path) -> list[str]:
    code, out, err = run(root, "claims", "--format", "json")
    assert code == 0, err
    return sorted(claim["id"] for claim in json.loads(out))


def test_a_shared_listing_sums_as_one_process_does(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _share(monkeypatch, shared=False)
    alone = listing(workspace)
    _share(monkeypatch, shared=True)
    shared = listing(workspace)
    assert _sums(shared) == _sums(alone)
    assert len(shared.folder_chunks["claims"][1]) > 2
    names = [name for number in range(len(shared.folder_chunks["claims"][0]))
             for name in shared.chunk_names("claims", number)]  # fmt: skip
    assert names == shared.names["claims"]


def test_chunks_end_at_names_not_places(workspace: Path) -> None:
    """A new file changes the names of one chunk only: the others keep their names and sums."""
    before = listing(workspace).folder_chunks["claims"][1]
    (workspace / "claims" / "claim-new.yaml").write_text(
        MINIMAL_CLAIM.replace("{id}", "claim-new"), "utf-8"
    )
    after = listing(workspace).folder_chunks["claims"][1]
    assert len({tuple(pair) for pair in after} - {tuple(pair) for pair in before}) <= 2
    assert len(after) > 2


@pytest.mark.parametrize("name", [NAMES[0], NAMES[-1]], ids=["first-half", "second-half"])
def test_an_edit_in_either_half_is_seen(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    _share(monkeypatch, shared=True)
    code, out, _ = run(workspace, "show", name, "--format", "json")
    assert code == 0
    assert "nearly 130" in json.loads(out)["statement"]
    path = workspace / "claims" / f"{name}.yaml"
    path.write_text(path.read_text("utf-8").replace("nearly 130", "about 130"), "utf-8")
    _compare_nothing_in_full(monkeypatch)
    code, out, _ = run(workspace, "show", name, "--format", "json")
    assert code == 0
    assert "about 130" in json.loads(out)["statement"]


def test_a_new_and_a_removed_file_are_seen_without_comparing_every_file(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _claim_ids(workspace) == NAMES
    _compare_nothing_in_full(monkeypatch)
    (workspace / "claims" / "claim-new.yaml").write_text(
        MINIMAL_CLAIM.replace("{id}", "claim-new"), "utf-8"
    )
    assert _claim_ids(workspace) == sorted([*NAMES, "claim-new"])
    (workspace / "claims" / f"{NAMES[3]}.yaml").unlink()
    assert _claim_ids(workspace) == sorted([*NAMES, "claim-new"][:3] + [*NAMES, "claim-new"][4:])


def test_stray_files_come_and_go_with_their_findings(workspace: Path) -> None:
    assert run(workspace, "claims")[0] == 0
    stray = workspace / "claims" / "notes.txt"
    stray.write_text("to do\n", "utf-8")
    assert "claims/notes.txt: warning: not read" in run(workspace, "claims")[2]
    stray.unlink()
    code, _, err = run(workspace, "claims")
    assert code == 0
    assert "notes.txt" not in err


def test_a_child_that_cannot_look_costs_only_the_quick_sum(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry gone between listing and looking (here: every look of the child fails)."""
    _share(monkeypatch, shared=True)
    parent, sums = os.getpid(), statpass._chunk_sums

    def failing_in_the_child(directory: str, names: list[bytes], offset: int) -> Any:
        if os.getpid() != parent:
            raise FileNotFoundError(names[0])
        return sums(directory, names, offset)

    monkeypatch.setattr(statpass, "_chunk_sums", failing_in_the_child)
    assert listing(workspace).quick is None
    assert _claim_ids(workspace) == NAMES


def test_after_a_build_shared_among_workers_the_next_command_compares_nothing(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers' batches are the only writes: the index keeps the listing's sums."""
    refreshing = sys.modules["claimref.index.refresh"]
    monkeypatch.setattr(refreshing, "PARALLEL_FROM", 1)
    assert run(workspace, "show", NAMES[0])[0] == 0

    def compared(*args: object, **kwargs: object) -> None:
        raise AssertionError("files compared")

    monkeypatch.setattr(refreshing, "data_entries", compared)
    monkeypatch.setattr(refreshing, "changed_entries", compared)
    code, out, _ = run(workspace, "show", NAMES[-1], "--format", "json")
    assert code == 0
    assert json.loads(out)["id"] == NAMES[-1]


def test_a_file_listed_but_not_read_is_looked_at_again(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that could not be read (say, not readable by this user) leaves no quick sum that
    would hide it from the next command."""
    refreshing = sys.modules["claimref.index.refresh"]
    rows_of = refreshing.parsed_rows

    def unreadable_trains(path: str, shown: str) -> object:
        return None if path.endswith(f"{NAMES[1]}.yaml") else rows_of(path, shown)

    monkeypatch.setattr(refreshing, "parsed_rows", unreadable_trains)
    first = refreshed(workspace)
    assert not first.complete
    monkeypatch.setattr(refreshing, "parsed_rows", rows_of)
    second = refreshed(workspace)
    assert second.complete
    assert any(path.endswith(f"{NAMES[1]}.yaml") for path in second.stale)
