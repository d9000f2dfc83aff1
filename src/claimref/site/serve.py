"""``claimref site --serve``: serve the built site on this machine only (127.0.0.1) and rebuild it
when a file of the workspace changes.

The server is Python's own (:mod:`http.server`), serving the site folder and nothing else, with
caching off so that a reload shows the latest build. Changes are found by polling the modification
times of the workspace's data files (no extra library). Building is the caller's ``rebuild``
function; a port that is taken is a :class:`~claimref.site.build.SiteError` saying so.
"""

from __future__ import annotations

import errno
import functools
import os
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from claimref.site.build import DATA_FOLDERS, SiteError

HOST = "127.0.0.1"
Snapshot = tuple[tuple[str, int, int], ...]


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder; no caching, no request log on the terminal."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


def open_server(folder: Path, port: int) -> ThreadingHTTPServer:
    """A server for ``folder`` on 127.0.0.1:``port`` (0: any free port), not yet serving."""
    handler = functools.partial(_Handler, directory=str(folder))
    try:
        return ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SiteError(f"port {port} on {HOST} is already in use; choose another with "
                            "--port, or stop the program using it") from None  # fmt: skip
        raise SiteError(f"cannot serve on {HOST}:{port}: {exc.strerror or exc}") from None


def snapshot(root: Path) -> Snapshot:
    """The name, modification time and size of every file of the workspace's data folders and of
    ``claimref.toml``: when this changes, the site is rebuilt."""
    found = []
    for name in DATA_FOLDERS:
        try:
            entries = list(os.scandir(root / name))
        except OSError:
            continue
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            found.append((f"{name}/{entry.name}", stat.st_mtime_ns, stat.st_size))
    settings = root / "claimref.toml"
    if settings.is_file():
        stat = settings.stat()
        found.append((settings.name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def serve(server: ThreadingHTTPServer, root: Path, rebuild: Callable[[], None], *,
          interval: float = 1.0, stop: threading.Event | None = None) -> None:  # fmt: skip
    """Serve until ``stop`` is set (or Ctrl-C), calling ``rebuild`` after the workspace changed."""
    stop = stop or threading.Event()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              daemon=True)  # fmt: skip
    thread.start()
    seen = snapshot(root)
    try:
        while not stop.wait(interval):
            now = snapshot(root)
            if now != seen:
                seen = now
                rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def address(server: ThreadingHTTPServer) -> str:
    """The address the server answers on, for the terminal."""
    return f"http://{HOST}:{server.server_address[1]}/"


__all__ = ["HOST", "address", "open_server", "serve", "snapshot"]
