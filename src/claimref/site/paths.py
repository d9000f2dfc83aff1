"""Where each page of the site lives, and which addresses may become links.

Page names come from claim ids, cite keys and person ids; a name that is not plainly safe as a file
name on every system (or that two keys would share on a case-insensitive disk) gets a short digest,
so that every page has its own file. Only ``http`` and ``https`` addresses are ever linked. Building
and writing pages is :mod:`claimref.site.build`'s job.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from claimref.translit import fold, to_latin

_SAFE = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
_UNSAFE_RUN = re.compile(r"[^a-z0-9._-]+")


def slug(name: str) -> str:
    """A file-name-safe form of ``name``: itself when it is lower-case ASCII letters, digits, ``.``,
    ``_`` and ``-`` (not first); else a readable ASCII form (transliterated, without accents) with
    a digest of the name appended."""
    if _SAFE.fullmatch(name) and not name.endswith("."):
        return name
    cleaned = _UNSAFE_RUN.sub("-", fold(to_latin(name, "ala-lc-ascii"))).strip("-._")[:60]
    digest = hashlib.sha256(name.encode()).hexdigest()[:10]
    return f"{cleaned}-{digest}" if cleaned else digest


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """Each name's :func:`slug`, made unique: a name whose slug another name already took (as
    ``Strods2006`` and ``strods2006`` would on a case-insensitive disk) gets a digest too."""
    taken: dict[str, str] = {}
    result: dict[str, str] = {}
    for name in sorted(names):
        page = slug(name)
        if page in taken:
            page = f"{page}-{hashlib.sha256(name.encode()).hexdigest()[:10]}"
        taken[page] = name
        result[name] = page
    return result


def web_address(value: str) -> str | None:
    """``value`` as a link target when it is an ``http``/``https`` address with a host, else None
    (``javascript:``, ``data:``, ``file:`` and relative text never become links)."""
    text = value.strip()
    if not text or any(ch.isspace() or ord(ch) < 32 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def doi_address(value: str) -> str | None:
    """The ``https://doi.org/…`` address of a DOI field (bare, ``doi:…`` or a doi.org URL), else
    None."""
    match = _DOI.match(value.strip())
    return f"https://doi.org/{match.group(1)}" if match else None
