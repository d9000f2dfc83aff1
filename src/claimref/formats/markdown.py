"""Data text made safe in Markdown (CommonMark and GitHub's dialect): it shows as written.

:func:`escape` is the one escaper for Markdown that claimref writes, whether a claim document
(:mod:`claimref.formats.claimdoc`) or a reference list rendered in a CSL style (``render``): it
backslash-escapes what could start markup, a raw HTML tag, a link or an image, and joins lines, so
that data can neither open a block (a heading, a list, a footnote definition) nor inject HTML. The
markup around the data (emphasis, footnote marks) is the writers' job.
"""

from __future__ import annotations

import re

#: Characters that start emphasis, code, links and images, raw HTML, headings, tables and
#: strikethrough; ``&`` only where it would start an entity (``&lt;``, ``&#60;``).
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~]|&(?=#?[0-9A-Za-z]+;))")
_LINE_BREAK = re.compile(r"[^\S\n\r]*[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]\s*")


def escape(text: str) -> str:
    """``text`` as Markdown that shows it as written, on one line (line breaks become spaces)."""
    return _SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", text))
