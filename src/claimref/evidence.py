"""Weighing the evidence for a claim: how many independent works support it, where its support comes
from, and a suggested information-credibility grade with the rule that produced it.

An :class:`EvidenceIndex` prepares a workspace's sources and people once (each source's facts, the
``based-on`` graph and its cycles, the voices each work speaks with) and :meth:`EvidenceIndex.weigh`
judges one claim: its links with their sources' kind, era, grade and check, the supporting works in
independent groups (union-find over shared voices: an author or person, or a work one derives from,
transitively), the profile in words and the suggested grade (:mod:`claimref.credibility`). Pure
functions over the model; docs/evidence.md states the rules. Reading files is the store's job,
printing the CLI's, findings :mod:`claimref.validate.evidence_rules`'.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from claimref.credibility import (
    PROFILES,
    RULES,
    Group,
    LinkEvidence,
    Participant,
    Suggestion,
    flags_of,
    profile,
    suggest,
)
from claimref.model import CREDIBILITY_GRADES, Claim, Link, Name, Person, Source, Stance
from claimref.people import NameKey, resolve
from claimref.provenance import (
    SourceFacts,
    ancestry,
    based_on,
    facts_of,
    find_cycles,
    name_token,
)

__all__ = [
    "PROFILES",
    "RULES",
    "Evidence",
    "EvidenceIndex",
    "Group",
    "LinkEvidence",
    "Participant",
    "Suggestion",
    "evidence_test",
]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything derived for one claim."""

    claim: Claim
    links: tuple[LinkEvidence, ...]
    groups: tuple[Group, ...]
    suggestion: Suggestion
    flags: frozenset[str]

    @property
    def profile(self) -> tuple[str, ...]:
        """The provenance of the support in words (worded when asked for)."""
        return profile(self.links, self.groups, self.flags)

    @property
    def independent(self) -> int:
        """How many independent groups of works support the claim; a group holding a subject's own
        account is not independent of the claim and is not counted."""
        return sum(1 for group in self.groups if not group.participant)

    def stance(self, stance: Stance) -> tuple[LinkEvidence, ...]:
        """The links of one stance, in file order."""
        return tuple(le for le in self.links if le.link.stance is stance)

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON (``claimref evidence --format json``, ``show --format json``)."""
        rel = self.claim.reliability
        return {
            "claim": self.claim.id,
            "recorded": {"status": rel.status.value, "credibility": rel.credibility},
            "suggested": {
                "credibility": self.suggestion.grade,
                "meaning": CREDIBILITY_GRADES[self.suggestion.grade],
                "rule": self.suggestion.rule,
                "reason": self.suggestion.reason,
            },
            "independent": self.independent,
            "groups": [
                {"sources": list(g.keys), "participant": g.participant, "shared": list(g.shared)}
                for g in self.groups
            ],
            "profile": list(self.profile),
            "flags": sorted(self.flags),
            "links": [_link_data(le) for le in self.links],
        }


def _link_data(le: LinkEvidence) -> dict[str, Any]:
    facts = le.facts
    data: dict[str, Any] = {
        "source": le.link.source,
        "stance": le.link.stance.value,
        "verified": le.verified,
        "grade": le.grade,
    }
    if facts is None:
        data["unresolved"] = True
        return data
    data.update(kind=facts.kind.value if facts.kind else None, era=facts.era,
                era_basis=facts.era_why or None, based_on=list(facts.based_on))  # fmt: skip
    data["participants"] = [
        {"subject": p.subject, "printed": p.printed, "record": p.record or None}
        for p in le.participants
    ]
    if le.drawn_on:
        data["draws_on_participant_accounts"] = [facts.key for facts in le.drawn_on]
    if le.circular:
        data["circular"] = True
    return data


class EvidenceIndex:
    """A workspace's sources and people, prepared once for weighing many claims (each source's
    facts and voices are worked out when first needed, then kept)."""

    def __init__(self, sources: Mapping[str, Source], people: Mapping[str, Person]) -> None:
        self.sources, self.people = sources, people
        #: ``x-based-on`` of every source that has it, unknown keys included.
        self.edges = {key: based_on(s) for key, s in sources.items() if "x-based-on" in s.fields}
        self.cycles = find_cycles(self.edges)
        self._ancestors = ancestry(self.edges)
        self._on_cycle = frozenset(key for cycle in self.cycles for key in cycle)
        self._facts: dict[str, SourceFacts | None] = {}
        self._own: dict[str, frozenset[str]] = {}
        self._voices: dict[str, frozenset[str]] = {}
        self._subjects: dict[str, tuple[tuple[str, str], ...]] = {}
        self._printed: dict[str, str] = {}
        self._by_family: dict[str, list[tuple[NameKey, str]]] | None = None
        self._name_keys: dict[Name, NameKey] = {}

    def facts(self, key: str) -> SourceFacts | None:
        """The facts of the source ``key`` (None when it is not in the bibliography)."""
        try:
            return self._facts[key]
        except KeyError:
            source = self.sources.get(key)
            found = self._facts[key] = facts_of(source) if source is not None else None
            return found

    def ancestors(self, key: str) -> frozenset[str]:
        """Every key ``key`` derives from through ``x-based-on``, transitively."""
        return self._ancestors.get(key, frozenset())

    def _own_voices(self, key: str) -> frozenset[str]:
        """The work itself, its creators' printed names and the people records they match."""
        found = self._own.get(key)
        if found is None:
            tokens = {f"w:{key}"}
            facts = self.facts(key)
            for name in facts.creators if facts else ():
                name_key = self._name_keys.get(name)
                if name_key is None:  # authors recur: each name is transliterated once
                    name_key = self._name_keys[name] = NameKey.of_name(name)
                token = name_token(name_key)
                tokens.add(token)
                self._printed.setdefault(token, str(name))
                for pid in self._people_matching(name_key) if self.people else ():
                    tokens.add(f"p:{pid}")
                    self._printed.setdefault(f"p:{pid}", str(name))
            found = self._own[key] = frozenset(tokens)
        return found

    def _people_matching(self, key: NameKey) -> list[str]:
        """The ids of the people records one of whose forms agrees with the name ``key`` (as
        :func:`claimref.people.is_person` decides, each form's key worked out once)."""
        if self._by_family is None:
            self._by_family = {}
            for pid, person in self.people.items():
                for form in person.forms():
                    form_key = NameKey.of_text(form)
                    self._by_family.setdefault(form_key.family, []).append((form_key, pid))
        found = (pid for form, pid in self._by_family.get(key.family, ()) if key.agrees(form))
        return list(dict.fromkeys(found))

    def voices(self, key: str) -> frozenset[str]:
        """The tokens of the work and of every work it derives from: two works sharing one are not
        independent (``w:KEY`` a work, ``n:family|initials`` a printed name, ``p:ID`` a person)."""
        found = self._voices.get(key)
        if found is None:
            found = self._own_voices(key)
            for ancestor in self.ancestors(key):
                found = found | self._own_voices(ancestor)
            self._voices[key] = found
        return found

    def subjects(self, claim: Claim) -> tuple[tuple[str, str], ...]:
        """(token, name as the claim gives it) for each person the claim is about who has a people
        record: as ``show`` does, claimref never takes two names for one person without one."""
        found: list[tuple[str, str]] = []
        for text in claim.people:
            known = self._subjects.get(text)
            if known is None:
                person = resolve(text, self.people)
                known = ((f"p:{person.id}", text),) if person is not None else ()
                self._subjects[text] = known
            found += known
        return tuple(found)

    def _link(self, link: Link, subjects: tuple[tuple[str, str], ...]) -> LinkEvidence:
        facts = self.facts(link.source)
        if facts is None:
            return LinkEvidence(link, None, link.reliability)
        grade = link.reliability or facts.grade
        if not subjects and not self._on_cycle:  # the usual case, kept fast
            return LinkEvidence(link, facts, grade)
        participants = self._participants(link.source, subjects) if subjects else ()
        drawn_on = tuple(
            ancestor for key in sorted(self.ancestors(link.source))
            if key != link.source and self._participants(key, subjects)
            and (ancestor := self.facts(key)) is not None
        ) if subjects else ()  # fmt: skip
        circular = link.source in self._on_cycle
        return LinkEvidence(link, facts, grade, participants, circular, drawn_on)

    def _participants(
        self, key: str, subjects: tuple[tuple[str, str], ...]
    ) -> tuple[Participant, ...]:
        """The subjects among the work's own creators (not those of works it derives from)."""
        if not subjects:
            return ()
        voices = self._own_voices(key)
        found = {
            text: Participant(text, self._printed.get(token, ""), token[2:])
            for token, text in subjects
            if token in voices
        }
        return tuple(found.values())

    def groups(self, support: list[LinkEvidence]) -> tuple[Group, ...]:
        """The supporting links (to works in the bibliography) in groups that count once."""
        keys = list(dict.fromkeys(le.link.source for le in support))
        if len(keys) < 2:
            return (Group(tuple(support)),) if keys else ()
        roots = self._roots([self.voices(key) for key in keys])
        if len(set(roots)) == len(keys):  # all independent: one group per work
            by_key: dict[str, list[LinkEvidence]] = {}
            for le in support:
                by_key.setdefault(le.link.source, []).append(le)
            return tuple(Group(tuple(found)) for found in by_key.values())
        members: dict[int, list[str]] = {}
        for i, root in enumerate(roots):
            members.setdefault(root, []).append(keys[i])
        return tuple(
            Group(tuple(le for le in support if le.link.source in group), self._shared(group))
            for group in members.values()
        )

    @staticmethod
    def _roots(voices: list[frozenset[str]]) -> list[int]:
        """Union-find over works sharing a voice: each work's representative (the index of the
        first work of its group)."""
        parent = list(range(len(voices)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        if len(voices) <= 8:  # a few works: compare their voices pairwise (sets, in C)
            for i in range(1, len(voices)):
                for j in range(i):
                    if not voices[i].isdisjoint(voices[j]):
                        parent[root(i)] = root(j)
        else:
            holder: dict[str, int] = {}
            for i, tokens in enumerate(voices):
                for token in tokens:
                    j = holder.setdefault(token, i)
                    if j != i:
                        parent[root(i)] = root(j)
        return [root(i) for i in range(len(voices))]

    def _shared(self, keys: list[str]) -> tuple[str, ...]:
        """Why works of one group count once: the voices two or more of them share."""
        if len(keys) < 2:
            return ()
        counts: dict[str, int] = {}
        for key in keys:
            for token in self.voices(key):
                counts[token] = counts.get(token, 0) + 1
        shared = sorted(token for token, n in counts.items() if n > 1)
        people = [t for t in shared if t.startswith("p:")]
        said = [self._describe(token) for token in shared if token.startswith("w:")]
        said += [
            self._describe(token) for token in people or shared if token.startswith(("p:", "n:"))
        ]
        return tuple(said)

    def _describe(self, token: str) -> str:
        kind, name = token[0], token[2:]
        if kind == "w":
            facts = self.facts(name)
            return f"based on {facts.label if facts else name}"
        if kind == "p":
            person = self.people.get(name)
            return f"the same person ({person.label if person else name})"
        return f"the same author ({self._printed.get(token, name)})"

    def support(self, claim: Claim) -> tuple[tuple[LinkEvidence, ...], tuple[Group, ...]]:
        """The claim's links as judged, and its supporting works in groups that count once."""
        subjects = self.subjects(claim) if claim.people and self.people else ()
        links = tuple(self._link(link, subjects) for link in claim.links)
        support = [le for le in links if le.link.stance is Stance.SUPPORTS and le.facts]
        return links, self.groups(support)

    def weigh(self, claim: Claim) -> Evidence:
        """Everything derived for ``claim``."""
        links, groups = self.support(claim)
        flags = flags_of(links, groups)
        return Evidence(claim, links, groups, suggest(links, groups), flags)


def evidence_test(
    index: EvidenceIndex,
    independent: int | None = None,
    min_independent: int | None = None,
    profiles: Collection[str] = (),
) -> Callable[[Claim], bool]:
    """A filter for ``claims``: exactly / at least so many independent groups of supporting works,
    and any of the ``profiles`` (:data:`PROFILES`) among the claim's flags."""
    wanted = frozenset(profiles)

    def test(claim: Claim) -> bool:
        links, groups = index.support(claim)  # no grade or sentences: not needed to select
        count = sum(1 for group in groups if not group.participant)
        return (
            (independent is None or count == independent)
            and (min_independent is None or count >= min_independent)
            and (not wanted or bool(wanted & flags_of(links, groups)))
        )

    return test
