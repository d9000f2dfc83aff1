"""The parse cache (the workspace's SQLite index): reused for unchanged files, never for changed or
racy ones, and never able to change what is loaded (a damaged, foreign or deleted index only costs
parsing again)."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from claimref.parsecache import DiskParseCache, cache_dir
from claimref.store import Workspace, load_workspace
from tests.conftest import MINIMAL_CLAIM, WorkspaceFactory

MINUTE_NS = 60_000_000_000


def age(root: Path, by_ns: int = MINUTE_NS) -> None:
    """Set every data file's mtime ``by_ns`` into the past (older than the racy-clean window)."""
    when = time.time_ns() - by_ns
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))


def cached_load(root: Path) -> tuple[Workspace, DiskParseCache]:
    cache = DiskParseCache.for_root(root)
    assert cache is not None
    return load_workspace(root, cache=cache), cache


@pytest.fixture
def workspace(make_workspace: WorkspaceFactory) -> Path:
    claims = {name: MINIMAL_CLAIM.replace("{id}", name) for name in ("trains", "karsava")}
    root = make_workspace(claims=claims)
    age(root)
    return root


def test_unchanged_files_are_not_parsed_again(workspace: Path) -> None:
    cold, first = cached_load(workspace)
    warm, second = cached_load(workspace)
    assert (first.hits, first.misses) == (0, 3)
    assert (second.hits, second.misses) == (3, 0)
    assert warm == cold == load_workspace(workspace)


