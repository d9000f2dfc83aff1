"""The settings of ``claimref.toml`` as the defaults of the command-line options, and
``claimref config``: every setting in effect and where it came from.

:func:`apply_settings` runs once per invocation, in the ``claimref`` group: it reads the workspace's
settings and puts those the file sets into click's ``default_map``, so that each option named in
:data:`APPLIES` takes its default from the file and a value given on the command line still wins.
Reading and checking the file is :mod:`claimref.config`'s job.
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping
from typing import Any

import click
from click.core import ParameterSource

from claimref import cachefile, parsecache
from claimref.cli import cli
from claimref.cli.table import table
from claimref.config import DEFAULT, NAMES, LoadedSettings, Settings, read_settings
from claimref.edit.lock import DEFAULT_TIMEOUT, ENV_TIMEOUT
from claimref.errors import ClaimrefError, WorkspaceNotFoundError
from claimref.root import ENV_ROOT, display_path, find_root

_SCRIPTED = ("cite", "refs", "show", "site", "export bibtex", "export csljson", "export ris",
             "export wikitext")  # fmt: skip

#: Each setting of claimref.toml and the command options it is the default of ("COMMAND PARAM"
#: with the option's parameter name); the key settings are read by the library itself.
APPLIES: dict[str, tuple[str, ...]] = {
    "by": ("status by", "verify by"),
    "style": ("cite style", "refs style", "site style"),
    "locale": ("cite locale", "refs locale", "show locale", "site locale"),
    "script": tuple(f"{command} script" for command in _SCRIPTED),
    "translit": tuple(f"{command} translit" for command in _SCRIPTED),
    "ignore": ("check ignore", "site ignore"),
    "key-pattern": (),
    "key-translit": (),
    "claimreview-url": (),
}

#: Commands that never read the settings: the script of ``completion`` is printed from ~/.bashrc in
#: whatever folder the shell starts in, broken settings or not, and git's merge driver must merge
#: even when claimref.toml does not parse (it may hold conflict markers of the same merge).
NO_SETTINGS = ("completion", "merge-driver")

#: What reads the settings no option stands for.
_LIBRARY_USE = {
    "by": "status, verify (--by)",
    "key-pattern": "source add, import --rekey",
    "key-translit": "source add, import --rekey",
    "claimreview-url": "export claimreview",
}


def apply_settings(ctx: click.Context) -> None:
    """Read the settings of this invocation's workspace (none found: the defaults) into
    ``ctx.obj["settings"]`` and the options' defaults (``ctx.default_map``)."""
    if ctx.invoked_subcommand in NO_SETTINGS:
        return
    try:
        root = find_root(explicit=(ctx.obj or {}).get("root"))
    except WorkspaceNotFoundError:  # `init`, `styles`… run outside a workspace
        return
    loaded = read_settings(root)
    ctx.obj["settings"] = loaded
    ctx.default_map = default_map(loaded, ctx.default_map)


def default_map(
    loaded: LoadedSettings, base: MutableMapping[str, Any] | None = None
) -> dict[str, Any]:
    """click's ``default_map`` for the settings the file sets (nested by command and group)."""
    result: dict[str, Any] = dict(base or {})
    for name, places in APPLIES.items():
        if not loaded.is_set(name):
            continue
        value = getattr(loaded.settings, NAMES[name])
        for place in places:
            *path, param = place.split()
            target = result
            for command in path:
                target = target.setdefault(command, {})
            target[param] = value
    return result


def settings_of(ctx: click.Context) -> LoadedSettings | None:
    """The settings :func:`apply_settings` read in this invocation (None outside a workspace)."""
    found = (ctx.find_root().obj or {}).get("settings")
    return found if isinstance(found, LoadedSettings) else None


def from_settings(ctx: click.Context, param: str) -> bool:
    """True when the value of ``param`` of this command came from claimref.toml."""
    return ctx.get_parameter_source(param) is ParameterSource.DEFAULT_MAP


def ignored_rules(ctx: click.Context, ids: list[str]) -> list[str]:
    """The rule ids of an ``--ignore`` option; when they come from claimref.toml, an unknown one is
    an error naming the file's line (a mistyped id given on the command line is a usage error)."""
    loaded = settings_of(ctx)
    if not from_settings(ctx, "ignore") or loaded is None:
        return ids
    from claimref.validate import RULES  # noqa: PLC0415  (the commands using it import it anyway)

    unknown = [rule_id for rule_id in ids if rule_id not in RULES]
    if unknown:
        where = f"{display_path(loaded.path)}:{loaded.lines['ignore']}"
        raise ClaimrefError(
            f"{where}: error: ignore: unknown rule(s): {', '.join(unknown)} "
            "(see claimref check --list-rules)"
        )
    return ids


