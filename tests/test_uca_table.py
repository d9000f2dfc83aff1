"""The compact UCA table of claimref.render.ucatable: exactly pyuca's entries, the same sort keys."""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest
import pyuca

from claimref.render import ucatable

TOOL = Path(__file__).parent.parent / "tools" / "gen_uca_table.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_uca_table", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def collators() -> tuple[ucatable.Collator, pyuca.Collator]:
    return ucatable.Collator(), pyuca.Collator()


def test_shipped_table_is_what_the_generator_writes() -> None:
    path = ucatable.table_path(pyuca.Collator.UCA_VERSION)
    assert path.read_bytes() == generator().table()


def test_table_holds_exactly_pyucas_entries(
    collators: tuple[ucatable.Collator, pyuca.Collator],
) -> None:
    fast, slow = collators
    table = ucatable.Collator()  # a fresh one: every entry loaded
    table.table.load_all()
    assert generator().entries(table) == generator().entries(slow)
    assert table.implicit_weights == slow.implicit_weights
    assert isinstance(fast, pyuca.Collator)


def test_every_bmp_character_has_pyucas_sort_key(
    collators: tuple[ucatable.Collator, pyuca.Collator],
) -> None:
    fast, slow = collators
    characters = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    assert [fast.sort_key(c) for c in characters] == [slow.sort_key(c) for c in characters]


@pytest.mark.parametrize(
    "text",
    ["Йорк", "Ёлкин", "Čakste", "Bērziņš, Jānis", "l·l", "Ǆemal", "a\u0308\u0301", "ﬁne ½",
     "\u0e40\u0e01", "\U00017000 tangut", "\U00020000", "Müller-Lüdenscheidt"],
    ids=["short-i", "yo", "caron", "latvian", "middle-dot", "digraph", "stacked-marks",
         "ligature-fraction", "thai-reordering", "implicit-tangut", "cjk-ext-b", "umlauts"],
)  # fmt: skip
def test_strings_have_pyucas_sort_key(
    collators: tuple[ucatable.Collator, pyuca.Collator], text: str
) -> None:
    fast, slow = collators
    assert fast.sort_key(text) == slow.sort_key(text)


def test_without_a_table_pyucas_own_collator_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(ucatable, "DATA", tmp_path)
    assert type(ucatable.collator()) is pyuca.Collator


def test_sort_keys_drop_punctuation_spaces_controls_and_markers_only() -> None:
    """What collate's table drops (filled as characters are met): in the Basic Multilingual Plane,
    punctuation, spaces, controls, format characters and the private-use markers; nothing else."""
    from claimref.render.collate import _IGNORED  # noqa: PLC0415

    def ignorable(code: int) -> bool:
        category = unicodedata.category(chr(code))
        return category[0] in "PZ" or category in ("Cc", "Cf") or 0xE000 <= code <= 0xF8FF

    text = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    kept = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF and not ignorable(c))
    assert text.translate(_IGNORED) == kept
    assert "\u3000x\U0001f600\u00a0".translate(_IGNORED) == "x\U0001f600"
