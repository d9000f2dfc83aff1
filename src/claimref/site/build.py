"""Building the static site into a folder: render every page, then write only the files whose bytes
changed, and remove the pages an earlier build wrote that are no longer built.

The output is deterministic: the same workspace and options give the same bytes (nothing depends on
the time, the current folder or the order files were read in; ``stamp`` adds a build time on
purpose). A folder is built into only when it is empty, new, or holds a site built here before
(its ``.claimref-site`` list of files), never inside the workspace's data folders; files not on that
list are never touched. What each page shows is :mod:`claimref.site.pages`'s job; reading the data is
the store's and checking it :mod:`claimref.validate`'s.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

import claimref
from claimref.errors import ClaimrefError
from claimref.model import CREDIBILITY_GRADES, SOURCE_GRADES
from claimref.progress import Progress
from claimref.script import in_script
from claimref.site import pagecache, pages, svg
from claimref.site.cite import StyleChoice, claim_cites, format_all
from claimref.site.pagecache import PageCache
from claimref.store import Workspace
from claimref.validate import check

HERE = Path(__file__).parent
#: The list of files the last build wrote, kept in the site folder.
MANIFEST = ".claimref-site"
_MANIFEST_HEAD = "# claimref site: the files the last build wrote (a rebuild removes the others)"
_OWN_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?")
STATIC = ("site.css", "site.js")
DATA_FOLDERS = ("bibliography", "claims", "people")


class SiteError(ClaimrefError):
    """The site cannot be built where asked (a folder that is not a site, inside the data…)."""


@dataclass(frozen=True)
class SiteOptions:
    """How the site is built: its title, the citation style, a build time to show (empty: none,
    so that the output stays the same), and whether claimref's caches may be used."""

    title: str = "Claims and their sources"
    choice: StyleChoice = field(default_factory=StyleChoice)
    stamp: str = ""
    cache: bool = True
    ignore: tuple[str, ...] = ()  # check rules whose findings the problems page leaves out


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the HTML pages built, every file of the site, those written (new or
    changed) and those removed, as paths relative to the site folder."""

    pages: int
    files: tuple[str, ...]
    written: tuple[str, ...]
    removed: tuple[str, ...]


def build_site(ws: Workspace, out: Path, options: SiteOptions | None = None,
               progress: Progress | None = None) -> BuildReport:  # fmt: skip
    """Build the site of ``ws`` into ``out``; only changed files are written, and a page whose
    inputs did not change since the last build into ``out`` is not even rendered. ``progress`` is
    told (pages done, pages) as the pages are built."""
    options = options or SiteOptions()
    previous = _previous_files(out, ws.root)
    report = check(ws, ignore=options.ignore)
    shown = {s.key: s for s in in_script(ws.sources.values(), options.choice.script,
                                         options.choice.translit)}  # fmt: skip
    cites = claim_cites(ws.claims.values(), ws.sources)
    formatted = format_all(ws.sources, cites, options.choice, ws.root, options.cache)
    data = pages.SiteData.of(ws, shown, formatted, report.findings)
    cache = PageCache.open(out, options.cache)
    files, written = [], []
    listed = list(_pages(data, options, report.accepted))
    for done, (path, key, render) in enumerate(listed):
        if progress is not None:
            progress(done, len(listed))
        files.append(path)
        if key and cache.fresh(out, path, key):
            continue
        if _write_if_changed(out, path, render()):
            written.append(path)
        if key:
            cache.record(out, path, key)
    for name in STATIC:
        files.append(f"static/{name}")
        if _write_if_changed(out, files[-1], (HERE / "static" / name).read_bytes()):
            written.append(files[-1])
    removed = _remove_stale(out, previous - set(files))
    listing = "\n".join([_MANIFEST_HEAD, *sorted(files)]) + "\n"
    _write_if_changed(out, MANIFEST, listing.encode())
    cache.save(set(files))
    html = sum(1 for path in files if path.endswith(".html"))
    return BuildReport(html, tuple(sorted(files)), tuple(sorted(written)), tuple(removed))


def _pages(data: pages.SiteData, options: SiteOptions,
           accepted: int) -> Iterator[tuple[str, str, Callable[[], bytes]]]:  # fmt: skip
    """Each page: its path, its key (empty for the pages listing everything, always rendered)
    and a function rendering it."""
    env = _environment()
    common = _common(data, options)
    shared = pagecache.digest_of({**common, "code": pagecache.code_digest()})
    listed = [pages.index_page(data), pages.references_page(data), pages.timeline_page(data),
              pages.problems_page(data, accepted), *pages.matrix_pages(data)]  # fmt: skip
    for page in [*listed, *pages.people_pages(data), *pages.claim_pages(data),
                 *pages.source_pages(data)]:  # fmt: skip
        path, template, variables = page
        key = shared + pagecache.digest_of(variables) if "/" in path else ""
        values = {**common, **variables, "root": "../" * path.count("/")}
        yield path, key, functools.partial(_render, env, template, values)


def _render(env: Environment, template: str, values: dict[str, Any]) -> bytes:
    return env.get_template(template).render(values).encode("utf-8")


@functools.cache
def _environment() -> Environment:
    """The templates, every value escaped unless marked safe."""
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _common(data: pages.SiteData, options: SiteOptions) -> dict[str, Any]:
    problems = len(data.findings)
    return {
        **data.shared(),
        "site_title": options.title,
        "version": claimref.__version__,
        "style": options.choice.style,
        "script": options.choice.script,
        "stamp": options.stamp,
        "icons": {stance: svg.stance_icon(stance) for stance, _ in svg.legend_items()},
        "source_grades": SOURCE_GRADES,
        "credibility_grades": CREDIBILITY_GRADES,
        "nav_items": [
            ("claims", "Claims", "index.html"),
            ("references", "References", "references.html"),
            ("people", "People", "people.html"),
            ("matrix", "Evidence matrix", "matrix.html"),
            ("timeline", "Timeline", "timeline.html"),
            ("problems", f"Problems ({problems})", "problems.html"),
        ],
    }


def _previous_files(out: Path, root: Path) -> set[str]:
    """The files an earlier build listed; refuses a folder that is not (or not yet) a site."""
    resolved, data_root = out.resolve(), root.resolve()
    if resolved == data_root or any(
        resolved == data_root / name or data_root / name in resolved.parents
        for name in DATA_FOLDERS
    ):
        raise SiteError(f"{out}: a site is not built into the workspace or its data folders")
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out}: not a folder")
    manifest = out / MANIFEST
    if not manifest.is_file():
        if out.is_dir() and any(out.iterdir()):
            raise SiteError(f"{out}: the folder is not empty and holds no claimref site "
                            f"({MANIFEST}); choose a new or empty folder")  # fmt: skip
        return set()
    lines = manifest.read_text("utf-8", errors="replace").splitlines()
    return {line for line in lines[1:] if _OWN_FILE.fullmatch(line) and ".." not in line}


def _write_if_changed(out: Path, relative: str, content: bytes) -> bool:
    """Write ``content`` to ``out/relative`` unless the file holds it already (atomically:
    a server reading the folder sees the old file or the new one)."""
    target = out / relative
    try:
        same_size = target.is_file() and target.stat().st_size == len(content)
        if same_size and target.read_bytes() == content:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        temp.write_bytes(content)
        os.replace(temp, target)
    except OSError as exc:
        raise SiteError(f"{target}: {exc.strerror or exc}") from None
    return True


def _remove_stale(out: Path, stale: set[str]) -> list[str]:
    """Remove the files an earlier build wrote that this one did not build."""
    removed = []
    for relative in sorted(stale):
        target = out / relative
        if target.is_file() and not target.is_symlink():
            try:
                target.unlink()
            except OSError as exc:
                raise SiteError(f"{target}: {exc.strerror or exc}") from None
            removed.append(relative)
    return removed


__all__ = ["MANIFEST", "BuildReport", "SiteError", "SiteOptions", "build_site"]
