"""Reading YAML as a node tree, keeping each value's line and resolved type.

Shared by the claim and people file formats: the safe loader composes nodes (never Python objects), and
:class:`NodeReader` checks them against a schema, turning each problem into a finding at its line.
PyYAML reads ``no`` as false and ``2024-01-02`` as a date; here such values are reported, not guessed.
What the fields mean is the job of the format modules.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import yaml

from claimref.errors import Finding
from claimref.model import Location
from claimref.usertext import NOT_PRINTABLE, clip, describe_char, line_col

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
STR = "tag:yaml.org,2002:str"
_MEMO_SIZE = 100_000
INT = "tag:yaml.org,2002:int"
BOOL = "tag:yaml.org,2002:bool"
TYPE_NAMES = {
    BOOL: "a boolean (yes/no/on/off/true/false)",
    "tag:yaml.org,2002:timestamp": "a date",
    INT: "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "empty (null)",
}
T = TypeVar("T")


class Invalid(Exception):
    """A value that cannot be used; carries the node it was found at, and the rule id when it is
    not the reader's own."""

    def __init__(self, node: yaml.Node, message: str, rule: str = "") -> None:
        super().__init__(message)
        self.node = node
        self.rule = rule


class Reported(Exception):
    """A value whose problems have all been reported already; it cannot be used."""


class Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when installed), resolving tags faster and to the same result.

    The composer calls back into Python three times per node; the safe loader has no path
    resolvers, so two of those calls have nothing to do, and the tag of a plain scalar depends on
    its text alone, so it is remembered (a sixth of the time composing 50,000 claim files)."""

    _tags: ClassVar[dict[str, str]] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to do unless someone added path resolvers."""
        if self.yaml_path_resolvers:
            super().descend_resolver(current_node, current_index)

    def ascend_resolver(self) -> None:
        """Nothing to do unless someone added path resolvers."""
        if self.yaml_path_resolvers:
            super().ascend_resolver()

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node without an explicit one, as the safe loader resolves it: without
        path resolvers, a list's or mapping's is the default, and so is that of a plain scalar
        whose first character starts none of the implicit resolvers' patterns (``madona-1944``,
        ``src0811``, ``supports``: no call, no look-up in the memo)."""
        if self.yaml_path_resolvers:
            return str(super().resolve(kind, value, implicit))
        if kind is not yaml.ScalarNode:
            return str(self.DEFAULT_MAPPING_TAG if kind is yaml.MappingNode
                       else self.DEFAULT_SEQUENCE_TAG)  # fmt: skip
        if not implicit[0]:
            return STR  # quoted or block scalar
        patterns = self.yaml_implicit_resolvers
        if value and value[0] not in patterns and None not in patterns:
            return STR
        tag = self._tags.get(value)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))
            if len(self._tags) < _MEMO_SIZE:
                self._tags[value] = tag
        return tag


@functools.cache
def _key_set(allowed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(allowed)


def compose(text: str, path: str) -> tuple[yaml.Node | None, Finding | None]:
    """The document's root node, or the problem as a finding at its line and column: a syntax
    error, a character YAML does not allow, or an anchor or alias (refused: an alias repeats a
    whole node, and nine of them nested nine deep make a billion)."""
    try:
        root = yaml.compose(text, Loader=Loader)
        alias = _first_alias(text) if "&" in text or "*" in text else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        return None, _syntax(Location(path, line, col), f"YAML syntax error: {clip(problem, 200)}")
    except yaml.YAMLError as exc:  # the reader's (a character YAML does not allow), and any other
        return None, _unreadable(text, path, exc)
    if alias is not None:
        kind = "an anchor" if isinstance(alias, yaml.AnchorToken) else "an alias"
        mark = alias.start_mark
        message = (
            f"{kind} ({'&' if kind == 'an anchor' else '*'}{clip(alias.value)}) is not allowed "
            "here: write each value out in full"
        )
        return None, _syntax(Location(path, mark.line + 1, mark.column + 1), message)
    return root, None


def _first_alias(text: str) -> yaml.AnchorToken | yaml.AliasToken | None:
    """The first anchor (``&name``) or alias (``*name``) token of ``text``."""
    for token in yaml.scan(text, Loader=Loader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            return token
    return None


def _unreadable(text: str, path: str, exc: yaml.YAMLError) -> Finding:
    """A YAML error without a mark: the character YAML refuses, named at its line and column."""
    bad = NOT_PRINTABLE.search(text)
    if bad is None:
        return _syntax(Location(path, 1), f"YAML error: {clip(' '.join(str(exc).split()), 200)}")
    line, col = line_col(text, bad.start())
    what = describe_char(bad.group())
    kind = "control character" if unicodedata.category(bad.group()) == "Cc" else "character"
    return _syntax(Location(path, line, col), f"{kind} {what} is not allowed in YAML")


def _syntax(where: Location, message: str) -> Finding:
    return Finding(where, message, rule="yaml-syntax")


def key_text(node: yaml.Node) -> str:
    """A mapping key as text (a list or mapping used as a key is named, not printed)."""
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"


class NodeReader:
    """Walks one file's node tree; each check that fails adds a finding under ``rule``."""

    def __init__(self, path: str, rule: str) -> None:
        self.path = path
        self.rule = rule
        self.findings: list[Finding] = []

    def at(self, node: yaml.Node) -> Location:
        """The node's place: path, 1-based line and column."""
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def report(self, node: yaml.Node, message: str, rule: str = "") -> None:
        """Add a finding at ``node``."""
        self.findings.append(Finding(self.at(node), message, rule=rule or self.rule))

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
        """The fields of a mapping; unknown and repeated keys are reported and left out."""
        if not isinstance(node, yaml.MappingNode):
            raise Invalid(node, f"{what}: expected a mapping of fields")
        fields: dict[str, yaml.Node] = {}
        known_keys = _key_set(allowed)
        for key_node, value_node in node.value:
            key = key_node.value
            if key.__class__ is not str:  # a list or mapping as a key (inline: a hot loop)
                key = key_text(key_node)
            if key not in known_keys:
                known = ", ".join(allowed)
                self.report(key_node, f"{what}: unknown field '{clip(key)}' (allowed: {known})")
            elif key in fields:
                self.report(key_node, f"{what}: field '{key}' given twice")
            else:
                fields[key] = value_node
        return fields

    def require(self, node: yaml.Node, fields: dict[str, yaml.Node], what: str,
                keys: tuple[str, ...]) -> None:  # fmt: skip
        """Raise for the first of ``keys`` missing from ``fields``."""
        for key in keys:
            if key not in fields:
                raise Invalid(node, f"{what}: missing required field '{key}'")

    def text(self, node: yaml.Node, what: str) -> str:
        """A non-empty string; other types are reported with a hint to quote them."""
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR:
            found = TYPE_NAMES.get(node.tag, "a list or mapping")
            scalar = isinstance(node, yaml.ScalarNode)
            hint = f' (write it in quotes: "{clip(node.value)}")' if scalar else ""
            raise Invalid(node, f"{what}: expected text, found {found}{hint}")
        value: str = node.value
        if "\n" in value:
            value = " ".join(value.split())
        value = value.strip()
        if not value:
            raise Invalid(node, f"{what}: must not be empty")
        return value

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        """A list of strings."""
        if not isinstance(node, yaml.SequenceNode):
            example = clip(node.value) if isinstance(node, yaml.ScalarNode) else "a, b"
            raise Invalid(node, f"{what}: expected a list, e.g. [{example}]")
        label = f"{what} item"
        return tuple([self.text(item, label) for item in node.value])

    def optional(self, fields: dict[str, yaml.Node], key: str, what: str,
                 read: Callable[[yaml.Node, str], T], default: T) -> T:  # fmt: skip
        """``read`` applied to an optional field; a bad value is reported and ``default`` used
        (also when ``read`` reported its problems itself and raised :class:`Reported`)."""
        node = fields.get(key)
        if node is None:
            return default
        try:
            return read(node, f"{what}{key}")
        except Invalid as exc:
            self.report(exc.node, str(exc), exc.rule)
        except Reported:
            pass
        return default

    def unexpected(self, exc: Invalid) -> None:
        """Report an :class:`Invalid` raised while reading."""
        self.report(exc.node, str(exc), exc.rule)


def dump(data: Any) -> str:
    """YAML text for plain data, keys in the given order, Unicode as is."""
    return str(yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100))
