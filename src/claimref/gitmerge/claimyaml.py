"""Merging three versions of a claim file field by field, where that is safe.

A claim file is cut into its top-level fields (each with the comment lines just above it), taken
as written: a field one side changed is taken from it, so that comments, quoting and wrapping stay
as they were. When both sides changed the same field differently, a list is merged item by item
(links named by their source and locator, other items by their value: links added on both sides
are both kept) and anything else is a conflict: :class:`~claimref.gitmerge.sequence.Unmergeable`
is raised and the caller merges the file's lines instead, with conflict markers. Reading only
PyYAML's safe loader, for the names of list items and to check the result still reads. A clash
(something changed differently on both sides) is a
:class:`~claimref.gitmerge.sequence.Clash`: a conflict even where the lines do not overlap.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from typing import Any

import yaml

from claimref.gitmerge.claimmaps import BARE_KEY, ITEM, KEY, comments_above, merge_mapping
from claimref.gitmerge.sequence import Clash, Item, Unmergeable, Version, merge, pick

#: The fields whose lists are merged item by item.
LISTS = frozenset({"links", "history", "accept", "people", "tags", "places"})
_FLOW = re.compile(r"([^\[]*\[)([^\[\]{}\"'#]*)(\][ \t]*(?:#[^\n]*)?\r?\n)")


def split_claim(text: str) -> Version:
    """The top-level fields of a claim file, each an item named by its key; raises
    :class:`Unmergeable` for a layout this merge does not know (``---``, text at column 0…)."""
    if text and not text.endswith("\n"):
        raise Unmergeable("the file does not end with a line break")
    lines = text.splitlines(keepends=True)
    starts: list[tuple[int, str]] = []
    for number, line in enumerate(lines):
        if not line.strip() or line[0] in " \t#" or ITEM.match(line):
            continue
        found = KEY.match(line)
        if found is None:
            raise Unmergeable(f"line {number + 1}: not a field this merge can place")
        starts.append((_above(lines, number), found.group(1).strip("\"'")))
    items = []
    if starts and starts[0][0] > 0:
        items.append(Item(("head",), "".join(lines[: starts[0][0]])))
    elif not starts and text:
        items.append(Item(("head",), text))
    ends = [start for start, _ in starts[1:]] + [len(lines)]
    for (start, key), end in zip(starts, ends, strict=True):
        items.append(Item(key, "".join(lines[start:end])))
    return Version(tuple(items))


def _above(lines: list[str], number: int) -> int:
    """The first of the comment lines at column 0 just above line ``number`` (or ``number``)."""
    while number > 0 and lines[number - 1].startswith("#"):
        number -= 1
    return number


def merge_claim(base: str, ours: str, theirs: str) -> str:
    """The merged claim file; raises :class:`Unmergeable` where a merge of lines must decide."""
    outcome = merge(split_claim(base), split_claim(ours), split_claim(theirs), _resolve_field)
    try:
        data = yaml.safe_load(outcome.text)
    except yaml.YAMLError as exc:
        raise Unmergeable(f"the merged fields do not read as YAML: {exc}") from None
    if outcome.text.strip() and not isinstance(data, dict):
        raise Unmergeable("the merged fields do not read as a mapping")
    return outcome.text


def _resolve_field(
    name: Hashable, base: str | None, ours: str | None, theirs: str | None
) -> tuple[str, bool]:
    """A field both sides changed: a mapping merged key by key, a list item by item; whatever
    cannot be merged so is a :class:`~claimref.gitmerge.sequence.Clash`."""
    try:
        return _merge_field(name, base, ours, theirs)
    except Clash:
        raise
    except Unmergeable as exc:
        raise Clash(str(exc)) from None


def _merge_field(
    name: Hashable, base: str | None, ours: str | None, theirs: str | None
) -> tuple[str, bool]:
    if name not in LISTS and None not in (base, ours, theirs):  # a mapping: key by key
        return merge_mapping(str(name), str(base), str(ours), str(theirs)), False
    if name not in LISTS or ours is None or theirs is None:
        raise Unmergeable(f"'{name}' changed on both sides")
    versions = [_split_list(str(name), text) for text in (base or f"{name}:\n", ours, theirs)]
    (old_head, old, old_end), (our_head, mine, our_end), (their_head, yours, their_end) = versions
    agreed, head = pick(old_head, our_head, their_head)
    settled, end = pick(old_end, our_end, their_end)
    if not (agreed and settled) or head is None or end is None:
        raise Unmergeable(f"the line of '{name}' changed on both sides")
    if any(v[2] for v in versions):  # flow style: [a, b]
        if not all(v[2] for v in versions):
            raise Unmergeable(f"'{name}' changed on both sides, in two styles")
        return head + merge(old, mine, yours, _refuse).text.removeprefix(", ") + end, False
    return head + merge(old, mine, yours, _resolve_item).text, False


def _refuse(name: Hashable, *_: str | None) -> tuple[str, bool]:
    raise Unmergeable(f"{_described(name)} changed on both sides")


def _described(name: Hashable) -> str:
    """A list item's name in words: ``the link to KEY`` (at LOCATOR), or ``the item VALUE``."""
    if not isinstance(name, tuple) or len(name) < 2:
        return f"the item {name}"
    if name[0] == "link":
        locator = "" if name[2] == "null" else f" at {name[2]}"
        return f"the link to {json.loads(name[1])}{locator}"
    return f"the item {name[1]}"


