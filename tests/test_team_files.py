"""The files a team's tools read: the pre-commit hook, the CI workflow example and its problem matcher.

The matcher is tried on what ``claimref check`` really prints for a broken workspace; the hook's
``files`` pattern on the paths a workspace holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINIMAL_CLAIM, PROJECT, WorkspaceFactory, run

HOOKS = PROJECT / ".pre-commit-hooks.yaml"
CI = PROJECT / "docs" / "ci"


def hook() -> dict[str, object]:
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return dict(hooks[0])


def test_the_pre_commit_hook_runs_claimref_check_on_the_whole_workspace() -> None:
    found = hook()
    # pre-commit's manifest schema: these keys are required, the others as pre-commit reads them
    assert {"id", "name", "entry", "language"} <= set(found)
    assert (found["id"], found["entry"], found["language"]) == (
        "claimref-check",
        "claimref check",
        "python",
    )
    assert found["pass_filenames"] is False


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("bibliography/sources.bib", True),
        ("claims/samsons-130-trains.yaml", True),
        ("people/samsons-vilis.yaml", True),
        ("claimref.toml", True),
        ("history/partisans/claims/x.yml", True),
        ("README.md", False),
        ("docs/claims.yaml", False),
        ("bibliography.bib", False),
    ],
)
def test_the_pre_commit_hook_runs_when_data_changes(path: str, runs: bool) -> None:
    assert (re.search(str(hook()["files"]), path) is not None) == runs


def matcher() -> re.Pattern[str]:
    spec = json.loads((CI / "claimref-matcher.json").read_text("utf-8"))
    (pattern,) = spec["problemMatcher"][0]["pattern"]
    return re.compile(pattern["regexp"])


def test_the_problem_matcher_reads_what_check_prints(make_workspace: WorkspaceFactory) -> None:
    claim = MINIMAL_CLAIM.replace("{id}", "trains").replace("mentions", "endorses")
    root = make_workspace(claims={"trains": claim})
    code, out, _ = run(root, "check", "--strict")
    assert code == 1
    found = [m.groups() for line in out.splitlines() if (m := matcher().match(line))]
    errors = [g[1:5] for g in found if g[0].endswith("claims/trains.yaml") and g[3] == "error"]
    assert errors == [("12", "13", "error", "link.stance: unknown value 'endorses' (one of "
                       "supports | disputes | qualifies | mentions)")], out  # fmt: skip
    unmatched = [line for line in out.splitlines() if not matcher().match(line)]
    assert all(": info: " in line for line in unmatched), unmatched  # infos are not annotated
    assert all(g[5] and re.fullmatch(r"[a-z0-9-]+", g[5]) for g in found)  # the rule id


def test_the_workflow_example_runs_check_strict_with_the_matcher() -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text("utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "claimref check --strict" in commands
    assert 'echo "::add-matcher::.github/claimref-matcher.json"' in commands
    assert commands.index("claimref check --strict") > commands.index(
        'echo "::add-matcher::.github/claimref-matcher.json"'
    )


def test_the_readme_says_how_to_use_them() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8")
    for needed in (
        'git config merge.claimref.driver "claimref merge-driver %O %A %B %P"',
        ".pre-commit-hooks.yaml",
        "docs/ci/github-actions.yml",
        "docs/ci/claimref-matcher.json",
    ):
        assert needed in readme
    assert Path(PROJECT / "docs" / "ci" / "github-actions.yml").is_file()
