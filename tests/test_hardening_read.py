"""Hostile input on the read side (issue 10): every problem is a finding at its place, never a
traceback or a hang; nothing is dropped without a word; time and memory stay bounded."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimref import citekey, store
from claimref.duplicates import DuplicateIndex, skeleton, work_keys
from claimref.errors import DataError, WorkspaceNotFoundError
from claimref.formats import bibtex, claimfile, latex, peoplefile, yamlnodes
from claimref.model import Source
from claimref.store import load_workspace
from claimref.validate import check
from tests.conftest import MINIMAL_BIB, MINIMAL_CLAIM, PROJECT, WorkspaceFactory, run

CLAIM = MINIMAL_CLAIM.replace("{id}", "trains")
PERSON = "id: samsons-vilis\nnames:\n  lv: [Vilis Samsons]\n  ru: [Вилис Самсон]\n"


def findings(root: Path) -> list[str]:
    """Every finding of loading and checking ``root``, as printed, with its rule."""
    return [f"{f} [{f.rule}]" for f in check(load_workspace(root)).findings]


def matching(root: Path, pattern: str) -> list[str]:
    return [line for line in findings(root) if re.search(pattern, line)]


# 1. Characters YAML does not allow, and files saved as UTF-16.

CONTROL = [
    pytest.param("\x0b", "U+000B (vertical tab)", id="vertical-tab"),
    pytest.param("\x00", "U+0000 (NUL)", id="nul"),
    pytest.param("\x1b", "U+001B (escape)", id="escape"),
    pytest.param("\x7f", "U+007F (delete)", id="delete"),
]


@pytest.mark.parametrize(("char", "named"), CONTROL)
def test_control_character_in_a_claim_file_is_a_finding(
    make_workspace: WorkspaceFactory, char: str, named: str
) -> None:
    root = make_workspace(claims={"trains": CLAIM.replace("The unit", f"The{char} unit")})
    code, out, _ = run(root, "check")
    assert code == 1
    assert f"trains.yaml:2:15: error: control character {named} is not allowed in YAML" in out


@pytest.mark.parametrize(("char", "named"), CONTROL)
def test_control_character_in_a_people_file_is_a_finding(
    make_workspace: WorkspaceFactory, char: str, named: str
) -> None:
    root = make_workspace()
    (root / "people").mkdir()
    (root / "people" / "samsons-vilis.yaml").write_text(PERSON.replace("Vilis S", f"Vilis{char}S"))
    code, out, _ = run(root, "check")
    assert code == 1
    assert f"samsons-vilis.yaml:3:13: error: control character {named} is not allowed" in out


def test_no_yaml_error_escapes_compose() -> None:
    for text in ("a: \ufffe\n", "a: \x85b\x0b", "- \x01", "\x9f"):
        root, problem = yamlnodes.compose(text, "x.yaml")
        assert root is None and problem is not None and problem.rule == "yaml-syntax"


UTF16 = [
    pytest.param("utf-16", "UTF-16 (little-endian), with a byte order mark", id="utf-16-bom"),
    pytest.param("utf-16-le", "UTF-16 (little-endian)", id="utf-16-le"),
    pytest.param("utf-16-be", "UTF-16 (big-endian)", id="utf-16-be"),
    pytest.param("utf-32", "UTF-32 (little-endian), with a byte order mark", id="utf-32-bom"),
]


@pytest.mark.parametrize(("encoding", "named"), UTF16)
def test_a_file_saved_as_utf16_is_named_so(
    make_workspace: WorkspaceFactory, encoding: str, named: str
) -> None:
    root = make_workspace()
    (root / "claims" / "trains.yaml").write_bytes(CLAIM.encode(encoding))
    (root / "bibliography" / "sources.bib").write_bytes(MINIMAL_BIB.encode(encoding))
    code, out, _ = run(root, "check")
    assert code == 1
    assert f"trains.yaml:1: error: saved as {named}: save it as UTF-8" in out
    assert f"sources.bib:1: error: saved as {named}: save it as UTF-8" in out
    ws = load_workspace(root)  # read all the same, so that nothing is lost
    assert set(ws.claims) == {"trains"} and set(ws.sources) == {"samson1980", "strods2006"}


# 2. Numbers YAML 1.1 reads, that int() does not.


@pytest.mark.parametrize("value", ["0x3", "0b11", "3:00", "0o3", "3_0", "7", "0"])
def test_credibility_is_a_plain_digit(make_workspace: WorkspaceFactory, value: str) -> None:
    text = CLAIM.replace("  status: disputed\n", f"  status: disputed\n  credibility: {value}\n")
    root = make_workspace(claims={"trains": text})
    expected = f"trains.yaml:9:16: error: reliability.credibility: expected a whole number from 1 to 6, found '{value}'"  # noqa: E501
    assert [line for line in findings(root) if "reliability.credibility" in line] == [
        f"{root}/claims/{expected} [claim-schema]"
    ]


# 3. Files the system cannot give, and names that are not files.


def _loads_the_rest(root: Path) -> None:
    ws = load_workspace(root)
    assert set(ws.claims) == {"trains"} and "samson1980" in ws.sources


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_claims_is_skipped_with_a_warning(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace()
    os.mkfifo(root / "claims" / "pipe.yaml")
    command = [sys.executable, "-m", "claimref", "--root", str(root), "check"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert "pipe.yaml: warning: not read: not a regular file (a FIFO) [stray-file]" in result.stdout
    assert "Traceback" not in result.stderr
    _loads_the_rest(root)


SPECIAL_NAMES = [
    pytest.param(
        lambda p: os.symlink("/nonexistent/gone.yaml", p),
        "error: broken symbolic link to '/nonexistent/gone.yaml': No such file or directory [load]",
        id="dangling-symlink",
    ),
    pytest.param(
        lambda p: os.symlink(p.name, p),
        "error: cannot read: Too many levels of symbolic links [load]",
        id="symlink-loop",
    ),
    pytest.param(lambda p: p.mkdir(), "warning: not read: a folder [stray-file]", id="folder"),
]


@pytest.mark.parametrize(("make", "said"), SPECIAL_NAMES)
def test_names_that_are_not_readable_files_are_findings(
    make_workspace: WorkspaceFactory, make: object, said: str
) -> None:
    root = make_workspace()
    make(root / "claims" / "odd.yaml")  # type: ignore[operator]
    code, out, _ = run(root, "check")
    assert f"claims/odd.yaml: {said}" in out
    assert code == (1 if "error" in said else 0)
    _loads_the_rest(root)


@pytest.mark.parametrize(
    "number", [errno.EACCES, errno.EIO, errno.ENOSPC], ids=["permission", "io", "disk-full"]
)
def test_an_os_error_while_reading_costs_that_file_only(
    make_workspace: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch, number: int
) -> None:
    root = make_workspace(claims={"trains": CLAIM, "other": CLAIM.replace("trains", "other")})
    real = store._read_bytes

    def failing(path: Path) -> tuple[bytes, os.stat_result]:
        if path.name == "other.yaml":
            raise OSError(number, os.strerror(number), str(path))
        return real(path)

    monkeypatch.setattr(store, "_read_bytes", failing)
    ws = load_workspace(root)
    assert [str(f) for f in ws.errors] == [
        f"{root}/claims/other.yaml: error: cannot read: {os.strerror(number)}"
    ]
    assert set(ws.claims) == {"trains"} and root / "claims" / "other.yaml" in ws.parse_errors


def test_read_bytes_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="not a regular file"):
        store._read_bytes(tmp_path)


def test_no_workspace_when_the_current_folder_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    monkeypatch.delenv("CLAIMREF_ROOT", raising=False)
    with pytest.raises(WorkspaceNotFoundError, match="the current folder: No such file"):
        store.find_root()


def test_a_root_that_is_a_symlink_loop_is_no_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "loop").symlink_to("loop")
    monkeypatch.setenv("CLAIMREF_ROOT", str(tmp_path / "loop"))
    with pytest.raises(WorkspaceNotFoundError, match="loop"):
        store.find_root()


def test_an_import_file_that_is_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "in.bib")
    with pytest.raises(DataError) as caught:
        store.read_text(tmp_path / "in.bib", "in.bib")
    assert [str(f) for f in caught.value.findings] == [
        "in.bib: error: cannot read: not a regular file (a FIFO)"
    ]


# 4. Deep brace nesting.


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_braces_are_an_error_not_a_recursion_error(depth: int) -> None:
    title = "{" * depth + "x" + "}" * depth
    started = time.perf_counter()
    bib = bibtex.loads(f"@book{{deep, title = {{{title}}}, date = {{2000}}}}\n", "deep.bib")
    assert time.perf_counter() - started < 10
    assert [f.message for f in bib.findings] == [
        "deep: field 'title': braces nested deeper than 100 levels: kept as written"
    ]
    assert len(bib.sources) == 1


def test_nesting_within_the_bound_is_decoded() -> None:
    assert latex.decode("{" * 99 + "\\'e" + "}" * 99) == latex.Decoded("é")
    assert latex.decode("\\'{" * 150 + "e" + "}" * 150).problems  # accents on accents, too


def test_an_unclosed_font_command_keeps_its_last_letter() -> None:
    assert latex.decode("\\emph{abc").text == "abc"


# 5. Bounded expansion: aliases, @string macros; values in messages are cut short.


def _alias_bomb() -> str:
    levels = ["  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    for i in range(1, 10):
        levels.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n")
    return CLAIM.replace("tags: [sabotage]\n", "tags:\n" + "".join(levels))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(_alias_bomb(), "7:7: error: an anchor (&a0) is not allowed", id="alias-bomb"),
        pytest.param(
            CLAIM.replace("people: [Vilis Samsons]", "people: &p [Vilis Samsons]").replace(
                "tags: [sabotage]", "tags: *p"
            ),
            "5:9: error: an anchor (&p) is not allowed",
            id="one-harmless-alias",
        ),
    ],
)
def test_anchors_and_aliases_are_refused(
    make_workspace: WorkspaceFactory, text: str, found: str
) -> None:
    root = make_workspace(claims={"trains": text})
    started = time.perf_counter()
    lines = findings(root)
    assert time.perf_counter() - started < 5
    assert any(f"trains.yaml:{found}" in line for line in lines), lines
    assert max(map(len, lines)) < 400


def test_values_in_messages_are_cut_short(make_workspace: WorkspaceFactory) -> None:
    long = "x" * 100_000
    text = (
        CLAIM.replace("tags: [sabotage]", f"tags: {long}")
        .replace('date: "1943/1944"', f"date: '{long}'")
        .replace("stance: mentions", f"stance: {long}")
    )
    root = make_workspace(claims={"trains": text})
    lines = matching(root, "trains.yaml.*error")
    assert len(lines) == 3 and max(map(len, findings(root))) < 400, lines


def test_string_doubling_is_bounded() -> None:
    macros = ["@string{s0 = {xxxxxxxxxx}}"]
    macros += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 31)]
    text = "\n".join(macros) + "\n@book{b, title = s30, date = {2000}}\n"
    started = time.perf_counter()
    bib = bibtex.loads(text, "s.bib")
    assert time.perf_counter() - started < 5
    assert sum(len(s.value) for s in bib.strings) < 10_000_000
    assert any("expand to too much text" in f.message for f in bib.findings)
    assert any(f.message.startswith("b: field 'title': ") for f in bib.findings)


def test_one_value_may_not_grow_past_the_bound() -> None:
    strings = {"big": "y" * 600_000}
    value, problem = bibtex.evaluate("big # big", strings)
    assert problem == "@string macros make it longer than 1,000,000 characters"
    assert value == "big # big"


# 6. Nothing accepted silently in a .bib.


def test_an_entry_without_its_at_sign_is_a_warning(make_workspace: WorkspaceFactory) -> None:
    bib = MINIMAL_BIB + "\nbook{lost2001,\n  title = {Lost},\n  date = {2001},\n}\n"
    root = make_workspace(bib=bib)
    assert matching(root, "lost2001") == [
        f"{root}/bibliography/sources.bib:19:1: warning: 'book{{lost2001,' looks like an entry "
        "without its '@': not read (write @book{lost2001,…) [stray-file]"
    ]


def test_fields_cut_off_from_their_entry_are_a_warning(make_workspace: WorkspaceFactory) -> None:
    bib = MINIMAL_BIB.replace("  date = {2006},\n", "  date = 2006},\n")  # a lost '{'
    root = make_workspace(bib=bib)
    assert matching(root, "outside any entry") == [
        f"{root}/bibliography/sources.bib:6:3: warning: field(s) isbn, langid outside any entry: "
        "not read (did a missing '{' or an extra '}' end the entry before them?) [stray-file]"
    ]


@pytest.mark.parametrize("text", ["", "root:x:0:0:root:/root:/bin/bash\n", "% only a comment\n"])
def test_a_bib_file_without_entries_is_a_warning(
    make_workspace: WorkspaceFactory, text: str
) -> None:
    root = make_workspace(bib={"sources": MINIMAL_BIB, "passwd": text})
    assert matching(root, "passwd.bib") == [
        f"{root}/bibliography/passwd.bib:1:1: warning: no entries in this file [stray-file]"
    ]


def test_a_strings_only_bib_file_is_not_warned_about(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib={"sources": MINIMAL_BIB, "macros": "@string{rig = {Rīga}}\n"})
    assert matching(root, "macros.bib") == []


def test_nul_in_a_bib_entry_is_an_error_and_the_entry_is_left_out(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace(bib=MINIMAL_BIB.replace("Авотс", "Ав\x00отс"))
    ws = load_workspace(root)
    assert [str(f) for f in ws.errors] == [
        f"{root}/bibliography/sources.bib:14:3: error: entry 'samson1980' holds a NUL character "
        "(U+0000), which no BibTeX tool reads; it is not loaded",
        f"{root}/claims/trains.yaml:11:5: error: claim 'trains' links to 'samson1980', which is "
        "not in bibliography/",
    ]
    assert set(ws.sources) == {"strods2006"}


def test_nul_between_entries_is_an_error() -> None:
    bib = bibtex.loads("% a\x00comment\n" + MINIMAL_BIB, "n.bib")
    assert [str(f) for f in bib.findings] == [
        "n.bib:1:1: error: the text between entries holds a NUL character (U+0000), which no "
        "BibTeX tool reads; it is not loaded"
    ]


# 7. A language given twice in a person's names.


def test_a_repeated_language_in_names_is_reported() -> None:
    text = "id: samsons-vilis\nnames:\n  lv: [Vilis Samsons]\n  ru: [В. П. Самсон]\n  lv: [X]\n"
    person = peoplefile.loads(text, "p.yaml", "samsons-vilis")
    assert [str(f) for f in person.findings] == [
        "p.yaml:5:3: error: names: language 'lv' given twice"
    ]
    assert person.person is not None and person.person.names["lv"] == ("Vilis Samsons",)


def test_every_problem_of_a_people_file_is_reported() -> None:
    text = "id: [x]\nnames: {lv: [A], xx-bad-: [B]}\nnote: no\n"
    person = peoplefile.loads(text, "p.yaml", "p")
    assert len(person.findings) == 3 and person.person is None


# 8. Keys that look the same.


def test_fold_is_the_one_key_comparison() -> None:
    assert citekey.fold("M\u00fcller2001") == citekey.fold("mu\u0308ller2001")
    assert citekey.fold("doe\u200b2000") == citekey.fold("DOE2000") == "doe2000"
    assert citekey.fold("a\u202eb\u00adc\ufeff") == "abc"


@pytest.mark.parametrize(
    ("first", "second", "how"),
    [
        (
            "m\u00fcller2001",
            "mu\u0308ller2001",
            "differing only in Unicode normalisation (NFC/NFD)",
        ),
        ("doe2000", "doe\u200b2000", "differing only in invisible characters"),
        ("doe2000", "Doe2000", "differing only in case"),
    ],
    ids=["nfc-nfd", "zero-width-space", "case"],
)
def test_twin_keys_are_one_key(
    make_workspace: WorkspaceFactory, first: str, second: str, how: str
) -> None:
    entry = "@book{%s,\n  title = {T},\n  date = {2000},\n}\n"
    root = make_workspace(bib={"a": entry % first, "b": entry % second})
    ws = load_workspace(root)
    assert len(ws.sources) == 1
    assert any(how in f.message and f.rule == "duplicate-key" for f in ws.errors)


@pytest.mark.parametrize("char", ["\u200b", "\u200f", "\u202e", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_in_keys_and_ids_are_errors(
    make_workspace: WorkspaceFactory, char: str
) -> None:
    bib = MINIMAL_BIB.replace("samson1980", f"sam{char}son1980")
    claim = CLAIM.replace("id: trains", f"id: tra{char}ins")
    root = make_workspace(bib=bib, claims={"trains": claim})
    shown = f"<U+{ord(char):04X}>"
    errors = [str(f) for f in load_workspace(root).errors]
    assert any(f"cite key 'sam{shown}son1980' holds invisible characters: U+{ord(char):04X}" in e
               for e in errors), errors  # fmt: skip
    assert any(f"id 'tra{shown}ins' holds invisible characters" in e for e in errors), errors
    hint = f"(did you mean 'sam{shown}son1980'? differing only in invisible characters)"
    assert any(hint in e for e in errors), errors


def test_the_did_you_mean_hint_finds_a_normalisation_twin(
    make_workspace: WorkspaceFactory,
) -> None:
    bib = MINIMAL_BIB.replace("samson1980", "s\u00e1mson1980")
    root = make_workspace(
        bib=bib, claims={"trains": CLAIM.replace("samson1980", "sa\u0301mson1980")}
    )
    assert any(
        "(did you mean 'sámson1980'? differing only in Unicode normalisation (NFC/NFD))" in line
        for line in matching(root, "missing-source")
    )


# 9. Numbers in titles.


def _report(key: str, title: str) -> Source:
    source = bibtex.loads(
        f"@report{{{key}, author = {{Doe, J.}}, title = {{{title}}}, date = {{1999}}}}", "r.bib"
    ).sources[0]
    return source


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Report 10", "Report 110", False),
        ("Report 1 10", "Report 110", False),
        ("Report 10", "Report 010", True),
        ("Report 10", "Report  10", True),
        ("Отчет 3", "Otchet 3", True),
        ("Отчет 3", "Otchet 33", False),
    ],
)
def test_numbers_in_titles_are_compared_as_numbers(first: str, second: str, same: bool) -> None:
    index = DuplicateIndex.of([_report("a", first)])
    assert (index.match(_report("b", second)) is not None) is same


def test_duplicate_work_rule_keeps_numbers_apart(make_workspace: WorkspaceFactory) -> None:
    entry = "@report{%s, author = {Doe, J.}, title = {Report %s}, type = {r}, institution = {I}, date = {1999}}\n"  # noqa: E501
    root = make_workspace(bib=entry % ("a", "10") + entry % ("b", "110") + entry % ("c", "010"))
    assert [line.split(": ", 2)[2] for line in matching(root, r"\[duplicate-work\]")] == [
        "c: likely the same work as 'a' (" + f"{root}/bibliography/sources.bib:1:1): same first "
        "author, year and title [duplicate-work]"
    ]


def test_skeleton_uses_the_start_of_a_long_text() -> None:
    assert skeleton("Druzhba " * 1_000_000) == skeleton("Druzhba " * 200)
    assert work_keys(_report("a", "Report 10")) != work_keys(_report("a", "Report 110"))


# 10. Old Mac line ends.


@pytest.mark.parametrize("end", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_bib_lines_are_counted_as_yaml_counts_them(end: str) -> None:
    text = (MINIMAL_BIB + "@book{bad,\n  title = {T},\n  date = undefinedmacro,\n}\n").replace(
        "\n", end
    )
    bib = bibtex.loads(text, "m.bib")
    assert [str(f) for f in bib.findings] == [
        "m.bib:20:3: warning: bad: field 'date': undefined @string macro 'undefinedmacro' read "
        "as empty text, as biber reads it; quote or brace literal text"
    ]
    assert [s.location.line for s in bib.sources] == [1, 10, 18]
    assert "\r" not in bib.sources[0].raw and bib.sources[0].raw.count("\n") == 7


# 12. Every problem of a claim file in one pass.


def test_a_wrong_stance_hides_no_other_problem(make_workspace: WorkspaceFactory) -> None:
    link = (
        "  - source: samson1980\n    stance: support\n    verified: yes\n"
        "    locator: {label: pg, value: 12}\n"
    )
    text = CLAIM.split("  - source:")[0] + link + "  - source: strods2006\n    stance: supported\n"
    root = make_workspace(claims={"trains": text})
    lines = [line.split(": error: ")[1] for line in matching(root, r"error: link\.")]
    assert lines == [
        "link.stance: unknown value 'support' (one of supports | disputes | qualifies | "
        "mentions) [claim-schema]",
        "link.verified: say who checked it and when: {by: NAME, on: DATE} [verified-incomplete]",
        "link.locator.label: unknown label 'pg' (one of act, appendix, article-locator, book, "
        "canon, chapter, column, elocation, equation, figure, folio, issue, line, note, opus, "
        "page, paragraph, part, rule, scene, section, sub-verbo, supplement, table, timestamp, "
        "title-locator, verse, version, volume) [claim-schema]",
        "link.stance: unknown value 'supported' (one of supports | disputes | qualifies | "
        "mentions) [claim-schema]",
    ]


def test_a_claim_whose_only_link_is_unreadable_is_not_said_to_link_to_nothing(
    make_workspace: WorkspaceFactory,
) -> None:
    root = make_workspace(claims={"trains": CLAIM.replace("stance: mentions", "stance: cites")})
    assert matching(root, "error") == [
        f"{root}/claims/trains.yaml:12:13: error: link.stance: unknown value 'cites' (one of "
        "supports | disputes | qualifies | mentions) [claim-schema]"
    ]


def test_missing_and_wrong_fields_of_a_claim_are_all_reported() -> None:
    text = "id: No Good\nreliability: {status: maybe, credibility: 9}\nlinks: []\ntags: no\n"
    parsed = claimfile.loads(text, "c.yaml", "c")
    assert parsed.claim is None
    assert [str(f) for f in sorted(parsed.findings)] == [
        "c.yaml:1:1: error: claim: missing required field 'statement'",
        "c.yaml:1:5: error: id 'No Good' does not match the file name 'c.yaml'",
        "c.yaml:1:5: error: id 'No Good': use lowercase letters, digits and '-'",
        "c.yaml:2:23: error: reliability.status: unknown value 'maybe' (one of established | "
        "probable | disputed | doubtful | unverified)",
        "c.yaml:2:43: error: reliability.credibility: expected a whole number from 1 to 6, "
        "found '9'",
        "c.yaml:4:7: error: tags: expected a list, e.g. [no]",
    ]


# 5. Time and memory of whole runs (each in its own process: peak memory is per process).

MEGABYTE = 1_000_000


def _hostile_workspaces() -> dict[str, tuple[str, str]]:
    """Case id → (bibliography text, claim text): each file at most 1 MB."""
    cyrillic = "Дружба народов победила " * (MEGABYTE // 100)
    twin = "@book{%s, author = {Самсон, В.}, title = {%s}, date = {1980}}\n"
    return {
        "alias-bomb": (MINIMAL_BIB, _alias_bomb()),
        "string-doubling": (
            "\n".join(
                ["@string{s0 = {xxxxxxxxxx}}"]
                + [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 31)]
            )
            + "\n"
            + MINIMAL_BIB.replace("{1980}", "{1980},\n  note = s30"),
            CLAIM,
        ),
        "braces-100000": (MINIMAL_BIB.replace("{Дружба", "{" * 100_000 + "}" * 100_000), CLAIM),
        "field-1mb": (MINIMAL_BIB.replace("{Дружба", "{" + "word " * (MEGABYTE // 5)), CLAIM),
        "cyrillic-1mb-twins": (
            MINIMAL_BIB + twin % ("a1980", cyrillic) + twin % ("b1980", cyrillic + "x"),
            CLAIM,
        ),
        "claim-1mb": (MINIMAL_BIB, CLAIM.replace("The unit", "The unit " * (MEGABYTE // 9))),
    }


_MEASURE = """
import sys, time
from claimref.store import load_workspace
from claimref.validate import check
started = time.process_time()
report = check(load_workspace(sys.argv[1]))
used = time.process_time() - started
# VmHWM: this process's own peak. ru_maxrss is not: Linux carries the parent's peak over fork and
# exec, so a child of a large pytest process would report the parent's size.
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) * 1024
print(used, peak, len(report.findings))
"""


def measure(root: Path) -> tuple[float, int]:
    """CPU seconds to load and check ``root`` in a new process, and its peak memory in bytes."""
    command = [sys.executable, "-c", _MEASURE, str(root)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    cpu, peak, _ = done.stdout.split()
    return float(cpu), int(peak)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the peak is read from /proc/self/status")
@pytest.mark.parametrize("case", list(_hostile_workspaces()))
def test_a_hostile_file_of_one_megabyte_is_checked_in_bounded_time_and_memory(
    make_workspace: WorkspaceFactory, case: str
) -> None:
    bib, claim = _hostile_workspaces()[case]
    assert max(len(bib.encode()), len(claim.encode())) <= 1.05 * MEGABYTE
    root = make_workspace(bib=bib, claims={"trains": claim})
    cpu, peak = measure(root)
    assert cpu < 2 and peak < 200 * MEGABYTE, (cpu, peak)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the peak is read from /proc/self/status")
def test_a_ten_megabyte_field_scales_linearly(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib=MINIMAL_BIB.replace("{Дружба", "{" + "word " * 2 * MEGABYTE))
    cpu, peak = measure(root)
    assert cpu < 20 and peak < 600 * MEGABYTE, (cpu, peak)


def test_the_dataset_still_loads_clean() -> None:
    ws = load_workspace(PROJECT)
    assert ws.errors == () and len(ws.sources) >= 17
