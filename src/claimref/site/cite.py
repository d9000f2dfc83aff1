"""The formatted references and citations of the site, in one CSL style, through
:mod:`claimref.render`.

The whole bibliography is rendered once (so that year suffixes and the order agree on every page),
with one citation per distinct (work, locator) of the claims' links. Entries come from the render
cache; citations are kept in a cache file of their own (in claimref's cache folder, never in the
site), valid while the style, locale, script, rendering code and every source stay the same, so
that a rebuild after a claim changed renders only the citations that are new. Addresses and DOIs in
entries become links (``http``/``https`` only).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import claimref
from claimref import cachefile, parsecache
from claimref.model import Claim, Source
from claimref.render import Cite, render
from claimref.render.output import link_urls
from claimref.render.styles import resolve_style


@dataclass(frozen=True)
class StyleChoice:
    """How references are formatted: a CSL style, locale, script and transliteration scheme."""

    style: str = "apa"
    locale: str | None = None
    script: str = "original"
    translit: str = "ala-lc"


@dataclass(frozen=True)
class Formatted:
    """The bibliography in the style's order, each entry (HTML), and each citation (HTML)."""

    order: tuple[str, ...]
    entries: Mapping[str, str]
    citations: Mapping[Cite, str]


def link_cite(key: str, label: str = "", value: str = "") -> Cite:
    """The citation of one link: the work and, when given, where in it."""
    return Cite(key, label, value) if value else Cite(key)


def claim_cites(claims: Iterable[Claim], sources: Mapping[str, Source]) -> list[Cite]:
    """Each distinct citation the links of ``claims`` need (links to missing works have none)."""
    found: dict[Cite, None] = {}
    for claim in claims:
        for link in claim.links:
            if link.source in sources:
                where = link.locator
                found[link_cite(link.source, *((where.label, where.value) if where else ()))] = None
    return list(found)


def format_all(sources: Mapping[str, Source], cites: list[Cite], choice: StyleChoice,
               root: Path, use_cache: bool = True) -> Formatted:  # fmt: skip
    """Render every source and each of ``cites``, the cached citations reused."""
    chosen = [sources[key] for key in sorted(sources)]
    if not chosen:
        return Formatted((), {}, {})
    render_cache = parsecache.workspace_cache(root, "render-") if use_cache else None
    cache_file = parsecache.workspace_cache(root, "site-", ".json") if use_cache else None
    stamp = _fingerprint(chosen, choice)
    known = _read(cache_file, stamp)
    missing = [cite for cite in cites if _cite_id(cite) not in known]
    positional = b"position=" in resolve_style(choice.style).path.read_bytes()
    rounds = (_rounds(missing) if positional else [missing]) or [[]]
    for batch in rounds:
        done = render(chosen, [[cite] for cite in batch], style=choice.style,
                      locale=choice.locale, fmt="html", cache_dir=render_cache,
                      script=choice.script, translit=choice.translit)  # fmt: skip
        known.update(zip((_cite_id(c) for c in batch), done.citations, strict=True))
    if missing and cache_file is not None:
        _write(cache_file, stamp, known)
    entries = {key: link_urls(_amp(text)) for key, text in done.entries.items()}
    citations = {cite: _amp(known[_cite_id(cite)]) for cite in cites}
    return Formatted(tuple(done.order), entries, citations)


_BARE_AMPERSAND = re.compile(r"&(?!#?[A-Za-z0-9]+;)")


def _amp(text: str) -> str:
    """A bare ``&`` escaped: citeproc-py makes ``&.`` of a given name that is ``&lt;…`` escaped
    (its initial), which an HTML5 parser reports."""
    return _BARE_AMPERSAND.sub("&amp;", text)


def _rounds(cites: list[Cite]) -> list[list[Cite]]:
    """``cites`` in batches that cite each work at most once, so that every citation is rendered
    as a first one: a style that tests a citation's position (note styles) shortens a work's
    second citation, or makes it "Ibid.", and a page shows each link on its own."""
    rounds: list[list[Cite]] = []
    seen: dict[str, int] = {}
    for cite in cites:
        number = seen.get(cite.key, 0)
        seen[cite.key] = number + 1
        if number == len(rounds):
            rounds.append([])
        rounds[number].append(cite)
    return rounds


def _cite_id(cite: Cite) -> str:
    return "\x1f".join((cite.key, cite.label, cite.locator))


def _fingerprint(sources: list[Source], choice: StyleChoice) -> str:
    """What the citations depend on: the style's file, locale, script, claimref's rendering code
    and every source's fields (a citation's year suffix depends on the other works)."""
    digest = hashlib.sha256(repr(choice).encode())
    digest.update(resolve_style(choice.style).digest.encode())
    package = Path(claimref.__file__).parent
    for path in sorted([*(package / "render").glob("*.py"), package / "formats" / "csljson.py"]):
        digest.update(path.read_bytes())
    for source in sources:
        fields = sorted(source.fields.items())
        digest.update(repr((source.key, source.entry_type, fields)).encode())
    return digest.hexdigest()


def _read(file: Path | None, stamp: str) -> dict[str, str]:
    payload = cachefile.read(file) if file is not None else None
    if payload is None:
        return {}
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return {}
    found = data.get("citations")
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}


def _write(file: Path, stamp: str, citations: dict[str, str]) -> None:
    data = {"stamp": stamp, "citations": citations}
    cachefile.write(file, json.dumps(data, ensure_ascii=False, sort_keys=True).encode())


__all__ = ["Formatted", "StyleChoice", "claim_cites", "format_all", "link_cite"]
