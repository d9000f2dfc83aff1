"""The claim verbs as library functions (claimref.edit.claims, .links, .rename, .draft, .locator):
what they write, what they refuse, and that every other byte of the data stays as it was."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from claimref.edit import claims, draft, links
from claimref.edit.bibkeys import UnknownKeyError, cite_keys
from claimref.edit.locator import LocatorError, parse_locator
from claimref.edit.rename import rename_claim
from claimref.errors import DataError, UsageError
from claimref.formats import claimfile
from claimref.model import HistoryEntry, Locator, Status, Verification
from claimref.store import load_workspace

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
NAMES = sorted(p.stem for p in (PROJECT / "claims").glob("*.yaml"))
ON = "2026-12-01"
BY = "A. Historian"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the bundled dataset."""
    for folder in ("bibliography", "claims", "people"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    shutil.copy(PROJECT / "claimref.toml", tmp_path / "claimref.toml")
    return tmp_path


def text_of(root: Path, claim_id: str) -> str:
    return (root / "claims" / f"{claim_id}.yaml").read_text("utf-8")


def claim_of(root: Path, claim_id: str) -> claimfile.Claim:
    loaded = claimfile.loads(text_of(root, claim_id), f"{claim_id}.yaml", expected_id=claim_id)
    assert loaded.findings == ()
    assert loaded.claim is not None
    return loaded.claim


def opcodes(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        (tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def block(text: str, key: str) -> list[str]:
    """The lines of the top-level field ``key``."""
    lines = text.splitlines()
    start = lines.index(f"{key}:")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "")), len(lines)
    )
    return lines[start:end]


# --- locators ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "value"),
    [
        ("p. 112", "page", "112"),
        ("pp. 10-20", "page", "10-20"),
        ("112", "page", "112"),
        ("§ 3", "section", "3"),
        ("ch. 2", "chapter", "2"),
        ("col. 4", "column", "4"),
        ("fol. 12r", "folio", "12r"),
        ("para. 5", "paragraph", "5"),
        ("sec. 2", "section", "2"),
        ("vol. 3", "volume", "3"),
        ("l. 5", "line", "5"),
        ("n. 12", "note", "12"),
        ("lpp. 45", "page", "45"),
        ("с. 12–14", "page", "12–14"),
        ("chapter:3", "chapter", "3"),
        ("section The partisan warfare", "section", "The partisan warfare"),
        ("pp. xii-xv, 3", "page", "xii-xv, 3"),
    ],
    ids=str,
)
def test_locators_are_read_into_label_and_value(text: str, label: str, value: str) -> None:
    assert parse_locator(text) == Locator(label, value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("p. 1x2", "understood the label 'page' (from 'p.'), but '1x2' is not a number"),
        ("vol. 3, p. 12", "understood the label 'volume' (from 'vol.')"),
        ("pp.", "understood the label 'page' (from 'pp.') but no value"),
        ("foo 3", "'foo' is not a locator label"),
        ("Introduction", "'Introduction' is not a locator label"),
        ("", "empty locator"),
    ],
    ids=["bad-page", "two-locators", "no-value", "unknown-label", "no-label", "empty"],
)
def test_a_locator_that_cannot_be_read_says_what_was_understood(text: str, says: str) -> None:
    with pytest.raises(LocatorError, match=None) as caught:
        parse_locator(text)
    assert says in str(caught.value)


# --- history in the claim file ----------------------------------------------------------------

HISTORY = """\
id: trains
statement: The unit was credited with 130 trains.
reliability: {status: doubtful, note: Nobody says who credited it.}
links: [{source: samson1980, stance: mentions}]
history:
  - date: "2026-12-01"
    by: A. Historian
    from: unverified
    to: doubtful
    credibility: 4
    note: Nobody says who credited it.
"""


