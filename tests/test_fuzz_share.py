"""The fuzz harness (tests/fuzz/): its mutations work, and a fixed share of it passes.

The share is cases 0-499 of seed 2026, each in a forked child, with limits of 5 s of CPU and 400 MB,
and a case killed only after 30 s of wall time (the CI machine is shared; a full run by hand uses
2 s and 200 MB, see tests/fuzz/README.md). It must show
no traceback, crash, slow or oversized case, silent acceptance of broken input, or broken write by an
import; a failure lists each distinct cause with the case that reproduces it
(``python -m tests.fuzz --case 2026:N``).
"""

from __future__ import annotations

from random import Random

import pytest

from tests.fuzz import bibscan, importops, ops, report, yamlops
from tests.fuzz.cases import _OPS, generate
from tests.fuzz.runner import Limits, Run, fuzz
from tests.fuzz.seeds import KINDS, cite_keys, load_context, load_seeds

SEED = 2026
CASES = 500
LIMITS = Limits(seconds=5.0, megabytes=400.0, kill_after=30.0)
#: Breakers that break nothing in some of their forms (a short @string chain, a lost brace before
#: a last number, an id that import replaces anyway).
SOMETIMES_HARMLESS = frozenset(["bib.string-chain", "bib.drop-brace", "json.twin", "ris.twin"])
ALL_OPS = [
    pytest.param(kind, name, op, breaker, id=f"{kind}-{name}")
    for kind in KINDS
    for breaker, group in ((True, _OPS[kind][0]), (False, _OPS[kind][1]))
    for name, op in group
]


@pytest.mark.parametrize(("kind", "name", "op", "breaker"), ALL_OPS)
def test_each_mutation_applies_to_a_seed(kind: str, name: str, op: ops.Op, breaker: bool) -> None:
    """Every mutation changes some seed of its kind; a breaker says what it broke."""
    env = ops.Env(kind, keys=load_context().keys)
    rng = Random(name)
    changed: list[ops.Mutated] = []
    for seed in load_seeds()[kind]:
        done = op(rng, seed.data, env)
        if done is not None and done.data != seed.data:
            changed.append(done)
        if len(changed) == 3:
            break
    assert changed, f"{name} never applies to a {kind} seed"
    assert all(len(done.data) <= ops.MAX_BYTES for done in changed)
    if breaker:
        said = [bool(done.broke) for done in changed]
        assert all(said) or (name in SOMETIMES_HARMLESS and any(said)), f"{name} said nothing"


def test_cases_are_made_again_from_seed_and_index() -> None:
    assert [generate(7, i) for i in range(20)] == [generate(7, i) for i in range(20)]


@pytest.mark.parametrize("seed", load_seeds()["bib"], ids=lambda s: s.origin)
def test_the_bibtex_scanner_finds_every_entry_of_a_seed(seed: object) -> None:
    data = seed.data  # type: ignore[attr-defined]
    text = ops.text_of(data)
    found = [
        text[e.key[0] : e.key[1]] for e in bibscan.entries(text) if e.kind not in bibscan.SPECIAL
    ]
    assert found == cite_keys(data)
    assert all(e.close > 0 for e in bibscan.entries(text))


@pytest.mark.parametrize(
    "seed", load_seeds()["claim"][:5] + load_seeds()["people"], ids=lambda s: s.name
)
def test_the_yaml_scanner_sees_only_keys(seed: object) -> None:
    text = ops.text_of(seed.data)  # type: ignore[attr-defined]
    keys = {line.key for line in yamlops.key_lines(text)}
    assert "id" in keys
    assert keys <= yamlops.SCHEMA_KEYS | {"lv", "ru", "en", "de"}


@pytest.mark.parametrize(
    ("data", "broken"),
    [
        pytest.param(b'[{"id": "a"}]', False, id="json"),
        pytest.param(b'\xef\xbb\xbf[{"id": "a"}]', False, id="json-with-bom"),
        pytest.param(b'[{"id": "a"}', True, id="cut-json"),
        pytest.param(b'[{"id": "a\x0b"}]', True, id="control-in-string"),
        pytest.param(b'[{"id": "\xe9"}]', True, id="latin-1"),
    ],
)
def test_the_json_oracle(data: bytes, broken: bool) -> None:
    assert bool(importops.json_broke(data)) is broken


@pytest.fixture(scope="module")
def share() -> list[Run]:
    """The CI share, run once for the tests below."""
    return fuzz(SEED, range(CASES), LIMITS, jobs=2)


@pytest.mark.parametrize("klass", report.FAILURES)
def test_fuzz_share_has_no(share: list[Run], klass: str) -> None:
    """No case of the share is a traceback, crash, slow, memory, silent, bad-write or harness case."""
    failing = [f for f in report.distinct(share, LIMITS) if f.klass == klass]
    summary = report.table(share, LIMITS) + "\n\n" + report.breakdown(share, LIMITS)
    assert not failing, f"{sum(f.count for f in failing)} {klass} case(s):\n{summary}"
