"""kill -9 trials: run a write command on a copy of the dataset, SIGKILL it at a random moment, then
check what is on disk, run the next command (a reader, then the same command again) and check again.

Three ways to choose the moment (see :data:`MODES`): ``timed`` starts ``python -m claimref`` and kills
it after a delay drawn uniformly over its whole run time (mostly before the write: start-up and
loading dominate); ``window`` forks the command, which says when its first write step starts, and
kills it after a delay drawn over the write phase's measured length; ``step`` forks the command and
kills it right after write step k (k drawn from 0 to the number of steps: every temporary file,
fsync, journal and rename boundary is reached). Each trial is judged against :class:`Reference`, the
before and after of an uninterrupted run; each problem found is a sentence in
:attr:`TrialResult.problems`, and the test fails on any.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from claimref.safewrite import JOURNAL_NAME
from tests.faults.runner import WriteHook, fork_cli, read_record, run_fork, subprocess_cli, wait
from tests.faults.scenarios import Scenario
from tests.faults.workspace import (
    Reference,
    Snapshot,
    copy_dataset,
    data_part,
    error_messages,
    snapshot,
    temps,
)

MODES = ("timed", "window", "step")
RECOVERED = "completed an interrupted write"


class CalibrationError(AssertionError):
    """An uninterrupted run of a scenario failed, changed nothing, or was not reproducible."""


@dataclass(frozen=True)
class Calibration:
    """What an uninterrupted run of one scenario does and how long it takes."""

    scenario: Scenario
    reference: Reference
    seconds: float  # median run time of `python -m claimref …`
    steps: int  # write steps (files created, fsynced, renamed, removed under the root)
    write_seconds: float  # first write step to last, in a forked run
    check_codes: frozenset[int]  # `claimref check` on the before and the after state
    baseline_errors: frozenset[str]


def calibrate(scenario: Scenario, base: Path, runs: int = 2) -> Calibration:
    """Run ``scenario`` uninterrupted: ``runs`` times as a subprocess (timed), once forked with a
    :class:`WriteHook` recording its steps; every run must give the same after state."""
    before_root = copy_dataset(base / "before")
    before = snapshot(before_root)
    afters, times = [], []
    for run in range(runs):
        root = copy_dataset(base / f"run{run}")
        started = time.perf_counter()
        process = subprocess_cli(scenario.argv(root, base / "in"), base / f"run{run}.log")
        code = process.wait()
        times.append(time.perf_counter() - started)
        _expect(code == 0, scenario, f"exited {code}", base / f"run{run}.log")
        afters.append(snapshot(root))
    hooked = copy_dataset(base / "hooked")
    hook = WriteHook(hooked, record=base / "steps.tsv")
    code = wait(fork_cli(scenario.argv(hooked, base / "in"), base / "hooked.log", hook))
    _expect(code == 0, scenario, f"exited {code} (forked)", base / "hooked.log")
    afters.append(snapshot(hooked))
    after = afters[0]
    _expect(after != before, scenario, "changed nothing", base / "run0.log")
    _expect(all(a == after for a in afters), scenario, "gave different results", None)
    steps = read_record(base / "steps.tsv")
    codes = {run_fork(["--root", str(r), "check"], base / "check.log")[0]
             for r in (before_root, hooked)}  # fmt: skip
    return Calibration(
        scenario,
        Reference(before, after),
        statistics.median(times),
        len(steps),
        steps[-1][1] - steps[0][1] if steps else 0.0,
        frozenset(codes),
        frozenset(error_messages(before_root)),
    )


def _expect(ok: bool, scenario: Scenario, what: str, log: Path | None) -> None:
    if not ok:
        output = log.read_text("utf-8", errors="replace") if log is not None else ""
        raise CalibrationError(f"an uninterrupted `{scenario.name}` {what}:\n{output}")


@dataclass
class TrialResult:
    """What one kill did and what the next commands found."""

    scenario: str
    mode: str
    moment: str
    phase: str = ""  # before / during / after (the write) / finished (exited before the kill)
    journal: bool = False
    journal_completed: bool = False
    whole: str | None = None  # the workspace after the reader: "old" or "new"
    files: dict[str, str] = field(default_factory=dict)
    temps_after_kill: int = 0
    temps_after_reader: int = 0
    problems: list[str] = field(default_factory=list)


def run_trial(calibration: Calibration, mode: str, rng: random.Random, folder: Path,
              prepare: Callable[[], None] | None = None) -> TrialResult:  # fmt: skip
    """One trial in ``folder`` (removed afterwards unless a problem was found); ``prepare`` runs in
    a forked command before it starts (the harness's own tests break the writer with it)."""
    root = copy_dataset(folder / "ws")
    argv = calibration.scenario.argv(root, folder / "in")
    result = TrialResult(calibration.scenario.name, mode, "")
    code = _kill(calibration, (mode, rng, prepare), argv, root, folder, result)
    _judge_kill(calibration, result, code, snapshot(root))
    _judge_reader(calibration, result, root, folder)
    _judge_retry(calibration, result, root, argv, folder)
    if not result.problems:
        shutil.rmtree(folder)
    else:
        result.problems.append(f"(workspace kept in {folder})")
    return result


Choice = tuple[str, random.Random, Callable[[], None] | None]  # mode, its random numbers, prepare


def _kill(calibration: Calibration, choice: Choice, argv: list[str], root: Path, folder: Path,
          result: TrialResult) -> int:  # fmt: skip
    """Start the command and SIGKILL it at a moment chosen by the mode; its exit code."""
    mode, rng, prepare = choice
    log = folder / "killed.log"
    if mode == "timed":
        delay = rng.uniform(0, calibration.seconds * 1.1)
        result.moment = f"{delay * 1000:.1f} ms after start"
        process = subprocess_cli(argv, log)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        return process.wait()
    if mode.startswith("step"):  # "step=K": after step K exactly (the harness's own tests)
        after = int(mode[5:]) if "=" in mode else rng.randint(0, calibration.steps)
        result.moment = f"after write step {after} of {calibration.steps}"
        return wait(fork_cli(argv, log, WriteHook(root, kill_after=after), prepare))
    delay = rng.uniform(0, calibration.write_seconds * 1.2)
    result.moment = f"{delay * 1000:.2f} ms into the write"
    read_end, write_end = os.pipe()
    pid = fork_cli(argv, log, WriteHook(root, notify=write_end), prepare)
    os.close(write_end)
    started = os.read(read_end, 1)
    os.close(read_end)
    if started:
        time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    return wait(pid)


def _judge_kill(calibration: Calibration, result: TrialResult, code: int, state: Snapshot) -> None:
    """Classify the moment by what is on disk right after the kill."""
    result.journal = JOURNAL_NAME in state
    result.temps_after_kill = len(temps(state))
    whole = calibration.reference.whole(state)
    if code != -signal.SIGKILL:
        result.phase = "finished"
        if code != 0 or whole != "new":
            result.problems.append(f"not killed, but exited {code} with the workspace {whole}")
    elif result.journal or result.temps_after_kill or whole is None:
        result.phase = "during"
    else:
        result.phase = "before" if whole == "old" else "after"
    if whole is None and not result.journal:
        torn = {n: o for n, o in calibration.reference.per_file(state).items() if o != "old"}
        result.problems.append(f"killed: files changed without a journal: {torn}")


def _judge_reader(calibration: Calibration, result: TrialResult, root: Path, folder: Path) -> None:
    """The next command, a reader (`claimref check`), completes a journal; then the workspace is
    wholly old or wholly new, every file parses, and no temporary file is loaded."""
    code, output = run_fork(["--root", str(root), "check"], folder / "check.log")
    state = snapshot(root)
    result.journal_completed = result.journal and RECOVERED in output
    result.temps_after_reader = len(temps(state))
    result.files = calibration.reference.per_file(state)
    result.whole = calibration.reference.whole(state)
    if "Traceback" in output or code not in calibration.check_codes:
        result.problems.append(f"reader: check exited {code}:\n{output}")
    if result.journal and not result.journal_completed:
        result.problems.append(f"reader: did not say it completed the journal:\n{output}")
    if JOURNAL_NAME in state:
        result.problems.append("reader: the journal is still there")
    if result.whole is None:
        result.problems.append(f"reader: neither all old nor all new: {result.files}")
    _no_new_errors(calibration, result, root, "reader")


def _judge_retry(calibration: Calibration, result: TrialResult, root: Path, argv: list[str],
                 folder: Path) -> None:  # fmt: skip
    """The user runs the command again: it succeeds when the first left nothing, and afterwards no
    temporary file or journal is left."""
    code, output = run_fork(argv, folder / "retry.log")
    state = snapshot(root)
    if "Traceback" in output:
        result.problems.append(f"retry: traceback:\n{output}")
    if result.whole == "old" and (code != 0 or data_part(state) != calibration.reference.after):
        result.problems.append(
            f"retry after an old workspace: exited {code}, not the new one:\n{output}"
        )
    if temps(state) or JOURNAL_NAME in state:
        result.problems.append(f"retry: left {temps(state)} (journal: {JOURNAL_NAME in state})")
    _no_new_errors(calibration, result, root, "retry")


def _no_new_errors(calibration: Calibration, result: TrialResult, root: Path, when: str) -> None:
    new = error_messages(root) - calibration.baseline_errors
    if new:
        result.problems.append(f"{when}: new errors in the data: {sorted(new)}")


def plan(total: int, rng: random.Random) -> list[str]:
    """``total`` modes, in equal shares, shuffled."""
    modes = [MODES[i % len(MODES)] for i in range(total)]
    rng.shuffle(modes)
    return modes


def run_trials(calibration: Calibration, total: int, seed: int, base: Path) -> list[TrialResult]:
    """``total`` trials of one scenario (modes in equal shares), deterministic for a ``seed``."""
    rng = random.Random(f"{seed}:{calibration.scenario.name}")
    return [
        run_trial(calibration, mode, rng, base / f"trial{number}")
        for number, mode in enumerate(plan(total, rng))
    ]
