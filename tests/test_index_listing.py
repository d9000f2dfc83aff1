"""The index's listing of a large folder shared with a forked child: the same sums and chunks as
one process's, edits in either half seen, and a failure in the child costs only the quick sum."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from claimref.index import listing as listing_module
from claimref.index.listing import Listing, listing
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory, run

MINUTE_NS = 60_000_000_000
NAMES = [f"claim-{number:03d}" for number in range(40)]


@pytest.fixture
def workspace(make_workspace: WorkspaceFactory) -> Path:
    root = make_workspace(claims={name: MINIMAL_CLAIM.replace("{id}", name) for name in NAMES})
    when = time.time_ns() - MINUTE_NS
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))
    return root


def _share(monkeypatch: pytest.MonkeyPatch, shared: bool) -> None:
    """Share the listing of any folder of two entries or more (or never)."""
    monkeypatch.setattr(listing_module, "SHARED_FROM", 2 if shared else sys.maxsize)
    monkeypatch.setattr(listing_module, "spare_cores", lambda limit: limit)


def _sums(found: Listing) -> tuple[object, ...]:
    hashes = {folder: looked[2] for folder, looked in found.looked.items()}
    return found.quick, found.chunks(), hashes


def test_a_shared_listing_sums_as_one_process_does(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _share(monkeypatch, shared=False)
    alone = listing(workspace)
    _share(monkeypatch, shared=True)
    shared = listing(workspace)
    assert _sums(shared) == _sums(alone)
    statuses = shared.looked["claims"][1]
    assert statuses[len(statuses) // 2 :] == [None] * (len(statuses) - len(statuses) // 2)
    assert set(shared.status_of()) < set(alone.status_of())


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

    def every_file(*args: object, **kwargs: object) -> None:
        raise AssertionError("every file compared")

    monkeypatch.setattr(sys.modules["claimref.index.refresh"], "data_entries", every_file)
    code, out, _ = run(workspace, "show", name, "--format", "json")
    assert code == 0
    assert "about 130" in json.loads(out)["statement"]


def test_a_child_that_cannot_look_costs_only_the_quick_sum(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry gone between listing and looking (here: every look of the child fails)."""
    _share(monkeypatch, shared=True)
    parent, looks = os.getpid(), listing_module._statuses

    def failing_in_the_child(directory: Path, entries: list[os.DirEntry[str]]) -> object:
        if os.getpid() != parent:
            raise FileNotFoundError(entries[0].path)
        return looks(directory, entries)

    monkeypatch.setattr(listing_module, "_statuses", failing_in_the_child)
    assert listing(workspace).quick is None
    code, out, _ = run(workspace, "claims", "--format", "json")
    assert code == 0
    assert sorted(claim["id"] for claim in json.loads(out)) == NAMES
