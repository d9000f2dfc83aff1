"""A cache of formatted reference-list entries, so that rendering unchanged entries again is fast.

One JSON file per style file, locale, output format and collation (``<folder>/<digest>.json``)
maps the digest of each CSL-JSON item to what rendering it gave: its sort-key values and its entry
(per year suffix). Deleting the folder changes only speed. Files are read and written through
:mod:`claimref.cachefile` (no links followed, owner and modes checked from the cache folder down,
checksummed), so a cache file that another user could have written or that is damaged is ignored,
never an error, and cannot put text into a reference list. No rendering here.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimref import __version__, cachefile

#: Records kept per cache file; past this, records not used by the latest run are dropped.
MAX_RECORDS = 50_000


@functools.cache
def _code_digest() -> str:
    """claimref's version and a digest of the rendering code: a changed renderer never reads
    entries an older one cached."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    formats = here.parent / "formats"
    for path in sorted([*here.glob("*.py"), formats / "csljson.py", formats / "markdown.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def item_digest(item: dict[str, Any]) -> str:
    """A digest of an item's content (its id included: the entry does not show it, but cited
    items are told apart by it)."""
    text = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class EntryCache:
    """The cached records of one style/locale/format/collation, loaded from and saved to ``path``."""

    path: Path | None
    meta: dict[str, Any] = field(default_factory=dict)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    changed: bool = False

    @classmethod
    def open(cls, folder: Path | None, *parts: str) -> EntryCache:
        """The cache for ``parts`` (style digest, locale, format…) in ``folder`` (None: no cache)."""
        if folder is None:
            return cls(None)
        key = hashlib.sha256("\0".join((_code_digest(), *parts)).encode()).hexdigest()[:24]
        path = folder / f"{key}.json"
        payload = cachefile.read(path)
        if payload is None:  # missing, foreign or damaged
            return cls(path)
        try:
            data = json.loads(payload.decode("utf-8"))
            return cls(path, dict(data["meta"]), dict(data["records"]))
        except (ValueError, KeyError, TypeError):
            return cls(path)

    def get(self, digest: str) -> dict[str, Any] | None:
        """The record of an item, if cached."""
        record = self.records.get(digest)
        if record is not None:
            self.used.add(digest)
        return record

    def put(self, digest: str, record: dict[str, Any]) -> None:
        """Store (or update) the record of an item."""
        self.records[digest] = record
        self.used.add(digest)
        self.changed = True

    def save(self) -> None:
        """Write the cache back if anything changed; a cache that cannot be written is skipped."""
        if self.path is None or not self.changed:
            return
        if len(self.records) > MAX_RECORDS:
            self.records = {k: v for k, v in self.records.items() if k in self.used}
        text = json.dumps({"meta": self.meta, "records": self.records}, ensure_ascii=False)
        if cachefile.write(self.path, text.encode("utf-8")):
            self.changed = False
