"""The structural elements of a parsed style turned into one function each, once: for speed only.

citeproc-py renders an element through several layers (``render``, ``process``, ``markup`` and
each markup step, our tracking and memo mixins), looking up what the element is on every call.
:func:`compile_style` gives each ``cs:text``, ``cs:group``, ``cs:choose`` (its branches' tests
inlined) and each element with children (branches, macros, layouts) one closure that does the same
in one step, with what the element is decided once: which variable, macro, term or value a
``cs:text`` renders, which markup steps can change its text, its children and their closures.
Compiled elements call each other as ``fast(item, context, delimiter, extra)`` (``extra``: the
other keyword arguments, never changed), other elements through their ``render`` as before.

The closures replace the element's ``render`` and ``render_children`` as instance attributes, so
every caller, citeproc-py's included, gets them; elements of other kinds, or whose class is not the
one modelled here, keep their methods. Output is the same to the character: each closure follows
the methods it replaces (:mod:`elements`, :mod:`conditions`, :mod:`memo`, :mod:`tracking`) step for
step, and the tests compare with the uncompiled elements. Like the memos, this assumes the style
is not changed while rendering (the engine keeps its elements alive).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import String, join

from claimref.render import conditions, elements, labels, memo, numbers
from claimref.render.fastnames import compile_names, compile_substitute
from claimref.render.punctuation import KEEP
from claimref.render.tracking import FRAMES, GENERATED, SUBSTITUTED, Calls

#: A compiled element: ``fast(item, context, delimiter, extra)``.
Fast = Callable[[Any, Any, str, dict[str, Any]], Any]
#: A child as its parent calls it: its closure (None if not compiled), ``render``, a choose?
Child = tuple[Fast | None, Callable[..., Any], bool]
#: Variables a ``cs:text`` reads through citeproc-py's own ``_variable`` (special cases there).
_SPECIAL = ("page", "citation-number", "locator", "year-suffix")
_NOTHING: frozenset[str] = frozenset()
_FAST = "claimref_fast"


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
        _install_runner(element, _runner(_children(children)))
    if cls.render is conditions.Choose.render:
        _install(element, _choose(children), delimited=True)
    elif cls.render is model.CitationStylesElement.render and process is elements.Group.process:
        _install(element, _group(element, children))
    elif cls.render is elements.Substitute.render:
        _install(element, compile_substitute(element, children, _children(children)))
    elif cls.render is elements.Names.render and process is model.Names.process:
        _install(element, compile_names(element, _group_markup(element)))
    elif cls.render is elements.Text.render and process is elements.Text.process:
        try:
            _install(element, _text(element, done))
        except IndexError:  # a macro the style lacks: citeproc-py's error, when rendered
            return


def _install(element: Any, fast: Fast, delimited: bool = False) -> None:
    """``fast`` as the element's closure and, wrapped, as its ``render``."""
    element.__dict__[_FAST] = fast
    if delimited:
        element.render = lambda item, context=None, delimiter="", **kwargs: fast(
            item, context, delimiter, kwargs
        )
    else:
        element.render = lambda item, context=None, **kwargs: fast(item, context, "", kwargs)


