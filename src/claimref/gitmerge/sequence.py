"""A three-way merge of sequences of named items (BibTeX entries, YAML blocks, list items).

Each version of a file is a :class:`Version`: items with a stable name (a cite key, a field name,
a link's source), each with its text and the separator before it. An item is merged on its text
alone: one side's change is taken when the other left the item as the base had it; the same
change on both sides is taken once; an item one side deleted and the other left alone goes; two
different changes go to the caller's ``resolve`` (the conflict). Order: one side's order (ours,
unless only theirs reordered the items they share), each item the other side added put after its
predecessor there and after the additions of the first side that follow it, so that two
additions at the end of a file come out as ours, then theirs. What an item is and how a conflict
looks is the callers' business.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

#: ``resolve(name, base, ours, theirs)`` → the text of an item both sides changed differently
#: (``None`` for a side without it), and whether it is a conflict; raise to refuse.
#: The name :func:`merge` gives the text after the last item when it asks ``resolve`` about it.
END = "<end of file>"
Resolver = Callable[[Hashable, str | None, str | None, str | None], tuple[str, bool]]


class Unmergeable(ValueError):
    """Raised by a ``resolve`` (or a reader of versions) that will not merge: the caller falls back
    to a merge of lines; the message says why."""


class Clash(Unmergeable):
    """Both sides changed the same thing differently (a conflict, whatever a merge of lines makes
    of it)."""


@dataclass(frozen=True)
class Item:
    """One named piece of a file: ``lead`` (the separator before it, not compared) then ``text``."""

    name: Hashable
    text: str
    lead: str = ""


@dataclass(frozen=True)
class Version:
    """A file as a sequence of items, with the text after the last one."""

    items: tuple[Item, ...]
    tail: str = ""
    by_name: dict[Hashable, Item] = field(init=False, repr=False, compare=False)
    before: dict[Hashable, Hashable | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [item.name for item in self.items]
        if len(set(names)) != len(names):
            raise Unmergeable("two items have the same name")
        object.__setattr__(self, "by_name", {item.name: item for item in self.items})
        object.__setattr__(self, "before", dict(zip(names, [None, *names], strict=False)))

    def text(self, name: Hashable) -> str | None:
        """The text of item ``name``, or None when this version has no such item."""
        item = self.by_name.get(name)
        return None if item is None else item.text


@dataclass(frozen=True)
class Outcome:
    """The merged text, the names of the items in conflict, how many items were added and deleted,
    and the merged items (name, separator, text) in order."""

    text: str
    conflicts: tuple[Hashable, ...]
    added: int = 0
    deleted: int = 0
    parts: tuple[tuple[Hashable, str, str], ...] = ()


def pick(base: str | None, ours: str | None, theirs: str | None) -> tuple[bool, str | None]:
    """(True, the merged value) when at most one side changed it (or both alike); else (False,
    None): a conflict."""
    if theirs in (ours, base):
        return True, ours
    if ours == base:
        return True, theirs
    return False, None


def merge(
    base: Version, ours: Version, theirs: Version, resolve: Resolver, separator: str = ""
) -> Outcome:
    """Merge the three versions item by item; see the module docstring. ``separator`` goes
    before an item that no side has after the item it follows now and that had none (it came
    first in its file)."""
    names = dict.fromkeys([i.name for i in (*ours.items, *theirs.items, *base.items)])
    texts: dict[Hashable, str] = {}
    conflicts: list[Hashable] = []
    for name in names:
        values = base.text(name), ours.text(name), theirs.text(name)
        agreed, text = pick(*values)
        if not agreed:
            text, clash = resolve(name, *values)
            if clash:
                conflicts.append(name)
        if text is not None:
            texts[name] = text
    order = _order(base, ours, theirs, set(texts))
    tail = _tail(base, ours, theirs, resolve, conflicts)
    sides = (ours, theirs, base)
    parts = tuple((name, _lead(name, previous, texts[name], sides, separator), texts[name])
                  for previous, name in zip([None, *order], order, strict=False))  # fmt: skip
    added = sum(1 for name in texts if base.text(name) is None)
    deleted = sum(1 for name in base.by_name if name not in texts)
    text = "".join(lead + text for _, lead, text in parts) + tail
    return Outcome(text, tuple(conflicts), added, deleted, parts)


def _tail(
    base: Version, ours: Version, theirs: Version, resolve: Resolver, conflicts: list[Hashable]
) -> str:
    agreed, text = pick(base.tail, ours.tail, theirs.tail)
    if agreed:
        return text or ""
    text, clash = resolve(END, base.tail, ours.tail, theirs.tail)
    if clash:
        conflicts.append(END)
    return text


def _order(base: Version, ours: Version, theirs: Version, keep: set[Hashable]) -> list[Hashable]:
    """The merged order of the items in ``keep``: see the module docstring."""
    first, second = ours, theirs
    if _shared_order(ours, base) and not _shared_order(theirs, base):
        first, second = theirs, ours
    out = [item.name for item in first.items if item.name in keep]
    # An item only the second side has goes after its predecessor there and after the first
    # side's own items that follow it: before the next item both sides have (or at the end).
    end = object()
    following: dict[Hashable, Hashable] = {}
    upcoming: Hashable = end
    for name in reversed([None, *out]):
        following[name] = upcoming
        if name is not None and name in second.by_name:
            upcoming = name
    before: dict[Hashable, list[Hashable]] = {}
    target = following[None]
    placed = set(out)
    for item in second.items:
        if item.name in placed:
            target = following[item.name]
        elif item.name in keep:
            before.setdefault(target, []).append(item.name)
    merged: list[Hashable] = []
    for name in out:
        merged += before.get(name, [])
        merged.append(name)
    return merged + before.get(end, [])


def _shared_order(side: Version, base: Version) -> bool:
    """True when ``side`` keeps the items it shares with ``base`` in base's order."""
    common = [item.name for item in side.items if item.name in base.by_name]
    shared = set(common)
    return common == [item.name for item in base.items if item.name in shared]


def _lead(
    name: Hashable, previous: Hashable | None, text: str, sides: Sequence[Version], separator: str
) -> str:
    """The separator before item ``name``, from the sides (ours, theirs, base) where the same item
    precedes it (merged three ways when all do), else from the side whose text was taken, else
    from any side that has the item (``separator`` where that is none but one is needed)."""
    leads = [side.by_name[name].lead if side.before.get(name, ()) == previous else None
             for side in sides]  # fmt: skip
    if leads[0] is not None and leads[1] is not None:
        agreed, lead = pick(leads[2], leads[0], leads[1])
        return lead if agreed and lead is not None else leads[0]
    for lead in leads:
        if lead is not None:
            return lead
    having = [side.by_name[name] for side in sides if name in side.by_name]
    chosen = next((item for item in having if item.text == text), having[0] if having else None)
    lead = chosen.lead if chosen is not None else ""
    return lead or (separator if previous is not None else "")
