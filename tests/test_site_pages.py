"""Generated pages: exact list, golden text, reproducibility, fallback and safety.

Golden files live in tests/golden/mini/. After an intended change, refresh them with
    UPDATE_GOLDEN=1 python -m pytest tests/test_site_pages.py
and review the diff like any other change.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml

from servicecatalog.model.validate import validate_catalog
from servicecatalog.site.pages import generate
from servicecatalog.site.render import Collator
from servicecatalog.site.words import Words
from site_helpers import PROJECT, make_project

GOLDEN = PROJECT / "tests" / "golden" / "mini"
HISTORY = {"catalog/services/town/residence.yaml": dt.date(2026, 3, 14)}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("mini"))


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit_service(root: Path, service_id: str, change) -> None:
    _edit_yaml(root / "catalog" / "services" / "town" / f"{service_id}.yaml", change)


def _glance(page: str, label: str) -> str:
    """The value of one figure of the key facts on the first screen."""
    match = re.search(r'<dl class="sc-facts".*?</dl>', page, re.DOTALL)
    assert match, "no at-a-glance box"
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", match.group(0))
    assert found, f"no {label!r} at a glance"
    return found.group(1)


def _site(root: Path, **kwargs):
    result = validate_catalog(root)
    assert result.ok, [str(p) for p in result.errors]
    return generate(result.catalog, HISTORY, **kwargs)


def test_every_page_exists_in_every_language(mini: Path) -> None:
    pages = sorted(_site(mini).pages)
    expected_paths = [
        "accessibility", "categories/documents", "categories/index", "categories/property", "index", "institutions/index",
        "institutions/town", "life-events/index", "life-events/moving-house", "once-only", "online", "open-data", "priorities", "stale",
        "services/index", "statistics", "privacy",
        "services/property-tax", "services/residence",
    ]
    assert pages == sorted(f"{p}.{lang}.md" for p in expected_paths for lang in ("mk", "sq", "en"))


def test_pages_match_golden_files(mini: Path) -> None:
    pages = _site(mini).pages
    if os.environ.get("UPDATE_GOLDEN"):
        for name, text in pages.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    stored = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
    assert stored == sorted(pages), "golden files and generated pages differ in number; run with UPDATE_GOLDEN=1"
    for name, text in pages.items():
        assert (GOLDEN / name).read_text(encoding="utf-8") == text, f"{name} differs from its golden file"


def test_golden_pages_use_the_fixture_words_with_the_keys_of_the_catalogue(mini: Path) -> None:
    """A translator's fix to catalog/ui/ changes no golden page; a new interface word must reach the fixture too."""
    fixture = PROJECT / "tests" / "fixtures" / "ui"
    for path in sorted((PROJECT / "catalog" / "ui").glob("*.yaml")):
        used = mini / "catalog" / "ui" / path.name
        assert used.read_bytes() == (fixture / path.name).read_bytes()
        keys = set(yaml.safe_load(path.read_text(encoding="utf-8")))
        fixture_keys = set(yaml.safe_load(used.read_text(encoding="utf-8")))
        assert sorted(keys ^ fixture_keys) == [], f"add or remove these words in tests/fixtures/ui/{path.name} as in catalog/ui/"


def test_generation_is_reproducible(mini: Path) -> None:
    assert _site(mini).pages == _site(mini).pages


def test_offline_links_point_at_html_files(mini: Path) -> None:
    page = _site(mini, directory_urls=False).pages["services/residence.en.md"]
    assert 'href="../institutions/town.html"' in page
    assert 'href="../../institutions/town/"' not in page


