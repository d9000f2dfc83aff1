"""Answering the reading commands from the index without loading the whole workspace.

A :class:`View` is the index brought up to date and read in one transaction: the workspace's errors
and what a reading command leaves out (as :func:`claimref.partial.usable_part` decides), and small
:class:`~claimref.store.Workspace` values holding only what an answer needs: the claims a selection
may take (SQL narrows them: a superset of the answer, never less), the sources they cite and the
people. The commands then select and print with the same functions as after a full load, so the
answers are the same. A view is not made (None) when the index cannot answer for every file (one
unreadable, a database that fails); the command then loads the workspace.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from claimref.errors import Finding, Severity
from claimref.index import Index, codec
from claimref.model import Claim, Person, Source
from claimref.partial import LeftOut
from claimref.query import Selection, UnknownNameError, close_matches
from claimref.store import Workspace, display_path, gc_paused

__all__ = ["View", "early_view", "open_view"]

USED = "dup = 0 AND bad = 0"
_CLAIMS = f"SELECT c.data, f.shown FROM claims c JOIN files f ON f.id = c.file WHERE c.{USED}"
_USED_SOURCE = "SELECT key FROM sources WHERE dup = 0 AND bad = 0"
#: A link ``l`` of a claim used (the few claims not used are in a partial index: no claim's row
#: is read).
_LINK_USED = "l.claim NOT IN (SELECT id FROM claims WHERE dup = 1 OR bad = 1)"


class LazySources(Mapping[str, Source]):
    """Sources by key, each decoded from its row when first looked at (a long list of claims
    needs only to know which keys resolve)."""

    def __init__(self, rows: dict[str, tuple[str, str]]) -> None:
        self._rows = rows
        self._decoded: dict[str, Source] = {}

    def __getitem__(self, key: str) -> Source:
        found = self._decoded.get(key)
        if found is None:
            data, shown = self._rows[key]
            found = self._decoded[key] = codec.to_source(codec.loads(data), shown)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@dataclass
class View:
    """The up-to-date index of one workspace, read in one transaction (:meth:`close` ends it)."""

    index: Index
    errors: tuple[Finding, ...]
    left_out: LeftOut
    counts: dict[str, int]
    #: The warnings of reading the files, which reading commands print too.
    warnings: tuple[Finding, ...] = ()
    #: The index has its full-text tables (:mod:`claimref.index.fulltext`).
    fulltext: bool = False

    @property
    def conn(self) -> sqlite3.Connection:
        return self.index.conn

    def close(self) -> None:
        """End the read transaction and close the index."""
        self.index.close()

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    # What a workspace needs

    def people(self) -> dict[str, Person]:
        rows = self._rows(
            "SELECT p.data, f.shown FROM people p JOIN files f ON f.id = p.file "
            f"WHERE p.{USED} ORDER BY p.person"
        )
        people = (codec.to_person(codec.loads(data), shown) for data, shown in rows)
        return {person.id: person for person in people}

    def sources(self, keys: Iterable[str] | None = None) -> dict[str, Source]:
        """The sources used (of ``keys``; None: all), by key."""
        return dict(self.lazy_sources(keys).items())

    def lazy_sources(self, keys: Iterable[str] | None = None) -> LazySources:
        """:meth:`sources`, each decoded when first looked at."""
        sql = "SELECT s.key, s.data, f.shown FROM sources s JOIN files f ON f.id = s.file WHERE s."
        params: tuple[Any, ...] = ()
        if keys is not None:
            sql += USED + " AND s.key IN (SELECT value FROM json_each(?))"
            params = (codec.dumps(sorted(set(keys))),)
        else:
            sql += USED
        rows = self._rows(sql + " ORDER BY s.key", params)
        return LazySources({key: (data, shown) for key, data, shown in rows})

    def claims(self, where: str = "", params: Iterable[Any] = ()) -> dict[str, Claim]:
        """The claims used that meet ``where`` (SQL over ``claims c``), by id."""
        rows = self._rows(_CLAIMS + (f" AND ({where})" if where else "") + " ORDER BY +c.claim",
                          params)  # fmt: skip
        with gc_paused():  # many new objects, no cycles: the collector would rescan them
            claims = (codec.to_claim(codec.loads(data), shown) for data, shown in rows)
            return {claim.id: claim for claim in claims}

    def workspace(
        self, claims: dict[str, Claim], sources: Mapping[str, Source] | None = None,
        people: dict[str, Person] | None = None,
    ) -> Workspace:  # fmt: skip
        """A workspace of these claims, the sources they cite (or ``sources``) and all people."""
        if sources is None:
            sources = self.lazy_sources({k for c in claims.values() for k in c.source_keys})
        return Workspace(
            root=self.index.root,
            sources=MappingProxyType(sources),
            claims=MappingProxyType(claims),
            findings=self.errors,
            people=MappingProxyType(self.people() if people is None else people),
        )

    # Names

    def claim_ids(self) -> list[str]:
        return [i for (i,) in self._rows(f"SELECT claim FROM claims WHERE {USED} ORDER BY claim")]

    def source_keys(self) -> list[str]:
        return [k for (k,) in self._rows(f"SELECT key FROM sources WHERE {USED} ORDER BY key")]

    def has_claim(self, claim_id: str) -> bool:
        sql = f"SELECT 1 FROM claims WHERE claim = ? AND {USED}"
        return bool(self._rows(sql, (claim_id,)))

    def has_source(self, key: str) -> bool:
        return bool(self._rows(f"SELECT 1 FROM sources WHERE key = ? AND {USED}", (key,)))

    def is_linked(self, key: str) -> bool:
        """True when a claim used links to ``key``."""
        sql = f"SELECT 1 FROM links l WHERE l.source = ? AND {_LINK_USED} LIMIT 1"
        return bool(self._rows(sql, (key,)))

    def require_known(self, selection: Selection) -> None:
        """As :func:`claimref.query.select_claims` does: an unknown id or key is an error."""
        for claim_id in selection.ids:
            if not self.has_claim(claim_id):
                raise UnknownNameError("claim", claim_id, close_matches(claim_id, self.claim_ids()))
        for key in selection.sources:
            if not self.has_source(key) and not self.is_linked(key):
                raise UnknownNameError("source", key, close_matches(key, self.source_keys()))

    def used_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` that a source used has (their rows are not read)."""
        rows = self._rows(
            f"SELECT key FROM sources WHERE {USED} AND key IN (SELECT value FROM json_each(?))",
            (codec.dumps(sorted(set(keys))),),
        )
        return {key for (key,) in rows}

    def source_texts(self, keys: Iterable[str]) -> dict[str, str]:
        """The folded searchable text (:func:`claimref.search.source_text`) of the sources used
        of ``keys``, by key."""
        rows = self._rows(
            f"SELECT key, text FROM sources WHERE {USED} AND key IN (SELECT value FROM json_each(?))",
            (codec.dumps(sorted(set(keys))),),
        )
        return dict(rows)

    def own_texts(self, ids: Iterable[str]) -> dict[str, str]:
        """The folded own text (:func:`claimref.search.own_text`) of the claims used of ``ids``,
        by id."""
        rows = self._rows(
            f"SELECT claim, own FROM claims WHERE {USED} AND claim IN (SELECT value FROM "
            "json_each(?))",
            (codec.dumps(sorted(set(ids))),),
        )
        return dict(rows)

    def citation_counts(self, keys: Iterable[str]) -> dict[str, int]:
        """How many claims used link to each of ``keys`` (those cited by none are absent)."""
        rows = self._rows(
            "SELECT l.source, count(DISTINCT l.claim) FROM links l WHERE l.source IN "
            f"(SELECT value FROM json_each(?)) AND {_LINK_USED} GROUP BY l.source",
            (codec.dumps(sorted(set(keys))),),
        )
        return dict(rows)

    def uncited_keys(self) -> set[str]:
        rows = self._rows(
            f"SELECT s.key FROM sources s WHERE s.{USED} AND NOT EXISTS (SELECT 1 FROM links l "
            f"WHERE l.source = s.key AND {_LINK_USED})"
        )
        return {key for (key,) in rows}


