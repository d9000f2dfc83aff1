"""``claimref claims`` as a table from the index's rows alone: no claim is built when SQL decides
the whole selection, and the answer is the full load's; a selection with a part decided in Python
(tags, the evidence filters) or a search still builds its claims."""

from __future__ import annotations

from typing import Any

import pytest

from claimref.index import codec
from claimref.model import Claim, Source
from tests.conftest import MINIMAL_CLAIM, PROJECT, WorkspaceFactory, run

LEAN = [
    ["claims"],
    ["claims", "--status", "disputed"],
    ["claims", "--source", "strods2006"],
    ["claims", "--person", "samsons"],
    ["claims", "--place", "Latvia"],
    ["claims", "--lang", "ru"],
    ["claims", "--sources", "1"],
    ["claims", "--unverified"],
]
BUILT = [
    ["claims", "--tag", "sabotage"],
    ["claims", "--search", "karsava"],
    ["claims", "--status", "disputed", "--format", "json"],
    ["claims", "--min-independent", "2"],
]


def _ids(args: list[str]) -> str:
    return " ".join(args)


def _count_built(monkeypatch: pytest.MonkeyPatch, builder: str = "to_claim") -> list[str]:
    """The ids of the claims (or keys of the sources, ``builder="to_source"``) built from the
    index's rows from now on."""
    built: list[str] = []
    build = getattr(codec, builder)

    def counted(data: list[Any], shown: str) -> Claim | Source:
        built.append(str(data[0]))
        return build(data, shown)

    monkeypatch.setattr(codec, builder, counted)
    return built


@pytest.mark.parametrize("args", LEAN, ids=_ids)
def test_a_selection_sql_decides_builds_no_claim(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    expected = run(PROJECT, "--no-cache", *args)
    assert run(PROJECT, "sources")[0] == 0  # the index built
    built = _count_built(monkeypatch)
    assert run(PROJECT, *args) == expected
    assert built == []


@pytest.mark.parametrize("args", BUILT, ids=_ids)
def test_a_selection_decided_in_python_builds_its_claims(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    expected = run(PROJECT, "--no-cache", *args)
    assert run(PROJECT, "sources")[0] == 0
    built = _count_built(monkeypatch)
    assert run(PROJECT, *args) == expected
    assert built


def test_the_rows_answer_for_a_workspace_with_errors(make_workspace: WorkspaceFactory) -> None:
    """A link to a missing source is shown as ``?KEY`` from the rows too."""
    lost = MINIMAL_CLAIM.replace("{id}", "lost").replace("samson1980", "missing")
    claims = {"trains": MINIMAL_CLAIM.replace("{id}", "trains"), "lost": lost}
    root = make_workspace(claims=claims)
    expected = run(root, "--no-cache", "claims")
    assert "?missing" in expected[1]
    assert run(root, "claims") == expected


SOURCE_LISTS = [
    ["sources"],
    ["sources", "--lang", "ru"],
    ["sources", "--lang", "lv", "--source", "strods2006"],
    ["sources", "--uncited"],
    ["sources", "--status", "disputed"],
]


@pytest.mark.parametrize("args", SOURCE_LISTS, ids=_ids)
def test_a_list_of_sources_builds_no_source(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """``sources`` as a table prints the lines the index keeps (:func:`claimref.reference.listed`)
    and builds no source; the answer is the full load's."""
    expected = run(PROJECT, "--no-cache", *args)
    assert run(PROJECT, "sources")[0] == 0
    built = _count_built(monkeypatch, "to_source")
    assert run(PROJECT, *args) == expected
    assert built == []
