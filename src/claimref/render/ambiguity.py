"""What tells works apart in a style's citations besides names and dates, for year suffixes (which
citeproc-js gives to works whose citations would read alike): the rule by which the style adds
given names, and what it shows of a work without names, by type: its title, its container's title
or nothing. Harvard cites an undated journal article without names by its journal ("(Nature, no
date)"), or as "(No date)" when it has none, whatever its title: such works get "(No date a)", "b".

Found once per style, the latter by citing probe items (one per CSL type) with the style's own
engine; the answer is a few strings for :mod:`claimref.render.disambiguate` (:data:`GIVENNAME`,
:data:`NAMELESS`), kept with the style's other facts in the cache, so a warm run needs no engine.
Grouping the works is :mod:`.disambiguate`'s job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimref.render.cites import Cite
from claimref.render.disambiguate import GIVENNAME, NAMELESS, STATUS

if TYPE_CHECKING:
    from claimref.render.engine import Style

#: The variables a nameless citation may show in place of the names, with their probe text.
_SHOWN = {"title": "Qzxtitleprobe", "container-title": "Qzxcontainerprobe"}
#: CSL 1.0.2's item types.
TYPES = (
    "article article-journal article-magazine article-newspaper bill book broadcast chapter "
    "classic collection dataset document entry entry-dictionary entry-encyclopedia event figure "
    "graphic hearing interview legal_case legislation manuscript map motion_picture musical_score "
    "pamphlet paper-conference patent performance periodical personal_communication post "
    "post-weblog regulation report review review-book software song speech standard thesis "
    "treaty webpage"
).split()


def citation_facts(style: Style) -> tuple[str, ...]:
    """``givenname:<rule>`` when the style adds given names, :data:`STATUS` when the citation may
    print the status ("Doe, forthcoming" is not "Doe, n.d."), and :func:`nameless_variables`;
    none for styles that add no year suffixes."""
    if not style.adds_year_suffix:
        return ()
    rule = (f"{GIVENNAME}{style.givenname_rule}",) if style.adds_givenname else ()
    variables, types = _called(style.csl.root)
    status = (STATUS,) if STATUS in variables else ()
    return rule + status + nameless_variables(style, types)


def nameless_variables(style: Style, tested: set[str]) -> tuple[str, ...]:
    """``nameless:<type>:<variables>`` for each type whose nameless citation shows something other
    than the title alone (``nameless:article-journal:container-title``; nothing after the second
    colon: it shows neither), and ``nameless:<type>/title:<variables>`` for what it shows of a
    work with a title and no container title, where that differs. Types that the citation never
    tests (not in ``tested``) render alike: one of them stands for all (a citation costs a third
    of a millisecond)."""
    others = [kind for kind in TYPES if kind not in tested]
    probed = [kind for kind in TYPES if kind in tested] + others[:1]
    both = _shown(style, probed, _SHOWN)
    unlike = [kind for kind in probed if both[kind] != "title"]
    alone = _shown(style, unlike, {"title": _SHOWN["title"]})
    out = []
    for kind in unlike:
        alike = others if others and kind == others[0] else [kind]
        out += [f"{NAMELESS}{each}:{both[kind]}" for each in alike]
        if alone[kind] != both[kind]:
            out += [f"{NAMELESS}{each}/title:{alone[kind]}" for each in alike]
    return tuple(out)


def _shown(style: Style, types: list[str], variables: dict[str, str]) -> dict[str, str]:
    """For each of ``types``: which of ``variables`` (name: probe text) the citation of a nameless
    work of that type, holding them, shows (space-separated)."""
    session = style.session([{"id": kind, "type": kind, **variables} for kind in types], "text")
    out = {}
    for kind in types:
        text = session.cite([Cite(kind)]).casefold()
        out[kind] = " ".join(name for name, probe in variables.items() if probe.casefold() in text)
    return out


def _called(root: Any) -> tuple[set[str], set[str]]:
    """The variables that the citation (and the macros it calls) names, and the types that its
    ``type`` conditions name."""
    todo, seen, variables, types = [root.citation], set(), set(), set()
    while todo:
        for node in todo.pop().iter():
            variables.update(str(node.get("variable", "")).split())
            types.update(str(node.get("type", "")).split())
            macro = node.get("macro")
            if macro and macro not in seen:
                seen.add(macro)
                todo.append(root.get_macro(macro))
    return variables, types
