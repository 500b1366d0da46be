"""Generated pages: exact list, golden text, reproducibility, fallback and safety.

Golden files live in tests/golden/mini/. After an intended change, refresh them with
    UPDATE_GOLDEN=1 python -m pytest tests/test_site_pages.py
and review the diff like any other change.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from servicecatalog.pages import generate
from servicecatalog.validate import validate_catalog
from site_helpers import PROJECT, make_project

GOLDEN = PROJECT / "tests" / "golden" / "mini"
HISTORY = {"catalog/services/town/residence.yaml": dt.date(2026, 3, 14)}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("mini"))


def _site(root: Path, **kwargs):
    result = validate_catalog(root)
    assert result.ok, [str(p) for p in result.errors]
    return generate(result.catalog, HISTORY, **kwargs)


def test_every_page_exists_in_every_language(mini: Path) -> None:
    pages = sorted(_site(mini).pages)
    expected_paths = [
        "categories/documents", "categories/index", "categories/property", "index", "institutions/index",
        "institutions/town", "life-events/index", "life-events/moving-house", "once-only", "online", "open-data", "priorities",
        "services/index", "statistics",
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
    from servicecatalog.pages import FEEDBACK_FORMS, PREFILLED_FIELDS

    for form in FEEDBACK_FORMS.values():
        data = yaml.safe_load((PROJECT / ".github" / "ISSUE_TEMPLATE" / form).read_text(encoding="utf-8"))
        ids = {item.get("id") for item in data["body"]}
        missing = [field for field in PREFILLED_FIELDS if field not in ids] if form != "5-praise.yml" else [f for f in ("page",) if f not in ids]
        assert not missing, f"{form} lacks the pre-filled fields {missing}"
