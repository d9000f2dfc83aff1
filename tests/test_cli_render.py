"""``claimref cite``, ``claimref refs`` and ``claimref show --style``, through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINIMAL_BIB, MINIMAL_CLAIM, PROJECT, WorkspaceFactory, run

FALKOV = """
@incollection{falkov2019,
  author = {Falkov, Yaacov},
  title = {Between the Nazi Hammer and the Soviet Anvil},
  editor = {Murray, Chris},
  booktitle = {Unknown Conflicts of the Second World War},
  publisher = {Routledge},
  date = {2019},
  pages = {96--119},
  langid = {english},
}
"""
LOCATED = MINIMAL_CLAIM.replace("{id}", "located").replace(
    "    verified: false", "    verified: false\n    locator:\n      label: page\n      value: '45'"
)


@pytest.fixture
def root(make_workspace: WorkspaceFactory) -> Path:
    return make_workspace(bib=MINIMAL_BIB + FALKOV, claims={"located": LOCATED})


def test_cite_prints_citation_then_entries(root: Path) -> None:
    code, out, _ = run(root, "cite", "strods2006@112", "falkov2019", "--style",
                       "chicago-author-date", "--no-cache")  # fmt: skip
    assert code == 0
    citation, blank, *entries = out.splitlines()
    # chicago-author-date's citation has no cs:sort: cites stay in the order given, as citeproc-js
    assert citation == "(Strods 2006, 112; Falkov 2019)" and blank == ""
    assert entries[0].startswith("Falkov, Yaacov. 2019. “Between the Nazi Hammer")
    assert entries[1] == "Strods, Heinrihs. 2006. PSRS kaujinieki Latvijā (1941—1945). Rīga."


@pytest.mark.parametrize(("arg", "expected"), [
    ("strods2006@chapter:3", "(Strods, 2006, Chapter 3)"),
    ("strods2006@12-14", "(Strods, 2006, pp. 12–14)"),
])  # fmt: skip
def test_cite_locator_labels(root: Path, arg: str, expected: str) -> None:
    assert run(root, "cite", arg, "--no-cache")[1].splitlines()[0] == expected


def test_cite_unknown_key_is_a_usage_error(root: Path) -> None:
    code, _, err = run(root, "cite", "strods2007")
    assert code == 2 and "did you mean: strods2006" in err


@pytest.mark.parametrize(("args", "expected"), [
    (["refs", "--style", "chicago-autor-date"], "did you mean: chicago-author-date"),
    (["cite", "strods2006", "--locale", "lv-XX"], "did you mean: lv-LV"),
    (["show", "located", "--style", "ieeee"], "did you mean: ieee"),
    (["refs", "--style", "mla"], "did you mean: modern-language-association"),
])  # fmt: skip
def test_unknown_style_or_locale_is_a_usage_error(
    root: Path, args: list[str], expected: str
) -> None:
    code, _, err = run(root, *args)
    assert code == 2 and expected in err and "Traceback" not in err


def test_refs_default_is_every_cited_source(root: Path) -> None:
    code, out, err = run(root, "refs", "--no-cache")
    assert code == 0 and out.startswith("Самсон, В. П. (1980). Дружба народов победила.")
    assert "1 of 3 sources" in err


def test_refs_all_and_claim_filter(root: Path) -> None:
    out = run(root, "refs", "--all", "--no-cache")[1]
    assert [line.split(",")[0] for line in out.splitlines()] == ["Falkov", "Strods", "Самсон"]
    assert run(root, "refs", "--claim", "located", "--no-cache")[1].startswith("Самсон")
    assert run(root, "refs", "--all", "--tag", "sabotage")[0] == 2


@pytest.mark.parametrize(("fmt", "marker"), [
    ("text", "Strods, H. (2006). PSRS kaujinieki Latvijā (1941—1945).\n"),
    ("html", '<div class="csl-entry">Strods, H. (2006). <i>PSRS kaujinieki'),
    ("markdown", "Strods, H. (2006). *PSRS kaujinieki Latvijā (1941—1945)*.\n\n"),
    ("rst", "Strods, H. (2006). :emphasis:`PSRS kaujinieki Latvijā (1941—1945)`.\n\n"),
])  # fmt: skip
def test_refs_formats(root: Path, fmt: str, marker: str) -> None:
    code, out, _ = run(root, "refs", "--all", "--format", fmt)
    assert code == 0 and marker in out


def test_refs_cache_folder_is_used_and_optional(root: Path, _parse_cache_dir: Path) -> None:
    before = sorted(path.name for path in root.iterdir())
    assert run(root, "--no-cache", "refs", "--all")[0] == 0  # no caches at all
    assert not list(_parse_cache_dir.glob("render-*"))
    first = run(root, "refs", "--all")[1]
    assert list(_parse_cache_dir.glob("render-*/*.json"))  # in the user's cache folder
    assert sorted(path.name for path in root.iterdir()) == before  # nothing added to the workspace
    assert run(root, "refs", "--all")[1] == first
    assert run(root, "refs", "--all", "--no-cache")[1] == first


def test_show_with_style_cites_each_link_with_its_locator(root: Path) -> None:
    code, out, _ = run(root, "show", "located", "--style", "apa")
    assert code == 0
    assert (
        "    (Самсон, 1980, p. 45)\n    Самсон, В. П. (1980). Дружба народов победила. Авотс."
        in out
    )
    plain = run(root, "show", "located")[1]
    assert "(Самсон, 1980, p. 45)" not in plain and "Дружба народов победила" in plain


@pytest.mark.skipif(not (PROJECT / "bibliography" / "sources.bib").is_file(), reason="no dataset")
@pytest.mark.parametrize("fmt", ["text", "html", "markdown", "rst"])
def test_dataset_reference_list_in_every_format(fmt: str) -> None:
    code, out, err = run(PROJECT, "refs", "--all", "--style", "apa", "--format", fmt, "--no-cache")
    assert code == 0 and "17 of 17 sources" in err
    assert (
        out.index("Falkov")
        < out.index("Strods")
        < out.index("Vestermanis")
        < out.index("Богодистый")
    )
    assert "Борьба латышского народа против немецких захватчиков" in out  # not title-cased
