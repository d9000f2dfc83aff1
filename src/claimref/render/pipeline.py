"""From CSL-JSON items to a rendered reference list and citations: cache, workers, order, suffixes.

Each item's sort-key values and entry are looked up in the :class:`EntryCache` by the item's content;
only the missing ones are rendered (by citeproc-py, in worker processes when there are many). Sort
keys after the first are rendered only for works whose earlier keys tie (:func:`sort_rows`,
:func:`_settle`), so a cached record may hold only its first keys. The
order (UCA collation keys, see :mod:`collate`), the year suffixes (entries that will get one are
rendered with a placeholder) and subsequent-author substitution are then decided here, so a warm
run imports no citeproc at all. Citations are rendered in one
:class:`~claimref.render.engine.Session` holding every item. Numbered styles (whose entries depend
on their place) are rendered in one session without the cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimref.cores import spare_cores
from claimref.render import forked
from claimref.render.addnames import with_names_shown
from claimref.render.cache import EntryCache, item_digest
from claimref.render.cites import Cite
from claimref.render.collate import (
    encoded_key,
    encoded_keys,
    order_by_keys,
    settle_ties,
    sort_order,
)
from claimref.render.disambiguate import suffix_groups, year_suffixes
from claimref.render.styles import StyleFile
from claimref.render.substitute import substitute_authors
from claimref.store import gc_paused

if TYPE_CHECKING:  # citeproc is imported only when something must be rendered
    from claimref.render.engine import Session, Style

#: Stands for the year suffix in entries rendered before the order (and so the letter) is known.
SUFFIX = "\ue000"
#: Fewer missing entries than this are rendered in this process. A worker on an idle core saves
#: wall time but costs CPU time: two processes rendering at once each run about a tenth slower
#: (shared caches) and warm their own memos, so 1,000 APA entries took 0.13 s of CPU more
#: (1.20 -> 1.33 s) to save at most a quarter of a second of wall time, and issue 12 holds both
#: to pandoc's. Larger lists are worth sharing.
PARALLEL_MIN = 2000
#: Entries fewer for this process's share: it also loads the collation table and computes the keys.
OWN_HANDICAP = 50
#: Sort-key values, their collation keys, key directions, entries and each entry's first names.
Records = tuple[list[list[str | None]], list[list[str | None]], list[bool], list[str], list[str]]


@dataclass
class Rendered:
    """A reference list (item ids in the style's order, and their entries) and the citations."""

    order: list[str]
    entries: dict[str, str]
    citations: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=8)
def load_style(style: StyleFile, locale: str | None, tailoring: bool = True) -> Style:
    """A parsed style, kept for reuse within this process."""
    from claimref.render.engine import Style  # noqa: PLC0415  (a warm run never needs it)

    return Style(style, locale, tailoring)


def render(style_file: StyleFile, locale: str | None, items: list[dict[str, Any]], fmt: str,
           citations: list[list[Cite]] | None = None, *, cache_dir: Path | None = None,
           tailoring: bool = True, workers: int | None = None) -> Rendered:  # fmt: skip
    """Render the reference list of ``items`` (unique ids) and each citation of ``citations``."""
    cache = EntryCache.open(cache_dir, style_file.digest, locale or "", fmt, str(tailoring))
    items = with_names_shown(items, style_file)  # before the digests: entries show them too
    digests = [item_digest(item) for item in items]
    records = [cache.get(digest) for digest in digests]
    load = functools.partial(load_style, style_file, locale, tailoring)
    if cache.meta.get("cacheable") and all(records) and not citations:
        return _arrange(load, items, digests, fmt=fmt, cache=cache, citations=[])
    style = load()
    if style.numbered or not style.has_bibliography:
        return _render_in_one(style, items, fmt, citations or [])
    _fill(cache, style, items, digests, fmt=fmt, workers=workers)
    cache.meta.update(cacheable=True, suffixes=list(style.suffix_dates), tailoring=tailoring,
                      locale=style.locale, substitute=style.author_substitute)  # fmt: skip
    return _arrange(load, items, digests, fmt=fmt, cache=cache, citations=citations or [])


