"""The BibLaTeX → CSL-JSON mapping of issue 12 §2: biblatex's inheritance (``crossref`` with its
default rules, ``xdata``; ``xref`` inherits nothing), ``@xdata`` entries left out, ISO date-times,
``\\url{…}`` in ``howpublished``/``note``, ``editora``/``editorb`` roles, ``origdate``, ``maintitle``.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimref.formats import bibtex
from claimref.formats.bibtex import parse_name
from claimref.formats.csljson import csl_name, to_csl_items
from tests.conftest import WorkspaceFactory, run


def _items(text: str) -> dict[str, dict[str, Any]]:
    parsed = bibtex.loads(text, "t.bib")
    return {str(item["id"]): item for item in to_csl_items(parsed.sources)}


def test_inbook_inherits_book_title_and_author_by_biblatex_rules() -> None:
    items = _items("""
        @book{parent, author = {Kant, Immanuel}, title = {Kritik}, subtitle = {der reinen Vernunft},
              shorttitle = {KrV}, publisher = {Meiner}, date = {1998}, sortkey = {x}}
        @inbook{child, title = {Vorrede}, crossref = {parent}, pages = {5--20}}
    """)
    child = items["child"]
    assert child["container-title"] == "Kritik: der reinen Vernunft"
    assert child["author"] == [{"family": "Kant", "given": "Immanuel"}]
    assert child["container-author"] == [{"family": "Kant", "given": "Immanuel"}]
    assert child["title"] == "Vorrede" and child["publisher"] == "Meiner"
    assert "title-short" not in child  # shorttitle is not inherited by an @inbook


def test_mvbook_title_becomes_the_main_title_and_periodical_the_journal() -> None:
    items = _items("""
        @mvbook{works, title = {Werke}, editor = {Colli, Giorgio}, date = {1980}}
        @book{volume, title = {Die Geburt der Tragödie}, volume = {1}, crossref = {works}}
        @periodical{journal, title = {Ajalooline Ajakiri}, titleaddon = {Erinumber}, date = {2000}}
        @article{paper, author = {Tamm, Mari}, title = {Artikkel}, crossref = {journal}}
    """)
    assert items["volume"]["title"] == "Werke"  # maintitle: the work, its volume's title apart
    assert items["volume"]["volume-title"] == "Die Geburt der Tragödie"
    assert items["volume"]["editor"] == [{"family": "Colli", "given": "Giorgio"}]
    assert items["paper"]["container-title"] == "Ajalooline Ajakiri. Erinumber"


def test_xdata_is_inherited_and_never_a_work_and_xref_inherits_nothing() -> None:
    items = _items("""
        @xdata{hup, publisher = {Harvard University Press}, location = {Cambridge, Mass.}}
        @book{a, author = {Doe, Jane}, title = {A}, date = {2001}, xdata = {hup}}
        @book{b, author = {Roe, Rich}, title = {B}, date = {2002}, xref = {a}}
    """)
    assert set(items) == {"a", "b"}
    assert items["a"]["publisher"] == "Harvard University Press"
    assert items["a"]["publisher-place"] == "Cambridge, Mass."
    assert "publisher" not in items["b"]


def test_inheritance_chains_and_loops() -> None:
    items = _items("""
        @mvbook{m, title = {Main}, publisher = {P}}
        @book{v, title = {Vol}, crossref = {m}}
        @inbook{c, title = {Chap}, crossref = {v}}
        @book{x, title = {X}, crossref = {y}}
        @book{y, title = {Y}, crossref = {x}}
    """)
    assert items["c"]["publisher"] == "P" and items["c"]["container-title"] == "Vol"
    assert items["x"]["title"] == "X" and items["y"]["title"] == "Y"


@pytest.mark.parametrize(
    ("value", "parts"),
    [("2016-06-06T15:26:37+1000", [[2016, 6, 6]]), ("2022-10-31T04:26:46Z", [[2022, 10, 31]]),
     ("2017-10-28T04:44", [[2017, 10, 28]]),
     ("2001-02-03T10:00/2001-02-04", [[2001, 2, 3], [2001, 2, 4]])],
)  # fmt: skip
def test_iso_date_times_are_dates(value: str, parts: list[list[int]]) -> None:
    item = _items(f"@online{{a, title = {{T}}, date = {{{value}}}, urldate = {{{value}}}}}")["a"]
    assert item["issued"] == {"date-parts": parts} and item["accessed"] == {"date-parts": parts}


def test_url_in_howpublished_and_note() -> None:
    items = _items(r"""
        @misc{a, title = {A}, howpublished = {\url{https://example.org/a}}}
        @misc{b, title = {B}, note = {Online at \url{https://example.org/b}}}
    """)
    assert items["a"]["URL"] == "https://example.org/a" and "publisher" not in items["a"]
    assert items["b"]["URL"] == "https://example.org/b" and items["b"]["note"] == "Online at"


def test_editor_roles_are_not_merged() -> None:
    item = _items("""
        @book{a, title = {T}, editor = {Jaffé, Philipp}, editora = {Loewenfeld, Samuel},
              editoratype = {redactor}, editorb = {Ewald, Paul}, editorbtype = {collaborator}}
    """)["a"]
    assert item["editor"] == [{"family": "Jaffé", "given": "Philipp"}]
    assert item["editorial-director"] == [{"family": "Loewenfeld", "given": "Samuel"}]
    assert item["contributor"] == [{"family": "Ewald", "given": "Paul"}]


def test_origdate_is_the_original_date() -> None:
    item = _items("@book{a, title = {T}, date = {1990}, origdate = {1867}}")["a"]
    assert item["original-date"] == {"date-parts": [[1867]]}


def test_keys_differing_in_case_stay_apart() -> None:
    items = _items("""
        @book{Doe2001, title = {Upper}, crossref = {p}}
        @book{doe2001, title = {Lower}, crossref = {p}}
        @mvbook{p, title = {Main}, publisher = {P}}
    """)
    assert (
        items["Doe2001"]["volume-title"] == "Upper" and items["doe2001"]["volume-title"] == "Lower"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "family=Heuvel, given=Charles, prefix=van den, useprefix=false",
            {"family": "Heuvel", "given": "Charles", "dropping-particle": "van den"},
        ),
        (
            "family=Oord, given=Aaron, prefix=van den, useprefix=true",
            {"family": "Oord", "given": "Aaron", "non-dropping-particle": "van den"},
        ),
        (
            "family=Boronat, given=Philippe, given-i={{Ph}}",
            {"family": "Boronat", "given": "Philippe"},
        ),
        (
            "family={Lozovik}, given=Yu. E., suffix=Jr.",
            {"family": "Lozovik", "given": "Yu. E.", "suffix": "Jr."},
        ),
        (
            "van den Heuvel, Charles",
            {"family": "Heuvel", "given": "Charles", "non-dropping-particle": "van den"},
        ),
    ],
    ids=["useprefix-false", "useprefix-true", "initials-key", "braced-suffix", "classic-von"],
)
def test_extended_name_format(raw: str, expected: dict[str, str]) -> None:
    """biblatex's extended name format (Better BibLaTeX writes it): read as biber reads it, the
    prefix a dropping particle unless useprefix=true."""
    assert csl_name(parse_name(raw)) == expected


def test_maintitle_with_mainsubtitle_and_volume() -> None:
    """A volume of a multi-volume work on its own: the work's title is CSL's title, the volume's
    its volume-title, and the volume number stays."""
    item = _items("""
        @book{m, author = {Roe, Rich}, maintitle = {Collected Works}, mainsubtitle = {Critical
              Edition}, volume = {2}, title = {Letters}, date = {1990}}
    """)["m"]
    assert (item["title"], item["volume-title"], item["volume"]) == (
        "Collected Works: Critical Edition",
        "Letters",
        "2",
    )


@pytest.mark.parametrize(
    ("kind", "variable"),
    [("redactor", "editorial-director"), ("collaborator", "contributor"),
     ("compiler", "compiler"), ("translator", "translator"), ("director", "director"),
     ("editor", "editor")],
    ids=["redactor", "collaborator", "compiler", "translator", "director", "editor"],
)  # fmt: skip
def test_editora_roles_by_editoratype(kind: str, variable: str) -> None:
    item = _items(f"""
        @book{{a, title = {{T}}, editor = {{Jaffé, Philipp}}, editora = {{Ewald, Paul}},
               editoratype = {{{kind}}}}}
    """)["a"]
    ewald = {"family": "Ewald", "given": "Paul"}
    assert ewald in item[variable]
    assert kind == "editor" or item["editor"] == [{"family": "Jaffé", "given": "Philipp"}]


@pytest.mark.parametrize("command", [("refs", "--all", "--style", "apa"), ("export", "csljson")],
                         ids=["refs", "export-csljson"])  # fmt: skip
def test_xdata_is_never_a_work_and_dashes_are_rendered(
    make_workspace: WorkspaceFactory, command: tuple[str, ...]
) -> None:
    """What the commands print: no @xdata entry, TeX's -- as an en dash (issue 12 §2)."""
    root = make_workspace(
        bib="""
        @xdata{hup, publisher = {Harvard University Press}, title = {Data Only}}
        @book{a, author = {Doe, Jane}, title = {Latvia 1941--1945}, date = {2001}, xdata = {hup}}
    """,
        claims={},
    )
    code, out, err = run(root, *command)
    assert code == 0, err
    assert "Latvia 1941–1945" in out and "Harvard University Press" in out
    assert "hup" not in out.replace("Harvard", "") and "Data Only" not in out and "--" not in out
