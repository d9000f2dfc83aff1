"""``claimref source add --isbn/--doi``: lookups against a local HTTP server serving recorded responses.

A server on 127.0.0.1 (``http.server`` in a thread) plays Open Library under ``/ol`` and Crossref
under ``/cr`` from the files in tests/data/lookup/ (see its README: test data in the services'
documented formats), and makes the failures itself: 404, 500, a slow answer, malformed JSON. The
base URLs reach claimref through $CLAIMREF_OPENLIBRARY_URL and $CLAIMREF_CROSSREF_URL; every other
test gets a closed local port there, so no test can reach the network.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner

from claimref import __version__
from claimref.cli import cli
from claimref.lookup import client
from claimref.store import load_workspace
from claimref.validate import check
from tests.conftest import MINIMAL_BIB, WorkspaceFactory, run

DATA = Path(__file__).resolve().parent / "data" / "lookup"
ISBN = "9789984643786"
DOI = "10.4324/9781351029925-6"
EDITION = "/books/OL99000001M"
#: A workspace without the two works looked up (MINIMAL_BIB's strods2006 has the ISBN).
OTHER_BIB = MINIMAL_BIB[MINIMAL_BIB.index("@book{samson1980") :]


@dataclass
class Reply:
    """What the test server answers for one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def recorded(name: str) -> Reply:
    """A recorded JSON file of tests/data/lookup/ as a 200 answer."""
    return Reply(body=(DATA / name).read_bytes(), headers={"Content-Type": "application/json"})


def catalogue_routes() -> dict[str, Reply]:
    """Both services as recorded: Open Library's ISBN redirect, edition, work and author."""
    return {
        f"/ol/isbn/{ISBN}.json": Reply(302, headers={"Location": f"/ol{EDITION}.json"}),
        f"/ol{EDITION}.json": recorded("openlibrary/books-OL99000001M.json"),
        "/ol/authors/OL99000001A.json": recorded("openlibrary/authors-OL99000001A.json"),
        "/ol/works/OL99000001W.json": recorded("openlibrary/works-OL99000001W.json"),
        f"/cr/works/{DOI}": recorded("crossref/works-10.4324-9781351029925-6.json"),
    }


