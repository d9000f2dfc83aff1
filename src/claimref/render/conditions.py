"""``cs:choose``, ``cs:if`` and ``cs:else-if`` as citeproc-js evaluates them: ``is-numeric`` for
locators, ``disambiguate``. For speed, each element's test is compiled once (a closure for tests of
only ``type`` or only ``variable``) and a choose tests its branches without raising an exception
for each that fails. The other elements are in :mod:`claimref.render.elements`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from citeproc import model

from claimref.render import numbers
from claimref.render.memo import child_elements

#: A numeric value as citeproc-js judges it: numbers, each with letters before or after it
#: ("W8524", "BCRX0929142L", "2a"), joined by range and list separators ("99-02", "2003/32864").
_TOKEN = r"\s*[A-Za-z]*\d+[A-Za-z]*\s*"
_NUMERIC = re.compile(rf"^{_TOKEN}(?:(?:[-–,&/]|\band\b){_TOKEN})*$")


def _is_numeric(element: Any, item: Any) -> list[bool]:
    """``is-numeric``, also for the locator (citeproc-py looks for it among the item's fields)."""
    results = []
    for variable in element.get("is-numeric").split():
        if variable == "locator":
            results.append(item.has_locator and bool(_NUMERIC.match(str(item.locator.identifier))))
        elif variable in numbers.VARIABLES:
            value = item.reference.get(variable.replace("-", "_"))
            results.append(value is not None and numbers.is_numeric(str(value), variable))
        else:
            value = item.reference.get(variable.replace("-", "_"))
            results.append(value is not None and bool(_NUMERIC.match(str(value))))
    return results


def _is_type(element: Any, item: Any) -> list[bool]:
    """``type="…"``, with the attribute split once per element (a tenth of citeproc-py's time)."""
    types: list[str] | None = element.__dict__.get("claimref_types")
    if types is None:
        types = element.__dict__["claimref_types"] = element.get("type").lower().split()
    kind = item.reference.type
    return [candidate == kind for candidate in types]


_TESTS = (
    ("type", "_type"),
    ("variable", "_variable"),
    ("is-numeric", "_is_numeric"),
    ("is-uncertain-date", "_is_uncertain_date"),
    ("locator", "_locator"),
)

#: A compiled ``cs:if``/``cs:else-if`` test: does it hold for this item (in this context)?
Test = Callable[[Any, Any], bool]


def _test(element: Any) -> Test:
    """The element's test, compiled on first use (the style is not changed while rendering)."""
    test: Test | None = element.__dict__.get("claimref_test")
    if test is None:
        test = element.__dict__["claimref_test"] = _compile(element)
    return test


def branch_test(element: Any) -> Test | None:
    """The compiled test of a choose's branch ``element``; None for ``cs:else``."""
    return _test(element) if isinstance(element, _Condition) else None


#: A test as :func:`spec` describes it: a kind and its data (see :data:`HOLDS`).
Spec = tuple[str, Any]


def spec(element: Any) -> Spec:
    """What a ``cs:if``/``cs:else-if`` tests, as a kind of :data:`HOLDS` and its data: the common
    tests (only ``type``, only ``variable`` or both, without the locator; ``is-numeric`` of one
    variable) by the values they look for, every other as ``call`` of the general
    :func:`_condition`."""
    attrib = element.attrib
    tests = tuple(test for attribute, test in _TESTS if attribute in attrib)
    found = None
    if "position" not in attrib and "disambiguate" not in attrib and tests in _SIMPLE:
        found = _SIMPLE[tests](element, attrib.get("match", "all"))
    return found or ("call", functools.partial(_condition, element))


def _type_spec(element: Any, match: str) -> Spec:
    kinds = frozenset(element.get("type").lower().split())
    if match == "none":
        return ("type-out", kinds)
    # an item has one type: "all" of two never holds
    return ("type-in", kinds) if match == "any" or len(kinds) == 1 else ("never", None)


def _variable_spec(element: Any, match: str) -> Spec | None:
    names = [v.replace("-", "_") for v in element.get("variable", "").split()]
    if "locator" in names:
        return None
    wanted = frozenset(names)
    if match == "all":
        return ("all-of", wanted)
    return ("none-of", wanted) if match == "none" else ("any-of", wanted)


def _numeric_spec(element: Any, match: str) -> Spec | None:
    variables = element.get("is-numeric").split()
    if len(variables) != 1 or variables[0] == "locator":
        return None
    return ("call", functools.partial(_numeric, variables[0], match == "none"))


def _numeric(variable: str, negated: bool, item: Any, _context: Any) -> bool:
    """``is-numeric`` of one variable other than the locator (see :func:`_is_numeric`)."""
    value = item.reference.get(variable.replace("-", "_"))
    if variable in numbers.VARIABLES:
        holds = value is not None and numbers.is_numeric(str(value), variable)
    else:
        holds = value is not None and bool(_NUMERIC.match(str(value)))
    return holds != negated


def _combined_spec(element: Any, match: str) -> Spec | None:
    """``type`` and ``variable`` (not the locator) tested together, as :func:`_condition` tests
    them."""
    names = [v.replace("-", "_") for v in element.get("variable", "").split()]
    if "locator" in names:
        return None
    kinds, wanted = frozenset(element.get("type").lower().split()), frozenset(names)
    if match in ("any", "none"):
        return ("call", functools.partial(_type_or_variable, kinds, wanted, match == "none"))
    return ("call", functools.partial(_type_and_variable, kinds, wanted))


def _type_or_variable(kinds: frozenset[str], wanted: frozenset[str], negated: bool, item: Any,
                      _context: Any) -> bool:  # fmt: skip
    reference = item.reference
    holds = reference.type in kinds or not wanted.isdisjoint(reference.keys())
    return holds != negated


def _type_and_variable(kinds: frozenset[str], wanted: frozenset[str], item: Any,
                       _context: Any) -> bool:  # fmt: skip
    """Every type named is the item's (an item has one: at most one type can be named, maybe
    twice) and every variable is present."""
    reference = item.reference
    return (not kinds or kinds == {reference.type}) and wanted <= reference.keys()


#: The tests :func:`spec` describes by what they look for, by the tests of :data:`_TESTS` made.
_SIMPLE: dict[tuple[str, ...], Callable[[Any, str], Spec | None]] = {
    ("_type",): _type_spec, ("_variable",): _variable_spec, ("_is_numeric",): _numeric_spec,
    ("_type", "_variable"): _combined_spec,
}  # fmt: skip

#: How each kind of :func:`spec` is tested: ``HOLDS[kind](data, item, context)``.
HOLDS: dict[str, Callable[[Any, Any, Any], bool]] = {
    "type-in": lambda kinds, item, _context: item.reference.type in kinds,
    "type-out": lambda kinds, item, _context: item.reference.type not in kinds,
    "never": lambda _data, _item, _context: False,
    "all-of": lambda wanted, item, _context: wanted <= item.reference.keys(),
    "any-of": lambda wanted, item, _context: not wanted.isdisjoint(item.reference.keys()),
    "none-of": lambda wanted, item, _context: wanted.isdisjoint(item.reference.keys()),
    "call": lambda test, item, context: bool(test(item, context)),
}


def _compile(element: Any) -> Test:
    """The element's test as one call (a third of the time of an entry was once spent in tests):
    the general :func:`_condition`, or the check of :data:`HOLDS` for what :func:`spec` found."""
    kind, data = spec(element)
    if kind == "call":
        return data  # type: ignore[no-any-return]
    return functools.partial(HOLDS[kind], data)


def _condition(element: Any, item: Any, context: Any) -> bool:
    """A ``cs:if``/``cs:else-if`` test, with ``disambiguate`` (which citeproc-py skips, so that a
    lone ``disambiguate="true"`` always held): true in citations of works whose author is shared
    with another work of the list, as citeproc-js finds (MLA adds their title)."""
    tests: tuple[list[str], str, bool, bool] | None = element.__dict__.get("claimref_tests")
    if tests is None:  # what this element tests, read once
        attrib = element.attrib
        tests = element.__dict__["claimref_tests"] = (
            [test for attribute, test in _TESTS if attribute in attrib], attrib.get("match", ""),
            "position" in attrib, "disambiguate" in attrib)  # fmt: skip
    names, match, position, disambiguate = tests
    results: list[bool] = []
    for test in names:
        results += getattr(element, test)(item)
    if position:
        results += element._position(item, context)
    if disambiguate:
        anchor = context if context is not None else element
        listed = bool(anchor.xpath_search("./ancestor::*[self::cs:bibliography]"))
        ambiguous = item.key in getattr(element.get_root(), "claimref_ambiguous", ())
        results.append((element.get("disambiguate") == "true") == (ambiguous and not listed))
    if match == "any":
        return any(results)
    return not any(results) if match == "none" else all(results)


class Choose(model.Choose):  # type: ignore[misc]
    """The first branch whose test holds renders, tested without raising and catching
    ``ConditionFailed`` for each branch that does not (as citeproc-py does)."""

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        branches = self.__dict__.get("claimref_branches")
        if branches is None:  # each branch's compiled test (None for cs:else), listed once
            branches = self.__dict__["claimref_branches"] = [
                (branch_test(child), child) for child in child_elements(self)
            ]
        for test, child in branches:
            if test is not None and not test(item, context):
                continue
            return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
        return None


class _Condition:
    """Mixin for ``if`` and ``else-if``: ``is-numeric="locator"`` works (``Chapter 3`` in APA);
    ``disambiguate`` is tested."""

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        if not _test(self)(item, context):
            raise model.ConditionFailed
        render_children = self.render_children  # type: ignore[attr-defined]
        return render_children(item, context=context, delimiter=delimiter, **kwargs)

    def _is_numeric(self, item: Any) -> list[bool]:
        return _is_numeric(self, item)

    def _position(self, item: Any, context: Any) -> list[bool]:
        """citeproc-py's positions, with locators compared by label and value (it compares the
        objects, so the same page twice was "ibid-with-locator")."""
        results: list[bool] = super()._position(item, context)  # type: ignore[misc]
        positions = self.get("position").split()  # type: ignore[attr-defined]
        if "ibid-with-locator" not in positions:
            return results
        anchor: Any = context if context is not None else self
        cites = anchor.get_layout().getparent().cites
        last = cites[-1] if cites else None
        if last is not None and item.has_locator and last.has_locator and _same(item, last):
            index = positions.index("ibid-with-locator")
            results[index] = False
            if "ibid" in positions:
                results[positions.index("ibid")] = results[positions.index("ibid")] or (
                    item.key == last.key
                )
        return results

    def _type(self, item: Any) -> list[bool]:
        return _is_type(self, item)

    def _variable(self, item: Any) -> list[bool]:
        """citeproc-py's test, with the attribute split once per element."""
        names: list[str] | None = self.__dict__.get("claimref_variables")
        if names is None:
            names = [v.replace("-", "_") for v in self.get("variable").split()]  # type: ignore[attr-defined]
            self.__dict__["claimref_variables"] = names
        reference = item.reference
        return [("locator" in item) if name == "locator" else (name in reference) for name in names]


def _same(item: Any, last: Any) -> bool:
    """Two cites of the same place: same work, locator label and value."""
    mine, theirs = item.locator, last.locator
    return bool(item.key == last.key and mine.label == theirs.label
                and str(mine.identifier) == str(theirs.identifier))  # fmt: skip


class If(_Condition, model.If):  # type: ignore[misc]
    """``if``, corrected (see :class:`_Condition`)."""


class Else_If(_Condition, model.Else_If):  # type: ignore[misc]  # citeproc-py's name
    """``else-if``, corrected (see :class:`_Condition`)."""
