"""Property: random sequences of the claim verbs on a copy of the dataset leave no error (neither
loading nor ``claimref check`` finds one) and keep every comment and every untouched byte."""

from __future__ import annotations

import difflib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimref.edit import claims, links
from claimref.edit.rename import rename_claim
from claimref.errors import Severity, UsageError
from claimref.store import load_workspace
from claimref.validate import check

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
IDS = sorted(p.stem for p in (PROJECT / "claims").glob("*.yaml"))
KEYS = ["strods2006", "samson1980", "izvestnyi2008", "wikipedia-soviet-partisans-latvia"]
#: Texts YAML could misread, or that need folding: each must come back as written.
NOTES = ["yes", "on", "2024-01-02", "a: b # c", "- dash", "Vītols, Вилис Самсон", "x " * 70, "1.0"]


def with_comments(text: str, n: int) -> str:
    """``text`` with comments on top, after the id, before ``reliability:`` and at the end."""
    text = text.replace("\n", f"  # id comment {n}\n", 1)
    text = text.replace("\nreliability:", f"\n# before reliability {n}\nreliability:", 1)
    return f"# top comment {n}\n{text}# end comment {n}\n"


def comments(n: int) -> list[str]:
    return [
        f"# top comment {n}",
        f"  # id comment {n}",
        f"# before reliability {n}",
        f"# end comment {n}",
    ]


@dataclass
class Trial:
    """A copy of the dataset (with comments in every claim file) and what was done to it."""

    root: Path
    original: dict[str, str] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)  # original id → id now
    touched: dict[str, set[str]] = field(default_factory=dict)  # original id → top-level keys
    added: dict[str, list[str]] = field(default_factory=dict)  # original id → links added
    renamed: set[str] = field(default_factory=set)  # every id renamed (notes may mention it)

    @classmethod
    def make(cls, root: Path) -> Trial:
        for folder in ("bibliography", "people"):
            shutil.copytree(PROJECT / folder, root / folder)
        (root / "claims").mkdir()
        trial = cls(root)
        for n, claim_id in enumerate(IDS):
            text = with_comments((PROJECT / "claims" / f"{claim_id}.yaml").read_text("utf-8"), n)
            (root / "claims" / f"{claim_id}.yaml").write_text(text, "utf-8")
            trial.original[claim_id], trial.current[claim_id] = text, claim_id
        return trial

    def touch(self, claim_id: str, key: str) -> None:
        self.touched.setdefault(claim_id, set()).add(key)

    def text(self, claim_id: str) -> str:
        return (self.root / "claims" / f"{self.current[claim_id]}.yaml").read_text("utf-8")


def block_lines(text: str, keys: set[str]) -> set[str]:
    """The lines of the top-level fields ``keys``."""
    found: set[str] = set()
    inside = False
    for line in text.splitlines():
        if line[:1] not in (" ", "#", ""):
            inside = line.split(":")[0] in keys
        if inside:
            found.add(line)
    return found


OPERATION = st.one_of(
    st.tuples(st.just("link"), st.sampled_from(IDS), st.sampled_from(KEYS),
              st.sampled_from(["supports", "disputes", "qualifies", "mentions"]),
              st.one_of(st.none(), st.integers(1, 400)), st.sampled_from(["", *NOTES])),
    st.tuples(st.just("unlink"), st.sampled_from(IDS)),
    st.tuples(st.just("verify"), st.sampled_from(IDS), st.booleans()),
    st.tuples(st.just("status"), st.sampled_from(IDS),
              st.sampled_from(["established", "probable", "disputed", "doubtful", "unverified"]),
              st.one_of(st.none(), st.integers(1, 6)), st.sampled_from(NOTES)),
    st.tuples(st.just("rename"), st.sampled_from(IDS)),
)  # fmt: skip


def apply(trial: Trial, operation: tuple[object, ...]) -> None:
    """Do one operation, when it applies (a refused one must change nothing, which is checked at
    the end with the rest)."""
    verb, original = str(operation[0]), str(operation[1])
    now = trial.current[original]
    if verb == "link":
        _, _, key, stance, page, note = operation
        target = f"{key}@p. {page}" if page else str(key)
        try:
            links.link(trial.root, now, target, str(stance), note=str(note))
        except UsageError:  # already linked there
            return
        trial.added.setdefault(original, []).append(target)
        trial.touch(original, "links")
    elif verb == "unlink" and trial.added.get(original):
        links.unlink(trial.root, now, trial.added[original].pop())
    elif verb == "verify" and trial.added.get(original):
        links.verify(trial.root, now, trial.added[original][-1], by="Tester", on="2026-12-01",
                     undo=bool(operation[2]))  # fmt: skip
    elif verb == "status":
        _, _, status, credibility, note = operation
        claims.set_status(trial.root, now, str(status), str(note),
                          credibility=credibility if isinstance(credibility, int) else None,
                          by="Tester", on="2026-12-01")  # fmt: skip
        trial.touch(original, "reliability")
    elif verb == "rename":
        new = f"{now}-r" if not now.endswith("-r") else now[:-2]
        rename_claim(trial.root, now, new)
        trial.current[original] = new
        trial.touch(original, "id")
        trial.renamed.add(now)


@settings(max_examples=25, deadline=None)
@given(st.lists(OPERATION, min_size=1, max_size=8))
def test_random_edits_leave_no_error_and_keep_untouched_bytes(
    operations: list[tuple[object, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        trial = Trial.make(Path(folder))
        for operation in operations:
            apply(trial, operation)
        workspace = load_workspace(trial.root)
        assert workspace.errors == ()
        assert check(workspace).count(Severity.ERROR) == 0
        for n, claim_id in enumerate(IDS):
            before, after = trial.original[claim_id], trial.text(claim_id)
            assert all(comment in after for comment in comments(n)), claim_id
            keys = trial.touched.get(claim_id, set())
            mentions = {
                line for line in before.splitlines() if any(i in line for i in trial.renamed)
            }
            if not keys and not mentions:
                assert after == before, claim_id
                continue
            allowed = block_lines(before, keys) | mentions
            removed = [
                line
                for tag, i1, i2, _, _ in difflib.SequenceMatcher(
                    None, before.splitlines(), after.splitlines(), autojunk=False
                ).get_opcodes()
                if tag in ("replace", "delete")
                for line in before.splitlines()[i1:i2]
            ]
            assert set(removed) <= allowed, claim_id
