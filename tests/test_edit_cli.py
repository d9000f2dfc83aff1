"""The claim commands (claimref new, edit, link, unlink, status, verify, rename): output, exit codes,
--dry-run, --help, and $EDITOR as git commit uses it."""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from claimref.formats import claimfile
from tests.conftest import run

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
CLAIM = "samsons-130-trains"

#: Each command once, as a user would type it (after ``claimref --root ROOT``).
COMMANDS = {
    "new": ["new", "bridge", "--statement", "The bridge was blown up.", "--place", "Kārsava"],
    "link": ["link", CLAIM, "strods2006@p. 112", "--stance", "supports", "--note", "Says so."],
    "unlink": ["unlink", CLAIM, "samson1980"],
    "status": ["status", CLAIM, "doubtful", "--note", "Nobody says who credited it."],
    "verify": ["verify", CLAIM, "samson1980", "--by", "A. Historian", "--on", "2026-12-01"],
    "verify-undo": ["verify", CLAIM, "wikipedia-soviet-partisans-latvia", "--undo"],
    "rename": ["rename", "partisan-losses-3243-figure", "partisan-losses-3243"],
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the bundled dataset."""
    for folder in ("bibliography", "claims", "people"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    shutil.copy(PROJECT / "claimref.toml", tmp_path / "claimref.toml")
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_writes_and_says_what_it_did(root: Path, name: str) -> None:
    before = snapshot(root)
    code, out, err = run(root, *COMMANDS[name])
    assert code == 0, err
    assert out.startswith("claims/") or out.startswith(str(root)), out
    assert snapshot(root) != before


@pytest.mark.parametrize("name", list(COMMANDS))
def test_dry_run_prints_the_diff_and_writes_nothing(root: Path, name: str) -> None:
    before = snapshot(root)
    code, out, err = run(root, *COMMANDS[name], "--dry-run")
    assert code == 0, err
    assert out.startswith("--- ") and "\n+++ " in out and "\n@@ " in out
    assert "dry run, nothing written" in err
    after = snapshot(root)
    after.pop(".claimref.lock", None)
    after.pop(".claimref.queue", None)
    assert after == before


@pytest.mark.parametrize("name", ["new", "edit", "link", "unlink", "status", "verify", "rename"])
def test_help_ends_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    lines = result.output.split("Options:")[0].rstrip().splitlines()
    assert any(line.strip() == "Example:" for line in lines[-4:]), result.output


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["link", "nope", "strods2006", "--stance", "supports"], 2, "no claim 'nope'"),
        (["link", CLAIM, "strods2060", "--stance", "supports"], 2, "did you mean 'strods2006'"),
        (["link", CLAIM, "strods2006@p. 1x2", "--stance", "supports"], 2, "understood the label 'page'"),
        (["link", CLAIM, "strods2006", "--stance", "support"], 2, "'support' is not one of"),
        (["link", CLAIM, "samson1980", "--stance", "supports"], 2, "already links to 'samson1980'"),
        (["unlink", "central-hq-liaison-networks", "wikipedia-soviet-partisans-latvia"], 2,
         "only source"),
        (["status", CLAIM, "doubtful"], 2, "Missing option '--note'"),
        (["status", CLAIM, "doubtful", "--note", "x", "--credibility", "9"], 2, "--credibility"),
        (["verify", CLAIM, "samson1980", "--on", "yesterday"], 2, "is not a date"),
        (["new", CLAIM, "--statement", "x"], 2, "exists"),
        (["new", "bridge"], 2, "give --statement TEXT"),
        (["new", "bridge", "--statement", "x", "--date", "August"], 1, "is not YYYY"),
        (["rename", CLAIM, "partisan-losses-inference"], 2, "exists"),
    ],
    ids=[
        "unknown-claim", "unknown-key", "bad-locator", "bad-stance", "duplicate-link",
        "last-link", "status-without-note", "bad-credibility", "bad-date", "taken-id",
        "no-statement-no-terminal", "invalid-value", "rename-taken",
    ],
)  # fmt: skip
def test_refusals(root: Path, args: list[str], code: int, says: str) -> None:
    before = snapshot(root)
    got, out, err = run(root, *args)
    assert (got, out) == (code, "")
    assert says in err
    assert "Traceback" not in err
    after = snapshot(root)
    after.pop(".claimref.lock", None)
    after.pop(".claimref.queue", None)
    assert after == before


def test_a_refused_edit_prints_the_finding_at_its_line(root: Path) -> None:
    path = root / "claims" / f"{CLAIM}.yaml"
    path.write_text(path.read_text("utf-8").replace("stance: mentions", "stance: support"), "utf-8")
    code, _, err = run(root, "link", CLAIM, "strods2006", "--stance", "supports")
    assert code == 1
    assert f"claims/{CLAIM}.yaml:41:13: error: link.stance: unknown value 'support'" in err
    assert "nothing done" in err


# --- $EDITOR ----------------------------------------------------------------------------------

EDITOR_SCRIPT = """\
import pathlib, sys
here = pathlib.Path(__file__).parent
counter = here / "count"
n = int(counter.read_text()) + 1 if counter.exists() else 1
counter.write_text(str(n))
target = pathlib.Path(sys.argv[1])
(here / f"shown-{n}.yaml").write_text(target.read_text("utf-8"), "utf-8")
answer = here / f"answer-{n}.yaml"
if answer.exists():
    target.write_text(answer.read_text("utf-8"), "utf-8")
"""

VALID = textwrap.dedent("""\
    id: bridge
    statement: >-
      Partisans blew up the Kārsava railway bridge in August 1943.
    reliability:
      status: unverified
    links: []
""")


@pytest.fixture
def editor(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is a script that saves ``answer-N.yaml`` the N-th time it runs (and keeps what it
    was shown as ``shown-N.yaml``); the command believes it runs on a terminal."""
    folder = tmp_path_factory.mktemp("editor")
    (folder / "editor.py").write_text(EDITOR_SCRIPT, "utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {folder / 'editor.py'}")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {folder / 'editor.py'}")
    monkeypatch.setattr("claimref.cli.edit._on_terminal", lambda: True)
    return folder


def test_new_without_statement_opens_the_editor_on_a_template(root: Path, editor: Path) -> None:
    (editor / "answer-1.yaml").write_text(VALID, "utf-8")
    code, out, err = run(root, "new", "bridge", "--place", "Kārsava")
    assert code == 0, err
    assert out == "claims/bridge.yaml: new claim 'bridge' (unverified)\n" or out.endswith(
        "bridge.yaml: new claim 'bridge' (unverified)\n"
    )
    template = (editor / "shown-1.yaml").read_text("utf-8")
    assert template.startswith("# New claim 'bridge'")
    assert "places: [Kārsava]" in template
    assert (root / "claims" / "bridge.yaml").read_text("utf-8") == VALID


def test_invalid_text_reopens_the_editor_with_the_errors_on_top(root: Path, editor: Path) -> None:
    (editor / "answer-1.yaml").write_text(
        VALID.replace("status: unverified", "status: yes"), "utf-8"
    )
    (editor / "answer-2.yaml").write_text(VALID, "utf-8")
    code, _, err = run(root, "new", "bridge")
    assert code == 0, err
    second = (editor / "shown-2.yaml").read_text("utf-8")
    assert second.startswith("# claimref: not saved; fix these errors")
    assert "reliability.status: expected text, found a boolean" in second
    assert "  status: yes\n" in second
    assert claimfile.loads((root / "claims" / "bridge.yaml").read_text("utf-8"), "b").claim


def test_an_emptied_file_cancels_and_writes_nothing(root: Path, editor: Path) -> None:
    (editor / "answer-1.yaml").write_text("\n", "utf-8")
    code, _, err = run(root, "new", "bridge")
    assert code == 1
    assert "nothing written" in err
    assert not (root / "claims" / "bridge.yaml").exists()


def test_saving_the_same_errors_twice_keeps_the_text_in_a_file(root: Path, editor: Path) -> None:
    invalid = VALID.replace("links: []", "links: nope")
    (editor / "answer-1.yaml").write_text(invalid, "utf-8")
    (editor / "answer-2.yaml").write_text(invalid, "utf-8")
    code, _, err = run(root, "new", "bridge")
    assert code == 1
    kept = Path(err.split("kept in ")[1].strip())
    assert kept.read_text("utf-8") == invalid
    kept.unlink()
    assert not (root / "claims" / "bridge.yaml").exists()


def test_edit_replaces_the_file_with_the_saved_text(root: Path, editor: Path) -> None:
    path = root / "claims" / f"{CLAIM}.yaml"
    old = path.read_text("utf-8")
    new = old.replace("nearly 130", "about 130")
    (editor / "answer-1.yaml").write_text(new, "utf-8")
    code, out, err = run(root, "edit", CLAIM)
    assert code == 0, err
    assert out.endswith("saved\n")
    assert (editor / "shown-1.yaml").read_text("utf-8").endswith(old)
    assert path.read_text("utf-8") == new


def test_edit_without_saving_changes_nothing(root: Path, editor: Path) -> None:
    before = snapshot(root)
    code, _, err = run(root, "edit", CLAIM)
    assert code == 1 and "nothing written" in err
    after = snapshot(root)
    after.pop(".claimref.lock", None)
    after.pop(".claimref.queue", None)
    assert after == before


def test_edit_without_a_terminal_or_an_editor_is_a_usage_error(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    code, _, err = run(root, "edit", CLAIM)
    assert code == 2 and "no terminal and no $EDITOR" in err


def test_an_edit_of_a_file_changed_meanwhile_keeps_the_text(root: Path, editor: Path) -> None:
    path = root / "claims" / f"{CLAIM}.yaml"
    old = path.read_text("utf-8")
    script = (editor / "editor.py").read_text("utf-8")
    meddle = f"pathlib.Path({str(path)!r}).write_text('changed', 'utf-8')\n"
    (editor / "editor.py").write_text(script + meddle, "utf-8")
    (editor / "answer-1.yaml").write_text(old.replace("nearly 130", "about 130"), "utf-8")
    code, _, err = run(root, "edit", CLAIM)
    assert code == 1 and "changed since the editor opened it; not written" in err
    kept = Path(err.split("your text is kept in ")[1].strip())
    assert "about 130" in kept.read_text("utf-8")
    kept.unlink()
    assert path.read_text("utf-8") == "changed"
