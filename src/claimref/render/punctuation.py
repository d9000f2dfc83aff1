"""Punctuation of rendered text as citeproc-js sets it, after citeproc-py has rendered it.

* no full stop after a ``?``, ``!`` or full stop that ends a title, across closing markup and
  quotation marks ("What is a Sheaf?" not "What is a Sheaf?.");
* with the locale's ``punctuation-in-quote``, a full stop or comma after a closing quotation mark
  that the style wrote (” or ’) goes inside, unless the style wrote it as a value of its own;
  guillemets written in the data keep it outside;
* a particle that ends in an apostrophe or a hyphen is joined to the family name ("d’Aubignac",
  "al-One"): :mod:`.typography` marks such particles with :data:`JOIN` before rendering.

Escaping for the output format is :mod:`claimref.render.output`'s job.
"""

from __future__ import annotations

import re

#: Follows a particle ending in an apostrophe or a hyphen: no space after it.
JOIN = "\ue030"
#: Before a full stop or comma a style writes as ``cs:text value="."``: citeproc-js leaves such
#: punctuation outside the quotation marks (IEEE's "…Title”."), so it is not moved.
KEEP = "\ue031"
#: Inside the tags of a ``nocase`` span that citeproc-js prints as text (see
#: :func:`claimref.render.typography.smart_quotes`): citeproc-py does not read them as markup.
LITERAL = "\ue034"
_CLOSERS = {"html": r"</(?:i|b|span|sup|sub|u)>", "markdown": r"\*{1,2}|\^|~", "rst": r"`"}


def tidy(text: str, fmt: str, punctuation_in_quote: bool) -> str:
    """``text`` (an entry or a citation in ``fmt``) with the punctuation fixed (see the module)."""
    if JOIN in text:  # joined to a family name that follows; a space before "(" stays
        text = re.sub(JOIN + r" (?=\w)", "", text).replace(JOIN, "")
    closer = _CLOSERS.get(fmt)
    closing = rf"(?:{closer}|[”’\"])*" if closer else r"[”’\"]*"  # not », as citeproc-js
    # not beside "." or "/": the two dots of an open date range ("2004-01-01/..", "../2004") stay
    text = re.sub(rf"(?<![./])([?!…]|\.{{3}}|\.)({closing}){KEEP}?\.(?![./])", r"\1\2", text)
    if punctuation_in_quote:
        text = _INTO_QUOTE.sub(_into_quote, text)
    if LITERAL in text:
        text = text.replace(LITERAL, "")
    return text.replace(KEEP, "") if KEEP in text else text


_INTO_QUOTE = re.compile(r"([”’]+)([.,])")


def _into_quote(match: re.Match[str]) -> str:
    """``”.`` → ``.”``, also past inner quotes (``’”.`` → ``.’”``); ``’.`` only where ’ closes a
    ‘ (not an apostrophe: "abbé d’.")."""
    run, before = match.group(1), match.string[: match.start()]
    inside = len(run)
    while inside:
        text = before + run[: inside - 1]
        if run[inside - 1] == "’" and text.count("‘") <= len(_CLOSING_SINGLE.findall(text)):
            break
        inside -= 1
    return run[:inside] + match.group(2) + run[inside:]


#: A ’ that closes a quotation (not followed by a letter, unlike the apostrophe of "Lacan’s").
_CLOSING_SINGLE = re.compile(r"’(?!\w)")
