"""``claimref merge-driver``: .bib files merged entry by entry, claim files field by field.

The three-way merge functions on parametrised cases and a property (merging a side with an unchanged
one gives that side back, byte for byte), then the command as git runs it: real repositories in
tmp_path, two branches, ``git merge``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimref.gitmerge import Labels, merge_texts
from claimref.gitmerge.bib import merge_bib
from claimref.store import load_workspace
from tests.conftest import run

HERE = Path(__file__).resolve().parent
WORKSPACE = HERE / "data" / "merge" / "workspace"
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(
    GIT is None, reason="git is not installed: conflicts are merged by git merge-file"
)
LABELS = Labels.for_path("bibliography/sources.bib")


def entry(key: str, title: str = "", date: str = "2000", kind: str = "book") -> str:
    """One entry's text, as claimref writes it."""
    title = title or f"Title of {key}"
    return f"@{kind}{{{key},\n  author = {{Author, An}},\n  title = {{{title}}},\n" \
           f"  location = {{Rīga}},\n  date = {{{date}}},\n}}"  # fmt: skip


def bib(*blocks: str) -> str:
    """A .bib text: the blocks a blank line apart, ending with a newline."""
    return "\n\n".join(blocks) + "\n"


HEAD = "% The works of the test workspace."
A, B, C, D, E = (entry(key) for key in "abcde")
STRING = "@string{rg = {Rīga}}"
BASE = bib(HEAD, STRING, A, B, C)

CLEAN_CASES = [
    pytest.param(bib(HEAD, STRING, A, B, C, D), bib(HEAD, STRING, A, B, C, E),
                 bib(HEAD, STRING, A, B, C, D, E), id="both-append-ours-first"),
    pytest.param(bib(HEAD, STRING, A, D, B, C), bib(HEAD, STRING, A, E, B, C),
                 bib(HEAD, STRING, A, D, E, B, C), id="both-insert-at-one-place"),
    pytest.param(bib(HEAD, STRING, A, B, C, D), bib(HEAD, STRING, A, entry("b", "New"), C),
                 bib(HEAD, STRING, A, entry("b", "New"), C, D), id="append-and-change"),
    pytest.param(bib(HEAD, STRING, A, C), bib(HEAD, STRING, A, B, C, E),
                 bib(HEAD, STRING, A, C, E), id="delete-and-append"),
    pytest.param(bib(HEAD, STRING, A, C), bib(HEAD, STRING, A, C),
                 bib(HEAD, STRING, A, C), id="both-delete"),
    pytest.param(bib(HEAD, STRING, A, entry("b", "Same")), bib(HEAD, STRING, A, entry("b", "Same")),
                 bib(HEAD, STRING, A, entry("b", "Same")), id="same-change-and-delete-both"),
    pytest.param(bib(HEAD, STRING, "@string{lv = {Latvia}}", A, B, C),
                 bib(HEAD, STRING, "@string{ru = {Russia}}", A, B, C),
                 bib(HEAD, STRING, "@string{lv = {Latvia}}", "@string{ru = {Russia}}", A, B, C),
                 id="strings-added-on-both-sides"),
    pytest.param(bib(HEAD, STRING, "@preamble{\"\\newcommand{\\x}{x}\"}", A, B, C),
                 bib(HEAD, STRING, A, B, C, "@comment{checked 2026}"),
                 bib(HEAD, STRING, "@preamble{\"\\newcommand{\\x}{x}\"}", A, B, C,
                     "@comment{checked 2026}"), id="preamble-and-comment-added"),
    pytest.param(bib(HEAD, STRING, A, C), bib(HEAD, "% B is a reprint", STRING, A, B, C),
                 bib(HEAD, "% B is a reprint", STRING, A, C), id="comment-text-kept"),
    pytest.param(bib(HEAD, STRING, C, B, A), bib(HEAD, STRING, A, B, entry("c", "New")),
                 bib(HEAD, STRING, entry("c", "New"), B, A), id="ours-reordered"),
    pytest.param(bib(HEAD, STRING, A, B, entry("c", "New")), bib(HEAD, STRING, C, B, A),
                 bib(HEAD, STRING, entry("c", "New"), B, A), id="theirs-reordered"),
    pytest.param(bib(HEAD, STRING, A, B, C) + "% end\n", bib(HEAD, STRING, A, B, C, D),
                 bib(HEAD, STRING, A, B, C, D) + "% end\n", id="text-after-the-last-entry"),
]  # fmt: skip


