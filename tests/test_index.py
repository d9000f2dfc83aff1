"""The SQLite index answers as a full load does: every filter of ``claims`` and ``sources`` and
``show`` on the dataset and on a generated workspace with errors in it (random filters too), after
files change (also within the racy window), with a damaged or foreign database, and while several
commands update it at once; and a warm look-up does not import the parsers or the renderer."""

from __future__ import annotations

import dataclasses
import json
import marshal
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimref import complete
from claimref.index import Index, codec, db
from claimref.index.queries import (
    View,
    claim_values,
    open_view,
    selected_claims,
    selected_sources,
)
from claimref.model import Status
from claimref.parsecache import DiskParseCache
from claimref.partial import usable_part
from claimref.query import Selection, select_claims, select_sources
from claimref.store import Workspace, load_workspace
from tests.conftest import MINIMAL_CLAIM, PROJECT, WorkspaceFactory, run

MINUTE_NS = 60_000_000_000

DATASET_ARGS = [
    ["claims"],
    ["claims", "--format", "json"],
    ["claims", "--status", "disputed"],
    ["claims", "--status", "established", "--status", "probable"],
    ["claims", "--source", "strods2006"],
    ["claims", "--lang", "ru"],
    ["claims", "--tag", "sabotage"],
    ["claims", "--person", "samsons"],
    ["claims", "--search", "karsava"],
    ["claims", "--search", "riga", "--format", "json"],
    ["claims", "--search", "Самсон"],
    ["claims", "--place", "Rīga"],
    ["claims", "--sources", "1"],
    ["claims", "--min-sources", "2"],
    ["claims", "--verified"],
    ["claims", "--unverified"],
    ["claims", "--independent", "1"],
    ["claims", "--min-independent", "2"],
    ["claims", "--profile", "tertiary-only"],
    ["claims", "--source", "no-such-key"],
    ["sources"],
    ["sources", "--lang", "ru"],
    ["sources", "--lang", "lv", "--format", "json"],
    ["sources", "--uncited"],
    ["sources", "--cited-by", "samsons-130-trains"],
    ["sources", "--status", "disputed"],
    ["sources", "--search", "partisan"],
    ["sources", "--source", "strods2006"],
    ["show", "samsons-130-trains"],
    ["show", "samsons-130-trains", "--format", "json"],
    ["show", "strods2006"],
    ["show", "strods2006", "--format", "json"],
    ["show", "no-such-name"],
]


def ids(args: list[str]) -> str:
    return " ".join(args)


def assert_same_as_full_load(root: Path, args: list[str]) -> None:
    """Twice from the index (built, then warm) as once without it."""
    expected = run(root, "--no-cache", *args)
    for _ in range(2):
        assert run(root, *args) == expected


@pytest.mark.parametrize("args", DATASET_ARGS, ids=ids)
def test_the_dataset_answers_as_a_full_load(args: list[str]) -> None:
    assert_same_as_full_load(PROJECT, args)


# A generated workspace, with seeded errors (files and entries left out)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    script = PROJECT / "bench" / "gen_workspace.py"
    subprocess.run(
        [sys.executable, str(script), str(root), "--sources", "300", "--claims", "1500"],
        check=True,
        capture_output=True,
    )
    return root


def _one_claim(root: Path) -> str:
    return sorted(root.glob("claims/*.yaml"))[3].stem


GENERATED_ARGS = [
    ["claims"],
    ["claims", "--status", "disputed"],
    ["claims", "--lang", "ru", "--format", "json"],
    ["claims", "--search", "karsava"],
    ["claims", "--search", "riga"],
    ["claims", "--tag", "partisans"],
    ["claims", "--place", "Zilupe"],
    ["claims", "--person", "Krūmiņš"],
    ["claims", "--verified"],
    ["claims", "--min-sources", "2", "--unverified"],
    ["claims", "--min-independent", "2"],
    ["sources"],
    ["sources", "--lang", "ru"],
    ["sources", "--uncited", "--format", "json"],
    ["sources", "--tag", "partisans"],
    ["show", "src00010"],
    ["show", "src00010", "--format", "json"],
    ["show", "src09580"],
]


@pytest.mark.parametrize("args", GENERATED_ARGS, ids=ids)
def test_a_generated_workspace_with_errors_answers_as_a_full_load(
    generated: Path, args: list[str]
) -> None:
    assert_same_as_full_load(generated, args)


