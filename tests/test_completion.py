"""Shell completion: the candidates (claim ids, cite keys, tags, people, statuses, styles, rules) read
cheaply from a workspace, and the bash script really completing them in bash; zsh and fish scripts
and their side of click's protocol."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from claimref import complete
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory, run

BIB = """\
@string{riga = {Rīga}}
@comment{@book{not-an-entry, title = {x}}}
@book{strods2006,
  author = {Strods, Heinrihs}, title = {PSRS kaujinieki}, location = riga, date = {2006},
}
@Article ( samson1980 ,
  author = {Самсон, В. П.}, title = {Дружба}, date = {1980},
)
  @book{Ābele2001, author = {Ābele, A.}, title = {X}, date = {2001}}
"""

BLOCK_TAGS = """\
id: losses
statement: The partisans lost many men.
people:
  - "Vilis Samsons"
  - Otomārs Oškalns   # a comment
tags:
  - losses
  - 'statistics'
reliability: {status: unverified}
links: [{source: strods2006, stance: supports}]
"""


@pytest.fixture
def root(make_workspace: WorkspaceFactory) -> Path:
    """A workspace with two claims (flow and block lists) and three entries."""
    return make_workspace(
        bib=BIB,
        claims={"trains": MINIMAL_CLAIM.replace("{id}", "trains"), "losses": BLOCK_TAGS},
    )


def test_candidates_come_from_the_files(root: Path) -> None:
    assert complete.claim_ids(root) == ["losses", "trains"]
    assert complete.cite_keys(root) == ["strods2006", "samson1980", "Ābele2001"]
    assert complete.tags(root) == ["losses", "sabotage", "statistics"]
    assert complete.people(root) == ["Otomārs Oškalns", "Vilis Samsons"]
    assert complete.statuses()[:2] == ["established", "probable"]
    assert "chicago-author-date" in complete.style_ids()
    assert "isbn-invalid" in complete.rule_ids()


def test_the_candidates_are_those_the_loader_finds(root: Path) -> None:
    code, out, _ = run(root, "sources", "--format", "json")
    assert code == 0
    assert sorted(complete.cite_keys(root)) == sorted(s["key"] for s in json.loads(out))


@pytest.mark.parametrize(
    "damage",
    ["no-folders", "unreadable-files", "folders-are-files", "binary-files"],
)
def test_a_broken_workspace_gives_no_candidates_and_no_error(tmp_path: Path, damage: str) -> None:
    if damage == "folders-are-files":
        (tmp_path / "claims").write_text("x")
        (tmp_path / "bibliography").write_text("x")
    elif damage != "no-folders":
        for folder, name in (("claims", "a.yaml"), ("bibliography", "a.bib")):
            (tmp_path / folder).mkdir()
            path = tmp_path / folder / name
            path.write_bytes(b"\xff\xfe\x00tags: [\x80]\n@book{\x81," if damage == "binary-files"
                             else b"")  # fmt: skip
            if damage == "unreadable-files":
                path.chmod(0)
    ids, keys, tags = (complete.claim_ids(tmp_path), complete.cite_keys(tmp_path),
                       complete.tags(tmp_path))  # fmt: skip
    assert ids in ([], ["a"]) and isinstance(keys, list) and isinstance(tags, list)


# --- completing in bash, for real --------------------------------------------------------------


@pytest.fixture
def shell_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a shell whose PATH has a ``claimref`` running this checkout's code."""
    folder = tmp_path_factory.mktemp("bin")
    wrapper = folder / "claimref"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m claimref "$@"\n', "utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMREF_ROOT")}
    return {**env, "PATH": f"{folder}{os.pathsep}{env.get('PATH', '')}"}


@pytest.fixture
def bash_script(shell_env: dict[str, str]) -> str:
    """The output of ``claimref completion bash``."""
    return subprocess.run(["claimref", "completion", "bash"], env=shell_env, capture_output=True,
                          text=True, check=True, timeout=60).stdout  # fmt: skip


