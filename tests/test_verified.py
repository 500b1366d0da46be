"""When a service was last verified: dated commits in a real repository.

An id renamed in one institution, with the references to it updated in another institution's service,
must not count as verifying that other service; ``catalog confirm`` must, once merged; a merged pull
request counts on the day of its merge.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from servicecatalog.cli import main
from servicecatalog.model.history import last_changes
from servicecatalog.model.validate import validate_catalog
from servicecatalog.model.verification import stale_services, verified_on
from servicecatalog.review.confirm import with_record

PROJECT = Path(__file__).resolve().parents[1]
MINI = PROJECT / "tests" / "fixtures" / "mini"
CITY = "id: city\ntype: municipality\nname: {mk: Град Скопје, sq: Qyteti i Shkupit, en: City of Skopje}\neditor_teams: [example/city-editors]\n"
CITY_TAX = """\
id: city-property-tax
code: CITY-001
template: property-tax
institution: city
channels:
  - type: in-person
    offices: [town/centre]
related: [residence]
"""


def git(root: Path, *args: str, date: str = "2024-01-01T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=Editor", "-c", "user.email=e@example.org", *args],
                          check=True, capture_output=True, text=True, env=env).stdout


def commit(root: Path, date: str, message: str) -> None:
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "-m", message, date=date)


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "catalog" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verified") / "project"
    shutil.copytree(MINI, root)
    shutil.copytree(PROJECT / "schema", root / "schema")
    (root / "catalog" / "institutions" / "city.yaml").write_text(CITY, encoding="utf-8")
    (root / "catalog" / "services" / "city").mkdir()
    (root / "catalog" / "services" / "city" / "city-property-tax.yaml").write_text(CITY_TAX, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "2023-01-10T12:00:00+00:00", "start")
    # the town renames `residence`; the city's service only follows the new id in `related`
    (root / "catalog" / "services" / "town" / "residence.yaml").rename(root / "catalog" / "services" / "town" / "address-registration.yaml")
    replace(root, "services/town/address-registration.yaml", "id: residence\n", "id: address-registration\nformer_ids: [residence]\n")
    replace(root, "services/city/city-property-tax.yaml", "related: [residence]", "related: [address-registration]")
    commit(root, "2024-03-01T12:00:00+00:00", "town renames residence")
    return root


def test_a_rename_elsewhere_does_not_verify_this_service(repo: Path) -> None:
    dates = last_changes(repo)
    assert dates["catalog/services/town/address-registration.yaml"] == dt.date(2024, 3, 1)
    assert dates["catalog/services/city/city-property-tax.yaml"] == dt.date(2023, 1, 10)
    catalog = validate_catalog(repo).catalog
    assert catalog is not None
    stale = stale_services(catalog, dates, dt.date(2024, 6, 1), 365)
    assert [s.id for s in stale] == ["city-property-tax", "property-tax"]  # not address-registration, renamed this year


def test_confirm_writes_a_record_that_verifies_once_merged(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-q", "-b", "confirm-city")
    assert main(["confirm", "city-property-tax", "--by", "Ana Petrovska", "--today", "2024-05-30", "--root", str(repo)]) == 0
    assert "catalog/services/city/city-property-tax.yaml: confirmed on 2024-05-30 by Ana Petrovska" in capsys.readouterr().out
    assert main(["confirm", "city-property-tax", "--by", "Ana Petrovska", "--today", "2024-05-30", "--root", str(repo), "--lang", "mk"]) == 0
    assert "catalog/services/city/city-property-tax.yaml: потврдено на 2024-05-30 од Ana Petrovska" in capsys.readouterr().out
    text = (repo / "catalog" / "services" / "city" / "city-property-tax.yaml").read_text(encoding="utf-8")
    assert text.endswith('related: [address-registration]\nreviewed: {date: "2024-05-30", by: "Ana Petrovska"}\n')
    assert validate_catalog(repo).ok
    commit(repo, "2024-05-30T09:00:00+00:00", "confirm city-property-tax")
    git(repo, "checkout", "-q", "main")
    # the verifier approves and merges a week later: that is the day it counts from
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request: confirm", "confirm-city", date="2024-06-06T15:00:00+00:00")
    dates = last_changes(repo)
    assert dates["catalog/services/city/city-property-tax.yaml"] == dt.date(2024, 6, 6)
    catalog = validate_catalog(repo).catalog
    assert catalog is not None
    assert verified_on(catalog.services["city-property-tax"], dates) == dt.date(2024, 6, 6)
    assert [s.id for s in stale_services(catalog, dates, dt.date(2024, 7, 1), 365)] == ["property-tax"]


def test_a_second_confirmation_replaces_the_first() -> None:
    first = with_record("id: x\n# checked by phone\nreviewed:\n  date: '2024-01-01'\n  by: Old\nrelated: [y]\n", dt.date(2025, 2, 3), "Нова")
    assert first == 'id: x\n# checked by phone\nrelated: [y]\nreviewed: {date: "2025-02-03", by: "Нова"}\n'


def test_confirm_refuses_an_unknown_service(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["confirm", "no-such-service", "--by", "Ana", "--root", str(repo)]) == 1
    assert "there is no service 'no-such-service'" in capsys.readouterr().err


def test_the_change_summary_says_checked_nothing_changed(repo: Path) -> None:
    from servicecatalog.review.diff import diff_revisions

    report = diff_revisions(repo, "main~1", "main")
    assert "- Проверени, без промена: `city-property-tax` (Ana Petrovska, на 2024-05-30)" in report.splitlines()
    assert "Needs a closer look" not in report


def test_confirm_keeps_a_formatted_file_formatted(tmp_path: Path) -> None:
    """Catalogue files are in `catalog fmt`'s layout and the pull request checks it: a confirmation keeps it so."""
    root = tmp_path / "project"
    shutil.copytree(PROJECT / "tests" / "fixtures" / "full" / "catalog", root / "catalog")
    shutil.copytree(PROJECT / "schema", root / "schema")
    service = root / "catalog" / "services" / "town" / "everything.yaml"
    assert main(["fmt", "--root", str(root), str(service)]) == 0
    assert main(["fmt", "--check", "--root", str(root), str(service)]) == 0
    assert main(["confirm", "everything", "--by", "Ана Петровска", "--today", "2026-03-31", "--root", str(root)]) == 0
    assert main(["fmt", "--check", "--root", str(root), str(service)]) == 0
    text = service.read_text(encoding="utf-8")
    assert "reviewed:\n  date: '2026-03-31'\n  by: Ана Петровска\n" in text or "reviewed:\n  date: \"2026-03-31\"\n  by: Ана Петровска\n" in text, text
    assert validate_catalog(root, pr=True).ok