@pytest.mark.parametrize(("ours", "theirs", "expected"), CLEAN_CASES)
def test_bib_merges_without_conflict(ours: str, theirs: str, expected: str) -> None:
    outcome = merge_bib(BASE, ours, theirs, LABELS)
    assert outcome.conflicts == ()
    assert outcome.text == expected


@pytest.mark.parametrize(
    ("base", "ours", "theirs", "expected"),
    [
        pytest.param("", bib(A), bib(B), bib(A, B), id="a-new-file-on-both-sides"),
        pytest.param(bib(A, B), bib(B), bib(C, A, B), bib(C, B), id="first-deleted-one-put-first"),
        pytest.param(bib(A, B), bib(D, B), bib(A, B, E), bib(D, B, E), id="first-entry-replaced"),
    ],
)  # fmt: skip
def test_entries_that_change_place_are_kept_apart(
    base: str, ours: str, theirs: str, expected: str
) -> None:
    assert merge_bib(base, ours, theirs, LABELS).text == expected


ODD = '@Book{ odd1999 ,\n\ttitle="Odd {Spacing}" ,  date=1999}'


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_untouched_entries_stay_byte_for_byte(newline: str) -> None:
    def text(*blocks: str) -> str:
        return bib(*blocks).replace("\n", newline)

    merged = merge_bib(text(ODD, A), text(ODD, A, D), text(ODD, A, E), LABELS)
    assert merged.text == text(ODD, A, D, E)


@needs_git
@pytest.mark.parametrize(
    ("ours", "theirs", "inside"),
    [
        pytest.param(bib(HEAD, STRING, A, entry("b", "Ours"), C),
                     bib(HEAD, STRING, A, entry("b", "Theirs"), C), "b", id="title-changed-twice"),
        pytest.param(bib(HEAD, STRING, A, C), bib(HEAD, STRING, A, entry("b", "Theirs"), C),
                     "b", id="deleted-and-changed"),
        pytest.param(bib(HEAD, STRING, A, B, C, entry("d", "Ours")),
                     bib(HEAD, STRING, A, B, C, entry("d", "Theirs")), "d", id="added-twice"),
    ],
)  # fmt: skip
def test_a_true_conflict_is_marked_in_that_entry_only(ours: str, theirs: str, inside: str) -> None:
    outcome = merge_bib(BASE, ours, theirs, LABELS)
    assert outcome.conflicts == (("entry", inside),)
    text = outcome.text
    assert text.count("<<<<<<< ours:bibliography/sources.bib\n") == 1
    assert (
        text.count("\n=======\n") == 1
        and text.count(">>>>>>> theirs:bibliography/sources.bib") == 1
    )
    start, end = text.index("<<<<<<<"), text.index(">>>>>>>")
    others = [block for block in (HEAD, STRING, A, B, C) if f"{{{inside}," not in block]
    for block in others:  # every other block whole, outside the markers
        where = text.index(block)
        assert where + len(block) <= start or where >= end


NO_COMMA = "@book{f,\n  title = {F},\n  date = {2001}\n}"

