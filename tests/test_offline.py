"""The offline copy, unzipped and opened from disk (file://) as at a library desk with no connection."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from browser_fixtures import search
from servicecatalog.mkdocs_build import build_site
from site_helpers import PROJECT, make_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("offline"), PROJECT / "catalog")
    out = io.StringIO()
    assert build_site(root, offline=True, out=out), out.getvalue()
    archive = root / "site-offline.zip"
    assert archive.exists()
    unpacked = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(unpacked)
    return unpacked / "site-offline"


def test_offline_copy_works_from_disk_without_network(browser, offline_copy: Path) -> None:
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file://", "data:", "blob:", "about:")) else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((offline_copy / "index.html").as_uri())

        # search in the default language, open the result
        results = search(page, "pasos")
        assert results and results[0].endswith("/services/passport.html"), results
        page.locator("li.md-search-result__item > a.md-search-result__link").first.click()
        page.wait_for_url("**/services/passport.html")
        assert page.locator("article h1").inner_text().strip() == "Издавање пасош"

        # switch language: the same service, in Albanian, from disk
        page.hover(".md-header__option .md-select")
        page.locator('.md-select__link[hreflang="sq"]').click()
        page.wait_for_url("**/sq/services/passport.html")
        assert page.locator("html").get_attribute("lang") == "sq"

        # search in Albanian without diacritics finds the Albanian page
        results = search(page, "leternjoftim")
        assert any(r.endswith("/sq/services/id-card.html") for r in results[:3]), results

        # navigation works: the A–Z list from the menu
        page.goto((offline_copy / "en" / "index.html").as_uri())
        page.locator(".md-nav__link", has_text="Services A–Z").first.click()
        page.wait_for_url("**/en/services/index.html")
        assert page.locator("a", has_text="Issuing a passport").count() >= 1
    finally:
        context.close()
    assert not outside, f"requests left file://: {outside}"
    assert not errors, errors
