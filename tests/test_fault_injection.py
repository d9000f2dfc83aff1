"""kill -9 trials during `link`, `status`, `source add`, `rekey` and `import` (issue 11 §5, issue 10
"Data loss"): after a SIGKILL at a random moment every file parses, each changed file is wholly old or
new, the next command completes any journal (all or nothing), and no temporary file survives the next
write. ``$CLAIMREF_KILL_TRIALS`` trials in all (spread over the commands; the CI share by default,
bench/trials.py runs 240), seed ``$CLAIMREF_TRIAL_SEED``. See tests/faults/killtrials.py for how the
moments are chosen.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.faults.killtrials import calibrate, run_trial, run_trials
from tests.faults.report import kill_table, problems
from tests.faults.scenarios import SCENARIOS, Scenario, by_name, missing

TOTAL = int(os.environ.get("CLAIMREF_KILL_TRIALS", "60"))
SEED = int(os.environ.get("CLAIMREF_TRIAL_SEED", "11"))


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_kill_trials(scenario: Scenario, tmp_path: Path) -> None:
    reason = missing(scenario.command)
    if reason:
        pytest.skip(reason)
    calibration = calibrate(scenario, tmp_path / "calibration")
    results = run_trials(calibration, max(3, TOTAL // len(SCENARIOS)), SEED, tmp_path)
    print(kill_table(results))
    assert not any(r.problems for r in results), problems(results)
    if scenario.multi_file:
        assert calibration.steps > 0


def _write_in_place() -> None:
    """Make import write its file in place, in two halves (what claimref must never do)."""
    import claimref.importing  # noqa: PLC0415

    def naive(path: Path, text: str, expected: object = None) -> None:
        data = text.encode("utf-8")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        for part in (data[: len(data) // 2], data[len(data) // 2 :]):
            os.write(descriptor, part)
            os.fsync(descriptor)
        os.close(descriptor)

    claimref.importing.write_atomic = naive  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_trials_catch_a_write_in_place(tmp_path: Path) -> None:
    """The harness itself: with import writing in place, a kill after the first half is a torn
    file, and the trial says so."""
    calibration = calibrate(by_name("import"), tmp_path / "calibration")
    rng = random.Random(0)
    torn = run_trial(calibration, "step=2", rng, tmp_path / "torn", prepare=_write_in_place)
    assert torn.files == {"bibliography/sources.bib": "neither"}
    assert any("files changed without a journal" in p for p in torn.problems)
    fine = run_trial(calibration, "step=2", rng, tmp_path / "fine")
    assert fine.problems == []