FIELD_CASES = [
    pytest.param(entry("b", "Ours"), entry("b", date="1999"), entry("b", "Ours", "1999"),
                 B, id="adjacent-fields-changed"),
    pytest.param(B.replace("}\n}", "},\n  doi = {10.1/x},\n}"),
                 B.replace("}\n}", "},\n  isbn = {9984-643-78-6},\n}"),
                 B.replace("}\n}", "},\n  doi = {10.1/x},\n  isbn = {9984-643-78-6},\n}"),
                 B, id="fields-added-at-the-end-on-both-sides"),
    pytest.param(NO_COMMA.replace("2001}", "2001},\n  doi = {d}"),
                 NO_COMMA.replace("2001}", "2001},\n  isbn = {i}"),
                 NO_COMMA.replace("2001}", "2001},\n  doi = {d},\n  isbn = {i}"),
                 NO_COMMA, id="last-field-without-comma"),
    pytest.param(entry("b").replace("  location = {Rīga},\n", ""), entry("b", "Ours"),
                 entry("b", "Ours").replace("  location = {Rīga},\n", ""), B,
                 id="field-deleted-and-another-changed"),
]  # fmt: skip


@pytest.mark.parametrize(("ours", "theirs", "expected", "base"), FIELD_CASES)
def test_changes_to_different_fields_of_one_entry_merge(
    ours: str, theirs: str, expected: str, base: str
) -> None:
    outcome = merge_bib(bib(HEAD, base, C), bib(HEAD, ours, C), bib(HEAD, theirs, C), LABELS)
    assert outcome.conflicts == ()
    assert outcome.text == bib(HEAD, expected, C)


@needs_git
def test_a_file_that_does_not_parse_is_merged_line_by_line() -> None:
    broken = BASE.replace("@book{c,", "@book{c,\n  note = {never closed,")
    merged = merge_texts("sources.bib", BASE, broken, bib(HEAD, STRING, A, B, C, E), LABELS)
    assert merged.how == "lines" and "not closed" in merged.why
    assert merged.conflicts == 0  # git merge-file's own result: both changes, nothing lost
    assert "never closed" in merged.text and "@book{e," in merged.text


@st.composite
def bib_versions(draw: st.DrawFn) -> tuple[str, str]:
    """A .bib text and a version of it with entries deleted, changed, added and moved."""
    keys = draw(st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=5))
    gaps = st.sampled_from(["\n", "\n\n", "\n\n% a note\n\n", "\n\n% a note\n"])
    base = [(key, "Title") for key in keys]
    kept = [(k, draw(st.sampled_from(["Title", "Other"]))) for k, _ in base if draw(st.booleans())]
    added = [(k, "New") for k in draw(st.lists(st.sampled_from("mnop"), unique=True, max_size=3))]
    other = draw(st.permutations(kept + added))

    def text(entries: list[tuple[str, str]]) -> str:
        blocks = [entry(key, title) + draw(gaps) for key, title in entries]
        return draw(st.sampled_from(["", "% head\n\n"])) + "".join(blocks)

    return text(base), text(list(other))


@given(bib_versions())
@settings(max_examples=60, deadline=None)
def test_merging_with_an_unchanged_side_gives_the_other(versions: tuple[str, str]) -> None:
    base, changed = versions
    assert merge_bib(base, base, changed, LABELS).text == changed
    assert merge_bib(base, changed, base, LABELS).text == changed
    assert merge_bib(base, changed, changed, LABELS).text == changed


@st.composite
def two_sides(draw: st.DrawFn) -> tuple[list[str], list[str], list[str], list[str]]:
    """A base's entries and two sides that each delete, change and add their own entries (no
    conflict), with the entries the merge must give (in any order)."""
    keys = draw(st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=6))
    mine = set(draw(st.lists(st.sampled_from(keys), unique=True))) if keys else set()
    sides, wanted = [], {key: entry(key) for key in keys}
    for name, domain, new in (("ours", mine, "mn"), ("theirs", set(keys) - mine, "op")):
        entries = {key: entry(key) for key in keys}
        for key in domain:
            if draw(st.booleans()):
                del entries[key], wanted[key]
            else:
                entries[key] = wanted[key] = entry(key, f"Changed by {name}")
        for key in draw(st.lists(st.sampled_from(new), unique=True)):
            entries[key] = wanted[key] = entry(key, f"Added by {name}")
        sides.append(list(entries.values()))
    order = draw(st.permutations(sides[1]))
    return [entry(key) for key in keys], sides[0], list(order), list(wanted.values())