@dataclass
class Server:
    """The running test server: its routes (changeable per test) and the requests it got."""

    url: str
    routes: dict[str, Reply]
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)

    @property
    def paths(self) -> list[str]:
        """The paths requested, in order."""
        return [path for path, _ in self.requests]


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, self.headers.get("User-Agent", "")))
            reply = server.routes.get(self.path, Reply(404, b"Resource not found."))
            time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout case)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: pytest shows failures, not access logs."""

    return Handler


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point both services at a closed local port unless a test starts the server."""
    for service in (client.OPEN_LIBRARY, client.CROSSREF):
        monkeypatch.setenv(service.env, "http://127.0.0.1:9")
    monkeypatch.setenv(client.ENV_TIMEOUT, "3")
    monkeypatch.delenv(client.ENV_MAILTO, raising=False)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """The local catalogue server; both base URLs point at it."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    state = Server(url, catalogue_routes())
    httpd.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv(client.OPEN_LIBRARY.env, f"{url}/ol")
    monkeypatch.setenv(client.CROSSREF.env, f"{url}/cr")
    yield state
    httpd.shutdown()
    httpd.server_close()


def bib_bytes(root: Path) -> bytes:
    return (root / "bibliography" / "sources.bib").read_bytes()


def assert_clean(root: Path) -> None:
    """The workspace loads and ``check`` finds no error."""
    ws = load_workspace(root)
    assert [str(f) for f in check(ws).findings if f.severity == "error"] == []


# --- the two recorded works, end to end -----------------------------------------------------------

BOOK_FIELDS = [
    "@book{strods2006,",
    "  author = {Strods, Heinrihs},",
    "  title = {PSRS kaujinieki Latvijā (1941—1945)},",
    "  location = {Riga},",
    "  date = {2006},",
    "  isbn = {978-9984-643-78-6},",
    "  langid = {latvian},",
]
CHAPTER_FIELDS = [
    "@incollection{falkov2019,",
    "  author = {Falkov, Yaacov},",
    "  editor = {Murray, Chris},",
    "  title = {Between the Nazi Hammer and the Soviet Anvil},",
    "  subtitle = {The Untold Story of the Red Guerrillas in the Baltic Region, 1941-194},",
    "  booktitle = {Unknown Conflicts of the Second World War: Forgotten Fronts},",
    "  location = {London},",
    "  publisher = {Routledge},",
    "  date = {2019},",
    "  pages = {96--119},",
    "  isbn = {978-1-138-61294-5},",
    "  doi = {10.4324/9781351029925-6},",
    "  langid = {english},",
]


@pytest.mark.parametrize(
    ("option", "value", "key", "lines", "paths"),
    [
        pytest.param("--isbn", ISBN, "strods2006", BOOK_FIELDS,
                     [f"/ol/isbn/{ISBN}.json", f"/ol{EDITION}.json", "/ol/authors/OL99000001A.json"],
                     id="isbn-latvian-book"),
        pytest.param("--isbn", "9984-643-78-6", "strods2006", BOOK_FIELDS,
                     [f"/ol/isbn/{ISBN}.json", f"/ol{EDITION}.json", "/ol/authors/OL99000001A.json"],
                     id="isbn10-hyphens"),
        pytest.param("--doi", DOI, "falkov2019", CHAPTER_FIELDS, [f"/cr/works/{DOI}"],
                     id="doi-chapter"),
        pytest.param("--doi", f"https://doi.org/{DOI}", "falkov2019", CHAPTER_FIELDS,
                     [f"/cr/works/{DOI}"], id="doi-url"),
    ],
)  # fmt: skip
def test_yes_writes_the_entry_and_check_is_clean(
    make_workspace: WorkspaceFactory, server: Server, option: str, value: str, key: str,
    lines: list[str], paths: list[str],
) -> None:  # fmt: skip
    root = make_workspace(bib=OTHER_BIB)
    code, out, err = run(root, "source", "add", option, value, "--yes")
    assert (code, out) == (0, f"{key}\n"), err
    text = bib_bytes(root).decode()
    entry = text[text.index(lines[0]) :]
    assert entry.splitlines()[: len(lines)] == lines
    assert entry.rstrip().endswith("}")
    assert server.paths == paths
    assert all(agent.startswith(f"claimref/{__version__}") for _, agent in server.requests)
    assert f"added '{key}' to " in err and "sources.bib:" in err
    assert_clean(root)


def test_edition_without_authors_takes_them_from_its_work(
    make_workspace: WorkspaceFactory, server: Server
) -> None:
    edition = json.loads((DATA / "openlibrary/books-OL99000001M.json").read_text("utf-8"))
    del edition["authors"]
    server.routes[f"/ol{EDITION}.json"] = Reply(body=json.dumps(edition).encode())
    root = make_workspace(bib=OTHER_BIB)
    code, _, err = run(root, "source", "add", "--isbn", ISBN, "--yes")
    assert code == 0, err
    assert "/ol/works/OL99000001W.json" in server.paths
    assert "author = {Strods, Heinrihs}," in bib_bytes(root).decode()


# --- confirmation -----------------------------------------------------------------------------------


def invoke(root: Path, *args: str, answer: str) -> tuple[int, str, str]:
    """The command line with ``answer`` on standard input (the prompt's reply)."""
    result = CliRunner().invoke(cli, ["--root", str(root), *args], input=answer)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_answering_no_writes_nothing(make_workspace: WorkspaceFactory, server: Server) -> None:
    root = make_workspace(bib=OTHER_BIB)
    before = bib_bytes(root)
    code, out, err = invoke(root, "source", "add", "--doi", DOI, answer="n\n")
    assert (code, out) == (1, "")
    assert "@incollection{falkov2019," in err  # shown, with the key it would get
    assert "add 'falkov2019' to " in err and "sources.bib? [y/N]" in err
    assert "not added; nothing written" in err
    assert bib_bytes(root) == before


@pytest.mark.parametrize("answer", ["\n", ""], ids=["enter-is-no", "end-of-input"])
def test_no_answer_is_no(make_workspace: WorkspaceFactory, server: Server, answer: str) -> None:
    root = make_workspace(bib=OTHER_BIB)
    before = bib_bytes(root)
    code, _, _ = invoke(root, "source", "add", "--isbn", ISBN, answer=answer)
    assert code == 1
    assert bib_bytes(root) == before


def test_answering_yes_writes(make_workspace: WorkspaceFactory, server: Server) -> None:
    root = make_workspace(bib=OTHER_BIB)
    code, out, err = invoke(root, "source", "add", "--isbn", ISBN, answer="y\n")
    assert (code, out) == (0, "strods2006\n"), err
    assert "@book{strods2006," in bib_bytes(root).decode()


def test_dry_run_prints_the_diff_and_writes_nothing(
    make_workspace: WorkspaceFactory, server: Server
) -> None:
    root = make_workspace(bib=OTHER_BIB)
    before = bib_bytes(root)
    code, out, err = run(root, "source", "add", "--isbn", ISBN, "--dry-run")
    assert code == 0, err
    assert "+@book{strods2006," in out
    assert "dry run: nothing written" in err
    assert bib_bytes(root) == before


def test_key_and_into_are_honoured(make_workspace: WorkspaceFactory, server: Server) -> None:
    root = make_workspace(bib=OTHER_BIB)
    code, out, err = run(root, "source", "add", "--doi", DOI, "--key", "falkov-chapter", "--yes")
    assert (code, out) == (0, "falkov-chapter\n"), err
    assert "@incollection{falkov-chapter," in bib_bytes(root).decode()


# --- duplicates -------------------------------------------------------------------------------------


def test_a_work_the_workspace_has_is_refused_before_any_request(
    make_workspace: WorkspaceFactory, server: Server
) -> None:
    root = make_workspace()  # strods2006 has isbn 9984-643-78-6, the ISBN-10 of the same book
    before = bib_bytes(root)
    code, _, err = run(root, "source", "add", "--isbn", ISBN, "--yes")
    assert code == 1
    assert "ISBN 978-9984-643-78-6 is already in the workspace: 'strods2006' " in err
    assert "sources.bib:1) has the same ISBN" in err
    assert "--force" in err
    assert server.requests == []
    assert bib_bytes(root) == before


@pytest.mark.parametrize(
    "written", ["isbn = 9789984643786", 'ISBN = "978-9984-643-78-6"', "isbn={9984643786}"]
)
def test_an_isbn_however_written_is_found(
    make_workspace: WorkspaceFactory, server: Server, written: str
) -> None:
    root = make_workspace(bib=OTHER_BIB + f"\n@book{{mine,\n  title = {{T}},\n  {written},\n}}\n")
    code, _, err = run(root, "source", "add", "--isbn", ISBN, "--yes")
    assert code == 1
    assert "is already in the workspace: 'mine'" in err
    assert server.requests == []


def test_force_adds_a_second_entry(make_workspace: WorkspaceFactory, server: Server) -> None:
    root = make_workspace()
    code, out, err = run(root, "source", "add", "--isbn", ISBN, "--yes", "--force")
    assert (code, out) == (0, "strods2006a\n"), err


def test_a_doi_already_recorded_is_refused(
    make_workspace: WorkspaceFactory, server: Server
) -> None:
    known = f"@article{{known2019,\n  title = {{T}},\n  doi = {{https://dx.doi.org/{DOI}}},\n}}\n"
    bib = OTHER_BIB + "\n" + known
    root = make_workspace(bib=bib)
    code, _, err = run(root, "source", "add", "--doi", DOI, "--yes")
    assert code == 1
    assert f"DOI {DOI} is already in the workspace: 'known2019'" in err
    assert server.requests == []


def test_a_chapter_with_the_isbn_of_its_book_is_not_a_twin(
    make_workspace: WorkspaceFactory, server: Server
) -> None:
    bib = OTHER_BIB + "\n@incollection{part2006,\n  title = {T},\n  isbn = {9984-643-78-6},\n}\n"
    root = make_workspace(bib=bib)
    code, out, err = run(root, "source", "add", "--isbn", ISBN, "--yes")
    assert (code, out) == (0, "strods2006\n"), err


# --- failures: a message, exit 1, nothing written ---------------------------------------------------

FAILURES = [
    pytest.param({f"/ol/isbn/{ISBN}.json": Reply(404, b"not found")}, "--isbn", ISBN,
                 "Open Library has no record for ISBN 978-9984-643-78-6", id="isbn-404"),
    pytest.param({f"/cr/works/{DOI}": Reply(404, b"Resource not found.")}, "--doi", DOI,
                 f"Crossref has no record for DOI {DOI}", id="doi-404"),
    pytest.param({f"/cr/works/{DOI}": Reply(500, b"oops")}, "--doi", DOI,
                 "Crossref answered HTTP 500 Internal Server Error for", id="doi-500"),
    pytest.param({"/ol/authors/OL99000001A.json": Reply(503, b"")}, "--isbn", ISBN,
                 "Open Library answered HTTP 503 Service Unavailable for", id="author-503"),
    pytest.param({f"/cr/works/{DOI}": Reply(body=b'{"status": "ok", "message": {')}, "--doi", DOI,
                 "Crossref sent malformed JSON for", id="doi-malformed-json"),
    pytest.param({f"/ol{EDITION}.json": Reply(body=b"<html>maintenance</html>")}, "--isbn", ISBN,
                 "Open Library sent malformed JSON for", id="isbn-html-not-json"),
    pytest.param({f"/cr/works/{DOI}": Reply(body=b'{"status": "ok", "message": []}')}, "--doi",
                 DOI, "is not a work record", id="doi-json-not-a-record"),
    pytest.param({f"/ol{EDITION}.json": Reply(body=b'["no title"]')}, "--isbn", ISBN,
                 "is not an edition record", id="isbn-json-not-a-record"),
    pytest.param({f"/cr/works/{DOI}": Reply(429, b"slow down")}, "--doi", DOI,
                 "Crossref answered HTTP 429 Too Many Requests for", id="doi-429"),
    pytest.param({f"/ol/isbn/{ISBN}.json": Reply(302, headers={"Location": f"/ol/isbn/{ISBN}.json"})},
                 "--isbn", ISBN, "Open Library: too many redirects for", id="isbn-redirect-loop"),
]  # fmt: skip


@pytest.mark.parametrize(("routes", "option", "value", "message"), FAILURES)
def test_failures_say_why_and_write_nothing(
    make_workspace: WorkspaceFactory, server: Server, routes: dict[str, Reply], option: str,
    value: str, message: str,
) -> None:  # fmt: skip
    server.routes.update(routes)
    root = make_workspace(bib=OTHER_BIB)
    before = bib_bytes(root)
    code, out, err = run(root, "source", "add", option, value, "--yes")
    assert (code, out) == (1, "")
    assert err.startswith("claimref: error: ") and message in err, err
    assert server.url in err  # the local base URL was used
    assert bib_bytes(root) == before


def test_a_slow_server_times_out_within_the_budget(
    make_workspace: WorkspaceFactory, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(client.ENV_TIMEOUT, "0.3")
    server.routes[f"/cr/works/{DOI}"] = Reply(body=b"{}", delay=1.5)
    root = make_workspace(bib=OTHER_BIB)
    before = bib_bytes(root)
    start = time.monotonic()
    code, _, err = run(root, "source", "add", "--doi", DOI, "--yes")
    elapsed = time.monotonic() - start
    assert code == 1
    assert "claimref: error: Crossref did not answer within 0.3 s" in err
    assert elapsed < 1.2
    assert bib_bytes(root) == before


def test_a_hanging_name_lookup_is_cut_off(
    make_workspace: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hang(*args: object, **kwargs: object) -> NoReturn:
        time.sleep(2)
        raise socket.gaierror("no answer")

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    monkeypatch.setenv(client.ENV_TIMEOUT, "0.3")
    monkeypatch.setenv(client.OPEN_LIBRARY.env, "http://catalogue.invalid")
    root = make_workspace(bib=OTHER_BIB)
    start = time.monotonic()
    code, _, err = run(root, "source", "add", "--isbn", ISBN, "--yes")
    assert time.monotonic() - start < 1.5
    assert code == 1
    assert "claimref: error: Open Library did not answer within 0.3 s" in err


def test_offline_is_a_clear_error(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib=OTHER_BIB)  # no server: the base URL is a closed local port
    code, _, err = run(root, "source", "add", "--isbn", ISBN, "--yes")
    assert code == 1
    assert "claimref: error: cannot reach Open Library at http://127.0.0.1:9/isbn/" in err
    assert "offline?" in err


def test_a_base_url_that_is_not_one_is_said(
    make_workspace: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(client.CROSSREF.env, "ftp://127.0.0.1:9")
    code, _, err = run(make_workspace(bib=OTHER_BIB), "source", "add", "--doi", DOI, "--yes")
    assert code == 1
    assert "not a URL to ask Crossref at" in err and "$CLAIMREF_CROSSREF_URL" in err


@pytest.mark.parametrize(
    ("option", "value"),
    [("--isbn", "9789984643787"), ("--isbn", "978998464378"), ("--doi", "11.4324/x"),
     ("--doi", "doi.org")],
    ids=["isbn-check-digit", "isbn-length", "doi-prefix", "doi-no-suffix"],
)  # fmt: skip
def test_a_malformed_identifier_is_a_usage_error_without_a_request(
    make_workspace: WorkspaceFactory, server: Server, option: str, value: str
) -> None:
    root = make_workspace(bib=OTHER_BIB)
    code, _, err = run(root, "source", "add", option, value, "--yes")
    assert code == 2
    assert f"{option} {value}: not a" in err
    assert server.requests == []


def test_isbn_with_other_fields_is_still_a_field(make_workspace: WorkspaceFactory) -> None:
    root = make_workspace(bib=OTHER_BIB)
    code, out, err = run(root, "source", "add", "--author", "Strods, Heinrihs", "--title", "T",
                         "--date", "2006", "--isbn", ISBN)  # fmt: skip
    assert (code, out) == (0, "strods2006\n"), err


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--isbn", ISBN, "--type", "article"), "--type and --rekey do not apply to a lookup"),
     (("--doi", DOI, "--rekey"), "--type and --rekey do not apply to a lookup"),
     (("--title", "T", "--author", "A, B", "--yes"), "--yes and --force apply only to a lookup"),
     (("--title", "T", "--isbn", ISBN, "--force"), "--yes and --force apply only to a lookup")],
    ids=["type", "rekey", "yes-with-fields", "force-with-fields"],
)  # fmt: skip
def test_options_that_do_not_fit_are_usage_errors(
    make_workspace: WorkspaceFactory, server: Server, args: tuple[str, ...], message: str
) -> None:
    root = make_workspace(bib=OTHER_BIB)
    before = bib_bytes(root)
    code, _, err = run(root, "source", "add", *args)
    assert code == 2
    assert message in err
    assert server.requests == []
    assert bib_bytes(root) == before


def test_isbn_and_doi_together_alone_is_a_usage_error(make_workspace: WorkspaceFactory) -> None:
    code, _, err = run(make_workspace(bib=OTHER_BIB), "source", "add", "--isbn", ISBN, "--doi", DOI)
    assert code == 2
    assert "--isbn or --doi, not both" in err


def test_an_oversized_answer_is_not_read(
    make_workspace: WorkspaceFactory, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "MAX_BYTES", 100)
    root = make_workspace(bib=OTHER_BIB)
    code, _, err = run(root, "source", "add", "--doi", DOI, "--yes")
    assert code == 1
    assert "Crossref sent more than 100 bytes for" in err


def test_what_the_entry_cannot_carry_is_said(
    make_workspace: WorkspaceFactory, server: Server
) -> None:
    edition = json.loads((DATA / "openlibrary/books-OL99000001M.json").read_text("utf-8"))
    edition["languages"] = [{"key": "/languages/xxx"}]
    server.routes[f"/ol{EDITION}.json"] = Reply(body=json.dumps(edition).encode())
    root = make_workspace(bib=OTHER_BIB)
    code, _, err = run(root, "source", "add", "--isbn", ISBN, "--yes")
    assert code == 0, err
    assert "claimref: note: language 'xxx' is not in claimref's table: langid not set" in err
    assert "langid" not in bib_bytes(root).decode().split("@book{strods2006,")[1]