def _edit_claim(root: Path) -> None:
    path = root / "claims" / "trains.yaml"
    path.write_text(path.read_text("utf-8").replace("nearly 130", "about 130"), "utf-8")
    age(root, by_ns=MINUTE_NS // 2)  # a new mtime, still outside the racy window


def _add_claim(root: Path) -> None:
    (root / "claims" / "vetri.yaml").write_text(MINIMAL_CLAIM.replace("{id}", "vetri"), "utf-8")
    age(root, by_ns=MINUTE_NS // 2)


def _replace_file(root: Path) -> None:
    """Same content, size and mtime, but a new file (inode): e.g. restored from a backup."""
    path = root / "claims" / "trains.yaml"
    stat = path.stat()
    copy = path.with_name("copy.tmp")
    copy.write_bytes(path.read_bytes())
    path.unlink()
    copy.rename(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _overwrite_keeping_size_and_mtime(root: Path) -> None:
    """As ``cp -p`` over the file does: new content, same size, inode and mtime (but a new ctime)."""
    path = root / "claims" / "trains.yaml"
    stat = path.stat()
    time.sleep(0.01)  # let the clock move on, so that the ctime differs
    with open(path, "r+b") as stream:
        data = stream.read()
        stream.seek(0)
        stream.write(data.replace(b"nearly", b"almost"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.parametrize(
    ("change", "misses"),
    [
        pytest.param(_edit_claim, 3, id="edited-file"),
        pytest.param(_overwrite_keeping_size_and_mtime, 1, id="overwritten-same-size-and-mtime"),
        pytest.param(_add_claim, 4, id="new-file"),
        pytest.param(_replace_file, 1, id="replaced-file-same-mtime"),
    ],
)
def test_changed_files_are_parsed_again(
    workspace: Path, change: Callable[[Path], None], misses: int
) -> None:
    cached_load(workspace)
    change(workspace)
    warm, cache = cached_load(workspace)
    assert cache.misses == misses
    assert warm == load_workspace(workspace)


def test_another_shown_path_is_a_miss(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_load(workspace)
    monkeypatch.chdir(workspace)  # findings now name files relative to the workspace
    warm, cache = cached_load(workspace)
    assert cache.misses == 3
    assert warm.claims["trains"].location.path == os.path.join("claims", "trains.yaml")


def test_a_file_changed_within_the_racy_window_is_parsed_again(workspace: Path) -> None:
    path = workspace / "claims" / "trains.yaml"
    now = time.time_ns()
    os.utime(path, ns=(now, now))
    cached_load(workspace)
    # Rewritten within one timestamp tick: same size, same mtime, same inode, new content.
    path.write_text(path.read_text("utf-8").replace("nearly", "almost"), "utf-8")
    os.utime(path, ns=(now, now))
    warm, cache = cached_load(workspace)
    assert cache.misses == 1
    assert "almost 130" in warm.claims["trains"].statement


def test_a_file_modified_just_before_the_cache_was_written_is_not_trusted(
    workspace: Path,
) -> None:
    """Where timestamps are coarse, a rewrite in the same tick changes neither mtime nor ctime:
    so a file modified within RACY_NS of the cache's writing is parsed again, changed or not."""
    path = workspace / "claims" / "trains.yaml"
    now = time.time_ns()
    os.utime(path, ns=(now, now))
    cached_load(workspace)
    _, cache = cached_load(workspace)
    assert (cache.hits, cache.misses) == (2, 1)


def _sql(*statements: str) -> Callable[[Path], None]:
    def change(file: Path) -> None:
        conn = sqlite3.connect(file)
        with conn:
            for statement in statements:
                conn.execute(statement)
        conn.close()

    return change


def _write(content: bytes) -> Callable[[Path], None]:
    def change(file: Path) -> None:
        for companion in ("-wal", "-shm"):
            file.with_name(file.name + companion).unlink(missing_ok=True)
        file.write_bytes(content)

    return change


def _truncate(file: Path) -> None:
    _write(file.read_bytes()[: file.stat().st_size // 2])(file)


def _foreign(file: Path) -> None:
    """Another program's SQLite database under the index's name."""
    _write(b"")(file)
    _sql("CREATE TABLE notes(text)", "INSERT INTO notes VALUES ('mine')")(file)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_write(b""), id="empty"),
        pytest.param(_write(b"not a database at all" * 100), id="garbage"),
        pytest.param(_truncate, id="truncated"),
        pytest.param(_foreign, id="another-programs-database"),
        pytest.param(_sql("UPDATE meta SET value = 'other' WHERE key = 'code'"), id="other-code"),
        pytest.param(_sql("PRAGMA user_version = 99"), id="other-layout"),
        pytest.param(_sql("UPDATE claims SET data = '{'"), id="damaged-row"),
        pytest.param(_sql("UPDATE claims SET data = '[1, 2]'"), id="row-of-another-shape"),
        pytest.param(_sql("UPDATE files SET findings = '[[\"x\"]]'"), id="damaged-findings"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rewritten(
    workspace: Path, damage: Callable[[Path], None]
) -> None:
    cold, first = cached_load(workspace)
    damage(first.file)
    again, second = cached_load(workspace)
    assert again == cold
    assert second.misses == 3
    warm, third = cached_load(workspace)
    assert third.hits == 3
    assert warm == cold


def test_deleting_the_cache_changes_only_speed(workspace: Path) -> None:
    cached_load(workspace)
    warm, cache = cached_load(workspace)
    cache.file.unlink()
    cold, _ = cached_load(workspace)
    assert cold == warm


def test_an_unwritable_cache_folder_is_no_error(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path_factory.mktemp("blocked") / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("CLAIMREF_CACHE_DIR", str(blocker / "cache"))
    loaded, _ = cached_load(workspace)
    assert loaded == load_workspace(workspace)


def test_the_cache_is_never_kept_inside_the_workspace(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMREF_CACHE_DIR", str(workspace / ".cache"))
    assert DiskParseCache.for_root(workspace) is None


@pytest.mark.parametrize(
    ("args", "env", "written"),
    [
        pytest.param([], {}, True, id="default"),
        pytest.param(["--no-cache"], {}, False, id="no-cache-option"),
        pytest.param([], {"CLAIMREF_NO_CACHE": "1"}, False, id="no-cache-env"),
        pytest.param([], {"CLAIMREF_NO_CACHE": "0"}, True, id="no-cache-env-0"),
    ],
)
def test_cli_uses_the_cache_unless_told_not_to(
    workspace: Path, args: list[str], env: dict[str, str], written: bool
) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, [*args, "--root", str(workspace), "claims"], env=env)
    assert result.exit_code == 0, result.output
    assert "trains" in result.output
    assert any(cache_dir().glob("index-*.sqlite")) is written
    assert not any(cache_dir().glob("*.pickle"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners and modes are POSIX")
def test_a_cache_file_others_may_write_is_not_read(workspace: Path) -> None:
    cold, first = cached_load(workspace)
    first.file.chmod(0o666)
    again, second = cached_load(workspace)
    assert second.misses == 3
    assert again == cold
    assert first.file.stat().st_mode & 0o777 == 0o600, "built again, private"


def test_the_index_is_written_during_the_load(workspace: Path) -> None:
    """Nothing is left to write after the command's output (the pickle once was, in a fork)."""
    cache = DiskParseCache.for_root(workspace)
    assert cache is not None
    cache.defer = True
    load_workspace(workspace, cache=cache)
    assert cache.write_deferred() is None
    _, warm = cached_load(workspace)
    assert (warm.hits, warm.misses) == (3, 0)
