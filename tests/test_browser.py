"""The bundled sample catalogue's own site in headless Chromium: what the sample itself must pass.

Accessibility (axe) on every kind of page, every name and keyword finding its service, every
service page printing on one sheet. The pages are chosen from the sample's data, never by id, so
an edit of the sample changes no test. How the site behaves (search, language switch, text size)
is tested on the fixture catalogues (tests/test_search.py, tests/test_citizen_pages.py).

Needs Debian's chromium (installed by `make test`) and axe-core in tests/vendor/
(fetched by `make test` with `npm pack`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

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


def _richest(catalog, *fields: str):
    """The active service of the sample that fills the most fields (among those with every one of ``fields``)."""
    active = [s for s in catalog.services.values() if s.active and all(s.data.get(f) not in (None, []) for f in fields)]
    return max(active, key=lambda s: (len(str(s.data)), s.id))


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
    service = _richest(catalog)
    path = {
        "home": "", "service": f"services/{service.id}/", "institution": f"institutions/{service.institution}/",
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
    page.goto(site_url + f"services/{_richest(catalog, 'documents', 'fees', 'channels').id}/")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-search", ".sc-a11y", ".sc-feedback"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in ("h2#documents", ".sc-checklist", "h2#fees", "h2#apply"):
        assert page.locator(shown).first.is_visible(), shown
