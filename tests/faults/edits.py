"""The edits of the concurrency trials and the checks that every one of them landed exactly once.

``source add``: worker w's round r adds a book titled "Race w<w> r<r>" (all by one author, the
year 1500 + r, so that keys collide between the workers and get a, b… suffixes). ``link`` and
``status``: even rounds set the claim's status with the note "w<w> r<r>" (one history entry each),
odd rounds link the claim to a source of its own (added beforehand) with that note.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from claimref.formats import bibtex
from tests.faults.concurrency import Edit

CLAIM = "samsons-130-trains"
BIB = Path("bibliography") / "sources.bib"


def add_edit(root: Path) -> Edit:
    """``claimref source add`` of one new book per round."""

    def edit(worker: int, round_: int) -> list[str]:
        return ["--root", str(root), "source", "add", "--type", "book",
                "--author", "Vītols, Jānis", "--title", f"Race w{worker} r{round_}",
                "--date", str(1500 + round_), "--langid", "latvian"]  # fmt: skip

    return edit


def check_adds(root: Path, workers: int, rounds: int) -> list[str]:
    """Problems: a race title missing or there twice, a key twice (also by case), an entry count
    other than before + workers × rounds."""
    text = (root / BIB).read_text("utf-8")
    sources = bibtex.loads(text, str(root / BIB)).sources
    titles = Counter(s.get("title") for s in sources)
    keys = Counter(s.key.casefold() for s in sources)
    problems = [f"key {k!r} {n} times" for k, n in keys.items() if n > 1]
    for worker in range(workers):
        for round_ in range(rounds):
            count = titles[f"Race w{worker} r{round_}"]
            if count != 1:
                problems.append(f"worker {worker} round {round_}: {count} entries")
    extra = sum(n for t, n in titles.items() if not t.startswith("Race w"))
    before = len(bibtex.loads(_dataset_bib(), "dataset").sources)
    if extra != before:
        problems.append(f"{extra} other entries, {before} before")
    return problems


def _dataset_bib() -> str:
    from tests.faults.workspace import PROJECT  # noqa: PLC0415

    return (PROJECT / BIB).read_text("utf-8")


def race_key(worker: int, round_: int) -> str:
    """The key of the source worker ``worker`` links in round ``round_``."""
    return f"racew{worker}r{round_}"


def prepare_link_race(root: Path, workers: int, rounds: int) -> list[str]:
    """Append one source per linking round to the bibliography; their keys."""
    keys = [race_key(w, r) for w in range(workers) for r in range(1, rounds, 2)]
    entries = "".join(
        f"\n@book{{{key},\n  author = {{Race, Worker}},\n  title = {{Race source {key}}},\n"
        f"  date = {{1990}},\n  langid = {{english}},\n}}\n"
        for key in keys
    )
    path = root / BIB
    path.write_text(path.read_text("utf-8") + entries, "utf-8")
    return keys


def link_status_edit(root: Path) -> Edit:
    """Even rounds: ``claimref status``; odd rounds: ``claimref link`` to the round's own source."""

    def edit(worker: int, round_: int) -> list[str]:
        note = f"w{worker} r{round_}"
        if round_ % 2 == 0:
            status = ("disputed", "doubtful")[(round_ // 2) % 2]
            return ["--root", str(root), "status", CLAIM, status, "--note", note]
        return ["--root", str(root), "link", CLAIM, race_key(worker, round_),
                "--stance", "mentions", "--note", note]  # fmt: skip

    return edit


def check_links_and_statuses(root: Path, workers: int, rounds: int) -> list[str]:
    """Problems: a status change missing from the claim's history or there twice; a link missing,
    there twice, or with another round's note."""
    data: dict[str, Any] = yaml.safe_load((root / "claims" / f"{CLAIM}.yaml").read_text("utf-8"))
    notes = Counter(str(entry.get("note")) for entry in data.get("history") or [])
    links = Counter(str(link.get("source")) for link in data.get("links") or [])
    link_notes = {str(link.get("source")): link.get("note") for link in data.get("links") or []}
    problems = []
    for worker in range(workers):
        for round_ in range(rounds):
            note = f"w{worker} r{round_}"
            if round_ % 2 == 0 and notes[note] != 1:
                problems.append(f"status {note}: {notes[note]} history entries")
            key = race_key(worker, round_)
            if round_ % 2 == 1 and (links[key] != 1 or link_notes.get(key) != note):
                problems.append(f"link {note}: {links[key]} links, note {link_notes.get(key)!r}")
    return problems


IMPORT_ENTRY = """\
@book{{{key},
  author = {{Vītols, Jānis}},
  title = {{Imported {key}}},
  date = {{{year}}},
  langid = {{latvian}},
}}
"""


def import_key(trial: int, worker: int, entry: int) -> str:
    """The key of entry ``entry`` of worker ``worker``'s import file in trial ``trial``."""
    return f"t{trial}w{worker}e{entry}"


def import_edit(root: Path, folder: Path, trial: int, workers: int, entries: int = 3) -> Edit:
    """``claimref import`` of a file of ``entries`` new books per worker (written now)."""
    folder.mkdir(parents=True, exist_ok=True)
    for worker in range(workers):
        keys = [import_key(trial, worker, e) for e in range(entries)]
        text = "\n".join(IMPORT_ENTRY.format(key=k, year=1900 + i) for i, k in enumerate(keys))
        (folder / f"w{worker}.bib").write_text(text, "utf-8")

    def edit(worker: int, round_: int) -> list[str]:
        return ["--root", str(root), "import", str(folder / f"w{worker}.bib")]

    return edit


def check_imports(root: Path, trial: int, workers: int, entries: int = 3) -> tuple[int, int]:
    """(entries lost, entries doubled) after every worker imported its file once."""
    text = (root / BIB).read_text("utf-8")
    counts = [text.count(f"@book{{{import_key(trial, w, e)},")
              for w in range(workers) for e in range(entries)]  # fmt: skip
    return sum(c == 0 for c in counts), sum(c > 1 for c in counts)


def rekey_and_read_edit(root: Path, reader: tuple[str, ...] = ("check",)) -> Edit:
    """Worker 0 rekeys samson1980 (four files) back and forth; the others run ``reader`` (`claimref
    check`, or a reading command that answers from the index, started early as the command line
    starts it), which must never see half a rekey (a claim linking to a key the bibliography no
    longer has: an error, exit 1)."""

    def edit(worker: int, round_: int) -> list[str]:
        if worker == 0:
            old, new = ("samson1980", "samson1980vp")[:: 1 if round_ % 2 == 0 else -1]
            return ["--root", str(root), "rekey", old, new]
        return ["--root", str(root), *reader]

    return edit
