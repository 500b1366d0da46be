"""Script payloads in everything an editor or a deployer writes, driven in Chromium: nothing runs.

One fixture project carries payloads in a service's name, summary, keywords and description,
in the catalogue's name and language names, and in every interface word that validation lets
through (no `<`, `>` or `"` there: their refusal is tested in tests/invalid/). It is built once
(`--with-offline-copy`: the site and the offline copy), then every language is opened online
and from disk, searched by typing and by `?q=`. A payload that ran would set `window.__xss`,
open a dialog, navigate, or leave an element or an `on…` attribute in the page.
"""

from __future__ import annotations

import functools
import io
import re
import threading
import zipfile
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from browser_fixtures import _PrefixHandler
from servicecatalog.mkdocs.build import OFFLINE_DIR, build_site
from servicecatalog.model.validate import validate_catalog
from site_helpers import make_project

pytestmark = pytest.mark.browser

LANGUAGES = ("mk", "sq", "en")
MARK = "window.__xss=1"
NAMES = {
    "mk": f"Пријава на живеалиште <img src=x onerror={MARK}>",
    "sq": f"Paraqitja e vendbanimit <svg onload={MARK}>",
    "en": f"Registering </script><script>{MARK}</script> your address",
}
SUMMARY = f"Пријавете <img src=x onerror={MARK}> адреса </script><svg/onload={MARK}>"
DESCRIPTION = f"[click](javascript:{MARK}) <a href=\"javascript:{MARK}\">link</a> <script>{MARK}</script>"
KEYWORDS = [f"<svg onload={MARK}>", f"javascript:{MARK}", f"\"><img src=x onerror={MARK}>"]
# What validation lets into settings and interface words: no < > ", but quotes, entities and schemes.
WORD = f" ' onmouseover='{MARK}' &lt;img src=x onerror={MARK}&gt; javascript:{MARK}"
THEME_WORD = f" ' onmouseover='{MARK}' javascript:{MARK} {{{{7*7}}}}"  # where Material prints it: no & either
QUERIES = {"mk": "живеалиште", "sq": "vendbanimit", "en": "Registering"}


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _hostile_project(root: Path) -> Path:
    catalog = root / "catalog"
    service = catalog / "services" / "town" / "residence.yaml"
    data = yaml.safe_load(service.read_text(encoding="utf-8"))
    data["name"] = NAMES
    data["summary"] = {lang: SUMMARY for lang in LANGUAGES}
    data["description"] = {lang: DESCRIPTION for lang in LANGUAGES}
    data["keywords"] = {lang: list(KEYWORDS) for lang in LANGUAGES}
    service.write_text(_dump(data), encoding="utf-8")
    settings_file = catalog / "catalog.yaml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    settings["name"] = {lang: f"Catalogue {lang}{THEME_WORD}" for lang in LANGUAGES}
    settings["language_names"] = {lang: f"{lang}{THEME_WORD}" for lang in LANGUAGES}
    settings_file.write_text(_dump(settings), encoding="utf-8")
    # Every interface word gets the payload where validation allows it (some words have a form to keep).
    for lang in LANGUAGES:
        path = catalog / "ui" / f"{lang}.yaml"
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(_dump({k: v + WORD for k, v in words.items()}), encoding="utf-8")
    for weaker in (THEME_WORD, ""):  # where a word refuses the payload, the next one that it takes
        refused = {(p.file, p.field) for p in validate_catalog(root).errors}
        for lang in LANGUAGES:
            path = catalog / "ui" / f"{lang}.yaml"
            words = yaml.safe_load(path.read_text(encoding="utf-8"))
            keep = {k: (v.removesuffix(WORD).removesuffix(THEME_WORD) + weaker if (f"catalog/ui/{lang}.yaml", k) in refused else v)
                    for k, v in words.items()}
            path.write_text(_dump(keep), encoding="utf-8")
    result = validate_catalog(root)
    assert result.ok, [str(p) for p in result.errors]
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the built site, the unzipped offline copy) of the hostile project."""
    root = _hostile_project(make_project(tmp_path_factory.mktemp("hostile")))
    out = io.StringIO()
    assert build_site(root, offline_download=True, out=out), out.getvalue()
    unpacked = tmp_path_factory.mktemp("hostile-offline")
    with zipfile.ZipFile(root / f"{OFFLINE_DIR}.zip") as bundle:
        bundle.extractall(unpacked)
    return root / "site", unpacked / OFFLINE_DIR


@pytest.fixture(scope="module")
def hostile_url(hostile: tuple[Path, Path]) -> Iterator[str]:
    prefix = "/catalogue/"  # the path of the fixture's site_url
    handler = functools.partial(type("Handler", (_PrefixHandler,), {"prefix": prefix}), directory=str(hostile[0]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()


# Anything a payload leaves behind: an element it made, an event-handler attribute or a script address.
TRACES = """() => {
  const found = []
  if (window.__xss !== undefined) found.push('window.__xss = ' + window.__xss)
  for (const el of document.querySelectorAll('img[src="x"], svg[onload]')) found.push(el.outerHTML.slice(0, 120))
  for (const el of document.querySelectorAll('script:not([src])'))
    if (el.textContent.trim().startsWith('window.__xss')) found.push(el.outerHTML.slice(0, 120))
  for (const el of document.querySelectorAll('*'))
    for (const a of el.attributes)
      if ((a.name.startsWith('on') && a.value.includes('__xss')) || /^\\s*javascript:/i.test(a.value))
        found.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 80))
  return found
}"""


class Watch:
    """A page whose dialogs, navigations and leftovers are recorded."""

    def __init__(self, browser: object) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def search(self, query: str) -> None:
        box = self.page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        box.press("End")  # Material searches on a key press
        self.page.wait_for_selector("li.md-search-result__item", timeout=10_000)
        self.settle()

    def settle(self) -> None:
        # Fire the events an injected handler would wait for, on every element of the page.
        self.page.evaluate("""() => { for (const el of document.querySelectorAll('body *')) {
            for (const type of ['mouseover', 'focus', 'click']) if (type !== 'click' || el.matches('label, span, h1, h2, p, div'))
                try { el.dispatchEvent(new Event(type, {bubbles: false})) } catch (e) {}
        } }""")
        self.page.wait_for_timeout(150)

    def assert_clean(self, where: str) -> None:
        url = self.page.url
        traces = self.page.evaluate(TRACES)
        assert not self.dialogs, f"{where}: a dialog opened: {self.dialogs}"
        assert not traces, f"{where}: {traces}"
        assert url == self.page.url, f"{where}: navigated to {self.page.url}"

    def close(self) -> None:
        self.context.close()


def _pages(lang: str, suffix: str) -> list[str]:
    prefix = "" if lang == "mk" else f"{lang}/"
    return [prefix + p for p in ("", "services/residence/", "services/", "institutions/town/", "open-data/")] \
        if suffix == "/" else [prefix + p for p in ("index.html", "services/residence.html", "services/index.html")]


def test_the_payloads_reached_the_pages_as_text(hostile: tuple[Path, Path]) -> None:
    site, _ = hostile
    page = (site / "services" / "residence" / "index.html").read_text(encoding="utf-8")
    assert "Пријава на живеалиште &lt;img src=x onerror=window.__xss=1&gt;" in page
    assert "javascript:" not in re.sub(r"(?s)<script type=\"application/ld\+json\">.*?</script>", "", page).replace("javascript:window.__xss=1", "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_runs_online(browser, hostile_url: str, lang: str) -> None:
    watch = Watch(browser)
    try:
        for path in _pages(lang, "/"):
            watch.open(hostile_url + path)
            watch.settle()
            watch.assert_clean(path)
        watch.open(hostile_url + _pages(lang, "/")[0])
        for query in (QUERIES[lang], NAMES[lang], f"<img src=x onerror={MARK}>"):
            watch.search(query)
            watch.assert_clean(f"{lang} search {query!r}")
        page_url = hostile_url + _pages(lang, "/")[0] + "?q=" + quote(f"{QUERIES[lang]} <img src=x onerror={MARK}>")
        watch.open(page_url)
        watch.page.wait_for_selector("li.md-search-result__item", timeout=10_000)
        watch.settle()
        watch.assert_clean(f"{lang} ?q=")
    finally:
        watch.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_runs_in_the_offline_copy(browser, hostile: tuple[Path, Path], lang: str) -> None:
    _, offline = hostile
    watch = Watch(browser)
    try:
        for path in _pages(lang, ".html"):
            watch.open((offline / path).as_uri())
            watch.settle()
            watch.assert_clean(f"offline {path}")
        home = (offline / _pages(lang, ".html")[0]).as_uri()
        watch.open(home)
        for query in (QUERIES[lang], NAMES[lang]):
            watch.search(query)
            watch.assert_clean(f"offline {lang} search {query!r}")
        watch.open(home + "?q=" + quote(f"{QUERIES[lang]} <svg onload={MARK}>"))
        watch.page.wait_for_selector("li.md-search-result__item", timeout=10_000)
        watch.settle()
        watch.assert_clean(f"offline {lang} ?q=")
    finally:
        watch.close()