@given(two_sides())
@settings(max_examples=60, deadline=None)
def test_nothing_either_side_did_is_lost(versions: tuple[list[str], ...]) -> None:
    base, ours, theirs, wanted = versions
    outcome = merge_bib(bib(*base) if base else "", bib(*ours) if ours else "",
                        bib(*theirs) if theirs else "", LABELS)  # fmt: skip
    assert outcome.conflicts == ()
    found = [block for block in outcome.text.split("\n\n") if block.strip()]
    assert sorted(block.strip("\n") for block in found) == sorted(wanted)


CLAIM = (WORKSPACE / "claims" / "trains.yaml").read_text("utf-8")
LINK_STRODS = "  - source: strods2006\n    stance: mentions\n    verified: false\n"
LINK_PAGE = (
    "  - source: samson1980\n    stance: supports\n    locator: {label: page, value: '12'}\n"
)


@pytest.mark.parametrize(
    ("ours", "theirs", "wanted"),
    [
        pytest.param(CLAIM + LINK_STRODS, CLAIM + LINK_PAGE, CLAIM + LINK_STRODS + LINK_PAGE,
                     id="links-added-on-both-sides"),
        pytest.param(CLAIM.replace("[sabotage]", "[sabotage, trains]"),
                     CLAIM.replace("[sabotage]", "[sabotage, railways]"),
                     CLAIM.replace("[sabotage]", "[sabotage, trains, railways]"),
                     id="flow-tags-added-on-both-sides"),
        pytest.param(CLAIM.replace("unverified", "probable\n  note: Stated."), CLAIM + LINK_PAGE,
                     CLAIM.replace("unverified", "probable\n  note: Stated.") + LINK_PAGE,
                     id="different-fields"),
        pytest.param(CLAIM.replace("  # the participant's own account\n", ""), CLAIM + LINK_PAGE,
                     CLAIM.replace("  # the participant's own account\n", "") + LINK_PAGE,
                     id="comment-removed-link-added"),
        pytest.param(CLAIM.replace("unverified", "probable"),
                     CLAIM.replace("unverified\n", "unverified\n  # asked\n  credibility: 3\n"),
                     CLAIM.replace("unverified\n", "probable\n  # asked\n  credibility: 3\n"),
                     id="reliability-key-by-key"),
        pytest.param(CLAIM.replace("stance: supports", "stance: mentions"),
                     CLAIM.replace("verified: false", "verified: {by: T, 'on': '2026-11-27'}"),
                     CLAIM.replace("stance: supports", "stance: mentions")
                          .replace("verified: false", "verified: {by: T, 'on': '2026-11-27'}"),
                     id="one-link-key-by-key"),
        pytest.param(CLAIM.replace("    stance: supports\n", "    stance: mentions\n    note: Later.\n"),
                     CLAIM.replace("verified: false", "verified: {by: T, 'on': '2026-11-27'}"),
                     CLAIM.replace("    stance: supports\n", "    stance: mentions\n    note: Later.\n")
                          .replace("verified: false", "verified: {by: T, 'on': '2026-11-27'}"),
                     id="link-key-added-and-another-changed"),
    ],
)  # fmt: skip
def test_claims_merge_field_by_field(ours: str, theirs: str, wanted: str) -> None:
    merged = merge_texts("claims/trains.yaml", CLAIM, ours, theirs, LABELS)
    assert (merged.how, merged.conflicts, merged.text) == ("fields", 0, wanted)


DATASET_CLAIMS = sorted((HERE.parent / "claims").glob("*.yaml"))


@pytest.mark.parametrize("path", DATASET_CLAIMS, ids=[p.stem for p in DATASET_CLAIMS])
def test_every_dataset_claim_merges_field_by_field(path: Path) -> None:
    claim = path.read_text("utf-8")
    with_link = claim.replace("\nlinks:\n", "\nlinks:\n" + LINK_PAGE, 1)
    with_tag = claim.replace("\nreliability:", "\ntags: [merged]\nreliability:", 1)
    if "\ntags:" in claim:
        with_tag = claim.replace("\ntags: [", "\ntags: [merged, ", 1)
    assert claim not in (with_link, with_tag)
    for ours, theirs in ((claim, with_link), (with_link, claim), (with_link, with_link)):
        assert merge_texts("claims/x.yaml", claim, ours, theirs, LABELS).text == with_link
    both = merge_texts("claims/x.yaml", claim, with_link, with_tag, LABELS)
    assert (both.how, both.conflicts) == ("fields", 0)
    assert both.text == with_tag.replace("\nlinks:\n", "\nlinks:\n" + LINK_PAGE, 1)