def open_view(root: Path, scan_errors: bool = True, search: bool = False) -> View | None:
    """The index of the workspace at ``root``, brought up to date; None when it cannot answer.
    ``search``: the command searches text (the full-text tables are built if missing)."""
    index = Index.open(root)
    if index is None:
        return None
    outcome = index.refresh()
    if outcome is not None and search:
        from claimref.index import fulltext  # noqa: PLC0415

        index.guard(lambda: fulltext.ensure(index.conn))
    view = index.guard(lambda: _read_state(index, outcome.findings)) if outcome else None
    if outcome is None or not outcome.complete or view is None:
        index.close()
        return None
    return view


def early_view(root: Path, search: bool = False) -> tuple[View, str] | None:
    """The index of the workspace at ``root`` as last stored, not brought up to date (its files
    are being looked at meanwhile: :func:`claimref.statpass.start_early`), and the quick sum kept
    with it: the answer stands if the files' quick sum is that one. None when it cannot answer so
    (no sum kept, no full-text tables for a search, a database that fails)."""
    index = Index.open(root)
    if index is None:
        return None
    found = index.guard(lambda: _early_state(index, search))
    if found is None:
        index.close()
    return found


def _early_state(index: Index, search: bool) -> tuple[View, str] | None:
    from claimref.index import fulltext  # noqa: PLC0415

    index.conn.execute("BEGIN")  # one snapshot: the sum, the state and every answer
    meta = dict(index.conn.execute("SELECT key, value FROM meta WHERE key IN ('quick', 'scan')"))
    if "quick" not in meta or (search and not fulltext.have(index.conn)):
        return None
    scanned = tuple(codec.to_finding(item, "") for item in codec.loads(meta.get("scan", "[]")))
    view = _state(index, scanned)
    return None if view is None else (view, meta["quick"])


