"""Fuzz cases: which file, which mutations, and what the loader must report, from (seed, index).

A case is made from its own random generator (``Random(f"claimref-fuzz:{seed}:{index}")``), so any
case can be made again alone, in any process, in any order. Each case mutates one seed file with
zero to three *noise* mutations, then (six times in ten) one *breaker* that records what it broke;
afterwards three oracles look at the final bytes (not UTF-8 or a NUL byte; a character YAML forbids;
not JSON). ``broke`` is set only when the loader is bound to notice: the last step's breakage (no
later step can undo it) or an oracle's. Running a case is :mod:`tests.fuzz.target`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from random import Random

from tests.fuzz import bibops, importops, ruleops, yamlops
from tests.fuzz.ops import GENERIC, MAX_BYTES, Env, Mutated, Op, encoding_broke, text_of
from tests.fuzz.seeds import KINDS, Seed, load_context, load_seeds

#: How often each kind of file is fuzzed.
WEIGHTS = {
    "bib": 30,
    "claim": 25,
    "people": 10,
    "import-bib": 12,
    "import-json": 10,
    "import-ris": 13,
}
#: Generic mutations that may also be a breaker (control characters, encodings, BOMs).
_GENERIC_BREAKERS = tuple(op for op in GENERIC if op[0] in ("control-char", "reencode", "bom"))
_BIB_BREAKERS = (*bibops.BREAKERS, *ruleops.BIB_BREAKERS)
_OPS: dict[str, tuple[tuple[tuple[str, Op], ...], tuple[tuple[str, Op], ...]]] = {
    "bib": (_BIB_BREAKERS, bibops.NOISE),
    # not the rule breakers: an imported entry left out as a duplicate need not be checked
    "import-bib": ((*bibops.BREAKERS, ("bib.workspace-twin", bibops.workspace_twin)), bibops.NOISE),
    "claim": ((*yamlops.BREAKERS, *ruleops.CLAIM_BREAKERS), yamlops.NOISE),
    "people": (
        (*yamlops.BREAKERS, *ruleops.PEOPLE_BREAKERS),
        tuple(op for op in yamlops.NOISE if op[0] != "yaml.odd-value"),
    ),
    "import-json": (importops.JSON_BREAKERS, importops.JSON_NOISE),
    "import-ris": (importops.RIS_BREAKERS, importops.RIS_NOISE),
}
#: Characters YAML does not allow in a stream (YAML 1.1 "printable", as PyYAML and libyaml check).
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EXPORT_SHARE = 4  # one case in EXPORT_SHARE also exports
CLI_SHARE = 20  # one case in CLI_SHARE also runs the command line (CliRunner)
SUBPROCESS_SHARE = 200  # one case in SUBPROCESS_SHARE runs `python -m claimref` instead


@dataclass(frozen=True)
class Case:
    """One mutated file and how to run it. ``broke`` is what the loader must report (empty when
    nothing is guaranteed) and ``broken_by`` the step or oracle that broke it."""

    seed: int
    index: int
    kind: str
    origin: str
    name: str
    data: bytes
    steps: tuple[str, ...]
    broke: str = ""
    broken_by: str = ""
    export: bool = False
    cli: str = ""

    @property
    def label(self) -> str:
        """``seed:index``, what ``python -m tests.fuzz --case`` takes."""
        return f"{self.seed}:{self.index}"


def _apply(
    rng: Random, ops: tuple[tuple[str, Op], ...], data: bytes, env: Env
) -> tuple[str, Mutated] | None:
    """The first of up to five randomly chosen mutations that applies."""
    for _ in range(5):
        name, op = rng.choice(ops)
        done = op(rng, data, env)
        if done is not None and done.data != data:
            return name, done
    return None


def oracle(kind: str, data: bytes) -> tuple[str, str]:
    """What the final bytes alone show is broken, and the oracle's name: ('', '') if nothing."""
    if broke := encoding_broke(data, kind):
        return broke, "oracle.encoding"
    if kind in ("claim", "people"):
        bad = _NOT_YAML.search(text_of(data).removeprefix("\ufeff"))
        if bad:
            return f"U+{ord(bad.group()):04X} is not allowed in YAML", "oracle.yaml-char"
    if kind == "import-json" and (broke := importops.json_broke(data)):
        return broke, "oracle.json"
    return "", ""


def _mutate(rng: Random, seed: Seed, env: Env) -> tuple[bytes, list[str], str, str]:
    breakers, noise = _OPS[seed.kind]
    data, steps, broke, by = seed.data, [], "", ""
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        done = _apply(rng, GENERIC if rng.random() < 0.5 else noise, data, env)
        if done:
            steps.append(done[0])
            data, broke, by = done[1].data, done[1].broke, done[0]
    if rng.random() < 0.6 or not steps:
        pool = _GENERIC_BREAKERS if rng.random() < 0.2 else breakers
        done = _apply(rng, pool, data, env) or _apply(rng, GENERIC, data, env)
        if done:
            steps.append(done[0])
            data, broke, by = done[1].data, done[1].broke, done[0]
    if len(data) > MAX_BYTES:
        data, broke, by = data[:MAX_BYTES], "", ""
        steps.append("cap")
    return data, steps, broke, by


def generate(seed: int, index: int) -> Case:
    """The case ``index`` of the run with ``seed``."""
    rng = Random(f"claimref-fuzz:{seed}:{index}")
    kind = rng.choices(KINDS, [WEIGHTS[k] for k in KINDS])[0]
    seeds = load_seeds()[kind]
    base = rng.choice(seeds)
    others = tuple(s.data for s in seeds if s is not base)
    env = Env(kind, others, load_context().keys)
    data, steps, broke, by = _mutate(rng, base, env)
    if not broke:
        broke, by = oracle(kind, data)
    roll = rng.randrange(EXPORT_SHARE * CLI_SHARE * SUBPROCESS_SHARE)
    cli = (
        "subprocess" if roll % SUBPROCESS_SHARE == 0 else "runner" if roll % CLI_SHARE == 1 else ""
    )
    return Case(
        seed,
        index,
        kind,
        base.origin,
        base.name,
        data,
        tuple(steps),
        broke,
        by,
        export=roll % EXPORT_SHARE == 2,
        cli=cli,
    )


def unmutated(seed: Seed) -> Case:
    """A case running ``seed`` as it is (the baseline its mutations are compared with)."""
    return Case(-1, -1, seed.kind, seed.origin, seed.name, seed.data, ())