def _render_in_one(style: Style, items: list[dict[str, Any]], fmt: str,
                   citations: list[list[Cite]]) -> Rendered:  # fmt: skip
    """Everything in one session, in the style's own order (numbered styles, note styles without
    a reference list)."""
    session = style.session([style.prepare(item, fmt) for item in items], fmt)
    ids = [str(item["id"]) for item in items]
    if style.has_bibliography:
        rows, descending = session.rows()
        languages = _languages(items, style.tailoring, style.locale)
        ids = [ids[i] for i in sort_order(rows, descending, languages, style.locale)]
    by_id = {str(item["id"]): item for item in items}
    ordered = [by_id[key] for key in ids]
    suffixes = year_suffixes(ordered, style.suffix_dates) if style.adds_year_suffix else {}
    session.arrange(ids, suffixes)
    entries = {key: session.entry(key) for key in ids} if style.has_bibliography else {}
    entries = substitute_authors(ids, entries, session.names, style.author_substitute, items)
    if citations:
        session.disambiguate_names()
    return Rendered(ids, entries, [session.cite(cites) for cites in citations])


def _arrange(load: Callable[[], Style], items: list[dict[str, Any]], digests: list[str], *,
             fmt: str, cache: EntryCache, citations: list[list[Cite]]) -> Rendered:  # fmt: skip
    """Order, year suffixes and entries from the cached records; render what is still missing."""
    records = [cache.records[digest] for digest in digests]
    locale = str(cache.meta.get("locale", ""))
    languages = _languages(items, bool(cache.meta.get("tailoring", True)), locale)
    for record, language in zip(records, languages, strict=True):
        if "keys" not in record:
            record["keys"] = encoded_keys([record["rows"]], [language], locale)[0]
    _settle(load, items, digests, records, fmt=fmt, cache=cache)
    order = order_by_keys([r["keys"] for r in records], cache.meta["descending"])
    ordered = [items[i] for i in order]
    dates = cache.meta.get("suffixes")
    suffixes = year_suffixes(ordered, dates) if dates else {}
    ids = [str(item["id"]) for item in ordered]
    entries = {key: _variant(records[i]["entries"], suffixes.get(key, "")) for i, key in
               zip(order, ids, strict=True)}  # fmt: skip
    missing = [key for key, text in entries.items() if text is None]
    rendered = Rendered(ids, {})
    position = {str(item["id"]): i for i, item in enumerate(items)}
    if missing or citations:
        style = load()
        session = style.session([style.prepare(item, fmt) for item in items], fmt)
        session.arrange(ids, suffixes)
        for key in missing:
            entries[key] = session.entry(key)
            record = records[position[key]]
            record["entries"][suffixes.get(key, "")] = entries[key]
            record["names"] = session.names[key]
            cache.put(digests[position[key]], record)
        if citations:
            session.disambiguate_names()
            rendered.citations = [session.cite(cites) for cites in citations]
    names = {key: str(records[position[key]].get("names", "")) for key in ids}
    texts = {key: str(text) for key, text in entries.items()}
    substitute = str(cache.meta.get("substitute", ""))
    rendered.entries = substitute_authors(ids, texts, names, substitute, items)
    cache.save()
    return rendered


def _settle(load: Callable[[], Style], items: list[dict[str, Any]], digests: list[str],
            records: list[dict[str, Any]], *, fmt: str, cache: EntryCache) -> None:  # fmt: skip
    """Sort keys rendered for the works whose known keys tie across the shares of the workers
    or with works cached by earlier runs (see :func:`sort_rows`); the records are updated."""
    locale = str(cache.meta.get("locale", ""))
    languages = _languages(items, bool(cache.meta.get("tailoring", True)), locale)

    grouped: set[str] | None = None  # works that will get a year suffix, found at the first need

    def fill(column: int, indices: list[int]) -> None:
        nonlocal grouped
        style = load()
        chosen = [items[i] for i in indices]
        session = style.session([style.prepare(item, fmt) for item in chosen], fmt)
        if grouped is None:
            grouped = suffix_groups(items, style.suffix_dates) if style.adds_year_suffix else set()
        ids = [str(item["id"]) for item in chosen]
        session.set_suffixes({key: SUFFIX for key in ids if key in grouped})
        for i, value in zip(indices, session.column(column, ids), strict=True):
            records[i]["rows"].append(value)
            records[i]["keys"].append(encoded_key(value, languages[i], locale))
            cache.put(digests[i], records[i])

    settle_ties([record["keys"] for record in records], len(cache.meta["descending"]), fill)


def _variant(entries: dict[str, str], letter: str) -> str | None:
    """The entry with year suffix ``letter`` ("" for none), from the cache or its placeholder form."""
    if letter in entries:
        return entries[letter]
    marked = entries.get(SUFFIX)
    return marked.replace(SUFFIX, letter) if marked is not None and letter else None