def bash_complete(script: str, words: list[str], env: dict[str, str],
                  cwd: Path | None = None) -> tuple[list[str], str]:  # fmt: skip
    """COMPREPLY after Tab at the end of ``words`` (the last one being typed) in bash with the
    completion ``script`` sourced; and what was written to stderr."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (f"{script}\nCOMP_WORDS=({quoted})\nCOMP_CWORD={len(words) - 1}\n"
               "_claimref_completion claimref\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")  # fmt: skip
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return [line for line in done.stdout.splitlines() if line], done.stderr


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")

CASES = [
    pytest.param(["show", ""], ["trains", "losses", "strods2006", "samson1980", "Ābele2001"],
                 id="show-id-or-key"),
    pytest.param(["show", "s"], ["strods2006", "samson1980"], id="show-prefix"),
    pytest.param(["link", "t"], ["trains"], id="claim-id"),
    pytest.param(["link", "trains", "S"], ["strods2006", "samson1980"], id="key-any-case"),
    pytest.param(["cite", "strods2006@"], [], id="locator-left-alone"),
    pytest.param(["claims", "--status", "d"], ["disputed", "doubtful"], id="status"),
    pytest.param(["status", "trains", "p"], ["probable"], id="status-argument"),
    pytest.param(["claims", "--tag", ""], ["losses", "sabotage", "statistics"], id="tag"),
    pytest.param(["claims", "--person", "V"], ["Vilis Samsons"], id="person-with-space"),
    pytest.param(["refs", "--style", "chicago-author-date-1"],
                 ["chicago-author-date-16th-edition", "chicago-author-date-17th-edition"],
                 id="style"),
    pytest.param(["check", "--ignore", "no-link,isbn-inv"], ["no-link,isbn-invalid"],
                 id="rule-list"),
    pytest.param(["evidence", "l"], ["losses"], id="evidence"),
    pytest.param(["export", "bibtex", "--key", "Ā"], ["Ābele2001"], id="export-key"),
    pytest.param(["comp"], ["completion"], id="command"),
]  # fmt: skip


@needs_bash
@pytest.mark.parametrize(("words", "expected"), CASES)
def test_bash_completes(
    root: Path, shell_env: dict[str, str], bash_script: str, words: list[str], expected: list[str]
) -> None:
    offered, err = bash_complete(bash_script, ["claimref", "--root", str(root), *words], shell_env)
    assert (sorted(offered), err) == (sorted(expected), "")


@needs_bash
def test_bash_finds_the_workspace_as_the_command_would(
    root: Path, shell_env: dict[str, str], bash_script: str
) -> None:
    words = ["claimref", "show", "tr"]
    from_env = bash_complete(bash_script, words, {**shell_env, "CLAIMREF_ROOT": str(root)})
    (root / "claims" / "sub").mkdir()
    from_below = bash_complete(bash_script, words, shell_env, cwd=root / "claims" / "sub")
    assert from_env == from_below == (["trains"], "")


@needs_bash
@pytest.mark.parametrize("where", ["missing-folder", "not-a-workspace", "broken-settings"])
def test_bash_offers_nothing_for_a_broken_workspace(
    tmp_path: Path, shell_env: dict[str, str], bash_script: str, where: str
) -> None:
    if where == "broken-settings":
        (tmp_path / "claims").mkdir()
        (tmp_path / "bibliography").mkdir()
        (tmp_path / "claimref.toml").write_text("style = \n")
    root = tmp_path / "gone" if where == "missing-folder" else tmp_path
    env = {**shell_env, "CLAIMREF_ROOT": str(root)}
    offered, err = bash_complete(bash_script, ["claimref", "show", ""], env)
    assert (offered, err) == ([], "")


# --- zsh and fish ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        pytest.param("bash", ["_claimref_completion()", "_CLAIMREF_COMPLETE=bash_complete"],
                     id="bash"),
        pytest.param("zsh", ["#compdef claimref", "_CLAIMREF_COMPLETE=zsh_complete"], id="zsh"),
        pytest.param("fish", ["complete --no-files --command claimref",
                              "_CLAIMREF_COMPLETE=fish_complete"], id="fish"),
    ],
)  # fmt: skip
def test_completion_prints_the_script(tmp_path: Path, shell: str, expected: list[str]) -> None:
    code, out, err = run(tmp_path, "completion", shell)
    assert code == 0, err
    for text in expected:
        assert text in out


def test_the_script_is_printed_whatever_the_settings(tmp_path: Path) -> None:
    (tmp_path / "claimref.toml").write_text("style = \n")
    code, out, _ = run(tmp_path, "completion", "bash")
    assert code == 0 and "_claimref_completion" in out


def test_an_unknown_shell_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "completion", "tcsh")
    assert code == 2 and "'tcsh' is not one of" in err


@pytest.mark.parametrize(
    ("shell", "cword", "expected"),
    [
        pytest.param("zsh", "2", "plain\nsamson1980\n_\n", id="zsh"),
        pytest.param("fish", "samson", "plain,samson1980\n", id="fish"),
    ],
)
def test_zsh_and_fish_protocols_give_the_candidates(
    root: Path, shell_env: dict[str, str], shell: str, cword: str, expected: str
) -> None:
    env = {**shell_env, "_CLAIMREF_COMPLETE": f"{shell}_complete", "CLAIMREF_ROOT": str(root),
           "COMP_WORDS": "claimref show samson", "COMP_CWORD": cword}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "claimref"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert (done.stdout, done.stderr) == (expected, "")