@needs_git
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        pytest.param(CLAIM.replace("stance: supports", "stance: mentions"),
                     CLAIM.replace("stance: supports", "stance: disputes"), id="one-link-key"),
        pytest.param(CLAIM.replace("samson1980", "strods2006"),
                     CLAIM.replace("verified: false", "verified: true"), id="source-and-key"),
    ],
)  # fmt: skip
def test_a_link_changed_twice_is_a_conflict_of_lines(ours: str, theirs: str) -> None:
    merged = merge_texts("claims/trains.yaml", CLAIM, ours, theirs, LABELS)
    assert (merged.how, merged.conflicts) == ("lines", 1)  # even where git finds no markers
    assert "changed on both sides" in merged.why


@needs_git
def test_a_file_that_is_not_utf8_is_merged_line_by_line_byte_for_byte(tmp_path: Path) -> None:
    base = "@book{a,\n  title = {Rīga},\n}\n\n@book{b,\n  title = {B},\n}\n".encode("cp1257")
    data = {"O": base, "A": base.replace(b"{B}", b"{B\xe2}"), "B": base + b"\n% \xe8\n"}
    files = [tmp_path / name for name in data]
    for file in files:
        file.write_bytes(data[file.name])
    code, _, err = run(tmp_path, "merge-driver", *map(str, files), "old.bib")
    assert code == 0, err
    assert files[1].read_bytes() == data["A"] + b"\n% \xe8\n"


@needs_git
def test_the_command_says_when_a_clash_left_no_markers(tmp_path: Path) -> None:
    texts = {"O": CLAIM, "A": CLAIM.replace("samson1980", "strods2006"),
             "B": CLAIM.replace("verified: false", "verified: true")}  # fmt: skip
    files = [tmp_path / name for name in texts]
    for file in files:
        file.write_text(texts[file.name], "utf-8")
    code, _, err = run(tmp_path, "merge-driver", *map(str, files), "claims/trains.yaml")
    assert code == 1
    assert "the link to samson1980" in err and "no lines clash" in err
    assert "<<<<<<<" not in files[1].read_text("utf-8")


@needs_git
def test_a_status_changed_on_both_sides_is_a_conflict_of_lines() -> None:
    ours, theirs = (CLAIM.replace("unverified", status) for status in ("probable", "doubtful"))
    merged = merge_texts("claims/trains.yaml", CLAIM, ours, theirs, LABELS)
    assert merged.how == "lines" and "'status' of reliability changed on both sides" in merged.why
    assert merged.conflicts == 1
    assert "<<<<<<< ours:bibliography/sources.bib\n  status: probable\n=======\n" in merged.text


