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
from claimref.formats.yamlnodes import Invalid, NodeReader, Reported, compose, dump, key_text
from claimref.model import Location, Person, language_code
from claimref.usertext import clip

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
    except Reported:
        person = None
    return PersonFile(person, tuple(reader.findings))


class _Reader(NodeReader):
    def person(self, root: yaml.Node, expected_id: str | None) -> Person:
        fields = self.mapping(root, "person", PERSON_KEYS)
        for key in ("id", "names"):
            if key not in fields:
                self.report(root, f"person: missing required field '{key}'")
        person_id = self.optional(fields, "id", "", self.text, "")
        names = self.optional(fields, "names", "", self.names, None)
        note = self.optional(fields, "note", "", self.text, "")
        if expected_id is not None and person_id and person_id != expected_id:
            message = (
                f"id '{clip(person_id)}' does not match the file name '{clip(expected_id)}.yaml'"
            )
            self.report(fields["id"], message, rule="id-mismatch")
        if not person_id or names is None:
            raise Reported
        return Person(person_id, MappingProxyType(names), self.at(root), note)

    def names(self, node: yaml.Node, what: str) -> dict[str, tuple[str, ...]]:
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise Invalid(node, f"{what}: expected a mapping of language → list of name forms")
        names: dict[str, tuple[str, ...]] = {}
        for key_node, value_node in node.value:
            lang = key_text(key_node)
            if language_code(lang) != lang:
                message = f"{what}: '{clip(lang)}' is not a BCP 47 language code (lv, ru, en…)"
                self.report(key_node, message)
            elif lang in names:
                self.report(key_node, f"{what}: language '{lang}' given twice")
            else:
                names[lang] = self.optional({lang: value_node}, lang, f"{what}.", self.texts, ())
        return names


def dumps(person: Person) -> str:
    """Write a person as YAML; ``loads(dumps(p))`` gives ``p`` back."""
    data: dict[str, Any] = {"id": person.id, "names": {k: list(v) for k, v in person.names.items()}}
    if person.note:
        data["note"] = person.note
    return dump(data)
