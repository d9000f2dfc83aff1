"""The write path's proofs at full size, by hand (issue 11 §5, issue 10 "Data loss"): kill -9 trials
during link, status, source add, rekey and import; two processes making 500 link/status edits to one
claim and 500 source adds to one .bib; 8 concurrent importers × 100 trials; readers beside a rekey
(do they ever see half a commit?). Prints the tables the issue's note wants. CI runs a share of the
same trials (tests/test_fault_injection.py, tests/test_concurrent_edits.py,
tests/test_write_path.py); the harness is tests/faults/.

    .venv/bin/python bench/trials.py                      # everything, full counts
    .venv/bin/python bench/trials.py --only kill --kill-trials 60
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.faults.concurrency import race  # noqa: E402
from tests.faults.edits import (  # noqa: E402
    add_edit,
    check_adds,
    check_imports,
    check_links_and_statuses,
    import_edit,
    link_status_edit,
    prepare_link_race,
    rekey_and_read_edit,
)
from tests.faults.killtrials import TrialResult, calibrate, run_trials  # noqa: E402
from tests.faults.report import kill_table, mode_phase_table, problems, table  # noqa: E402
from tests.faults.scenarios import SCENARIOS, missing  # noqa: E402
from tests.faults.workspace import copy_dataset, error_messages  # noqa: E402


def kill_trials(base: Path, total: int, seed: int) -> bool:
    """Every scenario's share of ``total`` kill trials; print the tables; True when all passed."""
    results: list[TrialResult] = []
    for scenario in SCENARIOS:
        reason = missing(scenario.command)
        if reason:
            print(f"{scenario.name}: skipped: {reason}")
            continue
        calibration = calibrate(scenario, base / scenario.name / "calibration", runs=3)
        print(f"{scenario.name}: {' '.join(scenario.command + scenario.args)}\n"
              f"  uninterrupted: {calibration.seconds * 1000:.0f} ms (python -m claimref, median "
              f"of 3), {calibration.steps} write steps in {calibration.write_seconds * 1000:.1f} "
              f"ms, {len(calibration.reference.changed)} file(s) changed", flush=True)  # fmt: skip
        started = time.perf_counter()
        results += run_trials(calibration, scenario.trials(total), seed, base / scenario.name)
        print(f"  {scenario.trials(total)} trials in {time.perf_counter() - started:.0f} s")
    print(f"\nkill -9 trials (seed {seed}):\n{kill_table(results)}\n{mode_phase_table(results)}")
    if any(r.problems for r in results):
        print(problems(results, limit=20))
    return not any(r.problems for r in results)


def edit_races(base: Path, rounds: int, sub_rounds: int) -> bool:
    """Two processes × ``rounds`` edits (and × ``sub_rounds`` as new interpreters); print a table."""
    rows, ok = [], True
    for name, command, mode, count in [
        ("source add, one .bib", ("source", "add"), "cli", rounds),
        ("source add, one .bib", ("source", "add"), "subprocess", sub_rounds),
        ("link + status, one claim", ("link",), "cli", rounds),
        ("link + status, one claim", ("link",), "subprocess", sub_rounds),
    ]:
        if missing(command) or count == 0:
            print(f"{name} ({mode}): skipped: {missing(command) or 'no rounds'}")
            continue
        folder = base / f"{command[0]}-{mode}"
        row = _one_race(folder, command[0] == "source", mode, count)
        ok = ok and row[-1] == 0 and row[-2] == 0
        rows.append((name, mode, *row))
    print("\nconcurrent edits (2 processes at once; every exit 0, every edit there exactly once):")
    print(table(("edits", "mode", "each", "seconds", "exit!=0", "lost/doubled"), rows))
    return ok


def _one_race(folder: Path, adds: bool, mode: str, rounds: int) -> tuple[object, ...]:
    root = copy_dataset(folder / "ws")
    if not adds:
        prepare_link_race(root, 2, rounds)
    baseline = error_messages(root)
    edit = add_edit(root) if adds else link_status_edit(root)
    result = race(edit, 2, rounds, folder / "race", mode)
    found = check_adds(root, 2, rounds) if adds else check_links_and_statuses(root, 2, rounds)
    new_errors = error_messages(root) - baseline
    for line in [*result.failures()[:5], *found[:10], *sorted(new_errors)[:5]]:
        print(f"  {line}")
    failed = sum(code != 0 for codes in result.codes for code in codes)
    return rounds, f"{result.seconds:.0f}", failed, len(found) + len(new_errors)


