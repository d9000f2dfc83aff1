"""Generate a large, realistic claimref workspace with seeded defects, for ``claimref check``.

    python bench/gen_workspace.py OUT [--sources 10000] [--claims 50000] [--seed 1]

Writes OUT/bibliography/*.bib (sources in Latvian, Russian and English, in ten files), OUT/claims/*.yaml
and OUT/manifest.json, which lists every seeded defect as {rule, path, text}: the rule that must find
it, the file it is in, and a text the finding's message must contain. Everything not seeded is meant
to be clean at the warning level (infos such as books without ISBN occur naturally).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import unicodedata
from pathlib import Path

import iuliia
from stdnum import ean, isbn

LV_FAMILY = (
    "Ozols Kalniņš Bērziņš Liepiņš Jansons Krūmiņš Zariņš Vītols Kļaviņš Egle Priede Lapsa "
    "Strods Balodis Siliņš Grīnbergs Pētersons Vanags Sproģis Zālītis Dzintars Riekstiņš "
    "Eglītis Kalējs Auziņš Ābols Celmiņš Dūmiņš Freimanis Gailītis"
).split()
LV_GIVEN = "Jānis Pēteris Andris Kārlis Aivars Ilze Anna Mārtiņš Vilis Inese Rūta Edgars".split()
RU_FAMILY = (
    "Иванов Петров Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков "
    "Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров "
    "Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев"
).split()
RU_INITIALS = "А. Б. В. Г. Д. Е. Ж. З. И. К. Л. М. Н. О. П. Р. С. Т.".split()
EN_FAMILY = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Lieven Plakans Swain Bleiere "
    "Kangeris Ezergailis Misiunas Taagepera Dreifelds Hiden"
).split()
EN_GIVEN = "John Mary David Sarah Peter Anne Michael Helen Robert Alice Andrew Geoffrey".split()
WORDS = {
    "lv": (
        "partizāņu cīņa Latgalē Kurzemē vēsture atmiņas dokumenti kara gadi pretošanās kustība "
        "Rīgā mežos pagrīde laikā apcerējums hronika ciemi ļaudis vienības bataljons brigāde "
        "komandieris Vidzemē Zemgalē okupācija nacionālie sarkanie upuri liecības arhīvs "
        "pagasts apriņķis frontes līnija sakaru grupa izlūki sprādzieni vilcieni tilti "
        "ziema vasara gads cilvēki likteņi"
    ).split(),
    "ru": (
        "борьба партизан Латвии годы войны Великой Отечественной народа подполье Рига записки "
        "воспоминания история отряды леса Курземе Латгалии очерки документы сборник героев "
        "разведчики бригада фронт тыл врага советские патриоты комсомольцы диверсии эшелоны "
        "мосты связные штаб командир полк батальон операции зимой летом земля огонь "
        "дороги судьбы"
    ).split(),
    "en": (
        "partisans Latvia war resistance Baltic occupation memory history forest brothers Soviet "
        "German Riga Courland Latgale underground study documents politics collaboration "
        "violence nation state guerrilla insurgency survival village archives testimony "
        "sabotage railway bridges winter summer years people fates regime terror police "
        "battalions legion frontier"
    ).split(),
}
LANGID = {"lv": "latvian", "ru": "russian", "en": "english"}
PLACES = (
    "Kārsava Ludza Rēzekne Daugavpils Krāslava Balvi Madona Gulbene Alūksne Cēsis Valmiera "
    "Limbaži Sigulda Ogre Aizkraukle Jēkabpils Preiļi Līvāni Viļāni Dagda Zilupe Tukums "
    "Talsi Kuldīga Ventspils Liepāja Saldus Dobele Jelgava Bauska Smiltene Valka Piltene "
    "Dundaga Ugāle Pope Puze Usma Kandava Sabile Aizpute Skrunda Grobiņa Priekule Vaiņode "
    "Lubāna Varakļāni Riebiņi Ilūkste Subate Viesīte Nereta Koknese Pļaviņas Ērgļi Vecpiebalga "
    "Smārde Engure Mērsrags Roja Lielvārde Ķegums Baldone Iecava Ērberge"
).split()
UNIT_KINDS = "brigade detachment regiment group battalion company".split()
THINGS = "trains bridges lorries depots warehouses telephone-lines culverts locomotives".split()
VERBS = "destroyed derailed burned mined damaged blew-up".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
TEMPLATES = (
    "The {unit} of {person} {verb} {n} {things} near {place} in {month} {year}.",
    "{person} commanded the {unit} in the {place} district from {year} until the summer of 1945.",
    "In {month} {year} the {unit} fought a German police battalion near {place} and lost {n} men.",
    "{n} civilians of {place} Parish were deported or shot after the {unit} raided the village "
    "in {month} {year}.",
    "{person} of the {unit} was awarded the Order of the Red Banner in {year} for a raid near "
    "{place} in which {n} {things} were {verb}.",
    "The underground committee of {place} printed {n} leaflets in {month} {year} and passed them "
    "to the {unit} of {person}.",
)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


_ISBNS: set[str] = set()


def make_isbn(rng: random.Random, group: str) -> str:
    """A valid ISBN-13 not made before, hyphenated as 978-GROUP-PUBLISHER-TITLE-CHECK."""
    body = "978" + group + "".join(rng.choice("0123456789") for _ in range(9 - len(group)))
    if body in _ISBNS:
        return make_isbn(rng, group)
    _ISBNS.add(body)
    return (
        f"978-{group}-{body[3 + len(group) : 7 + len(group)]}-{body[7 + len(group) :]}-"
        + ean.calc_check_digit(body)
    )


class Generator:
    """Builds sources and claims; seeded defects are recorded in ``manifest``."""

    def __init__(self, out: Path, n_sources: int, n_claims: int, seed: int) -> None:
        self.out, self.n_sources, self.n_claims = out, n_sources, n_claims
        self.rng = random.Random(seed)
        self.manifest: list[dict[str, str]] = []
        self.sources: list[dict[str, str]] = []
        self.statements: set[str] = set()

    def seed(self, rule: str, path: str, text: str = "") -> None:
        self.manifest.append({"rule": rule, "path": path, "text": text})

    # --- sources ----------------------------------------------------------------------------

    def person(self, lang: str) -> str:
        rng = self.rng
        if lang == "ru":
            return f"{rng.choice(RU_FAMILY)}, {rng.choice(RU_INITIALS)} {rng.choice(RU_INITIALS)}"
        family, given = (LV_FAMILY, LV_GIVEN) if lang == "lv" else (EN_FAMILY, EN_GIVEN)
        return f"{rng.choice(family)}, {rng.choice(given)}"

    def title(self, lang: str) -> str:
        words = self.rng.sample(WORDS[lang], self.rng.randint(3, 7))
        return " ".join(words).capitalize()

    def source(self, index: int) -> dict[str, str]:
        rng = self.rng
        lang = rng.choices(("lv", "ru", "en"), (4, 4, 2))[0]
        year = rng.randint(1946, 2024)
        kind = rng.choices(("book", "article", "incollection", "online"), (60, 25, 10, 5))[0]
        fields = {
            "author": self.person(lang),
            "title": self.title(lang),
            "date": str(year),
            "langid": LANGID[lang],
            "x-reliability": rng.choice("ABBCCCDEF"),
        }
        if kind == "book":
            fields["location"] = {"lv": "Rīga", "ru": "Рига", "en": "London"}[lang]
            if year >= 1975 or rng.random() < 0.1:
                fields["isbn"] = make_isbn(rng, {"lv": "9984", "ru": "5", "en": "0"}[lang])
        elif kind == "article":
            fields["journaltitle"] = self.title(lang)
            fields["pages"] = f"{(p := rng.randint(1, 300))}--{p + rng.randint(2, 30)}"
            if lang == "en" and rng.random() < 0.5:
                fields["doi"] = f"10.{rng.randint(1000, 99999)}/{rng.randint(10**5, 10**8)}"
        elif kind == "incollection":
            fields["booktitle"] = self.title(lang)
        else:
            fields["url"] = f"https://example.org/{index}"
        return {"key": f"src{index:05d}", "type": kind, **fields}

    def build_sources(self) -> None:
        self.sources = [self.source(i) for i in range(self.n_sources)]

    def seed_sources(self) -> None:
        """Put one kind of defect into a few sources each (the sources stay in place)."""
        rng, picks = self.rng, iter(self.rng.sample(range(self.n_sources), self.n_sources))
        books = [s for s in self.sources if s["type"] == "book" and "isbn" in s]
        mutations = {
            "required-fields": lambda s: s.pop("title"),
            "language-unknown": lambda s: s.update(langid="latvain"),
            "date-invalid": lambda s: s.update(date=f"{s['date']}-13-01"),
            "swallowed-field": lambda s: s.update(title=s["title"] + "\n  publisher = {Liesma}"),
            "empty-value": lambda s: s.update(note=""),
            "latex-undecoded": lambda s: s.update(title="\\foreignmacro{x} " + s["title"]),
            "doi-syntax": lambda s: s.update(doi="https://doi.org/10.1000/182"),
            "isbn-missing": lambda s: (s.update(type="book", date="2001"), s.pop("isbn", None)),
        }
        for rule, mutate in mutations.items():
            for _ in range(5):
                source = self.sources[next(picks)]
                while source.get("x-seeded"):
                    source = self.sources[next(picks)]
                mutate(source)
                source["x-seeded"] = rule
        for source in rng.sample([b for b in books if not b.get("x-seeded")], 5):
            digits = isbn.compact(source["isbn"])
            source["isbn"] = digits[:-1] + str((int(digits[-1]) + 1) % 10)
            source["x-seeded"] = "isbn-invalid"
        for source in [s for s in self.sources if not s.get("x-seeded")][-5:]:
            source["x-seeded"] = "unused-source"

    def extra_sources(self) -> list[dict[str, str]]:
        """New entries that duplicate existing ones: same work in Latin script, same ISBN."""
        extra = []
        russian = [s for s in self.sources if s["langid"] == "russian" and not s.get("x-seeded")]
        for i, original in enumerate(self.rng.sample(russian, 5)):
            scheme = (iuliia.GOST_779, iuliia.ALA_LC, iuliia.BGN_PCGN)[i % 3]
            copy = {
                **original,
                "key": f"{original['key']}lat",
                "author": scheme.translate(original["author"]),
                "title": scheme.translate(original["title"]),
                "x-seeded": "duplicate-work",
            }
            copy.pop("isbn", None)
            extra.append(copy)
        books = [s for s in self.sources if "isbn" in s and not s.get("x-seeded")]
        for i, original in enumerate(self.rng.sample(books, 5)):
            extra.append(
                {
                    "key": f"shared{i}",
                    "type": "book",
                    "author": self.person("en"),
                    "title": self.title("en"),
                    "date": "1999",
                    "langid": "english",
                    "isbn": isbn.to_isbn10(original["isbn"]),
                    "x-reliability": "B",
                    "x-seeded": "isbn-shared",
                }
            )
        return extra


def entry_text(source: dict[str, str]) -> str:
    fields = [(k, v) for k, v in source.items() if k not in ("key", "type", "x-seeded")]
    lines = [f"@{source['type']}{{{source['key']},"] + [f"  {k} = {{{v}}}," for k, v in fields]
    return "\n".join([*lines, "}", ""])


def raw_defects(file_index: int) -> tuple[str, list[tuple[str, str]]]:
    """BibTeX text with syntax defects for one file, and the (rule, text) each must be found by."""
    i = file_index
    text = (
        f"\n@book{{nocomma{i},\n  author = {{Ozols, Jānis}},\n  title = {{Meži {i}}}\n"
        f"  location = {{Rīga}},\n  date = {{1970}},\n  langid = {{latvian}},\n}}\n"
        f"\n@book{{,\n  title = {{No key {i}}},\n}}\n"
    )
    return text, [("bibtex-syntax", f"nocomma{i}"), ("missing-key", "")]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render_claim(c: dict) -> str:  # type: ignore[type-arg]
    lines = [f"id: {c['id']}", f"statement: {q(c['statement'])}"]
    for key in ("date", "places", "people", "tags"):
        if key in c:
            value = c[key]
            lines.append(
                f"{key}: {q(value) if isinstance(value, str) else '[' + ', '.join(map(q, value)) + ']'}"
            )
    lines += ["reliability:", f"  status: {c['status']}"]
    if c.get("note"):
        lines.append(f"  note: {q(c['note'])}")
    lines += [*c.get("extra", []), "links:" if c["links"] else "links: []"]
    for link in c["links"]:
        lines += [f"  - source: {link['source']}", f"    stance: {link['stance']}"]
        if "locator" in link:
            lines += [
                "    locator:",
                f"      label: {link['locator'][0]}",
                f"      value: {q(link['locator'][1])}",
            ]
        if "quote" in link:
            lines += ["    quote:", f"      text: {q(link['quote'][0])}"]
            lines += [f"      {k}: {q(v)}" for k, v in link["quote"][1:] if v]
        verified = link.get("verified", False)
        lines.append(
            verified
            if isinstance(verified, str)
            else (
                '    verified:\n      by: bench\n      "on": "2025-01-15"'
                if verified
                else "    verified: false"
            )
        )
        if "reliability" in link:
            lines.append(f"    reliability: {link['reliability']}")
    if c.get("accept"):
        lines.append("accept:")
        lines += [f"  - rule: {rule}\n    reason: {q(reason)}" for rule, reason in c["accept"]]
    return "\n".join(lines) + "\n"


class ClaimMaker:
    """Clean claims: statements unique, assertions supported by two sources, one graded A–C."""

    def __init__(self, gen: Generator, citable: list[dict[str, str]]) -> None:
        self.gen, self.rng, self.citable = gen, gen.rng, citable
        self.good = [s for s in citable if s["x-reliability"] in "ABC"]

    def statement(self) -> tuple[str, dict[str, str]]:
        rng = self.rng
        while True:
            slots = {
                "unit": f"{ordinal(rng.randint(1, 40))} Latvian partisan {rng.choice(UNIT_KINDS)}",
                "person": f"{rng.choice(LV_GIVEN)} {rng.choice(LV_FAMILY)}",
                "verb": rng.choice(VERBS).replace("-", " "),
                "n": str(rng.randint(2, 999)),
                "things": rng.choice(THINGS).replace("-", " "),
                "place": rng.choice(PLACES),
                "month": rng.choice(MONTHS),
                "year": str(rng.randint(1941, 1945)),
            }
            text = rng.choice(TEMPLATES).format(**slots)
            text = text[0].upper() + text[1:]
            if text not in self.gen.statements:
                self.gen.statements.add(text)
                return text, slots

    def link(self, source: dict[str, str], stance: str) -> dict:  # type: ignore[type-arg]
        rng = self.rng
        link: dict = {
            "source": source["key"],
            "stance": stance,  # type: ignore[type-arg]
            "verified": rng.random() < 0.4,
        }
        if source["type"] == "online":
            link["locator"] = ("section", rng.choice(PLACES))
        elif rng.random() < 0.8:
            page = rng.randint(1, 400)
            link["locator"] = (
                "page",
                rng.choice((str(page), f"{page}–{page + rng.randint(1, 9)}")),
            )
        if rng.random() < 0.3:
            lang = {"latvian": "lv", "russian": "ru", "english": "en"}.get(source["langid"], "lv")
            words = " ".join(rng.sample(WORDS[lang], 6)).capitalize() + "."
            link["quote"] = (words, ("lang", lang), ("translation", "" if lang == "en" else "…"))
        return link

    def claim(self, index: int) -> dict:  # type: ignore[type-arg]
        rng = self.rng
        text, slots = self.statement()
        status = rng.choices(
            ("established", "probable", "disputed", "doubtful", "unverified"), (20, 40, 10, 5, 25)
        )[0]
        first = self.citable[index % len(self.citable)]
        links = [self.link(first, "supports" if first["x-reliability"] in "ABC" else "mentions")]
        if status in ("established", "probable"):
            keys = {first["key"]} if links[0]["stance"] == "supports" else set()
            while len(keys) < 2:
                source = rng.choice(self.good)
                if source["key"] not in keys and source is not first:
                    links.append(self.link(source, "supports"))
                    keys.add(source["key"])
        elif status in ("disputed", "doubtful"):
            links.append(self.link(rng.choice(self.citable), rng.choice(("disputes", "qualifies"))))
        slug = f"{slots['place'].lower()}-{slots['year']}"
        claim = {
            "id": f"{_ascii(slug)}-{index:05d}",
            "statement": text,
            "status": status,
            "links": links,
            "date": slots["year"],
            "places": [slots["place"]],
            "people": [slots["person"]],
            "tags": ["partisans", rng.choice(THINGS)],
        }
        if status in ("disputed", "doubtful"):
            claim["note"] = "The sources give different figures; see the disputing link."
        return claim


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii())


#: Defects made by changing the claim (c) or its first link (f) in place.
SIMPLE_DEFECTS = {
    "claim-schema": lambda c, f: c.update(extra=["stanse: supports"]),
    "status-without-note": lambda c, f: (
        c.update(status="disputed", note=""),
        f.update(stance="disputes"),
    ),
    "verified-incomplete": lambda c, f: f.update(verified="    verified: true"),
    "missing-source": lambda c, f: f.update(source=f"nosuch-{c['id']}"),
    "no-link": lambda c, f: c.update(links=[], status="unverified"),
    "quote-lang": lambda c, f: f.update(quote=("Teksts bez valodas.", ("lang", ""))),
    "locator-format": lambda c, f: f.update(locator=("page", "p. 12")),
    "accept-unused": lambda c, f: c.update(accept=[("no-link", "Kept from an older version.")]),
}


def seed_claim(claim: dict, rule: str, others: list[dict]) -> dict:  # type: ignore[type-arg]
    """A copy of ``claim`` with the defect ``rule`` put in."""
    claim = {**claim, "links": [dict(link) for link in claim["links"]]}
    first = claim["links"][0]
    if rule in SIMPLE_DEFECTS:
        SIMPLE_DEFECTS[rule](claim, first)
    elif rule == "disputed-without-dissent":
        claim.update(status="disputed", note="Figures differ.")
        for link in claim["links"]:
            link["stance"] = "supports"
    elif rule == "single-source":
        claim.update(status="established", links=[{**first, "stance": "supports"}])
        claim["links"][0]["reliability"] = "A"
    elif rule == "weak-support":
        claim["status"] = "probable"
        claim["links"] = [*claim["links"], {**first, "source": others[0]["links"][0]["source"]}]
        for link in claim["links"]:
            link.update(stance="supports", reliability="E")
    return claim


CLAIM_RULES = (
    "claim-schema status-without-note verified-incomplete missing-source no-link "
    "disputed-without-dissent quote-lang locator-format single-source weak-support "
    "accept-unused"
).split()


def write_claims(gen: Generator, claims: list[dict]) -> None:  # type: ignore[type-arg]
    folder = gen.out / "claims"
    folder.mkdir(parents=True)
    targets = iter(gen.rng.sample(range(len(claims)), len(claims)))
    for rule in CLAIM_RULES:
        for _ in range(5):
            i = next(targets)
            claims[i] = seed_claim(claims[i], rule, claims)
            gen.seed(rule, f"claims/{claims[i]['id']}.yaml")
    for _ in range(5):  # accepted on purpose: counted, not reported
        i = next(targets)
        claims[i] = seed_claim(claims[i], "single-source", claims)
        claims[i]["accept"] = [("single-source", "The only source that covers this raid.")]
    texts = {c["id"]: render_claim(c) for c in claims}
    for _ in range(5):
        original = claims[next(targets)]
        copy = {
            **original,
            "id": original["id"] + "-copy",
            "statement": original["statement"]
            .replace(" the ", " that ", 1)
            .replace("The ", "That ", 1),
        }
        texts[copy["id"]] = render_claim(copy)
        gen.seed("near-duplicate-claim", f"claims/{copy['id']}.yaml", original["id"])
    seed_files(gen, claims, texts)
    for claim_id, text in texts.items():
        (folder / f"{claim_id}.yaml").write_text(text, "utf-8")


def seed_files(gen: Generator, claims: list[dict], texts: dict[str, str]) -> None:  # type: ignore[type-arg]
    """Defects that are whole files: bad YAML, a wrong id, a duplicate id, not UTF-8, empty."""
    rng = gen.rng
    for n in range(5):
        name = f"broken-yaml-{n}"
        texts[name] = f"id: {name}\nstatement: [unclosed\n"
        gen.seed("yaml-syntax", f"claims/{name}.yaml")
        original = rng.choice(claims)
        texts[f"renamed-{n}"] = render_claim({**original, "id": f"other-name-{n}"})
        gen.seed("id-mismatch", f"claims/renamed-{n}.yaml", f"other-name-{n}")
        texts[f"zz-duplicate-{n}"] = texts[original["id"]]
        gen.seed("duplicate-id", f"claims/zz-duplicate-{n}.yaml", original["id"])
        gen.seed("id-mismatch", f"claims/zz-duplicate-{n}.yaml", original["id"])
    (gen.out / "claims").mkdir(exist_ok=True)
    plain = [
        {k: v for k, v in link.items() if k not in ("locator", "quote")}
        for link in claims[0]["links"]
    ]
    latin1 = render_claim(
        {**claims[0], "id": "latin1", "links": plain, "statement": "Kārsava: a claim in cp1257."}
    )
    (gen.out / "claims" / "latin1.yaml").write_bytes(latin1.encode("cp1257", errors="replace"))
    texts["empty"] = ""
    gen.seed("load", "claims/latin1.yaml", "UTF-8")
    gen.seed("load", "claims/empty.yaml", "empty")
    (gen.out / "claims" / "notes.txt").write_text("to do\n", "utf-8")
    (gen.out / "bibliography" / "old.bibtex").write_text("@book{x, title = {Old}}\n", "utf-8")
    gen.seed("stray-file", "claims/notes.txt")
    gen.seed("stray-file", "bibliography/old.bibtex")


def write_bibliography(gen: Generator, sources: list[dict[str, str]]) -> None:  # type: ignore[type-arg]
    folder = gen.out / "bibliography"
    folder.mkdir(parents=True)
    files = 10
    chunks = [sources[i::files] for i in range(files)]
    for i, chunk in enumerate(chunks):
        name = f"sources-{i:02d}.bib"
        parts = [entry_text(s) for s in chunk]
        for source in chunk:
            if source.get("x-seeded"):
                # a pair is reported on whichever entry comes later: the file is not known here
                pair = source["x-seeded"] in ("duplicate-work", "isbn-shared")
                gen.seed(source["x-seeded"], "" if pair else f"bibliography/{name}", source["key"])
        # the same key again in this file, or a key of the previous file differing only in case
        twin = gen.rng.choice([s for s in chunks[i - i % 2] if not s.get("x-seeded")])
        key = twin["key"].upper() if i % 2 else twin["key"]
        parts.append(entry_text({**twin, "key": key, "title": gen.title("en")}))
        gen.seed("duplicate-key", f"bibliography/{name}", key)
        text, defects = raw_defects(i)
        parts.append(text)
        for rule, needle in defects:
            gen.seed(rule, f"bibliography/{name}", needle)
        parts.append(f"\n@book{{broken{i}, title = {{unclosed,\n  date = 2000}}\n")
        gen.seed("bibtex-syntax", f"bibliography/{name}", f"broken{i}")
        (folder / name).write_text("\n".join(parts), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    gen = Generator(args.out, args.sources, args.claims, args.seed)
    gen.build_sources()
    gen.seed_sources()
    sources = gen.sources + gen.extra_sources()
    write_bibliography(gen, sources)
    citable = [s for s in sources if s.get("x-seeded") != "unused-source"]
    maker = ClaimMaker(gen, citable)
    write_claims(gen, [maker.claim(i) for i in range(args.claims)])
    (args.out / "claimref.toml").write_text("", "utf-8")
    (args.out / "manifest.json").write_text(json.dumps(gen.manifest, indent=1), "utf-8")
    print(
        f"{args.out}: {len(sources)} sources, {args.claims} claims, "
        f"{len(gen.manifest)} seeded defects"
    )


if __name__ == "__main__":
    main()
