"""The rules whose findings the store makes while loading the workspace, listed with descriptions.

These problems are found by ``formats`` and ``store`` (a file that cannot be parsed cannot be
checked any other way); ``claimref check`` reports them with everything else, never re-implements
them, and never stops at them. This module only declares their ids, severities and descriptions.
"""

from __future__ import annotations

from claimref.errors import Severity
from claimref.validate.registry import RuleSet

rules = RuleSet()
ERROR, WARNING = Severity.ERROR, Severity.WARNING

rules.declare(
    "load",
    ERROR,
    "a file cannot be read at all: not UTF-8 (UTF-16 is read, and reported), an empty claim file, "
    "a broken symbolic link, what the system said (permission denied…), "
    "or the BibTeX parser gave up on the whole file",
)
rules.declare(
    "stray-file",
    WARNING,
    "a file in bibliography/ or claims/ with the wrong extension "
    "is not read (an error for .yml and .bibtex); also a folder or FIFO named like a data file, "
    "text between BibTeX entries that looks like an entry without its '@', a .bib without entries",
)
rules.declare(
    "bibtex-syntax",
    ERROR,
    "BibTeX that cannot be parsed: a failed block, an unclosed "
    "value, a missing comma, a field given twice, a NUL character, "
    "@string macros expanding to too much text, braces nested too deep, "
    "a cite key holding invisible characters",
)
rules.declare(
    "duplicate-key",
    ERROR,
    "a cite key defined twice (also in two files, or differing only in letter case, "
    "Unicode normalisation or invisible characters)",
)
rules.declare("missing-key", ERROR, "a BibTeX entry without a cite key")
rules.declare(
    "undefined-macro",
    WARNING,
    "a BibTeX value uses an @string macro defined nowhere (month = january, winter): read as "
    "empty text, as biber reads it",
)
rules.declare(
    "empty-name",
    WARNING,
    "an empty name in a BibTeX name list (an 'and' at the start or end, or two in a row) or "
    "commas ending a name: left out, as biber leaves them out",
)
rules.declare(
    "latex-undecoded",
    WARNING,
    "LaTeX in a field that cannot be decoded to text (an "
    "unknown macro, math) and is kept as written",
)
rules.declare(
    "yaml-syntax",
    ERROR,
    "a claim or people file that is not valid YAML, holds a character YAML does not allow "
    "(a control character), or uses anchors and aliases",
)
rules.declare(
    "claim-schema",
    ERROR,
    "a claim file that does not follow the format: a missing or "
    "unknown field, a value of the wrong type (no, 2024-01-02, 1.0 unquoted), "
    "an id holding invisible characters",
)
rules.declare("id-mismatch", ERROR, "a claim's id differs from its file name")
rules.declare(
    "status-without-note",
    ERROR,
    "a disputed or doubtful claim without a reliability note saying why",
)
rules.declare(
    "verified-incomplete",
    ERROR,
    "a link marked verified without saying who checked it "
    "and when (verified: {by: NAME, on: YYYY-MM-DD})",
)
rules.declare("duplicate-id", ERROR, "two claim files with the same id")
rules.declare("missing-source", ERROR, "a claim links to a cite key that is not in bibliography/")
