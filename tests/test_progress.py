"""Progress lines: drawn on a terminal only, late and seldom, cleared at the end; the library reports
(done, total) through a callback and the commands show it on stderr."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimref import progress
from claimref.importing import plan_import
from claimref.progress import Meter, meter, shown_on
from claimref.site import build_site
from claimref.store import load_workspace
from claimref.validate import RULES, check
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory, run


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("stream", "env", "shown"),
    [
        pytest.param(io.StringIO(), {}, False, id="pipe-or-file"),
        pytest.param(FakeTerminal(), {}, True, id="terminal"),
        pytest.param(FakeTerminal(), {"TERM": "dumb"}, False, id="dumb-terminal"),
        pytest.param(FakeTerminal(), {"CLAIMREF_NO_PROGRESS": "1"}, False, id="turned-off"),
        pytest.param(FakeTerminal(), {"CLAIMREF_NO_PROGRESS": "0"}, True, id="turned-off-0"),
        pytest.param(FakeTerminal(), {"NO_COLOR": "1"}, True, id="no-color-is-no-matter"),
    ],
)
def test_shown_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, env: dict[str, str], shown: bool
) -> None:
    for name in ("TERM", "CLAIMREF_NO_PROGRESS", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert shown_on(stream) is shown
    assert (meter("reading", "files", stream) is not None) is shown


def test_a_closed_stream_is_no_terminal() -> None:
    with open(os.devnull, "w", encoding="utf-8") as stream:
        pass
    assert not shown_on(stream)  # isatty() raises ValueError


def test_the_meter_waits_then_draws_ten_times_a_second_and_clears() -> None:
    stream, clock = FakeTerminal(), Clock()
    shown = Meter("reading", "files", stream, clock=clock)
    shown(0, 2000)
    clock.now += 0.4
    shown(1, 2000)
    assert stream.getvalue() == ""  # short work stays silent
    clock.now += 0.2
    shown(500, 2000)
    clock.now += 0.05
    shown(600, 2000)  # too soon after the last line
    clock.now += 0.1
    shown(1999, 2000)
    assert stream.getvalue() == (
        "\rreading: 500 of 2,000 files (25%)\rreading: 1,999 of 2,000 files (99%)"
    )
    shown.close()
    width = len("reading: 1,999 of 2,000 files (99%)")
    assert stream.getvalue().endswith("\r" + " " * width + "\r")


def test_a_shorter_line_covers_the_longer_one() -> None:
    stream = FakeTerminal()
    shown = Meter("x", "things", stream, delay=0, interval=0)
    shown(10, 10)
    shown.announce(5)
    assert stream.getvalue().endswith(
        "\rx 5 things…" + " " * (len("x: 10 of 10 things (100%)") - 11)
    )


def test_nothing_drawn_nothing_cleared() -> None:
    stream = FakeTerminal()
    Meter("x", "things", stream).close()
    assert stream.getvalue() == ""


# --- the library reports, the commands show ----------------------------------------------------


def recorder() -> tuple[list[tuple[int, int]], progress.Progress]:
    calls: list[tuple[int, int]] = []
    return calls, lambda done, total: calls.append((done, total))


def test_loading_reports_each_file(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(
        claims={f"c{i}": MINIMAL_CLAIM.replace("{id}", f"c{i}") for i in range(3)}
    )
    calls, told = recorder()
    load_workspace(root, progress=told)
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4)]  # one .bib, three claims


def test_check_reports_each_rule(make_workspace: WorkspaceFactory) -> None:
    calls, told = recorder()
    check(load_workspace(make_workspace()), progress=told)
    assert calls == [(done, len(RULES)) for done in range(len(RULES))]


def test_site_reports_each_page(make_workspace: WorkspaceFactory, tmp_path: Path) -> None:
    calls, told = recorder()
    report = build_site(load_workspace(make_workspace()), tmp_path / "site", progress=told)
    assert calls == [(done, report.pages) for done in range(report.pages)]


def test_import_reports_each_entry(make_workspace: WorkspaceFactory, tmp_path: Path) -> None:
    root = make_workspace()
    (tmp_path / "new.bib").write_text(
        "".join(f"@misc{{new{i}, title = {{T{i}}}, date = {{2001}}}}\n" for i in range(3)), "utf-8"
    )
    calls, told = recorder()
    plan_import(load_workspace(root), tmp_path / "new.bib", progress=told)
    assert calls == [(0, 3), (1, 3), (2, 3)]


@pytest.mark.parametrize(
    ("command", "labels"),
    [
        pytest.param(["check"], ["reading", "checking"], id="check"),
        pytest.param(["refs", "--all"], ["reading"], id="refs"),
        pytest.param(["site", "-o", "{out}"], ["reading", "building the site"], id="site"),
        pytest.param(["import", "{bib}", "--dry-run"], ["reading", "importing"], id="import"),
    ],
)
def test_commands_show_progress_on_a_terminal_only(
    make_workspace: WorkspaceFactory,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    labels: list[str],
) -> None:
    root = make_workspace()
    extra = tmp_path_factory.mktemp("extra")
    (extra / "new.bib").write_text("@misc{new1, title = {T}, date = {2001}}\n", "utf-8")
    args = [a.format(out=extra / "site", bib=extra / "new.bib") for a in command]
    piped = run(root, *args)
    assert "\r" not in piped[2]
    shutil.rmtree(extra / "site", ignore_errors=True)  # built again from nothing
    monkeypatch.setattr(progress, "shown_on", lambda stream: True)  # stderr a terminal
    monkeypatch.setattr(progress, "DELAY", 0.0)
    shown = run(root, *args)
    for label in labels:
        assert f"\r{label}: 0 of " in shown[2], label
    assert shown[:2] == piped[:2]  # the same result and output
    assert screen(shown[2]) == screen(piped[2])  # every line cleared before anything else


def screen(text: str) -> str:
    """What a terminal shows once ``text`` is written: each ``\\r`` returns to the line's start,
    and what follows overwrites it."""
    lines = []
    for line in text.split("\n"):
        shown: list[str] = []
        column = 0
        for char in line:
            if char == "\r":
                column = 0
                continue
            shown[column : column + 1] = [char]
            column += 1
        lines.append("".join(shown).rstrip())
    return "\n".join(lines)


def test_a_real_terminal_sees_the_lines(make_workspace: WorkspaceFactory) -> None:
    """``claimref check`` with stderr on a pseudo-terminal draws its lines; piped, nothing."""
    pty = pytest.importorskip("pty")
    root = make_workspace()
    code = ("import claimref.progress as p; p.DELAY = 0.0; from claimref.cli import main; import "
            f"sys; sys.argv = ['claimref', '--root', {str(root)!r}, 'check']; main()")  # fmt: skip
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("TERM", "CLAIMREF_NO_PROGRESS")}
    done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=follower,
                          env=env, timeout=120, check=False)  # fmt: skip
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:  # the terminal's other end is closed: all is read
        pass
    os.close(leader)
    assert done.returncode == 0
    assert b"\rchecking: 0 of " in seen and b"claimref check:" in seen
    piped = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env,
                           timeout=120, check=False)  # fmt: skip
    assert b"\r" not in piped.stderr and b"claimref check:" in piped.stderr
