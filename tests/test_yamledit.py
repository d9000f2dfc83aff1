"""Round-trip YAML edits (claimref.edit.yamledit): untouched bytes stay, new values take the dataset's
layout, and ruamel.yaml is imported nowhere else."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path

import pytest

from claimref.edit import yamledit
from claimref.edit.yamledit import Document, dumps_new, fold_positions, scalar, splice
from claimref.formats import claimfile

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
DATASET = sorted((PROJECT / "claims").glob("*.yaml"))
NAMES = [p.stem for p in DATASET]

#: A claim written by hand in another layout than the dataset's: comments everywhere, list items at
#: the key's column, a plain scalar over two lines, quotes where none are needed, extra spaces.
HAND_WRITTEN = """\
# A claim written by hand.
id: trains   # the file name
statement:   The unit of Vilis Samsons was credited with
  nearly 130 German trains.
places: ['Kārsava']
reliability:
    status: disputed     # see below
    note: "The article calls it a likely fabrication."
links:
- source: samson1980
  stance: mentions
  # not checked yet
  verified: false
# end of the links
"""


@pytest.mark.parametrize("path", DATASET, ids=NAMES)
def test_dataset_round_trip_is_byte_identical(path: Path) -> None:
    text = path.read_text("utf-8")
    document = Document(text, path.name)
    assert document.exact
    assert document.dumps() == text


@pytest.mark.parametrize("path", DATASET, ids=NAMES)
def test_the_dataset_is_indented_as_yamledit_writes(path: Path) -> None:
    expected = (yamledit.MAPPING_INDENT, yamledit.SEQUENCE_INDENT, yamledit.DASH_OFFSET)
    assert yamledit._guess_indent(path.read_text("utf-8")) == expected == (2, 4, 2)


@pytest.mark.parametrize("path", DATASET, ids=NAMES)
def test_new_files_read_back_as_the_same_claim(path: Path) -> None:
    claim = claimfile.loads(path.read_text("utf-8"), path.name).claim
    assert claim is not None
    written = dumps_new(claimfile.to_data(claim))
    again = claimfile.loads(written, path.name)
    assert again.findings == ()
    assert again.claim is not None
    assert replace(again.claim, location=claim.location, links=()) == replace(claim, links=())
    assert [
        replace(a, location=b.location) for a, b in zip(again.claim.links, claim.links, strict=True)
    ] == list(claim.links)
    assert all(
        len(line) <= yamledit.WIDTH or " " not in line.strip() for line in written.splitlines()
    )


#: Dataset files wrapped greedily at 100 columns by hand: the new-file layout gives them byte for byte.
GREEDY = [
    "cpl-statistics-4055-deployed",
    "population-did-not-support-partisans",
    "real-partisan-work-from-1943",
    "samsons-130-trains",
    "unit-commander-became-historian",
]


@pytest.mark.parametrize("name", GREEDY)
def test_new_file_layout_is_the_datasets(name: str) -> None:
    text = (PROJECT / "claims" / f"{name}.yaml").read_text("utf-8")
    claim = claimfile.loads(text, name).claim
    assert claim is not None
    assert dumps_new(claimfile.to_data(claim)) == text


def test_a_hand_written_layout_is_kept_around_a_change() -> None:
    document = Document(HAND_WRITTEN)
    assert not document.exact  # ruamel would rewrite parts of it
    assert document.dumps() == HAND_WRITTEN
    document.data["reliability"]["status"] = "doubtful"
    assert document.dumps() == HAND_WRITTEN.replace("status: disputed ", "status: doubtful ")


def test_a_link_appended_to_a_hand_written_layout_takes_its_indentation() -> None:
    document = Document(HAND_WRITTEN)
    new = yamledit.node({"source": "strods2006", "stance": "supports", "verified": False}, 2)
    yamledit.append(document.data["links"], new)
    text = document.dumps()
    assert text.startswith(HAND_WRITTEN.split("# end of the links", maxsplit=1)[0])
    assert "- source: strods2006\n  stance: supports\n  verified: false\n" in text
    assert "# end of the links" in text and "# not checked yet" in text
    loaded = claimfile.loads(text, "trains.yaml")
    assert loaded.claim is not None and len(loaded.claim.links) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("yes", '"yes"'),
        ("on", '"on"'),
        ("2024-01-02", '"2024-01-02"'),
        ("1.0", '"1.0"'),
        ("a: b", '"a: b"'),
        ("- item", '"- item"'),
        ("x # y", '"x # y"'),
        ("Ābeļkalni, Вилис Самсон", "Ābeļkalni, Вилис Самсон"),
        ("  runs   of  spaces ", "runs of spaces"),
        ("bell\x07 x", '"bell\\a x"'),
    ],
    ids=[
        "plain",
        "yes",
        "on",
        "date",
        "float",
        "colon",
        "dash",
        "hash",
        "unicode",
        "spaces",
        "bell",
    ],
)
def test_scalars_read_back_as_the_text_given(text: str, expected: str) -> None:
    written = dumps_new({"note": text})
    assert written == f"note: {expected}\n"
    claim_text = f"id: x\nstatement: s\nreliability: {{status: unverified}}\nlinks: []\n{written}"
    claim = claimfile.loads(claim_text, "x.yaml").claim
    assert claim is not None and claim.note == " ".join(text.split())


def test_long_texts_are_folded_within_the_width_and_statements_always() -> None:
    long = " ".join(["word"] * 60)
    written = dumps_new({"statement": "Short.", "note": long, "date": "1944"})
    lines = written.splitlines()
    assert lines[:2] == ["statement: >-", "  Short."]
    assert lines[2] == "note: >-"
    assert all(len(line) <= 100 for line in lines)
    assert max(len(line) for line in lines[3:-1]) > 94  # filled, not wrapped early
    assert lines[-1] == 'date: "1944"'


@pytest.mark.parametrize("width", [10, 40, 94])
def test_fold_positions_fill_each_line_up_to_the_width(width: int) -> None:
    text = "Партизаны взорвали мост у Карсавы в августе 1943 года, по данным Strods 2006, p. 112."
    folds = fold_positions(text, width)
    lines = [
        text[a + 1 if a else 0 : b] for a, b in zip([0, *folds], [*folds, len(text)], strict=True)
    ]
    assert " ".join(lines) == text
    assert all(len(line) <= width for line in lines)
    assert all(
        len(line) + 1 + len(after.split()[0]) > width for line, after in itertools.pairwise(lines)
    )


def test_scalar_folds_where_the_line_would_pass_the_width() -> None:
    fits = "x" * (100 - len("    note: "))
    assert scalar(fits, 4, "note") == fits
    assert isinstance(scalar(fits + "x y", 4, "note"), yamledit.FoldedScalarString)


@pytest.mark.parametrize(
    ("original", "pristine", "new", "expected"),
    [
        ("a\nb  # c\nd\n", "a\nb\nd\n", "a\nb\nd\ne\n", "a\nb  # c\nd\ne\n"),
        ("a\nb  # c\nd\n", "a\nb\nd\n", "a2\nb\nd\n", "a2\nb  # c\nd\n"),
        ("a\nb  # c\nd\n", "a\nb\nd\n", "a\nb2\nd\n", None),
        ("x\n", "y\n", "z\n", None),
        ("a\nb\n", "a\nb\n", "b\n", "b\n"),
    ],
    ids=["insert-after", "replace-elsewhere", "conflict", "nothing-shared", "delete"],
)
def test_splice(original: str, pristine: str, new: str, expected: str | None) -> None:
    assert splice(original, pristine, new) == expected


def test_replace_word_keeps_folds_and_whole_ids_only() -> None:
    text = (PROJECT / "claims" / "partisan-losses-inference.yaml").read_text("utf-8")
    document = Document(text)
    count = yamledit.replace_word(
        document.data, "partisan-losses-3243-figure", "losses-3243", frozenset({"note"})
    )
    assert count == 1
    new = document.dumps()
    changed = [(a, b) for a, b in zip(text.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(changed) == 1
    assert changed[0][1] == changed[0][0].replace("partisan-losses-3243-figure", "losses-3243")
    assert (
        yamledit.replace_word(Document(text).data, "partisan-losses", "x", frozenset({"note"})) == 0
    )


def test_ruamel_is_imported_by_yamledit_only() -> None:
    importers = [
        path.relative_to(PROJECT).as_posix()
        for path in (PROJECT / "src").rglob("*.py")
        if re.search(r"^\s*(from|import) ruamel", path.read_text("utf-8"), re.MULTILINE)
    ]
    assert importers == ["src/claimref/edit/yamledit.py"]


def test_a_comment_after_a_changed_value_keeps_its_distance() -> None:
    document = Document('id: abc   # the file name\nnote: "x"  # quoted\nlist: [a]  # flow\n')
    yamledit.put(document.data, "id", "abcdef", ["id", "note"])
    yamledit.put(document.data, "note", scalar("a: b"), ["id", "note"])
    assert document.dumps() == (
        'id: abcdef   # the file name\nnote: "a: b"  # quoted\nlist: [a]  # flow\n'
    )


def test_a_long_text_set_in_a_flow_mapping_is_quoted_not_folded() -> None:
    text = "id: x\nreliability: {status: doubtful, note: Short.}\n"
    document = Document(text)
    long = " ".join(["word"] * 40)
    yamledit.put(document.data["reliability"], "note", scalar(long, 2, "note"), ["status", "note"])
    yamledit.put(document.data["reliability"], "extra", yamledit.node({"by": long}), ["note"])
    new = document.dumps()
    assert new == (
        f'id: x\nreliability: {{status: doubtful, note: "{long}", extra: {{by: "{long}"}}}}\n'
    )


def test_a_file_with_crlf_line_ends_keeps_them() -> None:
    text = (PROJECT / "claims" / "samsons-130-trains.yaml").read_text("utf-8").replace("\n", "\r\n")
    document = Document(text)
    assert document.dumps() == text
    document.data["reliability"]["status"] = "doubtful"
    assert document.dumps() == text.replace("status: disputed\r\n", "status: doubtful\r\n")
