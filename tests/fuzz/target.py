"""Running one case, inside the forked child: build its workspace, run what a user runs, report.

The workspace: the dataset's bibliography and people files, with the mutated file in its place (a
``.bib`` case replaces the bibliography and adds a claim citing it; a person case also gets the
dataset's claims). Bibliography, claim and people cases: ``load_workspace`` and every check rule
(what ``claimref check`` does); import cases: ``load_workspace`` and ``plan_import`` (``claimref
import --dry-run``).
Some cases also export in every format (import cases: apply the import, then load the result again:
what an import writes must load without errors), some run the command line through click's
CliRunner, a few through ``python -m claimref``. What comes back is plain data (JSON-ready): the
first exception that is not a ClaimrefError, and how many error and warning findings about the
mutated file are new compared with its unmutated seed (``baseline``). Classifying is
:mod:`tests.fuzz.report`'s job.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from claimref.errors import ClaimrefError, DataError, Finding, Severity
from claimref.exporting import (
    export_bibtex,
    export_claims,
    export_csljson,
    export_ris,
    export_wikitext,
)
from claimref.importing import apply_import, plan_import
from claimref.store import Workspace, load_workspace
from claimref.validate import check
from tests.fuzz.cases import Case
from tests.fuzz.seeds import SUFFIX, cite_keys, load_context, load_seeds

Progress = Callable[[str], None]
_DIGITS = re.compile(r"\d+")
_CLI_EXTRA = (
    ("claims",),
    ("sources",),
    ("export", "bibtex"),
    ("export", "ris"),
    ("export", "wikitext"),
    ("export", "claims", "--format", "markdown"),
    ("refs", "--all"),
    ("refs", "--all", "--format", "html", "--style", "chicago-author-date"),
    ("show", "{claim}"),
)


def finding_key(finding: Finding) -> str:
    """What identifies a finding across line shifts: severity, rule, message without numbers."""
    return f"{finding.severity}|{finding.rule}|{_DIGITS.sub('#', finding.message)}"


def counted(findings: Iterable[Finding], shown: str) -> Counter[str]:
    """The error and warning findings about the file named ``shown``, by :func:`finding_key`."""
    return Counter(
        finding_key(f)
        for f in findings
        if f.location.path == shown and f.severity in (Severity.ERROR, Severity.WARNING)
    )


def _citing_claim(keys: list[str]) -> str:
    links = "".join(
        f"  - source: {json.dumps(k)}\n    stance: supports\n    verified: false\n"
        for k in keys[:3]
    )
    return (
        "id: fuzz-cites\nstatement: A claim citing the fuzzed bibliography.\n"
        "reliability:\n  status: unverified\nlinks:\n" + (links or "  []\n")
    )


def _wanted(kind: str, relative: str) -> bool:
    """Which of the dataset's files a case's workspace gets: people files always; the bibliography
    unless the case brings its own; the claims only around a person file (the rules matching people
    to authors read them). Fewer files, faster cases."""
    if relative.startswith("people/"):
        return True
    if relative.startswith("bibliography/"):
        return kind != "bib"
    return kind == "people"


def build(case: Case, base: Path) -> tuple[Path, Path]:
    """Write the case's workspace under ``base``: the workspace root, and the mutated file."""
    root = base / "ws"
    for folder in ("bibliography", "claims", "people"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for relative, data in load_context().dataset:
        if _wanted(case.kind, relative):
            (root / relative).write_bytes(data)
    if case.kind == "bib":
        seed = next(s for s in load_seeds()["bib"] if s.origin == case.origin)
        (root / "claims/fuzz-cites.yaml").write_text(_citing_claim(cite_keys(seed.data)), "utf-8")
        path = root / "bibliography/sources.bib"
    elif case.kind in ("claim", "people"):
        path = root / ("claims" if case.kind == "claim" else "people") / case.name
    else:
        (base / "in").mkdir(exist_ok=True)
        path = base / "in" / (Path(case.name).stem + SUFFIX[case.kind])
    path.write_bytes(case.data)
    return root, path


def describe(exc: BaseException) -> dict[str, str]:
    """An exception as type, message, innermost claimref frame and innermost frame overall."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/claimref/" in f.filename and "/tests/" not in f.filename]

    def where(frame: traceback.FrameSummary | None) -> str:
        if frame is None:
            return "?"
        name = (
            frame.filename.split("/claimref/", 1)[-1]
            if "/claimref/" in frame.filename
            else (frame.filename.rsplit("/", 2)[-2] + "/" + frame.filename.rsplit("/", 1)[-1])
        )
        return f"{name}:{frame.lineno} in {frame.name}"

    return {
        "type": type(exc).__name__,
        "message": " ".join(str(exc).split())[:300],
        "frame": where(ours[-1] if ours else (frames[-1] if frames else None)),
        "innermost": where(frames[-1] if frames else None),
    }


def _library(case: Case, root: Path, path: Path, progress: Progress) -> dict[str, Any]:
    """Load and check (or plan the import); the findings about the file, and whether refused."""
    progress("load")
    ws = load_workspace(root, cache=None)
    shown = os.path.relpath(path)
    if not case.kind.startswith("import"):
        progress("check")
        return {"found": counted(check(ws).findings, shown), "ws": ws}
    progress("import")
    try:
        plan = plan_import(ws, path)
    except DataError as exc:
        return {"found": counted(exc.findings, shown), "ws": ws}
    except ClaimrefError as exc:  # refused as a whole (e.g. the target has errors): reported
        return {"found": Counter(), "ws": ws, "refused": str(exc)[:300]}
    found = (*plan.skipped, *plan.notes, *getattr(plan, "invalid", ()))  # what check would find
    return {"found": counted(found, shown), "ws": ws, "plan": plan}


def _exports(ws: Workspace, progress: Progress) -> None:
    progress("export")
    sources, claims = list(ws.sources.values()), list(ws.claims.values())
    jobs: list[Callable[[], str]] = [
        lambda: export_bibtex(ws, sources),
        lambda: export_csljson(sources),
        lambda: export_ris(sources),
        lambda: export_wikitext(sources),
        *[
            lambda fmt=fmt: export_claims(ws, claims, fmt)
            for fmt in ("json", "wikitext", "markdown")
        ],
    ]
    for job in jobs:
        with contextlib.suppress(ClaimrefError):  # a refusal is an answer
            job()


def _write_import(ws: Workspace, plan: Any, root: Path, progress: Progress) -> str:
    """Apply the import and load again: what the import wrote must load without new errors."""
    progress("apply-import")
    before = {f.location.path for f in ws.errors}
    try:
        apply_import(ws, plan)
    except ClaimrefError:
        return ""
    progress("reload")
    again = load_workspace(root, cache=None)
    _exports(again, progress)
    new = [str(f) for f in again.errors if f.location.path not in before]
    return new[0][:300] if new else ""


def _cli_args(case: Case, root: Path, path: Path) -> list[list[str]]:
    head = ["--root", str(root), "--no-cache"]
    if case.kind.startswith("import"):
        return [[*head, "import", str(path), "--dry-run"]]
    claims = [Path(p).stem for p, _ in load_context().dataset if p.startswith("claims/")]
    claim = {"claim": Path(case.name).stem, "bib": "fuzz-cites"}.get(case.kind, claims[0])
    extra = [word.replace("{claim}", claim) for word in _CLI_EXTRA[case.index % len(_CLI_EXTRA)]]
    return [[*head, "check"], [*head, *extra]]


def _words(args: list[str]) -> str:
    """The command's words, without the workspace and file paths."""
    return " ".join(Path(a).name if "/" in a else a for a in args[3:])


def _cli_runner(args: list[list[str]], progress: Progress) -> dict[str, str] | None:
    from click.testing import CliRunner  # noqa: PLC0415 (only a twentieth of the cases need it)

    from claimref.cli import cli  # noqa: PLC0415

    for one in args:
        progress("cli " + _words(one))
        result = CliRunner().invoke(cli, one)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            return describe(result.exception)
    return None


def _subprocess(args: list[list[str]], progress: Progress, timeout: float) -> dict[str, str] | None:
    for one in args:
        progress("python -m claimref " + _words(one))
        done = subprocess.run(
            [sys.executable, "-m", "claimref", *one],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        err = done.stderr.decode("utf-8", "replace")
        if "Traceback (most recent call last)" in err or done.returncode < 0:
            frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', err)
            last = err.strip().splitlines()[-1] if err.strip() else f"signal {-done.returncode}"
            where = ":".join(frames[-1]) if frames else "?"
            kind = last.split(":", 1)[0] if done.returncode >= 0 else "Signal"
            return {"type": kind, "message": last[:300], "frame": where, "innermost": where}
    return None


def execute(
    case: Case, base: Path, baseline: Counter[str], progress: Progress, timeout: float
) -> dict[str, Any]:
    """Run ``case`` in a workspace built under ``base`` (also the current folder from now on)."""
    root, path = build(case, base)
    os.chdir(base)
    phase = ["build"]

    def step(name: str) -> None:
        phase[0] = name
        progress(name)

    out: dict[str, Any] = {"error": None, "refused": "", "bad_write": ""}
    started, cpu = time.perf_counter(), time.process_time()
    try:
        done = _library(case, root, path, step)
        found = done["found"]
        new = found - baseline
        out.update(
            findings=sum(found.values()),
            new=sum(new.values()),
            new_sample=[k[:160] for k in sorted(new)[:3]],
            refused=done.get("refused", ""),
        )
        if case.index < 0:  # an unmutated seed: its findings are the baseline
            out["found_keys"] = dict(found)
        if case.export and "plan" in done:
            out["bad_write"] = _write_import(done["ws"], done["plan"], root, step)
        elif case.export:
            _exports(done["ws"], step)
    except MemoryError:
        out["memory_error"] = True
    except ClaimrefError as exc:
        out["refused"] = str(exc)[:300]
    except Exception as exc:  # any other exception is what the fuzzer looks for
        out["error"] = describe(exc)
    out["phase"] = phase[0]
    if case.cli == "runner" and out["error"] is None and not out.get("memory_error"):
        out["error"] = _cli_runner(_cli_args(case, root, path), step)
        out["phase"] = phase[0]
    out["seconds"] = time.process_time() - cpu  # CPU time: the machine may be shared
    out["wall"] = time.perf_counter() - started
    if case.cli == "subprocess" and out["error"] is None and not out.get("memory_error"):
        _run_subprocess(case, (root, path), step, timeout, out)
        out["phase"] = phase[0]
    return out


def _run_subprocess(
    case: Case, where: tuple[Path, Path], progress: Progress, timeout: float, out: dict[str, Any]
) -> None:
    """``python -m claimref`` on the case, timed apart: its start-up is not the input's doing."""
    started = time.perf_counter()
    try:
        out["error"] = _subprocess(_cli_args(case, *where), progress, timeout / 2)
    except subprocess.TimeoutExpired:
        out["subprocess_timeout"] = True
    out["subprocess_seconds"] = time.perf_counter() - started