def test_history_is_read_and_written_back() -> None:
    claim = claimfile.loads(HISTORY, "trains.yaml").claim
    assert claim is not None
    assert claim.history == (
        HistoryEntry(ON, BY, Status.UNVERIFIED, Status.DOUBTFUL, "Nobody says who credited it.", 4),
    )
    again = claimfile.loads(claimfile.dumps(claim), "trains.yaml").claim
    assert again is not None and again.history == claim.history


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("    note: Nobody says who credited it.\n", ""),
            "history item: missing required field 'note'",
        ),
        (('"2026-12-01"', "2026-12-01"), "history item.date: expected text, found a date"),
        (("to: doubtful", "to: dubious"), "history item.to: unknown value 'dubious'"),
        (("credibility: 4", "credibility: 7"), "expected a whole number from 1 to 6"),
    ],
    ids=["no-note", "unquoted-date", "bad-status", "bad-credibility"],
)
def test_a_bad_history_entry_is_an_error(change: tuple[str, str], message: str) -> None:
    loaded = claimfile.loads(HISTORY.replace(*change), "trains.yaml")
    assert [f.message for f in loaded.findings if message in f.message]


# --- new --------------------------------------------------------------------------------------


def test_new_writes_the_canonical_layout_with_an_empty_list_of_links(root: Path) -> None:
    done = claims.new_claim(
        root, "karsava-bridge-1943", "Partisans blew up the Kārsava railway bridge in August 1943.",
        date="1943-08", places=["Kārsava"], tags=["sabotage"],
    )  # fmt: skip
    assert done.written
    assert text_of(root, "karsava-bridge-1943") == (
        "id: karsava-bridge-1943\n"
        "statement: >-\n"
        "  Partisans blew up the Kārsava railway bridge in August 1943.\n"
        'date: "1943-08"\n'
        "places: [Kārsava]\n"
        "tags: [sabotage]\n"
        "reliability:\n"
        "  status: unverified\n"
        "links: []\n"
    )
    assert claim_of(root, "karsava-bridge-1943").links == ()
    assert load_workspace(root).errors == ()
    assert done.notes and "claimref link karsava-bridge-1943" in done.notes[0]


@pytest.mark.parametrize(
    ("claim_id", "says"),
    [
        ("samsons-130-trains", "exists"),
        ("../escape", "is not a claim id"),
        ("Samsons", "is not a claim id"),
    ],
    ids=["taken", "path", "uppercase"],
)
def test_new_refuses_a_taken_or_bad_id(root: Path, claim_id: str, says: str) -> None:
    with pytest.raises(UsageError, match=says):
        claims.new_claim(root, claim_id, "A statement.")


def test_new_refuses_an_id_taken_by_a_file_differing_in_case(root: Path) -> None:
    (root / "claims" / "Bridge.yaml").write_text("id: Bridge\n", "utf-8")
    with pytest.raises(UsageError, match="differs only in case from 'Bridge'"):
        claims.new_claim(root, "bridge", "A statement.")


def test_new_refuses_a_bad_value_and_writes_nothing(root: Path) -> None:
    with pytest.raises(DataError) as caught:
        claims.new_claim(root, "bridge", "A statement.", date="August 1943")
    assert "is not YYYY" in str(caught.value.findings[0])
    assert not (root / "claims" / "bridge.yaml").exists()


def test_dry_run_returns_the_diff_and_writes_nothing(root: Path) -> None:
    done = claims.new_claim(root, "bridge", "A statement.", dry_run=True)
    assert not done.written
    assert done.diff.startswith("--- /dev/null\n+++ b/claims/bridge.yaml\n")
    assert not (root / "claims" / "bridge.yaml").exists()


# --- link, unlink, verify ---------------------------------------------------------------------


def test_link_appends_a_link_after_the_others(root: Path) -> None:
    before = text_of(root, "samsons-130-trains")
    links.link(
        root, "samsons-130-trains", "strods2006@pp. 96-97", "qualifies",
        quote="Samsona vienība", lang="lv", translation="Samsons's unit", note="Gives no number.",
    )  # fmt: skip
    after = text_of(root, "samsons-130-trains")
    assert after == before + (
        "  - source: strods2006\n"
        "    stance: qualifies\n"
        "    locator:\n"
        "      label: page\n"
        "      value: 96-97\n"
        "    quote:\n"
        "      text: Samsona vienība\n"
        "      lang: lv\n"
        "      translation: Samsons's unit\n"
        "    verified: false\n"
        "    note: Gives no number.\n"
    )


