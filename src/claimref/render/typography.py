"""Typography citeproc-js applies to the data and citeproc-py does not: straight double quotes in a
title become the locale's quotation marks (not inside braces, where citeproc-js leaves them), an
apostrophe becomes ``’`` (also next to text that braces protect: ``{HLA Hart}'s``), particles are
found in names that have none ("da Gama" as citeproc-js's ``parseParticles`` reads it), and a
particle ending in an apostrophe or a hyphen ("d’", "al-") is joined to the family name. No
citeproc here; escaping for output formats is :mod:`claimref.render.output`'s job.
"""

from __future__ import annotations

import re
from typing import Any

from claimref.render.punctuation import JOIN, LITERAL

#: Item fields taken literally (identifiers, links).
VERBATIM = frozenset({"id", "type", "language", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})
_QUOTED = re.compile(r'"([^"<>]+)"')
#: Stand for ``<span class="nocase">`` and ``</span>`` while quotes are set.
_OPEN, _CLOSE = "\ue020", "\ue021"
#: Text in single quotes ('Communism'), which citeproc-js sets as quoted text; every other
#: straight apostrophe becomes ’ (Hart’s, ’77, TeX's closing '' as ’’).
_SINGLE_QUOTED = re.compile(rf"(?<![\w{_CLOSE}'])'([^'\s][^']*?[^'\s]|[^'\s])'(?![\w{_OPEN}'])")
#: Letters of scripts whose names are written family name first, without a space (CJK).
_CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: A straight apostrophe after a letter (Hart's; TeX's closing '' as ’’) or before a digit
#: ('77); one opening a word ('t Hooft, 'Burbs) citeproc-js reads as an unclosed quotation mark
#: and leaves as it is.
_APOSTROPHE = re.compile(rf"(?<=[\w{_CLOSE}’'])'|'(?=\d)")
_PARTICLES = ("non-dropping-particle", "dropping-particle")


def smart_quotes(item: dict[str, Any], quotes: tuple[str, str]) -> dict[str, Any]:
    """The item with ``"x"`` in every text field (names too) as ``quotes[0]`` x ``quotes[1]`` and
    apostrophes as ``’``; ``nocase`` markers are left alone."""
    return {key: value if key in VERBATIM else _smart_value(value, quotes)
            for key, value in item.items()}  # fmt: skip


def _smart_value(value: Any, quotes: tuple[str, str]) -> Any:
    if isinstance(value, list):
        return [_smart_value(v, quotes) for v in value]
    if isinstance(value, dict):
        return {k: _smart_value(v, quotes) for k, v in value.items()}
    if isinstance(value, str) and ('"' in value or "'" in value):
        marked = value.replace('<span class="nocase">', _OPEN).replace("</span>", _CLOSE)
        marked = _QUOTED.sub(lambda m: _quoted(m, quotes), marked)
        marked = _SINGLE_QUOTED.sub(lambda m: f"{quotes[0]}{m.group(1)}{quotes[1]}", marked)
        marked = _APOSTROPHE.sub("’", marked)
        value = marked.replace(_OPEN, '<span class="nocase">').replace(_CLOSE, "</span>")
    if isinstance(value, str) and "’" in value and "nocase" in value:
        value = _LITERAL_SPAN.sub(_literal, value)
    return value


#: A ``nocase`` span: citeproc-js prints its tags as text when a ’ in it opens a word (it reads
#: the ’ as a quotation mark: "<span class="nocase">’t Hooft’s</span>").
_LITERAL_SPAN = re.compile(r'<span class="nocase">(.*?)</span>')


def _literal(match: re.Match[str]) -> str:
    if not re.search(r"(?:^|\s)’", match.group(1)):
        return match.group(0)
    return f'<span{LITERAL} class="nocase">{match.group(1)}</span{LITERAL}>'


def _quoted(match: re.Match[str], quotes: tuple[str, str]) -> str:
    """``"x"`` as the locale's quotes, unless the marks are inside braces (``nocase``), where
    citeproc-js leaves them."""
    before = match.string[: match.start()]
    if before.count(_OPEN) > before.count(_CLOSE):
        return match.group(0)
    return f"{quotes[0]}{match.group(1)}{quotes[1]}"


