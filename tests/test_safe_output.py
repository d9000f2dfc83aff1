"""Hostile text in sources and claims shows as written in every output, and adds no markup.

Wikitext is parsed back with mwparserfromhell (as MediaWiki would read it): every template
parameter, once MediaWiki's own escaping (entities, ``<nowiki>``) is undone, equals the field, and
no tag, link, template or comment appears that claimref did not write. Markdown (claim documents
and CSL reference lists alike), HTML and reStructuredText are checked for raw tags and link syntax.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mwparserfromhell import nodes
from mwparserfromhell.wikicode import Wikicode

from claimref.formats import claimdoc, markdown, wikitext
from claimref.formats.fieldsource import build_source
from claimref.model import (
    Claim,
    Link,
    Location,
    Locator,
    Name,
    Quote,
    Reliability,
    Source,
    Stance,
    Status,
)
from claimref.render import output, render_bibliography
from tests.conftest import WorkspaceFactory, run

#: Pieces of wikitext, Markdown and HTML markup that data must not be able to write.
HOSTILE = [
    "|", "{{!}}", "{{", "}}", "{{{1}}}", "[[", "]]", "[[Category:Hoaxes]]", "</ref>", "<ref>",
    "<!--", "-->", "<nowiki>", "</nowiki>", "~~~~", "''", "'''", "__NOTOC__", "&amp;", "&#124;",
    "&lt;", "=", "==", "*", "#", ":", ";", "----", "{|", "|}", "-{", "}-", "<b>", "<span>",
    "[http://evil.example click]", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
    "`", "_", "~", "<", ">", "[", "]", "{", "}", "'", "&", "\\", "\n", "\t", "  ", "a", "Ā", "б",
    '<span class="nocase">', "</span>", "javascript:alert(1)",
]  # fmt: skip
hostile = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=12).map("".join)
#: Cite keys: whatever a key can hold (no whitespace, no comma or braces in BibTeX).
keys = st.lists(st.sampled_from(["a", "b", '"', "<", ">", "&", "/", "'", "=", "|"]),
                min_size=1, max_size=6).map(lambda parts: "k" + "".join(parts))  # fmt: skip
HERE = Location("hostile.bib")


def one_line(text: str) -> str:
    return " ".join(text.split())


def make_source(key: str, title: str, other: str, entry_type: str = "book") -> Source:
    fields = {"title": title, "publisher": other, "location": other, "note": other,
              "isbn": other, "doi": other, "date": "2001", "journaltitle": other}  # fmt: skip
    people = {"author": (Name(family=other, given=title), Name(literal=other))}
    return build_source(key, entry_type, fields, people, HERE)


def make_claim(statement: str, note: str, key: str, text: str) -> Claim:
    first = Link(key, Stance.SUPPORTS, HERE, Locator("page", text), Quote(text, "en", text))
    again = Link(key, Stance.MENTIONS, HERE, Locator("section", text + "x"), Quote(text + "y"))
    missing = Link(key + "-gone", Stance.MENTIONS, HERE)
    reliability = Reliability(Status.DISPUTED, note)
    return Claim("hostile", statement, reliability, HERE, (first, again, missing))


# Wikitext


def shown(code: Wikicode) -> str:
    """The text MediaWiki shows for ``code``, which may hold only text, entities, ``<nowiki>``
    and bare URLs (shown as written); anything else fails the test."""
    parts = []
    for node in code.nodes:
        if isinstance(node, nodes.Text):
            parts.append(node.value)
        elif isinstance(node, nodes.HTMLEntity):
            parts.append(node.normalize())
        elif isinstance(node, nodes.Tag) and str(node.tag) == "nowiki":
            parts.append(str(node.contents))
        elif isinstance(node, nodes.ExternalLink) and not node.brackets:
            parts.append(html.unescape(str(node)))  # a bare URL, shown as written
        else:
            raise AssertionError(f"markup from data: {type(node).__name__} {str(node)!r}")
    return "".join(parts)


def parse(text: str) -> Wikicode:
    assert "~~~" not in text, "a signature would be expanded on saving"
    assert not re.search(r"__[A-Z]+__", text), "a behaviour switch"
    return mwparserfromhell.parse(text)


def params(template: nodes.Template) -> list[tuple[str, str]]:
    return [(str(p.name).strip(), shown(p.value).strip()) for p in template.params]


def expected_cite(source: Source, extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    pairs = wikitext.citation_params(source)
    if any(name in ("page", "pages", "at") for name, _ in extra):
        pairs = [(n, v) for n, v in pairs if n != "pages"]
    return [(n, one_line(v)) for n, v in [*pairs, *extra] if n != "url" and one_line(v)]


def check_claims_wikitext(claim: Claim, source: Source) -> None:
    """The wikitext of ``claim`` holds exactly claimref's markup, and data as written."""
    text = wikitext.claims([claim], {source.key: source})
    # MediaWiki finds <ref>…</ref> and comments before templates (mwparserfromhell does not):
    assert len(re.findall(r"</ref", text, re.IGNORECASE)) == 2, "two refs have a body"
    assert text.count("<!--") == 1
    code = parse(text)
    top = code.nodes
    assert isinstance(top[0], nodes.Comment)
    refs = code.filter_tags(recursive=False)
    assert [str(tag.tag) for tag in refs] == ["ref"] * 3
    statement = Wikicode(top[1 : top.index(refs[0])])
    assert shown(statement).strip() == one_line(claim.statement)
    names = [html.unescape(str(tag.get("name").value)) for tag in refs]
    assert names == [source.key, source.key, source.key + "-gone"]
    cite = refs[0].contents.filter_templates(recursive=False)
    assert len(cite) == 1 and str(cite[0].name).strip() == "cite book"
    extra = wikitext.link_params(claim.links[0])
    assert [(n, v) for n, v in params(cite[0]) if n != "url"] == expected_cite(source, extra)
    assert shown(refs[2].contents).strip() == one_line(claim.links[2].source)
    templates = code.filter_templates(recursive=False)
    assert [str(t.name).strip() for t in templates] == ["rp", "Disputed inline", "reflist"]
    again = claim.links[1]
    assert again.quote
    rp = [(k, v) for k, v in wikitext.link_params(again) if k in ("page", "pages", "at")]
    rp.append(("quote", again.quote.text))
    assert params(templates[0]) == [(k, one_line(v)) for k, v in rp if one_line(v)]
    assert params(templates[1]) == [("reason", one_line(claim.reliability.note))]
    assert len(code.filter_headings()) == 1
    assert len(code.filter_comments()) == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement=hostile, note=hostile, key=keys, title=hostile, other=hostile, text=hostile)
