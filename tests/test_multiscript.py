"""Works in several languages and scripts (issue 6, rendering): ``--script``/``--translit``,
translated titles in APA/Chicago/MLA, GOST R 7.0.5-2008 in each work's own language, and the new
fields through BibTeX, CSL-JSON and wikitext export.

The goldens (tests/data/multiscript/<style>.<script>.txt, rules in the README there) are made with::

    from claimref.formats import bibtex; from claimref.render import render
    done = render(bibtex.loads(text, "dataset.bib").sources, style=STYLE, script=SCRIPT)
    "\\n".join(done.entries[k] for k in done.order) + "\\n"
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimref import exporting
from claimref.cli import cli
from claimref.errors import ClaimrefError
from claimref.formats import bibtex, cslread, wikitext
from claimref.formats.csljson import to_csl
from claimref.model import Source
from claimref.render import Cite, render, render_bibliography
from claimref.render.multiscript import CLOSE, OPEN, finish, translates
from claimref.store import load_workspace
from claimref.translit import has_cyrillic
from tests.conftest import WorkspaceFactory

DATA = Path(__file__).parent / "data" / "multiscript"
DATASET = (DATA / "dataset.bib").read_text("utf-8")
STYLES = ("apa", "chicago-author-date", "modern-language-association", "gost-r-7-0-5-2008")
GOLDENS = [pytest.param(style, script, id=f"{style}-{script}")
           for style in STYLES for script in ("original", "latin")]  # fmt: skip

RASHKEVITS = """
@book{rashkevits1963,
  author = {Рашкевиц, А. К.},
  title = {Записки партизана},
  transtitle = {Notes of a partisan},
  location = {Рига},
  publisher = {Латгосиздат},
  date = {1963},
  langid = {russian},
  x-translit-ala-lc-title = {Zapiski partizana (as the title page romanises it)},
}
"""
ARTICLE = """
@article{dzintars1965,
  author = {Дзинтарс, Я.},
  title = {Период подпольной борьбы},
  transtitle = {The period of the underground struggle},
  journaltitle = {Известия Академии наук Латвийской ССР},
  transjournaltitle = {Proceedings of the Academy of Sciences of the Latvian SSR},
  number = {5},
  date = {1965},
  langid = {russian},
}
"""


def sources(text: str) -> list[Source]:
    parsed = bibtex.loads(text, "test.bib")
    assert not [f for f in parsed.findings if f.severity == "error"]
    return list(parsed.sources)


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "--no-cache", *args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout


@pytest.fixture
def dataset(make_workspace: WorkspaceFactory) -> Path:
    return make_workspace(bib=DATASET, claims={})


@pytest.mark.parametrize(("style", "script"), GOLDENS)
def test_golden_reference_lists(style: str, script: str) -> None:
    done = render(sources(DATASET), style=style, script=script)
    text = "\n".join(done.entries[key] for key in done.order) + "\n"
    assert text == (DATA / f"{style}.{script}.txt").read_text("utf-8")


def test_goldens_cover_every_work_and_latin_has_no_cyrillic() -> None:
    for path in DATA.glob("*.txt"):
        lines = path.read_text("utf-8").splitlines()
        assert len(lines) == len(sources(DATASET)) == 17, path.name
        if ".latin." in path.name:
            assert not any(has_cyrillic(line) for line in lines), path.name


def test_apa_latin_gives_every_russian_work_its_translation(dataset: Path) -> None:
    """The issue's done-criterion: "Transliterated title [English title]" under ALA-LC."""
    code, out = run(dataset, "refs", "--all", "--style", "apa", "--script", "latin")
    assert code == 0 and not has_cyrillic(out)
    russian = [s for s in sources(DATASET) if s.language == "ru"]
    assert len(russian) == 13
    for source in russian:
        translation = source.get("transtitle").replace('"', "“", 1).replace('"', "”", 1)
        translation = translation.replace("'", "’")  # typographic quotes, as rendered
        assert re.search(rf"\S \[{re.escape(translation)}\]", out), source.key
    assert (
        "Rashkevit͡s, A. K. (1963). Zapiski partizana [Notes of a partisan]. Latgosizdat.\n" in out
    )
    assert "Krastynʹ, I͡a. P. (1946)." in out  # ALA-LC initials are not cut to "I."


