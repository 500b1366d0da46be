"""The search index builder (servicecatalog.site.search): pure, from a loaded catalogue to entries and rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import validate_catalog
from servicecatalog.site.search import index_document, language_index, pairs, search_rules, search_tags
from site_helpers import make_project


def _catalog(root: Path) -> Catalog:
    result = validate_catalog(root)
    assert result.ok, [str(p) for p in result.errors]
    assert result.catalog is not None
    return result.catalog


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """The small catalogue with the repository's interface words (and their search rules)."""
    return make_project(tmp_path)


@pytest.fixture()
def catalog(project: Path) -> Catalog:
    mini_root = project
    institution = mini_root / "catalog" / "institutions" / "town.yaml"
    institution.write_text(institution.read_text(encoding="utf-8").replace(
        "name: {mk: Општина Град,", "short_name: {mk: ОГ, en: TM}\nname: {mk: Општина Град,"), encoding="utf-8")
    # the address registration is withdrawn, replaced by the property tax (not plausible, but small)
    residence = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    residence.write_text(residence.read_text(encoding="utf-8") + "status: withdrawn\nreplaced_by: property-tax\n", encoding="utf-8")
    return _catalog(mini_root)


def test_every_kind_of_page_is_in_each_language(catalog: Catalog) -> None:
    entries = {e.location: e for e in language_index(catalog, "en")}
    assert {loc: e.kind for loc, e in entries.items()} == {
        "services/property-tax/": "service", "services/residence/": "service",
        "life-events/moving-house/": "life-event",
        "categories/documents/": "category", "categories/property/": "category",
        "institutions/town/": "institution",
    }
    assert entries["institutions/town/"].title == "Town Municipality"
    assert entries["institutions/town/"].keywords == ("TM",), "the short name finds the institution"
    assert entries["life-events/moving-house/"].title == "Moving house"
    assert entries["categories/property/"].title == "Property"


def test_offline_pages_are_html_files(catalog: Catalog) -> None:
    locations = {e.location for e in language_index(catalog, "sq", directory_urls=False)}
    assert {"services/residence.html", "institutions/town.html", "life-events/moving-house.html", "categories/documents.html"} <= locations


def test_a_service_in_its_language_with_its_institution_as_context(catalog: Catalog) -> None:
    residence = next(e for e in language_index(catalog, "mk") if e.location == "services/residence/")
    assert residence.title == "Пријава на живеалиште"
    assert residence.text == "Пријавете ја новата адреса."
    assert residence.keywords == ("адреса", "adresa")
    assert residence.context == "ОГ Општина Град"
    # sq has no short name of its own: the default language's stands in, as on the pages
    sq = next(e for e in language_index(catalog, "sq") if e.location == "services/residence/")
    assert sq.context == "ОГ Komuna e Qytetit"


def test_withdrawn_service_carries_its_replacement(catalog: Catalog) -> None:
    entry = next(e for e in language_index(catalog, "en") if e.location == "services/residence/")
    assert entry.withdrawn
    assert entry.replaced_by == catalog.services["property-tax"].data["name"]["en"]
    assert entry.replacement == "services/property-tax/"
    doc = index_document(entry)
    assert doc["withdrawn"] is True and doc["replacement"] == "services/property-tax/"
    active = index_document(next(e for e in language_index(catalog, "en") if e.location == "services/property-tax/"))
    assert "withdrawn" not in active and "replaced_by" not in active and "kind" not in active


def test_index_documents_hold_plain_text_and_leave_out_what_is_empty(catalog: Catalog) -> None:
    doc = index_document(next(e for e in language_index(catalog, "en") if e.location == "life-events/moving-house/"))
    assert doc == {"location": "life-events/moving-house/", "title": "Moving house", "kind": "life-event"}


def test_rules_are_each_languages_own(catalog: Catalog) -> None:
    mk, sq, en = (search_rules(catalog, lang) for lang in ("mk", "sq", "en"))
    assert mk["letters"]["ш"] == "s" and mk["letters"]["љ"] == "lj"
    assert "на" in mk["stop_words"] and "од" in mk["stop_words"]
    assert {"e", "i", "të"} <= set(sq["stop_words"]) and sq["letters"] == {}
    assert {"a", "the"} <= set(en["stop_words"]) and "на" not in en["stop_words"]
    assert en["letters"] == {} and en["spellings"] == []
    # longest spelling first, so "dzh" is read before "zh"
    firsts = [a for a, _ in mk["spellings"]]
    assert firsts.index("dzh") < firsts.index("zh")
    assert en["labels"]["institution"] == "Institution" and mk["labels"]["withdrawn"]


def test_a_language_without_rules_gets_none_of_the_default_languages(catalog: Catalog) -> None:
    for key in ("search.stop_words", "search.letters", "search.spellings"):
        del catalog.ui["en"][key]
    en = search_rules(catalog, "en")
    assert en["stop_words"] == [] and en["letters"] == {} and en["spellings"] == []
    assert en["labels"]["institution"] == "Institution", "labels still fall back like every interface word"


def test_pairs() -> None:
    assert pairs("ш=s  ч=c\nь=") == [["ш", "s"], ["ч", "c"], ["ь", ""]]
    assert pairs("") == []


def test_tags_name_the_kinds_as_the_results_show_them() -> None:
    tags = search_tags({"search.kind.institution": "Institution", "search.kind.life-event": "Life & work",
                        "search.kind.category": "Category", "search.withdrawn": "Gone"})
    assert tags == {"Institution": "institution", "Life &amp; work": "life-event", "Category": "category", "Gone": "withdrawn"}


def test_bad_rules_are_refused_with_their_place(project: Path) -> None:
    mk = project / "catalog" / "ui" / "mk.yaml"
    mk.write_text(mk.read_text(encoding="utf-8").replace("search.letters: а=a", "search.letters: а a"), encoding="utf-8")
    result = validate_catalog(project)
    assert [(p.file, p.field) for p in result.errors] == [("catalog/ui/mk.yaml", "search.letters")], [str(p) for p in result.errors]
