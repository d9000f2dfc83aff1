"""Which pages of a rebuild need not be rendered again: a page whose inputs are those of the last
build into the same folder, and whose file is still the one that build left.

A page's key is a digest of everything it is rendered from: its own variables (the claim, its
links, formatted citations, findings…), what every page shares (title, style, the names of all
pages, the problem count) and the site's code and templates. The keys live in claimref's cache
folder (never in the site, which stays the same bytes for the same data), checked and written
through :mod:`claimref.cachefile`; deleting them changes only speed. Rendering and writing pages is
:mod:`claimref.site.build`'s job.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimref import cachefile, parsecache

HERE = Path(__file__).parent


@functools.cache
def code_digest() -> str:
    """A digest of the site's code, templates and static files."""
    digest = hashlib.sha256()
    for path in sorted([*HERE.glob("*.py"), *HERE.glob("templates/*"), *HERE.glob("static/*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest_of(values: Mapping[str, Any]) -> str:
    """A digest of template variables by their ``repr`` (functions left out: their ``repr``
    names an address). Every value the site passes is a string, number, tuple, list, dict, enum,
    markup or frozen dataclass of those, whose ``repr`` shows all of it in a stable order."""
    shown = {name: value for name, value in values.items() if not callable(value)}
    return hashlib.sha256(repr(shown).encode()).hexdigest()


@dataclass
class PageCache:
    """The key, size and modification time of each page the last build wrote into one folder."""

    file: Path | None
    pages: dict[str, list[Any]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, out: Path, enabled: bool = True) -> PageCache:
        """The cache of the site folder ``out`` (an empty, unsaved one when not ``enabled``)."""
        file = parsecache.workspace_cache(out, "site-pages-", ".json") if enabled else None
        payload = cachefile.read(file) if file is not None else None
        try:
            data = json.loads(payload) if payload else {}
        except (ValueError, UnicodeDecodeError):
            data = {}
        found = data.get("pages") if isinstance(data, dict) else None
        if not isinstance(found, dict) or data.get("code") != code_digest():
            found = {}
        return cls(file, found)

    def fresh(self, out: Path, path: str, key: str) -> bool:
        """True when ``path`` was built from ``key`` and its file is as that build left it."""
        record = self.pages.get(path)
        if not isinstance(record, list) or len(record) != 3 or record[0] != key:
            return False
        try:
            stat = (out / path).stat()
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == record[1:]

    def record(self, out: Path, path: str, key: str) -> None:
        """Remember that ``path`` now holds the page of ``key``."""
        try:
            stat = (out / path).stat()
        except OSError:
            self.pages.pop(path, None)
            return
        self.pages[path] = [key, stat.st_size, stat.st_mtime_ns]
        self.changed = True

    def save(self, kept: set[str]) -> None:
        """Write the cache, with the pages of ``kept`` only."""
        if self.file is None:
            return
        pages = {path: record for path, record in self.pages.items() if path in kept}
        if not self.changed and pages == self.pages:
            return
        data = {"code": code_digest(), "pages": pages}
        cachefile.write(self.file, json.dumps(data, sort_keys=True).encode())


__all__ = ["PageCache", "code_digest", "digest_of"]
