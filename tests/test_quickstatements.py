"""The ``wikidata:`` annotation of claim files and ``claimref export quickstatements``.

Golden files per case (tests/data/quickstatements/cases/<case>/: ``args``, one argument a line, and
the expected ``stdout.txt`` and ``stderr.txt``) run on the fixture workspace
tests/data/quickstatements/workspace (its Q and P ids are placeholders, not real statements);
regenerate with CLAIMREF_UPDATE_GOLDEN=1 and review the diff. The commands are read back with the
value patterns of QuickStatements' own V1 parser (``parseValueV1``) to show that every column
means what it was written to mean.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from claimref.formats import claimfile
from claimref.formats.quickstatements import DISPUTED, clean, time, value
from claimref.model import WikidataValue
from tests.conftest import PROJECT, run
from tests.golden import check

DATA = Path(__file__).parent / "data" / "quickstatements"
CASES = sorted(p.name for p in (DATA / "cases").iterdir())

#: QuickStatements' V1 value patterns (magnusmanske/quickstatements, public_html/quickstatements.php,
#: parseValueV1), in the order it tries them.
V1_VALUES = [
    ("item", re.compile(r"^(?:[PQLM]\d+|L\d+-[FS]\d+)$")),
    ("string", re.compile(r'^"(.*)"$')),
    ("monolingualtext", re.compile(r'^([a-z_-]+):"(.*)"$', re.IGNORECASE)),
    ("time", re.compile(r"^([+-]?)(\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z/?(\d*)(/J)?$")),
    ("quantity", re.compile(r"^([+-]?\d+(\.\d+)?)(U(\d+))?$")),
]


def read_v1(column: str) -> tuple[str, tuple[str, ...]]:
    """The type QuickStatements gives a value column, and the groups it reads from it."""
    column = column.strip()
    for kind, pattern in V1_VALUES:
        match = pattern.match(column)
        if match:
            return kind, match.groups()
    raise AssertionError(f"QuickStatements cannot read {column!r}")


def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(DATA / "workspace", root)
    return root


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path) -> None:
    args = (DATA / "cases" / case / "args").read_text("utf-8").splitlines()
    code, out, err = run(workspace(tmp_path), *args)
    assert code == 0, err
    check(DATA / "cases" / case / "stdout.txt", out)
    check(DATA / "cases" / case / "stderr.txt", err.replace(str(tmp_path / "ws"), "<root>"))


def exported(tmp_path: Path, *args: str) -> list[list[str]]:
    code, out, err = run(workspace(tmp_path), "export", "quickstatements", *args)
    assert code == 0, err
    return [line.split("\t") for line in out.splitlines()]


def test_every_column_reads_back_as_written(tmp_path: Path) -> None:
    rows = exported(tmp_path, "--unverified")
    assert rows
    for row in rows:
        assert read_v1(row[0])[0] == "item" and re.fullmatch(r"P\d+", row[1])
        read_v1(row[2])
        pairs = list(zip(row[3::2], row[4::2], strict=True))
        assert [key for key, _ in pairs if not re.fullmatch(r"[PS]\d+", key)] == []
        for _, column in pairs:
            read_v1(column)


def test_the_disputed_claim(tmp_path: Path) -> None:
    """Its statement once per verified link, each with the qualifier and its own reference."""
    rows = [row for row in exported(tmp_path, "trains-disputed")]
    assert [row[:5] for row in rows] == [["Q1001", "P1002", "130", "P1480", DISPUTED]] * 2
    first, second = (dict(zip(row[5::2], row[6::2], strict=True)) for row in rows)
    assert first == {"S248": "Q2001", "S304": '"12"',
                     "S1683": 'en:"The tally of 130 trains seems to be a fabrication."'}  # fmt: skip
    assert "S304" not in second  # a section is not a page
    kind, (lang, text) = read_v1(second["S1683"])
    assert (kind, lang) == ("monolingualtext", "lv")
    assert text == 'Vienība sagrāva "130" vilcienus, kā ziņots.'  # tab and line break: spaces


def test_string_with_quotes_and_a_tab(tmp_path: Path) -> None:
    (row,) = exported(tmp_path, "bridge-string")
    assert read_v1(row[2]) == ("string", ('"B 12" and 1',))


def test_dataset_has_no_annotation_and_nothing_is_guessed() -> None:
    code, out, err = run(PROJECT, "export", "quickstatements")
    claims = sorted(p.stem for p in (PROJECT / "claims").glob("*.yaml"))
    assert (code, out) == (0, "")
    assert err.splitlines() == [f"{c}: no wikidata annotation; skipped" for c in claims] + [
        f"0 of {len(claims)} claims exported, 0 commands"
    ]


@pytest.mark.parametrize(
    "data, expected",
    [
        pytest.param(WikidataValue("item", "Q42"), "Q42", id="item"),
        pytest.param(WikidataValue("string", 'a "b"\tc\r\nd'), '"a "b" c d"', id="string"),
        pytest.param(WikidataValue("quantity", "130"), "130", id="quantity"),
        pytest.param(WikidataValue("quantity", "-2.5", unit="Q11573"), "-2.5U11573",
                     id="quantity-unit"),
        pytest.param(WikidataValue("time", "1944"), "+1944-00-00T00:00:00Z/9", id="year"),
        pytest.param(WikidataValue("time", "1944-07"), "+1944-07-00T00:00:00Z/10", id="month"),
        pytest.param(WikidataValue("time", "1944-07-14"), "+1944-07-14T00:00:00Z/11", id="day"),
        pytest.param(WikidataValue("monolingualtext", "Tilts", "lv"), 'lv:"Tilts"', id="text"),
    ],
)  # fmt: skip
def test_value_syntax(data: WikidataValue, expected: str) -> None:
    assert value(data) == expected
    assert read_v1(expected)[0] == data.kind


@pytest.mark.parametrize("text", ["a\tb", "a\nb", "a \r\n b", "a\u2028b", "  a b  "])
def test_clean_leaves_one_line(text: str) -> None:
    assert clean(text) == "a b"


def test_time_keeps_the_leading_zeros_of_a_year() -> None:
    assert time("0800") == "+0800-00-00T00:00:00Z/9"


# The annotation in claim files

CLAIM = """\
id: trains
statement: The unit destroyed 130 trains.
reliability: {status: disputed, note: Why.}
links:
  - {source: a, stance: supports}
