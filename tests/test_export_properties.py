"""Hypothesis: generated sources survive BibTeX, CSL-JSON and RIS, and ASCII escapes decode back."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from claimref.formats import bibtex, cslread, ris
from claimref.formats.bibwrite import format_entry
from claimref.formats.csljson import to_csl
from claimref.formats.fieldsource import build_source
from claimref.formats.latex import decode
from claimref.formats.latexenc import to_ascii
from claimref.model import Location, Name, Source

LATIN = "abcdefghijklmnopqrstuvwxyzāčēģīķļņšūžõöäüéèłøß"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
UPPER = "ABCDEFGHKLMNPRSTVZĀČĒĢĪĶĻŅŠŪŽŁØАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
PUNCT = ",.:;!?'()&%$#_-–—«»{}\\~"


def _word(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=9)


words = st.one_of(_word(LATIN), _word(CYRILLIC), _word(LATIN + PUNCT))
texts = st.lists(words, min_size=1, max_size=7).map(" ".join)
#: Publishers and places: lists (``A and B``), which CSL-JSON writes as ``A; B`` with no escape for
#: a ``;`` of the text itself, so such text is left out here (docs/interchange.md says so).
imprints = st.lists(st.one_of(_word(LATIN), _word(CYRILLIC), _word(LATIN + PUNCT.replace(";", ""))),
                    min_size=1, max_size=7).map(" ".join)  # fmt: skip
surnames = st.builds(lambda a, b: a + b, st.sampled_from(UPPER), _word(LATIN + CYRILLIC))
givens = st.one_of(
    surnames, surnames.map(lambda s: s[0] + "."), st.builds("{} {}".format, surnames, surnames)
)
names = st.builds(lambda f, g, p: Name(family=f, given=g, particle=p), surnames, givens,
                  st.sampled_from(["", "", "van", "de la", "von"]))  # fmt: skip


@st.composite
def sources(draw: st.DrawFn) -> Source:
    """A source as the BibTeX reader would give it (written with format_entry, read back)."""
    entry_type = draw(st.sampled_from(["book", "article", "incollection"]))
    fields = {"title": draw(texts), "date": str(draw(st.integers(1800, 2030))),
              "langid": draw(st.sampled_from(["latvian", "russian", "english"]))}  # fmt: skip
    if entry_type == "book":
        fields |= {"location": draw(imprints), "publisher": draw(imprints)}
    else:
        container = "journaltitle" if entry_type == "article" else "booktitle"
        first = draw(st.integers(1, 500))
        fields |= {container: draw(texts), "pages": f"{first}--{first + draw(st.integers(1, 90))}"}
    people = {"author": tuple(draw(st.lists(names, min_size=1, max_size=3)))}
    key = draw(st.from_regex(r"[a-z][a-z0-9]{2,10}", fullmatch=True))
    made = build_source(key, entry_type, fields, people, Location("generated.bib"))
    read = bibtex.loads(format_entry(made), "generated.bib")
    assert [f for f in read.findings if f.severity == "error"] == []
    return read.sources[0]


def essentials(source: Source) -> dict[str, object]:
    """What every format must carry: creators, title, container, imprint, year, pages, language."""
    return {
        "authors": [str(n) for n in source.names.get("author", ())],
        "title": source.title,
        "container": source.get("journaltitle") or source.get("booktitle"),
        "location": source.get("location"),
        "publisher": source.get("publisher"),
        "year": source.year,
        "pages": source.get("pages"),
        "language": source.language,
    }


@settings(max_examples=150, deadline=None)
@given(sources())
def test_bibtex_round_trip(source: Source) -> None:
    again = bibtex.loads(format_entry(source), "again.bib")
    assert again.findings == ()
    assert dict(again.sources[0].fields) == dict(source.fields)
    assert dict(again.sources[0].names) == dict(source.names)


@settings(max_examples=150, deadline=None)
@given(sources())
def test_csljson_round_trip(source: Source) -> None:
    # TeX dashes as written: the export now writes them as dashes (issue 12), which is not lossless
    text = json.dumps([to_csl(source, tex_dashes=False)], ensure_ascii=False)
    back = cslread.loads(text, "items.json")
    assert back.findings == ()
    assert back.sources[0].key == source.key
    assert essentials(back.sources[0]) == essentials(source)


@settings(max_examples=150, deadline=None)
@given(sources())
def test_ris_round_trip(source: Source) -> None:
    back = ris.loads(ris.dumps([source]), "records.ris")
    assert back.findings == ()
    assert essentials(back.sources[0]) == essentials(source)
    assert ris.dumps(back.sources) == ris.dumps([source])


@given(st.text(LATIN + LATIN.upper() + " .,-", max_size=40))
def test_ascii_escapes_decode_back(text: str) -> None:
    escaped = to_ascii(text)
    assert escaped.isascii()
    assert decode(escaped).text == unicodedata.normalize("NFC", text)