def test_gost_cyrillic_first_each_work_in_its_own_language(dataset: Path) -> None:
    code, out = run(dataset, "refs", "--all", "--style", "gost-r-7-0-5-2008")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 17
    scripts = [has_cyrillic(line.split(". ", 1)[1][:3]) for line in lines]
    assert scripts == sorted(scripts, reverse=True)  # every Cyrillic entry before every Latin one
    assert [int(line.split(".")[0]) for line in lines] == list(range(1, 18))
    falkov = next(line for line in lines if "Falkov" in line)
    assert "/ ed. by C. Murray." in falkov and falkov.endswith("P. 96–119.")
    krastyn = next(line for line in lines if "Крастынь" in line)
    assert "/ под ред. П. И. Кушнер." in krastyn and "196 с." in krastyn
    assert not re.search(r": ,|\bC\. \d", out)  # the official style's stray comma, Latin "C."
    assert "Рига, 1958" not in out and "Rīga, 1958." in out  # no publisher: no stray comma


def test_gost_latvian_works_get_latvian_terms() -> None:
    text = """@incollection{z, author = {Zunda, Antonijs}, title = {Raksts}, editor = {Bērziņš, Jānis},
      booktitle = {Krājums}, location = {Rīga}, publisher = {Zinātne}, date = {2001},
      pages = {10--20}, langid = {latvian}}"""
    entry = render_bibliography(sources(text), style="gost-r-7-0-5-2008")[0]
    assert (
        entry == "1. Zunda A. Raksts // Krājums / red. J. Bērziņš. Rīga: Zinātne, 2001. Lpp. 10–20."
    )


@pytest.mark.parametrize(("fmt", "expected"), [
    ("text", "Zapiski partizana [Notes of a partisan]. Latgosizdat."),
    ("html", "<i>Zapiski partizana</i> [Notes of a partisan]. Latgosizdat."),
    ("markdown", "*Zapiski partizana* [Notes of a partisan]. Latgosizdat."),
])  # fmt: skip
def test_translation_is_outside_the_italics(fmt: str, expected: str) -> None:
    plain = RASHKEVITS.replace("  x-translit-ala-lc-title", "  x-other")
    entry = render_bibliography(sources(plain), style="apa", fmt=fmt, script="latin")
    assert entry[0].endswith(expected)


def test_article_translations_follow_the_quotes() -> None:
    entry = render_bibliography(sources(ARTICLE), style="chicago-author-date", script="latin")
    assert entry[0] == (
        "Dzintars, I͡a. 1965. “Period podpolʹnoĭ borʹby” [The period of the underground struggle]. "
        "Izvestii͡a Akademii nauk Latviĭskoĭ SSR [Proceedings of the Academy of Sciences of the "
        "Latvian SSR], no. 5.")  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [
    (f"“Title{OPEN}Tr{CLOSE}.” Next", "“Title” [Tr]. Next"),
    (f"<i>Title{OPEN}Tr{CLOSE}</i>. Next", "<i>Title</i> [Tr]. Next"),
    (f"Title{OPEN}Tr{CLOSE} (Vol. 1)", "Title [Tr] (Vol. 1)"),
    ("no marker", "no marker"),
])  # fmt: skip
def test_finish_places_the_brackets(text: str, expected: str) -> None:
    assert finish(text) == expected


def test_override_is_used_only_for_its_scheme() -> None:
    works = sources(RASHKEVITS)
    ala = render_bibliography(works, style="apa", script="latin")[0]
    iso = render_bibliography(works, style="apa", script="latin", translit="iso9")[0]
    assert "Zapiski partizana (as the title page romanises it) [Notes of a partisan]" in ala
    assert "Zapiski partizana [Notes of a partisan]" in iso and "Raškevic, A. K." in iso


@pytest.mark.parametrize(("style", "translated"), [
    ("apa", True), ("chicago-notes-bibliography", True), ("modern-language-association", True),
    ("ieee", False), ("gost-r-7-0-5-2008", False), ("harvard-cite-them-right", False),
])  # fmt: skip
def test_style_families_with_translated_titles(style: str, translated: bool) -> None:
    assert translates(style) is translated
    entry = render_bibliography(sources(RASHKEVITS), style=style)[0]
    assert ("[Notes of a partisan]" in entry) is translated


def test_cache_keeps_scripts_and_schemes_apart(tmp_path: Path) -> None:
    works = sources(RASHKEVITS)
    seen = []
    for _ in range(2):
        for script, scheme in (("original", "ala-lc"), ("latin", "ala-lc"), ("latin", "iso9")):
            done = render(works, style="apa", cache_dir=tmp_path, script=script, translit=scheme)
            seen.append(done.entries["rashkevits1963"])
    assert seen[:3] == seen[3:] and len(set(seen[:3])) == 3


def test_unknown_script_or_scheme(dataset: Path) -> None:
    assert run(dataset, "refs", "--all", "--script", "cyrillic")[0] == 2
    assert run(dataset, "refs", "--all", "--script", "latin", "--translit", "loc")[0] == 2
    with pytest.raises(ClaimrefError, match="unknown transliteration scheme"):
        render(sources(RASHKEVITS), script="latin", translit="loc")


