"""The structural elements of a parsed style turned into one function each, once: for speed only.

citeproc-py renders an element through several layers (``render``, ``process``, ``markup`` and
each markup step, our tracking and memo mixins), looking up what the element is on every call.
:func:`compile_style` replaces, element by element, ``render`` (``cs:text``, ``cs:group``,
``cs:choose``, ``cs:macro``) and ``render_children`` (the branches of a choose, macros, layouts)
with a closure that does the same in one step, with what the element is decided once: which
variable, macro, term or value a ``cs:text`` renders, which markup steps can change its text, its
children. The closures are stored in the element (an instance attribute shadows the class's
method), so every caller, citeproc-py's included, gets them; elements of any other kind, or whose
class is not the one modelled here, keep their methods. Output is the same to the character: each
closure follows the methods it replaces (:mod:`elements`, :mod:`conditions`, :mod:`memo`,
:mod:`tracking`) step for step; the tests compare with the uncompiled elements. Like the memos,
this assumes the style is not changed while rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import String, join

from claimref.render import conditions, elements, labels, memo, numbers
from claimref.render.punctuation import KEEP
from claimref.render.tracking import FRAMES, GENERATED, SUBSTITUTED, Calls, merge, track

Render = Callable[..., Any]
#: Variables a ``cs:text`` reads through citeproc-py's own ``_variable`` (special cases there).
_SPECIAL = ("page", "citation-number", "locator", "year-suffix")
_NOTHING: frozenset[str] = frozenset()


def compile_style(root: Any) -> None:
    """Compile the rendering elements of the style ``root`` (its elements must be kept alive)."""
    done: set[int] = set()
    for element in root.iter():
        _compile(element, done)


def _compile(element: Any, done: set[int]) -> None:
    """``element`` compiled after its children (and a ``cs:text``'s macro), whose closures its own
    closure calls."""
    if id(element) in done or not isinstance(element, model.CitationStylesElement):
        return
    done.add(id(element))
    children = memo.child_elements(element)
    if not all(isinstance(child, model.CitationStylesElement) for child in children):
        return
    for child in children:
        _compile(child, done)
    cls = type(element)
    process = getattr(cls, "process", None)
    if getattr(cls, "render_children", None) is memo.render_children:
        element.render_children = _runner(children)
    if cls.render is conditions.Choose.render:
        element.render = _choose(children)
    elif cls.render is model.Macro.render and "render_children" in element.__dict__:
        run = element.render_children
        element.render = lambda item, context=None, sort_options=None: run(
            item, context=context, sort_options=sort_options
        )
    elif cls.render is model.CitationStylesElement.render and process is elements.Group.process:
        element.render = _group(element, children)
    elif cls.render is elements.Text.render and process is elements.Text.process:
        try:
            element.render = _text(element, done)
        except IndexError:  # a macro the style lacks: citeproc-py's error, when rendered
            return


def _kinds(children: list[Any]) -> list[tuple[Render, bool]]:
    """Each child's ``render``, with whether it is a choose (which takes the delimiter)."""
    return [(child.render, isinstance(child, model.Choose)) for child in children]


def _runner(children: list[Any]) -> Render:
    """:func:`memo.render_children` over these children."""
    kinds = _kinds(children)

    def render_children(item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        output = []
        for run, choose in kinds:
            try:
                text = run(item, delimiter=delimiter, **kwargs) if choose else run(item, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
        return join(output, delimiter) if output else None

    return render_children


def _choose(children: list[Any]) -> Render:
    """:meth:`conditions.Choose.render`: the first branch whose test holds renders."""
    branches = [(conditions.branch_test(child), child.render_children) for child in children]

    def render(item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        for test, run in branches:
            if test is None or test(item, context):
                return run(item, context=context, delimiter=delimiter, **kwargs)
        return None

    return render


def _group(element: Any, children: list[Any]) -> Render:
    """:meth:`elements.Group.process` and its markup."""
    kinds = _kinds(children)
    delimiter = memo.attribute(element, "delimiter") or ""
    joined = element.join
    markup = _group_markup(element)

    def render(item: Any, context: Any = None, **kwargs: Any) -> Any:
        frame = Calls()
        FRAMES.append(frame)
        output = []
        try:
            for child, choose in kinds:
                try:
                    if choose:
                        text = child(item, context=context, delimiter=delimiter, **kwargs)
                    else:
                        text = child(item, context=context, **kwargs)
                except VariableError:
                    continue
                if text is not None:
                    output.append(text)
        finally:
            FRAMES.pop()
        shown = bool(output) and (not frame.called or bool(frame.rendered) or frame.nested)
        merge(frame, shown, group=True)
        if not shown:
            raise VariableError
        return markup(joined(output))

    return render


def _bare(text: Any, *_language: Any) -> Any:
    """The markup of an element without markup attributes (see :func:`memo.is_bare`)."""
    if not text:
        return None
    return str(text) if isinstance(text, (int, float)) else text


def _group_markup(element: Any) -> Render:
    """citeproc-py's ``Group.markup`` with only the steps that can change the text."""
    if memo.is_bare(element):
        return _bare
    formatted = memo.markup_step(element, "format") or _bare_format
    wrap = memo.markup_step(element, "wrap") or _same

    def markup(text: Any) -> Any:
        return wrap(formatted(text)) if text else None

    return markup


def _same(text: Any) -> Any:
    return text


def _bare_format(text: Any) -> Any:
    return str(text) if isinstance(text, (int, float)) else text


def _text_markup(element: Any) -> Render:
    """citeproc-py's ``Text.markup`` with only the steps that can change the text."""
    if memo.is_bare(element):
        return _bare
    strip = memo.markup_step(element, "strip_periods") or _same
    case = memo.markup_step(element, "case")
    formatted = memo.markup_step(element, "format") or _bare_format
    quote = memo.markup_step(element, "quote") or _same
    wrap = memo.markup_step(element, "wrap") or _same

    def markup(text: Any, language: Any) -> Any:
        if not text:
            return None
        text = strip(text)
        if case is not None:
            text = case(text, language)
        return wrap(quote(formatted(text)))

    return markup


def _text(element: Any, done: set[int]) -> Render:
    """:class:`elements.Text`'s ``render`` (with :class:`tracking.Tracked`), ``process`` and
    ``markup`` in one."""
    kind, name = next(
        ((kind, element.get(kind)) for kind in elements.TEXT_SOURCES if kind in element.attrib),
        ("", ""),
    )
    tracked = [name] if kind == "variable" and name not in GENERATED else []
    markup = _text_markup(element)
    default = element.get_root().get("default-locale", "en")
    if kind == "variable":
        body = _text_variable(element, name)
    elif kind == "macro":
        body = _text_macro(element, name, done)
    elif kind == "term":
        body = lambda item, _context, _language: element._term(item)  # noqa: E731
    elif kind:
        value = KEEP + name if name in (".", ",") else name  # see punctuation.KEEP
        body = lambda _item, _context, _language: String(element.preformat(value))  # noqa: E731
    else:
        body = lambda _item, _context, _language: None  # noqa: E731

    def render(item: Any, context: Any = None, **_kwargs: Any) -> Any:
        if context is None:
            context = element
        language = item.reference.get("language")
        language = (default if language is None else language)[:2]
        if not tracked:
            return markup(body(item, context, language), language)
        try:
            result = markup(body(item, context, language), language)
        except VariableError:
            track(tracked, None)
            raise
        return track(tracked, result)

    return render


def _text_macro(element: Any, name: str, done: set[int]) -> Render:
    """A ``cs:text`` rendering a macro: a group to citeproc-js, which expands it in one."""
    macro = element.get_macro(name)
    _compile(macro, done)
    run = macro.render

    def body(item: Any, context: Any, _language: Any) -> Any:
        frame = Calls()
        FRAMES.append(frame)
        try:
            text = run(item, context)
        finally:
            FRAMES.pop()
        shown = bool(text) and (not frame.called or bool(frame.rendered) or frame.nested)
        merge(frame, shown, group=True)
        return text if shown else None

    return body


def _text_variable(element: Any, name: str) -> Render:
    """A ``cs:text`` rendering a variable: :meth:`elements.Text._variable`, read directly from
    the item where citeproc-py has no special case for it, and number variables cased part by
    part."""
    numeric = name in numbers.VARIABLES
    if name.startswith(_SPECIAL) or numeric:
        special = element._variable

        def body(item: Any, context: Any, language: Any) -> Any:
            text = special(item, context)
            if numeric and text is not None:  # cased part by part
                case = lambda t: str(element.case(String(t), language))  # noqa: E731
                text = labels.Cased(numbers.render(str(text), name, str, case))
            return text

        return body
    tag, key = element.tag, name.replace("-", "_")
    short = f"{name}-short".replace("-", "_") if element.get("form") == "short" else None
    slow = element._variable

    def variable(item: Any, context: Any, _language: Any) -> Any:
        layout = context.__dict__.get("claimref_layout")
        repressed = None if layout is None else layout.__dict__.get("repressed")
        if type(repressed) is not dict:  # not yet known: citeproc-py's way (which finds it)
            return slow(item, context)
        if name in repressed.get(SUBSTITUTED, _NOTHING):
            return None
        if tag in repressed and name in repressed[tag]:
            return None
        reference = item.reference
        return reference[short if short is not None and short in reference else key]

    return variable
