"""A citizen on a phone, by keyboard, in every colour mode: the built sample site in headless Chromium.

One build (the session's sample site and its offline copy), one browser. Every service is opened on a
390×844 phone; every kind of page is checked for reflow, contrast, failed requests and valid HTML.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from servicecatalog.model.validate import validate_catalog
from site_helpers import PROJECT

pytestmark = pytest.mark.browser

CHECKS = Path(__file__).with_name("page_checks.js")
VNU = PROJECT / "tests" / "vendor" / "vnu.jar"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# One page of every kind the site has (paths in the default language; other languages add their prefix).
# The service, institution and life event are chosen from the catalogue's data, not by id.
def page_kinds(catalog) -> dict[str, str]:
    active = [s for s in catalog.services.values() if s.active]
    service = max(active, key=lambda s: (len(str(s.data)), s.id))  # the page that shows the most
    withdrawn = next(s for s in catalog.services.values() if not s.active)
    event = next(term for s in active for term in s.data.get("life_events", []))
    return {
        "home": "", "service": f"services/{service.id}/", "withdrawn": f"services/{withdrawn.id}/",
        "institution": f"institutions/{service.institution}/", "institutions": "institutions/", "a-z": "services/",
        "life-event": f"life-events/{event}/", "categories": "categories/", "online": "online/",
        "statistics": "statistics/", "priorities": "priorities/", "once-only": "once-only/",
        "open-data": "open-data/", "stale": "stale/", "accessibility": "accessibility/", "privacy": "privacy/",
    }


@pytest.fixture(scope="module")
def catalog():
    result = validate_catalog(PROJECT)
    assert result.ok
    return result.catalog


# The fixture catalogue: the small catalogue plus one service for each action the sample has no example of.
EXTRA_SERVICES = {
    "appointment": """id: appointment
code: TOWN-201
name: {mk: Закажување, sq: Caktimi, en: Booking}
summary: {mk: Закажете термин., sq: Caktoni termin., en: Book a time.}
description: {mk: Опис., sq: Përshkrim., en: A description.}
institution: town
categories: [documents]
audiences: [citizens]
in_person_visits: 1
channels:
  - type: in-person
    offices: [town/centre]
    appointment_url: https://book.example.org/
  - type: online
    url: http://info.example.org/
    maturity: 0
steps:
  - title: {mk: Закажете, sq: Caktoni, en: Book}
    url: https://book.example.org/
""",
    "paper-form": """id: paper-form
code: TOWN-202
name: {mk: Образец, sq: Formulari, en: Paper form}
summary: {mk: Пополнете образец., sq: Plotësoni formularin., en: Fill in a form.}
description: {mk: Опис., sq: Përshkrim., en: A description.}
institution: town
categories: [documents]
audiences: [citizens]
in_person_visits: 1
channels:
  - type: in-person
    offices: [town/centre]
  - type: online
    url: https://forms.example.org/paper-form.pdf
    maturity: 1
""",
    "by-phone": """id: by-phone
code: TOWN-203
name: {mk: По телефон, sq: Me telefon, en: By phone}
summary: {mk: Јавете се., sq: Telefononi., en: Call us.}
description: {mk: Опис., sq: Përshkrim., en: A description.}
institution: town
categories: [documents]
audiences: [citizens]
in_person_visits: 0
channels:
  - type: phone
    phone: +389 2 123 456
""",
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    """The fixture catalogue built and served like the sample: (catalog, base URL)."""
    import functools
    import io
    import threading
    from http.server import ThreadingHTTPServer

    from browser_fixtures import _PrefixHandler
    from servicecatalog.mkdocs.build import build_site
    from site_helpers import make_project

    root = make_project(tmp_path_factory.mktemp("fixture"))
    for name, text in EXTRA_SERVICES.items():
        (root / "catalog" / "services" / "town" / f"{name}.yaml").write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert build_site(root, out=out), out.getvalue()
    result = validate_catalog(root)
    prefix = "/" + result.catalog.settings["site_url"].split("://", 1)[1].partition("/")[2]
    handler = functools.partial(type("Handler", (_PrefixHandler,), {"prefix": prefix}), directory=str(root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield result.catalog, f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(**PHONE)
    context.add_init_script(path=str(CHECKS))
    yield context.new_page()
    context.close()


def _prefix(catalog, lang: str) -> str:
    return "" if lang == catalog.default_language else f"{lang}/"


def _words(catalog, lang: str):
    from servicecatalog.site.words import Words

    return Words(catalog, lang)


# ---------------------------------------------------------------- the first screen of every service

FIRST_SCREEN = """() => {
  const bottom = (selector) => { const el = document.querySelector(selector); return el ? el.getBoundingClientRect().bottom + scrollY : null }
  const action = document.querySelector('.sc-action')
  return {
    scrolled: scrollY, title: bottom('h1#page-title'), lead: bottom('.sc-lead'), facts: bottom('.sc-facts'), action: bottom('.sc-action'),
    kind: action && action.dataset.scAction, label: action && action.textContent.trim(), href: action && action.getAttribute('href'),
    facts_labels: [...document.querySelectorAll('.sc-facts dt')].map(e => e.textContent.trim()),
    headings: document.querySelectorAll('article h2').length, text: document.querySelector('article').innerText,
  }
}"""


def _expected_action(data: dict) -> set[str]:
    """The hrefs a service's primary action may have, by its kind, read from the data."""
    channels = data.get("channels", [])
    return {
        "apply": {c["url"] for c in channels if c["type"] == "online" and c["maturity"] >= 2 and c.get("url", "").startswith("https://")},
        "book": {c["appointment_url"] for c in channels if c["type"] == "in-person" and c.get("appointment_url", "").startswith("https://")},
        "form": {c["url"] for c in channels if c["type"] == "online" and c["maturity"] == 1 and c.get("url", "").startswith("https://")}
        | {f["url"] for f in data.get("forms", []) if f.get("url", "").startswith("https://")},
        "office": {"#where"} if any(c.get("offices") for c in channels if c["type"] == "in-person") else set(),
        "phone": {"tel:" + c["phone"].replace(" ", "") for c in channels if c["type"] == "phone"},
        "contact": {"#contact"},
    }


