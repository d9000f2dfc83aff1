"""HTTP for the lookups: one GET that returns parsed JSON, or a clear error; the only importer of httpx.

:class:`Fetcher` asks a catalogue (Open Library, Crossref) for one JSON document at a time, within
one time budget for the whole lookup (:data:`DEFAULT_BUDGET` seconds, or ``$CLAIMREF_LOOKUP_TIMEOUT``)
so that a lookup never blocks for more than a few seconds whatever the server does: a slow connect, a
slow first byte or a trickle of bytes. It sends a User-Agent naming claimref and its version (and a
``mailto:`` from ``$CLAIMREF_MAILTO``, which Crossref asks polite clients for). The base URL of each
service can be replaced by an environment variable (``$CLAIMREF_OPENLIBRARY_URL``,
``$CLAIMREF_CROSSREF_URL``), which is how the tests point it at a local server. Every failure, from
being offline to a body that is not JSON, is a :class:`LookupFailedError` with a one-line message;
:class:`NotFoundError` for a 404. What the documents mean is :mod:`~claimref.lookup.openlibrary`'s and
:mod:`~claimref.lookup.crossref`'s business.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import httpx

from claimref import __version__
from claimref.errors import ClaimrefError

#: Seconds one whole lookup may take (every request of it together), unless the environment says.
DEFAULT_BUDGET = 6.0
#: Seconds a connection may take to open (within the budget).
CONNECT_TIMEOUT = 3.0
#: Seconds past the budget a request is waited for before it is abandoned (its thread left behind).
GRACE = 0.5
#: The largest body read (a Crossref record with a long reference list is a few hundred KB).
MAX_BYTES = 5_000_000
ENV_TIMEOUT = "CLAIMREF_LOOKUP_TIMEOUT"
ENV_MAILTO = "CLAIMREF_MAILTO"


class LookupFailedError(ClaimrefError):
    """A lookup that did not give a usable answer (offline, timed out, an HTTP error, not JSON)."""


class NotFoundError(LookupFailedError):
    """The service answered 404: it has no record for the identifier."""


@dataclass(frozen=True)
class Service:
    """A catalogue: its name in messages, its default base URL and the variable that replaces it."""

    name: str
    default_url: str
    env: str

    @property
    def base_url(self) -> str:
        """The base URL in use (the environment's when set), without a trailing slash."""
        return (os.environ.get(self.env) or self.default_url).rstrip("/")


OPEN_LIBRARY = Service("Open Library", "https://openlibrary.org", "CLAIMREF_OPENLIBRARY_URL")
CROSSREF = Service("Crossref", "https://api.crossref.org", "CLAIMREF_CROSSREF_URL")


def user_agent() -> str:
    """``claimref/VERSION (+project URL; mailto:…)``: who is asking, as the services request."""
    details = _project_urls()[:1]
    mailto = os.environ.get(ENV_MAILTO, "").strip()
    if mailto:
        details.append(f"mailto:{mailto}")
    return f"claimref/{__version__}" + (f" ({'; '.join(details)})" if details else "")


def _project_urls() -> list[str]:
    """The project's URLs from the installed package's metadata (none when it declares none)."""
    try:
        meta = metadata.metadata("claimref")
    except metadata.PackageNotFoundError:
        return []
    return [entry.split(",", 1)[-1].strip() for entry in meta.get_all("Project-URL") or []]


def budget_from_env() -> float:
    """The time budget in seconds: ``$CLAIMREF_LOOKUP_TIMEOUT`` when it is a positive number."""
    text = os.environ.get(ENV_TIMEOUT, "").strip()
    try:
        value = float(text) if text else DEFAULT_BUDGET
    except ValueError:
        raise ClaimrefError(f"${ENV_TIMEOUT}: expected a number of seconds, not '{text}'") from None
    if not value > 0:
        raise ClaimrefError(f"${ENV_TIMEOUT}: expected a positive number of seconds, not '{text}'")
    return value


@dataclass
class Fetcher:
    """GETs JSON documents for one lookup, all of them within ``budget`` seconds."""

    budget: float = field(default_factory=budget_from_env)
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float:
        """Seconds left of the budget (never below zero)."""
        return max(0.0, self.budget - (time.monotonic() - self.started))

    def get_json(self, service: Service, path: str) -> Any:
        """The JSON document at ``service``'s base URL + ``path`` (redirects followed)."""
        url = service.base_url + path
        body = self._bounded(service, url)
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise LookupFailedError(f"{service.name} sent malformed JSON for {url}: "
                                    f"{_reason(exc)}") from None  # fmt: skip

    def _bounded(self, service: Service, url: str) -> bytes:
        """:meth:`_get` in a daemon thread, waited for no longer than the budget (and a moment for
        httpx's own timeout to fire first): resolving the host name has no timeout of its own, and
        an offline machine may wait many seconds for it."""
        result: list[bytes] = []
        failure: list[Exception] = []

        def work() -> None:
            try:
                result.append(self._get(service, url))
            except Exception as exc:  # carried to the caller's thread and raised there
                failure.append(exc)

        thread = threading.Thread(target=work, name="claimref-lookup", daemon=True)
        thread.start()
        thread.join(self.remaining() + GRACE)
        if failure:
            raise failure[0]
        if not result:
            raise self._too_slow(service, url)
        return result[0]

    def _too_slow(self, service: Service, url: str) -> LookupFailedError:
        return LookupFailedError(f"{service.name} did not answer within {self.budget:g} s ({url})")

    def _get(self, service: Service, url: str) -> bytes:
        """One GET with httpx's timeouts cut to what is left of the budget; the body, or an error."""
        left = self.remaining()
        if left <= 0:
            raise self._too_slow(service, url)
        timeout = httpx.Timeout(left, connect=min(CONNECT_TIMEOUT, left))
        headers = {"User-Agent": user_agent(), "Accept": "application/json"}
        try:
            with (
                httpx.Client(timeout=timeout, headers=headers, follow_redirects=True,
                             max_redirects=5) as client,
                client.stream("GET", url) as response,
            ):  # fmt: skip
                _check_status(service, url, response)
                return self._read(service, url, response)
        except httpx.TimeoutException:
            raise self._too_slow(service, url) from None
        except httpx.TooManyRedirects:
            raise LookupFailedError(f"{service.name}: too many redirects for {url}") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise LookupFailedError(f"{url}: not a URL to ask {service.name} at ({_reason(exc)}; "
                                    f"is ${service.env} right?)") from None  # fmt: skip
        except httpx.TransportError as exc:
            raise LookupFailedError(f"cannot reach {service.name} at {url} ({_reason(exc)}); "
                                    "offline?") from None  # fmt: skip

    def _read(self, service: Service, url: str, response: httpx.Response) -> bytes:
        """The body, stopped when the budget runs out or it grows past :data:`MAX_BYTES`."""
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_BYTES:
                raise LookupFailedError(f"{service.name} sent more than {MAX_BYTES:,} bytes for "
                                        f"{url}; not read")  # fmt: skip
            if self.remaining() <= 0:
                raise httpx.ReadTimeout("budget spent", request=response.request)
            chunks.append(chunk)
        return b"".join(chunks)


def _check_status(service: Service, url: str, response: httpx.Response) -> None:
    """Raise the error an HTTP status other than 2xx means."""
    status = response.status_code
    if 200 <= status < 300:
        return
    if status == 404:
        raise NotFoundError(f"{service.name} has no record at {url} (HTTP 404)")
    reason = f"HTTP {status}" + (f" {response.reason_phrase}" if response.reason_phrase else "")
    hint = "; try again later" if status == 429 or status >= 500 else ""
    raise LookupFailedError(f"{service.name} answered {reason} for {url}{hint}")


def _reason(exc: BaseException) -> str:
    """An exception's message on one line (its class name when it has none)."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
