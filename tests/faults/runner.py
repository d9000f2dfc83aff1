"""Run claimref commands in real processes for the trials: as ``python -m claimref`` (a new
interpreter), or forked from this one (far cheaper; the same entry point, ``cli.main``), optionally
with a :class:`WriteHook` that marks each step of the write path and can SIGKILL the process at one.

A forked child never returns: it exits with the command's exit code (70 and a traceback in its log
when the command raised). Nothing here judges the outcome; that is the trials' job.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimref.edit.lock import LOCK_NAME, QUEUE_NAME

CRASHED = 70  # a forked command that raised instead of exiting


def subprocess_cli(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``python -m claimref ARGS`` with stdout and stderr to ``log`` (stdin: /dev/null)."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "claimref", *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def fork_cli(args: list[str], log: Path, hook: WriteHook | None = None,
             prepare: Callable[[], None] | None = None) -> int:  # fmt: skip
    """Fork a process that runs ``claimref ARGS`` (``cli.main``), output to ``log``; its pid.
    ``prepare`` runs in the child first (the harness's own tests use it to break the writer)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os._exit(_child(args, log, hook, prepare))
    return pid


def _child(args: list[str], log: Path, hook: WriteHook | None,
           prepare: Callable[[], None] | None) -> int:  # fmt: skip
    from claimref.cli import cli  # noqa: PLC0415  (the parent may not have loaded the CLI yet)

    code = CRASHED
    try:
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # as a script's `claimref … </dev/null`
        descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(descriptor, 1)
        os.dup2(descriptor, 2)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = sys.stderr = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
        if prepare is not None:
            prepare()
        if hook is not None:
            hook.install()
        try:
            cli.main(args=args, prog_name="claimref")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # a traceback is exactly what the trials look for
            traceback.print_exc()
        sys.stdout.flush()
    finally:
        if hook is not None:
            hook.finish()
    return code


def wait(pid: int) -> int:
    """Wait for a forked child; its exit code (negative: killed by that signal)."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def run_fork(args: list[str], log: Path) -> tuple[int, str]:
    """Run ``claimref ARGS`` in a forked child to the end: its exit code and output."""
    code = wait(fork_cli(args, log))
    return code, log.read_text("utf-8", errors="replace")


@dataclass
class WriteHook:
    """Watches the write path inside a forked command: every ``os`` call that creates, renames,
    removes or fsyncs something under ``root`` is a step. On the first step it writes one byte to
    ``notify`` (the parent then times its kill); after step ``kill_after`` (0: before the first)
    the process sends itself SIGKILL; with ``record``, each step is written there as it happens
    (``name<TAB>seconds since install<TAB>path``)."""

    root: Path
    kill_after: int | None = None
    notify: int | None = None
    record: Path | None = None
    steps: int = 0
    _prefix: str = ""
    _record_fd: int | None = None
    _start: float = 0.0
    _real: dict[str, Callable[..., Any]] = field(default_factory=dict)

    def install(self) -> None:
        """Wrap os.open, os.replace, os.rename, os.unlink and os.fsync (in this process only)."""
        self._prefix = os.path.realpath(self.root) + os.sep
        self._start = time.perf_counter()
        if self.record is not None:
            self._record_fd = os.open(self.record, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        for name in ("open", "replace", "rename", "unlink", "fsync"):
            self._real[name] = getattr(os, name)
            setattr(os, name, self._wrapper(name))

    def finish(self) -> None:
        """Close the record (the child is about to exit)."""
        if self._record_fd is not None:
            os.close(self._record_fd)

    def _wrapper(self, name: str) -> Callable[..., Any]:
        real = self._real[name]

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            path = self._step_path(name, args, kwargs)
            if path is None:
                return real(*args, **kwargs)
            self._before_step(name, path)
            result = real(*args, **kwargs)
            if self.kill_after == self.steps:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        return wrapped

    def _step_path(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
        """The path a call writes under the root (None: not a step of the write path)."""
        if name == "fsync":
            try:
                target = os.readlink(f"/proc/self/fd/{args[0] if args else kwargs['fd']}")
            except (OSError, TypeError):
                return None
        elif name == "open":
            flags = args[1] if len(args) > 1 else kwargs.get("flags", 0)
            if not flags & os.O_CREAT:
                return None
            target = os.path.realpath(os.fspath(args[0]))
        else:
            target = os.path.realpath(os.fspath(args[-1] if name != "unlink" else args[0]))
        inside = (target + os.sep).startswith(self._prefix)
        return (
            target if inside and os.path.basename(target) not in (LOCK_NAME, QUEUE_NAME) else None
        )

    def _before_step(self, name: str, path: str) -> None:
        if self.steps == 0:
            if self.notify is not None:
                os.write(self.notify, b"w")
            if self.kill_after == 0:
                os.kill(os.getpid(), signal.SIGKILL)
        self.steps += 1
        if self._record_fd is not None:
            elapsed = time.perf_counter() - self._start
            os.write(self._record_fd, f"{name}\t{elapsed:.6f}\t{path}\n".encode())


def read_record(path: Path) -> list[tuple[str, float, str]]:
    """The steps a :class:`WriteHook` recorded: (call, seconds, path)."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        name, seconds, target = line.split("\t", 2)
        rows.append((name, float(seconds), target))
    return rows
