"""Claim files (YAML) ⇄ :class:`~claimref.model.Claim`, with every problem reported at its line.

YAML is read with the safe loader, as a node tree, so that each value keeps its line and its resolved
type: PyYAML reads ``no`` as false and ``2024-01-02`` as a date, and this module reports such values
instead of guessing. Checks that need other files (links to missing sources, duplicate ids) are the
store's; judgements about the content are ``claimref check``'s. Writing a claim is
:mod:`claimref.formats.claimwrite`'s (``dumps`` and ``to_data`` are re-exported here). The schema is
in docs/data-format.md.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import yaml

from claimref.errors import Finding
from claimref.formats import claimwikidata
from claimref.formats.claimwrite import dumps, to_data
from claimref.formats.yamlnodes import BOOL, INT, Invalid, NodeReader, Reported, compose
from claimref.model import (
    LOCATOR_LABELS,
    SOURCE_GRADES,
    Acceptance,
    Claim,
    HistoryEntry,
    Link,
    Location,
    Locator,
    Quote,
    Reliability,
    Stance,
    Status,
    Verification,
    WikidataStatement,
    is_edtf_date,
)
from claimref.usertext import clip, describe_char, invisible_chars

__all__ = [
    "CLAIM_KEYS",
    "HISTORY_KEYS",
    "LINK_KEYS",
    "REQUIRED_KEYS",
    "Claim",
    "ClaimFile",
    "dumps",
    "loads",
    "to_data",
]

CLAIM_KEYS = (
    "id",
    "statement",
    "date",
    "places",
    "people",
    "tags",
    "reliability",
    "note",
    "links",
    "accept",
    "history",
    "wikidata",
)
HISTORY_KEYS = ("date", "by", "from", "to", "credibility", "note")
REQUIRED_KEYS = ("id", "statement", "reliability", "links")
LINK_KEYS = ("source", "stance", "locator", "quote", "verified", "reliability", "note")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Credibility as written: one plain decimal digit (YAML 1.1 also reads 0x3, 0b11 and 3:00 as
#: numbers).
_CREDIBILITY = re.compile(r"[1-6]")


@functools.cache
def _members(enum: Any) -> dict[str, Any]:
    """An enumeration's members by value."""
    return {member.value: member for member in enum}


@dataclass(frozen=True)
class ClaimFile:
    """The claim read from one file (None when it is unusable) and the problems found."""

    claim: Claim | None
    findings: tuple[Finding, ...]


def loads(text: str, path: str, expected_id: str | None = None) -> ClaimFile:
    """Read one claim; ``expected_id`` (the file name) is checked against the ``id`` field."""
    root, problem = compose(text, path)
    if problem:
        return ClaimFile(None, (problem,))
    if root is None:
        return ClaimFile(None, (Finding(Location(path, 1), "empty claim file"),))
    reader = _Reader(path, "claim-schema")
    claim = reader.claim(root, expected_id)
    return ClaimFile(claim, tuple(reader.findings))