def test_missing_translation_falls_back_visibly(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    service = root / "catalog" / "services" / "town" / "residence.yaml"
    data = yaml.safe_load(service.read_text(encoding="utf-8"))
    del data["summary"]["sq"]
    service.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = _site(root).pages["services/residence.sq.md"]
    assert '<span lang="mk" class="sc-untranslated"' in page and "Пријавете ја новата адреса." in page
    assert 'class="admonition note sc-fallback"' in page  # the page says so at the top
    assert "sc-fallback" not in _site(root).pages["services/residence.en.md"]


def test_fallback_text_is_announced_to_screen_readers(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    _edit_service(root, "residence", lambda d: (d["summary"].pop("sq"), d["description"].pop("sq")))
    page = _site(root).pages["services/residence.sq.md"]
    # the fallback keeps its own lang; the hidden words follow it, outside it, so they are read in the page's language
    assert ('<span lang="mk" class="sc-untranslated" title="Ende e papërkthyer; shfaqet në gjuhën origjinale.">Пријавете ја новата адреса.</span>'
            '<span class="sc-visually-hidden"> (ende e papërkthyer)</span>') in page
    # before a long text, so the reader is told before it starts
    assert '<p class="sc-visually-hidden"> (ende e papërkthyer)</p><div lang="mk" class="sc-untranslated"' in page
    assert "sc-visually-hidden" not in _site(root).pages["services/residence.en.md"]


def test_last_change_date_is_shown_in_the_page_language(mini: Path) -> None:
    pages = _site(mini).pages
    assert '<time datetime="2026-03-14">March 14, 2026</time>' in pages["services/residence.en.md"]
    assert '<time datetime="2026-03-14">14 март 2026\u202fг.</time>' in pages["services/residence.mk.md"]
    assert "<time datetime" not in pages["services/property-tax.en.md"]  # no history: no date


def test_former_ids_become_redirects(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    service = root / "catalog" / "services" / "town" / "residence.yaml"
    service.write_text(service.read_text(encoding="utf-8") + "former_ids: [address-registration]\n", encoding="utf-8")
    assert _site(root).redirects == {"services/address-registration": "services/residence"}


def test_a_change_to_the_template_counts_as_the_services_last_change(mini: Path) -> None:
    result = validate_catalog(mini)
    history = {"catalog/services/town/property-tax.yaml": dt.date(2026, 1, 5), "catalog/templates/property-tax.yaml": dt.date(2026, 6, 1)}
    page = generate(result.catalog, history).pages["services/property-tax.en.md"]
    assert '<time datetime="2026-06-01">' in page


def test_every_service_page_has_prefilled_feedback_links(mini: Path) -> None:
    page = _site(mini).pages["services/residence.sq.md"]
    expected = "https://github.com/example/catalogue/issues/new?template=1-error-on-a-page.yml&amp;service-id=residence&amp;page=https%3A%2F%2Fexample.org%2Fcatalogue%2Fsq%2Fservices%2Fresidence%2F"
    assert expected in page
    assert "template=3-proposal.yml&amp;service-id=residence" in page


def test_feedback_links_name_forms_and_fields_that_exist() -> None:
    from servicecatalog.site.service_facts import FEEDBACK_FORMS, PREFILLED_FIELDS

    for form in FEEDBACK_FORMS.values():
        data = yaml.safe_load((PROJECT / ".github" / "ISSUE_TEMPLATE" / form).read_text(encoding="utf-8"))
        ids = {item.get("id") for item in data["body"]}
        missing = [field for field in PREFILLED_FIELDS if field not in ids] if form != "5-praise.yml" else [f for f in ("page",) if f not in ids]
        assert not missing, f"{form} lacks the pre-filled fields {missing}"


# --- fees: not stated is not free; fees for one channel only ---------------------------------------------------


def test_a_service_without_fees_is_not_free(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    _edit_service(root, "property-tax", lambda d: d.pop("fees"))  # the template states none either
    pages = _site(root).pages
    for language, unknown in (("en", "Fee not stated – ask the institution"), ("mk", "Надоместокот не е наведен – прашајте ја институцијата"),
                              ("sq", "Tarifa nuk është e shënuar – pyesni institucionin")):
        page = pages[f"services/property-tax.{language}.md"]
        assert _glance(page, {"en": "Cost", "mk": "Цена", "sq": "Kostoja"}[language]) == {"en": "Not stated", "mk": "Не е наведена", "sq": "Nuk është shënuar"}[language]
        assert f'<div class="sc-fees">\n<p>{unknown} <a href="#contact">' in page
    assert "Free of charge" not in pages["services/property-tax.en.md"]
    assert _glance(pages["services/residence.en.md"], "Cost") == "Free"  # fees: [] is free
    # statistics: counted as not stated, not as 0 MKD; the free residence alone makes the figures
    stats_page = pages["statistics.en.md"]
    assert '<th scope="col" class="sc-num">Services with fees not stated</th>' in stats_page
    assert ('<td class="sc-num">0 MKD</td><td class="sc-num">0 MKD</td><td class="sc-num">1</td>') in stats_page


def test_when_no_service_states_fees_the_statistics_show_no_amount(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    _edit_service(root, "property-tax", lambda d: d.pop("fees"))
    _edit_service(root, "residence", lambda d: d.pop("fees"))
    assert '<td class="sc-num">–</td><td class="sc-num">–</td><td class="sc-num">2</td>' in _site(root).pages["statistics.en.md"]


def test_fees_for_one_channel_only_show_the_cheapest(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    fees = [{"description": {"mk": "На хартија", "sq": "Në letër", "en": "On paper"}, "amount": 180, "channels": ["in-person"]},
            {"description": {"mk": "Електронски", "sq": "Elektronike", "en": "Electronic"}, "amount": 150, "channels": ["online"]}]
    _edit_service(root, "residence", lambda d: d.update(fees=fees))  # in person and online at maturity 2
    pages = _site(root).pages
    assert _glance(pages["services/residence.en.md"], "Cost") == "from 150 MKD"
    assert _glance(pages["services/residence.mk.md"], "Цена") == "од 150 ден."
    assert _glance(pages["services/residence.sq.md"], "Kostoja") == "nga 150 MKD"
    assert '<tfoot><tr><th scope="row">Total</th><td class="sc-num"><strong>from 150 MKD</strong></td></tr></tfoot>' in pages["services/residence.en.md"]
    # statistics count the cheapest way: 500 (property-tax) + 150
    assert '<td class="sc-num">650 MKD</td><td class="sc-num">325 MKD</td><td class="sc-num">0</td>' in pages["statistics.en.md"]


def test_the_same_fee_on_every_way_is_a_total(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    fees = [{"description": {"mk": "Такса", "sq": "Taksa", "en": "Fee"}, "amount": 100, "channels": ["in-person", "online"]}]
    _edit_service(root, "residence", lambda d: d.update(fees=fees))
    assert _glance(_site(root).pages["services/residence.en.md"], "Cost") == "100 MKD"


def test_only_conditional_fees_point_to_the_fees(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    fees = [{"description": {"mk": "Итно", "sq": "Urgjent", "en": "Urgent"}, "amount": 100, "condition": {"mk": "итно", "sq": "urgjent", "en": "urgent"}}]
    _edit_service(root, "residence", lambda d: d.update(fees=fees))
    assert _glance(_site(root).pages["services/residence.en.md"], "Cost") == '<a href="#fees">See the fees</a>'


# --- processing time at a glance -----------------------------------------------------------------------------------


def test_glance_shows_usual_and_legal_maximum_time(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    _edit_service(root, "residence", lambda d: d.update(processing_time={"typical": {"value": 5, "unit": "days"}, "legal_maximum": {"value": 1, "unit": "months"}}))
    assert _glance(_site(root).pages["services/residence.en.md"], "How long") == "usually 5 days, at most 1 month by law"


def test_glance_falls_back_to_the_times_per_channel(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    time = {"per_channel": [{"channels": ["in-person"], "typical": {"value": 20, "unit": "minutes"}},
                            {"channels": ["online"], "legal_maximum": {"value": 2, "unit": "days"}}]}
    _edit_service(root, "residence", lambda d: d.update(processing_time=time))
    assert _glance(_site(root).pages["services/residence.en.md"], "How long") == (
        "In person: usually 20 minutes<br>Online: at most 2 days by law")


# --- offices -------------------------------------------------------------------------------------------------------


def test_office_without_coordinates_links_to_a_search_for_its_address(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    _edit_yaml(root / "catalog" / "institutions" / "town.yaml", lambda d: d["offices"][0].pop("geo"))
    pages = _site(root).pages
    # the default language's address (as maps write it), and the country named in that language
    link = ('<a class="sc-map-link" href="https://www.openstreetmap.org/search?query='
            '%D0%93%D0%BB%D0%B0%D0%B2%D0%BD%D0%B0+1%2C+1000+%D0%A1%D0%BA%D0%BE%D0%BF%D1%98%D0%B5%2C+'
            '%D0%A1%D0%B5%D0%B2%D0%B5%D1%80%D0%BD%D0%B0+%D0%9C%D0%B0%D0%BA%D0%B5%D0%B4%D0%BE%D0%BD%D0%B8%D1%98%D0%B0"')
    for name in ("services/residence.sq.md", "institutions/town.en.md"):
        assert link in pages[name], name
    assert "mlat=" not in pages["institutions/town.en.md"]


def test_office_details_paragraph_only_when_it_has_content(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    _edit_yaml(root / "catalog" / "institutions" / "town.yaml", lambda d: d["offices"][0].pop("accessibility"))
    _edit_yaml(root / "catalog" / "catalog.yaml", lambda d: d.pop("map_links"))  # a catalogue that names no map service gets no map links
    pages = _site(root).pages
    for name in ("services/residence.en.md", "institutions/town.en.md"):
        assert "<p></p>" not in pages[name] and "<p>\n</p>" not in pages[name], name
        assert "sc-map-link" not in pages[name]


# --- plurals -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "n", "expected"), [
    ("en", 1, "1 service"), ("en", 0, "0 services"), ("en", 21, "21 services"),
    ("mk", 1, "1 услуга"), ("mk", 21, "21 услуга"), ("mk", 11, "11 услуги"), ("mk", 5, "5 услуги"),
    ("sq", 1, "1 shërbim"), ("sq", 21, "21 shërbime"),
])
def test_counts_use_the_plural_rules_of_the_language(mini: Path, language: str, n: int, expected: str) -> None:
    words = Words(validate_catalog(mini).catalog, language)
    assert words.plural("list.services_count", n) == expected


def test_a_language_without_a_plural_form_falls_back_to_its_other_form(mini: Path) -> None:
    catalog = validate_catalog(mini).catalog
    catalog.ui["ru"] = {"list.services_count.other": "{count} услуг"}  # Russian has one, few, many, other
    assert Words(catalog, "ru").plural("list.services_count", 3) == "3 услуг"
    catalog.ui["ru"] = {}
    assert Words(catalog, "ru").plural("list.services_count", 21) == "21 услуга"  # the default language's words


def test_every_plural_word_has_every_category_of_its_language() -> None:
    from babel import Locale

    for path in sorted((PROJECT / "catalog" / "ui").glob("*.yaml")):
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
        categories = set(Locale.parse(path.stem).plural_form.tags) | {"other"}
        bases = {key.rsplit(".", 1)[0] for key in words if key.rsplit(".", 1)[-1] in ("zero", "one", "two", "few", "many", "other")}
        for base in bases:
            missing = sorted(c for c in categories if f"{base}.{c}" not in words)
            assert not missing, f"{path.name}: {base} lacks {missing}"


def test_lists_count_services_in_the_right_plural(mini: Path) -> None:
    pages = _site(mini).pages
    for name in ("index.en.md", "categories/index.en.md", "life-events/index.en.md"):
        assert "(1 services)" not in pages[name] and "(1 service)" in pages[name], name
    assert "(2 services)" in pages["institutions/index.en.md"]
    assert "2 services from 1 institution</p>" in pages["index.en.md"]


# --- home heading --------------------------------------------------------------------------------------------------


def test_home_page_is_headed_by_the_catalogue_name(mini: Path) -> None:
    pages = _site(mini).pages
    for language, name in (("mk", "Мал каталог"), ("sq", "Katalog i vogël"), ("en", "Small catalogue")):
        page = pages[f"index.{language}.md"]
        assert f'\n# {name} {{#page-title tabindex="-1"}}\n' in page  # the first heading: where "Skip to content" lands
        assert "catalog_home: true" in page.split("\n---\n")[0]  # overrides/main.html: the tab says the name once


# --- alphabetical order --------------------------------------------------------------------------------------------


def _collator(language: str):
    words = yaml.safe_load((PROJECT / "catalog" / "ui" / f"{language}.yaml").read_text(encoding="utf-8"))
    return Collator.from_alphabet(words.get("alphabet", ""))


def test_macedonian_letters_sort_in_the_alphabet_not_by_code_point() -> None:
    names = ["Шум", "Џеб", "Ќерка", "Њива", "Љубов", "Ѕвезда", "Ѓердан", "Јавор", "Ана", "Бор", "Дом", "Ела", "Зора", "Ирис", "Коса",
             "Лист", "Море", "Нова", "Тага", "Улица", "Цвет", "Чаша"]
    expected = ["Ана", "Бор", "Дом", "Ѓердан", "Ела", "Зора", "Ѕвезда", "Ирис", "Јавор", "Коса", "Лист", "Љубов", "Море", "Нова", "Њива",
                "Тага", "Ќерка", "Улица", "Цвет", "Чаша", "Џеб", "Шум"]
    collator = _collator("mk")
    assert sorted(names, key=collator.key) == expected
    assert sorted(names) != expected  # code-point order puts Ѓ Ѕ Ј Љ Њ Ќ Џ before А
    assert [collator.initial(n) for n in ("Ѓердан", "Џеб", "„Њива“")] == ["Ѓ", "Џ", "Њ"]


def test_albanian_letters_and_digraphs_sort_in_the_alphabet() -> None:
    names = ["Zhurma", "Zogu", "Xhami", "Xixa", "Thika", "Tirana", "Shtëpia", "Sy", "Rruga", "Rosa", "Njeri", "Nuk", "Llamba", "Lumi",
             "Gjuha", "Guri", "Ëndrra", "Era", "Dhurata", "Dyqani", "Çmimi", "Cilësia"]
    expected = ["Cilësia", "Çmimi", "Dyqani", "Dhurata", "Era", "Ëndrra", "Guri", "Gjuha", "Lumi", "Llamba", "Nuk", "Njeri",
                "Rosa", "Rruga", "Sy", "Shtëpia", "Tirana", "Thika", "Xixa", "Xhami", "Zogu", "Zhurma"]
    collator = _collator("sq")
    assert sorted(names, key=collator.key) == expected
    assert [collator.initial(n) for n in ("Çmimi", "Dhurata", "Ëndrra", "xhami")] == ["Ç", "Dh", "Ë", "Xh"]


def test_without_an_alphabet_text_sorts_by_its_unaccented_letters() -> None:
    collator = Collator()
    assert sorted(["Zeta", "éclair", "Eagle", "apple", "Ångström", "2 copies"], key=collator.key) == ["2 copies", "Ångström", "apple", "Eagle", "éclair", "Zeta"]
    assert collator.initial("éclair") == "E"
    # a letter missing from an alphabet sorts with its unaccented letter
    assert sorted(["Ezra", "Éclair", "Dog"], key=_collator("en").key) == ["Dog", "Éclair", "Ezra"]


def test_a_to_z_page_groups_by_the_languages_letters(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    _edit_service(root, "residence", lambda d: d["name"].update(mk="Ѓердан", sq="Dhurata"))
    _edit_service(root, "property-tax", lambda d: d.update(name={"mk": "Ена", "sq": "Dyqani", "en": "Property tax"}))
    pages = _site(root).pages
    assert re.findall(r'<h2 id="letter-\d+">(.*?)</h2>', pages["services/index.mk.md"]) == ["Ѓ", "Е"]
    assert re.findall(r'<h2 id="letter-\d+">(.*?)</h2>', pages["services/index.sq.md"]) == ["D", "Dh"]


# --- services to re-verify -----------------------------------------------------------------------------------------


def test_stale_page_lists_services_not_verified_since_the_limit(mini: Path) -> None:
    result = validate_catalog(mini)
    pages = generate(result.catalog, HISTORY, today=dt.date(2027, 6, 1)).pages
    page = pages["stale.en.md"]
    assert '<time datetime="2027-06-01">June 1, 2027</time><br>2 services to re-verify.' in page
    # never verified first, then the oldest; 2026-03-14 is 444 days before
    assert page.index("services/property-tax/") < page.index("services/residence/")
    assert '<time datetime="2026-03-14">March 14, 2026</time><br><span class="sc-muted">444 days ago</span>' in page
    assert "<code>@example/town-editors</code>" in page
    assert "пред 444 дена" in pages["stale.mk.md"]
    assert "Услуги за повторна проверка" in pages["statistics.mk.md"] and 'href="../stale/"' in pages["statistics.mk.md"]


def test_stale_page_counts_from_the_newest_commit_by_default(mini: Path) -> None:
    page = _site(mini).pages["stale.en.md"]  # newest commit: 2026-03-14, so residence was verified 0 days before
    assert '<time datetime="2026-03-14">' in page and "1 service to re-verify." in page and "services/residence/" not in page


def test_stale_page_without_history_says_dates_are_unknown(mini: Path) -> None:
    page = generate(validate_catalog(mini).catalog, {}).pages["stale.en.md"]
    assert "no version history" in page and "<table>" not in page


# --- the built site: 404 page, footer, browser titles --------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import io

    from servicecatalog.mkdocs.build import build_site

    root = make_project(tmp_path_factory.mktemp("built"))
    out = io.StringIO()
    assert build_site(root, out=out), out.getvalue()
    return root / "site"


def test_one_404_page_speaks_every_language(built: Path) -> None:
    assert [p.relative_to(built).as_posix() for p in built.rglob("404.html")] == ["404.html"]
    page = (built / "404.html").read_text(encoding="utf-8")
    assert '<html lang="mk"' in page  # the default language's build writes it, with its interface
    assert "<title>Страницата не е пронајдена - Мал каталог</title>" in page
    for language, title, home in (("mk", "Страницата не е пронајдена", "/catalogue/"), ("sq", "Faqja nuk u gjet", "/catalogue/sq/"),
                                  ("en", "Page not found", "/catalogue/en/")):
        assert f'<section lang="{language}" aria-labelledby="not-found-{language}">' in page
        assert f'id="not-found-{language}">{title}</h' in page
        assert f'<a href="{home}" hreflang="{language}">' in page
    assert "404 - Not found" not in page
    # the language switch leads to the other home pages, not to a page left over from the last build
    assert re.findall(r'<li lang="[a-z]+">(?:<span aria-hidden="true">· </span>)?<a href="([^"]*)" hreflang="[a-z]+">', page) == ["/catalogue/sq/", "/catalogue/en/"]
    assert '<li lang="mk"><span aria-current="page">' in page


def test_no_english_footer_on_other_languages(built: Path) -> None:
    for page in ("index.html", "sq/index.html", "services/residence/index.html", "404.html"):
        assert "Made with" not in (built / page).read_text(encoding="utf-8"), page


def test_home_pages_are_titled_once_with_the_catalogue_name(built: Path) -> None:
    for page, name in (("index.html", "Мал каталог"), ("sq/index.html", "Katalog i vogël"), ("en/index.html", "Small catalogue")):
        html = (built / page).read_text(encoding="utf-8")
        assert f"<title>{name}</title>" in html, page
        assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == [name], page
    assert "<title>Services to re-verify - Small catalogue</title>" in (built / "en" / "stale" / "index.html").read_text(encoding="utf-8")


def test_placeholders_never_reach_citizens(tmp_path: Path) -> None:
    """A file fresh from `catalog new` is valid (warnings only) and builds locally; no page prints its placeholders."""
    from servicecatalog.editors import scaffold
    from servicecatalog.model.validate import PLACEHOLDER

    root = make_project(tmp_path)
    path = scaffold.create(root, "town", "Издавање пасош")
    text = path.read_text(encoding="utf-8").replace("channels: TODO", "channels:\n  - type: in-person\n    offices: [town/centre]")
    path.write_text(text, encoding="utf-8")
    site = _site(root)
    page = site.pages["services/izdavanje-pasos.mk.md"]
    assert 'data-service-id="izdavanje-pasos"' in page and '<p class="sc-lead"></p>' in page  # the unfinished summary left out
    leaking = sorted(name for name, body in site.pages.items() if PLACEHOLDER in body)
    assert leaking == []


# --- trust: the accessibility statement, the privacy note and the footer --------------------------------------------


def test_accessibility_statement_follows_the_eu_model_in_every_language(tmp_path: Path) -> None:
    root = make_project(tmp_path)

    def settings(d):
        d["operator"] = {"mk": "Тимот", "sq": "Ekipi", "en": "The team"}
        d["accessibility_enforcement"] = {"name": {"mk": "Правобранител", "sq": "Avokati", "en": "Ombudsman"}, "url": "https://ombudsman.example.org/"}
        d["accessibility_reviewed"] = "2026-12-04"
        d["contact_email"] = "team@example.org"

    _edit_yaml(root / "catalog" / "catalog.yaml", settings)
    site = _site(root)
    ui = {lang: yaml.safe_load((PROJECT / "catalog" / "ui" / f"{lang}.yaml").read_text(encoding="utf-8")) for lang in ("mk", "sq", "en")}
    for lang, body in (("mk", "Правобранител"), ("sq", "Avokati"), ("en", "Ombudsman")):
        page = site.pages[f"accessibility.{lang}.md"]
        for section in ("status_title", "problems_title", "prepared_title", "feedback_title", "enforcement_title"):
            assert f"## {ui[lang]['a11y_statement.' + section]}" in page.replace("\\", ""), (lang, section)
        assert f'<a href="https://ombudsman.example.org/" rel="noopener">{body}</a>' in page
        assert '<a href="mailto:team@example.org">team@example.org</a>' in page
        assert "WCAG" in page and "2026" in page and "prepared on –" not in page
        assert ui[lang]["privacy.cookies"] in site.pages[f"privacy.{lang}.md"]
        assert site.footers[lang]["run_by"] == ui[lang]["footer.run_by"].format(operator={"mk": "Тимот", "sq": "Ekipi", "en": "The team"}[lang])
        assert site.footers[lang]["email"] == "team@example.org"


def test_without_an_enforcement_body_the_statement_says_where_to_turn_in_general(mini: Path) -> None:
    page = _site(mini).pages["accessibility.en.md"]
    assert "turn to the body that takes complaints about the accessibility of public websites in your country" in page
