"""The pages a preview renders again after a save are every page the save changes.

`catalog serve` renders again only the pages `site.affected.preview_pages` names, by
what changed in a service. This holds that choice to the templates: for every field
of a service that sets every field, a changed or removed value changes no page
outside the chosen ones (a new template that shows a field in a list fails here).
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import validate_catalog
from servicecatalog.site.affected import preview_pages
from servicecatalog.site.pages import generate
from servicecatalog.site.search import updated_index
from site_helpers import PROJECT, make_project

FULL = PROJECT / "tests" / "fixtures" / "full" / "catalog"
SERVICE = "everything"
REQUIRED = {"id", "code", "name", "summary", "description", "institution", "categories", "audiences", "in_person_visits"}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = make_project(tmp_path_factory.mktemp("affected"), FULL)
    result = validate_catalog(root)
    assert result.catalog is not None, result.problems
    return result.catalog


def _variants(catalog: Catalog) -> list[tuple[str, dict[str, Any]]]:
    """For each field of the service: without it (when it may be left out), and with another service's value."""
    data = catalog.services[SERVICE].data
    variants = []
    for key in data:
        if key not in REQUIRED and key != "id":
            variants.append((f"without {key}", {k: v for k, v in data.items() if k != key}))
        others = [s.data[key] for s in catalog.services.values() if s.id != SERVICE and key in s.data and s.data[key] != data[key]]
        if others and key not in ("id", "former_ids"):
            variants.append((f"{key} of another service", {**data, key: copy.deepcopy(others[0])}))
    return variants


def test_a_saved_service_changes_only_the_pages_the_preview_renders_again(catalog: Catalog) -> None:
    generated = generate(catalog)
    base = generated.pages
    variants = _variants(catalog)
    assert len(variants) > 30, "the fixture service sets every field"
    for name, data in variants:
        after = copy.copy(catalog)
        after.services = {**catalog.services, SERVICE: dataclasses.replace(catalog.services[SERVICE], data=data)}
        site = generate(after)
        pages = site.pages
        changed = {page.rsplit(".", 2)[0] for page in base.keys() | pages.keys() if base.get(page) != pages.get(page)}
        chosen = preview_pages(catalog, after, [f"catalog/services/town/{SERVICE}.yaml"])
        assert chosen is not None, name
        assert changed <= set(chosen), f"{name}: {sorted(changed - set(chosen))} changed but the preview would not render them again"
        # The search index made again for the services those pages are of is the whole index made afresh.
        services = {page.removeprefix("services/") for page in chosen if page.startswith("services/")}
        for language in catalog.languages:
            assert updated_index(generated.search[language], after, language, services) == site.search[language], name