def _resolve_item(
    name: Hashable, base: str | None, ours: str | None, theirs: str | None
) -> tuple[str, bool]:
    """A link both sides changed, merged key by key (its source and locator stay as they were)."""
    if not isinstance(name, tuple) or name[0] != "link" or None in (base, ours, theirs):
        return _refuse(name)
    merged = merge_mapping(_described(name), str(base), str(ours), str(theirs))
    if _item_name("links", merged) != name:
        raise Unmergeable(f"{_described(name)} does not read back")
    return merged, False


def _split_list(field: str, text: str) -> tuple[str, Version, str]:
    """(the text before the first item, the items, the text after the last: only for a flow
    list, else ``""``) of the field ``field`` whose text is ``text``."""
    lines = text.splitlines(keepends=True)
    head = next((n for n, line in enumerate(lines) if KEY.match(line)), 0)
    flow = _FLOW.fullmatch("".join(lines[head:]))
    if flow is not None:
        raw = [part.strip() for part in flow.group(2).split(",") if part.strip()]
        items = tuple(Item(("value", value), value, ", ") for value in raw)
        return "".join(lines[:head]) + flow.group(1), Version(items), flow.group(3)
    if BARE_KEY.fullmatch(lines[head]) is None:
        raise Unmergeable(f"'{field}' is not a list written one item a line")
    return _block_list(field, lines, head + 1)


def _block_list(field: str, lines: list[str], first: int) -> tuple[str, Version, str]:
    indents = [m.group(1) for line in lines[first:] if (m := ITEM.match(line))]
    starts = [n for n in range(first, len(lines)) if indents and _is_item(lines[n], indents[0])]
    starts = [comments_above(lines, n, first) for n in starts]
    if not starts:
        return "".join(lines), Version(()), ""
    last = len(lines)
    while last > starts[-1] + 1 and not lines[last - 1].strip():
        last -= 1
    items = []
    for start, end in zip(starts, [*starts[1:], last], strict=True):
        chunk = "".join(lines[start:end])
        items.append(Item(_item_name(field, chunk), chunk))
    return "".join(lines[: starts[0]]), Version(tuple(items), "".join(lines[last:])), ""


def _is_item(line: str, indent: str) -> bool:
    found = ITEM.match(line)
    return found is not None and found.group(1) == indent


def _item_name(field: str, chunk: str) -> Hashable:
    """A link's source and locator, or any other item's value, as its name in the merge."""
    try:
        value = yaml.safe_load(chunk)
    except yaml.YAMLError as exc:
        raise Unmergeable(f"an item of '{field}' does not read: {exc}") from None
    if not isinstance(value, list) or len(value) != 1:
        raise Unmergeable(f"an item of '{field}' is not one list item")
    item: Any = value[0]
    if field == "links" and isinstance(item, dict) and "source" in item:
        return ("link", _canonical(item["source"]), _canonical(item.get("locator")))
    return ("value", _canonical(item))


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
