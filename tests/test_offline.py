"""The offline copy, unzipped and opened from disk (file://) as at a library desk with no connection.

Its own links are ``.html`` files, but every absolute address it writes names
the public site, which has directory URLs (``…/en/services/passport/``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from browser_fixtures import search
from servicecatalog.model.validate import validate_catalog
from servicecatalog.site.urls import directory_url, url_of
from site_helpers import PROJECT


def _richest():
    """The sample's active service that fills the most fields, and the catalogue: pages chosen from data, not by id."""
    catalog = validate_catalog(PROJECT).catalog
    active = [s for s in catalog.services.values() if s.active]
    return max(active, key=lambda s: (len(str(s.data)), s.id)), catalog


# ---------------------------------------------------------------- addresses, without a browser


def test_public_addresses_are_directory_urls() -> None:
    assert url_of("services/passport", "https://x.org/", "en", "mk", directory_urls=False) == "https://x.org/en/services/passport/"
    assert url_of("index", "https://x.org/", "mk", "mk", directory_urls=False) == "https://x.org/"
    assert url_of("services/index", "https://x.org/", "sq", "mk", directory_urls=False) == "https://x.org/sq/services/"
    assert url_of("services/passport", "", "en", "mk", directory_urls=False) == "en/services/passport.html", "relative: the build's own style"
    assert directory_url("https://x.org/en/services/passport.html") == "https://x.org/en/services/passport/"
    assert directory_url("https://x.org/en/index.html") == "https://x.org/en/"
    assert directory_url("https://x.org/en/services/passport/") == "https://x.org/en/services/passport/"


def test_offline_copy_names_public_pages_by_their_public_address(offline_copy: Path) -> None:
    service, catalog = _richest()
    site_url = catalog.settings["site_url"]
    page = (offline_copy / "en" / "services" / f"{service.id}.html").read_text(encoding="utf-8")
    public = f"{site_url}en/services/{service.id}/"
    assert f'<link rel="canonical" href="{public}">' in page
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)[1])
    assert jsonld["@id"] == public + "#service" and jsonld["url"] == public
    feedback = [parse_qs(urlsplit(href.replace("&amp;", "&")).query) for href in re.findall(r'href="(https://github\.com/[^"]+/issues/new\?[^"]+)"', page)]
    assert feedback and all(query["page"] == [public] for query in feedback)
    sitemap = (offline_copy / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{public}</loc>" in sitemap
    # and nowhere: no file of the copy names a public page by its offline file name
    wrong = {}
    for path in offline_copy.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".jsonld", ".atom", ".csv") and path.is_file():
            text = path.read_text(encoding="utf-8")
            found = re.findall(re.escape(site_url) + r"[^\s\"'<>)]*?\.html", text)
            found += re.findall(re.escape(quote(site_url, safe="")) + r"[^\s\"'<>&]*?\.html", text)  # in a query string
            if found:
                wrong[path.relative_to(offline_copy).as_posix()] = found[:3]
    assert wrong == {}


# ---------------------------------------------------------------- in the browser, from file://


@pytest.mark.browser
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
        page.locator('.sc-languages a[hreflang="sq"]').click()
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

        # search in English finds English pages only
        results = search(page, "passport")
        assert results and results[0].endswith("/en/services/passport.html"), results
        assert all("/en/" in r for r in results), results
    finally:
        context.close()
    assert not outside, f"requests left file://: {outside}"
    assert not errors, errors


@pytest.mark.browser
def test_offline_text_size_and_contrast_are_kept_across_pages(browser, offline_copy: Path) -> None:
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        service, _ = _richest()
        page.goto((offline_copy / "en" / "services" / f"{service.id}.html").as_uri())
        size_before = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
        larger = page.locator("[data-sc-size-step='1']")
        larger.focus()
        page.keyboard.press("Enter")
        assert page.get_attribute("html", "data-sc-size") == "2"
        size_larger = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
        assert size_larger > size_before
        contrast = page.locator("[data-sc-contrast-toggle]")
        contrast.focus()
        page.keyboard.press("Space")
        assert contrast.get_attribute("aria-pressed") == "true"
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"

        # another page, by a link of the page itself, and another language: the choice stays
        page.locator(".md-nav__link", has_text="Services A–Z").first.click()
        page.wait_for_url("**/en/services/index.html")
        assert page.get_attribute("html", "data-sc-size") == "2"
        assert page.get_attribute("html", "data-sc-contrast") == "high"
        page.goto((offline_copy / "sq" / "institutions" / f"{service.institution}.html").as_uri())
        assert page.get_attribute("html", "data-sc-size") == "2"
        assert page.get_attribute("html", "data-sc-contrast") == "high"
        assert page.locator("[data-sc-contrast-toggle]").get_attribute("aria-pressed") == "true"
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"

        # back to normal, and it stays normal
        page.locator("[data-sc-size-step='0']").click()
        page.locator("[data-sc-contrast-toggle]").click()
        page.goto((offline_copy / "index.html").as_uri())
        assert page.get_attribute("html", "data-sc-size") is None
        assert page.get_attribute("html", "data-sc-contrast") is None
    finally:
        context.close()
    assert not errors, errors


@pytest.mark.browser
def test_offline_search_reads_latin_spellings_and_finds_institutions(browser, offline_copy: Path) -> None:
    """The copy's own search (our worker, in Material's iframe shim on file://) with its per-language rules."""
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((offline_copy / "index.html").as_uri())
        results = search(page, "lična karta")
        assert results and results[0].endswith("/services/id-card.html"), results
        results = search(page, "мвр")
        assert results and results[0].endswith("/institutions/mvr.html"), results

        # pasted into the Albanian box, without a key press: searched at once, this language only
        page.goto((offline_copy / "sq" / "index.html").as_uri())
        search(page, "x")
        box = page.locator("input.md-search__input")
        box.fill("")
        cdp = context.new_cdp_session(page)
        cdp.send("Input.insertText", {"text": "patente shoferi"})
        page.wait_for_function("() => document.querySelector('li.md-search-result__item > a')?.href.endsWith('/sq/services/driving-licence.html')")
        hrefs = page.eval_on_selector_all("li.md-search-result__item > a", "els => els.map(e => e.href)")
        assert all("/sq/" in h for h in hrefs), hrefs
    finally:
        context.close()
    assert not errors, errors
