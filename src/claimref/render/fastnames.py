"""``cs:names`` compiled into one closure, for speed only (see :mod:`claimref.render.compiled`).

The closure does what :class:`claimref.render.elements.Names` (first names noted, roles that a
substitute printed left out, what rendered tracked) and citeproc-py's ``Names.process`` and
``markup`` do, step for step, with what the element is decided once: its roles, the names
element it inherits its ``cs:name`` from, its markup. Each name list and label is still rendered by
its own element (``cs:name``, ``cs:label``), and a missing list by the ``cs:substitute``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citeproc import model
from citeproc.source import VariableError

from claimref.render.tracking import (
    FIRST_NAMES,
    FRAMES,
    GENERATED,
    SORTING,
    SUBSTITUTED,
    Calls,
    has_names,
)

#: A compiled element: ``fast(item, context, delimiter, extra)`` (see :mod:`.compiled`).
Fast = Callable[[Any, Any, str, dict[str, Any]], Any]
_EDITOR_TRANSLATOR = {"editor", "translator"}
_NOTHING: frozenset[str] = frozenset()


def compile_names(element: Any, markup: Callable[[Any], Any]) -> Fast:
    """:class:`elements.Names`' ``render`` with citeproc-py's ``process`` and ``markup``."""
    roles = element.get("variable", "").split()
    outer = element.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
    inherited = outer[0] if outer else None
    process = _process(element)

    def body(item: Any, context: Any, extra: dict[str, Any]) -> Any:
        done = _substituted(context if context is not None else element)
        kept = [role for role in roles if role not in done]
        names_context = extra.get("names_context")
        if names_context is None and element.name is None:  # inherit, at any depth
            names_context = inherited
        if not kept:
            return _track(roles, None)
        narrowed = len(kept) < len(roles)
        if narrowed:  # as elements.Names, for whatever reads the attribute meanwhile
            element.set("variable", " ".join(kept))
        rest = extra if "names_context" not in extra else (
            {key: value for key, value in extra.items() if key != "names_context"})  # fmt: skip
        try:
            result = markup(process(item, kept, names_context, context, rest))
        except VariableError:  # no names and no substitute: an empty call all the same
            _track(kept, None)
            raise
        finally:
            if narrowed:
                element.set("variable", " ".join(roles))
        reference = item.reference
        present = [role for role in kept if role.replace("-", "_") in reference]
        return _track(present or kept, result)

    def fast(item: Any, context: Any, _delimiter: str, extra: dict[str, Any]) -> Any:
        holder = FIRST_NAMES.get()
        first = holder is not None and not holder and not SORTING.get()
        if first and holder is not None:
            holder.append("")
        result = body(item, context, extra)
        if first and holder is not None and result is not None and has_names(item):
            holder[0] = str(result)  # not a title standing in for names (no "———" for it)
        return result

    return fast


def _substituted(context: Any) -> Any:
    """:func:`tracking.substituted`, from the memo of the context's layout where it is known."""
    layout = context.__dict__.get("claimref_layout")
    if layout is None:
        try:
            layout = context.get_layout()
        except IndexError:  # outside a layout (a sort key's macro)
            return _NOTHING
    repressed = getattr(layout, "repressed", {})
    return repressed.get(SUBSTITUTED, _NOTHING)


def _track(variables: list[str], result: Any) -> Any:
    """:func:`tracking.track`, written out here: it is called for every name variable, and the
    call through the other module is measurably slower (see :func:`.compiled._group`)."""
    if FRAMES:
        variables = [v for v in variables if v not in GENERATED]
        FRAMES[-1].called.update(variables)
        if result is not None and str(result) != "":
            FRAMES[-1].rendered.update(variables)
    return result


def _process(element: Any) -> Callable[[Any, list[str], Any, Any, dict[str, Any]], Any]:
    """citeproc-py's ``Names.process`` for the roles given (and the other keyword arguments)."""

    def process(item: Any, roles: list[str], names_context: Any, context: Any,
                rest: dict[str, Any]) -> Any:  # fmt: skip
        if context is None:
            context = element
        if names_context is None:
            names_context = element
        reference = item.reference
        ed_trans: Any = False
        try:
            ed_trans = (set(roles) == _EDITOR_TRANSLATOR and
                        reference.editor == reference.translator and
                        element.get_term("editortranslator").getchildren())  # fmt: skip
            if ed_trans:
                roles = ["editor"]
        except VariableError:
            ed_trans = False
        output = [
            _role(item, role, ed_trans, names_context=names_context, context=context, rest=rest)
            for role in roles
            if role in reference
        ]
        if output:
            return _joined(element, output, context)
        substitute = element.substitute()
        if substitute is not None:
            return substitute.render(item, context=context, **rest)
        raise VariableError

    return process


def _role(item: Any, role: str, ed_trans: Any, *, names_context: Any, context: Any,
          rest: dict[str, Any]) -> Any:  # fmt: skip
    """One role's names and label, as citeproc-py's ``Names.process`` renders them."""
    name_elem = names_context.name
    if name_elem is None:
        name_elem = model.Name()
        names_context.insert(0, name_elem)
    text = name_elem.render(item, role, context=context, **rest)
    plural = len(item.reference[role]) > 1
    try:
        if ed_trans:
            role = "editortranslator"
        label_element = names_context.label
        label = label_element.render(item, role, plural, **rest)
        if label is not None:
            before = label_element is names_context.getchildren()[0]
            text = label + text if before else text + label
    except AttributeError:
        pass
    return text


def _joined(element: Any, output: list[Any], context: Any) -> Any:
    try:
        total = sum(output)
    except TypeError:
        is_int = False
    else:
        is_int = isinstance(total, int)
    if is_int:
        return str(total) if total > 0 else None
    return element.join(output, element.get_parent_delimiter(context))


def compile_substitute(element: Any, children: list[Any],
                       kids: list[tuple[Fast | None, Callable[..., Any], bool]]) -> Fast:  # fmt: skip
    """:meth:`elements.Substitute.render`: the first child that renders wins, and what it rendered
    is left out of the rest of the entry (:func:`tracking.framed` and ``merge`` inlined)."""
    tried = [(child, isinstance(child, model.Names), fast, render)
             for child, (fast, render, _choose) in zip(children, kids, strict=True)]  # fmt: skip

    def fast(item: Any, context: Any, _delimiter: str, extra: dict[str, Any]) -> Any:
        for child, names, run, render in tried:
            options = extra
            if names and child.name is None:
                parent = element.xpath_search("./parent::cs:names[1]")[0]
                options = {**extra, "names_context": parent}
            frame = Calls()
            FRAMES.append(frame)
            try:
                text = run(item, context, "", options) if run is not None else (
                    render(item, context=context, **options))  # fmt: skip
            except VariableError:
                text = None
            finally:
                FRAMES.pop()
            if FRAMES:  # tracking.merge(frame, bool(text), group=False)
                outer = FRAMES[-1]
                outer.called |= frame.called
                if text:
                    outer.rendered |= frame.rendered
                    outer.nested = outer.nested or frame.nested
            if text:
                element.add_to_repressed_list(child, context)
                layout = (context if context is not None else element).get_layout()
                layout.repressed.setdefault(SUBSTITUTED, set()).update(frame.rendered)
                return text
        return None

    return fast
