"""Run cases in forked children, a few at a time, each with a wall-time and an address-space limit.

The parent makes each case (:func:`tests.fuzz.cases.generate`) and keeps up to ``jobs`` children
running; each child runs its case (:func:`tests.fuzz.target.execute`) with ``RLIMIT_AS`` set and
writes progress lines and a JSON result to a pipe. A child still running after ``kill_after``
seconds (wall time) is killed; a case's time is the CPU time of its work (the machine may be
shared), measured by the child. The peak resident memory comes from ``wait4``; since a forked child
starts with the parent's pages, it is reported as the child's growth plus the resident size of a
fresh interpreter that has imported claimref (what a real ``claimref`` process starts with).
Nothing here judges the results.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tests.fuzz.cases import Case, generate, unmutated
from tests.fuzz.seeds import load_context, load_seeds
from tests.fuzz.target import execute

_PAGE = os.sysconf("SC_PAGE_SIZE")
_ENV = {"CLAIMREF_NO_CACHE": "1", "CLAIMREF_CACHE_WRITE": "sync"}


@dataclass(frozen=True)
class Limits:
    """When a case is too slow or too big, and when it is stopped."""

    seconds: float = 2.0
    megabytes: float = 200.0
    kill_after: float = 20.0
    address_space_mb: int = 1024


@dataclass
class Run:
    """One finished case: the case, what the child reported, and what the parent measured."""

    case: Case
    result: dict[str, Any]
    seconds: float
    peak_mb: float
    killed: bool = False
    signal: int = 0
    phase: str = ""


@dataclass
class _Child:
    pid: int
    case: Case
    folder: str
    started: float
    rss_at_fork: float
    chunks: list[bytes] = field(default_factory=list)
    killed: bool = False


def _statm() -> tuple[int, int]:
    """This process's virtual and resident size, in bytes."""
    with open("/proc/self/statm") as stream:
        size, resident = stream.read().split()[:2]
    return int(size) * _PAGE, int(resident) * _PAGE


def _rss_mb() -> float:
    return _statm()[1] / 2**20