@pytest.mark.parametrize("which", ["sample", "fixture"])
def test_every_service_answers_on_the_first_screen_of_a_phone(phone, site_url, catalog, fixture_site, which) -> None:
    if which == "fixture":
        catalog, site_url = fixture_site
    order = ["apply", "book", "form", "office", "phone", "contact"]
    problems = []
    seen = set()
    for service in catalog.services.values():
        for lang in catalog.languages:
            words = _words(catalog, lang)
            phone.goto(site_url + _prefix(catalog, lang) + f"services/{service.id}/")
            found = phone.evaluate(FIRST_SCREEN)
            where = f"{lang} {service.id}"
            if not service.active:
                replacement = service.data.get("replaced_by")
                if words("service.withdrawn") not in found["text"] or found["facts"] or found["headings"]:
                    problems.append(f"{where}: a withdrawn service shows more than that it is withdrawn")
                if replacement and not (found["href"] or "").endswith(f"services/{replacement}/"):
                    problems.append(f"{where}: no link to its replacement {replacement} ({found['href']})")
                continue
            for part in ("title", "lead", "facts", "action"):
                if found[part] is None or found[part] > 844:
                    problems.append(f"{where}: the {part} is not on the first screen ({found[part]} px)")
            labels = [words(k) for k in ("service.cost", "service.time_short", "service.visits", "service.documents_short", "service.where_short")]
            if found["facts_labels"] != labels:
                problems.append(f"{where}: key facts {found['facts_labels']} instead of {labels}")
            expected = _expected_action(service.data)
            kind = next(k for k in order if expected[k])  # the most direct way the data offers
            label = words("service.action.phone", phone=found["href"][4:]) if kind == "phone" else words(f"service.action.{kind}")
            if (found["kind"], found["label"]) != (kind, label) or found["href"] not in expected[kind]:
                problems.append(f"{where}: action {found['kind']} {found['label']!r} -> {found['href']}, expected {kind} {label!r} -> {expected[kind]}")
            if not found["href"].startswith(("https://", "#", "tel:")):
                problems.append(f"{where}: the primary action goes to {found['href']}")
            seen.add(found["kind"])
            for step in service.data.get("steps", []):
                if step.get("url") and not phone.locator(f'.sc-steps a[href="{step["url"]}"]').count():
                    problems.append(f"{where}: the step with {step['url']} is not a link")
    assert not problems, "\n".join(problems)
    if which == "fixture":
        assert seen == {"apply", "book", "form", "office", "phone"}, seen


