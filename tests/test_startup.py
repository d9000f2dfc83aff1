"""Start-up of the read commands: what ``import claimref``, ``--version``, ``--help`` and a warm
``show`` import (issue 13: each command is a new process, so its imports are part of every answer),
and that the lazy paths give what the eager ones gave."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

import claimref
from claimref import config, usertext
from claimref.config import Settings, read_settings
from claimref.errors import ClaimrefError
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory

#: Prints, after running ``claimref ARGS…``, which of the modules named in $WATCHED it imported.
PROGRAM = """\
import os, sys
from claimref.cli import main
sys.argv = ['claimref', *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
watched = os.environ['WATCHED'].split()
print(' '.join(sorted(set(watched) & set(sys.modules))), file=sys.stderr)
"""

#: What the model, the store and the selection bring, none of which ``--version`` or ``--help`` use.
WORKSPACE_MODULES = ["claimref.model", "claimref.store", "claimref.query", "claimref.partial"]
#: What a warm look-up does not need: name suggestions, terminal layout on a pipe, the TOML parser
#: for a claimref.toml of comments, the login name, completion.
LOOK_UP_SPARES = ["difflib", "shutil", "tomllib", "getpass", "click.shell_completion",
                  "claimref.complete"]  # fmt: skip


def imported(args: list[str], watched: list[str], cwd: Path | None = None) -> list[str]:
    """Which of ``watched`` a ``claimref ARGS…`` process imported."""
    env = {**os.environ, "WATCHED": " ".join(watched)}
    done = subprocess.run([sys.executable, "-c", PROGRAM, *args], env=env, cwd=cwd,
                          check=True, capture_output=True, text=True)  # fmt: skip
    return done.stderr.splitlines()[-1].split()


@pytest.mark.parametrize("args", [["--version"], ["--help"]], ids=["version", "help"])
def test_version_and_help_load_no_workspace_code(args: list[str]) -> None:
    assert imported(args, WORKSPACE_MODULES) == []


def test_a_warm_look_up_spares_what_it_does_not_use(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(claims={"trains": MINIMAL_CLAIM.replace("{id}", "trains")})
    (root / "claimref.toml").write_text(config.TEMPLATE, "utf-8")
    when = time.time_ns() - 60_000_000_000  # not racy: the index answers
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))
    args = ["--root", str(root), "show", "trains"]
    imported(args, [])  # builds the index
    assert imported(args, LOOK_UP_SPARES) == []


def test_import_claimref_loads_no_submodule() -> None:
    program = "import sys, claimref; print([m for m in sys.modules if m.startswith('claimref.')])"
    done = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True)
    assert done.stdout.strip() == b"[]"


@pytest.mark.parametrize("name", sorted(set(claimref.__all__) - {"__version__"}))
def test_the_public_api_names_what_its_modules_define(name: str) -> None:
    value = getattr(claimref, name)
    module = sys.modules[value.__module__]
    assert getattr(module, name) is value
    assert name in dir(claimref)


def test_an_unknown_name_of_the_package_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        claimref.Nothing  # noqa: B018  (the attribute access is the test)


# The regular expressions compiled on first use match what they matched


def test_not_printable_refuses_what_yaml_does_not_allow() -> None:
    allowed = re.compile(
        "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    )
    found = usertext.NOT_PRINTABLE
    differ = [
        c for c in range(0x110000) if bool(found.match(chr(c))) != bool(allowed.match(chr(c)))
    ]
    assert differ == []


def test_the_lazy_patterns_are_the_module_attributes_as_before() -> None:
    from claimref.usertext import INVISIBLE  # noqa: PLC0415  (the from-import is the test)

    assert INVISIBLE is usertext.INVISIBLE
    assert INVISIBLE.findall("a\u200bb\u202ec") == ["\u200b", "\u202e"]
    with pytest.raises(AttributeError):
        usertext.VISIBLE  # noqa: B018


# claimref.toml of comments only: read without tomllib, as tomllib reads it


@pytest.mark.parametrize(
    "text",
    [config.TEMPLATE, "", "\n\n", "# one\r\n  \t# two\t\n", "# é ü Жуков\n"],
    ids=["template", "empty", "blank", "crlf-tab", "non-ascii"],
)
def test_a_file_of_comments_gives_the_defaults(tmp_path: Path, text: str) -> None:
    (tmp_path / "claimref.toml").write_text(text, "utf-8")
    loaded = read_settings(tmp_path)
    assert loaded.settings == Settings()
    assert dict(loaded.lines) == {}


@pytest.mark.parametrize(
    "text", ["# a\x01b\n", "# a\x7f\n", "\ufeff# x\n", "x\n", "# a\n[t]\n", "# a\n\tby = 1\n"],
    ids=["control", "delete", "bom", "bare-word", "table", "wrong-type"],
)  # fmt: skip
def test_a_file_that_is_not_only_comments_still_goes_to_tomllib(tmp_path: Path, text: str) -> None:
    (tmp_path / "claimref.toml").write_text(text, "utf-8")
    with pytest.raises(ClaimrefError, match=r"claimref\.toml:\d+(:\d+)?: error: "):
        read_settings(tmp_path)


def test_sets_nothing_only_when_tomllib_reads_nothing() -> None:
    rng = random.Random(13)
    alphabet = ["#", " ", "\t", "\n", "\r", "\r\n", "a", "=", '"', "\x01", "\x7f", "é", "\u200b"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        try:
            empty = tomllib.loads(text) == {}
        except tomllib.TOMLDecodeError:
            empty = False
        assert not config._sets_nothing(text) or empty, repr(text)


# The cycle collector while the command line is imported


@pytest.mark.parametrize("before", [True, False], ids=["enabled", "disabled"])
def test_importing_the_command_line_leaves_the_collector_as_it_found_it(before: bool) -> None:
    program = (
        "import gc\n"
        f"gc.enable() if {before} else gc.disable()\n"
        "import claimref.cli\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True)
    assert done.stdout.split() == [str(before).encode(), b"True"]  # and what it made is frozen
