"""The SQLite index of a workspace: what its files parsed to, kept beside them in the user's cache.

:class:`Index` opens the database (:mod:`~claimref.index.db`), brings it up to date with the files
(:mod:`~claimref.index.refresh`, which re-parses only what changed) and answers from it: every
parsed file for a full :func:`~claimref.store.load_workspace` (:meth:`Index.parsed_files`, what
:class:`claimref.parsecache.DiskParseCache` gives the store), and the workspace's state for the
reading commands (:mod:`~claimref.index.queries`). The files stay the source of truth: a damaged,
foreign or unwritable index is rebuilt or not used, and deleting it changes only speed. This
package sits beside the store (it parses with the store's parsers) and below the command line.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from claimref import cachefile
from claimref.index import codec, db
from claimref.index.refresh import Outcome, refresh
from claimref.safewrite import FileStamp

__all__ = ["Index", "Outcome"]

T = TypeVar("T")


class Index:
    """The open index of the workspace at ``root``, kept in ``file``."""

    def __init__(self, conn: sqlite3.Connection, file: Path, root: Path) -> None:
        self.conn, self.file, self.root = conn, file, root

    @classmethod
    def open(cls, root: Path) -> Index | None:
        """The index of the workspace at ``root``; None when it cannot be kept or opened."""
        file = db.database_file(root)
        if file is None:
            return None
        conn = db.connect(file, db.code_version())
        return None if conn is None else cls(conn, file, root)

    def refresh(self) -> Outcome | None:
        """Bring the index up to date with the files; None when the database failed (a damaged
        one is removed, so the next command builds it again)."""
        return self.guard(lambda: refresh(self.conn, self.root))

    def guard(self, work: Callable[[], T]) -> T | None:
        """``work()``, or None when the database fails under it."""
        try:
            return work()
        except sqlite3.OperationalError:  # locked too long, a full disk, read-only
            return None
        except sqlite3.DatabaseError:  # damaged: built again next time
            self.close()
            cachefile.remove_database(self.file)
            return None
        except codec.DECODE_ERRORS:  # a row that is not what this code wrote
            self.close()
            cachefile.remove_database(self.file)
            return None

    def close(self) -> None:
        """Close the connection (twice is harmless)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def parsed_files(self) -> dict[str, tuple[str, Any, FileStamp]] | None:
        """Every stored file by path: (name shown, what it parsed to, stamp); None on failure."""
        return self.guard(self._parsed_files)

    def _parsed_files(self) -> dict[str, tuple[str, Any, FileStamp]]:
        from claimref.formats.bibtex import BibFile, StringDef  # noqa: PLC0415
        from claimref.formats.claimfile import ClaimFile  # noqa: PLC0415
        from claimref.formats.peoplefile import PersonFile  # noqa: PLC0415

        conn = self.conn
        conn.execute("BEGIN")
        try:
            files = conn.execute(
                "SELECT id, path, kind, shown, stamp, findings, extra FROM files"
            ).fetchall()
            children: dict[int, list[Any]] = {}
            for table, order in (("claims", "id"), ("sources", "file, pos"), ("people", "id")):
                for file_id, data in conn.execute(
                    f"SELECT file, data FROM {table} ORDER BY {order}"
                ):
                    children.setdefault(file_id, []).append(data)
        finally:
            conn.execute("COMMIT")
        found: dict[str, tuple[str, Any, FileStamp]] = {}
        for file_id, path, kind, shown, stamp, text, extra in files:
            findings = () if text == "[]" else tuple(
                codec.to_finding(item, shown) for item in codec.loads(text)
            )  # fmt: skip
            rows = children.get(file_id, [])
            parsed: Any
            if kind == "bib":
                more = codec.loads(extra)
                strings = tuple(
                    StringDef(k, v, raw, codec.to_location(loc, shown))
                    for k, v, raw, loc in more["strings"]
                )
                sources = tuple(codec.to_source(codec.loads(r), shown) for r in rows)
                parsed = BibFile(sources, findings, strings, tuple(more["preambles"]))
            elif kind == "person":
                person = codec.to_person(codec.loads(rows[0]), shown) if rows else None
                parsed = PersonFile(person, findings)
            else:
                claim = codec.to_claim(codec.loads(rows[0]), shown) if rows else None
                parsed = ClaimFile(claim, findings)
            found[path] = (shown, parsed, codec.stamp_from_text(stamp))
        return found