def test_five_tab_presses_reach_the_primary_action_through_the_skip_link(phone, site_url, catalog) -> None:
    """Tab to "Skip to content", Enter: focus is on the page's own title; the action follows within five Tabs in all."""
    problems = []
    for service in catalog.services.values():
        if not service.active:
            continue
        phone.goto(site_url + f"services/{service.id}/")
        phone.keyboard.press("Tab")
        presses = 1
        if not phone.evaluate("() => document.activeElement.matches('a.md-skip')"):
            problems.append(f"{service.id}: the first Tab does not reach the skip link")
            continue
        phone.keyboard.press("Enter")
        if phone.evaluate("() => document.activeElement.id") != "page-title":
            problems.append(f"{service.id}: the skip link does not land on the page's title")
        while presses < 5 and not phone.evaluate("() => document.activeElement.matches('.sc-action')"):
            phone.keyboard.press("Tab")
            presses += 1
        if not phone.evaluate("() => document.activeElement.matches('.sc-action')"):
            problems.append(f"{service.id}: the primary action is not reached in 5 Tab presses")
        elif (ring := phone.evaluate("scFocusRing()")) is not None:
            problems.append(f"{service.id}: {ring}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- every kind of page


def test_every_page_has_a_skip_link_to_its_title_and_names_its_languages(phone, site_url, catalog) -> None:
    problems = []
    names = " · ".join(catalog.settings["language_names"][code] for code in catalog.languages)
    for lang in catalog.languages:
        ui = _words(catalog, lang)
        for kind, path in page_kinds(catalog).items():
            phone.goto(site_url + _prefix(catalog, lang) + path)
            skip = phone.evaluate("() => { const a = document.querySelector('a.md-skip'); return a && a.getAttribute('href') }")
            if skip != "#page-title" or not phone.locator("h1#page-title").count():
                problems.append(f"{lang} {kind}: skip link {skip!r}")
            switch = phone.locator(".sc-languages").inner_text().replace("\n", " ").strip()
            if " ".join(switch.split()) != names:
                problems.append(f"{lang} {kind}: language switch {switch!r}, expected {names!r}")
            labels = phone.eval_on_selector_all("[data-md-component=palette] input[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
            if labels != [ui(k) for k in ("a11y.scheme_auto", "a11y.scheme_dark", "a11y.scheme_light")]:
                problems.append(f"{lang} {kind}: colour-scheme toggle labelled {labels}")
    assert not problems, "\n".join(problems)


def _set_text_size(page, percent: int) -> None:
    """The browser's own text-size setting (not zoom): the default font size, as a reader sets it."""
    client = page.context.new_cdp_session(page)
    client.send("Page.setFontSizes", {"fontSizes": {"standard": 16 * percent // 100, "fixed": 13 * percent // 100}})


@pytest.mark.parametrize("width, text_size", [(320, 100), (390, 200)])
def test_no_page_scrolls_sideways_or_loses_header_text(browser, site_url, catalog, width, text_size) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    context.add_init_script(path=str(CHECKS))
    page = context.new_page()
    _set_text_size(page, text_size)
    problems = []
    try:
        for lang in (catalog.default_language, catalog.languages[-1]):
            for kind, path in page_kinds(catalog).items():
                page.goto(site_url + _prefix(catalog, lang) + path)
                problems += [f"{lang} {kind}: {p}" for p in page.evaluate("scReflow()")]
                if kind == "statistics":
                    problems += [f"{lang} chart text {p}" for p in page.evaluate("scChartText()")]
                    unlabelled = page.evaluate("""() => [...document.querySelectorAll('article table')].filter(t => {
                        const box = t.closest('[role=region][aria-label], [role=region][aria-labelledby]')
                        return t.getBoundingClientRect().width > document.documentElement.clientWidth && !box }).length""")
                    if unlabelled:
                        problems.append(f"{lang} statistics: {unlabelled} wide tables outside a labelled scrolling region")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


MODES = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "high-contrast": {"color_scheme": "light", "high_contrast": True},
}


@pytest.mark.parametrize("mode", MODES)
def test_every_text_button_and_focus_ring_meets_wcag_aa_contrast(browser, site_url, catalog, mode) -> None:
    """Computed from the rendered colours: text 4.5:1 (large 3:1), button edges and focus rings 3:1."""
    context = browser.new_context(**PHONE, color_scheme=MODES[mode]["color_scheme"])
    context.add_init_script(path=str(CHECKS))
    if MODES[mode].get("high_contrast"):
        context.add_init_script("try { localStorage.setItem('sc-contrast', 'high') } catch (e) {}")
    page = context.new_page()
    problems = []
    try:
        for kind, path in page_kinds(catalog).items():
            page.goto(site_url + path)
            problems += [f"{kind}: {p}" for p in page.evaluate("scTextContrast()") + page.evaluate("scButtonContrast()")]
            for _ in range(8):  # the focus ring of the header's controls and the first links of the page
                page.keyboard.press("Tab")
                ring = page.evaluate("scFocusRing()")
                if ring:
                    problems.append(f"{kind}: {ring}")
    finally:
        context.close()
    assert not problems, "\n".join(sorted(set(problems)))


def test_no_page_requests_a_missing_file_or_logs_an_error(browser, site_url, offline_copy, catalog) -> None:
    """Online and from the offline copy (file://): no 4xx or 5xx response, no failed request, no console error."""
    problems: list[str] = []
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}: {r.failure}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    try:
        for lang in catalog.languages:
            for path in page_kinds(catalog).values():
                page.goto(site_url + _prefix(catalog, lang) + path)
                page.wait_for_load_state("networkidle")
                offline = offline_copy / _prefix(catalog, lang) / (path.rstrip("/") + ".html" if path else "index.html")
                if path.endswith("/") and not offline.exists():
                    offline = offline_copy / _prefix(catalog, lang) / path / "index.html"
                assert offline.exists(), offline
                page.goto(offline.as_uri())
                page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_every_kind_of_page_is_valid_html(sample_site, catalog) -> None:
    """The Nu HTML Checker (vnu.jar from `make browser-deps`): no error on any kind of page, in any language."""
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `make browser-deps`")
    java = shutil.which("java")
    if not java:
        pytest.skip("Java is not installed (Debian: default-jre-headless)")
    folder, _ = sample_site
    files = [str(folder / _prefix(catalog, lang) / path / "index.html") for lang in catalog.languages for path in page_kinds(catalog).values()]
    files.append(str(folder / "404.html"))
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *files], capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert not errors, "\n".join(errors)