def join_particles(item: dict[str, Any]) -> dict[str, Any]:
    """The item with its names as citeproc-js prints them: each particle that ends in an
    apostrophe or a hyphen followed by :data:`~claimref.render.punctuation.JOIN` (no space is
    printed after it), every apostrophe typographic ('t Hooft), and a CJK name written family
    name first without a space (方明月), never as initials."""
    changed: dict[str, Any] = {}
    for key, value in item.items():
        if not isinstance(value, list) or not any(isinstance(n, dict) for n in value):
            continue
        names = [particles(n) if isinstance(n, dict) else n for n in value]
        if any(isinstance(n, dict) and _odd(n) for n in names):
            names = [_joined(n) if isinstance(n, dict) else n for n in names]
        if names != value:
            changed[key] = names
    return {**item, **changed} if changed else item


_FAMILY_PARTICLE = re.compile("^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$")
_GIVEN_PARTICLE = re.compile("^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$")


def particles(name: dict[str, Any]) -> dict[str, Any]:
    """A name with the particles citeproc-js finds in it (``CSL.parseParticles``) when it has none
    of its own: lowercase words before the family name ("da Gama") and after the given name
    ("Charles de"), and a suffix after a comma in the given name."""
    family, given = name.get("family"), name.get("given")
    if (not isinstance(family, str) or not isinstance(given, str) or not given
            or name.get("non-dropping-particle") or name.get("static-particles")
            or name.get("parse-names") in (False, 0, "false")
            or (family.startswith('"') and family.endswith('"'))):  # fmt: skip
        return name
    out = dict(name)
    found, rest = _split_particles(family, _FAMILY_PARTICLE, reverse=False)
    if found.strip():
        out["family"], out["non-dropping-particle"] = rest, found.strip()
    if not out.get("suffix") and "," in given:
        given, _, suffix = given.partition(",")
        out["suffix"], out["given"] = suffix.strip(" !"), given
    found, rest = _split_particles(str(out["given"]), _GIVEN_PARTICLE, reverse=True)
    if found.strip():
        out["given"] = rest
        out["dropping-particle"] = (found + " " + out.get("dropping-particle", "")).strip()
    return out


def _split_particles(value: str, pattern: re.Pattern[str], *, reverse: bool) -> tuple[str, str]:
    """Leading (trailing, with ``reverse``) lowercase words of ``value``, and the rest."""
    text = value[::-1] if reverse else value
    taken: list[str] = []
    found = pattern.match(text)
    while found:
        piece = found[1][::-1] if reverse else found[1]
        first = re.sub(r"^[-'\u02bb\u2019\s]*(.).*$", r"\1", piece, flags=re.S)
        if first.upper() == first:
            break
        taken.append(piece)
        text = found[2]
        found = pattern.match(text)
    rest = text[::-1] if reverse else text
    particle = "".join(reversed(taken)) if reverse else "".join(taken)
    return particle.strip() if reverse else particle, rest.strip() if reverse else rest


def _odd(name: dict[str, Any]) -> bool:
    return any("'" in str(v) or "’" in str(v) or str(v).endswith("-") or _CJK.search(str(v))
               for v in name.values())  # fmt: skip


def is_institution(name: Any) -> bool:
    """Whether a citeproc-py name is an institution to citeproc-js: a literal name, unless it is
    a CJK person's name that :func:`join_particles` wrote as one literal."""
    if "literal" not in name:
        return False
    text = str(name["literal"])
    return not (_CJK.search(text) and not re.search("[A-Za-z]", text))


def _joined(name: dict[str, Any]) -> dict[str, Any]:
    out = {k: v.replace("'", "’") if isinstance(v, str) else v for k, v in name.items()}
    family, given = str(out.get("family", "")), str(out.get("given", ""))
    if _CJK.search(family + given) and not re.search("[A-Za-z]", family + given):
        return {"literal": family + given}
    for part in _PARTICLES:
        if str(out.get(part, ""))[-1:] in ("’", "'", "-"):
            out[part] = out[part] + JOIN
    return out
