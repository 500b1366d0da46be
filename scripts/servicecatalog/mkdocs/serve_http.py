"""The preview's web server: MkDocs' live-reload server, run by ``serve.Preview``.

MkDocs' ``LiveReloadServer`` serves the site folder, notices changed files and
calls a builder, then makes open pages reload. Here the builder is the
preview's update, the catalogue's folders are watched through the kernel's
file notifications where the system has them (a save is seen at once, not at
the next poll of thousands of files), and while the catalogue is invalid every
HTML page is served with the errors at its top: the pages on disk stay the last
valid ones, and the next good save removes the errors without building anything.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from servicecatalog.mkdocs.plugin import error_banner
from servicecatalog.mkdocs.serve import WATCHED, Preview


def _server_class() -> Any:
    from mkdocs.livereload import LiveReloadServer

    class PreviewServer(LiveReloadServer):
        """Serves ``preview.site_dir``; runs ``preview.update`` after a change; shows ``preview.errors`` on every page."""

        def __init__(self, preview: Preview, host: str, port: int, mount_path: str) -> None:
            super().__init__(builder=self._update, host=host, port=port, root=str(preview.site_dir), mount_path=mount_path)
            self.preview = preview
            self.observer = _observer(self.observer)
            self.error_handler = self._error_page

        def _update(self) -> None:
            self.preview.update()

        def _error_page(self, code: int) -> bytes | None:
            page = self.preview.site_dir / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            errors = self.preview.errors
            if not errors:
                return super().serve_request(environ, start_response)
            answered: list[tuple[str, list[tuple[str, str]]]] = []
            body_parts = super().serve_request(environ, lambda status, headers, *_: answered.append((status, headers)))
            try:
                body = b"".join(body_parts)
            finally:
                close = getattr(body_parts, "close", None)
                if close is not None:
                    close()
            status, headers = answered[-1]
            if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
                body = with_banner(body, errors)
                headers = [(k, str(len(body)) if k.lower() == "content-length" else v) for k, v in headers]
            start_response(status, headers)
            return [body]

    return PreviewServer


def _observer(polling: Any) -> Any:
    """The kernel's file notifications (inotify) when there are, else MkDocs' polling observer.

    Only changes count: the preview reads the catalogue after each save, and
    those reads must not look like another save.
    """
    try:
        from watchdog import events
        from watchdog.observers import Observer
    except ImportError:  # pragma: no cover - depends on the system
        return polling
    changes: list[type[events.FileSystemEvent]] = [
        events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent, events.FileClosedEvent,
        events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent,
    ]

    class ChangesOnly(Observer):  # type: ignore[misc,valid-type]
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None, follow_symlink: bool = False) -> Any:
            return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or changes, follow_symlink=follow_symlink)

    try:
        return ChangesOnly()
    except OSError:  # pragma: no cover - no inotify instance left on this system
        return polling


def with_banner(page: bytes, errors: list[str]) -> bytes:
    """``page`` with the catalogue's errors at the top of its body."""
    start = page.find(b"<body")
    at = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:at] + error_banner(errors).encode("utf-8") + page[at:]


def parse_address(address: str) -> tuple[str, int]:
    """``127.0.0.1:8000`` -> (host, port); ``ValueError`` with what is wrong."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--address {address!r}: write it as HOST:PORT, for example 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def serve_site(root: Path, address: str, *, jobs: int | None = None, out: Any = None) -> int:
    """Build the site once, then serve it at ``address`` and update it after every save; 1 when the catalogue is invalid."""
    out = out or sys.stderr  # read when called: pytest and callers swap sys.stderr after import
    try:
        host, port = parse_address(address)
    except ValueError as exc:
        print(exc, file=out)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="catalog-serve-"))
    preview = Preview(root, scratch / "site", jobs=jobs, out=out)
    try:
        if not preview.start():
            print("The preview did not start: fix the errors above first.", file=out)
            return 1
        site_url = next(iter(preview.builds.values())).config.site_url or "/"
        server = _server_class()(preview, host, port, urlsplit(site_url).path)
        for folder in WATCHED:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        # The server updates after a change in a folder it watches: a file written here is how the
        # preview asks for the update that renders the lists, once the saved service's page is shown.
        wake = scratch / "wake"
        wake.mkdir()
        server.watch(str(wake))

        def ask_for_lists() -> None:
            (wake / "lists").write_text(str(time.monotonic()), encoding="utf-8")

        preview.wake = ask_for_lists
        preview.update()  # what was saved while the first build ran
        try:
            server.serve()
        except KeyboardInterrupt:
            print("Preview stopped.", file=out)
        finally:
            server.shutdown()
    finally:
        preview.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0
