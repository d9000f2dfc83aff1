"""The verbs that change a claim: new, edit and status (links: :mod:`.links`; rename: :mod:`.rename`).

Each verb is one function over a workspace root. It takes the workspace lock and reads the one claim
file it changes through a :class:`~claimref.edit.transaction.Transaction` (never the whole
workspace: cite keys are looked up in the raw bibliography by :mod:`.bibkeys`), changes the YAML
round trip (:mod:`.yamledit`, so that untouched bytes stay as they were), refuses a result with an
error the claim did not have (the loader's rules, and the ``check`` rules that need only the claim),
and commits; with ``dry_run`` it returns the diff and writes nothing. Printing is the CLI's job.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from claimref.citekey import fold
from claimref.config import load_settings
from claimref.edit import yamledit
from claimref.edit.transaction import Change, Transaction, transaction
from claimref.errors import ClaimrefError, DataError, Finding, Severity, UsageError
from claimref.formats.claimfile import CLAIM_KEYS, loads
from claimref.model import Claim, Status, is_edtf_date
from claimref.safewrite import shown

#: A claim id: what the loader accepts, and so what may name a file in claims/.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: The ``check`` rules that judge one claim alone (run on the changed claim before writing; a
#: verb must not bring their findings, whatever their severity in ``check``).
CLAIM_RULES = ("no-link",)
RELIABILITY_KEYS = ("status", "credibility", "note")
#: Where a link's keys start (``links:`` at column 0, ``  - source:``), for folding long texts.
LINK_COLUMN = yamledit.SEQUENCE_INDENT


class ChangedMeanwhileError(ClaimrefError):
    """The claim file changed while it was being edited (``claimref edit``); nothing written."""


@dataclass(frozen=True)
class Outcome:
    """What a verb did, or on a dry run would do: a one-line summary, the unified diff of every
    file, the changes, and whether they were written."""

    message: str
    diff: str
    changes: tuple[Change, ...]
    written: bool
    notes: tuple[str, ...] = ()


def today() -> str:
    """Today's date, YYYY-MM-DD."""
    return datetime.date.today().isoformat()


def claim_path(root: Path, claim_id: str) -> Path:
    """``root/claims/ID.yaml``; an id the loader would refuse is a :class:`UsageError`."""
    if not ID_PATTERN.match(claim_id):
        raise UsageError(
            f"'{claim_id}' is not a claim id: use lowercase letters, digits and '-' "
            "(e.g. samsons-130-trains)"
        )
    return root / "claims" / f"{claim_id}.yaml"


def claim_ids(root: Path) -> list[str]:
    """The ids of the claim files, as their names give them."""
    try:
        names = os.listdir(root / "claims")
    except FileNotFoundError:
        return []
    return [n[:-5] for n in names if n.endswith(".yaml") and not n.startswith(".")]


def refuse_twin(root: Path, claim_id: str) -> None:
    """Refuse an id that is taken, also by a file whose name differs only in case or Unicode form
    (:func:`claimref.citekey.fold`, as for cite keys)."""
    folded = fold(claim_id)
    twins = [i for i in claim_ids(root) if fold(i) == folded]
    if twins:
        where = shown(root / "claims" / f"{twins[0]}.yaml")
        same = "exists" if twins[0] == claim_id else f"differs only in case from '{twins[0]}'"
        raise UsageError(f"claim '{claim_id}' {same} ({where}); choose another id")


def unknown_claim(root: Path, claim_id: str) -> UsageError:
    """The error for a claim id with no file, naming the nearest ids."""
    near = difflib.get_close_matches(claim_id, claim_ids(root), n=3, cutoff=0.75)
    hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
    return UsageError(
        f"no claim '{claim_id}' ({shown(claim_path(root, claim_id))} does not exist){hint}"
    )