@functools.cache
def fresh_process_mb() -> float:
    """Peak resident size of a new interpreter that has imported what a claimref command imports."""
    code = (
        "import resource, claimref.cli, claimref.validate, claimref.importing, "
        "claimref.exporting; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.strip()) / 1024


def _child_main(case: Case, folder: str, baseline: Counter[str], limits: Limits, fd: int) -> None:
    """The forked child: limits, quiet output, run, report. Never returns."""
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the driver's handler is not the child's
        # a 1 GB cap for a fresh process; a child of a big process (pytest) may grow as much
        cap = max(limits.address_space_mb * 2**20, _statm()[0] + (limits.address_space_mb << 19))
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        quiet = os.open(os.devnull, os.O_RDWR)
        for std in (0, 1, 2):
            os.dup2(quiet, std)
        os.environ.update(_ENV, CLAIMREF_CACHE_DIR=folder)
        warnings.resetwarnings()  # as in a user's process, not pytest's "warnings are errors"

        def progress(phase: str) -> None:
            os.write(fd, f"P:{phase}\n".encode())

        result = execute(case, Path(folder), baseline, progress, limits.kill_after)
    except BaseException as exc:  # a harness failure is reported, not raised
        result = {"harness": "".join(traceback.format_exception(exc))[-2000:]}
    try:
        os.write(fd, b"R:" + json.dumps(result).encode() + b"\n")
    finally:
        os._exit(0)


def _start(case: Case, baseline: Counter[str], limits: Limits, base: str) -> tuple[int, _Child]:
    folder = tempfile.mkdtemp(prefix=f"case-{case.index}-", dir=base)
    read_fd, write_fd = os.pipe()
    rss = _rss_mb()
    gc.freeze()  # the child's collector then leaves the parent's objects (and pages) alone
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child_main(case, folder, baseline, limits, write_fd)
    os.close(write_fd)
    return read_fd, _Child(pid, case, folder, time.perf_counter(), rss)


def _finish(child: _Child) -> Run:
    _, status, usage = os.wait4(child.pid, 0)
    shutil.rmtree(child.folder, ignore_errors=True)
    lines = b"".join(child.chunks).decode("utf-8", "replace").splitlines()
    phases = [line[2:] for line in lines if line.startswith("P:")]
    results = [line[2:] for line in lines if line.startswith("R:")]
    result = json.loads(results[-1]) if results else {}
    wall = time.perf_counter() - child.started
    peak = max(0.0, usage.ru_maxrss / 1024 - child.rss_at_fork) + fresh_process_mb()
    seconds = wall if child.killed or not results else float(result.get("seconds", wall))
    result.setdefault("wall", wall)
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    return Run(child.case, result, seconds, peak, child.killed, sig, phases[-1] if phases else "")


def run_cases(
    cases: Iterable[Case],
    baselines: dict[tuple[str, str], Counter[str]],
    limits: Limits,
    jobs: int = 2,
) -> Iterator[Run]:
    """Run ``cases``, ``jobs`` at a time; yield each as it finishes."""
    pending = iter(cases)
    running: dict[int, _Child] = {}
    shm = Path("/dev/shm")
    base = tempfile.mkdtemp(prefix="claimref-fuzz-", dir=shm if os.access(shm, os.W_OK) else None)
    try:
        exhausted = False
        while running or not exhausted:
            while not exhausted and len(running) < jobs:
                case = next(pending, None)
                if case is None:
                    exhausted = True
                    break
                baseline = baselines.get((case.kind, case.origin), Counter())
                fd, child = _start(case, baseline, limits, base)
                running[fd] = child
            yield from _poll(running, limits)
    finally:
        for fd, child in running.items():  # stopped early: end our children
            os.kill(child.pid, signal.SIGKILL)
            os.waitpid(child.pid, 0)
            os.close(fd)
        gc.unfreeze()  # this process (pytest, say) goes on: let its collector see everything again
        shutil.rmtree(base, ignore_errors=True)


def _poll(running: dict[int, _Child], limits: Limits) -> Iterator[Run]:
    if not running:
        return
    now = time.perf_counter()
    wait = min(c.started + limits.kill_after for c in running.values()) - now
    ready, _, _ = select.select(list(running), [], [], max(0.0, wait))
    for fd in ready:
        data = os.read(fd, 1 << 16)
        if data:
            running[fd].chunks.append(data)
            continue
        os.close(fd)
        yield _finish(running.pop(fd))
    now = time.perf_counter()
    for child in running.values():
        if not child.killed and now > child.started + limits.kill_after:
            os.kill(child.pid, signal.SIGKILL)
            child.killed = True


def warm_up() -> None:
    """Run one unmutated case in this process, so that each forked child finds claimref's modules
    imported and its caches filled instead of paying for them again (about half a case's time).
    Only an optimisation: whatever fails here is left for the cases to find and report."""
    here = os.getcwd()
    try:
        import click.testing  # noqa: F401, PLC0415 (what the command-line cases use)

        from claimref.cli import COMMANDS  # noqa: PLC0415

        for module in set(COMMANDS.values()):
            __import__(f"claimref.cli.{module}")
        with tempfile.TemporaryDirectory(prefix="claimref-fuzz-warm-") as folder:
            case = replace(unmutated(load_seeds()["claim"][0]), export=True)
            execute(case, Path(folder), Counter(), lambda _: None, 60.0)
    except Exception:  # see the docstring
        pass
    finally:
        os.chdir(here)


def baselines(limits: Limits, jobs: int = 2) -> dict[tuple[str, str], Counter[str]]:
    """The findings of every unmutated seed (compared with those of its mutations)."""
    seeds = [seed for group in load_seeds().values() for seed in group]
    load_context()
    warm_up()
    found: dict[tuple[str, str], Counter[str]] = {}
    for run in run_cases((unmutated(s) for s in seeds), {}, limits, jobs):
        found[(run.case.kind, run.case.origin)] = Counter(run.result.get("found_keys", {}))
    return found


def fuzz(
    seed: int,
    indexes: Iterable[int],
    limits: Limits,
    jobs: int = 2,
    progress: Callable[[Run], None] | None = None,
) -> list[Run]:
    """Make and run the cases ``indexes`` of ``seed``; the seeds' baselines are run first."""
    known = baselines(limits, jobs)
    runs = []
    for run in run_cases((generate(seed, i) for i in indexes), known, limits, jobs):
        runs.append(run)
        if progress:
            progress(run)
    return runs