def test_cite_takes_the_script(dataset: Path) -> None:
    code, out = run(dataset, "cite", "rashkevits1963@45", "--style", "apa", "--script", "latin")
    assert code == 0 and out.startswith("(Rashkevit͡s, 1963, p. 45)")


def test_new_fields_survive_bibtex_export_and_import(make_workspace: WorkspaceFactory) -> None:
    ws = load_workspace(make_workspace(bib=RASHKEVITS + ARTICLE, claims={}))
    for keep in (False, True):
        again = {s.key: s for s in sources(exporting.export_bibtex(ws, ws.sources.values(),
                                                                   keep_private=keep))}  # fmt: skip
        assert again["rashkevits1963"].get("transtitle") == "Notes of a partisan"
        assert again["dzintars1965"].get("transjournaltitle").startswith("Proceedings of")
        override = again["rashkevits1963"].get("x-translit-ala-lc-title")
        assert bool(override) is keep


def test_csljson_and_wikitext_carry_the_translations() -> None:
    book, article = sources(RASHKEVITS + ARTICLE)
    assert to_csl(book)["custom"] == {"trans-title": "Notes of a partisan"}
    assert json.loads(json.dumps(to_csl(article)))["custom"]["trans-container-title"].startswith(
        "Proceedings"
    )
    assert "|trans-title=Notes of a partisan" in wikitext.cite(book)
    assert "|trans-journal=Proceedings of the Academy" in wikitext.cite(article)
    assert "x-translit" not in json.dumps(to_csl(book))


def test_translations_survive_csljson_export_and_import() -> None:
    book, article = sources(RASHKEVITS + ARTICLE)
    text = json.dumps([to_csl(book), to_csl(article)], ensure_ascii=False)
    back = {s.key: s for s in cslread.loads(text, "refs.json").sources}
    assert back["rashkevits1963"].get("transtitle") == "Notes of a partisan"
    assert back["dzintars1965"].get("transjournaltitle") == article.get("transjournaltitle")


FOUR_AUTHORS = """
@book{a, author = {Smith, John and Brown, Ann and Green, Tom and White, Bob}, title = {Four},
  location = {London}, publisher = {X}, date = {2000}, langid = {english}}
@book{b, author = {Иванов, И. and Петров, П. and Сидоров, С. and Козлов, К.}, title = {Четыре},
  location = {Москва}, date = {2001}, langid = {russian}}
@book{c, author = {Bērziņš, Jānis and Kalniņš, Pēteris and Ozols, Anna and Liepa, Ilze},
  title = {Četri}, location = {Rīga}, date = {2002}, langid = {latvian}}
"""


def test_gost_et_al_in_each_works_language() -> None:
    assert render_bibliography(sources(FOUR_AUTHORS), style="gost-r-7-0-5-2008") == [
        "1. Иванов И. и др. Четыре. Москва, 2001.",
        "2. Bērziņš J. u.c. Četri. Rīga, 2002.",
        "3. Smith J. et al. Four. London: X, 2000.",
    ]


def test_show_takes_the_script(make_workspace: WorkspaceFactory) -> None:
    claim = """id: c
statement: A claim.
reliability:
  status: unverified
links:
  - source: rashkevits1963
    stance: mentions
"""
    root = make_workspace(bib=DATASET, claims={"c": claim})
    code, out = run(root, "show", "c", "--style", "apa", "--script", "latin")
    assert code == 0, out
    assert "Rashkevit͡s, A. K. (1963). Zapiski partizana [Notes of a partisan]. Latgosizdat." in out


@pytest.mark.parametrize(("style", "expected"), [
    ("apa", "(Zapiski partizana, 1963)"),
    ("chicago-notes-bibliography", "Zapiski partizana [Notes of a partisan] (Latgosizdat, 1963)."),
])  # fmt: skip
def test_translations_in_notes_but_not_in_text_citations(style: str, expected: str) -> None:
    anonymous = RASHKEVITS.replace("  author = {Рашкевиц, А. К.},\n", "").replace(
        "x-translit", "x-o"
    )
    done = render(sources(anonymous), [[Cite("rashkevits1963")]], style=style, script="latin")
    assert done.citations == [expected]


def test_gost_year_suffixes_agree_across_languages() -> None:
    text = """@book{lv, author = {Strods, Heinrihs}, title = {A}, location = {Rīga}, date = {2006},
      langid = {latvian}}
    @book{en, author = {Strods, Heinrihs}, title = {B}, location = {Riga}, date = {2006},
      langid = {english}}"""
    done = render(sources(text), [[Cite("lv")], [Cite("en")]], style="gost-r-7-0-5-2008")
    assert done.citations == ["[Strods, 2006a]", "[Strods, 2006b]"]
    assert "2006a" in done.entries["lv"] and "2006b" in done.entries["en"]
