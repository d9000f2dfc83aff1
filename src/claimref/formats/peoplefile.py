"""People files (``people/<id>.yaml``) → :class:`~claimref.model.Person`, problems at their line.

A person file lists the forms of one person's name by language and script, so that a claim's people
can be matched to the authors and editors of its sources across scripts::

    id: samsons-vilis
    names:
      lv: [Vilis Samsons]
      ru: [Вилис Самсон, В. П. Самсон]
    note: Why the forms are taken to be one person.

Matching names is :mod:`claimref.people`'s job; this module only reads and writes the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import yaml

from claimref.errors import Finding
from claimref.formats.yamlnodes import Invalid, NodeReader, compose, dump
from claimref.model import Location, Person, language_code

PERSON_KEYS = ("id", "names", "note")


@dataclass(frozen=True)
class PersonFile:
    """The person read from one file (None when unusable) and the problems found."""

    person: Person | None
    findings: tuple[Finding, ...]


def loads(text: str, path: str, expected_id: str | None = None) -> PersonFile:
    """Read one person; ``expected_id`` (the file name) is checked against ``id``."""
    root, problem = compose(text, path)
    if problem:
        return PersonFile(None, (problem,))
    if root is None:
        return PersonFile(None, (Finding(Location(path, 1), "empty person file"),))
    reader = _Reader(path, "person-schema")
    try:
        person = reader.person(root, expected_id)
    except Invalid as exc:
        reader.unexpected(exc)
        person = None
    return PersonFile(person, tuple(reader.findings))


class _Reader(NodeReader):
    def person(self, root: yaml.Node, expected_id: str | None) -> Person:
        fields = self.mapping(root, "person", PERSON_KEYS)
        self.require(root, fields, "person", ("id", "names"))
        person_id = self.text(fields["id"], "id")
        if expected_id is not None and person_id != expected_id:
            message = f"id '{person_id}' does not match the file name '{expected_id}.yaml'"
            self.report(fields["id"], message, rule="id-mismatch")
        return Person(
            id=person_id,
            names=MappingProxyType(self.names(fields["names"])),
            location=self.at(root),
            note=self.optional(fields, "note", "", self.text, ""),
        )

    def names(self, node: yaml.Node) -> dict[str, tuple[str, ...]]:
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise Invalid(node, "names: expected a mapping of language → list of name forms")
        names: dict[str, tuple[str, ...]] = {}
        for key_node, value_node in node.value:
            lang = str(key_node.value)
            if language_code(lang) != lang:
                self.report(
                    key_node, f"names: '{lang}' is not a BCP 47 language code (lv, ru, en…)"
                )
                continue
            try:
                names[lang] = self.texts(value_node, f"names.{lang}")
            except Invalid as exc:
                self.unexpected(exc)
        return names


def dumps(person: Person) -> str:
    """Write a person as YAML; ``loads(dumps(p))`` gives ``p`` back."""
    data: dict[str, Any] = {"id": person.id, "names": {k: list(v) for k, v in person.names.items()}}
    if person.note:
        data["note"] = person.note
    return dump(data)