def test_hostile_text_stays_text_in_wikitext(
    statement: str, note: str, key: str, title: str, other: str, text: str
) -> None:
    source = make_source(key, title, other)
    check_claims_wikitext(make_claim(statement, note, key, text), source)


WIKITEXT_CASES = [
    pytest.param("A | B", id="pipe"),
    pytest.param("Before </ref> after", id="closing-ref"),
    pytest.param("Start <!-- hidden", id="comment"),
    pytest.param("X [[Category:Hoaxes]] Y", id="category"),
    pytest.param("X {{delete}} }} {{ Y", id="template-braces"),
    pytest.param("Signed ~~~~", id="signature"),
    pytest.param("''italic'' and '''bold'''", id="quotes"),
    pytest.param("<nowiki>[[x]]</nowiki>", id="nowiki"),
    pytest.param("__NOTOC__ __NOINDEX__", id="behaviour-switch"),
    pytest.param("Literal {{!}}", id="literal-pipe-template"),
    pytest.param("&amp; &#124; &lt;", id="entities"),
    pytest.param("[http://evil.example click here]", id="external-link"),
    pytest.param("* listed\n# numbered\n== heading ==", id="line-starts"),
]


@pytest.mark.parametrize("text", WIKITEXT_CASES)
def test_wikitext_named_cases(text: str) -> None:
    source = make_source("k", text, text)
    check_claims_wikitext(make_claim(text, text, "k", text), source)
    cite = parse(wikitext.cite(source)).filter_templates(recursive=False)
    assert len(cite) == 1
    assert params(cite[0]) == expected_cite(source, [])


@pytest.mark.parametrize(
    "statement",
    ["* a list item", "# numbered", ": indented", "; term", "== heading ==", "---- rule"],
)
def test_a_statement_opens_no_block(statement: str) -> None:
    source = make_source("k", "Title", "Other")
    check_claims_wikitext(make_claim(statement, "why", "k", "1"), source)


def test_url_is_percent_encoded_and_keeps_its_meaning() -> None:
    url = "https://example.org/a b|c[d]{e}<f>'g\"h~~~~i__NOTOC__j&lt;k"
    source = build_source("k", "online", {"title": "T", "url": url}, {}, HERE)
    cite = parse(wikitext.cite(source)).filter_templates()[0]
    value = cite.get("url").value
    assert len(value.filter_external_links()) <= 1
    written = "".join(html.unescape(str(n)) for n in value.nodes).strip()
    assert unquote(written) == url


def test_ref_names_are_attribute_values() -> None:
    key = 'a"/><script>'
    source = make_source(key, "T", "O")
    text = wikitext.claims([make_claim("S", "N", key, "1")], {key: source})
    assert "<script>" not in text
    check_claims_wikitext(make_claim("S", "N", key, "1"), source)


# Markdown


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def raw(text: str) -> str:
    """``text`` with each backslash-escaped character blanked out: what Markdown may read as
    markup."""
    return re.sub(r"\\.", "\0", text)


def assert_safe_markdown(text: str) -> None:
    """No raw tag, no link or image syntax, no unescaped emphasis or code from data."""
    markup = raw(text)
    assert not re.search(r"<|\[(?!\^\d+\])|[`_|]", markup), text