def read_claim(tx: Transaction, root: Path, claim_id: str) -> tuple[Path, str, Claim]:
    """The file, text and claim of ``claim_id``; an unknown id is a :class:`UsageError`, a claim
    file with errors a :class:`DataError` (fix it with ``claimref edit`` first)."""
    path = claim_path(root, claim_id)
    text = tx.read(path)
    if text is None:
        raise unknown_claim(root, claim_id)
    parsed = loads(text, shown(path), expected_id=claim_id)
    errors = [f for f in parsed.findings if f.severity is Severity.ERROR]
    if errors or parsed.claim is None:
        raise DataError(errors)
    return path, text, parsed.claim


def claim_errors(
    path: Path, text: str, before: Claim | None, allowed: Sequence[str] = ()
) -> list[Finding]:
    """The errors ``text`` would bring as the claim file ``path``: the loader's, and those of the
    :data:`CLAIM_RULES` that ``before`` (the claim as it was) did not have or ``allowed`` lets by."""
    parsed = loads(text, shown(path), expected_id=path.stem)
    errors = [f for f in parsed.findings if f.severity is Severity.ERROR]
    if errors or parsed.claim is None:
        return errors
    had = {f.rule for f in _rule_findings(path, before)} if before else set()
    return [f for f in _rule_findings(path, parsed.claim) if f.rule not in {*had, *allowed}]


def _rule_findings(path: Path, claim: Claim) -> list[Finding]:
    from claimref.store import Workspace  # noqa: PLC0415  (the rules need it; loading does not)
    from claimref.validate import RULES  # noqa: PLC0415  (imported only by verbs that write)

    alone = Workspace(path.parent.parent, MappingProxyType({}), MappingProxyType({claim.id: claim}))
    findings = [f for rule_id in CLAIM_RULES for f in RULES[rule_id].run(alone)]
    return [replace(f, severity=Severity.ERROR) for f in findings]  # a verb must not bring them


def commit(tx: Transaction, message: str, dry_run: bool, notes: Iterable[str] = ()) -> Outcome:
    """Validate what ``tx`` stages (errors refuse it), then write it, or on a dry run do not."""
    errors = tx.validate()
    if errors:
        raise DataError(errors)
    diff, changes = tx.diff(), tuple(tx.changes())
    if not dry_run and changes:
        changes = tuple(tx.commit())
    return Outcome(message, diff, changes, not dry_run and bool(changes), tuple(notes))


def stage_claim(
    tx: Transaction, path: Path, text: str, before: Claim | None, allowed: Sequence[str] = ()
) -> None:
    """Stage ``text`` for ``path`` after checking it brings no new error."""
    errors = claim_errors(path, text, before, allowed)
    if errors:
        raise DataError(errors)
    tx.write(path, text)


def new_claim(
    root: Path,
    claim_id: str,
    statement: str,
    *,
    date: str = "",
    places: Sequence[str] = (),
    people: Sequence[str] = (),
    tags: Sequence[str] = (),
    dry_run: bool = False,
) -> Outcome:
    """Write ``claims/ID.yaml``: the statement, its context, status unverified, no link yet."""
    data: dict[str, Any] = {"id": claim_id, "statement": statement}
    if date:
        data["date"] = date
    for key, values in (("places", places), ("people", people), ("tags", tags)):
        if values:
            data[key] = list(values)
    data["reliability"] = {"status": Status.UNVERIFIED.value}
    data["links"] = []
    return new_claim_text(root, claim_id, yamledit.dumps_new(data), dry_run=dry_run)


def new_claim_text(root: Path, claim_id: str, text: str, dry_run: bool = False) -> Outcome:
    """Write ``text`` (a whole claim file, e.g. from the editor) as the new claim ``claim_id``."""
    path = claim_path(root, claim_id)
    with transaction(root) as tx:
        refuse_twin(root, claim_id)
        stage_claim(tx, path, text, None, allowed=("no-link",))
        if not dry_run:
            path.parent.mkdir(exist_ok=True)
        claim = loads(text, shown(path)).claim
        status = claim.reliability.status if claim else Status.UNVERIFIED
        notes = (
            ()
            if claim and claim.links
            else (f"next: claimref link {claim_id} KEY[@LOCATOR] --stance supports",)
        )
        return commit(tx, f"{shown(path)}: new claim '{claim_id}' ({status})", dry_run, notes)


