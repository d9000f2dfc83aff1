"""Caches nobody else can poison: a planted link, a folder or file others may write or own, and a
damaged file are all ignored, and the output stays what a run without caches gives.

Each forged cache file here is valid (a checksum made again, an index edited with SQLite), so that
only the checks on links, owners and modes can stop it; the bit-flip trials show that the render
cache's checksum stops every damaged byte. The index is an SQLite database, which stays whole
through crashes but carries no checksum: a truncated, garbled or foreign file is built again
(:mod:`tests.test_parsecache`), a bit flipped inside a stored value would not be noticed.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimref import cachefile
from claimref.parsecache import DiskParseCache
from claimref.render import cache as render_cache
from claimref.store import Workspace, load_workspace
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory, run

POSIX = hasattr(os, "getuid") and hasattr(os, "O_NOFOLLOW")
posix_only = pytest.mark.skipif(not POSIX, reason="file owners, modes and O_NOFOLLOW are POSIX")
as_root = pytest.mark.skipif(
    not POSIX or os.getuid() != 0, reason="giving a file to another user (chown) needs root"
)
NOBODY = 65534
MINUTE_NS = 60_000_000_000
INJECTED = b"<script>alert(1)</script>"
FLIPS = 200


# Helpers


def aged(root: Path) -> Path:
    """``root`` with every data file's mtime a minute back (outside the racy-clean window)."""
    when = time.time_ns() - MINUTE_NS
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))
    return root


def reframe(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """A cache file's bytes with the content after the checksum line changed by ``change`` and the
    checksum made valid again (a format without a checksum line is changed as it is)."""
    if not data.startswith(cachefile.HEADER):
        return change(data)
    body = change(data.split(b"\n", 1)[1])
    return cachefile.HEADER + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def cached_load(root: Path) -> tuple[Workspace, DiskParseCache]:
    cache = DiskParseCache.for_root(root)
    assert cache is not None
    return load_workspace(root, cache=cache), cache


@pytest.fixture
def workspace(make_workspace: WorkspaceFactory) -> Path:
    claims = {name: MINIMAL_CLAIM.replace("{id}", name) for name in ("trains", "karsava")}
    return aged(make_workspace(claims=claims))


@pytest.fixture
def cached(workspace: Path) -> DiskParseCache:
    """A written parse cache of ``workspace``, which a second load would use."""
    _, cache = cached_load(workspace)
    assert cache.file.exists()
    _, again = cached_load(workspace)
    assert again.hits == 3, "the cache works before it is tampered with"
    return cache


def forge_parse_cache(cache: DiskParseCache, file: Path | None = None) -> None:
    """The index (or a copy of it at ``file``) with every statement changed: a valid index that
    would be used if it were trusted."""
    conn = sqlite3.connect(file or cache.file)
    with conn:
        conn.execute("UPDATE claims SET data = replace(data, 'nearly 130', 'nearly 999')")
    conn.close()


def assert_loads_as_without_cache(root: Path) -> DiskParseCache:
    loaded, cache = cached_load(root)
    assert loaded == load_workspace(root)
    assert all("999" not in claim.statement for claim in loaded.claims.values())
    assert cache.hits == 0
    return cache


def test_a_forged_index_is_what_these_tests_would_catch(
    cached: DiskParseCache, workspace: Path
) -> None:
    """The forgery works when nothing stops it (the user's file, private), so the tests below
    prove their check."""
    forge_parse_cache(cached)
    loaded, _ = cached_load(workspace)
    assert "nearly 999" in loaded.claims["trains"].statement


# The parse cache


@posix_only
@pytest.mark.parametrize("folder_mode", [0o700, 0o777], ids=["private-folder", "world-writable"])
def test_a_link_planted_as_the_parse_cache_is_not_followed(
    cached: DiskParseCache, workspace: Path, tmp_path_factory: pytest.TempPathFactory,
    folder_mode: int,
) -> None:  # fmt: skip
    """The link points at a file the user owns (e.g. in a cloned repository), holding a valid
    but forged index."""
    crafted = tmp_path_factory.mktemp("cloned-repo") / "innocent.bin"
    shutil.copyfile(cached.file, crafted)
    forge_parse_cache(cached, crafted)
    crafted.chmod(0o600)
    before = crafted.read_bytes()
    cached.file.unlink()
    cached.file.symlink_to(crafted)
    cached.file.parent.chmod(folder_mode)
    assert_loads_as_without_cache(workspace)
    assert crafted.read_bytes() == before, "the file the link pointed at is left alone"


@posix_only
@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777, 0o1777], ids=oct)
def test_a_cache_folder_others_may_write_is_not_trusted(
    cached: DiskParseCache, workspace: Path, mode: int
) -> None:
    """$CLAIMREF_CACHE_DIR names the folder: it is not read from, not written to, and its mode
    (the user's choice) is left alone."""
    forge_parse_cache(cached)
    cached.file.parent.chmod(mode)
    before = cached.file.read_bytes()
    assert_loads_as_without_cache(workspace)
    assert cached.file.read_bytes() == before, "nothing written into an untrusted folder"
    assert cached.file.parent.stat().st_mode & 0o7777 == mode


