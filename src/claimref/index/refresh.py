"""Bringing the index up to date with the files: compare, parse what changed, store it, and work out
what the whole workspace says (its errors, what a reading command leaves out).

The files are listed as the store lists them, one ``stat`` per file (:mod:`claimref.index.listing`;
or the survey started early, :func:`claimref.statpass.take_early`, when its sum is the one kept or
no writer has taken the lock since); when a sum over every file's size, mtime, ctime and inode and
the folders' own is the one kept at the last refresh, nothing changed and no row is read. Else,
when the index last matched a listing, only the files of the chunks whose names or sums are new
(a file edited, added or removed) and the racy ones are compared, and the files of the index not
listed any more are gone; else every file's signature is compared with its row: a file that
differs, is new, or was modified within :data:`~claimref.parsecache.RACY_NS` of being stored
(git's "racy clean" rule: a rewrite in the same timestamp tick looks unchanged) is parsed again by
the store's parsers, and rows of files that are gone are deleted, in one transaction (``BEGIN
IMMEDIATE``: two commands refreshing at once take turns). A cold build of many files is parsed by
forked workers that send the rows back through pipes (no worker touches the database), stored in
transactions of :data:`BATCH` files (each with one ``executemany`` per table). The workspace's
own findings (a cite key or id used twice, a link to a missing source) are worked out again after
each change, as the store works them out (:mod:`claimref.index.state`). Reading rows back is
:mod:`claimref.index.queries`'.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from claimref.errors import Finding, Severity
from claimref.index import codec
from claimref.index.listing import Listing, changed_entries, listing
from claimref.index.rows import Rows, fields, parsed_rows, signature
from claimref.index.workers import parse_in_workers
from claimref.statpass import take_early
from claimref.store import data_entries, display_path, gc_paused

__all__ = ["BATCH", "Outcome", "refresh"]

#: Files stored per transaction in a cold build: fewer commits, each short enough that the
#: workers go on parsing meanwhile (their pipes hold some 700 files each:
#: :data:`~claimref.index.workers.PIPE_BYTES`).
BATCH = 5000
#: The page cache while many files are stored (KiB).
BULK_KB = 64 * 1024
#: From this many changed files on, parsing is shared among forked workers.
PARALLEL_FROM = 400
ERROR = Severity.ERROR


@dataclass(frozen=True)
class Outcome:
    """What a refresh found: the findings of listing the files, the files parsed again, and
    whether the index now answers for every file."""

    findings: tuple[Finding, ...]
    stale: tuple[str, ...]
    complete: bool


def refresh(conn: sqlite3.Connection, base: Path) -> Outcome:
    """Bring the index ``conn`` of the workspace at ``base`` up to date (see the module's
    docstring)."""
    early = take_early(str(base))
    found: Listing | None = None
    if early is not None:
        unchanged = _unchanged_since(conn, early.quick)
        if unchanged is not None:
            return unchanged
        if early.current():  # no writer since the survey: its chunks say what changed
            with gc_paused():
                found = Listing(*early.survey())
    if found is None:
        found = listing(base)
    quick = found.quick
    conn.execute("BEGIN")
    try:
        meta = dict(conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('quick', 'gen', 'scan', 'chunks')"))  # fmt: skip
        scanned = [codec.to_finding(item, "") for item in codec.loads(meta.get("scan", "[]"))]
        if quick is not None and meta.get("quick") == quick:
            return Outcome(tuple(scanned), (), True)
        few = _few_changed(conn, found, meta.get("chunks"), base, scanned)
        known = dict(conn.execute("SELECT path, sig FROM files")) if few is None else {}
    finally:
        conn.execute("COMMIT")
    if few is not None:  # the other files are as when the index last matched them
        stale, gone = few
        seen = _Seen(meta.get("gen", "0"), quick, scanned, found.chunks())
        failed = _update(conn, stale, gone, seen)
        return Outcome(tuple(scanned), tuple(path for path, _ in stale), not failed)
    findings: list[Finding] = []
    stale_files: list[tuple[str, str]] = []
    unreadable = False
    for entry, shown in data_entries(base, findings, ordered=False):
        try:
            status = entry.stat()
        except OSError:  # the load reports it: this file is not answered for
            unreadable = True
            continue
        if known.pop(entry.path, None) != signature(shown, status):
            stale_files.append((entry.path, shown))
    seen = _Seen(meta.get("gen", "0"), None if unreadable else quick, findings, found.chunks())
    failed = _update(conn, stale_files, list(known), seen)
    parsed = tuple(path for path, _ in stale_files)
    return Outcome(tuple(findings), parsed, not (unreadable or failed))


def _unchanged_since(conn: sqlite3.Connection, quick: str | None) -> Outcome | None:
    """The outcome of a refresh that finds nothing changed, when ``quick`` (the quick sum of an
    early survey, :func:`~claimref.statpass.take_early`) is the one kept; else None."""
    conn.execute("BEGIN")
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('quick', 'scan')"))
    finally:
        conn.execute("COMMIT")
    if meta.get("quick") != quick:
        return None
    scanned = tuple(codec.to_finding(item, "") for item in codec.loads(meta.get("scan", "[]")))
    return Outcome(scanned, (), True)


def _few_changed(
    conn: sqlite3.Connection, found: Listing, kept: str | None, base: Path,
    scanned: list[Finding],
) -> tuple[list[tuple[str, str]], list[str]] | None:  # fmt: skip
    """The stale files among those of the chunks that changed (see
    :func:`~claimref.index.listing.changed_entries`) and the racy ones, and the files gone; None
    when the chunks cannot tell or a finding of the last listing names a file changed or gone."""
    changed = changed_entries(found, kept, base)
    if changed is None:
        return None
    named = {str(f.location.path) for f in scanned}
    if any(shown in named for _, shown, _ in changed.files):
        return None
    gone: list[str] = []
    if changed.removed:  # names changed: the files of the index not listed any more are gone
        listed = _listed_names(found, base)
        if not named <= listed:
            return None
        gone = [path for path, shown in conn.execute("SELECT path, shown FROM files")
                if shown not in listed]  # fmt: skip
    paths = [path for path, _, _ in changed.files]
    known = dict(conn.execute(
        "SELECT path, sig FROM files WHERE path IN (SELECT value FROM json_each(?))",
        (codec.dumps(paths),)))  # fmt: skip
    stale = {path: shown for path, shown, status in changed.files
             if known.get(path) != signature(shown, status)}  # fmt: skip
    stale.update(conn.execute("SELECT path, shown FROM files WHERE sig = 'racy'"))
    return list(stale.items()), gone


def _listed_names(found: Listing, base: Path) -> set[str]:
    """Every name listed, as findings show it."""
    listed: set[str] = set()
    for folder, names in found.names.items():
        prefix = os.path.join(display_path(base / folder), "")
        listed.update(prefix + os.fsdecode(name) for name in names)
    return listed


@dataclass(frozen=True)
class _Seen:
    """What a refresh saw: the index's generation when it compared, the quick sum of the files
    (None: not to be kept) and the findings of listing them."""

    gen: str
    quick: str | None
    findings: list[Finding]
    #: The chunks' sums (:meth:`~claimref.index.listing.Listing.chunks`), kept with the quick sum.
    chunks: str | None = None


def _update(
    conn: sqlite3.Connection, stale: list[tuple[str, str]], gone: list[str], seen: _Seen,
) -> bool:  # fmt: skip
    """Store the stale files and drop the gone ones; True when one could not be read."""
    failed = False
    if len(stale) >= PARALLEL_FROM and hasattr(os, "fork"):
        failed, batches = _parse_in_workers(conn, stale)
        stale = []
        # each batch stored counts one generation: with no other writer between, the index
        # matches the listing and keeps its sums (else the last write sees another generation)
        seen = replace(seen, gen=str(int(seen.gen) + batches))
    with gc_paused():
        rows = [parsed_rows(path, shown) for path, shown in stale]
    failed = failed or any(row is None for row in rows)
    done = [r for r in rows if r is not None]
    if failed:  # a file listed but not read (e.g. not readable): the next command looks again
        seen = replace(seen, quick=None, chunks=None)
    _transaction(conn, lambda: _write(conn, done, gone, state=True, seen=seen))
    return failed


def _transaction(conn: sqlite3.Connection, work: Any) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        work()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _parse_in_workers(conn: sqlite3.Connection, stale: list[tuple[str, str]]) -> tuple[bool, int]:
    """Parse ``stale`` in forked workers (:mod:`claimref.index.workers`) and store what they send
    back in transactions of :data:`BATCH` files; whether a file could not be read or a worker
    failed, and how many transactions stored rows."""
    stored = 0

    def store(done: list[list[Any]]) -> None:
        nonlocal stored
        rows = [Rows(*row) for row in done]
        _transaction(conn, lambda: _write(conn, rows, [], state=False))
        stored += 1 if rows else 0

    with gc_paused(), _bulk(conn):
        failed = parse_in_workers(stale, fields, store, BATCH)
    return failed, stored


@contextlib.contextmanager
def _bulk(conn: sqlite3.Connection) -> Iterator[None]:
    """For storing many files: a page cache that holds the indexes being filled (:data:`BULK_KB`,
    else their pages are read back again and again), and commits that do not wait for the disk
    (the index is a cache: should the machine stop midway, a damaged database is removed and
    built again, :mod:`claimref.index.db`); both as before afterwards."""
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    (synchronous,) = conn.execute("PRAGMA synchronous").fetchone()
    conn.execute(f"PRAGMA cache_size = {-BULK_KB}")
    conn.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA synchronous = {int(synchronous)}")
        conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _write(
    conn: sqlite3.Connection, rows: list[Rows], gone: Iterable[str], state: bool,
    seen: _Seen | None = None,
) -> None:  # fmt: skip
    """Replace the rows of these files, delete those of ``gone``, and (with ``state``) work out
    the workspace's state again (else drop it: the last writer works it out); with ``seen``, keep
    its quick sum unless another writer came between or a file is racy."""
    from claimref.parsecache import RACY_NS  # noqa: PLC0415  (parsecache imports the index)

    racy = time.time_ns() - RACY_NS  # a file modified since may change unseen: read it again
    gen = conn.execute("SELECT value FROM meta WHERE key = 'gen'").fetchone()
    others = (gen[0] if gen else "0") != (seen.gen if seen else "")
    gone = list(gone)
    stored = {path for (path,) in conn.execute(
        "SELECT path FROM files WHERE path IN (SELECT value FROM json_each(?))",
        (codec.dumps([r.path for r in rows]),))}  # fmt: skip
    kinds = [_delete(conn, path) for path in [*gone, *(r.path for r in rows if r.path in stored)]]
    claims_only = all(kind is None or kind[0] == "claim" for kind in kinds) and all(
        r.kind == "claim" for r in rows
    )
    shown = {kind[1] for kind in kinds if kind} | {r.file[3] for r in rows}
    changed = (shown, {*gone, *(r.path for r in rows)})
    _insert(conn, rows, racy)
    if rows or gone:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('gen', ?)",
                     (str(int(gen[0] if gen else 0) + 1),))  # fmt: skip
    if state and (rows or gone or _missing(conn, "state")):
        from claimref.index.state import store_state  # noqa: PLC0415

        store_state(conn, changed if claims_only else None)
    elif not state:
        conn.execute("DELETE FROM meta WHERE key IN ('state', 'quick', 'chunks')")
    if seen is not None:
        _keep_quick(conn, seen, others)


def _keep_quick(conn: sqlite3.Connection, seen: _Seen, others: bool) -> None:
    """Keep the findings of listing the files and, unless ``others`` wrote meanwhile, the chunks'
    sums, and the quick sum too when no file is racy (the chunks' way reads racy files again)."""
    scan = codec.dumps([codec.finding(f, "") for f in seen.findings])
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('scan', ?)", (scan,))
    keep = not others and seen.quick is not None and seen.chunks is not None
    if keep and _no_racy_files(conn):
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('quick', ?)", (seen.quick,))
    else:
        conn.execute("DELETE FROM meta WHERE key = 'quick'")
    if keep:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('chunks', ?)", (seen.chunks,))
    else:
        conn.execute("DELETE FROM meta WHERE key = 'chunks'")


def _no_racy_files(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM files WHERE sig = 'racy' LIMIT 1").fetchone() is None


def _missing(conn: sqlite3.Connection, key: str) -> bool:
    return conn.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone() is None


def _insert(conn: sqlite3.Connection, rows: list[Rows], racy: int) -> None:
    """Insert the rows of these files, numbered here (after the largest id in use, as SQLite
    numbers them) so that each table takes one ``executemany``."""
    file_id, claim_id = (conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
                         for table in ("files", "claims"))  # fmt: skip
    files, claims, links, sources, people = [], [], [], [], []
    for r in rows:
        files.append((file_id, *r.file, "racy" if r.mtime_ns >= racy else r.sig))
        if r.kind == "bib":
            sources += [(file_id, *child) for child in r.children]
        elif r.kind == "person":
            people += [(file_id, *child) for child in r.children]
        else:
            for *columns, found in r.children:
                claims.append((claim_id, file_id, *columns))
                links += [(claim_id, source, verified) for source, verified in found]
                claim_id += 1
        file_id += 1
    for sql, values in (
        ("files(id, path, kind, name, shown, stamp, findings, error, extra, sig)", files),
        ("sources(file, name, pos, key, fkey, lang, tertiary, bad, text, line, data)", sources),
        ("people(file, name, person, bad, data)", people),
        ("claims(id, file, name, claim, status, support, bad, own, places, people, tags, data)",
         claims),
        ("links(claim, source, verified)", links),
    ):  # fmt: skip
        if values:
            marks = ",".join("?" * len(values[0]))
            conn.executemany(f"INSERT INTO {sql} VALUES ({marks})", values)


def _delete(conn: sqlite3.Connection, path: str) -> tuple[str, str] | None:
    """Delete the rows of the file ``path``; its kind and name as shown, if it had rows."""
    row = conn.execute("SELECT id, kind, shown FROM files WHERE path = ?", (path,)).fetchone()
    if row is None:
        return None
    file_id, kind, shown = row
    conn.execute(
        "DELETE FROM links WHERE claim IN (SELECT id FROM claims WHERE file = ?)", (file_id,)
    )
    for table in ("claims", "sources", "people"):
        conn.execute(f"DELETE FROM {table} WHERE file = ?", (file_id,))
    conn.execute("DELETE FROM files WHERE id = ?", (file_id,))
    return kind, shown
