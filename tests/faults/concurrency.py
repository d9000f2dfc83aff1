"""Concurrent writers: several processes edit one workspace at once, each running claimref commands
one after another; afterwards every edit must be there exactly once.

Each worker is a forked process that calls the CLI entry point (``cli.main``) once per edit
(``cli`` mode: the real command, without starting an interpreter each time) or starts
``python -m claimref`` per edit (``subprocess`` mode, slower). Each records every exit code; a worker
never stops early. What to check afterwards is the caller's.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.faults.runner import CRASHED, subprocess_cli, wait

Edit = Callable[[int, int], list[str]]  # (worker, round) → the arguments of one command


@dataclass(frozen=True)
class RaceResult:
    """What the workers did: each edit's exit code, per worker, and the wall-clock time."""

    codes: list[list[int]]
    seconds: float
    logs: list[Path]

    def failures(self) -> list[str]:
        """One line per edit that did not exit 0, with the tail of its worker's log."""
        out = []
        for worker, codes in enumerate(self.codes):
            for round_, code in enumerate(codes):
                if code != 0:
                    out.append(f"worker {worker} edit {round_}: exit {code}")
        if out:
            tails = [log.read_text("utf-8", errors="replace")[-2000:] for log in self.logs]
            out.extend(f"--- log of worker {w}:\n{tail}" for w, tail in enumerate(tails))
        return out


def race(edit: Edit, workers: int, rounds: int, folder: Path, mode: str = "cli") -> RaceResult:
    """Start ``workers`` processes at once, each running ``edit(worker, round)`` for ``rounds``
    rounds; wait for all of them."""
    folder.mkdir(parents=True, exist_ok=True)
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    pids = []
    for worker in range(workers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker
            os.close(ready_r)
            os.close(go_w)
            os._exit(_worker(edit, worker, rounds, folder, (ready_w, go_r), mode))
        pids.append(pid)
    os.close(ready_w)
    os.close(go_r)
    for _ in range(workers):
        os.read(ready_r, 1)  # all set up: start them together
    started = time.perf_counter()
    os.write(go_w, b"g" * workers)
    for pid in pids:
        wait(pid)
    seconds = time.perf_counter() - started
    os.close(ready_r)
    os.close(go_w)
    codes = [_codes(folder / f"codes{w}.txt", rounds) for w in range(workers)]
    return RaceResult(codes, seconds, [folder / f"log{w}.txt" for w in range(workers)])


def _codes(path: Path, rounds: int) -> list[int]:
    found = [int(line) for line in path.read_text("ascii").split()] if path.exists() else []
    return found + [CRASHED] * (rounds - len(found))  # a worker that died: its missing edits


def _worker(edit: Edit, worker: int, rounds: int, folder: Path, pipes: tuple[int, int],
            mode: str) -> int:  # fmt: skip
    from claimref.cli import cli  # noqa: PLC0415

    log = folder / f"log{worker}.txt"
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = sys.stderr = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    codes = os.open(folder / f"codes{worker}.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    ready, go = pipes
    os.write(ready, b"r")
    os.read(go, 1)
    for round_ in range(rounds):
        args = edit(worker, round_)
        if mode == "subprocess":
            code = subprocess_cli(args, folder / f"sub{worker}.txt").wait()
            sys.stdout.write((folder / f"sub{worker}.txt").read_text("utf-8", errors="replace"))
        else:
            code = _in_process(cli.main, args)
        os.write(codes, f"{code}\n".encode())
    sys.stdout.flush()
    return 0


def _in_process(main: Callable[..., object], args: list[str]) -> int:
    try:
        main(args=args, prog_name="claimref")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # a traceback is a failed edit, and the log shows it
        traceback.print_exc()
        return CRASHED
    return 0
