"""What a claim's links are worth: each link and group of works as judged, the suggested
information-credibility grade 1–6 with the rule that gives it, and the provenance profile in words.

Pure functions over links already resolved and grouped (:mod:`claimref.evidence` does that); the
rules are documented in docs/evidence.md, in the order :func:`suggest` applies them. No I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from claimref.model import Link, Stance
from claimref.provenance import SOVIET, SourceFacts

#: Source grades that cannot carry a grade of 1 to 5, and those that can confirm (1) a claim.
WEAK = frozenset("EF")
STRONG = frozenset("AB")
#: ``--profile`` values, the flags of :func:`flags_of`.
PROFILES = ("participant", "soviet-era", "tertiary-only")
#: Each rule of :func:`suggest`, in the order it is tried: id → (grade, when it applies).
RULES = {
    "contested": (4, "a usable dispute, and a usable supporting link"),
    "contradicted": (5, "a usable dispute, and no usable supporting link"),
    "confirmed": (1, "at least two independent groups with a usable link graded A–B; no usable "
                     "dispute"),
    "probably-true": (2, "one independent group with a usable link graded A–B, or two groups "
                         "with usable links; no usable dispute"),
    "possibly-true": (3, "one independent group with a usable link; no usable dispute"),
    "no-support": (6, "no supporting link to a work in the bibliography"),
    "mention-only": (6, "no supporting link; works only mention it"),
    "unchecked": (6, "supporting links, none of them verified"),
    "tertiary-only": (6, "the only verified support is from tertiary works"),
    "participant-only": (6, "the only verified support is a subject's own account"),
    "weak-support": (6, "the verified support is graded E–F, tertiary or a subject's own "
                        "account, in some mix"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Participant:
    """A subject of the claim (as the claim names them) who is a creator of a linked work: printed
    there as ``printed``, matched through the people record ``record`` (its id)."""

    subject: str
    printed: str
    record: str = ""


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    """One link with what is known of its source (None: not in the bibliography). ``usable``: a
    verified link to a work that is not tertiary, not a subject's own account and not graded E or
    F, the kind of link that can carry a grade of 1 to 5 (worked out on creation)."""

    link: Link
    facts: SourceFacts | None
    grade: str | None
    participants: tuple[Participant, ...] = ()
    circular: bool = False
    #: Works it derives from (``x-based-on``, transitively) that are a subject's own account.
    drawn_on: tuple[SourceFacts, ...] = ()
    usable: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        facts = self.facts
        usable = (self.link.verified is not None and facts is not None and not facts.tertiary
                  and not self.participants and (self.grade or "") not in WEAK)  # fmt: skip
        object.__setattr__(self, "usable", usable)

    @property
    def verified(self) -> bool:
        """True when the link was checked against the work itself."""
        return self.link.verified is not None


@dataclass(frozen=True, slots=True)
class Group:
    """Supporting works that count once: they share an author or person, or one is based on
    another (transitively), or they derive from a common work. Worked out on creation: ``keys``
    (the works, in link order), ``participant`` (a work of the group is a subject's own account:
    not independent of the claim), ``checked`` (a link was verified), ``usable`` (a link is
    :attr:`LinkEvidence.usable` and no work is a subject's own account), ``strong`` (usable, with
    a usable link graded A or B)."""

    links: tuple[LinkEvidence, ...]
    shared: tuple[str, ...] = ()
    keys: tuple[str, ...] = field(init=False, default=())
    participant: bool = field(init=False, default=False)
    checked: bool = field(init=False, default=False)
    usable: bool = field(init=False, default=False)
    strong: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        links, put = self.links, object.__setattr__
        if len(links) == 1:  # most groups: one link, worked out directly
            only = links[0]
            alone = only.usable and not only.participants
            put(self, "keys", (only.link.source,))
            put(self, "participant", bool(only.participants))
            put(self, "checked", only.link.verified is not None)
            put(self, "usable", alone)
            put(self, "strong", alone and only.grade in STRONG)
            return
        put(self, "keys", tuple(dict.fromkeys(le.link.source for le in links)))
        participant = any(le.participants for le in links)
        put(self, "participant", participant)
        put(self, "checked", any(le.link.verified is not None for le in links))
        usable = [le for le in links if le.usable] if not participant else []
        put(self, "usable", bool(usable))
        put(self, "strong", any(le.grade in STRONG for le in usable))


#: The reason each rule gives, filled in with the works it names (``{about}``: supporting or
#: mentioning works, ``{against}``: disputing ones, ``{count}``: independent groups).
REASONS = {
    "contested": "supported by {about} and disputed by {against}, all verified",
    "contradicted": "disputed by {against} (verified); no verified source that can carry a grade "
                    "supports it",
    "confirmed": "confirmed by {count} independent verified sources graded A–B ({about})",
    "probably-true": "{count} independent verified source(s) ({about}), not confirmed by two "
                     "graded A–B",
    "possibly-true": "one independent verified source ({about}), not confirmed by another",
    "no-support": "no work in the bibliography supports it",
    "mention-only": "nothing but a mention supports it ({about})",
    "unchecked": "no supporting link has been checked against its work ({about})",
    "tertiary-only": "the only verified support is tertiary ({about})",
    "participant-only": "the only verified support is a participant's own account ({about})",
    "weak-support": "the verified support is graded E–F, tertiary or a participant's own account "
                    "({about})",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested information-credibility grade 1–6, the rule (docs/evidence.md) behind it and the
    links that rule names (its :attr:`reason` is worded when asked for)."""

    grade: int
    rule: str
    about: tuple[LinkEvidence, ...] = ()
    against: tuple[LinkEvidence, ...] = ()
    count: int = 0

    @property
    def reason(self) -> str:
        """Why, in words: ``confirmed by 2 independent verified sources graded A–B (…)``."""
        return REASONS[self.rule].format(
            about=labels(self.about), against=labels(self.against), count=self.count
        )