def test_a_second_link_to_the_same_work_needs_another_locator(root: Path) -> None:
    with pytest.raises(UsageError, match="already links to 'samson1980' without a locator"):
        links.link(root, "samsons-130-trains", "samson1980", "supports")
    links.link(root, "samsons-130-trains", "samson1980@p. 12", "supports")
    links.link(root, "samsons-130-trains", "samson1980@p. 14", "supports")
    with pytest.raises(UsageError, match=r"at p\. 12"):
        links.link(root, "samsons-130-trains", "samson1980@12", "disputes")
    with pytest.raises(UsageError, match="links to 'samson1980' 3 times: say which"):
        links.unlink(root, "samsons-130-trains", "samson1980")
    links.unlink(root, "samsons-130-trains", "samson1980@p. 12")
    assert [str(link.locator) for link in claim_of(root, "samsons-130-trains").links] == [
        "section The partisan warfare", "None", "None", "None", "p. 14",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("strods2060", "did you mean 'strods2006'"),
        ("Strods2006", "did you mean 'strods2006'"),
        ("nothing-like-it", "no source 'nothing-like-it' in bibliography/; add it first"),
    ],
    ids=["typo", "case", "unknown"],
)
def test_link_refuses_a_key_not_in_the_bibliography(root: Path, key: str, says: str) -> None:
    before = text_of(root, "samsons-130-trains")
    with pytest.raises(UnknownKeyError, match=None) as caught:
        links.link(root, "samsons-130-trains", key, "supports")
    assert says in str(caught.value)
    assert text_of(root, "samsons-130-trains") == before


def test_cite_keys_are_those_the_loader_reads(root: Path) -> None:
    assert set(cite_keys(root)) == set(load_workspace(root).sources)


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"quote": "Teksts"}, "--quote needs --lang"),
        ({"lang": "lv"}, "give --quote TEXT too"),
    ],
    ids=["quote-without-lang", "lang-without-quote"],
)
def test_link_refuses_half_a_quote(root: Path, options: dict[str, str], says: str) -> None:
    with pytest.raises(UsageError, match=says):
        links.link(root, "samsons-130-trains", "strods2006", "supports", **options)


def test_unknown_claim_names_the_nearest(root: Path) -> None:
    with pytest.raises(UsageError, match="did you mean 'samsons-130-trains'"):
        links.link(root, "samsons-130-train", "strods2006", "supports")


def test_a_claim_file_with_errors_is_not_edited(root: Path) -> None:
    path = root / "claims" / "samsons-130-trains.yaml"
    broken = path.read_text("utf-8").replace("stance: mentions", "stance: support")
    path.write_text(broken, "utf-8")
    with pytest.raises(DataError) as caught:
        links.link(root, "samsons-130-trains", "strods2006", "supports")
    assert "unknown value 'support'" in str(caught.value.findings[0])
    assert path.read_text("utf-8") == broken


def test_the_last_link_is_not_removed(root: Path) -> None:
    with pytest.raises(UsageError, match="is the only source of claim"):
        links.unlink(root, "central-hq-liaison-networks", "wikipedia-soviet-partisans-latvia")


def test_verify_and_undo(root: Path) -> None:
    before = text_of(root, "samsons-130-trains")
    links.verify(root, "samsons-130-trains", "samson1980", by=BY, on=ON)
    link = claim_of(root, "samsons-130-trains").links[1]
    assert link.verified == Verification(BY, ON)
    assert opcodes(before, text_of(root, "samsons-130-trains")) == [
        (
            "replace",
            ["    verified: false"],
            ["    verified:", f"      by: {BY}", f'      "on": "{ON}"'],
        ),
    ]
    links.verify(root, "samsons-130-trains", "samson1980", undo=True)
    assert text_of(root, "samsons-130-trains") == before


def test_verify_by_defaults_to_the_settings(root: Path) -> None:
    (root / "claimref.toml").write_text('by = "Settings Person"\n', "utf-8")
    done = links.verify(root, "samsons-130-trains", "samson1980")
    assert "by Settings Person on " in done.message
    assert claim_of(root, "samsons-130-trains").links[1].verified == Verification(
        "Settings Person", claims.today()
    )


@pytest.mark.parametrize("on", ["01.12.2026", "2026-12", "2026-13-01"])
def test_verify_refuses_a_date_that_is_not_a_day(root: Path, on: str) -> None:
    with pytest.raises(UsageError, match="is not a date"):
        links.verify(root, "samsons-130-trains", "samson1980", on=on)


# --- status -----------------------------------------------------------------------------------


