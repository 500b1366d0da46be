"""catalog build --changed-since REF: the addresses a pull request's change shows on, for its verifier."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from servicecatalog import cli
from servicecatalog.model.validate import validate_catalog
from servicecatalog.site.affected import affected_pages
from site_helpers import make_project

BASE = "https://example.org/catalogue/"


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "E",
           "GIT_COMMITTER_EMAIL": "e@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(repo), "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, env=env)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "catalogue")
    return root


def test_a_changed_service_lists_its_pages_and_the_lists_that_show_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service = project / "catalog" / "services" / "town" / "residence.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("Registering your address", "Registering a new address"), encoding="utf-8")
    assert cli.main(["build", str(project), "--changed-since", "HEAD", "--jobs", "1"]) == 0, capsys.readouterr().out
    listed = (project / "changed-pages.txt").read_text(encoding="utf-8").splitlines()
    for address in (f"{BASE}services/residence/", f"{BASE}sq/services/residence/", f"{BASE}en/services/residence/",
                    f"{BASE}en/services/", f"{BASE}institutions/town/", f"{BASE}en/life-events/moving-house/"):
        assert address in listed, address
    assert f"{BASE}services/property-tax/" not in listed, "an unrelated service is not listed"
    assert "Registering a new address" in (project / "site" / "en" / "services" / "residence" / "index.html").read_text(encoding="utf-8")


def test_the_partial_site_holds_the_pages_a_change_shows_on_and_no_other(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service = project / "catalog" / "services" / "town" / "residence.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("Registering your address", "Registering a new address"), encoding="utf-8")
    assert cli.main(["build", str(project), "--changed-since", "HEAD", "--jobs", "1", "--site-dir", str(project / "preview")]) == 0, \
        capsys.readouterr().out
    site = project / "preview"
    for language in ("", "sq/", "en/"):
        for page in ("services/residence", "institutions/town", "life-events/moving-house", "services", ""):
            assert (site / language / page / "index.html").is_file(), f"{language}{page}"
        assert (site / language / "search" / "search_index.json").is_file(), "search works in the preview"
    assert "Registering a new address" in (site / "en" / "services" / "residence" / "index.html").read_text(encoding="utf-8")
    assert "Registering a new address" in (site / "en" / "institutions" / "town" / "index.html").read_text(encoding="utf-8")
    assert "Registering a new address" in (site / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert (site / "404.html").is_file() and (site / "assets" / "catalog.css").is_file()
    # Pages the change does not show on are not built, nor the open data, sitemaps or the web editor.
    for absent in ("services/property-tax/index.html", "en/services/property-tax/index.html", "categories/property/index.html",
                   "en/accessibility/index.html", "catalogue.json", "sitemap.xml", "admin"):
        assert not (site / absent).exists(), absent
    # ...and each page that is built is the page the full build writes.
    assert cli.main(["build", str(project), "--jobs", "1"]) == 0
    for page in ("en/services/residence/index.html", "sq/institutions/town/index.html", "index.html"):
        assert (site / page).read_bytes() == (project / "site" / page).read_bytes(), page


def test_a_change_to_every_page_builds_the_whole_site(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = project / "catalog" / "catalog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("en: Small catalogue", "en: Little catalogue"), encoding="utf-8")
    assert cli.main(["build", str(project), "--changed-since", "HEAD", "--jobs", "1"]) == 0, capsys.readouterr().out
    assert (project / "site" / "en" / "services" / "property-tax" / "index.html").is_file()
    assert (project / "changed-pages.txt").read_text(encoding="utf-8").startswith("every page")


def test_settings_or_interface_words_change_every_page(project: Path) -> None:
    catalog = validate_catalog(project).catalog
    assert affected_pages(catalog, ["catalog/catalog.yaml"]) is None
    assert affected_pages(catalog, ["catalog/ui/en.yaml"]) is None
    assert affected_pages(catalog, ["overrides/main.html"]) is None
    assert affected_pages(catalog, []) == []


def test_an_unknown_revision_is_a_clear_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", str(project), "--changed-since", "no-such-branch", "--jobs", "1"]) == 2
    assert "no-such-branch" in capsys.readouterr().err


def test_a_partial_preview_of_a_pull_request_is_marked_as_one(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service = project / "catalog" / "services" / "town" / "residence.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("Registering your address", "Registering a new address"), encoding="utf-8")
    site = project / "preview"
    assert cli.main(["build", str(project), "--changed-since", "HEAD", "--preview-of", "7", "--jobs", "1", "--site-dir", str(site)]) == 0, \
        capsys.readouterr().out
    assert (site / "catalog-preview.json").is_file()
    page = (site / "en" / "services" / "residence" / "index.html").read_text(encoding="utf-8")
    assert "Registering a new address" in page and "catalog-preview-banner" in page
    assert not (site / "en" / "services" / "property-tax").exists()
