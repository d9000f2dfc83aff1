"""The real files mutations start from, and the workspace every case runs in.

Seeds are read once, relative to the repository (never the current folder): the bibliographies of
the bundled dataset and of the test data, the dataset's claim and people files, the import samples,
and (in ``seeds/``) three test bibliographies as claimref exported them to CSL-JSON and RIS.
Mutating them is the ``*ops`` modules' job; running a case is :mod:`tests.fuzz.target`'s.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEEDS = Path(__file__).resolve().parent / "seeds"
#: The kinds of file a case mutates; ``import-*`` files are imported, the others loaded and checked.
KINDS = ("bib", "claim", "people", "import-bib", "import-json", "import-ris")
#: The suffix each kind's file gets.
SUFFIX = {"bib": ".bib", "import-bib": ".bib", "import-json": ".json", "import-ris": ".ris"}
_KEY = re.compile(
    r"^[ \t]*@[ \t]*(?!string|preamble|comment)[A-Za-z]+[ \t]*\{[ \t]*([^,\s}]+)", re.M | re.I
)


@dataclass(frozen=True)
class Seed:
    """One unmutated file: its kind, the name it gets in a case, where it came from, its bytes."""

    kind: str
    name: str
    origin: str
    data: bytes


@dataclass(frozen=True)
class Context:
    """What every case shares: the dataset's files (the workspace claim, people and import cases
    run in) and its cite keys (for import twins)."""

    dataset: tuple[tuple[str, bytes], ...]
    keys: tuple[str, ...]


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _bib_paths() -> list[Path]:
    return [
        *sorted((DATA / "conformance").glob("*.bib")),
        DATA / "import" / "refs.bib",
        *sorted((DATA / "csljson").glob("*/input.bib")),
        *sorted((DATA / "golden").glob("*/input.bib")),
        ROOT / "bibliography/sources.bib",
    ]


def _exported(suffix: str, kind: str) -> list[Seed]:
    """CSL-JSON or RIS seeds: three test bibliographies as claimref exported them (committed, so
    that the seeds do not change with the exporters)."""
    return [Seed(kind, p.name, _relative(p), p.read_bytes()) for p in sorted(SEEDS.glob(suffix))]


@functools.cache
def load_seeds() -> dict[str, tuple[Seed, ...]]:
    """Every seed, by kind."""
    bibs = _bib_paths()
    bib_seeds = [Seed("bib", "sources.bib", _relative(p), p.read_bytes()) for p in bibs]
    claims = [
        Seed("claim", p.name, _relative(p), p.read_bytes())
        for p in sorted((ROOT / "claims").glob("*.yaml"))
    ]
    people = [
        Seed("people", p.name, _relative(p), p.read_bytes())
        for p in sorted((ROOT / "people").glob("*.yaml"))
    ]
    return {
        "bib": tuple(bib_seeds),
        "claim": tuple(claims),
        "people": tuple(people),
        "import-bib": tuple(Seed("import-bib", p.name, _relative(p), p.read_bytes()) for p in bibs),
        "import-json": (
            Seed(
                "import-json",
                "zotero.json",
                "tests/data/import/zotero.json",
                (DATA / "import/zotero.json").read_bytes(),
            ),
            *_exported("*.json", "import-json"),
        ),
        "import-ris": (
            Seed(
                "import-ris",
                "zotero.ris",
                "tests/data/import/zotero.ris",
                (DATA / "import/zotero.ris").read_bytes(),
            ),
            *_exported("*.ris", "import-ris"),
        ),
    }


@functools.cache
def load_context() -> Context:
    """The bundled dataset's files (path relative to the workspace, bytes) and its cite keys."""
    files = [ROOT / "bibliography/sources.bib", *sorted((ROOT / "claims").glob("*.yaml"))]
    files += sorted((ROOT / "people").glob("*.yaml"))
    dataset = tuple((_relative(p), p.read_bytes()) for p in files)
    return Context(dataset, tuple(cite_keys(dataset[0][1])))


def cite_keys(data: bytes) -> list[str]:
    """The cite keys of the entries of a .bib text, in order (a quick scan, not a parse)."""
    return _KEY.findall(data.decode("utf-8", "replace"))