def test_status_is_a_few_line_change_and_a_history_entry(root: Path) -> None:
    before = text_of(root, "samsons-130-trains")
    claims.set_status(root, "samsons-130-trains", "doubtful", "No source says who credited it.",
                      credibility=5, by=BY, on=ON)  # fmt: skip
    after = text_of(root, "samsons-130-trains")
    assert opcodes(before, after) == [
        ("replace", block(before, "reliability")[1:], [
            "  status: doubtful", "  credibility: 5", "  note: No source says who credited it.",
        ]),
        ("insert", [], [
            "history:", f'  - date: "{ON}"', f"    by: {BY}", "    from: disputed", "    to: doubtful",
            "    credibility: 5", "    note: No source says who credited it.",
        ]),
    ]  # fmt: skip
    claims.set_status(root, "samsons-130-trains", "established", "Confirmed.", by=BY, on=ON)
    claim = claim_of(root, "samsons-130-trains")
    assert claim.reliability.status is Status.ESTABLISHED
    assert [(h.from_status, h.to_status) for h in claim.history] == [
        (Status.DISPUTED, Status.DOUBTFUL), (Status.DOUBTFUL, Status.ESTABLISHED),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("note", "credibility", "says"),
    [("  ", None, "--note"), ("Why.", 7, "--credibility")],
    ids=["no-note", "credibility"],
)
def test_status_refuses(root: Path, note: str, credibility: int | None, says: str) -> None:
    with pytest.raises(UsageError, match=says):
        claims.set_status(root, "samsons-130-trains", "disputed", note, credibility=credibility)


# --- every dataset file -----------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_claim_changes_only_where_it_is_edited(root: Path, name: str) -> None:
    original = text_of(root, name)
    links.link(root, name, "izvestnyi2008@p. 12", "mentions", note="Added by a test.")
    linked = text_of(root, name)
    added = [
        "  - source: izvestnyi2008", "    stance: mentions", "    locator:", "      label: page",
        '      value: "12"', "    verified: false", "    note: Added by a test.",
    ]  # fmt: skip
    assert opcodes(original, linked) == [("insert", [], added)]
    assert linked.index(added[0]) > linked.index("\nlinks:\n")
    links.verify(root, name, "izvestnyi2008", by=BY, on=ON)
    assert opcodes(linked, text_of(root, name)) == [
        (
            "replace",
            ["    verified: false"],
            ["    verified:", f"      by: {BY}", f'      "on": "{ON}"'],
        ),
    ]
    links.unlink(root, name, "izvestnyi2008")
    assert text_of(root, name) == original
    claims.set_status(root, name, "probable", "Checked by a test.", by=BY, on=ON)
    changed = opcodes(original, text_of(root, name))
    removed = [line for _, old, _ in changed for line in old]
    assert set(removed) <= set(block(original, "reliability"))
    assert changed[-1][0] == "insert" and changed[-1][2][0] == "history:"
    assert sum(len(new) for _, _, new in changed) <= 10
    assert load_workspace(root).errors == ()


# --- rename -----------------------------------------------------------------------------------


def test_rename_moves_the_file_and_every_mention_in_notes(root: Path) -> None:
    old, new = "partisan-losses-3243-figure", "partisan-losses-3243"
    before = {p.name: p.read_text("utf-8") for p in (root / "claims").glob("*.yaml")}
    done = rename_claim(root, old, new)
    assert "1 mention(s) in notes changed (1 other file(s))" in done.message
    assert not (root / "claims" / f"{old}.yaml").exists()
    assert claim_of(root, new).id == new
    assert opcodes(before[f"{old}.yaml"], text_of(root, new)) == [
        ("replace", [f"id: {old}"], [f"id: {new}"]),
    ]
    inference = text_of(root, "partisan-losses-inference")
    assert len(opcodes(before["partisan-losses-inference.yaml"], inference)) == 1
    assert f"are in {new}." in inference
    unchanged = set(before) - {f"{old}.yaml", "partisan-losses-inference.yaml"}
    assert all((root / "claims" / n).read_text("utf-8") == before[n] for n in unchanged)
    assert load_workspace(root).errors == ()