def test_show_of_a_generated_claim_answers_as_a_full_load(generated: Path) -> None:
    name = _one_claim(generated)
    assert_same_as_full_load(generated, ["show", name])
    assert_same_as_full_load(generated, ["show", name, "--format", "json"])


@pytest.fixture(scope="module", params=[True, False], ids=["fulltext", "no-fulltext"])
def view_and_full(
    generated: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[tuple[View, Workspace]]:
    """An up-to-date view of the generated workspace's index (with its full-text tables or
    without), and what a reading command uses of the full load."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAIMREF_CACHE_DIR", str(tmp_path_factory.mktemp("view-cache")))
        view = open_view(generated, search=request.param)
        assert view is not None
        assert view.fulltext is request.param
        usable, left = usable_part(load_workspace(generated))
        assert view.left_out == left
        yield view, usable
        view.close()


def _selections(full: Workspace) -> st.SearchStrategy[Selection]:
    claims = list(full.claims.values())
    tags = sorted({t for c in claims for t in c.tags})
    places = sorted({p for c in claims for p in c.places})
    people = sorted({p for c in claims for p in c.people})
    words = sorted({w for c in claims[:200] for w in c.statement.split()[:6]})
    keys = sorted(full.sources)[:50]
    small = st.one_of(st.none(), st.integers(0, 3))
    return st.builds(
        Selection,
        ids=st.lists(st.sampled_from(sorted(full.claims)), max_size=2).map(tuple),
        statuses=st.lists(st.sampled_from(list(Status)), max_size=2).map(tuple),
        sources=st.lists(st.sampled_from(keys), max_size=2).map(tuple),
        langs=st.lists(st.sampled_from(["ru", "lv", "en", "de"]), max_size=2).map(tuple),
        tags=st.lists(st.sampled_from(tags), max_size=2).map(tuple),
        people=st.lists(st.sampled_from(people), max_size=1).map(tuple),
        search=st.one_of(st.just(""), st.sampled_from(words), st.sampled_from(["ri", "a", "  "])),
        places=st.lists(st.sampled_from(places), max_size=2).map(tuple),
        support=small,
        min_support=small,
        verified=st.one_of(st.none(), st.booleans()),
        min_independent=st.one_of(st.none(), st.integers(1, 2)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_filters_select_as_a_full_load(
    view_and_full: tuple[View, Workspace], data: st.DataObject
) -> None:
    view, full = view_and_full
    selection = data.draw(_selections(full))
    _, chosen = selected_claims(view, selection)
    assert chosen == select_claims(full, selection)
    uncited = data.draw(st.booleans())
    if uncited:
        selection = Selection(sources=selection.sources, langs=selection.langs)
    _, sources = selected_sources(view, selection, uncited=uncited)
    assert sources == select_sources(full, selection, uncited=uncited)


def test_the_view_counts_as_a_full_load(view_and_full: tuple[View, Workspace]) -> None:
    view, full = view_and_full
    assert view.counts == {
        "claims": len(full.claims), "sources": len(full.sources), "people": len(full.people)
    }  # fmt: skip
    assert view.errors == full.errors
    counts = full.citation_counts()
    assert view.citation_counts(full.sources) == {k: counts[k] for k in full.sources if k in counts}


# Changes to the files


@pytest.fixture
def workspace(make_workspace: WorkspaceFactory) -> Path:
    claims = {name: MINIMAL_CLAIM.replace("{id}", name) for name in ("trains", "karsava")}
    root = make_workspace(claims=claims)
    when = time.time_ns() - MINUTE_NS
    for path in root.glob("*/*.*"):
        os.utime(path, ns=(when, when))
    return root


def _statement(root: Path, name: str = "trains") -> str:
    code, out, _ = run(root, "show", name, "--format", "json")
    assert code == 0
    return str(json.loads(out)["statement"])


def test_an_edited_file_is_read_again(workspace: Path) -> None:
    assert "nearly 130" in _statement(workspace)
    path = workspace / "claims" / "trains.yaml"
    path.write_text(path.read_text("utf-8").replace("nearly 130", "about 130"), "utf-8")
    assert "about 130" in _statement(workspace)


@pytest.mark.parametrize("racy", [False, True], ids=["edited", "edited-in-the-same-tick"])
def test_after_an_edit_only_the_changed_chunk_is_compared(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, racy: bool
) -> None:
    """The names are those of the last refresh: the files are not all compared again."""
    refreshing = sys.modules["claimref.index.refresh"]  # (the package exports its function)
    path = workspace / "claims" / "trains.yaml"
    now = time.time_ns()
    if racy:
        os.utime(path, ns=(now, now))
    assert "nearly 130" in _statement(workspace)
    path.write_text(path.read_text("utf-8").replace("nearly 130", "about 130"), "utf-8")
    if racy:
        os.utime(path, ns=(now, now))

    def every_file(*args: object, **kwargs: object) -> None:
        raise AssertionError("every file compared")

    monkeypatch.setattr(refreshing, "data_entries", every_file)
    assert "about 130" in _statement(workspace)
    assert "about 130" in _statement(workspace)


@pytest.mark.parametrize("args", [["claims"], ["sources"], ["show", "trains"]], ids=ids)
def test_a_build_shared_among_workers_answers_as_a_full_load(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setattr(sys.modules["claimref.index.refresh"], "PARALLEL_FROM", 1)
    assert_same_as_full_load(workspace, args)


@pytest.mark.parametrize("cut", [1, 3, 4, 5, 64, 10_000], ids=lambda n: f"{n}-bytes")
def test_the_workers_frames_are_read_whole_however_the_pipe_cuts_them(cut: int) -> None:
    from claimref.index import workers  # noqa: PLC0415

    frames = [["a.yaml", (1, None, "é"), [("x", 2, [("k", 0)])]], None, ["ж" * 3000]]
    data = b"".join(workers._LENGTH.pack(len(m)) + m for m in map(marshal.dumps, frames))
    buffer, found = bytearray(), []
    for start in range(0, len(data), cut):
        buffer += data[start : start + cut]
        found += workers._frames(buffer)
    assert (found, buffer) == (frames, bytearray())


def test_a_file_rewritten_in_the_same_tick_is_read_again(workspace: Path) -> None:
    """Same size, same mtime, same inode: only the racy-clean rule (and ctime) can tell."""
    path = workspace / "claims" / "trains.yaml"
    now = time.time_ns()
    os.utime(path, ns=(now, now))
    assert "nearly 130" in _statement(workspace)
    with open(path, "r+b") as stream:
        data = stream.read()
        stream.seek(0)
        stream.write(data.replace(b"nearly", b"almost"))
    os.utime(path, ns=(now, now))
    assert "almost 130" in _statement(workspace)


def test_added_and_removed_files_are_seen(workspace: Path) -> None:
    assert run(workspace, "claims")[2].startswith("2 of 2")
    (workspace / "claims" / "vetri.yaml").write_text(MINIMAL_CLAIM.replace("{id}", "vetri"))
    assert "vetri" in run(workspace, "claims")[1]
    (workspace / "claims" / "karsava.yaml").unlink()
    code, out, err = run(workspace, "claims")
    assert (code, "karsava" in out, err) == (0, False, "2 of 2 claims\n")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("broken.yaml", "id: broken\nstatement: [", id="a-claim-file-with-errors"),
        pytest.param("stray.yml", "id: stray\n", id="a-stray-file"),
        pytest.param("duplicate.yaml", MINIMAL_CLAIM.replace("{id}", "trains"), id="duplicate-id"),
        pytest.param(
            "missing.yaml",
            MINIMAL_CLAIM.replace("{id}", "missing").replace("samson1980", "samson1981"),
            id="missing-source",
        ),
    ],
)
def test_errors_are_reported_and_left_out_as_by_a_full_load(
    workspace: Path, name: str, text: str
) -> None:
    (workspace / "claims" / name).write_text(text, "utf-8")
    for args in (["claims"], ["show", "trains"], ["show", Path(name).stem], ["sources"]):
        assert_same_as_full_load(workspace, args)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_broken_link_among_the_claims_is_reported_as_by_a_full_load(workspace: Path) -> None:
    (workspace / "claims" / "gone.yaml").symlink_to(workspace / "nowhere.yaml")
    assert_same_as_full_load(workspace, ["claims"])


# The database itself


def _database(root: Path) -> Path:
    file = db.database_file(root)
    assert file is not None
    return file


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"garbage" * 1000, id="garbage"),
        pytest.param(b"SQLite format 3\x00" + b"\xff" * 4000, id="damaged-header"),
    ],
)
def test_a_damaged_database_is_built_again(workspace: Path, content: bytes) -> None:
    assert_same_as_full_load(workspace, ["claims"])
    file = _database(workspace)
    for companion in ("-wal", "-shm"):
        Path(f"{file}{companion}").unlink(missing_ok=True)
    file.write_bytes(content)
    assert_same_as_full_load(workspace, ["claims"])
    conn = sqlite3.connect(file)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    conn.close()


def test_a_foreign_database_is_emptied_and_built_again(workspace: Path) -> None:
    file = _database(workspace)
    file.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(file)
    with conn:
        conn.execute("CREATE TABLE claims(id, statement)")
        conn.execute("INSERT INTO claims VALUES ('trains', 'forged')")
    conn.close()
    file.chmod(0o600)
    assert_same_as_full_load(workspace, ["show", "trains"])
    assert "forged" not in _statement(workspace)


def test_deleting_the_index_changes_only_speed(workspace: Path) -> None:
    assert_same_as_full_load(workspace, ["claims", "--search", "samsons"])
    _database(workspace).unlink()
    assert_same_as_full_load(workspace, ["claims", "--search", "samsons"])


# Several commands at once


def _refresh_and_count(root: str, cache: str) -> tuple[int, int, int]:
    os.environ["CLAIMREF_CACHE_DIR"] = cache
    view = open_view(Path(root))
    assert view is not None
    try:
        return view.counts["claims"], view.counts["sources"], len(view.errors)
    finally:
        view.close()


def _edit_claims(root: str, rounds: int) -> None:
    """Rewrite 20 claim files ``rounds`` times, each by a new file renamed over it (as claimref and
    most editors write): a reader sees the old text or the new one. (Written in place, a reader
    may see the file empty between truncation and writing: an error of that moment, not of the
    index.)"""
    for number in range(rounds):
        for path in sorted(Path(root, "claims").glob("*.yaml"))[:20]:
            text = path.read_text("utf-8")
            new = path.with_name(f".{path.name}.new")
            new.write_text(text.replace("statement: ", f"statement: {number} ", 1), "utf-8")
            os.replace(new, path)


@pytest.mark.slow
def test_concurrent_commands_leave_a_consistent_index(
    generated: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Four processes build the index at once from nothing while another edits claims; each gets a
    whole answer, and the index then loads as the files do."""
    cache = str(tmp_path_factory.mktemp("concurrent-cache"))
    context = multiprocessing.get_context("spawn")  # SQLite connections must not cross fork
    editor = context.Process(target=_edit_claims, args=(str(generated), 3))
    with context.Pool(4) as pool:
        editor.start()
        results = pool.starmap(_refresh_and_count, [(str(generated), cache)] * 8)
        editor.join()
    assert editor.exitcode == 0
    os.environ["CLAIMREF_CACHE_DIR"] = cache
    full = load_workspace(generated)
    usable, _ = usable_part(full)
    expected = (len(usable.claims), len(usable.sources), len(full.errors))
    assert all(r[1:] == expected[1:] for r in results), results
    assert _refresh_and_count(str(generated), cache) == expected
    cached = DiskParseCache.for_root(generated)
    assert load_workspace(generated, cache=cached) == full


def test_two_refreshes_at_once_both_answer(workspace: Path, tmp_path: Path) -> None:
    """One holds the write lock while the other waits (SQLite's busy timeout), then finds the
    index up to date."""
    first = Index.open(workspace)
    assert first is not None
    first.conn.execute("BEGIN IMMEDIATE")
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        waiting = pool.apply_async(
            _refresh_and_count, (str(workspace), os.environ["CLAIMREF_CACHE_DIR"])
        )
        time.sleep(3)
        assert not waiting.ready(), "the second refresh waits for the first writer"
        first.conn.execute("COMMIT")
        assert waiting.get(timeout=60) == (2, 2, 0)
    first.close()


# What a look-up imports


def test_a_warm_look_up_imports_no_parser_and_no_renderer(
    workspace: Path, _parse_cache_dir: Path
) -> None:
    program = (
        "import sys\n"
        "from claimref.cli import main\n"
        "sys.argv = ['claimref', '--root', sys.argv[1], *sys.argv[2:]]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "heavy = {'yaml', 'bibtexparser', 'citeproc', 'ruamel.yaml', 'claimref.render'}\n"
        "print(sorted(heavy & set(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "CLAIMREF_CACHE_DIR": str(_parse_cache_dir)}
    for args in (
        ["show", "trains"],
        ["claims", "--search", "samsons"],
        ["sources", "--lang", "ru"],
    ):
        command = [sys.executable, "-c", program, str(workspace), *args]
        subprocess.run(command, env=env, check=True, capture_output=True)  # builds the index
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        assert done.stderr.splitlines()[-1] == "[]", done.stderr


@pytest.mark.parametrize("field", ["tags", "people"])
def test_completion_lists_tags_and_people_from_the_index(workspace: Path, field: str) -> None:
    assert claim_values(workspace, field) is None, "no index yet: the files are read"
    run(workspace, "claims")
    listed = claim_values(workspace, field)
    assert listed is not None
    assert listed == complete._list_field(workspace, field) == getattr(complete, field)(workspace)


def test_links_to_missing_sources_follow_each_change(workspace: Path) -> None:
    """Only claims change: the index looks for missing sources in the changed files alone; a
    bibliography or a duplicate id changes: everywhere. Each step answers as a full load."""
    claims, bib = workspace / "claims", workspace / "bibliography" / "sources.bib"
    broken = MINIMAL_CLAIM.replace("{id}", "vetri").replace("samson1980", "samson1981")
    steps = [
        lambda: (claims / "vetri.yaml").write_text(broken, "utf-8"),
        lambda: (claims / "trains.yaml").write_text(
            MINIMAL_CLAIM.replace("{id}", "trains").replace("samson1980", "gone"), "utf-8"
        ),
        lambda: bib.write_text(bib.read_text("utf-8").replace("samson1980", "samson1981")),
        lambda: (claims / "zz.yaml").write_text(broken.replace("id: vetri", "id: karsava")),
        (claims / "vetri.yaml").unlink,
        (claims / "zz.yaml").unlink,
    ]
    assert_same_as_full_load(workspace, ["claims"])
    for step in steps:
        step()
        assert_same_as_full_load(workspace, ["claims"])
        assert_same_as_full_load(workspace, ["sources"])


@pytest.mark.parametrize("model", list(codec.STORED), ids=lambda cls: cls.__name__)
def test_the_index_stores_every_field_of_the_model(model: type) -> None:
    """A field added to a model class must be added to the codec too, or the index drops it."""
    assert tuple(f.name for f in dataclasses.fields(model)) == codec.STORED[model]


def test_a_claim_with_every_field_loads_from_the_index_as_from_its_file(
    workspace: Path,
) -> None:
    full = MINIMAL_CLAIM.replace("{id}", "full") + (
        "note: A note.\n"
        "accept:\n  - rule: no-link\n    reason: on purpose\n"
        "history:\n  - {date: '2024-01-02', by: me, from: unverified, to: disputed, note: why}\n"
        "wikidata: {item: Q1003, property: P1120, value: {quantity: '130'}}\n"
    )
    (workspace / "claims" / "full.yaml").write_text(full, "utf-8")
    plain = load_workspace(workspace)
    assert not plain.errors, plain.errors
    for _ in range(2):
        cached = load_workspace(workspace, cache=DiskParseCache.for_root(workspace))
        assert cached == plain
    assert cached.claims["full"].wikidata is not None


def test_fast_folding_drops_the_same_marks_as_the_definition() -> None:
    """translit.fold drops the usual accents by one substitution and others one by one: it must
    give what the per-character definition gives, for every code point (in runs of 512, each
    after a letter it may combine with)."""
    import unicodedata  # noqa: PLC0415

    from claimref.translit import fold  # noqa: PLC0415

    def defined(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()

    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    for start in range(0, len(points), 512):
        text = "".join("a" + ch for ch in points[start : start + 512])
        assert fold(text) == defined(text), hex(ord(points[start]))
    for text in ("Kārsava", "Звёздочка", "ASCII only", "", "e\u0301\u0483\u302a"):
        assert fold(text) == defined(text)


@pytest.mark.parametrize(
    "name", ["a.yaml", ".yaml", "a.", "a.b.yaml", "..yaml", "x", "ā-1.yaml", "...", "a..yaml"]
)
def test_a_file_name_s_stem_is_pathlib_s(name: str) -> None:
    from claimref.store import _stem  # noqa: PLC0415

    assert _stem(name) == Path(name).stem


def test_a_file_that_grew_after_its_status_was_taken_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store reads the size the status gave and one byte more, then on to the end."""
    from claimref import store  # noqa: PLC0415

    path = tmp_path / "grown.yaml"
    path.write_bytes(b"x" * 200_000)
    real = os.fstat

    def smaller(descriptor: int) -> os.stat_result:
        status = list(real(descriptor))
        status[6] = 10  # st_size, as before the file grew
        return os.stat_result(status)

    monkeypatch.setattr(store.os, "fstat", smaller)
    data, status = store._read_bytes(path)
    assert (len(data), status.st_size) == (200_000, 10)


PLAIN_SCALARS = [
    "", "~", "null", "Null", "NULL", "yes", "No", "on", "OFF", "y", "n", "true", "False", "1",
    "-1", "+1", "0x1f", "0o7", "0b11", "1_000", "1:20", "190:20:30", ".5", "-.inf", ".NaN",
    "1e3", "2024-01-02", "2024-01-02T10:00:00Z", "<<", "=", "madona-1944-08116", "src08116",
    "supports", "page", "-x", ".x", "Ā", "Рига", "3 lorries", "t", "o",
]  # fmt: skip


def test_the_loader_resolves_tags_as_the_safe_loader() -> None:
    """yamlnodes.Loader skips the resolvers for a list, a mapping, and a plain scalar whose first
    character starts no pattern: every tag must still be the pure-Python safe loader's."""
    import yaml  # noqa: PLC0415

    from claimref.formats.yamlnodes import Loader  # noqa: PLC0415

    def tags(node: yaml.Node) -> list[str]:
        if isinstance(node, yaml.ScalarNode):
            return [node.tag]
        items = node.value if isinstance(node, yaml.SequenceNode) else sum(node.value, ())
        return [node.tag] + [tag for item in items for tag in tags(item)]

    block = "".join(f"k{n}: {value}\n" for n, value in enumerate(PLAIN_SCALARS))
    flow = "[" + ", ".join(value or "''" for value in PLAIN_SCALARS) + "]\n"
    text = f"{block}list:\n  - {flow}  - {{a: [1, x], b: {{c: no}}}}\n"
    ours, safe = (tags(yaml.compose(text, Loader=loader)) for loader in (Loader, yaml.SafeLoader))
    assert ours == safe
    assert "tag:yaml.org,2002:bool" in ours and "tag:yaml.org,2002:int" in ours


def test_tags_folded_at_once_are_each_tag_folded() -> None:
    """The index folds a claim's tags joined by line breaks in one call: it must give each tag
    folded on its own, joined, also for a tag that begins with a mark or folds to more letters."""
    from claimref.translit import fold  # noqa: PLC0415

    tags = ["\u0301start", "Straße", "ﬁle", "Ёлка", "e\u0301", "\u0327\u0301", "ǅ", "한국어", "x"]
    for count in range(len(tags) + 1):
        chosen = tags[count:] + tags[:count]
        assert fold("\n".join(chosen)) == "\n".join(fold(t) for t in chosen)


@pytest.mark.parametrize("text", ["", "[1] x", "[1][2]", "[1,", "nul", " [1]", "[1]\n", "\ud800"])
def test_a_row_that_is_not_one_json_value_is_refused(text: str) -> None:
    """codec.loads calls the JSON scanner directly: text that is not exactly one value, as
    codec.dumps writes it, is a damaged row (ValueError), never half read."""
    from claimref.index import codec  # noqa: PLC0415

    try:
        codec.loads(text)
    except ValueError:
        return
    pytest.fail(f"{text!r} was read")


def test_rows_read_back_as_written() -> None:
    from claimref.index import codec  # noqa: PLC0415

    value = [1, -2.5, 'é\n"\\', None, True, {"k": ["ж", []]}, [], {}]
    assert codec.loads(codec.dumps(value)) == value
    assert codec.loads(codec.dumps(value).encode()) == value


def test_a_new_index_has_large_pages(workspace: Path) -> None:
    from claimref.index import db  # noqa: PLC0415

    index = Index.open(workspace)
    assert index is not None
    try:
        assert index.conn.execute("PRAGMA page_size").fetchone()[0] == db.PAGE_SIZE
        assert index.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        index.close()
