"""The workspace's settings, read from ``claimref.toml``: defaults for commands, and who records.

Every setting is optional; a missing file gives the defaults. ``claimref init`` writes the file with
every setting commented (:data:`TEMPLATE`). A syntax error, an unknown setting or a value of the wrong
type is a :class:`~claimref.errors.ClaimrefError` naming ``claimref.toml:line``; the file is never
written here (``init`` writes it through the write path). :func:`read_settings` also says where each
value came from (the default, or a line of the file), for ``claimref config``. Which command option
each setting is the default of is the command line's business (:mod:`claimref.cli.config`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType

from claimref.errors import ClaimrefError

FILE_NAME = "claimref.toml"
#: Where a value comes from when the file does not set it.
DEFAULT = "default"

TEMPLATE = """\
# claimref workspace settings. Every setting is optional; the values shown are the defaults.
# bibliography/*.bib holds the sources, claims/*.yaml the claims, people/*.yaml the people.
# Options on the command line win over these; `claimref config` shows what is in effect.

# Who is recording: the name written by `claimref verify` and `claimref status` (default: your
# login name).
# by = "A. Historian"

# The CSL style and locale of `claimref cite`, `refs`, `site` (and the locale of `show --style`)
# when --style/--locale are not given (any id of `claimref styles`, or a path to a .csl file).
# style = "apa"
# locale = ""          # "" = the style's own default locale

# The script references are shown in (`cite`, `refs`, `show`, `site`, `export`): "original", or
# "latin" to transliterate Cyrillic; and the transliteration scheme for "latin": ala-lc, iso9…
# script = "original"
# translit = "ala-lc"

# Check rules that `claimref check` and `claimref site` do not run (ids of `claimref check
# --list-rules`); `check --ignore` on the command line replaces this list.
# ignore = ["single-source"]

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
    style: str = "apa"
    locale: str = ""
    script: str = "original"
    translit: str = "ala-lc"
    ignore: tuple[str, ...] = ()
    key_pattern: str = "[auth:lower][year]"
    key_translit: str = "ala-lc-ascii"
    claimreview_url: str = ""

    @property
    def recorder(self) -> str:
        """Who is recording: ``by``, else the login name."""
        if self.by:
            return self.by
        import getpass  # noqa: PLC0415  (only the commands that record need it)

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"


#: The settings' names as written in the file (``key-pattern``), each with its field name.
NAMES: Mapping[str, str] = MappingProxyType(
    {f.name.replace("_", "-"): f.name for f in fields(Settings)}
)


@dataclass(frozen=True)
class LoadedSettings:
    """The settings of a workspace, the file they were read from, and where each value came from:
    :data:`DEFAULT` or the line of ``claimref.toml`` that sets it (by name as written in the file)."""

    settings: Settings
    path: Path
    lines: Mapping[str, int]

    def origin(self, name: str) -> str:
        """``default`` or ``claimref.toml:LINE`` for the setting ``name`` (``key-pattern``…)."""
        line = self.lines.get(name)
        return DEFAULT if line is None else f"{FILE_NAME}:{line}"

    def is_set(self, name: str) -> bool:
        """True when the file sets ``name``."""
        return name in self.lines


def load_settings(root: Path) -> Settings:
    """The settings in ``root/claimref.toml`` (the defaults when there is none)."""
    return read_settings(root).settings


def read_settings(root: Path) -> LoadedSettings:
    """The settings in ``root/claimref.toml`` with the line setting each value."""
    path = root / FILE_NAME
    try:
        text = path.read_text("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return LoadedSettings(Settings(), path, MappingProxyType({}))
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimrefError(f"{path}: error: cannot read: {exc}") from None
    if _sets_nothing(text):  # as ``init`` writes it: spares importing tomllib (3 ms)
        return LoadedSettings(Settings(), path, MappingProxyType({}))
    import tomllib  # noqa: PLC0415

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimrefError(_syntax_error(path, str(exc))) from None
    lines = _key_lines(text)
    values: dict[str, str | tuple[str, ...]] = {}
    for key, value in data.items():
        where = f"{path}:{lines.get(key, 1)}"
        if key not in NAMES:
            raise ClaimrefError(
                f"{where}: error: unknown setting '{key}' (one of {', '.join(NAMES)})"
            )
        values[NAMES[key]] = _value(key, value, where)
    return LoadedSettings(
        Settings(**values),  # type: ignore[arg-type]  # each value checked against its field
        path,
        MappingProxyType({key: lines.get(key, 1) for key in data}),
    )


def _sets_nothing(text: str) -> bool:
    """True when ``text`` is surely an empty TOML document: only blank lines and comments without
    control characters (False may still be one; tomllib then says)."""
    for line in text.replace("\r\n", "\n").split("\n"):
        rest = line.lstrip(" \t")
        if rest and not (rest[0] == "#" and rest.replace("\t", " ").isprintable()):
            return False
    return True


def _value(key: str, value: object, where: str) -> str | tuple[str, ...]:
    """``value`` as the setting ``key`` takes it; a wrong type or choice names ``where``."""
    if key == "ignore":  # a list of rule ids (a comma-separated string is taken too)
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ClaimrefError(f'{where}: error: {key}: expected a list of rule ids, ["rule-id"]')
        return tuple(i.strip() for i in items if i.strip())
    if not isinstance(value, str):
        raise ClaimrefError(f"{where}: error: {key}: expected a string in quotes")
    allowed = _choices(key)
    if allowed and value not in allowed:
        raise ClaimrefError(f"{where}: error: {key}: '{value}' is not one of {', '.join(allowed)}")
    return value


def _choices(key: str) -> tuple[str, ...]:
    """The values ``key`` may take (empty: any string)."""
    if key == "script":
        return ("original", "latin")
    if key == "translit":
        from claimref.translit import SCHEMES  # noqa: PLC0415  (only when the file sets it)

        return tuple(SCHEMES)
    return ()


@functools.cache
def _key() -> re.Pattern[str]:
    """A top-level key of a TOML text, bare or quoted, up to its ``=``."""
    return re.compile(r"""^[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*=""", re.M)


def _key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of a TOML text (the file has no tables)."""
    lines: dict[str, int] = {}
    for match in _key().finditer(text):
        key = next(group for group in match.groups() if group is not None)
        lines.setdefault(key, text.count("\n", 0, match.start()) + 1)
    return lines


def _syntax_error(path: Path, message: str) -> str:
    """tomllib's message as ``path:line:col: error: …``."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is None:
        return f"{path}: error: {message}"
    return f"{path}:{found[1]}:{found[2]}: error: {message[: found.start()]}"