def test_rename_refuses_a_taken_id_and_changes_nothing(root: Path) -> None:
    before = {p.name: p.read_bytes() for p in (root / "claims").glob("*.yaml")}
    with pytest.raises(UsageError, match="exists"):
        rename_claim(root, "partisan-losses-3243-figure", "partisan-losses-inference")
    assert {p.name: p.read_bytes() for p in (root / "claims").glob("*.yaml")} == before


# --- the editor flow --------------------------------------------------------------------------


def editor_saving(*texts: str | None) -> tuple[draft.Editor, list[str]]:
    """An editor that saves ``texts`` in turn (None: quits without saving); also the texts shown."""
    shown: list[str] = []
    queue = list(texts)

    def edit(text: str) -> str | None:
        shown.append(text)
        return queue.pop(0)

    return edit, shown


VALID = (
    "id: bridge\nstatement: The bridge was blown up.\nreliability:\n  status: unverified\n"
    "links: []\n"
)


def check_new(root: Path) -> draft.Check:
    return lambda body: claims.draft_errors(root, "bridge", body, None)


def test_the_template_is_valid_once_a_statement_is_written(root: Path) -> None:
    start = draft.for_new("bridge", {"places": ["Kārsava"]})
    assert start.text.startswith("# New claim 'bridge'")
    assert "places: [Kārsava]\n" in start.body
    filled = start.text.replace(
        "statement: >-\n  \n", "statement: >-\n  The bridge was blown up.\n"
    )
    text, _ = draft.edit_until_valid(start, editor_saving(filled)[0], check_new(root))
    assert text is not None and "#" not in text
    claim = claimfile.loads(text, "bridge.yaml").claim
    assert claim is not None and claim.places == ("Kārsava",)


def test_errors_come_back_as_comments_at_the_top_with_the_editor_line(root: Path) -> None:
    invalid = VALID.replace("status: unverified", "status: sure")
    edit, shown = editor_saving(invalid, None)
    text, last = draft.edit_until_valid(
        draft.for_existing("claims/bridge.yaml", VALID), edit, check_new(root)
    )
    assert text is None and last == invalid
    second = shown[1].splitlines()
    assert second[0].startswith("# claimref: not saved")
    message = second[1]
    assert "reliability.status: unknown value 'sure'" in message
    line = int(message.split("line ")[1].split(":")[0])
    assert second[line - 1] == "  status: sure"


def test_the_editor_reopens_until_valid(root: Path) -> None:
    edit, shown = editor_saving(VALID.replace("links: []", "links: nope"), VALID)
    text, _ = draft.edit_until_valid(
        draft.for_existing("claims/bridge.yaml", ""), edit, check_new(root)
    )
    assert text == VALID and len(shown) == 2


@pytest.mark.parametrize(
    "saved", ["", "# only a comment\n\n", None], ids=["empty", "comments", "quit"]
)
def test_an_empty_file_cancels(root: Path, saved: str | None) -> None:
    text, _ = draft.edit_until_valid(
        draft.for_new("bridge", {}), editor_saving(saved)[0], check_new(root)
    )
    assert text is None


def test_saving_the_same_errors_again_gives_up_and_keeps_the_text(root: Path) -> None:
    invalid = VALID.replace("status: unverified", "status: sure")
    shown: list[str] = []

    def save_unchanged(text: str) -> str:
        shown.append(text)
        return invalid if len(shown) == 1 else text

    text, last = draft.edit_until_valid(
        draft.for_existing("x", ""), save_unchanged, check_new(root)
    )
    assert text is None and last == invalid and len(shown) == 2


def test_an_edit_that_removes_every_link_is_refused(root: Path) -> None:
    path, text, before = claims.claim_text(root, "samsons-130-trains")
    without = text.split("links:")[0] + "links: []\n"
    errors = claims.draft_errors(root, "samsons-130-trains", without, before)
    assert [f.rule for f in errors] == ["no-link"]
    with pytest.raises(DataError):
        claims.replace_claim_text(root, "samsons-130-trains", text, without)
    assert path.read_text("utf-8") == text


def test_an_edit_is_refused_when_the_file_changed_meanwhile(root: Path) -> None:
    path, text, _ = claims.claim_text(root, "samsons-130-trains")
    path.write_text(text.replace("nearly 130", "about 130"), "utf-8")
    with pytest.raises(claims.ClaimrefError, match="changed since the editor opened it"):
        claims.replace_claim_text(root, "samsons-130-trains", text, text.replace("130", "131"))
