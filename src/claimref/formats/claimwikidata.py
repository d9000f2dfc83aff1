"""The optional ``wikidata:`` field of a claim file: the Wikidata statement the claim corresponds to.

Reads ``{item: Q…, property: P…, value: …}`` from a claim file's YAML node tree into a
:class:`~claimref.model.WikidataStatement`, reporting malformed ids and values at their line and
column, and writes it back as plain data. The rest of the claim file is
:mod:`claimref.formats.claimfile`'s; turning the statement into QuickStatements commands is
:mod:`claimref.formats.quickstatements`'s. Whether the item or property exists is not checked
(that needs Wikidata itself). The schema is in docs/data-format.md.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from claimref.formats.yamlnodes import INT, STR, Invalid, NodeReader, Reported
from claimref.model import WikidataStatement, WikidataValue, is_edtf_date
from claimref.usertext import clip

KEYS = ("item", "property", "value")
VALUE_KEYS = ("time", "text", "lang", "quantity", "unit")
ITEM = re.compile(r"Q[1-9][0-9]*")
PROPERTY = re.compile(r"P[1-9][0-9]*")
#: An amount as QuickStatements reads it: digits, an optional sign and decimal part.
AMOUNT = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
#: A Wikidata language code (``en``, ``lv``, ``de-ch``, ``be-tarask``).
LANG = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*")
_FLOAT = "tag:yaml.org,2002:float"
_DATE = "tag:yaml.org,2002:timestamp"


def read(reader: NodeReader, node: yaml.Node, what: str) -> WikidataStatement:
    """The statement in ``node``; every problem is reported, then :class:`Reported` raised."""
    fields = reader.mapping(node, what, KEYS)
    for key in KEYS:
        if key not in fields:
            reader.report(node, f"{what}: missing required field '{key}'")
    item = reader.optional(fields, "item", f"{what}.", _item, "")
    prop = reader.optional(fields, "property", f"{what}.", _property, "")
    value = reader.optional(fields, "value", f"{what}.", lambda n, w: _value(reader, n, w), None)
    if not (item and prop and value):
        raise Reported
    return WikidataStatement(item, prop, value, reader.at(node))


def _entity(node: yaml.Node, what: str, pattern: re.Pattern[str], kind: str) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else ""
    if node.tag != STR or not pattern.fullmatch(value):
        shown = f"'{clip(value)}'" if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        letter = "Q" if kind == "item" else "P"
        raise Invalid(node, f"{what}: {shown} is not a Wikidata {kind} id ({letter} and digits, "
                      f"e.g. {letter}42)")  # fmt: skip
    return str(value)


def _item(node: yaml.Node, what: str) -> str:
    return _entity(node, what, ITEM, "item")


def _property(node: yaml.Node, what: str) -> str:
    return _entity(node, what, PROPERTY, "property")


def _value(reader: NodeReader, node: yaml.Node, what: str) -> WikidataValue:
    """An item id, a text, a number, or a mapping: ``{time: …}``, ``{text: …, lang: …}``,
    ``{quantity: …, unit: Q…}``."""
    if isinstance(node, yaml.MappingNode):
        return _typed_value(reader, node, what)
    if node.tag in (INT, _FLOAT):
        return WikidataValue("quantity", _amount(node, what))
    if node.tag == _DATE:
        raise Invalid(node, f'{what}: write a date as {{time: "{clip(node.value)}"}}')
    text = reader.text(node, what)
    return WikidataValue("item" if ITEM.fullmatch(text) else "string", text)


def _typed_value(reader: NodeReader, node: yaml.Node, what: str) -> WikidataValue:
    fields = reader.mapping(node, what, VALUE_KEYS)
    forms = [key for key in ("time", "text", "quantity") if key in fields]
    if len(forms) != 1:
        raise Invalid(node, f"{what}: give one of {{time: …}}, {{text: …, lang: …}} or "
                      "{quantity: …, unit: Q…}")  # fmt: skip
    allowed = {"time": {"time"}, "text": {"text", "lang"}, "quantity": {"quantity", "unit"}}
    extra = sorted(set(fields) - allowed[forms[0]])
    if extra:
        raise Invalid(fields[extra[0]], f"{what}: '{extra[0]}' does not go with '{forms[0]}'")
    if forms[0] == "time":
        return WikidataValue("time", _time(fields["time"], f"{what}.time"))
    if forms[0] == "text":
        if "lang" not in fields:
            raise Invalid(node, f"{what}: a text needs its language: {{text: …, lang: en}}")
        lang = reader.text(fields["lang"], f"{what}.lang")
        if not LANG.fullmatch(lang):
            raise Invalid(fields["lang"], f"{what}.lang: '{clip(lang)}' is not a Wikidata "
                          "language code (e.g. en, lv, ru)")  # fmt: skip
        return WikidataValue("monolingualtext", reader.text(fields["text"], f"{what}.text"), lang)
    unit = _item(fields["unit"], f"{what}.unit") if "unit" in fields else ""
    return WikidataValue("quantity", _amount(fields["quantity"], f"{what}.quantity"), unit=unit)


def _amount(node: yaml.Node, what: str) -> str:
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if node.tag not in (INT, _FLOAT, STR) or not AMOUNT.fullmatch(value):
        shown = f"'{clip(value)}'" if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        raise Invalid(node, f"{what}: {shown} is not a plain decimal number (e.g. 130 or 2.5)")
    return value.removeprefix("+")


def _time(node: yaml.Node, what: str) -> str:
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if node.tag not in (INT, STR) or not is_edtf_date(value) or "/" in value:
        shown = f"'{clip(value)}'" if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        raise Invalid(node, f"{what}: {shown} is not YYYY, YYYY-MM or YYYY-MM-DD (in quotes)")
    return value


def to_data(statement: WikidataStatement) -> dict[str, Any]:
    """The statement as plain data, in the file's field order; :func:`read` reads it back."""
    return {"item": statement.item, "property": statement.property,
            "value": value_data(statement.value)}  # fmt: skip


def value_data(value: WikidataValue) -> Any:
    """A value as written in a claim file."""
    if value.kind == "time":
        return {"time": value.text}
    if value.kind == "monolingualtext":
        return {"text": value.text, "lang": value.lang}
    if value.kind == "quantity":
        if value.unit or not value.text.lstrip("-").isdigit():
            data = {"quantity": value.text}
            return {**data, "unit": value.unit} if value.unit else data
        return int(value.text)
    return value.text