def _languages(items: list[dict[str, Any]], tailoring: bool, locale: str) -> list[str | None]:
    """The collation of each item: the output locale's language (with ``tailoring``; else the
    root order), as citeproc-js sorts with the locale's collator: in Latvian output Č follows C."""
    language = locale.split("-", maxsplit=1)[0].lower() if tailoring and locale else None
    return [language] * len(items)


def _fill(cache: EntryCache, style: Style, items: list[dict[str, Any]], digests: list[str], *,
          fmt: str, workers: int | None) -> None:  # fmt: skip
    """Render the sort keys and suffix-less entries of the items the cache lacks."""
    missing = [i for i, digest in enumerate(digests) if digest not in cache.records]
    if not missing:
        return
    prepared = [style.prepare(items[i], fmt) for i in missing]
    grouped = suffix_groups(items, style.suffix_dates) if style.adds_year_suffix else set()
    count = workers if workers is not None else spare_cores()
    with gc_paused():  # entries make many short-lived objects and no cycles to speak of
        if count > 1 and len(missing) >= PARALLEL_MIN and forked.available():
            results = _in_workers(style, prepared, fmt, count, grouped)
        else:
            results = [_records(style, prepared, fmt, grouped)]
    rows, keys, texts, names = ([value for result in results for value in result[part]]
                                for part in (0, 1, 3, 4))  # fmt: skip
    cache.meta["descending"] = results[0][2]
    for i, row, key, text, name in zip(missing, rows, keys, texts, names, strict=True):
        variant = SUFFIX if str(items[i]["id"]) in grouped else ""
        record = {"rows": row, "keys": key, "entries": {variant: text}, "names": name}
        cache.put(digests[i], record)


def _records(style: Style, prepared: list[dict[str, Any]], fmt: str, grouped: set[str],
             keyed: bool = True) -> Records:  # fmt: skip
    """Sort-key values and their collation keys (none unless ``keyed``), key directions and
    entries of ``prepared``; the items of ``grouped`` get the :data:`SUFFIX` placeholder where
    their year suffix goes."""
    session = style.session(prepared, fmt)
    ids = [str(item["id"]) for item in prepared]
    session.set_suffixes({key: SUFFIX for key in ids if key in grouped})
    descending = session.directions()
    rows = sort_rows(session, ids, [[] for _ in ids], len(descending))
    languages = _languages(prepared, style.tailoring, style.locale)
    keys = encoded_keys(rows, languages, style.locale) if keyed else []
    entries = [session.entry(key) for key in ids]
    return rows, keys, descending, entries, [session.names[key] for key in ids]


def sort_rows(session: Session, ids: list[str], rows: list[list[str | None]],
              count: int) -> list[list[str | None]]:  # fmt: skip
    """``rows`` (the sort-key values known of items ``ids``) completed where the values known tie
    (:func:`~claimref.render.collate.settle_ties`): later keys, such as APA's title, are rendered
    only for works whose author and year are shared."""

    def fill(column: int, indices: list[int]) -> None:
        values = session.column(column, [ids[i] for i in indices])
        for i, value in zip(indices, values, strict=True):
            rows[i].append(value)

    settle_ties(rows, count, fill)
    return rows


def _in_workers(style: Style, prepared: list[dict[str, Any]], fmt: str, count: int,
                grouped: set[str]) -> list[Records]:  # fmt: skip
    """:func:`_records` in ``count`` processes: ``count - 1`` forked ones render the later shares
    without collation keys, while this one loads the collation table (a fifth of a second), renders
    the first share, a little smaller (:data:`OWN_HANDICAP`), and computes every collation key."""
    size = max(-(-len(prepared) // count) - OWN_HANDICAP, 1)
    rest = -(-(len(prepared) - size) // (count - 1))
    spans = [(start, start + rest) for start in range(size, len(prepared), rest)]
    results: list[Records] = forked.share(
        lambda span: _records(style, prepared[span[0] : span[1]], fmt, grouped, False),
        spans,
        lambda: _records(style, prepared[:size], fmt, grouped),
    )
    for (start, end), result in zip(spans, results[1:], strict=True):
        languages = _languages(prepared[start:end], style.tailoring, style.locale)
        result[1].extend(encoded_keys(result[0], languages, style.locale))
    return results