def _read_state(index: Index, scanned: tuple[Finding, ...]) -> View | None:
    index.conn.execute("BEGIN")
    return _state(index, scanned)


def _state(index: Index, scanned: tuple[Finding, ...]) -> View | None:
    """The view of the index's state, read in the transaction begun."""
    row = index.conn.execute("SELECT value FROM meta WHERE key = 'state'").fetchone()
    if row is None:
        return None
    state = codec.loads(row[0])
    errors = [codec.to_finding(item, "") for item in state["errors"]]
    errors += [f for f in scanned if f.severity is Severity.ERROR]
    errors.sort()
    warnings = [codec.to_finding(item, "") for item in state["warnings"]]
    warnings = sorted(warnings + [f for f in scanned if f.severity is Severity.WARNING])
    bad: set[str] = set()
    for path, shown, kind in state["error_files"]:
        if display_path(Path(path)) != shown:  # the store would name it otherwise: load it
            return None
        if kind != "bib":
            bad.add(shown)
    from claimref.index import fulltext  # noqa: PLC0415

    searchable = fulltext.have(index.conn)
    if not errors:
        return View(index, (), LeftOut(), state["counts"], tuple(warnings), searchable)
    stray = {str(f.location) for f in errors if f.rule == "stray-file"}
    dropped = tuple(state["dropped"])
    left = LeftOut(tuple(sorted(bad | stray)), len(dropped) + state["unplaced"], dropped)
    return View(index, tuple(errors), left, state["counts"], tuple(warnings), searchable)


def selected_claims(view: View, selection: Selection) -> tuple[Workspace, list[Claim]]:
    """The workspace a selection needs and the claims it takes, as after a full load."""
    from claimref.index.filters import claim_filter, python_part  # noqa: PLC0415
    from claimref.query import filter_claims  # noqa: PLC0415

    view.require_known(selection)
    people = view.people()
    on_record = Workspace(view.index.root, {}, {}, people=people)
    where, params = claim_filter(selection, on_record, view.fulltext)
    claims = view.claims(where, params)
    evidence = selection.independent is not None or selection.min_independent is not None
    sources = view.sources() if evidence or selection.profiles else None
    ws = view.workspace(claims, sources, people)
    return ws, filter_claims(ws, python_part(selection, on_record))


