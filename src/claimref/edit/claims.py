"""The verbs that change claims: new, edit, link, unlink, status and verify (rename: :mod:`.rename`).

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
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from claimref.citekey import fold
from claimref.config import load_settings
from claimref.edit import yamledit
from claimref.edit.bibkeys import require_key
from claimref.edit.locator import parse_locator, same_locator
from claimref.edit.transaction import Change, Transaction, transaction
from claimref.errors import ClaimrefError, DataError, Finding, Severity
from claimref.formats.claimfile import CLAIM_KEYS, LINK_KEYS, loads

__all__ = [
    "CLAIM_KEYS",
    "Outcome",
    "UsageError",
    "claim_path",
    "commit",
    "link",
    "new_claim",
    "read_claim",
    "refuse_twin",
    "set_status",
    "stage_claim",
    "unlink",
    "verify",
]
from claimref.model import Claim, Link, Locator, Stance, Status, is_edtf_date
from claimref.safewrite import shown

#: A claim id: what the loader accepts, and so what may name a file in claims/.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: The ``check`` rules that judge one claim alone (run on the changed claim before writing).
CLAIM_RULES = ("no-link",)
RELIABILITY_KEYS = ("status", "credibility", "note")
#: Where a link's keys start (``links:`` at column 0, ``  - source:``), for folding long texts.
LINK_COLUMN = yamledit.SEQUENCE_INDENT


class UsageError(ClaimrefError):
    """A verb was given something it cannot use (a bad id, an unknown claim or source, a
    date that is not one); the CLI exits with 2."""


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


def read_claim(tx: Transaction, root: Path, claim_id: str) -> tuple[Path, str, Claim]:
    """The file, text and claim of ``claim_id``; an unknown id is a :class:`UsageError`, a claim
    file with errors a :class:`DataError` (fix it with ``claimref edit`` first)."""
    path = claim_path(root, claim_id)
    text = tx.read(path)
    if text is None:
        near = difflib.get_close_matches(claim_id, claim_ids(root), n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
        raise UsageError(f"no claim '{claim_id}' ({shown(path)} does not exist){hint}")
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
    return [f for f in findings if f.severity is Severity.ERROR]


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
        raise UsageError(f"no claim '{claim_id}' ({shown(path)} does not exist)") from None
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
            raise UsageError(f"no claim '{claim_id}' ({shown(path)} does not exist)")
        if current != original:
            raise ClaimrefError(
                f"{shown(path)}: error: changed since the editor opened it; not written"
            )
        before = loads(current, shown(path), expected_id=claim_id).claim
        allowed = ("no-link",) if before is None or not before.links else ()
        stage_claim(tx, path, text, before, allowed)
        return commit(tx, f"{shown(path)}: saved", dry_run)


def split_target(target: str) -> tuple[str, Locator | None]:
    """``KEY[@LOCATOR]`` → key and parsed locator."""
    key, at, where = target.partition("@")
    if not key:
        raise UsageError(f"'{target}': no cite key before '@'")
    return key, parse_locator(where) if at else None


def link(
    root: Path,
    claim_id: str,
    target: str,
    stance: Stance | str,
    *,
    quote: str = "",
    lang: str = "",
    translation: str = "",
    note: str = "",
    dry_run: bool = False,
) -> Outcome:
    """Add a link from the claim to the source ``KEY[@LOCATOR]`` with ``stance``. A second link
    to the same work is refused unless its locator differs."""
    key, locator = split_target(target)
    if stance not in {s.value for s in Stance}:
        raise UsageError(f"stance '{stance}': one of {', '.join(s.value for s in Stance)}")
    stance = Stance(stance)
    if (lang or translation) and not quote:
        raise UsageError("--lang and --translation describe a quote: give --quote TEXT too")
    if quote and not lang:
        raise UsageError("--quote needs --lang: the language of the quote as written (lv, ru, en…)")
    require_key(root, key)
    with transaction(root) as tx:
        path, text, claim = read_claim(tx, root, claim_id)
        for old in claim.links:
            if old.source == key and same_locator(old.locator, locator):
                raise UsageError(_duplicate(claim, old, key, locator))
        doc = yamledit.Document(text, shown(path))
        yamledit.append(
            doc.data["links"],
            yamledit.node(
                _link_data(
                    key, stance, locator, quote=quote, lang=lang, translation=translation, note=note
                ),
                LINK_COLUMN,
            ),
        )
        stage_claim(tx, path, doc.dumps(), claim)
        where = f" ({locator})" if locator else ""
        return commit(tx, f"{shown(path)}: linked '{key}'{where} as {stance}", dry_run)


def _duplicate(claim: Claim, old: Link, key: str, locator: Locator | None) -> str:
    where = f" at {locator}" if locator else " without a locator"
    return (
        f"claim '{claim.id}' already links to '{key}'{where} ({old.location}); change it with "
        f"claimref edit {claim.id}, or remove it with claimref unlink {claim.id} {key}; a second "
        "link to the same work needs another locator (KEY@'p. 12')"
    )


def _link_data(
    key: str,
    stance: Stance,
    locator: Locator | None,
    *,
    quote: str,
    lang: str,
    translation: str,
    note: str,
) -> dict[str, Any]:
    data: dict[str, Any] = {"source": key, "stance": stance.value}
    if locator:
        data["locator"] = {"label": locator.label, "value": locator.value}
    if quote:
        parts = {"text": quote, "lang": lang, "translation": translation}
        data["quote"] = {k: v for k, v in parts.items() if v}
    data["verified"] = False
    if note:
        data["note"] = note
    return {k: data[k] for k in LINK_KEYS if k in data}


def find_link(claim: Claim, target: str) -> int:
    """The index of the link ``KEY[@LOCATOR]`` names; none or several is a :class:`UsageError`."""
    key, locator = split_target(target)
    found = [
        i for i, old in enumerate(claim.links)
        if old.source == key and (locator is None or same_locator(old.locator, locator))
    ]  # fmt: skip
    if len(found) == 1:
        return found[0]
    if not found:
        where = f" at {locator}" if locator else ""
        keys = ", ".join(claim.source_keys) or "none"
        raise UsageError(f"claim '{claim.id}' has no link to '{key}'{where} (it links to: {keys})")
    places = "; ".join(f"{key}@'{claim.links[i].locator or ''}'" for i in found)
    raise UsageError(
        f"claim '{claim.id}' links to '{key}' {len(found)} times: say which ({places})"
    )


def unlink(root: Path, claim_id: str, target: str, dry_run: bool = False) -> Outcome:
    """Remove the link ``KEY[@LOCATOR]``; the last link of a claim is not removed."""
    with transaction(root) as tx:
        path, text, claim = read_claim(tx, root, claim_id)
        index = find_link(claim, target)
        if len(claim.links) == 1:
            raise UsageError(
                f"'{claim.links[0].source}' is the only source of claim '{claim_id}' and a claim "
                f"needs one: link another first (claimref link {claim_id} KEY --stance S)"
            )
        doc = yamledit.Document(text, shown(path))
        del doc.data["links"][index]
        stage_claim(tx, path, doc.dumps(), claim)
        return commit(tx, f"{shown(path)}: unlinked '{claim.links[index].source}'", dry_run)


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
    by, on = by or load_settings(root).recorder, check_date(on or today(), "--on")
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


def verify(
    root: Path,
    claim_id: str,
    target: str,
    *,
    by: str = "",
    on: str = "",
    undo: bool = False,
    dry_run: bool = False,
) -> Outcome:
    """Record that the link ``KEY[@LOCATOR]`` was checked against the work (by whom, when), or
    with ``undo`` that it was not (``verified: false``)."""
    by, on = by or load_settings(root).recorder, check_date(on or today(), "--on")
    with transaction(root) as tx:
        path, text, claim = read_claim(tx, root, claim_id)
        index = find_link(claim, target)
        doc = yamledit.Document(text, shown(path))
        link_map = doc.data["links"][index]
        value = (
            False
            if undo
            else yamledit.node({"by": by, "on": on}, LINK_COLUMN + yamledit.MAPPING_INDENT)
        )
        yamledit.put(link_map, "verified", value, LINK_KEYS)
        stage_claim(tx, path, doc.dumps(), claim)
        key = claim.links[index].source
        done = f"marked '{key}' as not verified" if undo else f"verified '{key}' (by {by} on {on})"
        return commit(tx, f"{shown(path)}: {done}", dry_run)
