"""``catalog reminders``: which institutions get an issue, listing which services, mentioning which teams.

A fixture repository with dated commits: the town's services were last changed in 2023, the city's in
December 2024; on 2025-03-01 with a limit of 365 days the town has two services to verify, the city none.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from servicecatalog.cli import main
from servicecatalog.review.reminders import LABEL, Reminder, plan
from test_verified import CITY, CITY_TAX, MINI, PROJECT, commit, git, replace


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reminders") / "project"
    shutil.copytree(MINI, root)
    shutil.copytree(PROJECT / "schema", root / "schema")
    (root / "catalog" / "institutions" / "city.yaml").write_text(CITY, encoding="utf-8")
    (root / "catalog" / "services" / "city").mkdir()
    (root / "catalog" / "services" / "city" / "city-property-tax.yaml").write_text(CITY_TAX.replace("related: [residence]\n", ""), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "2023-01-10T12:00:00+00:00", "start")
    replace(root, "services/city/city-property-tax.yaml", "offices: [town/centre]", "offices: [town/centre]\n  - type: phone\n    phone: +389 2 3000 000")
    commit(root, "2024-12-01T12:00:00+00:00", "city adds a phone channel")
    return root


def _issues(repo: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["reminders", "--root", str(repo), "--today", "2025-03-01", "--days", "365"]) == 0
    return json.loads(capsys.readouterr().out)


def test_one_issue_per_institution_with_its_stale_services_and_teams(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issues = {i["institution"]: i for i in _issues(repo, capsys)}
    assert sorted(issues) == ["city", "town"]
    town, city = issues["town"], issues["city"]
    assert (town["open"], town["services"], town["teams"]) == (True, ["property-tax", "residence"], ["example/town-editors"])
    assert town["title"] == "Услуги за проверка: Општина Град (town)"
    body = str(town["body"]).splitlines()
    assert body[0] == "<!-- catalog-reminder: town -->"
    assert body[2] == "@example/town-editors"
    assert "- [ ] `property-tax` Данок на имот — 2023-01-10 — `catalog/services/town/property-tax.yaml`" in body
    assert any(line.startswith("These services have not been verified for more than 365 days (as of 2025-03-01)") for line in body)
    assert (city["open"], city["services"]) == (False, [])


def test_plan_opens_updates_and_closes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issues = [Reminder(i["institution"], i["title"], i["body"], tuple(i["teams"]), tuple(i["services"])) for i in _issues(repo, capsys)]  # type: ignore[arg-type]
    town = next(i for i in issues if i.institution == "town")
    # nothing open yet: the town gets a new issue, the city none
    assert plan(issues, {}) == [["gh", "issue", "create", "--title", town.title, "--body", town.body, "--label", LABEL]]
    # both open: the town's is brought up to date, the city's closed as done
    commands = plan(issues, {"town": 12, "city": 7})
    assert commands[0] == ["gh", "issue", "close", "7", "--comment", commands[0][-1]]
    assert commands[1] == ["gh", "issue", "edit", "12", "--title", town.title, "--body", town.body]


def test_dry_run_prints_the_gh_commands(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reminders", "--root", str(repo), "--today", "2025-03-01", "--days", "365", "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith('gh issue create --title "Услуги за проверка: Општина Град (town)" --body ')