def bad_value(ctx: click.Context, param: str, message: str) -> Exception:
    """The error for an unusable value of the option ``param``: a usage error naming the option
    when it was given, an error naming the line of claimref.toml when it came from there."""
    loaded = settings_of(ctx)
    if loaded is None or not from_settings(ctx, param) or not loaded.is_set(param):
        return click.BadParameter(message, ctx, param_hint=f"--{param}")
    where = f"{display_path(loaded.path)}:{loaded.lines[param]}"
    return ClaimrefError(f"{where}: error: {param}: {message}")


def _toml(value: object) -> str:
    """``value`` as it would be written in claimref.toml."""
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def effective(ctx: click.Context) -> list[dict[str, Any]]:
    """Every setting in effect: name, value, origin and what uses it (the workspace first)."""
    root_ctx = ctx.find_root()
    loaded = settings_of(ctx)
    rows = [_root_row(root_ctx)]
    settings = loaded.settings if loaded else Settings()
    for name, field in NAMES.items():
        value: object = getattr(settings, field)
        origin = loaded.origin(name) if loaded else DEFAULT
        if name == "by" and not value:
            value, origin = settings.recorder, f"{DEFAULT} (login name)"
        if loaded is not None and loaded.is_set(name):
            origin = f"{display_path(loaded.path)}:{loaded.lines[name]}"
        uses = [f"{' '.join(p.split()[:-1])} --{p.split()[-1]}" for p in APPLIES.get(name, ())]
        used_by = _LIBRARY_USE.get(name) or ", ".join(uses)
        rows.append({"name": name, "value": value, "origin": origin, "used_by": used_by})
    return [*rows, *_environment_rows(root_ctx)]


def _root_row(root_ctx: click.Context) -> dict[str, Any]:
    source = root_ctx.get_parameter_source("root")
    try:
        root = str(find_root(explicit=(root_ctx.obj or {}).get("root")))
    except WorkspaceNotFoundError:
        root = ""
    if source is ParameterSource.COMMANDLINE:
        origin = "command line (--root)"
    elif source is ParameterSource.ENVIRONMENT:
        origin = f"environment (${ENV_ROOT})"
    else:
        origin = "found from the current folder" if root else "none found"
    return {"name": "root", "value": root, "origin": origin, "used_by": "every command"}


def _environment_rows(root_ctx: click.Context) -> list[dict[str, Any]]:
    """The settings of claimref that are not in claimref.toml: caches and the lock."""
    no_cache = root_ctx.params.get("no_cache")
    cache_origin = ("command line (--no-cache)" if no_cache else
                    f"environment (${parsecache.ENV_OFF})" if parsecache.disabled_by_env()
                    else DEFAULT)  # fmt: skip
    cache_on = cache_origin == DEFAULT
    dir_origin = (
        f"environment (${cachefile.ENV_DIR})" if os.environ.get(cachefile.ENV_DIR) else DEFAULT
    )
    timeout = _seconds(os.environ.get(ENV_TIMEOUT))
    return [
        {"name": "cache", "value": cache_on, "origin": cache_origin, "used_by": "every command"},
        {"name": "cache-dir", "value": str(cachefile.cache_dir()), "origin": dir_origin,
         "used_by": "every command"},
        {"name": "lock-timeout", "value": DEFAULT_TIMEOUT if timeout is None else timeout,
         "origin": DEFAULT if timeout is None else f"environment (${ENV_TIMEOUT})",
         "used_by": "every command that writes"},
    ]  # fmt: skip


def _seconds(text: str | None) -> float | None:
    """A number of seconds as the lock reads it from the environment (None: not set or unusable)."""
    try:
        return None if text is None else max(0.0, float(text))
    except ValueError:
        return None


@cli.command("config")
@click.argument("name", required=False, metavar="[NAME]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")  # fmt: skip
@click.pass_context
def config_command(ctx: click.Context, name: str | None, fmt: str) -> None:
    """Show the settings in effect and where each came from: the default, a line of claimref.toml,
    the command line or the environment; with NAME, only that setting's value.

    Options on the command line win over claimref.toml (see `claimref init` for every setting).

    \b
    Example:
        claimref config
        claimref config style
        claimref config --format json
    """
    rows = effective(ctx)
    if name is not None:
        chosen = [row for row in rows if row["name"] == name]
        if not chosen:
            names = ", ".join(row["name"] for row in rows)
            raise click.BadParameter(f"no setting '{name}' (one of {names})", param_hint="NAME")
        rows = chosen
    if fmt == "json":
        data = {row["name"]: {k: v for k, v in row.items() if k != "name"} for row in rows}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif name is not None:
        value = rows[0]["value"]
        click.echo(" ".join(value) if isinstance(value, tuple) else _plain(value))
    else:
        header = ["SETTING", "VALUE", "ORIGIN", "USED BY"]
        body = [[r["name"], _shown(r), r["origin"], r["used_by"]] for r in rows]
        click.echo(table([header, *body], flexible=3))


def _plain(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _shown(row: dict[str, Any]) -> str:
    value = row["value"]
    if row["name"] in NAMES:
        return _toml(value)
    return _plain(value)
