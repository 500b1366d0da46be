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


def test_settings_or_interface_words_change_every_page(project: Path) -> None:
    catalog = validate_catalog(project).catalog
    assert affected_pages(catalog, ["catalog/catalog.yaml"]) is None
    assert affected_pages(catalog, ["catalog/ui/en.yaml"]) is None
    assert affected_pages(catalog, ["overrides/main.html"]) is None
    assert affected_pages(catalog, []) == []


def test_an_unknown_revision_is_a_clear_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", str(project), "--changed-since", "no-such-branch", "--jobs", "1"]) == 2
    assert "no-such-branch" in capsys.readouterr().err
