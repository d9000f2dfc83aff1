"""Claim files (YAML) ⇄ :class:`~claimref.model.Claim`, with every problem reported at its line.

YAML is read with the safe loader, as a node tree, so that each value keeps its line and its resolved
type: PyYAML reads ``no`` as false and ``2024-01-02`` as a date, and this module reports such values
instead of guessing. Checks that need other files (links to missing sources, duplicate ids) are the
store's; judgements about the content are ``claimref check``'s. The schema is in docs/data-format.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from claimref.errors import Finding
from claimref.model import (
    LOCATOR_LABELS,
    SOURCE_GRADES,
    Acceptance,
    Claim,
    Link,
    Locator,
    Location,
    Quote,
    Reliability,
    Stance,
    Status,
    Verification,
    is_edtf_date,
)

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
STR = "tag:yaml.org,2002:str"
CLAIM_KEYS = ("id", "statement", "date", "places", "people", "tags", "reliability", "note", "links",
              "accept")  # fmt: skip
LINK_KEYS = ("source", "stance", "locator", "quote", "verified", "reliability", "note")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean (yes/no/on/off/true/false)",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "empty (null)",
}


@dataclass(frozen=True)
class ClaimFile:
    """The claim read from one file (None when it is unusable) and the problems found."""

    claim: Claim | None
    findings: tuple[Finding, ...]


class _Invalid(Exception):
    """A value that cannot be used; carries the node it was found at (internal)."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def loads(text: str, path: str, expected_id: str | None = None) -> ClaimFile:
    """Read one claim; ``expected_id`` (the file name) is checked against the ``id`` field."""
    reader = _Reader(path)
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        finding = Finding(Location(path, line, col), f"YAML syntax error: {problem}",
                          rule="yaml-syntax")  # fmt: skip
        return ClaimFile(None, (finding,))
    if root is None:
        return ClaimFile(None, (Finding(Location(path, 1), "empty claim file"),))
    claim = reader.claim(root, expected_id)
    return ClaimFile(claim, tuple(reader.findings))


