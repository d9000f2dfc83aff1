"""An independently generated bibliography for the rendering benchmark (issue 12).

    python bench/gen_bibliography.py OUT.bib [--entries 1000] [--seed 7]

Unlike :mod:`render_bench`'s corpus (our test bibliographies repeated under new keys), every entry
here is made up from parts: Latvian, Russian (Cyrillic), German and English names, about 15 % of the
entries with LaTeX-escaped accents (``\\v{s}``, ``\\"u``, ``{\\=a}``), brace-protected acronyms
(``{NKVD}``, ``{USSR}``), ``--`` page and year ranges, six entry types, ``date`` or ``year``/``month``,
editors, translators, series, DOIs and URLs. Deterministic for a seed. It writes one .bib file; it
does not run anything.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FAMILIES = {
    "lv": [
        "Bērziņš",
        "Kalniņa",
        "Ozoliņš",
        "Strods",
        "Zunda",
        "Šilde",
        "Ķeniņš",
        "Līcis",
        "Čakste",
        "Ēvalds",
        "Grava",
        "Jansone",
    ],
    "ru": [
        "Иванов",
        "Смирнова",
        "Попов",
        "Кузнецов",
        "Жуков",
        "Щербаков",
        "Юдин",
        "Ёлкин",
        "Соколова",
        "Дробязко",
    ],
    "de": ["Müller", "Schäfer", "Weiß", "von Hagen", "Krüger", "Böhme", "zu Dohna", "Fischer"],
    "en": ["Smith", "O'Connor", "MacDonald", "Bell", "Hughes", "Price", "Mitchell", "van Dyke"],
}
GIVENS = {
    "lv": ["Jānis", "Ilze", "Kārlis", "Inese", "Aivars", "Dace"],
    "ru": ["Алексей", "Мария", "Юрий", "Елена", "Пётр", "Ольга"],
    "de": ["Hans-Jürgen", "Ute", "Klaus", "Jörg", "Anna-Lena"],
    "en": ["John", "Mary Ann", "R. J.", "Elizabeth", "Thomas"],
}
LATEX = {
    "lv": ["B{\\=e}rzi{\\c{n}}{\\v{s}}", "{\\v{S}}ilde", "{\\v{C}}akste", "Kalni{\\c{n}}a"],
    "de": ['M{\\"u}ller', 'Kr{\\"u}ger', "Wei{\\ss}", 'B{\\"o}hme'],
    "en": ["O'Connor", "Smith"],
    "ru": ["Ivanov"],
}
WORDS = {
    "lv": "partizāni Latvijā kara gados vēsture dokumenti atmiņas pretošanās kustība".split(),
    "ru": "партизанское движение в Прибалтике годы войны документы и материалы история".split(),
    "de": "die Partisanen im Baltikum Krieg und Besatzung Geschichte der Region".split(),
    "en": "the partisan war in the Baltic states occupation and resistance a history of".split(),
}
ACRONYMS = ["{NKVD}", "{USSR}", "{SS}", "{LPSR}", "{CPSU}", "{OUN}"]
LANGID = {"lv": "latvian", "ru": "russian", "de": "german", "en": "english"}
PUBLISHERS = {
    "lv": ("Zinātne", "Rīga"),
    "ru": ("Наука", "Москва"),
    "de": ("Oldenbourg", "München"),
    "en": ("Routledge", "London"),
}
TYPES = ["book", "article", "incollection", "inproceedings", "thesis", "online"]


def _name(rng: random.Random, lang: str, latex: bool) -> str:
    family = rng.choice(LATEX[lang] if latex else FAMILIES[lang])
    return f"{family}, {rng.choice(GIVENS[lang])}"


def _title(rng: random.Random, lang: str) -> str:
    words = rng.sample(WORDS[lang], k=min(len(WORDS[lang]), rng.randint(3, 7)))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), rng.choice(ACRONYMS))
    title = " ".join(words)
    if rng.random() < 0.4:
        start = rng.randint(1900, 1950)
        title += f", {start}--{start + rng.randint(1, 20)}"
    return title[0].upper() + title[1:]


def _common(rng: random.Random, lang: str, latex: bool) -> dict[str, str]:
    fields = {
        "author": " and ".join(_name(rng, lang, latex) for _ in range(rng.randint(1, 4))),
        "title": _title(rng, lang),
        "langid": LANGID[lang],
    }
    year = rng.randint(1950, 2024)
    if rng.random() < 0.5:
        fields["date"] = f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.3 else str(year)
    else:
        fields["year"] = str(year)
    if rng.random() < 0.2:
        fields["doi"] = f"10.{rng.randint(1000, 9999)}/{rng.randint(10**5, 10**6)}"
    return fields


def _typed(rng: random.Random, kind: str, lang: str, fields: dict[str, str]) -> None:
    publisher, place = PUBLISHERS[lang]
    first = rng.randint(1, 400)
    pages = f"{first}--{first + rng.randint(1, 60)}"
    if kind == "article":
        fields.update(
            journaltitle=_title(rng, lang),
            volume=str(rng.randint(1, 80)),
            number=str(rng.randint(1, 12)),
            pages=pages,
        )
    elif kind in ("incollection", "inproceedings"):
        fields.update(
            booktitle=_title(rng, lang),
            publisher=publisher,
            location=place,
            pages=pages,
            editor=_name(rng, lang, False),
        )
    elif kind == "thesis":
        fields.update(type="phdthesis", institution="Latvijas Universitāte")
    elif kind == "online":
        fields.update(url=f"https://example.org/{rng.randint(1, 10**6)}", urldate="2024-05-01")
    else:
        fields.update(publisher=publisher, location=place)
        if rng.random() < 0.2:
            fields["series"] = _title(rng, lang)
        if rng.random() < 0.1:
            fields["translator"] = _name(rng, "en", False)


def entry(rng: random.Random, index: int) -> str:
    """One BibTeX entry."""
    lang = rng.choices(list(FAMILIES), weights=[3, 3, 2, 2])[0]
    latex = lang in ("lv", "de") and rng.random() < 0.35
    kind = rng.choice(TYPES)
    fields = _common(rng, lang, latex)
    _typed(rng, kind, lang, fields)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{gen{index:05d},\n{body}\n}}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    text = "\n".join(entry(rng, i) for i in range(args.entries))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {args.entries} entries")


if __name__ == "__main__":
    main()