def claim_text(root: Path, claim_id: str) -> tuple[Path, str, Claim | None]:
    """The file, text and claim (None when it has errors) of ``claim_id``, read without the lock
    (for ``claimref edit``, which must not hold it while a person edits)."""
    path = claim_path(root, claim_id)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise unknown_claim(root, claim_id) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimrefError(f"{shown(path)}: error: cannot read: {exc}") from None
    return path, text, loads(text, shown(path), expected_id=claim_id).claim


def draft_errors(root: Path, claim_id: str, text: str, before: Claim | None) -> list[Finding]:
    """The errors of a claim text from the editor (``before``: the claim it replaces, if any)."""
    path = claim_path(root, claim_id)
    allowed = ("no-link",) if before is None or not before.links else ()
    return claim_errors(path, text, before, allowed)


def replace_claim_text(
    root: Path, claim_id: str, original: str, text: str, dry_run: bool = False
) -> Outcome:
    """Replace the claim file by ``text`` (``claimref edit``), unless it changed since it was read
    as ``original``."""
    with transaction(root) as tx:
        path = claim_path(root, claim_id)
        current = tx.read(path)
        if current is None:
            raise unknown_claim(root, claim_id)
        if current != original:
            raise ChangedMeanwhileError(
                f"{shown(path)}: error: changed since the editor opened it; not written"
            )
        before = loads(current, shown(path), expected_id=claim_id).claim
        allowed = ("no-link",) if before is None or not before.links else ()
        stage_claim(tx, path, text, before, allowed)
        return commit(tx, f"{shown(path)}: saved", dry_run)


def check_date(value: str, what: str) -> str:
    """``value`` when it is a day (YYYY-MM-DD), else a :class:`UsageError`."""
    if not (is_edtf_date(value) and len(value) == 10):
        raise UsageError(f"{what}: '{value}' is not a date (YYYY-MM-DD)")
    return value


def set_status(
    root: Path,
    claim_id: str,
    status: Status | str,
    note: str,
    *,
    credibility: int | None = None,
    by: str = "",
    on: str = "",
    dry_run: bool = False,
) -> Outcome:
    """Set the claim's status (and credibility), with ``note`` saying why (the reliability note),
    and append a dated entry (date, by, from, to, credibility, note) to its ``history``."""
    status, note = Status(status), " ".join(note.split())
    if not note:
        raise UsageError("--note: say why the status is what it is (it goes into the history)")
    if credibility is not None and not 1 <= credibility <= 6:
        raise UsageError(f"--credibility: expected 1 to 6, found {credibility}")
    by, on = (
        " ".join((by or load_settings(root).recorder).split()),
        check_date(on or today(), "--on"),
    )
    with transaction(root) as tx:
        path, text, claim = read_claim(tx, root, claim_id)
        doc = yamledit.Document(text, shown(path))
        reliability = doc.data["reliability"]
        yamledit.put(reliability, "status", status.value, RELIABILITY_KEYS)
        if credibility is not None:
            yamledit.put(reliability, "credibility", credibility, RELIABILITY_KEYS)
        value = yamledit.scalar(note, yamledit.MAPPING_INDENT, "note")
        yamledit.put(reliability, "note", value, RELIABILITY_KEYS)
        entry: dict[str, Any] = {"date": on, "by": by, "from": claim.reliability.status.value}
        entry["to"] = status.value
        entry |= {"credibility": credibility} if credibility is not None else {}
        entry["note"] = note
        if "history" not in doc.data:
            yamledit.put(doc.data, "history", yamledit.block_list(), CLAIM_KEYS)
        yamledit.append(doc.data["history"], yamledit.node(entry, yamledit.SEQUENCE_INDENT))
        stage_claim(tx, path, doc.dumps(), claim)
        change = f"{claim.reliability.status} → {status}, history entry {len(claim.history) + 1}"
        return commit(tx, f"{shown(path)}: status {change}", dry_run)
