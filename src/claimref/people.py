"""One person across scripts: resolving name forms to people, and possible conflicts of interest.

A claim names people as free text (``Vilis Samsons``); a source's authors are split BibTeX names
(``Самсон, В. П.``). People records (``people/*.yaml``) list a person's forms in each language and
script, and this module matches all of them: by family name and compatible initials, compared after
transliteration (ALA-LC without diacritics) and folding. It never guesses that two people are one
without a record saying so. Reading the records is the store's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from claimref.model import Claim, Link, Name, Person, Source, Stance
from claimref.translit import fold, to_latin

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _key(text: str) -> str:
    """A name part reduced for comparison across scripts (``Самсон`` and ``Samson`` agree)."""
    return fold(to_latin(text, "ala-lc-ascii"))


def _initials(given: str) -> str:
    return "".join(_key(word)[:1] for word in _WORD.findall(given))


@dataclass(frozen=True)
class NameKey:
    """A name as (family, initials), both reduced for comparison."""

    family: str
    initials: str

    @classmethod
    def of_text(cls, text: str) -> NameKey:
        """From ``Given Family``, ``G. F. Family`` or ``Family, Given``."""
        if "," in text:
            family, given = text.split(",", 1)
        else:
            words = text.replace(".", ". ").split()
            family, given = (words[-1] if words else ""), " ".join(words[:-1])
        return cls(_key(family.strip()), _initials(given))

    @classmethod
    def of_name(cls, name: Name) -> NameKey:
        """From a split BibTeX name; a literal (corporate) name is taken whole as the family."""
        if name.literal:
            return cls(_key(name.literal), "")
        return cls(_key(f"{name.particle} {name.family}".strip()), _initials(name.given))

    def agrees(self, other: NameKey) -> bool:
        """Same family name, and initials that do not contradict (one may lack some)."""
        if not self.family or self.family != other.family:
            return False
        shorter, longer = sorted((self.initials, other.initials), key=len)
        return longer.startswith(shorter)


def resolve(text: str, people: Mapping[str, Person]) -> Person | None:
    """The person one of whose forms is ``text`` (case, diacritics and script ignored)."""
    wanted = _key(text)
    for person in people.values():
        if any(_key(form) == wanted for form in person.forms()):
            return person
    return None


def matching(text: str, people: Mapping[str, Person]) -> list[Person]:
    """The people one of whose forms contains ``text`` (case, diacritics and script ignored)."""
    wanted = _key(text)
    return [p for p in people.values() if any(wanted in _key(f) for f in p.forms())]


def is_person(name: Name, person: Person) -> bool:
    """True when the source name agrees with one of the person's forms."""
    key = NameKey.of_name(name)
    return any(key.agrees(NameKey.of_text(form)) for form in person.forms())


@dataclass(frozen=True)
class Conflict:
    """A person who is a subject of the claim and also a creator of a work linked to it."""

    person: Person
    link: Link
    role: str
    printed: Name

    def describe(self) -> str:
        """One sentence for readers of ``show`` and ``check``."""
        stance = "supports" if self.link.stance is Stance.SUPPORTS else self.link.stance.value
        return (
            f"possible conflict of interest: {self.person.label}, a subject of this claim, is the "
            f"{self.role} of {self.link.source} (as {self.printed}), which {stance} it"
        )


def conflicts(claim: Claim, people: Mapping[str, Person],
              sources: Mapping[str, Source]) -> list[Conflict]:  # fmt: skip
    """Each (person, link) where a person the claim is about is an author or editor of the source."""
    subjects = [p for p in (resolve(text, people) for text in claim.people) if p]
    found = []
    for link in claim.links:
        source = sources.get(link.source)
        if source is None:
            continue
        for person in subjects:
            for role, name in _creators(source):
                if is_person(name, person):
                    found.append(Conflict(person, link, role, name))
                    break
    return found


def _creators(source: Source) -> Iterable[tuple[str, Name]]:
    for role in ("author", "editor", "translator"):
        for name in source.names.get(role, ()):
            yield role, name
