"""Render-time bookkeeping for the corrected CSL elements: which variables each group (and each
substitute branch) called and rendered, the variables a substitute already printed, whether sort
keys are being rendered, and the first names of the entry being rendered.

citeproc-py passes no state down its element tree, so this lives in context variables and a stack set
and reset around each group and entry; :class:`Tracked` is the mixin through which elements report
what they rendered. The elements themselves are in :mod:`claimref.render.elements`.
"""

from __future__ import annotations

import contextvars
from typing import Any

from citeproc.source import VariableError

from claimref.render.memo import attribute

#: Key in citeproc-py's per-item ``layout.repressed`` where we keep substituted variables.
SUBSTITUTED = "claimref-substituted"
#: Variables the engine fills in; like citeproc-js, an empty one does not suppress its group.
GENERATED = frozenset({"year-suffix"})


class Calls:
    """Variables called and rendered while one group or substitute branch renders, and whether a
    group inside it rendered (which counts as rendered content, as in citeproc-js)."""

    def __init__(self) -> None:
        self.called: set[str] = set()
        self.rendered: set[str] = set()
        self.nested = False


#: True while sort keys are rendered (citeproc-py loses its sort options in nested macros).
SORTING: contextvars.ContextVar[bool] = contextvars.ContextVar("sorting", default=False)
#: Set while a name list whose last name is an institution (a literal name) is rendered.
LAST_INSTITUTION: contextvars.ContextVar[bool] = contextvars.ContextVar("inst", default=False)
#: While an entry renders: a list that receives the text of its first ``cs:names``.
FIRST_NAMES: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "names", default=None
)
#: The open groups and substitutes of the entry being rendered, innermost last (a plain list:
#: rendering is single-threaded, and this is touched several times per element).
FRAMES: list[Calls] = []


def track(variables: list[str], result: Any) -> Any:
    """Note that ``variables`` were called and, when ``result`` is not empty, rendered."""
    frames = FRAMES
    if frames:
        variables = [v for v in variables if v not in GENERATED]
        frames[-1].called.update(variables)
        if result is not None and str(result) != "":
            frames[-1].rendered.update(variables)
    return result


def framed(render: Any) -> tuple[Any, Calls]:
    """Call ``render()`` inside a new frame (see :func:`merge`)."""
    frame = Calls()
    FRAMES.append(frame)
    try:
        return render(), frame
    finally:
        FRAMES.pop()


def merge(frame: Calls, shown: bool, group: bool) -> None:
    """Hand a closed frame's calls to the enclosing one: its attempts always, what it rendered
    only if ``shown``; a shown group also counts as content of its own."""
    if not FRAMES:
        return
    outer = FRAMES[-1]
    outer.called |= frame.called
    if shown:
        outer.rendered |= frame.rendered
        outer.nested = outer.nested or group or frame.nested


def substituted(context: Any) -> set[str]:
    try:
        layout = context.get_layout()
    except IndexError:  # outside a layout (a sort key's macro)
        return set()
    done: set[str] = getattr(layout, "repressed", {}).get(SUBSTITUTED, set())
    return done


class Tracked:
    """Mixin: records whether the element's variable rendered, so that groups are suppressed by
    what actually rendered."""

    def render(self, *args: Any, **kwargs: Any) -> Any:
        variable: list[str] | None = self.__dict__.get("claimref_tracked")
        if variable is None:  # what to track, read once: nothing for a generated variable
            name = attribute(self, "variable")
            variable = [] if name is None or name in GENERATED else [name]
            self.__dict__["claimref_tracked"] = variable
        if not variable:
            return super().render(*args, **kwargs)  # type: ignore[misc]
        try:
            result = super().render(*args, **kwargs)  # type: ignore[misc]
        except VariableError:
            track(variable, None)
            raise
        return track(variable, result)


#: Name variables as citeproc-py stores them (a work with none has its names substituted by text).
_NAME_KEYS = ("author", "editor", "translator", "compiler", "container_author", "director",
              "collection_editor", "editorial_director", "contributor", "organizer",
              "illustrator", "composer", "interviewer", "recipient", "reviewed_author",
              "original_author", "chair", "curator", "guest", "host", "narrator", "performer",
              "producer", "script_writer", "series_creator", "executive_producer")  # fmt: skip


def has_names(item: Any) -> bool:
    """Whether the item has a name variable (else its names are substituted by text)."""
    reference = item.reference
    return any(key in reference for key in _NAME_KEYS)
