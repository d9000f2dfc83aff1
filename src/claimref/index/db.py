"""The index's SQLite database: where it lives, how it is opened, its tables.

One database per workspace in the user's cache folder (:func:`claimref.parsecache.workspace_cache`,
never inside the workspace), opened only after :func:`claimref.cachefile.prepare_database` has
checked the folders and the file as every cache is checked (no links, the user's own, nobody else
may write). It runs in WAL mode, so that readers never wait for a writer, and writers take the lock
at ``BEGIN IMMEDIATE`` and wait up to :data:`BUSY_MS` for each other. A file that is not such a
database is removed and built again; one of another layout or built by other code is emptied and
built again; one that cannot be opened or written is not used (the command loads the files). What
goes into the tables is :mod:`claimref.index.refresh`'s business, what is read from them
:mod:`claimref.index.queries`'.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
import sys
from pathlib import Path

import claimref
from claimref import cachefile

__all__ = ["BUSY_MS", "FORMAT", "connect", "database_file"]

#: Bump when the tables change.
FORMAT = 1
#: ``PRAGMA application_id``: "clrf".
APPLICATION_ID = 0x636C7266
#: How long a writer waits for another (a cold build of a large workspace takes seconds).
BUSY_MS = 60_000
#: The page size of a new database (SQLite's default is 4 KiB): a claim's row takes 1-2 KiB, and
#: larger pages make the tree shallower (a cold build of 100,000 claims: 0.4 s less). A database
#: kept from before stays as it is (the size of a WAL database's pages cannot change).
PAGE_SIZE = 16_384

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, name TEXT NOT NULL,
    shown TEXT NOT NULL, sig TEXT NOT NULL, stamp TEXT NOT NULL, findings TEXT NOT NULL,
    error INTEGER NOT NULL, extra TEXT);
CREATE INDEX files_racy ON files(sig) WHERE sig = 'racy';
CREATE INDEX files_error ON files(error) WHERE error = 1;
CREATE TABLE claims(
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, name TEXT NOT NULL, claim TEXT NOT NULL,
    status TEXT NOT NULL, support INTEGER NOT NULL, bad INTEGER NOT NULL,
    dup INTEGER NOT NULL DEFAULT 0, own TEXT NOT NULL, places TEXT NOT NULL,
    people TEXT NOT NULL, tags TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX claims_claim ON claims(claim);
CREATE INDEX claims_file ON claims(file);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_unused ON claims(dup) WHERE dup = 1 OR bad = 1;
CREATE TABLE links(
    claim INTEGER NOT NULL, source TEXT NOT NULL, verified INTEGER NOT NULL);
CREATE INDEX links_source ON links(source, claim, verified);
CREATE INDEX links_claim ON links(claim);
CREATE TABLE sources(
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, name TEXT NOT NULL, pos INTEGER NOT NULL,
    key TEXT NOT NULL, fkey TEXT NOT NULL, lang TEXT NOT NULL, tertiary INTEGER NOT NULL,
    bad INTEGER NOT NULL, dup INTEGER NOT NULL DEFAULT 0, text TEXT NOT NULL,
    line TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX sources_key ON sources(key);
CREATE INDEX sources_fkey ON sources(fkey);
CREATE INDEX sources_file ON sources(file);
CREATE INDEX sources_lang ON sources(lang);
CREATE INDEX sources_unused ON sources(dup) WHERE dup = 1 OR bad = 1;
CREATE TABLE people(
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, name TEXT NOT NULL, person TEXT NOT NULL,
    bad INTEGER NOT NULL, dup INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
CREATE INDEX people_person ON people(person);
CREATE INDEX people_file ON people(file);
CREATE INDEX people_unused ON people(dup) WHERE dup = 1 OR bad = 1;
"""
#: The modules besides ``formats`` and ``index`` whose code decides what a file is stored as.
TOP_MODULES = (
    "citekey", "crossfile", "errors", "languages", "model", "partial", "people", "query",
    "reference", "root", "safewrite", "search", "store", "translit", "usertext",
)  # fmt: skip
TABLES = ("meta", "files", "claims", "links", "sources", "people")


def database_file(root: Path) -> Path | None:
    """Where the index of the workspace at ``root`` is kept; None when nowhere safe."""
    from claimref.parsecache import workspace_cache  # noqa: PLC0415  (parsecache imports this)

    return workspace_cache(root, f"index-v{FORMAT}-", ".sqlite")


def code_version() -> str:
    """What the stored rows depend on: the layout, Python's version, the parsers' libraries (by
    their files) and claimref's modules that parse or derive what is stored (by name, size and
    mtime): ``formats``, the index's writing modules and :data:`TOP_MODULES` (not the modules
    that only read it, which may change without a rebuild)."""
    package = Path(claimref.__file__).parent
    digest = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    for name in ("bibtexparser", "yaml", "iuliia"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        digest.update(f"{name} {origin} {_stat(origin) if origin else ''}".encode())
    names = [f"{name}.py" for name in TOP_MODULES]
    names += [
        f"index/{name}.py" for name in ("codec", "db", "fulltext", "refresh", "rows", "state")
    ]
    names += sorted(f"formats/{n}" for n in os.listdir(package / "formats") if n.endswith(".py"))
    for name in names:
        digest.update(f"{name} {_stat(str(package / name))}\0".encode())
    return digest.hexdigest()


def _stat(path: str) -> str:
    try:
        status = os.stat(path)
    except OSError:
        return "-"
    return f"{status.st_size} {status.st_mtime_ns}"


def connect(file: Path, version: str) -> sqlite3.Connection | None:
    """The index at ``file``, its tables made (or emptied, when built by other code or another
    layout); a damaged file is removed and made again; None when it cannot be used."""
    for _ in range(2):
        if not cachefile.prepare_database(file):
            return None
        try:
            return _open(file, version)
        except sqlite3.OperationalError:  # locked for longer than we wait, read-only, a full disk
            return None
        except sqlite3.DatabaseError:  # not a database, or damaged: build it again
            cachefile.remove_database(file)
        except sqlite3.Error:
            return None
    return None


def _open(file: Path, version: str) -> sqlite3.Connection:
    conn = sqlite3.connect(file, timeout=BUSY_MS / 1000, isolation_level=None,
                           check_same_thread=False)  # fmt: skip
    try:
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # a new file only (before WAL)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        if not _current_unlocked(conn, version):
            _rebuild(conn, version)
    except BaseException:
        conn.close()
        raise
    return conn


def _current(conn: sqlite3.Connection, version: str) -> bool:
    (app,) = conn.execute("PRAGMA application_id").fetchone()
    (layout,) = conn.execute("PRAGMA user_version").fetchone()
    if app != APPLICATION_ID or layout != FORMAT:
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
    return row is not None and row[0] == version


def _rebuild(conn: sqlite3.Connection, version: str) -> None:
    """Empty the database and make the tables, unless another process did it meanwhile."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _current_unlocked(conn, version):
            conn.execute("COMMIT")
            return
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            conn.execute(f'DROP {kind.upper()} IF EXISTS "{name.replace(chr(34), "")}"')
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {FORMAT}")
        conn.execute("INSERT INTO meta(key, value) VALUES ('code', ?)", (version,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _current_unlocked(conn: sqlite3.Connection, version: str) -> bool:
    try:
        return _current(conn, version)
    except sqlite3.OperationalError:  # no meta table
        return False
