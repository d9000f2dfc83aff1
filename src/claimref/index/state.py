"""What the whole indexed workspace says, worked out after each change as the store works it out.

The store adds to each file's findings those of the workspace as a whole: a cite key used twice (in
any case or normalisation), a claim or person id used twice (the first in file order wins, the others
are not used) and a link to a source the bibliography lacks. This module finds the same ones from
the tables (only the rows involved are decoded), marks the rows not used (``dup``), and keeps in the
``state`` row of ``meta`` the errors of the data, the files that have them, the entries a reading
command leaves out and the counts of what it uses (:mod:`claimref.partial`'s rules). It runs inside
the writer's transaction; reading the state is :mod:`claimref.index.queries`' job.
"""

from __future__ import annotations

import sqlite3
from typing import Any, cast

from claimref.crossfile import check_links, index_by_id, index_sources
from claimref.errors import Finding, Severity
from claimref.index import codec
from claimref.model import Claim, Person, Source

__all__ = ["store_state"]


def store_state(
    conn: sqlite3.Connection, changed_claims: tuple[set[str], set[str]] | None = None
) -> None:
    """Work out the workspace's findings and usable rows and keep them as the ``state`` row;
    ``changed_claims``: when only claim files changed since the last state, their names as
    findings give them and their paths (links to missing sources are then looked for in those
    alone)."""
    old_row = conn.execute("SELECT value FROM meta WHERE key = 'state'").fetchone()
    old = codec.loads(old_row[0]) if old_row is not None and changed_claims is not None else None
    findings: list[Finding] = []
    error_files = conn.execute(
        "SELECT path, shown, kind, findings, extra FROM files WHERE error = 1 ORDER BY path"
    ).fetchall()
    for _, shown, _, text, _ in error_files:
        items = (codec.to_finding(data, shown) for data in codec.loads(text))
        findings += [f for f in items if f.severity is Severity.ERROR]
    warnings = [
        f
        for shown, text in conn.execute("SELECT shown, findings FROM files WHERE findings != '[]'")
        for f in (codec.to_finding(data, shown) for data in codec.loads(text))
        if f.severity is Severity.WARNING
    ]
    _mark_duplicate_sources(conn, findings)
    duplicates = _mark_duplicate_ids(conn, findings, "claims", "claim", codec.to_claim)
    _mark_duplicate_ids(conn, findings, "people", "person", codec.to_person)
    if old is not None and "missing" in old and old.get("duplicates") == duplicates:
        missing = _missing_in(conn, old["missing"], *(changed_claims or (set(), set())))
    else:  # a source or a duplicate id changed: every link may resolve otherwise
        missing = _missing_sources(conn)
    findings += missing
    dropped = [key for (key,) in conn.execute(
        "SELECT key FROM sources WHERE dup = 0 AND bad = 1 ORDER BY key")]  # fmt: skip
    unplaced = sum(codec.loads(extra)["unplaced"] for *_, kind, _, extra in error_files
                   if kind == "bib")  # fmt: skip
    counts = {  # all rows less those not used (a partial index holds these)
        table: conn.execute(f"SELECT (SELECT count(*) FROM {table}) - "
                            f"(SELECT count(*) FROM {table} WHERE dup = 1 OR bad = 1)").fetchone()[0]
        for table in ("claims", "sources", "people")
    }  # fmt: skip
    state = {
        "errors": [codec.finding(f, "") for f in sorted(findings)],
        "warnings": [codec.finding(f, "") for f in sorted(warnings)],
        "error_files": [[path, shown, kind] for path, shown, kind, _, _ in error_files],
        "dropped": sorted(set(dropped)),
        "unplaced": unplaced,
        "counts": counts,
        "missing": [codec.finding(f, "") for f in missing],
        "duplicates": duplicates,
    }
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('state', ?)", (codec.dumps(state),)
    )


def _mark_duplicate_sources(conn: sqlite3.Connection, findings: list[Finding]) -> None:
    """Sources whose folded key another has: the first in load order is used, as the store does."""
    conn.execute("UPDATE sources SET dup = 0 WHERE dup = 1")
    rows = conn.execute(
        "SELECT s.id, s.data, f.shown FROM sources s JOIN files f ON f.id = s.file "
        "WHERE s.fkey IN (SELECT fkey FROM sources GROUP BY fkey HAVING count(*) > 1) "
        "ORDER BY s.name, s.pos"
    ).fetchall()
    decoded = [(rowid, codec.to_source(codec.loads(data), shown)) for rowid, data, shown in rows]
    used = index_sources([source for _, source in decoded], findings)
    losers = [(rowid,) for rowid, source in decoded if used.get(source.key) is not source]
    conn.executemany("UPDATE sources SET dup = 1 WHERE id = ?", losers)


def _mark_duplicate_ids(
    conn: sqlite3.Connection, findings: list[Finding], table: str, column: str, decode: Any
) -> list[str]:
    """Claims (people) whose id another has: the first in file order is used; the rows of
    duplicate ids (file and id), in order."""
    conn.execute(f"UPDATE {table} SET dup = 0 WHERE dup = 1")
    rows = conn.execute(
        f"SELECT t.id, t.data, f.shown FROM {table} t JOIN files f ON f.id = t.file "
        f"WHERE t.{column} IN (SELECT {column} FROM {table} GROUP BY {column} "
        "HAVING count(*) > 1) ORDER BY t.name"
    ).fetchall()
    decoded = [(rowid, decode(codec.loads(data), shown)) for rowid, data, shown in rows]
    items = cast("list[Claim] | list[Person]", [item for _, item in decoded])
    used: dict[str, Any] = index_by_id(items, findings, column)
    losers = [(rowid,) for rowid, item in decoded if used.get(item.id) is not item]
    conn.executemany(f"UPDATE {table} SET dup = 1 WHERE id = ?", losers)
    return [f"{item.location.path} {item.id}" for _, item in decoded]


def _missing_sources(conn: sqlite3.Connection, paths: set[str] | None = None) -> list[Finding]:
    """Links (of the claims used, or of those in the files ``paths``) to a key no used source
    has."""
    where, params = "", []
    if paths is not None:
        where = "AND f.path IN (SELECT value FROM json_each(?)) "
        params = [codec.dumps(sorted(paths))]
    rows = conn.execute(
        "SELECT c.data, f.shown FROM claims c JOIN files f ON f.id = c.file WHERE c.dup = 0 "
        f"{where}AND EXISTS (SELECT 1 FROM links l WHERE l.claim = c.id AND NOT EXISTS "
        "(SELECT 1 FROM sources s WHERE s.key = l.source AND s.dup = 0))",
        params,
    ).fetchall()
    if not rows:
        return []
    claims = [codec.to_claim(codec.loads(data), shown) for data, shown in rows]
    keys = {key: None for (key,) in conn.execute("SELECT key FROM sources WHERE dup = 0")}
    found: list[Finding] = []
    check_links(claims, cast("dict[str, Source]", keys), found)
    return found


def _missing_in(
    conn: sqlite3.Connection, before: list[Any], shown: set[str], paths: set[str]
) -> list[Finding]:
    """The links to missing sources found before, except in the changed claim files (named
    ``shown``, at ``paths``), and those of the changed files (no source and no duplicate id
    changed)."""
    kept = [f for f in (codec.to_finding(item, "") for item in before)
            if f.location.path not in shown]  # fmt: skip
    return kept + _missing_sources(conn, paths)