#: A claim as ``claims`` lists it: id, status, statement and cite keys (link order, no repeats).
ClaimRow = tuple[str, str, str, tuple[str, ...]]


def claim_rows(view: View, selection: Selection) -> list[ClaimRow] | None:
    """What ``claimref claims`` lists of the claims ``selection`` takes, read from their rows
    without building claims (their links, locations and history are not needed); None when part
    of the selection is decided in Python (:func:`selected_claims` then answers)."""
    from claimref.index.filters import claim_filter, python_part  # noqa: PLC0415

    view.require_known(selection)
    on_record = Workspace(view.index.root, {}, {}, people=view.people())
    if not python_part(selection, on_record).is_empty:
        return None
    where, params = claim_filter(selection, on_record, view.fulltext)
    sql = f"SELECT c.data FROM claims c WHERE c.{USED}" + (f" AND ({where})" if where else "")
    found = []
    for (text,) in view._rows(sql + " ORDER BY +c.claim", params):
        data = codec.loads(text)  # codec.claim's list
        keys = tuple(dict.fromkeys(str(link[0]) for link in data[4]))
        found.append((str(data[0]), str(data[2][0]), str(data[1]), keys))
    return found


def selected_sources(
    view: View, selection: Selection, uncited: bool = False
) -> tuple[Workspace, list[Source]]:
    """The sources ``claimref sources`` lists for ``selection``, as after a full load."""
    sql, params = _sources_sql(view, selection, uncited, "s.key, s.data, f.shown")
    rows = view._rows(sql, params)
    sources = LazySources({key: (data, shown) for key, data, shown in rows})
    return view.workspace({}, sources, {}), list(sources.values())


def listed_sources(
    view: View, selection: Selection, uncited: bool = False
) -> list[tuple[str, list[str]]]:
    """The key and what the list shows (:func:`claimref.reference.listed`) of the sources
    :func:`selected_sources` takes, in its order, from the rows alone (no source is built)."""
    sql, params = _sources_sql(view, selection, uncited, "s.key, s.line")
    return [(key, codec.loads(line)) for key, line in view._rows(sql, params)]


def _sources_sql(
    view: View, selection: Selection, uncited: bool, columns: str
) -> tuple[str, list[Any]]:
    """SQL for ``columns`` of the sources used that ``selection`` takes (the sources the claims
    it takes cite, or no claim cites, of its keys and languages), by key."""
    view.require_known(selection)
    claim_filter = replace(selection, sources=(), langs=())
    keys: set[str] | None = None
    if uncited:
        keys = view.uncited_keys()
    elif not claim_filter.is_empty:
        _, claims = selected_claims(view, claim_filter)
        keys = {k for claim in claims for k in claim.source_keys}
    sql = f"SELECT {columns} FROM sources s JOIN files f ON f.id = s.file WHERE s.{USED}"
    conditions: list[tuple[str, Iterable[str]]] = [] if keys is None else [("key", keys)]
    if selection.sources:
        conditions.append(("key", selection.sources))
    if selection.langs:
        conditions.append(("lang", selection.langs))
    for column, _ in conditions:
        sql += f" AND s.{column} IN (SELECT value FROM json_each(?))"
    params = [codec.dumps(sorted(set(values))) for _, values in conditions]
    return sql + " ORDER BY s.key", params


def claim_values(root: Path, field: str) -> list[str] | None:
    """The ``tags`` or ``people`` the claims used name, sorted, from the workspace's index when
    there is one already (brought up to date); None when there is none or it cannot answer (for
    completion: building an index of a large workspace takes a while)."""
    from claimref.index import db  # noqa: PLC0415

    file = db.database_file(root)
    if file is None or not file.exists():
        return None
    view = open_view(root)
    if view is None:
        return None
    position = {"people": 7, "tags": 8}[field]  # in codec.claim's list
    try:
        rows = view.index.guard(lambda: view._rows(
            f"SELECT DISTINCT j.value FROM claims c, json_each(c.data, '$[{position}]') j "
            f"WHERE c.{USED}"
        ))  # fmt: skip
    finally:
        view.close()
    return None if rows is None else sorted(v for (v,) in rows if isinstance(v, str) and v)
