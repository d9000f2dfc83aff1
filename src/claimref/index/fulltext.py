"""The index's full-text tables: SQLite FTS5 with the trigram tokenizer over the folded text that
``--search`` looks in (each claim's own text, each cited work's title and names), so that a search
reads the few rows holding a term's trigrams instead of every claim's text.

The tables keep no text of their own (``content=`` the ``claims`` and ``sources`` tables) and
no positions (``detail=none``: a quarter of the size, half the time to build): a match is a row
holding every trigram of the term, which the caller then tests with ``instr`` for the term itself
(:func:`match`). They are built on the first search (some 2 s for 100,000 claims, a cost that
``check`` and the other commands do not pay) and kept by triggers as rows come and go. An SQLite
without FTS5 or its trigram tokenizer (before 3.34) has none: searches read every row, as
before. Which rows a selection takes is :mod:`claimref.index.filters`' business.
"""

from __future__ import annotations

import sqlite3

__all__ = ["TABLES", "ensure", "have", "match"]

#: Full-text table, the table it indexes, the column.
TABLES = (("claims_text", "claims", "own"), ("sources_text", "sources", "text"))
#: Terms shorter than this have no trigram to look up.
SHORTEST = 3


def have(conn: sqlite3.Connection) -> bool:
    """Whether the index has its full-text tables."""
    names = [name for name, _, _ in TABLES]
    found = conn.execute(
        f"SELECT count(*) FROM sqlite_master WHERE name IN ({','.join('?' * len(names))})", names
    ).fetchone()[0]
    return bool(found == len(names))


def ensure(conn: sqlite3.Connection) -> bool:
    """Build the full-text tables unless the index has them (in one transaction); False when
    this SQLite cannot."""
    if have(conn):
        return True
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not have(conn):  # another command may have built them meanwhile
            for name, table, column in TABLES:
                _build(conn, name, table, column)
    except sqlite3.OperationalError as exc:
        conn.execute("ROLLBACK")
        if "tokenizer" in str(exc) or "fts5" in str(exc):  # no trigram tokenizer, no FTS5
            return False
        raise
    conn.execute("COMMIT")
    return True


def _build(conn: sqlite3.Connection, name: str, table: str, column: str) -> None:
    conn.execute(
        f"CREATE VIRTUAL TABLE {name} USING fts5({column}, content='{table}', "
        "content_rowid='id', tokenize='trigram case_sensitive 1', detail='none', columnsize=0)"
    )
    conn.execute(
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {name}(rowid, {column}) VALUES (new.id, new.{column}); END"
    )
    conn.execute(
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END"
    )
    conn.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")


def match(term: str) -> str | None:
    """The FTS5 query for the rows holding every trigram of ``term`` (a superset of those
    holding ``term``); None when it is too short to have one."""
    if len(term) < SHORTEST:
        return None
    grams = dict.fromkeys(term[i : i + SHORTEST] for i in range(len(term) - SHORTEST + 1))
    return " AND ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
