"""``claimref rename``: give a claim a new id, in one transaction with every mention of the old one.

A claim id is the name of its file and its ``id`` field. No field of the data format refers to a
claim (links name sources, ``accept`` names rules, people files name people), but notes do, in
prose ("the figures themselves are in partisan-losses-3243-figure"): the old id, where it stands as
a whole word in a ``note`` or an ``accept`` reason of any claim or person file, becomes the new one.
Quotes and statements are never changed (a quote is the source's own words). The renamed file, the
removal of the old one and the changed mentions are written together or not at all (the
transaction's journal). Documentation outside the data folders is not touched.
"""

from __future__ import annotations

from pathlib import Path

from claimref.edit import yamledit
from claimref.edit.claims import (
    Outcome,
    claim_path,
    commit,
    read_claim,
    refuse_twin,
    stage_claim,
)
from claimref.edit.transaction import Transaction, transaction
from claimref.errors import ClaimrefError
from claimref.formats.claimfile import CLAIM_KEYS
from claimref.safewrite import shown

#: The keys whose texts may mention a claim id.
PROSE_KEYS = frozenset({"note", "reason"})


def rename_claim(root: Path, old: str, new: str, dry_run: bool = False) -> Outcome:
    """Rename the claim ``old`` to ``new``: its file, its id, and every mention in notes."""
    with transaction(root) as tx:
        path, text, claim = read_claim(tx, root, old)
        target = claim_path(root, new)
        refuse_twin(root, new)
        doc = yamledit.Document(text, shown(path))
        yamledit.put(doc.data, "id", new, CLAIM_KEYS)
        mentions = yamledit.replace_word(doc.data, old, new, PROSE_KEYS)
        tx.delete(path)
        stage_claim(tx, target, doc.dumps(), claim)
        files = 0
        for other in _mentioning(root, old, {path}):
            found = _rename_mentions(tx, other, old, new)
            files, mentions = files + bool(found), mentions + found
        also = f"; {mentions} mention(s) in notes changed" if mentions else ""
        also += f" ({files} other file(s))" if files else ""
        return commit(
            tx, f"{shown(path)} → {shown(target)}: claim '{old}' is now '{new}'{also}", dry_run
        )


def _mentioning(root: Path, word: str, skip: set[Path]) -> list[Path]:
    """The claim and person files whose bytes contain ``word`` (a quick filter before parsing)."""
    needle = word.encode("utf-8")
    found = []
    for folder in ("claims", "people"):
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")):
            if path not in skip and not path.name.startswith("."):
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise ClaimrefError(f"{shown(path)}: error: {exc.strerror or exc}") from None
                if needle in data:
                    found.append(path)
    return found


def _rename_mentions(tx: Transaction, path: Path, old: str, new: str) -> int:
    """Stage ``path`` with ``old`` replaced in its notes; how many were replaced."""
    text = tx.read(path)
    if text is None:
        return 0
    doc = yamledit.Document(text, shown(path))
    count = yamledit.replace_word(doc.data, old, new, PROSE_KEYS)
    if count:
        tx.write(path, doc.dumps())
    return count
