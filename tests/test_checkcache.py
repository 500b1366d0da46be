"""Validation that keeps unchanged files' findings (``catalog serve``) reports what a fresh validation reports."""

from __future__ import annotations

import os
from pathlib import Path

from servicecatalog.model.checkcache import CheckCache
from servicecatalog.model.validate import Result, validate_catalog
from site_helpers import PROJECT, make_project

FULL = PROJECT / "tests" / "fixtures" / "full" / "catalog"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    # a save within the same clock tick as the last read must still count as a change
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))


def _same(kept: Result, fresh: Result) -> None:
    assert kept.problems == fresh.problems
    assert (kept.catalog is None) == (fresh.catalog is None)
    if kept.catalog is not None and fresh.catalog is not None:
        assert {k: s.data for k, s in kept.catalog.services.items()} == {k: s.data for k, s in fresh.catalog.services.items()}


def test_a_kept_validation_rechecks_only_what_changed_and_finds_the_same(tmp_path: Path) -> None:
    root = make_project(tmp_path, FULL)
    cache = CheckCache()
    first = validate_catalog(root, cache=cache)
    assert first.ok and cache.checked > 10
    assert validate_catalog(root, cache=cache).problems == first.problems and cache.checked == 0

    service = root / "catalog" / "services" / "town" / "residence.yaml"
    _edit(service, "in_person_visits: 1", "in_person_visits: -1")
    broken = validate_catalog(root, cache=cache)
    assert cache.checked == 1, "only the saved file is checked again"
    assert any(p.file == "catalog/services/town/residence.yaml" and "minimum of 0" in p.message for p in broken.errors)
    _same(broken, validate_catalog(root))

    _edit(service, "in_person_visits: -1", "in_person_visits: 2")
    fixed = validate_catalog(root, cache=cache)
    _same(fixed, validate_catalog(root))
    assert fixed.catalog is not None and fixed.catalog.services["residence"].data["in_person_visits"] == 2


def test_a_changed_template_rechecks_the_services_built_on_it(tmp_path: Path) -> None:
    root = make_project(tmp_path, FULL)
    cache = CheckCache()
    validate_catalog(root, cache=cache)
    users = [p for p in (root / "catalog" / "services").rglob("*.yaml") if "template: property-tax" in p.read_text(encoding="utf-8")]
    _edit(root / "catalog" / "templates" / "property-tax.yaml", "in_person_visits: 1", "in_person_visits: -3")
    kept = validate_catalog(root, cache=cache)
    assert cache.checked == 1 + len(users)
    assert not kept.ok
    _same(kept, validate_catalog(root))


def test_changed_settings_check_everything_again(tmp_path: Path) -> None:
    root = make_project(tmp_path, FULL)
    cache = CheckCache()
    first = validate_catalog(root, cache=cache)
    settings = root / "catalog" / "catalog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    validate_catalog(root, cache=cache)
    assert cache.checked == first.files
