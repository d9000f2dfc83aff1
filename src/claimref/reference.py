"""Plain-text references without CSL: the short and full forms that ``claims``, ``sources`` and
``show`` print when no style is asked for.

The full form follows the order readers of a reference list expect (creators, title, container, place,
publisher, year, pages, ISBN) and prints only what the entry holds: nothing is filled in. Formatting in
a CSL style is ``render``'s job.
"""

from __future__ import annotations

from claimref.model import Name, Source

ROLE_SUFFIX = {"editor": "ed.", "compiler": "comp.", "translator": "trans."}


def _names(names: tuple[Name, ...]) -> str:
    shown = [str(names[0])] + [_given_first(n) for n in names[1:]]
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0] if shown else ""


def _given_first(name: Name) -> str:
    if name.literal:
        return name.literal
    return " ".join(p for p in (name.given, name.particle, name.family, name.suffix) if p)


def creators(source: Source) -> str:
    """``Family, Given and Given Family``; editors or compilers marked as such."""
    if source.names.get("author"):
        return _names(source.names["author"])
    editors = source.names.get("editor", ())
    if not editors:
        return ""
    role = ROLE_SUFFIX.get(source.get("editortype", "editor"), source.get("editortype"))
    plural = {"ed.": "eds.", "comp.": "comps."}.get(role, role) if len(editors) > 1 else role
    return f"{_names(editors)} ({plural})"


def short_reference(source: Source) -> str:
    """``Family Year``, e.g. ``Strods 2006``; ``Title Year`` when there is no creator."""
    names = source.creators()
    first = names[0] if names else None
    fallback = source.get("organization") or source.get("publisher") or source.title[:30]
    who = (first.literal or first.family) if first else fallback
    if len(names) == 2:
        who += f" & {names[1].literal or names[1].family}"
    elif len(names) > 2:
        who += " et al."
    return f"{who} {source.year or 'n.d.'}"


def listed(source: Source) -> list[str]:
    """What ``claimref sources`` lists of a source besides its key and how many claims cite it:
    its language, year and short reference with the title (the index keeps it)."""
    return [
        source.language or "?",
        source.year or "n.d.",
        f"{short_reference(source)}: {source.title}",
    ]


def full_reference(source: Source) -> str:
    """The whole reference on one line, from the fields the entry has."""
    parts = [creators(source), source.title]
    container = source.get("booktitle") or source.get("journaltitle") or source.get("journal")
    if container:
        editors = source.names.get("editor") if source.names.get("author") else None
        by = f", ed. {_names(editors)}" if editors else ""
        parts.append(f"In: {container}{by}")
    for name, label in (("part", "Part "), ("volume", "Vol. "), ("number", "No. ")):
        if source.get(name):
            parts.append(label + source.get(name))
    place = source.get("location") or source.get("address")
    publisher = source.get("publisher") or source.get("institution") or source.get("organization")
    imprint = ": ".join(p for p in (place, publisher) if p)
    parts.append(", ".join(p for p in (imprint, source.get("date") or source.get("year")) if p))
    if source.get("pages"):
        parts.append(f"pp. {source.get('pages').replace('--', '–')}")
    if source.get("pagetotal"):
        parts.append(f"{source.get('pagetotal')} pp.")
    for name, label in (("isbn", "ISBN "), ("doi", "doi:"), ("url", "")):
        if source.get(name):
            parts.append(label + source.get(name))
    text = ". ".join(p.rstrip(".") for p in parts if p)
    return text + "."