# --- with real git --------------------------------------------------------------------------


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in ``root`` with no user or system configuration."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    return subprocess.run([GIT or "git", *args], cwd=root, env=env, capture_output=True,
                          text=True, check=check)  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the small workspace, set up by ``claimref init``, the driver
    registered as the README says."""
    root = tmp_path / "repo"
    shutil.copytree(WORKSPACE, root)
    code, _, err = run(root, "init", str(root))
    assert code == 0, err
    assert "*.bib merge=claimref" in (root / ".gitattributes").read_text("utf-8")
    git(root, "init", "-q")
    git(root, "checkout", "-q", "-b", "main")
    driver = f"{shlex.quote(sys.executable)} -m claimref merge-driver %O %A %B %P"
    git(root, "config", "merge.claimref.name", "claimref")
    git(root, "config", "merge.claimref.driver", driver)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def two_branches(root: Path, path: str, ours: str, theirs: str) -> subprocess.CompletedProcess[str]:
    """Commit ``ours`` and ``theirs`` as ``path`` on two branches from main; merge theirs into
    ours."""
    for name, text in (("theirs", theirs), ("ours", ours)):
        git(root, "checkout", "-q", "-b", name, "main")
        (root / path).write_text(text, "utf-8")
        git(root, "add", path)
        git(root, "commit", "-q", "-m", name)
    return git(root, "merge", "--no-edit", "theirs", check=False)


SOURCES = "bibliography/sources.bib"


@needs_git
@pytest.mark.parametrize("registered", [True, False], ids=["driver", "without-driver"])
def test_git_merges_entries_added_at_the_end_on_two_branches(repo: Path, registered: bool) -> None:
    if not registered:  # git's own merge: the conflict this driver is for
        git(repo, "config", "--remove-section", "merge.claimref")
    base = (repo / SOURCES).read_text("utf-8")
    ours, theirs = entry("bleiere2005", date="2005"), entry("falkov2019", date="2019")
    done = two_branches(repo, SOURCES, base + "\n" + ours + "\n", base + "\n" + theirs + "\n")
    text = (repo / SOURCES).read_text("utf-8")
    if not registered:
        assert done.returncode != 0 and "<<<<<<<" in text
        return
    assert done.returncode == 0, done.stdout + done.stderr
    assert text == base + "\n" + ours + "\n\n" + theirs + "\n"
    assert not load_workspace(repo).errors
    code, _, err = run(repo, "check", "--strict")
    assert code == 0, err


@needs_git
def test_git_merges_a_bib_file_both_branches_created(repo: Path) -> None:
    path = "bibliography/more.bib"
    done = two_branches(repo, path, bib(A), bib(B))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / path).read_text("utf-8") == bib(A, B)
    assert not load_workspace(repo).errors


@needs_git
def test_git_keeps_links_added_to_one_claim_on_two_branches(repo: Path) -> None:
    path = "claims/trains.yaml"
    done = two_branches(repo, path, CLAIM + LINK_STRODS, CLAIM + LINK_PAGE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / path).read_text("utf-8") == CLAIM + LINK_STRODS + LINK_PAGE
    ws = load_workspace(repo)
    assert not ws.errors
    assert [link.source for link in ws.claims["trains"].links] == [
        "samson1980",
        "strods2006",
        "samson1980",
    ]


@needs_git
def test_git_merges_what_claimref_s_verbs_wrote_on_two_branches(repo: Path) -> None:
    """Ours verifies a link; theirs links another work, sets the status, and adds a source."""
    work = {
        "theirs": [("link", "trains", "strods2006@p. 45", "--stance", "mentions"),
                   ("status", "trains", "probable", "--note", "Stated by the unit's commander.",
                    "--by", "B"),
                   ("source", "add", "--author", "Bleiere, Daina", "--title", "Latvijas vēsture",
                    "--date", "2005", "--langid", "lv")],
        "ours": [("verify", "trains", "samson1980", "--by", "A", "--on", "2026-11-27"),
                 ("source", "add", "--author", "Falkov, A.", "--title", "Partisans",
                  "--date", "2019", "--langid", "en")],
    }  # fmt: skip
    for branch, commands in work.items():
        git(repo, "checkout", "-q", "-b", branch, "main")
        for command in commands:
            code, _, err = run(repo, *command)
            assert code == 0, err
        git(repo, "commit", "-q", "-am", branch)
    done = git(repo, "merge", "--no-edit", "theirs", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    ws = load_workspace(repo)
    assert not ws.errors
    claim = ws.claims["trains"]
    assert claim.reliability.status.value == "probable"
    assert [(link.source, bool(link.verified)) for link in claim.links] == [
        ("samson1980", True),
        ("strods2006", False),
    ]
    assert {"falkov2019", "bleiere2005"} <= set(ws.sources)
    code, out, err = run(repo, "check")
    assert code == 0, out + err


@needs_git
def test_git_stops_on_a_title_changed_on_both_branches(repo: Path) -> None:
    base = (repo / SOURCES).read_text("utf-8")
    title = "PSRS kaujinieki Latvijā (1941—1945)"
    done = two_branches(repo, SOURCES, base.replace(title, "Ours"), base.replace(title, "Theirs"))
    assert done.returncode != 0
    assert "CONFLICT" in done.stdout
    text = (repo / SOURCES).read_text("utf-8")
    samson = base[base.index("@book{samson1980") :]
    head = base[: base.index("@book{strods2006") + len("@book{strods2006,\n")]
    assert text.startswith(head) and text.endswith(samson)  # all but the entry as it was
    assert text[len(head) : -len(samson)] == (
        "  author = {Strods, Heinrihs},\n"
        "<<<<<<< ours:bibliography/sources.bib\n  title = {Ours},\n=======\n"
        "  title = {Theirs},\n>>>>>>> theirs:bibliography/sources.bib\n"
        "  location = {Rīga},\n  date = {2006},\n  isbn = {9984-643-78-6},\n"
        "  langid = {latvian},\n}\n\n"
    )


@needs_git
def test_the_command_takes_git_s_conflict_style_and_marker_size(tmp_path: Path) -> None:
    texts = {"O": BASE, "A": bib(HEAD, STRING, A, C), "B": bib(HEAD, STRING, A, entry("b", "Y"), C)}
    files = [tmp_path / name for name in texts]
    for file in files:
        file.write_text(texts[file.name], "utf-8")
    code, _, err = run(tmp_path, "merge-driver", "--diff3", "--marker-size", "9",
                       *map(str, files), "refs.bib")  # fmt: skip
    assert code == 1, err
    text = files[1].read_text("utf-8")
    assert "<<<<<<<<< ours:refs.bib\n=========" not in text  # the base stands between
    assert "<<<<<<<<< ours:refs.bib\n||||||||| base:refs.bib\n" + B + "\n=========\n" in text
    assert text.endswith(">>>>>>>>> theirs:refs.bib\n\n" + C + "\n")


@needs_git
def test_the_command_writes_ours_and_exits_1_on_a_conflict(tmp_path: Path) -> None:
    files = {}
    for name, text in (("O", BASE), ("A", bib(HEAD, STRING, A, entry("b", "X"), C)),
                       ("B", bib(HEAD, STRING, A, entry("b", "Y"), C))):  # fmt: skip
        files[name] = tmp_path / name
        files[name].write_text(text, "utf-8")
    code, out, err = run(tmp_path, "merge-driver", *map(str, files.values()), "refs.bib")
    assert (code, out) == (1, "")
    assert "refs.bib: 1 conflict(s) in entry 'b'" in err
    assert "<<<<<<< ours:refs.bib\n" in files["A"].read_text("utf-8")
    files["B"].write_text(bib(HEAD, STRING, A, B, C, E), "utf-8")
    files["A"].write_text(bib(HEAD, STRING, A, B, C, D), "utf-8")
    code, _, err = run(tmp_path, "merge-driver", *map(str, files.values()), "refs.bib")
    assert (code, err) == (0, "")
    assert files["A"].read_text("utf-8") == bib(HEAD, STRING, A, B, C, D, E)


def test_the_driver_merges_although_claimref_toml_does_not_parse(tmp_path: Path) -> None:
    """The settings file may itself be mid-merge (conflict markers): the driver does not read it."""
    (tmp_path / "claimref.toml").write_text("<<<<<<< ours\nstyle = 'apa'\n", "utf-8")
    texts = {
        "O": bib(entry("a")),
        "A": bib(entry("a"), entry("b")),
        "B": bib(entry("a"), entry("c")),
    }
    files = [tmp_path / name for name in texts]
    for file in files:
        file.write_text(texts[file.name], "utf-8")
    code, _, err = run(tmp_path, "merge-driver", *map(str, files), "bibliography/sources.bib")
    assert (code, err) == (0, "")
    assert "@book{b," in files[1].read_text("utf-8") and "@book{c," in files[1].read_text("utf-8")