class _Reader:
    """Walks the node tree of one file; each check that fails adds a finding."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def at(self, node: yaml.Node) -> Location:
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def report(self, node: yaml.Node, message: str, rule: str = "claim-schema") -> None:
        self.findings.append(Finding(self.at(node), message, rule=rule))

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise _Invalid(node, f"{what}: expected a mapping of fields")
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in allowed:
                self.report(key_node, f"{what}: unknown field '{key}' (allowed: "
                            f"{', '.join(allowed)})")  # fmt: skip
            elif key in fields:
                self.report(key_node, f"{what}: field '{key}' given twice")
            else:
                fields[key] = value_node
        return fields

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR:
            found = _TYPE_NAMES.get(node.tag, "a list or mapping")
            hint = f" (write it in quotes: \"{node.value}\")" if isinstance(node, yaml.ScalarNode) else ""
            raise _Invalid(node, f"{what}: expected text, found {found}{hint}")
        value = " ".join(str(node.value).split()) if "\n" in node.value else str(node.value)
        if not value.strip():
            raise _Invalid(node, f"{what}: must not be empty")
        return value.strip()

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise _Invalid(node, f"{what}: expected a list, e.g. [{node.value}]")
        return tuple(self.text(item, f"{what} item") for item in node.value)

    def optional(self, fields: dict[str, yaml.Node], key: str, what: str, fn: Any,
                 default: Any) -> Any:  # fmt: skip
        if key not in fields:
            return default
        try:
            return fn(fields[key], f"{what}{key}")
        except _Invalid as exc:
            self.report(exc.node, str(exc))
            return default

    def claim(self, root: yaml.Node, expected_id: str | None) -> Claim | None:
        try:
            fields = self.mapping(root, "claim", CLAIM_KEYS)
            for key in ("id", "statement", "reliability", "links"):
                if key not in fields:
                    raise _Invalid(root, f"claim: missing required field '{key}'")
            claim_id = self.text(fields["id"], "id")
            statement = self.text(fields["statement"], "statement")
            reliability = self.reliability(fields["reliability"])
        except _Invalid as exc:
            self.report(exc.node, str(exc))
            return None
        if not _ID.match(claim_id):
            self.report(fields["id"], f"id '{claim_id}': use lowercase letters, digits and '-'")
        if expected_id is not None and claim_id != expected_id:
            self.report(fields["id"], f"id '{claim_id}' does not match the file name "
                        f"'{expected_id}.yaml'", rule="id-mismatch")  # fmt: skip
        return Claim(
            id=claim_id,
            statement=statement,
            reliability=reliability,
            location=self.at(root),
            links=self.links(fields["links"]),
            date=self.optional(fields, "date", "", self.date, ""),
            places=self.optional(fields, "places", "", self.texts, ()),
            people=self.optional(fields, "people", "", self.texts, ()),
            tags=self.optional(fields, "tags", "", self.texts, ()),
            note=self.optional(fields, "note", "", self.text, ""),
            accepted=self.optional(fields, "accept", "", self.acceptances, ()),
        )

    def date(self, node: yaml.Node, what: str) -> str:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:int":
            value = str(node.value)
        else:
            value = self.text(node, what)
        if not is_edtf_date(value):
            raise _Invalid(node, f"{what}: '{value}' is not YYYY, YYYY-MM, YYYY-MM-DD or START/END")
        return value

    def reliability(self, node: yaml.Node) -> Reliability:
        fields = self.mapping(node, "reliability", ("status", "credibility", "note"))
        if "status" not in fields:
            raise _Invalid(node, "reliability: missing required field 'status'")
        status = self.choice(fields["status"], "reliability.status", Status)
        note = self.optional(fields, "note", "reliability.", self.text, "")
        credibility = self.optional(fields, "credibility", "reliability.", self.credibility, None)
        if status.needs_note and not note:
            self.report(node, f"reliability: a {status} claim needs a note saying why",
                        rule="status-without-note")  # fmt: skip
        return Reliability(status, note, credibility)

    def credibility(self, node: yaml.Node, what: str) -> int:
        value = str(getattr(node, "value", ""))
        if node.tag != "tag:yaml.org,2002:int" or not 1 <= int(value) <= 6:
            raise _Invalid(node, f"{what}: expected a whole number from 1 to 6, found {value!r}")
        return int(value)

    def choice(self, node: yaml.Node, what: str, enum: Any) -> Any:
        value = self.text(node, what)
        try:
            return enum(value)
        except ValueError:
            allowed = " | ".join(member.value for member in enum)
            raise _Invalid(node, f"{what}: unknown value '{value}' (one of {allowed})") from None

    def links(self, node: yaml.Node) -> tuple[Link, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, "links: expected a list of links")
            return ()
        links = []
        for item in node.value:
            try:
                links.append(self.link(item))
            except _Invalid as exc:
                self.report(exc.node, str(exc))
        return tuple(links)

    def link(self, node: yaml.Node) -> Link:
        fields = self.mapping(node, "link", LINK_KEYS)
        for key in ("source", "stance"):
            if key not in fields:
                raise _Invalid(node, f"link: missing required field '{key}'")
        return Link(
            source=self.text(fields["source"], "link.source"),
            stance=self.choice(fields["stance"], "link.stance", Stance),
            location=self.at(node),
            locator=self.optional(fields, "locator", "link.", self.locator, None),
            quote=self.optional(fields, "quote", "link.", self.quote, None),
            verified=self.optional(fields, "verified", "link.", self.verified, None),
            reliability=self.optional(fields, "reliability", "link.", self.grade, None),
            note=self.optional(fields, "note", "link.", self.text, ""),
        )

    def locator(self, node: yaml.Node, what: str) -> Locator:
        fields = self.mapping(node, what, ("label", "value"))
        if "value" not in fields:
            raise _Invalid(node, f"{what}: missing required field 'value'")
        label = self.text(fields["label"], f"{what}.label") if "label" in fields else "page"
        if label not in LOCATOR_LABELS:
            raise _Invalid(fields["label"], f"{what}.label: unknown label '{label}' (one of "
                           f"{', '.join(sorted(LOCATOR_LABELS))})")  # fmt: skip
        value_node = fields["value"]
        is_int = value_node.tag == "tag:yaml.org,2002:int"
        value = str(value_node.value) if is_int else self.text(value_node, f"{what}.value")
        return Locator(label, value)

    def quote(self, node: yaml.Node, what: str) -> Quote:
        fields = self.mapping(node, what, ("text", "lang", "translation"))
        if "text" not in fields:
            raise _Invalid(node, f"{what}: missing required field 'text'")
        return Quote(
            text=self.text(fields["text"], f"{what}.text"),
            lang=self.optional(fields, "lang", f"{what}.", self.text, ""),
            translation=self.optional(fields, "translation", f"{what}.", self.text, ""),
        )

    def verified(self, node: yaml.Node, what: str) -> Verification | None:
        if node.tag == "tag:yaml.org,2002:bool":
            if str(node.value).lower() in ("false", "no", "off"):
                return None
            raise _Invalid(node, f"{what}: say who checked it and when: {{by: NAME, on: DATE}}")
        fields = self.mapping(node, what, ("by", "on"))
        if "by" not in fields or "on" not in fields:
            raise _Invalid(node, f"{what}: needs both 'by' and 'on'")
        on = self.text(fields["on"], f"{what}.on")
        if not is_edtf_date(on) or "/" in on:
            raise _Invalid(fields["on"], f"{what}.on: '{on}' is not a date (YYYY-MM-DD)")
        return Verification(self.text(fields["by"], f"{what}.by"), on)

    def grade(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what).upper()
        if value not in SOURCE_GRADES:
            raise _Invalid(node, f"{what}: expected a source grade A-F, found '{value}'")
        return value

    def acceptances(self, node: yaml.Node, what: str) -> tuple[Acceptance, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise _Invalid(node, f"{what}: expected a list of {{rule, reason}}")
        accepted = []
        for item in node.value:
            fields = self.mapping(item, what, ("rule", "reason"))
            if "rule" not in fields or "reason" not in fields:
                raise _Invalid(item, f"{what}: each item needs 'rule' and 'reason'")
            rule, reason = self.text(fields["rule"], "rule"), self.text(fields["reason"], "reason")
            accepted.append(Acceptance(rule, reason))
        return tuple(accepted)


def dumps(claim: Claim) -> str:
    """Write a claim as YAML in the documented field order; ``loads(dumps(c))`` gives ``c`` back."""
    data = to_data(claim)
    return str(yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100))


def to_data(claim: Claim) -> dict[str, Any]:
    """The claim as plain data (dicts, lists, strings), in the file's field order."""
    data: dict[str, Any] = {"id": claim.id, "statement": claim.statement}
    if claim.date:
        data["date"] = claim.date
    for key in ("places", "people", "tags"):
        if getattr(claim, key):
            data[key] = list(getattr(claim, key))
    rel: dict[str, Any] = {"status": claim.reliability.status.value}
    if claim.reliability.credibility is not None:
        rel["credibility"] = claim.reliability.credibility
    if claim.reliability.note:
        rel["note"] = claim.reliability.note
    data["reliability"] = rel
    if claim.note:
        data["note"] = claim.note
    data["links"] = [_link_data(link) for link in claim.links]
    if claim.accepted:
        data["accept"] = [{"rule": a.rule, "reason": a.reason} for a in claim.accepted]
    return data


def _link_data(link: Link) -> dict[str, Any]:
    data: dict[str, Any] = {"source": link.source, "stance": link.stance.value}
    if link.locator:
        data["locator"] = {"label": link.locator.label, "value": link.locator.value}
    if link.quote:
        quote = {"text": link.quote.text, "lang": link.quote.lang,
                 "translation": link.quote.translation}  # fmt: skip
        data["quote"] = {k: v for k, v in quote.items() if v}
    data["verified"] = {"by": link.verified.by, "on": link.verified.on} if link.verified else False
    if link.reliability:
        data["reliability"] = link.reliability
    if link.note:
        data["note"] = link.note
    return data
