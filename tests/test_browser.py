"""The built sample site in headless Chromium, as a citizen uses it.

Needs Debian's chromium (installed by `make test`) and axe-core in tests/vendor/
(fetched by `make test` with `npm pack`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser_fixtures import AXE, search
from servicecatalog.model.validate import validate_catalog
from site_helpers import PROJECT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def catalog():
    result = validate_catalog(PROJECT)
    assert result.ok
    return result.catalog


def _lang_prefix(catalog, lang: str) -> str:
    return "" if lang == catalog.default_language else f"{lang}/"


def _path(url: str, base: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(base).path)


SEARCHES = [  # (language, what a citizen types, the service it must put first): a smoke table on the sample
    ("mk", "пасош", "passport"),
    ("mk", "pasos", "passport"),
    ("mk", "licna karta", "id-card"),
    ("mk", "лична карта", "id-card"),
    ("mk", "vozačka", "driving-licence"),
    ("mk", "данок на имот карпош", "property-tax-karpos"),
    ("sq", "leternjoftim", "id-card"),
    ("sq", "letërnjoftim", "id-card"),
    ("sq", "pasaporte", "passport"),
    ("en", "passport", "passport"),
    ("en", "register a company", "dooel-registration"),
    ("en", "annual tax return", "personal-tax-return"),
]


@pytest.mark.parametrize(("lang", "query", "service_id"), SEARCHES)
def test_citizen_finds_service_by_the_words_they_type(page, site_url, catalog, lang, query, service_id) -> None:
    page.goto(site_url + _lang_prefix(catalog, lang))
    results = search(page, query)
    top = [_path(u, site_url) for u in results]
    expected = f"{_lang_prefix(catalog, lang)}services/{service_id}/"
    assert top and top[0] == expected, f"{query!r} in {lang}: results were {top[:3]}"
    # results come from this language only
    assert all(p.startswith(_lang_prefix(catalog, lang)) and not any(p.startswith(f"{o}/") for o in catalog.languages if o != lang) for p in top)


def test_open_result_then_switch_language_keeps_the_service(page, site_url, catalog) -> None:
    page.goto(site_url)
    search(page, "pasos")
    page.locator("li.md-search-result__item > a.md-search-result__link").first.click()
    page.wait_for_url("**/services/passport/")
    for lang in catalog.languages[1:]:
        page.locator(f'.sc-languages a[hreflang="{lang}"]').click()
        page.wait_for_url(f"**/{lang}/services/passport/")
        assert page.locator("html").get_attribute("lang") == lang
        title = catalog.services["passport"].data["name"].get(lang)
        assert page.locator("article h1").inner_text().strip() == title


def test_home_search_form_opens_search_with_the_query(page, site_url, catalog) -> None:
    page.goto(site_url)
    page.fill("#sc-q", "pasos")
    page.press("#sc-q", "Enter")
    page.wait_for_selector("li.md-search-result__item")
    links = page.eval_on_selector_all("li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")
    assert "services/passport/" in _path(links[0], site_url)


def _axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test`, which fetches axe-core with npm pack")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


AXE_PAGES = ["home", "service", "institution", "statistics", "priorities", "once-only", "a-z", "open-data", "stale"]


# The 404 page is one page in every language at once: checked once, as the default language's.
@pytest.mark.parametrize(("kind", "lang"), [(k, lang) for lang in ("mk", "sq", "en") for k in AXE_PAGES] + [("not-found", "mk")])
def test_no_accessibility_violations(page, site_url, catalog, kind, lang) -> None:
    """WCAG 2.1 AA as axe-core checks it: no violation of any impact."""
    if lang not in catalog.languages:
        pytest.skip(f"the catalogue has no {lang}")
    path = {
        "home": "", "service": "services/passport/", "institution": f"institutions/{catalog.services['passport'].institution}/",
        "statistics": "statistics/", "priorities": "priorities/", "once-only": "once-only/", "a-z": "services/", "open-data": "open-data/",
        "stale": "stale/", "not-found": "404.html",
    }[kind]
    page.goto(site_url + _lang_prefix(catalog, lang) + path)
    violations = _axe(page)
    assert not violations, json.dumps([{k: v[k] for k in ("id", "impact", "help")} | {"nodes": [n["target"] for n in v["nodes"][:3]]} for v in violations], indent=1)


def _queries(catalog) -> Iterator[tuple[str, str, str]]:
    for service in catalog.services.values():
        if not service.active:
            continue
        for lang in catalog.languages:
            name = service.data["name"].get(lang) or service.data["name"][catalog.default_language]
            yield lang, name, service.id
            for word in (service.data.get("keywords") or {}).get(lang, []):
                yield lang, word, service.id


def test_every_name_and_keyword_finds_its_service_in_the_top_3(browser, site_url, catalog) -> None:
    """Measured, not assumed: every active service by its name and each keyword, in every language, among the top 3 services."""
    misses = []
    pages = {}
    for lang in catalog.languages:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pages[lang] = context.new_page()
        pages[lang].goto(site_url + _lang_prefix(catalog, lang))
    total = 0
    for lang, query, service_id in _queries(catalog):
        total += 1
        # among the services found (an institution or a life event may rightly come first)
        top = [p for p in (_path(u, site_url) for u in search(pages[lang], query)) if "/services/" in f"/{p}"][:3]
        if f"{_lang_prefix(catalog, lang)}services/{service_id}/" not in top:
            misses.append(f"{lang} {query!r} -> {service_id}: {top}")
    assert total > 100
    assert not misses, f"{len(misses)} of {total} searches missed:\n" + "\n".join(misses)


def test_text_size_and_contrast_by_keyboard_are_kept_across_pages(page, site_url, catalog) -> None:
    page.goto(site_url + "services/passport/")
    larger = page.locator("[data-sc-size-step='1']")
    larger.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "data-sc-size") == "3"
    expect(page.locator("[data-sc-status]")).to_have_text(re.compile(r"150 %\s*$"))  # announced
    base_size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    contrast = page.locator("[data-sc-contrast-toggle]")
    contrast.focus()
    page.keyboard.press("Space")
    assert contrast.get_attribute("aria-pressed") == "true"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"

    # another page, another language: the reader's choice stays
    page.goto(site_url + "sq/institutions/mvr/")
    assert page.get_attribute("html", "data-sc-size") == "3"
    assert page.get_attribute("html", "data-sc-contrast") == "high"
    assert page.locator("[data-sc-contrast-toggle]").get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)") == base_size

    # back to normal
    page.locator("[data-sc-size-step='0']").click()
    page.locator("[data-sc-contrast-toggle]").click()
    page.reload()
    assert page.get_attribute("html", "data-sc-size") is None
    assert page.get_attribute("html", "data-sc-contrast") is None


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_service_pages_print_as_a_one_page_checklist(page, site_url, catalog) -> None:
    too_long = []
    for service in catalog.services.values():
        if not service.active:
            continue
        for lang in catalog.languages:
            page.goto(site_url + _lang_prefix(catalog, lang) + f"services/{service.id}/")
            pages = _pdf_pages(page.pdf(format="A4"))
            if pages != 1:
                too_long.append(f"{lang} {service.id}: {pages} pages")
    assert not too_long, too_long
    page.emulate_media(media="print")
    page.goto(site_url + "services/id-card/")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-search", ".sc-a11y", ".sc-feedback"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in ("h2#documents", ".sc-checklist", "h2#fees", "h2#apply"):
        assert page.locator(shown).first.is_visible(), shown