def labels(links: Sequence[LinkEvidence]) -> str:
    """The sources' labels, each once, in link order: ``Strods 2006, Falkov 2019``."""
    return ", ".join(dict.fromkeys(le.facts.label if le.facts else le.link.source for le in links))


def _group_labels(groups: Sequence[Group]) -> str:
    return labels(_links_of(groups))


def _links_of(groups: Sequence[Group]) -> tuple[LinkEvidence, ...]:
    return tuple(le for group in groups for le in group.links)


def _suggestion(rule: str, about: Sequence[LinkEvidence] = (), against: Sequence[LinkEvidence] = (),
                count: int = 0) -> Suggestion:  # fmt: skip
    return Suggestion(RULES[rule][0], rule, tuple(about), tuple(against), count)


def suggest(links: Sequence[LinkEvidence], groups: Sequence[Group]) -> Suggestion:
    """The suggested information-credibility grade: the first rule of :data:`RULES` that applies to
    the claim's links and its groups of supporting works."""
    usable = [group for group in groups if group.usable]
    disputes = [le for le in links if le.usable and le.link.stance is Stance.DISPUTES]
    if disputes:
        rule = "contested" if usable else "contradicted"
        return _suggestion(rule, _links_of(usable), disputes)
    strong = [group for group in usable if group.strong]
    if len(strong) >= 2:
        return _suggestion("confirmed", _links_of(strong), count=len(strong))
    if strong or len(usable) >= 2:
        return _suggestion("probably-true", _links_of(usable), count=len(usable))
    if usable:
        return _suggestion("possibly-true", _links_of(usable), count=1)
    return _cannot_judge(links, groups)


