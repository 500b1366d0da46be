"""Fixtures for tests that drive the built site in headless Chromium.

The site is built once per session from the bundled catalogue and served on
127.0.0.1 under the path of its `site_url`, as a static host would serve it.
Debian's chromium is used through Playwright (Playwright cannot download its
own browser here); tests are skipped with a reason when it is missing, except
in CI, where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from servicecatalog.mkdocs.build import build_site
from servicecatalog.model.validate import validate_catalog
from site_helpers import PROJECT, make_project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
AXE = PROJECT / "tests" / "vendor" / "axe.min.js"


def _need_browser() -> None:
    if not Path(CHROMIUM).exists():
        message = "Debian's chromium is not installed (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class _PrefixHandler(SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__missing__")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The bundled catalogue built into a temporary folder: (site folder, URL path prefix)."""
    root = make_project(tmp_path_factory.mktemp("sample"), PROJECT / "catalog")
    out = io.StringIO()
    assert build_site(root, out=out), out.getvalue()
    result = validate_catalog(root)
    prefix = urlsplit(result.catalog.settings.get("site_url", "http://x/")).path or "/"
    return root / "site", prefix if prefix.endswith("/") else prefix + "/"


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy of the bundled catalogue, unpacked from its zip as a reader would: built once per session."""
    root = make_project(tmp_path_factory.mktemp("offline"), PROJECT / "catalog")
    out = io.StringIO()
    assert build_site(root, offline=True, out=out), out.getvalue()
    archive = root / "site-offline.zip"
    assert archive.exists()
    unpacked = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(unpacked)
    return unpacked / "site-offline"


@pytest.fixture(scope="session")
def site_url(sample_site: tuple[Path, str]) -> Iterator[str]:
    """Base URL of the sample site served on 127.0.0.1."""
    folder, prefix = sample_site
    handler = functools.partial(type("Handler", (_PrefixHandler,), {"prefix": prefix}), directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def search(page: object, query: str) -> list[str]:
    """Type ``query`` into Material's search box and return the result links, best first."""
    placeholder = page.evaluate(  # type: ignore[attr-defined]
        "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
    )
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    box.fill("")
    box.press("End")
    # Material shows its placeholder once the index is loaded and the box is empty; wait for
    # that, then for the answer to this query, so a previous query's results are never read.
    waiting = "(p) => document.querySelector('.md-search-result__meta').innerText.trim() {} p"
    page.wait_for_function(waiting.format("==="), arg=placeholder)  # type: ignore[attr-defined]
    box.fill(query)
    box.press("End")  # Playwright types non-ASCII without keyup; Material searches on keyup
    page.wait_for_function(waiting.format("!=="), arg=placeholder)  # type: ignore[attr-defined]
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
