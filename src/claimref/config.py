"""The workspace's settings, read from ``claimref.toml``: defaults for commands, and who records.

Every setting is optional; a missing file gives the defaults. ``claimref init`` writes the file with
every setting commented (:data:`TEMPLATE`). A syntax error, an unknown setting or a value of the wrong
type is a :class:`~claimref.errors.ClaimrefError` naming ``claimref.toml:line``; the file is never
written here (``init`` writes it through the write path).
"""

from __future__ import annotations

import getpass
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from claimref.errors import ClaimrefError

FILE_NAME = "claimref.toml"

TEMPLATE = """\
# claimref workspace settings. Every setting is optional; the values shown are the defaults.
# bibliography/*.bib holds the sources, claims/*.yaml the claims, people/*.yaml the people.

# Who is recording: the name written by `claimref verify` and `claimref status` (default: your
# login name).
# by = "A. Historian"

# The CSL style and locale of `claimref cite` and `claimref refs` when --style/--locale are not given
# (any id of `claimref styles`, or a path to a .csl file).
# style = "chicago-author-date"
# locale = ""          # "" = the style's own default locale

# The cite key of a new source (`claimref source add`, `claimref import --rekey`): the first
# author's family name transliterated to ASCII, lower case, then the year; a, b, c… on collision
# (as Better BibTeX does). Fields: [auth] [year] [title] (first word of the title) [shorttitle]
# (first three words); :lower and :upper change the case.
# key-pattern = "[auth:lower][year]"

# The transliteration scheme keys are made with (see docs/data-format.md): ala-lc-ascii, iso9…
# key-translit = "ala-lc-ascii"

# The address of each claim's published fact check, for `claimref export claimreview` ({id} is
# replaced by the claim id); ClaimReview requires one.
# claimreview-url = "https://example.org/claims/{id}.html"
"""


@dataclass(frozen=True)
class Settings:
    """The settings of one workspace (defaults where the file is silent)."""

    by: str = ""
    style: str = "chicago-author-date"
    locale: str = ""
    key_pattern: str = "[auth:lower][year]"
    key_translit: str = "ala-lc-ascii"
    claimreview_url: str = ""

    @property
    def recorder(self) -> str:
        """Who is recording: ``by``, else the login name."""
        if self.by:
            return self.by
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"


def load_settings(root: Path) -> Settings:
    """The settings in ``root/claimref.toml`` (the defaults when there is none)."""
    path = root / FILE_NAME
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimrefError(f"{path}: error: cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimrefError(f"{path}: error: {exc}") from None
    known = {f.name.replace("_", "-"): f.name for f in fields(Settings)}
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in known:
            raise ClaimrefError(
                f"{path}: error: unknown setting '{key}' (one of {', '.join(known)})"
            )
        if not isinstance(value, str):
            raise ClaimrefError(f"{path}: error: {key}: expected a string in quotes")
        values[known[key]] = value
    return Settings(**values)
