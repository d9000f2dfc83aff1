"""Settings in claimref.toml: read with the line of each value, honoured by every command whose
option they default, beaten by the command line, and shown by ``claimref config`` with their origin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from claimref.config import TEMPLATE, Settings, read_settings
from claimref.errors import ClaimrefError
from tests.conftest import WorkspaceFactory, run

SETTINGS_FILE = """\
# a comment
by = "A. Historian"

style = "chicago-author-date"
"script" = "latin"
ignore = ["disputed-without-dissent"]
"""


def write_settings(root: Path, text: str) -> Path:
    (root / "claimref.toml").write_text(text, "utf-8")
    return root


def test_settings_are_read_with_their_lines(tmp_path: Path) -> None:
    loaded = read_settings(write_settings(tmp_path, SETTINGS_FILE))
    assert loaded.settings == Settings(
        by="A. Historian",
        style="chicago-author-date",
        script="latin",
        ignore=("disputed-without-dissent",),
    )
    assert dict(loaded.lines) == {"by": 2, "style": 4, "script": 5, "ignore": 6}
    assert (loaded.origin("style"), loaded.origin("locale")) == ("claimref.toml:4", "default")


def test_the_template_sets_nothing(tmp_path: Path) -> None:
    loaded = read_settings(write_settings(tmp_path, TEMPLATE))
    assert (loaded.settings, dict(loaded.lines)) == (Settings(), {})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('style = "apa"\nstyel = "x"\n', ":2: error: unknown setting 'styel'",
                     id="unknown-setting"),
        pytest.param("\nstyle = 3\n", ":2: error: style: expected a string in quotes",
                     id="not-a-string"),
        pytest.param('script = "cyrillic"\n', ":1: error: script: 'cyrillic' is not one of",
                     id="unknown-script"),
        pytest.param('translit = "klingon"\n', ":1: error: translit: 'klingon' is not one of",
                     id="unknown-scheme"),
        pytest.param("ignore = [1]\n", ":1: error: ignore: expected a list of rule ids",
                     id="ignore-not-strings"),
        pytest.param('by = "A"\nstyle = \n', ":2:9: error: Invalid value", id="syntax-error"),
    ],
)  # fmt: skip
def test_bad_settings_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    write_settings(tmp_path, text)
    with pytest.raises(ClaimrefError, match=None) as raised:
        read_settings(tmp_path)
    assert f"claimref.toml{message}" in str(raised.value)


def test_a_comma_separated_ignore_is_taken(tmp_path: Path) -> None:
    write_settings(tmp_path, 'ignore = "single-source, no-link"\n')
    assert read_settings(tmp_path).settings.ignore == ("single-source", "no-link")


def test_a_broken_settings_file_stops_every_command_plainly(
    make_workspace: WorkspaceFactory,
) -> None:
    root = write_settings(make_workspace(), "style = \n")
    for command in (["claims"], ["refs"], ["config"]):
        code, out, err = run(root, *command)
        assert (code, out) == (1, ""), command
        assert "claimref.toml:1:9: error: Invalid value" in err


#: (setting line, command, the same command with the option given); each setting must change
#: the command's output as the option does.
HONOURED = [
    pytest.param('style = "chicago-author-date"', ["refs", "--all"],
                 ["--style", "chicago-author-date"], id="style-refs"),
    pytest.param('style = "chicago-author-date"', ["cite", "strods2006@12"],
                 ["--style", "chicago-author-date"], id="style-cite"),
    pytest.param('locale = "de-DE"', ["cite", "strods2006@12"], ["--locale", "de-DE"],
                 id="locale-cite"),
    pytest.param('script = "latin"', ["refs", "--all"], ["--script", "latin"],
                 id="script-refs"),
    pytest.param('script = "latin"', ["show", "samson1980", "--style", "apa"],
                 ["--script", "latin"], id="script-show"),
    pytest.param('script = "latin"', ["export", "csljson"], ["--script", "latin"],
                 id="script-export"),
    pytest.param('script = "latin"\ntranslit = "iso9"', ["refs", "--all"],
                 ["--script", "latin", "--translit", "iso9"], id="translit-refs"),
    pytest.param('ignore = ["isbn-missing", "unused-source"]', ["check"],
                 ["--ignore", "isbn-missing,unused-source"], id="ignore-check"),
]  # fmt: skip


@pytest.mark.parametrize(("setting", "command", "option"), HONOURED)
def test_a_setting_is_the_default_of_its_option(
    make_workspace: WorkspaceFactory, setting: str, command: list[str], option: list[str]
) -> None:
    root = make_workspace()
    plain = run(root, *command)
    given = run(root, *command, *option)
    assert given[:2] != plain[:2], "the option changes nothing: a useless test"
    write_settings(root, setting + "\n")
    assert run(root, *command) == given


@pytest.mark.parametrize(
    ("setting", "command", "option"),
    [
        pytest.param('style = "chicago-author-date"', ["refs", "--all"], ["--style", "apa"],
                     id="style"),
        pytest.param('script = "latin"', ["refs", "--all"], ["--script", "original"],
                     id="script"),
        pytest.param('ignore = ["isbn-missing"]', ["check"], ["--ignore", "unused-source"],
                     id="ignore"),
    ],
)  # fmt: skip
def test_the_command_line_wins(
    make_workspace: WorkspaceFactory, setting: str, command: list[str], option: list[str]
) -> None:
    root = make_workspace()
    before = run(root, *command, *option)
    write_settings(root, setting + "\n")
    assert run(root, *command, *option) == before


def test_select_runs_a_rule_the_settings_ignore(make_workspace: WorkspaceFactory) -> None:
    root = write_settings(make_workspace(), 'ignore = ["isbn-missing"]\n')
    code, out, _ = run(root, "check", "--select", "isbn-missing")
    assert code == 0 and "[isbn-missing]" in out


def test_an_unknown_rule_in_the_settings_names_the_line(make_workspace: WorkspaceFactory) -> None:
    root = write_settings(make_workspace(), '\nignore = ["isbn-mising"]\n')
    for command in (["check"], ["site", "-o", str(root.parent / "site")]):
        code, out, err = run(root, *command)
        assert (code, out) == (1, ""), command
        assert "claimref.toml:2: error: ignore: unknown rule(s): isbn-mising" in err


def test_by_is_who_verifies(make_workspace: WorkspaceFactory) -> None:
    root = write_settings(make_workspace(), 'by = "Settings Person"\n')
    code, out, _ = run(root, "verify", "trains", "samson1980", "--on", "2026-11-27")
    assert code == 0 and "by Settings Person" in out
    code, out, _ = run(root, "verify", "trains", "samson1980", "--by", "Someone Else")
    assert code == 0 and "by Someone Else" in out


def test_site_leaves_ignored_rules_off_its_problems(
    make_workspace: WorkspaceFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = make_workspace()
    pages = {}
    for setting in ("", 'ignore = ["isbn-missing"]'):
        write_settings(root, setting + "\n")
        out = tmp_path_factory.mktemp("site")
        code, _, err = run(root, "site", "-o", str(out))
        assert code == 0, err
        pages[setting] = (out / "problems.html").read_text("utf-8")
    assert "isbn-missing" in pages[""]
    assert "isbn-missing" not in pages['ignore = ["isbn-missing"]']


def test_help_shows_the_default_from_the_settings(make_workspace: WorkspaceFactory) -> None:
    root = write_settings(make_workspace(), 'style = "ieee"\n')
    _, out, _ = run(root, "refs", "--help")
    assert "[default: ieee]" in " ".join(out.split())


def config_rows(root: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, list[str]]:
    """``claimref config`` (piped: tab-separated) as {setting: [value, origin, used by]}."""
    result = CliRunner().invoke(cli, [*args, "config"], env=env)
    assert result.exit_code == 0, result.output
    return {line.split("\t")[0]: line.split("\t")[1:] for line in result.stdout.splitlines()}


def test_config_shows_each_value_and_where_it_came_from(make_workspace: WorkspaceFactory) -> None:
    root = write_settings(make_workspace(), SETTINGS_FILE)
    rows = config_rows(root, "--root", str(root), "--no-cache")
    assert rows["style"][:2] == ['"chicago-author-date"', f"{root / 'claimref.toml'}:4"]
    assert rows["ignore"][:2] == ['["disputed-without-dissent"]', f"{root / 'claimref.toml'}:6"]
    assert rows["locale"][:2] == ['""', "default"]
    assert rows["by"][:2] == ['"A. Historian"', f"{root / 'claimref.toml'}:2"]
    assert rows["root"][:2] == [str(root), "command line (--root)"]
    assert rows["cache"][:2] == ["false", "command line (--no-cache)"]
    assert "refs --style" in rows["style"][2]


def test_config_names_the_environment(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    env = {"CLAIMREF_ROOT": str(root), "CLAIMREF_LOCK_TIMEOUT": "3"}
    rows = config_rows(root, env=env)
    assert rows["root"][:2] == [str(root), "environment ($CLAIMREF_ROOT)"]
    assert rows["lock-timeout"][:2] == ["3.0", "environment ($CLAIMREF_LOCK_TIMEOUT)"]
    assert rows["by"][1] == "default (login name)"


def test_config_as_json_and_one_value(make_workspace: WorkspaceFactory) -> None:
    root = write_settings(make_workspace(), SETTINGS_FILE)
    code, out, _ = run(root, "config", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["script"] == {
        "value": "latin",
        "origin": f"{root / 'claimref.toml'}:5",
        "used_by": data["script"]["used_by"],
    }
    assert data["ignore"]["value"] == ["disputed-without-dissent"]
    assert run(root, "config", "style") == (0, "chicago-author-date\n", "")
    code, _, err = run(root, "config", "styel")
    assert code == 2 and "no setting 'styel'" in err


def test_config_outside_a_workspace_shows_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["config", "style"], env={"CLAIMREF_ROOT": None})
    assert (result.exit_code, result.stdout) == (0, "apa\n")


@pytest.mark.parametrize(
    ("setting", "command"),
    [
        pytest.param('\nstyle = "chicago-autor-date"', ["refs"], id="style-refs"),
        pytest.param('\nstyle = "chicago-autor-date"', ["site", "-o", "{out}"], id="style-site"),
        pytest.param('\nlocale = "xx-YY"', ["cite", "strods2006"], id="locale-cite"),
    ],
)
def test_an_unusable_setting_names_the_line_not_the_option(
    make_workspace: WorkspaceFactory, tmp_path_factory: pytest.TempPathFactory, setting: str,
    command: list[str],
) -> None:  # fmt: skip
    root = write_settings(make_workspace(), setting + "\n")
    out = tmp_path_factory.mktemp("site")
    code, stdout, err = run(root, *(arg.format(out=out) for arg in command))
    name = setting.split(maxsplit=1)[0]
    assert (code, stdout) == (1, ""), err
    assert f"claimref.toml:2: error: {name}: unknown {name}" in err.splitlines()[0], err