def _layout_repo(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    shutil.copytree(PROJECT / "schema", root / "schema")
    (root / "catalog" / "institutions" / "city.yaml").write_text(CITY, encoding="utf-8")
    (root / "catalog" / "services" / "city").mkdir()
    (root / "catalog" / "services" / "city" / "city-property-tax.yaml").write_text("# written by hand\n" + CITY_TAX, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "2023-01-10T12:00:00+00:00", "start")
    return root


@pytest.mark.parametrize("merge", ["--no-ff", "--squash", "--ff-only"])
def test_catalog_fmt_verifies_nothing_however_it_is_merged(tmp_path: Path, merge: str) -> None:
    """`catalog fmt` rewrites quotes, styles and comments: the data stays, so no service counts as checked that day."""
    root = _layout_repo(tmp_path)
    git(root, "checkout", "-q", "-b", "layout")
    assert main(["fmt", "--root", str(root)]) == 0
    changed = git(root, "status", "--porcelain").split()
    assert "catalog/services/city/city-property-tax.yaml" in changed  # the layout did change, byte for byte
    commit(root, "2024-02-01T12:00:00+00:00", "catalog fmt")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", merge, *(["-m", "Merge pull request: layout"] if merge == "--no-ff" else []), "layout", date="2024-02-08T12:00:00+00:00")
    if merge == "--squash":
        commit(root, "2024-02-08T12:00:00+00:00", "catalog fmt (squashed)")
    dates = last_changes(root)
    assert dates["catalog/services/city/city-property-tax.yaml"] == dt.date(2023, 1, 10)
    assert set(dates.values()) == {dt.date(2023, 1, 10)}
    # a fact changed in the same kind of merge does count, on the day it is merged
    git(root, "checkout", "-q", "-b", "fee")
    replace(root, "services/city/city-property-tax.yaml", "code: CITY-001", "code: CITY-002")
    commit(root, "2024-03-01T12:00:00+00:00", "new code")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "Merge pull request: fee", "fee", date="2024-03-05T12:00:00+00:00")
    assert last_changes(root)["catalog/services/city/city-property-tax.yaml"] == dt.date(2024, 3, 5)
