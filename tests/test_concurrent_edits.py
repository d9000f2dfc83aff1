"""Concurrent writers (issue 11 §5): two processes making edits to the same claim (`link` and
`status`) and to the same .bib (`source add`) at once: every edit is there exactly once, and every
command exits 0 (the second waits for the workspace lock). ``$CLAIMREF_EDIT_ROUNDS`` edits per
process (the CI share by default; bench/trials.py runs 500). Each process calls the CLI entry point
once per edit (see tests/faults/concurrency.py); one small share starts ``python -m claimref`` per
edit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.faults.concurrency import race
from tests.faults.edits import (
    add_edit,
    check_adds,
    check_links_and_statuses,
    link_status_edit,
    prepare_link_race,
)
from tests.faults.scenarios import missing
from tests.faults.workspace import copy_dataset, error_messages

ROUNDS = int(os.environ.get("CLAIMREF_EDIT_ROUNDS", "40"))
WORKERS = 2


def _require(*command: str) -> None:
    reason = missing(command)
    if reason:
        pytest.skip(reason)


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "rounds"), [("cli", ROUNDS), ("subprocess", 4)],
                         ids=["cli", "subprocess"])  # fmt: skip
def test_two_processes_add_sources_to_one_bib(tmp_path: Path, mode: str, rounds: int) -> None:
    _require("source", "add")
    root = copy_dataset(tmp_path / "ws")
    baseline = error_messages(root)
    result = race(add_edit(root), WORKERS, rounds, tmp_path / "race", mode)
    assert not result.failures(), "\n".join(result.failures())
    assert check_adds(root, WORKERS, rounds) == []
    assert error_messages(root) <= baseline


@pytest.mark.slow
def test_two_processes_link_and_set_status_on_one_claim(tmp_path: Path) -> None:
    _require("link")
    _require("status")
    root = copy_dataset(tmp_path / "ws")
    prepare_link_race(root, WORKERS, ROUNDS)
    baseline = error_messages(root)
    result = race(link_status_edit(root), WORKERS, ROUNDS, tmp_path / "race")
    assert not result.failures(), "\n".join(result.failures())
    assert check_links_and_statuses(root, WORKERS, ROUNDS) == []
    assert error_messages(root) <= baseline


def test_the_check_finds_a_lost_and_a_doubled_edit(tmp_path: Path) -> None:
    """The harness itself: an entry missing and one there twice are both reported."""
    root = copy_dataset(tmp_path / "ws")
    bib = root / "bibliography" / "sources.bib"
    entry = "@book{{k{n},\n  author = {{Vītols, Jānis}},\n  title = {{Race w0 r{r}}},\n}}\n"
    bib.write_text(
        bib.read_text("utf-8") + entry.format(n=1, r=0) + entry.format(n=2, r=0), "utf-8"
    )
    assert check_adds(root, 1, 2) == ["worker 0 round 0: 2 entries", "worker 0 round 1: 0 entries"]