@settings(max_examples=200, deadline=None)
@given(text=hostile)
def test_markdown_escape_shows_text_as_written(text: str) -> None:
    escaped = markdown.escape(text)
    assert "\n" not in escaped
    assert unescaped(escaped) == re.sub(r"\s*\n\s*", " ", text)
    assert_safe_markdown(escaped)
    assert not re.search(r"[*#~>\]\\]|&(?=#?\w+;)", raw(escaped))


@settings(max_examples=100, deadline=None)
@given(statement=hostile, note=hostile, title=hostile, other=hostile, text=hostile)
def test_claims_markdown_has_no_markup_from_data(
    statement: str, note: str, title: str, other: str, text: str
) -> None:
    source = make_source("k", title, other)
    out = claimdoc.markdown([make_claim(statement, note, "k", text)], {"k": source})
    body = out.replace("**hostile**: ", "").replace(" *(disputed", "").replace(")*", "")
    assert_safe_markdown(body)
    assert markdown.escape(statement.strip()) in out
    assert markdown.escape(note.strip()) in out


MARKDOWN_TITLES = [
    pytest.param('<img src=x onerror="alert(1)">', id="img-onerror"),
    pytest.param("[click](javascript:alert(1))", id="javascript-link"),
    pytest.param("![x](http://evil.example/t.png)", id="image"),
    pytest.param("*stars* _under_ `code` [br]", id="emphasis"),
    pytest.param("<https://evil.example>", id="autolink"),
    pytest.param("&lt;script&gt;", id="entities"),
    pytest.param('<span class="nocase">open', id="lone-nocase-marker"),
]


@pytest.mark.parametrize("title", MARKDOWN_TITLES)
def test_markdown_escapes_hostile_titles_everywhere(
    title: str, make_workspace: WorkspaceFactory
) -> None:
    bib = f"@book{{evil, author = {{Doe, Jane}}, title = {{{title}}}, date = {{2001}}}}\n"
    claim = f"id: c\nstatement: '{title}'\nreliability: {{status: disputed, note: '{title}'}}\n"
    claim += f"links: [{{source: evil, stance: mentions, quote: {{text: '{title}'}}}}]\n"
    root = make_workspace(bib=bib, claims={"c": claim})
    outputs = [
        run(root, "export", "claims", "--format", "markdown")[1],
        run(root, "export", "claims", "--format", "markdown", "--style", "apa")[1],
        run(root, "refs", "--format", "markdown")[1],
    ]
    for out in outputs:
        assert_safe_markdown(out)
    assert markdown.escape(title) in outputs[0]


def test_render_and_claim_documents_escape_markdown_alike() -> None:
    title = "T <b> [x](y) *z* _w_ `v` | #u ~t &amp;"
    source = make_source("k", title, "O")
    plain = claimdoc.plain_reference_list([source])[0]
    styled = render_bibliography([source], style="apa", fmt="markdown")[0]
    assert markdown.escape(title) in plain
    assert markdown.escape(title) in styled


# HTML and reStructuredText


@pytest.mark.parametrize(
    "title",
    [
        pytest.param('<span class="nocase">open', id="lone-opening-marker"),
        pytest.param("closing</span> <script>alert(1)</script>", id="lone-closing-marker"),
        pytest.param('<span class="nocase"><span class="nocase">x</span>', id="nested-marker"),
    ],
)
def test_html_has_no_tag_from_data(title: str) -> None:
    source = make_source("k", title, "O")
    entry = render_bibliography([source], style="apa", fmt="html")[0]
    tags = re.findall(r"<(/?[a-z]+)", entry)
    assert set(tags) <= {"i", "/i", "b", "/b", "span", "/span"}
    assert tags.count("span") == tags.count("/span")
    assert "<script" not in entry and "</span> &lt;script" not in entry


def test_html_makes_no_links() -> None:
    source = build_source("k", "online", {"title": "T", "url": "javascript:alert(1)",
                                          "date": "2001"}, {}, HERE)  # fmt: skip
    entry = render_bibliography([source], style="apa", fmt="html")[0]
    assert "href" not in entry and "<a" not in entry


@pytest.mark.parametrize(
    ("title", "written"),
    [
        pytest.param("See javascript:alert(1) now", r"javascript\:alert(1)", id="javascript"),
        pytest.param("data:text/html,x", r"data\:text/html,x", id="data-uri"),
        pytest.param("Kept https://example.org here", "https://example.org", id="https-kept"),
        pytest.param("Title: subtitle", "Title: subtitle", id="plain-colon"),
    ],
)
def test_rst_makes_no_links_but_http(title: str, written: str) -> None:
    source = make_source("k", title, "O")
    entry = render_bibliography([source], style="apa", fmt="rst")[0]
    assert written in entry


def test_rst_data_opens_no_directive() -> None:
    assert output.escape("a\n\n.. raw:: html\n\n   <b>x</b>", "rst") == r"a .. raw\:: html <b>x</b>"


def test_square_brackets_in_a_title_are_written_as_cs1_asks() -> None:
    source = make_source("k", "Notes [of a partisan]", "O")
    assert "|title=Notes &#91;of a partisan&#93;" in wikitext.cite(source)
