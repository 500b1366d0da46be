"""Search on a built site in headless Chromium, as citizens search: typed key by key, pasted, dictated.

One build of the search fixture catalogue (tests/fixtures/search/catalog), one browser. The table of
queries (tests/search_queries.py) runs in one page per language through a small script that puts
each query into Material's search box with an `input` event and no key press (as paste and
dictation do); a few queries are typed with real key events (CDP `Input.dispatchKeyEvent`:
Playwright's keyboard sends none for Cyrillic) and pasted (CDP `Input.insertText`).
"""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from browser_fixtures import _PrefixHandler, search
from search_queries import PASTED, QUERIES, TYPED
from servicecatalog.mkdocs.build import build_site
from servicecatalog.model.validate import validate_catalog
from site_helpers import PROJECT, make_project

pytestmark = pytest.mark.browser

FIXTURE = PROJECT / "tests" / "fixtures" / "search" / "catalog"
LANGUAGES = ("mk", "sq", "en")
FIRST_PLACE = 0.95
RESULT = "li.md-search-result__item"

# Waits for Material's placeholder (box empty, index loaded), then for the answer to the query.
RUN_QUERIES = """
async (queries) => {
  const box = document.querySelector("input.md-search__input")
  const meta = document.querySelector(".md-search-result__meta")
  const config = JSON.parse(document.getElementById("__config").textContent)
  const placeholder = config.translations["search.result.placeholder"]
  const until = async (test) => {
    for (let i = 0; i < 1000; i++) { if (test()) return; await new Promise(r => setTimeout(r, 5)) }
    throw new Error("no answer from search")
  }
  box.focus()
  const answers = []
  for (const query of queries) {
    box.value = ""
    box.dispatchEvent(new Event("input", { bubbles: true }))
    await until(() => meta.textContent.trim() === placeholder)
    box.value = query
    box.dispatchEvent(new Event("input", { bubbles: true }))
    await until(() => meta.textContent.trim() !== placeholder)
    answers.push([...document.querySelectorAll("li.md-search-result__item > a")].map(a => a.href))
  }
  return answers
}
"""


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The search fixture catalogue, built once and served as a static host would: its base URL."""
    root = make_project(tmp_path_factory.mktemp("search"), FIXTURE)
    out = io.StringIO()
    assert build_site(root, out=out), out.getvalue()
    prefix = urlsplit(validate_catalog(root).catalog.settings["site_url"]).path
    handler = functools.partial(type("Handler", (_PrefixHandler,), {"prefix": prefix}), directory=str(root / "site"))
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()


def _home(lang: str) -> str:
    return "" if lang == "mk" else f"{lang}/"


def _relative(url: str, base: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(base).path)


def _open_search(page: Any, base: str, lang: str) -> None:
    page.goto(base + _home(lang))
    page.locator("input.md-search__input").click()


def _results(page: Any, base: str) -> list[str]:
    return [_relative(h, base) for h in page.eval_on_selector_all(f"{RESULT} > a", "els => els.map(e => e.href)")]


def _wait_for_results(page: Any) -> None:
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() !== "
        "JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
    )


def test_the_right_page_comes_first(tab, search_site) -> None:
    assert len(QUERIES) >= 60
    misses = []
    for lang in LANGUAGES:
        table = [(q, expected) for language, q, expected in QUERIES if language == lang]
        _open_search(tab, search_site, lang)
        answers = tab.evaluate(RUN_QUERIES, [q for q, _ in table])
        for (query, expected), urls in zip(table, answers, strict=True):
            found = [_relative(u, search_site) for u in urls]
            if not found or found[0] != expected:
                misses.append(f"{lang} {query!r}: wanted {expected}, got {found[:3]}")
            other = [p for p in found if not p.startswith(_home(lang)) or any(p.startswith(f"{o}/") for o in LANGUAGES if o != lang)]
            assert not other, f"{lang} {query!r}: results of another language: {other[:3]}"
    share = 1 - len(misses) / len(QUERIES)
    print(f"\nfirst place: {len(QUERIES) - len(misses)} of {len(QUERIES)} ({share:.1%})")
    print("\n".join(misses))
    assert share >= FIRST_PLACE, f"{len(misses)} of {len(QUERIES)} queries missed first place:\n" + "\n".join(misses)
    assert not tab.errors


def _cdp_type(page: Any, text: str) -> None:
    """Type ``text`` with real key events, as a keyboard in that language sends them."""
    cdp = page.context.new_cdp_session(page)
    for char in text:
        key = {"key": char, "text": char, "unmodifiedText": char}
        if char == " ":
            key.update(code="Space", windowsVirtualKeyCode=32)
        cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", **key})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})
    cdp.detach()


@pytest.mark.parametrize(("lang", "query", "expected"), TYPED)
def test_typed_key_by_key(tab, search_site, lang, query, expected) -> None:
    _open_search(tab, search_site, lang)
    _cdp_type(tab, query)
    assert tab.locator("input.md-search__input").input_value() == query
    # each key searches; the answer to the whole query is the one that stays
    first = f"{RESULT} > a"
    tab.wait_for_function("([s, e]) => { const a = document.querySelector(s); return a && a.href.endsWith(e) }", arg=[first, expected], timeout=5000)
    tab.wait_for_timeout(300)
    assert _results(tab, search_site)[0] == expected


@pytest.mark.parametrize(("lang", "query", "expected"), PASTED)
def test_pasted_or_dictated_text_searches_at_once(tab, search_site, lang, query, expected) -> None:
    _open_search(tab, search_site, lang)
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("Input.insertText", {"text": query})  # what paste, dictation and autofill deliver: no key event
    cdp.detach()
    _wait_for_results(tab)
    assert _results(tab, search_site)[0] == expected


def test_every_word_must_match(tab, search_site) -> None:
    _open_search(tab, search_site, "en")
    [company, tax] = tab.evaluate(RUN_QUERIES, ["register a company", "property tax"])
    company = [_relative(u, search_site) for u in company]
    assert company[0] == "en/services/dooel-registration/"
    # "a" counts for nothing, and a registration that is not a company's is not an answer
    assert "en/services/vehicle-registration/" not in company and "en/services/association-registration/" not in company
    tax = [_relative(u, search_site) for u in tax]
    assert "en/services/inheritance-tax-centar/" not in tax and "en/services/personal-tax-return/" not in tax
    assert {"en/services/property-tax-centar/", "en/services/property-tax-karpos/", "en/services/property-tax-gjorce-petrov/"} <= set(tax[:3])


def test_kinds_of_page_are_shown_apart_and_labelled(tab, search_site) -> None:
    _open_search(tab, search_site, "mk")
    tab.evaluate(RUN_QUERIES, ["лична карта"])
    items = tab.eval_on_selector_all(RESULT, "els => els.map(e => [e.querySelector('a').getAttribute('href'), (e.querySelector('.md-tag') || {}).textContent || ''])")
    kinds = [tag for _, tag in items]
    assert kinds[0] == "" and items[0][0].endswith("services/id-card/")
    assert "Животен настан" in kinds and "Институција" in kinds
    # each kind together: once a kind's results end, that kind does not come back
    groups = [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]
    assert len(groups) == len(set(groups)), kinds


def test_withdrawn_service_comes_last_with_its_replacement(tab, search_site) -> None:
    _open_search(tab, search_site, "mk")
    tab.evaluate(RUN_QUERIES, ["годишна даночна пријава"])
    links = _results(tab, search_site)
    assert links[0] == "services/personal-tax-return/"
    assert links[-1] == "services/annual-tax-return-self-filed/"
    last = tab.locator(RESULT).last
    assert last.locator(".md-tag").inner_text() == "Повеќе не се нуди"
    assert "Наместо неа: Персонален даночен повраток" in last.inner_text()


def test_hostile_names_show_as_text_and_never_run(tab, search_site) -> None:
    for lang, query in (("mk", "проба"), ("en", "probe")):
        _open_search(tab, search_site, lang)
        tab.evaluate(RUN_QUERIES, [query])
        first = tab.locator(RESULT).first
        assert "<img src=x" in first.locator("h1").inner_text()
        assert "<script>" in first.inner_text()
        assert first.locator("img, script, [onerror]").count() == 0
        assert tab.evaluate("() => window.__pwned") is None


def test_home_search_without_javascript_gives_the_a_to_z_list(browser, search_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(search_site + "en/")
        page.fill("#sc-q", "passport")
        page.press("#sc-q", "Enter")
        page.wait_for_url("**/en/services/?q=passport")
        assert page.locator("article a", has_text="Issuing a passport").count() >= 1
    finally:
        context.close()


def test_home_search_with_javascript_opens_the_results(tab, search_site) -> None:
    tab.goto(search_site + "sq/")
    tab.fill("#sc-q", "leternjoftim")
    tab.press("#sc-q", "Enter")
    tab.wait_for_selector(RESULT)
    assert _results(tab, search_site)[0] == "sq/services/id-card/"


def test_open_result_then_switch_language_keeps_the_service(page, search_site) -> None:
    names = yaml.safe_load((FIXTURE / "services" / "mvr" / "passport.yaml").read_text(encoding="utf-8"))["name"]
    page.goto(search_site)
    search(page, "pasos")
    page.locator(f"{RESULT} > a.md-search-result__link").first.click()
    page.wait_for_url("**/services/passport/")
    for lang in LANGUAGES[1:]:
        page.locator(f'.sc-languages a[hreflang="{lang}"]').click()
        page.wait_for_url(f"**/{lang}/services/passport/")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("article h1").inner_text().strip() == names[lang]


def test_text_size_and_contrast_by_keyboard_are_kept_across_pages(page, search_site) -> None:
    page.goto(search_site + "services/passport/")
    root_size = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"  # pages differ in their first paragraph
    normal_size = page.evaluate(root_size)
    larger = page.locator("[data-sc-size-step='1']")
    larger.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "data-sc-size") == "3"
    expect(page.locator("[data-sc-status]")).to_have_text(re.compile(r"150 %\s*$"))  # announced
    base_size = page.evaluate(root_size)
    assert base_size > normal_size
    contrast = page.locator("[data-sc-contrast-toggle]")
    contrast.focus()
    page.keyboard.press("Space")
    assert contrast.get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"

    # another page, another language: the reader's choice stays
    page.goto(search_site + "sq/institutions/mvr/")
    assert page.get_attribute("html", "data-sc-size") == "3"
    assert page.get_attribute("html", "data-sc-contrast") == "high"
    assert page.locator("[data-sc-contrast-toggle]").get_attribute("aria-pressed") == "true"
    assert page.evaluate(root_size) == base_size

    # back to normal
    page.locator("[data-sc-size-step='0']").click()
    page.locator("[data-sc-contrast-toggle]").click()
    page.reload()
    assert page.get_attribute("html", "data-sc-size") is None
    assert page.get_attribute("html", "data-sc-contrast") is None
