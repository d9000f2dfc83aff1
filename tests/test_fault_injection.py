"""kill -9 trials during `link`, `status`, `source add`, `rekey` and `import` (issue 11 §5, issue 10
"Data loss"): after a SIGKILL at a random moment every file parses, each changed file is wholly old or
new, the next command completes any journal (all or nothing), and no temporary file survives the next
write. ``$CLAIMREF_KILL_TRIALS`` trials in all (spread over the commands; the CI share by default,
bench/trials.py runs 240), seed ``$CLAIMREF_TRIAL_SEED``. See tests/faults/killtrials.py for how the
moments are chosen.
"""

from __future__ import annotations

import importlib
import os
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from claimref.edit import Change
from claimref.safewrite import JOURNAL_NAME
from tests.faults.killtrials import calibrate, run_trial, run_trials
from tests.faults.report import kill_table, problems
from tests.faults.runner import WriteHook, fork_cli, read_record, run_fork, wait
from tests.faults.scenarios import SCENARIOS, Scenario, by_name, missing
from tests.faults.workspace import copy_dataset, snapshot

TOTAL = int(os.environ.get("CLAIMREF_KILL_TRIALS", "60"))
SEED = int(os.environ.get("CLAIMREF_TRIAL_SEED", "11"))


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_kill_trials(scenario: Scenario, tmp_path: Path) -> None:
    reason = missing(scenario.command)
    if reason:
        pytest.skip(reason)
    calibration = calibrate(scenario, tmp_path / "calibration")
    results = run_trials(calibration, scenario.trials(TOTAL), SEED, tmp_path)
    print(kill_table(results))
    assert not any(r.problems for r in results), problems(results)
    if scenario.multi_file:
        assert calibration.steps > 0


def _naive_write(path: Path, text: str) -> None:
    """Write in place, in two halves, each fsynced (what claimref must never do)."""
    data = text.encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    for part in (data[: len(data) // 2], data[len(data) // 2 :]):
        os.write(descriptor, part)
        os.fsync(descriptor)
    os.close(descriptor)


def _write_in_place() -> None:
    """Make every commit write its files in place, one after another, with no journal."""
    module = importlib.import_module(
        "claimref.edit.transaction"
    )  # the package's name is a function

    def single(path: Path, text: str, expected: object = None) -> None:
        _naive_write(path, text)

    def several(root: Path, changes: list[Change]) -> None:
        for change in changes:
            _naive_write(change.path, change.new or "")

    setattr(module, "write_atomic", single)  # noqa: B010  (the module object is only known at run time)
    setattr(module, "_commit_journalled", several)  # noqa: B010


@pytest.mark.slow
@pytest.mark.parametrize(("name", "step", "torn"), [
    ("import", 2, {"neither": 1}),  # killed between the two halves of the one file
    ("rekey", 3, {"new": 1}),  # killed after the first file of several (the rest: "old")
], ids=["torn-file", "half-a-commit"])  # fmt: skip
def test_the_trials_catch_a_write_in_place(
    tmp_path: Path, name: str, step: int, torn: dict[str, int]
) -> None:
    """The harness itself: with commits written in place and without a journal, a kill after a
    half file, or after the first file of several, is found and reported."""
    scenario = by_name(name)
    reason = missing(scenario.command)
    if reason:
        pytest.skip(reason)
    calibration = calibrate(scenario, tmp_path / "calibration", runs=1)
    rng = random.Random(0)
    broken = run_trial(calibration, f"step={step}", rng, tmp_path / "torn", _write_in_place)
    old = len(calibration.reference.changed) - sum(torn.values())
    assert Counter(broken.files.values()) == Counter(torn, old=old)
    assert any("files changed without a journal" in p for p in broken.problems)
    assert any("neither all old nor all new" in p for p in broken.problems)
    fine = run_trial(calibration, f"step={step}", rng, tmp_path / "fine")
    assert fine.problems == []


def _first_data_rename(scenario: Scenario, folder: Path) -> int:
    """The number of the write step that renames the first data file into place (after the
    journal's), from a recorded uninterrupted run."""
    root = copy_dataset(folder / "recorded")
    hook = WriteHook(root, record=folder / "steps.tsv")
    assert wait(fork_cli(scenario.argv(root, folder / "in"), folder / "recorded.log", hook)) == 0
    steps = read_record(folder / "steps.tsv")
    return next(
        number
        for number, (name, _, path) in enumerate(steps, 1)
        if name == "replace" and not path.endswith(JOURNAL_NAME)
    )


@pytest.mark.slow
@pytest.mark.parametrize("how", ["moved", "copied"])
def test_a_workspace_moved_after_a_kill_completes_its_own_commit(tmp_path: Path, how: str) -> None:
    """rekey killed after its journal and one rename; the workspace is then moved (or copied)
    before the next command: the next command completes the commit there, all or nothing, and
    leaves the original place alone."""
    scenario = by_name("rekey")
    reason = missing(scenario.command)
    if reason:
        pytest.skip(reason)
    calibration = calibrate(scenario, tmp_path / "calibration", runs=1)
    step = _first_data_rename(scenario, tmp_path)
    root = copy_dataset(tmp_path / "ws")
    hook = WriteHook(root, kill_after=step)
    assert wait(fork_cli(scenario.argv(root, tmp_path / "in"), tmp_path / "killed.log", hook)) == -9
    left = snapshot(root)
    assert JOURNAL_NAME in left
    elsewhere = tmp_path / "elsewhere"
    if how == "moved":
        root.rename(elsewhere)
    else:
        shutil.copytree(root, elsewhere)
    code, output = run_fork(["--root", str(elsewhere), "check"], tmp_path / "check.log")
    assert "completed an interrupted write" in output
    assert calibration.reference.whole(snapshot(elsewhere)) == "new", output
    assert code in calibration.check_codes, output
    if how == "copied":
        assert snapshot(root) == left  # the copy's recovery did not write into the original