#: The readers raced against a rekey: a full load, and the index's answers (started early).
READERS = (("check",), ("claims",), ("sources", "--cited-by", "samsons-130-trains"),
           ("show", "samsons-130-trains"))  # fmt: skip


def reader_race(base: Path, rounds: int) -> bool:
    """A rekey of four files back and forth beside each reader of :data:`READERS`: how many reads
    saw half a commit (errors that neither the old nor the new state has)."""
    if missing(("rekey",)):
        print(f"readers beside rekey: skipped: {missing(('rekey',))}")
        return True
    rows, good = [], True
    started = time.perf_counter()
    for number, reader in enumerate(READERS):
        root = copy_dataset(base / f"ws{number}")
        result = race(rekey_and_read_edit(root, reader), 2, rounds, base / f"race{number}")
        torn = sum(code != 0 for code in result.codes[1])
        failed = sum(code != 0 for code in result.codes[0])
        rows.append((" ".join(reader), rounds, failed, rounds, torn))
        good = good and failed == 0 and torn == 0
    print(f"\nreaders beside a 4-file rekey ({rounds} rekeys per reader, "
          f"{time.perf_counter() - started:.0f} s):")  # fmt: skip
    print(table(("reader", "rekeys", "rekey exit!=0", "reads", "reads that saw half a commit"),
                rows))  # fmt: skip
    return good


def import_races(base: Path, trials: int, writers: int = 8) -> bool:
    """``trials`` rounds of ``writers`` concurrent imports into one .bib; print a table."""
    lost = doubled = failed = bad_trials = 0
    started = time.perf_counter()
    for trial in range(trials):
        root = copy_dataset(base / f"import{trial}" / "ws")
        edit = import_edit(root, base / f"import{trial}" / "in", trial, writers)
        result = race(edit, writers, 1, base / f"import{trial}" / "race")
        gone, twice = check_imports(root, trial, writers)
        exits = sum(code != 0 for codes in result.codes for code in codes)
        lost, doubled, failed = lost + gone, doubled + twice, failed + exits
        bad_trials += bool(gone or twice or exits)
        if exits:
            print("\n".join(result.failures()[:3]))
    print(f"\nconcurrent imports ({writers} writers at once, 3 entries each), "
          f"{time.perf_counter() - started:.0f} s:")  # fmt: skip
    print(table(("trials", "processes", "exit!=0", "entries lost", "entries doubled", "bad trials"),
                [(trials, trials * writers, failed, lost, doubled, bad_trials)]))  # fmt: skip
    return bad_trials == 0


def main() -> int:
    """Run the trials asked for; exit 1 when any found a problem."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["kill", "edits", "imports", "readers"], action="append")
    parser.add_argument("--kill-trials", type=int, default=240)
    parser.add_argument("--edit-rounds", type=int, default=500)
    parser.add_argument("--subprocess-rounds", type=int, default=50)
    parser.add_argument("--import-trials", type=int, default=100)
    parser.add_argument("--reader-rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    chosen = args.only or ["kill", "edits", "imports", "readers"]
    runs: dict[str, Callable[[Path], bool]] = {
        "kill": lambda base: kill_trials(base, args.kill_trials, args.seed),
        "edits": lambda base: edit_races(base, args.edit_rounds, args.subprocess_rounds),
        "imports": lambda base: import_races(base, args.import_trials),
        "readers": lambda base: reader_race(base, args.reader_rounds),
    }
    ok = True
    with tempfile.TemporaryDirectory(prefix="claimref-trials-") as folder:
        os.environ["CLAIMREF_CACHE_DIR"] = str(Path(folder) / "cache")
        os.environ["CLAIMREF_CACHE_WRITE"] = "sync"
        for name in chosen:
            ok = runs[name](Path(folder) / name) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
