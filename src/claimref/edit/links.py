"""The verbs on a claim's links: link, unlink and verify (the rest is in :mod:`.claims`).

A link is named on the command line as ``KEY[@LOCATOR]`` (:func:`split_target`); a claim may link to
the same work twice only at different places, so the locator says which link is meant when the key
alone does not. Each verb reads and writes the one claim file through a transaction, as the verbs of
:mod:`.claims` do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimref.config import load_settings
from claimref.edit import yamledit
from claimref.edit.bibkeys import require_key
from claimref.edit.claims import (
    LINK_COLUMN,
    Outcome,
    check_date,
    commit,
    read_claim,
    stage_claim,
    today,
)
from claimref.edit.locator import parse_locator, same_locator
from claimref.edit.transaction import transaction
from claimref.errors import UsageError
from claimref.formats.claimfile import LINK_KEYS
from claimref.model import Claim, Link, Locator, Stance
from claimref.safewrite import shown


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
    by, on = (
        " ".join((by or load_settings(root).recorder).split()),
        check_date(on or today(), "--on"),
    )
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