def _install_runner(element: Any, run: Fast) -> None:
    """``run`` as the element's ``render_children`` (and, for a macro, its ``render``)."""
    element.__dict__["claimref_run"] = run

    def render_children(item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        context = kwargs.pop("context", None)  # absent and None are the same to every element
        return run(item, context, delimiter, kwargs)

    element.render_children = render_children
    if type(element).render is model.Macro.render:
        element.render = lambda item, context=None, sort_options=None: run(
            item, context, "", {"sort_options": sort_options}
        )


def _children(children: list[Any]) -> list[Child]:
    return [(c.__dict__.get(_FAST), c.render, isinstance(c, model.Choose)) for c in children]


def _runner(kids: list[Child]) -> Fast:
    """:func:`memo.render_children` over these children."""

    def run(item: Any, context: Any, delimiter: str, extra: dict[str, Any]) -> Any:
        output = []
        for fast, render, choose in kids:
            try:
                if fast is not None:
                    text = fast(item, context, delimiter, extra)
                elif choose:
                    text = render(item, context=context, delimiter=delimiter, **extra)
                else:
                    text = render(item, context=context, **extra)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
        return join(output, delimiter) if output else None

    return run


#: The tests of :func:`conditions.spec` as the compiled choose makes them: a check
#: (``type``, ``all``, ``any``, ``call`` or ``else``), its data and whether it is negated.
_CHECKS: dict[str, tuple[str, bool]] = {
    "type-in": ("type", False), "type-out": ("type", True), "never": ("type", False),
    "all-of": ("all", False), "any-of": ("any", False), "none-of": ("any", True),
    "call": ("call", False),
}  # fmt: skip


def _branch(child: Any) -> tuple[str, Any, bool, Fast]:
    """A choose's branch: its check (see :data:`_CHECKS`), the data, negated?, its children."""
    if conditions.branch_test(child) is None:
        check, data, negated = "else", None, False
    else:
        kind, data = conditions.spec(child)
        check, negated = _CHECKS[kind]
        data = _NOTHING if kind == "never" else data  # no type is in the empty set
    run = child.__dict__.get("claimref_run")
    if run is None:
        render = child.render_children
        run = lambda i, c, d, e: render(i, context=c, delimiter=d, **e)  # noqa: E731
    return check, data, negated, run


def _choose(children: list[Any]) -> Fast:
    """:meth:`conditions.Choose.render`: the first branch whose test holds renders (the tests of
    :func:`conditions.spec` inlined)."""
    branches = [_branch(child) for child in children]

    def fast(item: Any, context: Any, delimiter: str, extra: dict[str, Any]) -> Any:
        reference = item.reference
        for check, data, negated, run in branches:
            if check == "type":
                holds = (reference.type in data) != negated
            elif check == "all":
                holds = data <= reference.keys()
            elif check == "any":
                holds = data.isdisjoint(reference.keys()) == negated
            elif check == "call":
                holds = data(item, context)
            else:
                holds = True
            if holds:
                return run(item, context, delimiter, extra)
        return None

    return fast


def _group(element: Any, children: list[Any]) -> Fast:
    """:meth:`elements.Group.process` and its markup, with :func:`_runner`'s loop and
    :func:`tracking.merge` written out again: calling them (and :func:`tracking.track` from
    :mod:`.fastnames`) cost 6 % of a cold apa run of 1,000 entries (1.10 -> 1.17 s, measured
    with bench/render_bench.py), which issue 12's target against pandoc does not leave."""
    kids = _children(children)
    own = memo.attribute(element, "delimiter") or ""
    joined = element.join
    markup = _group_markup(element)

    def fast(item: Any, context: Any, _delimiter: str, extra: dict[str, Any]) -> Any:
        frame = Calls()
        FRAMES.append(frame)
        output = []
        try:
            for run, render, choose in kids:
                try:
                    if run is not None:
                        text = run(item, context, own, extra)
                    elif choose:
                        text = render(item, context=context, delimiter=own, **extra)
                    else:
                        text = render(item, context=context, **extra)
                except VariableError:
                    continue
                if text is not None:
                    output.append(text)
        finally:
            FRAMES.pop()
        shown = bool(output) and (not frame.called or bool(frame.rendered) or frame.nested)
        if FRAMES:  # tracking.merge(frame, shown, group=True)
            outer = FRAMES[-1]
            outer.called |= frame.called
            if shown:
                outer.rendered |= frame.rendered
                outer.nested = True
        if not shown:
            raise VariableError
        return markup(joined(output))

    return fast


def _bare(text: Any, *_language: Any) -> Any:
    """The markup of an element without markup attributes (see :func:`memo.is_bare`)."""
    if not text:
        return None
    return str(text) if isinstance(text, (int, float)) else text


def _same(text: Any) -> Any:
    return text


def _group_markup(element: Any) -> Callable[[Any], Any]:
    """citeproc-py's ``Group.markup`` with only the steps that can change the text."""
    if memo.is_bare(element):
        return _bare
    formatted = memo.markup_step(element, "format") or _bare_format
    wrap = memo.markup_step(element, "wrap") or _same

    def markup(text: Any) -> Any:
        return wrap(formatted(text)) if text else None

    return markup


def _bare_format(text: Any) -> Any:
    return str(text) if isinstance(text, (int, float)) else text


def _text_markup(element: Any) -> Callable[[Any, Any], Any] | None:
    """citeproc-py's ``Text.markup`` with only the steps that can change the text; None when
    there are none (see :func:`_bare`)."""
    if memo.is_bare(element):
        return None
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


def _text(element: Any, done: set[int]) -> Fast:
    """:class:`elements.Text`'s ``render`` (with :class:`tracking.Tracked`), ``process`` and
    ``markup`` in one."""
    kind, name = next(
        ((kind, element.get(kind)) for kind in elements.TEXT_SOURCES if kind in element.attrib),
        ("", ""),
    )
    if kind == "variable":
        return _text_variable(element, name)
    if kind == "macro":
        macro = element.get_macro(name)
        _compile(macro, done)
        run = macro.__dict__.get("claimref_run")
        if run is None:
            render = macro.render
            run = lambda i, c, _d, _e: render(i, c)  # noqa: E731
        body = _macro_body(run)
    elif kind == "term":
        body = lambda item, _context: element._term(item)  # noqa: E731
    elif kind:
        value = KEEP + name if name in (".", ",") else name  # see punctuation.KEEP
        body = lambda _item, _context: String(element.preformat(value))  # noqa: E731
    else:
        body = lambda _item, _context: None  # noqa: E731
    markup = _text_markup(element)
    default = element.get_root().get("default-locale", "en")

    def fast(item: Any, context: Any, _delimiter: str, _extra: dict[str, Any]) -> Any:
        text = body(item, element if context is None else context)
        if markup is None:
            if not text:
                return None
            return str(text) if isinstance(text, (int, float)) else text
        language = item.reference.get("language")
        return markup(text, (default if language is None else language)[:2])

    return fast


_SORT_OPTIONS: dict[str, Any] = {"sort_options": None}


def _macro_body(run: Fast) -> Callable[[Any, Any], Any]:
    """A ``cs:text`` rendering a macro: a group to citeproc-js, which expands it in one."""

    def body(item: Any, context: Any) -> Any:
        frame = Calls()
        FRAMES.append(frame)
        try:
            text = run(item, context, "", _SORT_OPTIONS)
        finally:
            FRAMES.pop()
        shown = bool(text) and (not frame.called or bool(frame.rendered) or frame.nested)
        if FRAMES:  # tracking.merge(frame, shown, group=True)
            outer = FRAMES[-1]
            outer.called |= frame.called
            if shown:
                outer.rendered |= frame.rendered
                outer.nested = True
        return text if shown else None

    return body


def _text_variable(element: Any, name: str) -> Fast:
    """A ``cs:text`` rendering a variable, tracked (:class:`tracking.Tracked`); number variables
    cased part by part."""
    read = _reader(element, name)
    numeric = name in numbers.VARIABLES
    tracked = name not in GENERATED
    markup = _text_markup(element)
    default = element.get_root().get("default-locale", "en")

    def fast(item: Any, context: Any, _delimiter: str, _extra: dict[str, Any]) -> Any:
        language = item.reference.get("language")
        language = (default if language is None else language)[:2]
        try:
            text = read(item, element if context is None else context)
            if numeric and text is not None:
                case = lambda t: str(element.case(String(t), language))  # noqa: E731
                text = labels.Cased(numbers.render(str(text), name, str, case))
            if markup is not None:
                result = markup(text, language)
            elif not text:
                result = None
            else:
                result = str(text) if isinstance(text, (int, float)) else text
        except VariableError:
            if tracked and FRAMES:
                FRAMES[-1].called.add(name)
            raise
        if tracked and FRAMES:
            frame = FRAMES[-1]
            frame.called.add(name)
            if result is not None and str(result) != "":
                frame.rendered.add(name)
        return result

    return fast


def _reader(element: Any, name: str) -> Callable[[Any, Any], Any]:
    """:meth:`elements.Text._variable`, read directly from the item where citeproc-py has no
    special case for the variable and the layout's repressed variables are known."""
    slow = element._variable
    if name.startswith(_SPECIAL):
        return slow  # type: ignore[no-any-return]
    tag, key = element.tag, name.replace("-", "_")
    short = f"{name}-short".replace("-", "_") if element.get("form") == "short" else None

    def read(item: Any, context: Any) -> Any:
        layout = context.__dict__.get("claimref_layout")
        repressed = None if layout is None else layout.__dict__.get("repressed")
        if type(repressed) is not dict:  # not known yet: citeproc-py's way (which finds it)
            return slow(item, context)
        if name in repressed.get(SUBSTITUTED, _NOTHING):
            return None
        if tag in repressed and name in repressed[tag]:
            return None
        reference = item.reference
        return reference[short if short is not None and short in reference else key]

    return read