wikidata:
  item: Q1001
  property: P1002
  value: 130
"""


def load(text: str) -> claimfile.ClaimFile:
    return claimfile.loads(text, "claims/trains.yaml", "trains")


@pytest.mark.parametrize(
    "old, new, finding",
    [
        pytest.param("item: Q1001", "item: Q12x", "7:9: error: wikidata.item: 'Q12x' is not a "
                     "Wikidata item id (Q and digits, e.g. Q42)", id="item"),
        pytest.param("item: Q1001", "item: q1001", "7:9: error: wikidata.item: 'q1001' is not",
                     id="item-lower-case"),
        pytest.param("item: Q1001", "item: Q0", "7:9: error: wikidata.item: 'Q0' is not",
                     id="item-zero"),
        pytest.param("property: P1002", "property: Q1002", "8:13: error: wikidata.property: "
                     "'Q1002' is not a Wikidata property id", id="property"),
        pytest.param("property: P1002", "property: 1002", "8:13: error: wikidata.property: "
                     "'1002' is not", id="property-number"),
        pytest.param("value: 130", "value: 2024-01-02", '9:10: error: wikidata.value: write a '
                     'date as {time: "2024-01-02"}', id="unquoted-date"),
        pytest.param("value: 130", "value: {time: 1944-13}", "9:17: error: wikidata.value.time: "
                     "'1944-13' is not YYYY", id="bad-time"),
        pytest.param("value: 130", "value: {quantity: 0x1A}", "9:21: error: wikidata.value."
                     "quantity: '0x1A' is not a plain decimal number", id="hex-quantity"),
        pytest.param("value: 130", "value: {quantity: 3, unit: metre}", "9:30: error: wikidata."
                     "value.unit: 'metre' is not a Wikidata item id", id="bad-unit"),
        pytest.param("value: 130", "value: {text: Tilts}", "9:10: error: wikidata.value: a text "
                     "needs its language", id="text-without-lang"),
        pytest.param("value: 130", "value: {text: Tilts, lang: Latvian}", "9:30: error: wikidata."
                     "value.lang: 'Latvian' is not a Wikidata language code", id="bad-lang"),
        pytest.param("value: 130", "value: {time: 1944, unit: Q1}", "9:29: error: wikidata.value: "
                     "'unit' does not go with 'time'", id="mixed-forms"),
        pytest.param("value: 130", "value: yes", "9:10: error: wikidata.value: expected text, "
                     "found a boolean", id="boolean"),
        pytest.param("  value: 130\n", "", "7:3: error: wikidata: missing required field 'value'",
                     id="no-value"),
        pytest.param("  value: 130\n", "  value: 130\n  rank: preferred\n", "10:3: error: "
                     "wikidata: unknown field 'rank'", id="unknown-field"),
    ],
)  # fmt: skip
def test_malformed_annotation_is_a_finding_at_its_place(old: str, new: str, finding: str) -> None:
    result = load(CLAIM.replace(old, new))
    messages = [str(f) for f in result.findings]
    assert any(m.startswith(f"claims/trains.yaml:{finding}") for m in messages), messages


@pytest.mark.parametrize(
    "written, kind, text",
    [
        pytest.param("Q5", "item", "Q5", id="item"),
        pytest.param('"Q5 and more"', "string", "Q5 and more", id="string"),
        pytest.param("+130", "quantity", "130", id="signed-quantity"),
        pytest.param("{quantity: '1.50', unit: Q11573}", "quantity", "1.50", id="quantity-unit"),
        pytest.param("{time: 1944}", "time", "1944", id="year"),
        pytest.param('{time: "1944-07-14"}', "time", "1944-07-14", id="day"),
        pytest.param("{text: Tilts, lang: lv}", "monolingualtext", "Tilts", id="text"),
    ],
)  # fmt: skip
def test_annotation_reads_and_writes_back(written: str, kind: str, text: str) -> None:
    result = load(CLAIM.replace("value: 130", f"value: {written}"))
    assert result.findings == ()
    assert result.claim is not None and result.claim.wikidata is not None
    statement = result.claim.wikidata
    assert (statement.item, statement.property, statement.value.kind, statement.value.text) == (
        "Q1001", "P1002", kind, text)  # fmt: skip
    again = load(claimfile.dumps(result.claim)).claim
    assert again is not None and again.wikidata is not None
    assert again.wikidata.value == statement.value


def test_check_reports_a_malformed_annotation(make_workspace) -> None:  # type: ignore[no-untyped-def]
    claim = CLAIM.replace("item: Q1001", "item: Q-1").replace("source: a", "source: samson1980")
    root = make_workspace(claims={"trains": claim})
    code, out, _ = run(root, "check")
    assert code == 1
    assert "claims/trains.yaml:7:9: error: wikidata.item: 'Q-1' is not a Wikidata item id" in out