@posix_only
def test_the_default_cache_folder_is_made_private_when_others_may_write_it(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """~/.cache/claimref made with umask 002 (as an older claimref did): ignored once, then its
    group and others' write permission is taken off and the cache works."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.delenv(cachefile.ENV_DIR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    (home / "claimref").mkdir(mode=0o775)
    (home / "claimref").chmod(0o775)
    _, first = cached_load(workspace)
    _, second = cached_load(workspace)
    assert (home / "claimref").stat().st_mode & 0o777 == 0o755
    assert first.file.parent == (home / "claimref").resolve()
    assert second.hits == 3


@posix_only
def test_a_parse_cache_file_others_may_write_is_not_read(
    cached: DiskParseCache, workspace: Path
) -> None:
    forge_parse_cache(cached)
    cached.file.chmod(0o666)
    assert_loads_as_without_cache(workspace)


@as_root
def test_a_parse_cache_file_of_another_user_is_not_read(
    cached: DiskParseCache, workspace: Path
) -> None:
    forge_parse_cache(cached)
    os.chown(cached.file, NOBODY, NOBODY)
    assert_loads_as_without_cache(workspace)


@as_root
def test_a_cache_folder_of_another_user_is_not_trusted(
    cached: DiskParseCache, workspace: Path
) -> None:
    forge_parse_cache(cached)
    os.chown(cached.file.parent, NOBODY, NOBODY)
    assert_loads_as_without_cache(workspace)


@posix_only
def test_a_fifo_in_place_of_the_cache_does_not_block(
    cached: DiskParseCache, workspace: Path
) -> None:
    cached.file.unlink()
    os.mkfifo(cached.file, 0o600)
    done: list[Workspace] = []
    thread = threading.Thread(target=lambda: done.append(cached_load(workspace)[0]), daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert done == [load_workspace(workspace)], "blocked on the FIFO"


@posix_only
def test_cache_files_and_folders_are_private(
    cached: DiskParseCache, workspace: Path, _parse_cache_dir: Path
) -> None:
    assert run(workspace, "refs", "--format", "html")[0] == 0
    companions = _parse_cache_dir.glob("index-*.sqlite-*")
    for path in [cached.file, *companions, *_parse_cache_dir.glob("render-*/*.json")]:
        assert path.stat().st_mode & 0o777 == 0o600, path
    for folder in _parse_cache_dir.glob("render-*"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


@posix_only
@pytest.mark.parametrize("companion", ["-wal", "-shm", "-journal"])
def test_a_link_planted_as_a_companion_of_the_index_is_removed(
    cached: DiskParseCache, workspace: Path, tmp_path_factory: pytest.TempPathFactory,
    companion: str,
) -> None:  # fmt: skip
    """SQLite opens its write-ahead log and shared memory by name: a link planted there is removed
    before the index is opened, and what it pointed at is left alone."""
    target = tmp_path_factory.mktemp("elsewhere") / "victim"
    target.write_bytes(b"precious")
    planted = cached.file.with_name(cached.file.name + companion)
    planted.unlink(missing_ok=True)
    planted.symlink_to(target)
    loaded, _ = cached_load(workspace)
    assert loaded == load_workspace(workspace)
    assert not planted.is_symlink()
    assert target.read_bytes() == b"precious"


# The render cache


@pytest.fixture
def rendered(workspace: Path, _parse_cache_dir: Path) -> tuple[str, list[Path]]:
    """``refs --format html`` without caches, and the render cache files a cached run wrote."""
    code, plain, _ = run(workspace, "--no-cache", "refs", "--format", "html")
    assert code == 0 and "Самсон" in plain
    assert run(workspace, "refs", "--format", "html")[1] == plain
    files = sorted(_parse_cache_dir.glob("render-*/*.json"))
    assert files
    return plain, files


def forge_render_cache(files: list[Path]) -> None:
    for path in files:
        path.write_bytes(reframe(path.read_bytes(), lambda b: b.replace(b"1980", INJECTED)))


def assert_renders_as_without_cache(root: Path, plain: str) -> None:
    code, out, _ = run(root, "refs", "--format", "html")
    assert code == 0
    assert INJECTED.decode() not in out
    assert out == plain


def test_a_forged_render_cache_is_what_these_tests_would_catch(
    workspace: Path, rendered: tuple[str, list[Path]]
) -> None:
    """The forgery works when nothing stops it (the file is the user's, with a valid checksum), so
    the tests below prove their check."""
    _, files = rendered
    forge_render_cache(files)
    assert INJECTED.decode() in run(workspace, "refs", "--format", "html")[1]


@posix_only
def test_a_render_cache_file_others_may_write_is_not_read(
    workspace: Path, rendered: tuple[str, list[Path]]
) -> None:
    plain, files = rendered
    forge_render_cache(files)
    for path in files:
        path.chmod(0o666)
    assert_renders_as_without_cache(workspace, plain)


@as_root
def test_a_render_cache_file_of_another_user_is_not_read(
    workspace: Path, rendered: tuple[str, list[Path]]
) -> None:
    plain, files = rendered
    forge_render_cache(files)
    for path in files:
        os.chown(path, NOBODY, NOBODY)
    assert_renders_as_without_cache(workspace, plain)


@posix_only
@pytest.mark.parametrize("mode", [0o775, 0o777], ids=oct)
def test_a_render_cache_folder_others_may_write_is_ignored_then_made_private(
    workspace: Path, rendered: tuple[str, list[Path]], mode: int
) -> None:
    plain, files = rendered
    forge_render_cache(files)
    folder = files[0].parent
    folder.chmod(mode)
    assert_renders_as_without_cache(workspace, plain)
    assert folder.stat().st_mode & 0o022 == 0, "claimref's own folder is made private"
    assert_renders_as_without_cache(workspace, plain)


@as_root
def test_a_render_cache_folder_of_another_user_is_ignored(
    workspace: Path, rendered: tuple[str, list[Path]]
) -> None:
    plain, files = rendered
    forge_render_cache(files)
    os.chown(files[0].parent, NOBODY, NOBODY)
    assert_renders_as_without_cache(workspace, plain)


@posix_only
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_link_planted_in_the_render_cache_is_not_followed(
    workspace: Path, rendered: tuple[str, list[Path]], tmp_path_factory: pytest.TempPathFactory,
    what: str,
) -> None:  # fmt: skip
    plain, files = rendered
    forge_render_cache(files)
    elsewhere = tmp_path_factory.mktemp("cloned-repo")
    if what == "file":
        for path in files:
            path.rename(elsewhere / path.name)
            path.symlink_to(elsewhere / path.name)
    else:
        folder = files[0].parent
        folder.rename(elsewhere / folder.name)
        folder.symlink_to(elsewhere / folder.name, target_is_directory=True)
    assert_renders_as_without_cache(workspace, plain)


@pytest.mark.slow
def test_no_bit_flip_in_the_render_cache_changes_the_output(
    workspace: Path, rendered: tuple[str, list[Path]]
) -> None:
    plain, files = rendered
    goods = {path: path.read_bytes() for path in files}
    sizes = [len(data) * 8 for data in goods.values()]
    chooser = random.Random(10)
    changed = []
    for _ in range(FLIPS):
        path = chooser.choices(files, weights=sizes)[0]
        data = bytearray(goods[path])
        bit = chooser.randrange(len(data) * 8)
        data[bit // 8] ^= 1 << (bit % 8)
        path.write_bytes(bytes(data))
        out = run(workspace, "refs", "--format", "html")[1]
        if out != plain:
            changed.append((path.name, bit))
        for good_path, good in goods.items():
            good_path.write_bytes(good)
    assert changed == [], f"{len(changed)} of {FLIPS} flips changed the output"


def test_a_damaged_cache_file_is_a_miss_in_both_formats(tmp_path: Path) -> None:
    """cachefile.read takes a file only with its checksum line intact."""
    file = tmp_path / "c.bin"
    assert cachefile.write(file, b"payload")
    assert cachefile.read(file) == b"payload"
    data = file.read_bytes()
    for damaged in (data[:-1], data + b"x", data.replace(b"payload", b"paylOad"), b"", data[1:]):
        file.write_bytes(damaged)
        assert cachefile.read(file) is None


def test_the_render_cache_is_dropped_when_the_markdown_escaper_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Markdown entries are escaped by formats/markdown.py: it is part of the renderer's digest,
    so entries that an older escaper cached are not used."""
    read: list[str] = []
    original = Path.read_bytes

    def recording(path: Path) -> bytes:
        read.append(path.as_posix())
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", recording)
    render_cache._code_digest.cache_clear()
    render_cache._code_digest()
    render_cache._code_digest.cache_clear()
    assert any(path.endswith("formats/markdown.py") for path in read)


@posix_only
def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    file = tmp_path / "c.bin"
    stale, fresh = tmp_path / ".c.bin.dead.tmp", tmp_path / ".c.bin.live.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half a cache")
    old = time.time() - cachefile.STALE_SECONDS - 60
    os.utime(stale, (old, old))
    assert cachefile.write(file, b"payload")
    assert not stale.exists()
    assert fresh.exists(), "another writer may still be at work"
