"""The command line, through click's CliRunner on workspaces built in tmp_path."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimref.cli import COMMANDS, cli
from tests.conftest import MINIMAL_BIB, MINIMAL_CLAIM, WorkspaceFactory, run


def test_claims_lists_id_status_statement_and_sources(make_workspace: WorkspaceFactory) -> None:
    code, out, err = run(make_workspace(), "claims")
    assert code == 0
    (row,) = out.splitlines()  # piped: tab-separated, no header, nothing shortened
    assert row.split("\t") == [
        "trains",
        "disputed",
        "The unit of Vilis Samsons was credited with the destruction of nearly 130 German trains.",
        "samson1980",
    ]
    assert "1 of 1 claims" in err


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (["--status", "disputed"], True),
        (["--status", "established"], False),
        (["--source", "samson1980"], True),
        (["--source", "strods2006"], False),
        (["--lang", "ru"], True),
        (["--lang", "lv"], False),
        (["--tag", "SABOTAGE"], True),
        (["--person", "samsons"], True),
        (["--person", "sproģis"], False),
        (["--search", "karsava"], True),
        (["--search", "KĀRSAVA"], True),
        (["--search", "дружба"], True),
        (["--search", "nothing like this"], False),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else str(v),
)
def test_claims_filters(make_workspace: WorkspaceFactory, args: list[str], found: bool) -> None:
    code, out, _ = run(make_workspace(), "claims", *args)
    assert code == 0
    assert ("trains" in out) is found


def test_claims_json(make_workspace: WorkspaceFactory) -> None:
    code, out, _ = run(make_workspace(), "claims", "--format", "json")
    assert code == 0
    (data,) = json.loads(out)
    assert data["id"] == "trains"
    assert data["reliability"]["status"] == "disputed"
    assert data["links"][0] == {"source": "samson1980", "stance": "mentions", "verified": False}


def test_show_prints_the_claim_with_full_references(make_workspace: WorkspaceFactory) -> None:
    code, out, _ = run(make_workspace(), "show", "trains")
    assert code == 0
    assert "[DISPUTED]" in out
    assert "The article calls it a likely fabrication." in out
    assert "mentions · unverified" in out
    assert "Самсон, В. П. Дружба народов победила. Рига: Авотс, 1980." in out


def test_show_unknown_id_is_a_usage_error(make_workspace: WorkspaceFactory) -> None:
    code, _, err = run(make_workspace(), "show", "train")
    assert code == 2
    assert "no claim or source 'train'" in err and "trains" in err


def test_sources_counts_citing_claims(make_workspace: WorkspaceFactory) -> None:
    code, out, _ = run(make_workspace(), "sources")
    assert code == 0
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert rows["samson1980"][1:4] == ["ru", "1980", "1"]
    assert rows["strods2006"][1:4] == ["lv", "2006", "0"]


def test_sources_filtered_by_language_json(make_workspace: WorkspaceFactory) -> None:
    code, out, _ = run(make_workspace(), "sources", "--lang", "lv", "--format", "json")
    assert code == 0
    assert [s["key"] for s in json.loads(out)] == ["strods2006"]


def test_bad_data_exits_1_with_all_errors_and_no_traceback(
    make_workspace: WorkspaceFactory,
) -> None:
    bad = MINIMAL_CLAIM.replace("{id}", "trains").replace("stance: mentions", "stance: nope")
    root = make_workspace(claims={"trains": bad, "other": "id: [\n"})
    code, out, err = run(root, "claims")
    assert code == 1
    assert out == ""
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert len(lines) == 2
    assert lines[0].split(":")[0].endswith("other.yaml")
    assert "trains.yaml:12:" in lines[1] and "unknown value 'nope'" in lines[1]
    assert "Traceback" not in err


def test_no_workspace_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMREF_ROOT", raising=False)
    result = CliRunner().invoke(cli, ["claims"])
    assert result.exit_code == 1
    assert "no claimref workspace" in result.stderr


def test_usage_error_exits_2(make_workspace: WorkspaceFactory) -> None:
    code, _, err = run(make_workspace(), "claims", "--status", "maybe")
    assert code == 2
    assert "Invalid value" in err


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, f"claimref {prefix}{name} is listed but cannot be loaded"
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(cli), ids=[n for n, _ in _commands(cli)])
def test_every_command_help_ends_with_an_example(name: str, command: click.Command) -> None:
    help_text = (command.help or "").strip()
    assert "Example:" in help_text, f"claimref {name} --help has no example"
    assert f"claimref {name.split(maxsplit=1)[0]}" in help_text.split("Example:")[-1]


def test_every_command_module_is_in_the_lazy_table() -> None:
    """A command defined in a module but missing from COMMANDS would be unreachable."""
    for module in set(COMMANDS.values()):
        importlib.import_module(f"claimref.cli.{module}")
    assert set(cli.commands) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_summary_is_the_one_its_help_gives(name: str) -> None:
    """``--help`` lists claimref.cli.summaries without importing the commands: it must not go stale."""
    from claimref.cli.summaries import SUMMARIES  # noqa: PLC0415

    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    for limit in (30, 45, 60, 82, 10**6):
        shortened = click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)
        assert shortened == command.get_short_help_str(limit)
    assert set(SUMMARIES) == set(COMMANDS)


def test_help_lists_every_command_with_its_summary() -> None:
    out = CliRunner().invoke(cli, ["--help"], terminal_width=100).output
    listed = [line.split()[0] for line in out.split("Commands:\n")[1].splitlines() if line.strip()]
    assert listed == sorted(COMMANDS)
    assert "merge-driver  Merge BASE, OURS and THEIRS" in out


WARNED_BIB = MINIMAL_BIB.replace("  date = {2006},\n", "  date = {2006},\n  month = january,\n", 1)


@pytest.mark.parametrize(
    "args",
    [["refs", "--all"], ["export", "bibtex"], ["claims"], ["sources"], ["show", "trains"],
     ["cite", "strods2006"], ["evidence", "trains"]],
    ids=lambda args: "-".join(args[:2]),
)  # fmt: skip
def test_reading_commands_print_what_biber_reads_with_a_warning(
    make_workspace: WorkspaceFactory, args: list[str]
) -> None:
    """Issue 12 §1: what loads with a warning is reported by ``check`` and on stderr by the other
    commands, which still succeed."""
    root = make_workspace(bib=WARNED_BIB)
    for _ in range(2):  # the second run answers from the index (the reading commands that can)
        code, _, err = run(root, *args)
        assert code == 0, err
        assert "bibliography/sources.bib:6:3: warning: " in err and "january" in err