class _Reader(NodeReader):
    """Reads the fields of one claim file; each field is checked on its own, so that one file's
    problems are all reported in one pass (a value with a problem is reported and not used)."""

    def claim(self, root: yaml.Node, expected_id: str | None) -> Claim | None:
        try:
            fields = self.mapping(root, "claim", CLAIM_KEYS)
        except Invalid as exc:
            self.unexpected(exc)
            return None
        for key in REQUIRED_KEYS:
            if key not in fields:
                self.report(root, f"claim: missing required field '{key}'")
        claim_id = self.optional(fields, "id", "", self.claim_id, "")
        statement = self.optional(fields, "statement", "", self.text, "")
        reliability = self.optional(fields, "reliability", "", self.reliability, None)
        links = self.links(fields["links"]) if "links" in fields else None
        claim = Claim(
            id=claim_id,
            statement=statement,
            reliability=reliability or Reliability(Status.UNVERIFIED),
            location=self.at(root),
            links=links or (),
            date=self.optional(fields, "date", "", self.date, ""),
            places=self.optional(fields, "places", "", self.texts, ()),
            people=self.optional(fields, "people", "", self.texts, ()),
            tags=self.optional(fields, "tags", "", self.texts, ()),
            note=self.optional(fields, "note", "", self.text, ""),
            accepted=self.optional(fields, "accept", "", self.acceptances, ()),
            history=self.optional(fields, "history", "", self.history, ()),
            wikidata=self.optional(fields, "wikidata", "", self.wikidata, None),
        )
        if expected_id is not None and claim_id and claim_id != expected_id:
            self.report(
                fields["id"],
                f"id '{clip(claim_id)}' does not match the file name '{clip(expected_id)}.yaml'",
                rule="id-mismatch",
            )
        usable = claim_id and statement and reliability and links is not None
        return claim if usable else None

    def wikidata(self, node: yaml.Node, what: str) -> WikidataStatement:
        return claimwikidata.read(self, node, what)

    def claim_id(self, node: yaml.Node, what: str) -> str:
        claim_id = self.text(node, what)
        hidden = invisible_chars(claim_id)
        if hidden:
            named = ", ".join(describe_char(ch) for ch in hidden)
            self.report(node, f"id '{clip(claim_id)}' holds invisible characters: {named}")
        elif not _ID.match(claim_id):
            self.report(node, f"id '{clip(claim_id)}': use lowercase letters, digits and '-'")
        return claim_id

    def date(self, node: yaml.Node, what: str) -> str:
        if isinstance(node, yaml.ScalarNode) and node.tag == INT:
            value = str(node.value)
        else:
            value = self.text(node, what)
        if not is_edtf_date(value, qualified=True):
            raise Invalid(
                node,
                f"{what}: '{clip(value)}' is not YYYY, YYYY-MM, YYYY-MM-DD or START/END "
                "(each may end in ~ approximate or ? uncertain)",
            )
        return value

    def reliability(self, node: yaml.Node, what: str) -> Reliability:
        fields = self.mapping(node, what, ("status", "credibility", "note"))
        if "status" not in fields:
            self.report(node, f"{what}: missing required field 'status'")
        status = self.optional(fields, "status", f"{what}.", self.status, None)
        note = self.optional(fields, "note", f"{what}.", self.text, "")
        credibility = self.optional(fields, "credibility", f"{what}.", self.credibility, None)
        if status is None:
            raise Reported
        if status.needs_note and not note:
            self.report(
                node,
                f"{what}: a {status} claim needs a note saying why",
                rule="status-without-note",
            )
        return Reliability(status, note, credibility)

    def credibility(self, node: yaml.Node, what: str) -> int:
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        if node.tag != INT or not _CREDIBILITY.fullmatch(value):
            shown = clip(value) if isinstance(node, yaml.ScalarNode) else value
            raise Invalid(node, f"{what}: expected a whole number from 1 to 6, found '{shown}'")
        return int(value)

    def choice(self, node: yaml.Node, what: str, enum: Any) -> Any:
        value = self.text(node, what)
        member = _members(enum).get(value)  # a look-up: calling the class costs ten times more
        if member is None:
            allowed = " | ".join(member.value for member in enum)
            raise Invalid(node, f"{what}: unknown value '{clip(value)}' (one of {allowed})")
        return member

    def status(self, node: yaml.Node, what: str) -> Status:
        return self.choice(node, what, Status)  # type: ignore[no-any-return]

    def stance(self, node: yaml.Node, what: str) -> Stance:
        return self.choice(node, what, Stance)  # type: ignore[no-any-return]

    def links(self, node: yaml.Node) -> tuple[Link, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, "links: expected a list of links")
            return ()
        links = []
        for item in node.value:
            try:
                link = self.link(item)
            except Invalid as exc:
                self.unexpected(exc)
                continue
            if link is not None:
                links.append(link)
        return tuple(links)

    def link(self, node: yaml.Node) -> Link | None:
        """One link, or None when its source or stance is missing or wrong (reported, as are the
        problems of every other field). Source and stance are read inline: this runs for every
        link of every claim."""
        fields = self.mapping(node, "link", LINK_KEYS)
        source, stance = "", None
        try:
            source = self.text(fields["source"], "link.source")
        except KeyError:
            self.report(node, "link: missing required field 'source'")
        except Invalid as exc:
            self.unexpected(exc)
        try:
            stance = self.stance(fields["stance"], "link.stance")
        except KeyError:
            self.report(node, "link: missing required field 'stance'")
        except Invalid as exc:
            self.unexpected(exc)
        locator = self.optional(fields, "locator", "link.", self.locator, None)
        quote = self.optional(fields, "quote", "link.", self.quote, None)
        verified = self.optional(fields, "verified", "link.", self.verified, None)
        grade = self.optional(fields, "reliability", "link.", self.grade, None)
        note = self.optional(fields, "note", "link.", self.text, "")
        if not source or stance is None:
            return None
        return Link(source, stance, self.at(node), locator, quote, verified, grade, note)

    def locator(self, node: yaml.Node, what: str) -> Locator:
        fields = self.mapping(node, what, ("label", "value"))
        reported = len(self.findings)
        label, value = "page", ""
        if "label" in fields:
            try:
                label = self.locator_label(fields["label"], f"{what}.label")
            except Invalid as exc:
                self.unexpected(exc)
        value_node = fields.get("value")
        if value_node is None:
            self.report(node, f"{what}: missing required field 'value'")
        elif value_node.tag == INT:
            value = str(value_node.value)
        else:
            try:
                value = self.text(value_node, f"{what}.value")
            except Invalid as exc:
                self.unexpected(exc)
        if len(self.findings) > reported:
            raise Reported
        return Locator(label, value)

    def locator_label(self, node: yaml.Node, what: str) -> str:
        label = self.text(node, what)
        if label not in LOCATOR_LABELS:
            known = ", ".join(sorted(LOCATOR_LABELS))
            raise Invalid(node, f"{what}: unknown label '{clip(label)}' (one of {known})")
        return label

    def quote(self, node: yaml.Node, what: str) -> Quote:
        fields = self.mapping(node, what, ("text", "lang", "translation"))
        if "text" not in fields:
            self.report(node, f"{what}: missing required field 'text'")
        text = self.optional(fields, "text", f"{what}.", self.text, "")
        lang = self.optional(fields, "lang", f"{what}.", self.text, "")
        translation = self.optional(fields, "translation", f"{what}.", self.text, "")
        if not text:
            raise Reported
        return Quote(text, lang, translation)

    def verified(self, node: yaml.Node, what: str) -> Verification | None:
        if node.tag == BOOL:
            if str(node.value).lower() in ("false", "no", "off"):
                return None
            raise Invalid(node, f"{what}: say who checked it and when: {{by: NAME, on: DATE}}",
                          "verified-incomplete")  # fmt: skip
        fields = self.mapping(node, what, ("by", "on"))
        if "by" not in fields or "on" not in fields:
            self.report(node, f"{what}: needs both 'by' and 'on'", "verified-incomplete")
        by = self.optional(fields, "by", f"{what}.", self.text, "")
        on = self.optional(fields, "on", f"{what}.", self.day, "")
        if not (by and on):
            raise Reported
        return Verification(by, on)

    def day(self, node: yaml.Node, what: str) -> str:
        on = self.text(node, what)
        if not is_edtf_date(on) or "/" in on:
            raise Invalid(node, f"{what}: '{clip(on)}' is not a date (YYYY-MM-DD)")
        return on

    def grade(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what).upper()
        if value not in SOURCE_GRADES:
            raise Invalid(node, f"{what}: expected a source grade A-F, found '{clip(value)}'")
        return value

    def acceptances(self, node: yaml.Node, what: str) -> tuple[Acceptance, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise Invalid(node, f"{what}: expected a list of {{rule, reason}}")
        accepted = []
        for item in node.value:
            try:
                accepted.append(self.acceptance(item, what))
            except Invalid as exc:
                self.unexpected(exc)
            except Reported:
                pass
        return tuple(accepted)

    def acceptance(self, node: yaml.Node, what: str) -> Acceptance:
        fields = self.mapping(node, what, ("rule", "reason"))
        if "rule" not in fields or "reason" not in fields:
            self.report(node, f"{what}: each item needs 'rule' and 'reason'")
        rule = self.optional(fields, "rule", "", self.text, "")
        reason = self.optional(fields, "reason", "", self.text, "")
        if not (rule and reason):
            raise Reported
        return Acceptance(rule, reason)

    def history(self, node: yaml.Node, what: str) -> tuple[HistoryEntry, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise Invalid(node, f"{what}: expected a list of {{date, by, from, to, note}}")
        entries = []
        for item in node.value:
            try:
                entries.append(self.history_entry(item, f"{what} item"))
            except Invalid as exc:
                self.unexpected(exc)
            except Reported:
                pass
        return tuple(entries)

    def history_entry(self, node: yaml.Node, what: str) -> HistoryEntry:
        fields = self.mapping(node, what, HISTORY_KEYS)
        required = ("date", "by", "from", "to", "note")
        for key in required:
            if key not in fields:
                self.report(node, f"{what}: missing required field '{key}'")
        date = self.optional(fields, "date", f"{what}.", self.day, "")
        by = self.optional(fields, "by", f"{what}.", self.text, "")
        old = self.optional(fields, "from", f"{what}.", self.status, None)
        new = self.optional(fields, "to", f"{what}.", self.status, None)
        note = self.optional(fields, "note", f"{what}.", self.text, "")
        credibility = self.optional(fields, "credibility", f"{what}.", self.credibility, None)
        if not (date and by and old and new and note):
            raise Reported
        return HistoryEntry(date, by, old, new, note, credibility)