def _cannot_judge(links: Sequence[LinkEvidence], groups: Sequence[Group]) -> Suggestion:
    """Grade 6, with the rule that says why no better grade can be given."""
    if not groups:
        mentions = [le for le in links if le.link.stance is Stance.MENTIONS]
        return _suggestion("mention-only", mentions) if mentions else _suggestion("no-support")
    checked = [le for group in groups for le in group.links if le.verified]
    if not checked:
        return _suggestion("unchecked", _links_of(groups))
    if all(le.facts is not None and le.facts.tertiary for le in checked):
        return _suggestion("tertiary-only", checked)
    if all(group.participant for group in groups if group.checked):
        return _suggestion("participant-only", checked)
    return _suggestion("weak-support", checked)


def flags_of(links: Sequence[LinkEvidence], groups: Sequence[Group]) -> frozenset[str]:
    """The claim's :data:`PROFILES`: ``participant`` (a linked work is a subject's own account),
    ``soviet-era`` (every supporting work is Soviet-era), ``tertiary-only`` (every verified link is
    to a tertiary work)."""
    found = set()
    if any(le.participants for le in links):
        found.add("participant")
    support = [le.facts for group in groups for le in group.links if le.facts]
    if support and all(facts.era == SOVIET for facts in support):
        found.add("soviet-era")
    verified = [le.facts for le in links if le.verified and le.facts]
    if verified and all(facts.tertiary for facts in verified):
        found.add("tertiary-only")
    return frozenset(found)


def profile(
    links: Sequence[LinkEvidence], groups: Sequence[Group], flags: frozenset[str] | None = None
) -> tuple[str, ...]:
    """The provenance of the claim's support in words, one sentence (without a full stop) each
    (``flags``: those of :func:`flags_of`, when already known)."""
    flags = flags_of(links, groups) if flags is None else flags
    said = []
    if not groups:
        mentions = [le for le in links if le.link.stance is Stance.MENTIONS]
        said.append(f"nothing but a mention supports it ({labels(mentions)})" if mentions
                    else "no work in the bibliography supports it")  # fmt: skip
    elif all(group.participant for group in groups):
        said.append(f"the only support is a participant's own account ({_group_labels(groups)})")
    if "soviet-era" in flags:
        years = sorted(
            {le.facts.year for g in groups for le in g.links if le.facts and le.facts.year}
        )
        span = "–".join(dict.fromkeys((years[0], years[-1]))) if years else "undated"
        said.append(f"all support comes from Soviet-era works ({span})")
    verified = [le for le in links if le.verified and le.facts]
    if "tertiary-only" in flags:
        said.append(f"the only verified source is tertiary ({labels(verified)})")
    elif not verified:
        said.append("no link has been checked against its work")
    if "participant" in flags or any(le.drawn_on for le in links):
        said += _participant_sentences(links, groups)
    said += [f"{_group_labels([group])} count once: {'; '.join(group.shared)}"
             for group in groups if len(group.keys) > 1]  # fmt: skip
    circular = [le for le in links if le.circular]
    if circular:
        said.append(f"support is circular: {labels(circular)} derive(s) from itself through "
                    "x-based-on (an error)")  # fmt: skip
    disputes = [le for le in links if le.link.stance is Stance.DISPUTES]
    if disputes:
        said.append(f"disputed by {labels(disputes)}")
    return tuple(said)


def _participant_sentences(links: Sequence[LinkEvidence], groups: Sequence[Group]) -> list[str]:
    said: dict[str, str] = {}
    for le in links:
        key = le.link.source
        if not le.participants or key in said:
            continue
        who = "; ".join(_who(p) for p in le.participants)
        label = le.facts.label if le.facts else key
        said[key] = (f"{label} is by {who}, a subject of this claim: a participant's own "
                     "account cannot independently confirm it")  # fmt: skip
    for le in links:
        key = le.link.source
        if le.drawn_on and f"drawn:{key}" not in said:
            label = le.facts.label if le.facts else key
            origins = ", ".join(facts.label for facts in le.drawn_on)
            said[f"drawn:{key}"] = (
                f"{label} draws (x-based-on) on {origins}, a participant's account"
            )
    return list(said.values())


def _who(participant: Participant) -> str:
    via = f"identified in the people record '{participant.record}'"
    return f"{participant.subject} (printed “{participant.printed}”, {via})"
