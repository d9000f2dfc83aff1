"""Property (issue 11 §5): random sequences of all the write commands (new, link, unlink, status,
verify, source add, rekey), run through the command line on a copy of the dataset with comments in
every claim, people and .bib file, leave neither loading nor ``claimref check`` an error, keep every
comment, keep every file no command targeted byte for byte, and keep every .bib entry no command
targeted byte for byte. (tests/test_edit_properties.py checks the claim verbs through the library,
field by field; this one adds the source verbs, ``new`` and the command line.)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimref.errors import Severity
from claimref.store import load_workspace
from claimref.validate import check
from tests.conftest import run
from tests.faults.scenarios import missing
from tests.faults.workspace import copy_dataset, snapshot

COMMANDS = (
    ("new",),
    ("link",),
    ("unlink",),
    ("status",),
    ("verify",),
    ("source", "add"),
    ("rekey",),
)
BIB = "bibliography/sources.bib"
ENTRY_START = re.compile(r"(?m)^(?=@)")
STANCES = ("supports", "disputes", "qualifies", "mentions")
STATUSES = ("established", "probable", "disputed", "doubtful", "unverified")
#: Texts YAML or BibTeX could misread; each must come back as written or be refused cleanly.
EXAMPLES = int(os.environ.get("CLAIMREF_SEQUENCE_EXAMPLES", "20"))  # by hand: more
TEXTS = (
    "yes",
    "2024-01-02",
    "a: b # c",
    "- dash",
    "Vītols, Вилис Самсон",
    "50% {braced}",
    "x " * 60,
)


def _add_comments(root: Path) -> list[str]:
    """Put comments in every data file (claims and people: first and last line; the .bib: before
    every entry and at the end); return them."""
    added = []
    for path in sorted([*root.glob("claims/*.yaml"), *root.glob("people/*.yaml")]):
        top, end = f"# top of {path.stem}", f"# end of {path.stem}"
        path.write_text(f"{top}\n{path.read_text('utf-8')}{end}\n", "utf-8")
        added += [top, end]
    bib = root / BIB
    parts = [part for part in ENTRY_START.split(bib.read_text("utf-8")) if part]
    marked = [f"% before entry {n}\n{part}" for n, part in enumerate(parts)]
    bib.write_text("".join(marked) + "% end of the bibliography\n", "utf-8")
    return [
        *added,
        *(f"% before entry {n}" for n in range(len(marked))),
        "% end of the bibliography",
    ]


@dataclass
class Sequence:
    """A workspace copy, what it held at the start, and which of its files and entries the
    commands so far were allowed to change."""

    root: Path
    comments: list[str]
    before: dict[str, bytes]
    claims: list[str]
    keys: list[str]
    links: dict[str, list[str]] = field(default_factory=dict)  # claim → KEY[@LOCATOR] added
    targeted: set[str] = field(default_factory=set)  # files (as at the start) a command changed
    renamed: dict[str, str] = field(default_factory=dict)  # old key → new key
    count: int = 0

    @classmethod
    def start(cls, root: Path) -> Sequence:
        copy_dataset(root)
        comments = _add_comments(root)
        ws = load_workspace(root)
        return cls(root, comments, snapshot(root), sorted(ws.claims), sorted(ws.sources))

    def mentioning(self, word: str) -> set[str]:
        """The files (as at the start) whose current text holds ``word``."""
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
        return {
            name
            for name in self.before
            if (self.root / name).exists() and pattern.search((self.root / name).read_text("utf-8"))
        }


def _claim_file(claim: str) -> str:
    return f"claims/{claim}.yaml"


def _step(seq: Sequence, data: st.DataObject) -> None:
    """Draw one command that applies now, run it, and note what it may change."""
    verb = data.draw(st.sampled_from(["new", "link", "unlink", "status", "verify", "add", "rekey"]))
    claim = data.draw(st.sampled_from(seq.claims))
    seq.count += 1
    n = seq.count
    if verb == "new":
        new = f"drawn-claim-{n}"
        text = data.draw(st.sampled_from(TEXTS))
        _ok(seq, "new", new, "--statement", f"A statement: {text}", "--tag", "drawn")
        # A claim with no link is an error to `check` (no-link): link it at once, as the README's
        # "Recording claims" does, so that the sequence never leaves an error behind.
        key = data.draw(st.sampled_from(seq.keys))
        _ok(seq, "link", new, key, "--stance", "mentions")
        seq.claims.append(new)
        seq.links[new] = []  # that first link stays: unlink refuses to remove the last one
    elif verb == "link":
        key = data.draw(st.sampled_from(seq.keys))
        target = f"{key}@p. {n}"
        args = ["--stance", data.draw(st.sampled_from(STANCES))]
        if data.draw(st.booleans()):
            args += ["--quote", data.draw(st.sampled_from(TEXTS)), "--lang", "lv"]
        _ok(seq, "link", claim, target, *args, "--note", data.draw(st.sampled_from(TEXTS)))
        seq.links.setdefault(claim, []).append(target)
        seq.targeted.add(_claim_file(claim))
    elif verb in ("unlink", "verify") and seq.links.get(claim):
        target = seq.links[claim][-1]
        if verb == "unlink":
            _ok(seq, "unlink", claim, target)
            seq.links[claim].pop()
        else:
            _ok(seq, "verify", claim, target, "--by", "A. Tester", "--on", "2026-12-01")
        seq.targeted.add(_claim_file(claim))
    elif verb == "status":
        status = data.draw(st.sampled_from(STATUSES))
        note = data.draw(st.sampled_from(TEXTS))
        _ok(seq, "status", claim, status, "--note", note, "--by", "A. Tester", "--on", "2026-12-01")
        seq.targeted.add(_claim_file(claim))
    else:
        _source_step(seq, data, verb, n)


def _source_step(seq: Sequence, data: st.DataObject, verb: str, n: int) -> None:
    if verb == "add":
        title = data.draw(st.sampled_from(TEXTS))
        _ok(seq, "source", "add", "--type", "book", "--author", "Ozols, Kārlis", "--title",
            f"Book {n}: {title}", "--date", str(1900 + n), "--langid", "latvian")  # fmt: skip
        seq.keys = sorted(load_workspace(seq.root).sources)
        seq.targeted.add(BIB)
    elif verb == "rekey":
        key = data.draw(st.sampled_from(seq.keys))
        new = f"{key.split('-')[0]}x{n}"
        seq.targeted |= seq.mentioning(key) | {BIB}
        _ok(seq, "rekey", key, new)
        seq.keys = [new if k == key else k for k in seq.keys]
        seq.links = {
            c: [t.replace(f"{key}@", f"{new}@") for t in ts] for c, ts in seq.links.items()
        }
        seq.renamed[key] = new


def _ok(seq: Sequence, *args: str) -> None:
    code, _, err = run(seq.root, *args)
    assert code == 0, f"claimref {' '.join(args)} exited {code}:\n{err}"


def _untargeted_entries(seq: Sequence) -> list[str]:
    """The .bib entries (with the comment before each) as at the start, less those rekeyed or
    naming a rekeyed key."""
    chunks = ENTRY_START.split(seq.before[BIB].decode("utf-8"))
    return [c for c in chunks if c and not any(old in c for old in seq.renamed)]


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), length=st.integers(1, 8))
def test_random_write_commands_keep_the_data_valid_and_untouched_bytes(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, length: int
) -> None:
    reasons = [missing(command) for command in COMMANDS]
    if any(reasons):
        pytest.skip("; ".join(r for r in reasons if r))
    seq = Sequence.start(tmp_path_factory.mktemp("seq") / "ws")
    for _ in range(length):
        _step(seq, data)
    ws = load_workspace(seq.root)
    assert ws.errors == ()
    assert check(ws).count(Severity.ERROR) == 0
    now = snapshot(seq.root)
    text = "\n".join(v.decode("utf-8") for v in now.values())
    assert [c for c in seq.comments if c not in text] == []
    for name, content in seq.before.items():
        if name not in seq.targeted:
            assert now.get(name) == content, f"{name} changed, though no command targeted it"
    bib = now[BIB].decode("utf-8")
    assert [c[:60] for c in _untargeted_entries(seq) if c not in bib] == []
