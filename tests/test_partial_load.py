"""Reading when something is broken: the reading commands work on the rest, mark links to what was
left out as unresolved, say what they left out, and exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimref.partial import usable_part
from claimref.store import load_workspace
from tests.conftest import MINIMAL_BIB, MINIMAL_CLAIM, WorkspaceFactory, run

GOOD = MINIMAL_CLAIM.replace("{id}", "trains")
#: A second claim, citing the Latvian book with a quote.
KARSAVA = """\
id: karsava
statement: Partisans fought near Kārsava in 1944.
reliability:
  status: probable
  note: One work says so.
links:
  - source: strods2006
    stance: supports
    verified: false
"""
BAD_STANCE = KARSAVA.replace("stance: supports", "stance: support")
#: samson1980 with an unclosed brace: its block cannot be parsed, so its key is unknown.
UNPARSABLE = MINIMAL_BIB.replace("title = {Дружба народов победила},", "title = {Дружба,")
#: strods2006 with a missing comma: read, but half (the title swallowed the next field).
HALF_READ = MINIMAL_BIB.replace("title = {PSRS kaujinieki Latvijā (1941—1945)},", "title = {PSRS}")


def _left_out(err: str) -> str:
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        ["claims"],
        ["claims", "--format", "json"],
        ["sources"],
        ["show", "trains"],
        ["show", "strods2006"],
        ["cite", "strods2006@12"],
        ["refs", "--all"],
        ["export", "bibtex"],
        ["export", "csljson"],
        ["export", "ris"],
        ["export", "wikitext"],
        ["export", "claims"],
    ],
    ids="-".join,
)
def test_a_broken_claim_file_does_not_stop_reading_commands(
    make_workspace: WorkspaceFactory, args: list[str]
) -> None:
    root = make_workspace(claims={"trains": GOOD, "karsava": BAD_STANCE})
    code, out, err = run(root, *args)
    assert code == 1
    assert out.strip(), "the command printed nothing"
    assert "karsava.yaml:8:13: error: link.stance: unknown value 'support'" in err
    assert _left_out(err) == "claimref: 1 file left out (1 error above)"
    assert "nothing done" not in err
    assert "Traceback" not in err


def test_the_broken_claim_is_not_listed_the_others_are(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(claims={"trains": GOOD, "karsava": BAD_STANCE})
    code, out, err = run(root, "claims")
    assert code == 1
    assert [line.split("\t")[0] for line in out.splitlines()] == ["trains"]
    assert "1 of 1 claims" in err


def test_a_link_into_an_unparsable_bib_block_is_unresolved(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace(bib=UNPARSABLE)
    code, out, err = run(root, "claims")
    assert code == 1
    assert out.split("\t")[3].strip() == "?samson1980"
    assert "error: cannot parse block '@book{samson1980'" in err
    assert _left_out(err) == "claimref: 1 bibliography entry left out (2 errors above)"
    code, out, _ = run(root, "claims", "--format", "json")
    assert code == 1
    assert json.loads(out)[0]["links"][0]["unresolved"] is True
    code, out, _ = run(root, "show", "trains")
    assert code == 1
    assert "samson1980 (unresolved: not in the bibliography, or its entry has errors)" in out


def test_an_entry_read_in_half_is_left_out_and_its_links_unresolved(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace(bib=HALF_READ, claims={"trains": GOOD, "karsava": KARSAVA})
    code, out, err = run(root, "sources")
    assert code == 1
    assert [line.split("\t")[0] for line in out.splitlines()] == ["samson1980"]
    assert "strods2006: field 'title': missing comma" in err
    assert _left_out(err) == "claimref: 1 bibliography entry left out (1 error above)"
    code, out, _ = run(root, "claims", "--source", "strods2006")
    assert code == 1
    assert out.split("\t")[0] == "karsava" and out.rstrip().endswith("?strods2006")


def test_show_of_a_left_out_claim_says_why(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(claims={"trains": GOOD, "karsava": BAD_STANCE})
    code, out, err = run(root, "show", "karsava")
    assert code == 1
    assert out == ""
    assert "claim or source 'karsava' was left out: " in err
    assert "karsava.yaml has errors (above)" in err


def test_show_of_a_key_that_claims_link_to_but_is_missing(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib=UNPARSABLE)
    code, out, _ = run(root, "show", "samson1980")
    assert code == 1
    assert out.splitlines()[0].startswith("samson1980  [unresolved")
    assert "trains  mentions · unverified" in out


def test_an_error_that_leaves_nothing_out_still_exits_1(make_workspace: WorkspaceFactory) -> None:
    claim = GOOD.replace("source: samson1980", "source: nosuch2000")
    code, out, err = run(make_workspace(claims={"trains": claim}), "claims")
    assert code == 1
    assert out.rstrip().endswith("?nosuch2000")
    assert _left_out(err) == "claimref: 1 error in the data (above); nothing left out"


def test_a_stray_yml_file_counts_as_left_out(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(claims={"trains": GOOD})
    (root / "claims" / "other.yml").write_text(KARSAVA, "utf-8")
    code, out, err = run(root, "claims")
    assert code == 1 and out.startswith("trains\t")
    assert _left_out(err) == "claimref: 1 file left out (1 error above)"


def test_clean_data_exits_0_without_a_summary(make_workspace: WorkspaceFactory) -> None:
    code, _, err = run(make_workspace(), "claims")
    assert code == 0
    assert "left out" not in err and "error" not in err


def test_usable_part_keeps_the_findings_and_what_is_sound(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib=HALF_READ, claims={"trains": GOOD, "karsava": BAD_STANCE})
    ws = load_workspace(root)
    assert "strods2006" in ws.sources and "karsava" in ws.claims  # the store reads all it can
    usable, left = usable_part(ws)
    assert set(usable.sources) == {"samson1980"} and set(usable.claims) == {"trains"}
    assert usable.findings == ws.findings
    assert [Path(p).name for p in left.files] == ["karsava.yaml"] and left.keys == ("strods2006",)
    assert left.describe() == "1 file, 1 bibliography entry"


def test_usable_part_of_clean_data_is_the_workspace(make_workspace: WorkspaceFactory) -> None:
    ws = load_workspace(make_workspace())
    usable, left = usable_part(ws)
    assert usable is ws and not left


def test_a_good_entry_survives_a_bad_duplicate_of_its_key(make_workspace: WorkspaceFactory) -> None:
    duplicate = "\n@book{strods2006, title = {Other} year = 2001}\n"
    ws = load_workspace(make_workspace(bib=MINIMAL_BIB + duplicate))
    usable, left = usable_part(ws)
    assert usable.sources["strods2006"].year == "2006"
    assert left.entries == 1
