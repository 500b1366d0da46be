"""``catalog stale``: services not verified for a long time, counted from git commit dates and a fixed today."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from servicecatalog.model.validate import validate_catalog
from servicecatalog.review import stale
from servicecatalog.review.stale import StaleService, stale_after, stale_services

MINI = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mini"
TODAY = dt.date(2025, 3, 1)
WITHDRAWN = """\
id: old-permit
code: TOWN-009
name: {mk: Стара дозвола, sq: Leje e vjetër, en: Old permit}
summary: {mk: Повеќе не се издава., sq: Nuk lëshohet më., en: No longer issued.}
description: {mk: Повеќе не се издава., sq: Nuk lëshohet më., en: No longer issued.}
institution: town
status: withdrawn
categories: [documents]
audiences: [citizens]
in_person_visits: 0
"""


def git(root: Path, *args: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def commit(root: Path, date: str) -> None:
    git(root, "add", "-A", date=date)
    git(root, "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "commit", "-q", "-m", date, date=date)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """residence verified 2024-06-01, property-tax through its template 2024-09-01, parking never, old-permit withdrawn."""
    root = tmp_path_factory.mktemp("stale") / "project"
    shutil.copytree(MINI, root)
    services = root / "catalog" / "services" / "town"
    (services / "old-permit.yaml").write_text(WITHDRAWN, encoding="utf-8")
    git(root, "init", "-q", "-b", "main", date="2023-01-01T12:00:00+00:00")
    commit(root, "2023-01-01T12:00:00+00:00")
    residence = services / "residence.yaml"
    residence.write_text(residence.read_text(encoding="utf-8").replace("in_person_visits: 1", "in_person_visits: 2"), encoding="utf-8")
    commit(root, "2024-06-01T12:00:00+00:00")
    template = root / "catalog" / "templates" / "property-tax.yaml"
    template.write_text(template.read_text(encoding="utf-8").replace("in_person_visits: 1", "in_person_visits: 2"), encoding="utf-8")
    commit(root, "2024-09-01T12:00:00+00:00")
    parking = residence.read_text(encoding="utf-8").replace("id: residence", "id: parking").replace("TOWN-002", "TOWN-003").replace("related: [property-tax]", "")
    (services / "parking.yaml").write_text(parking, encoding="utf-8")  # not committed: never verified
    return root


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="catalog")
    stale.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def run(repo: Path, *options: str) -> tuple[int, str]:
    import contextlib
    import io

    args = _parser().parse_args(["stale", "--root", str(repo), "--today", TODAY.isoformat(), *options])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = args.handler(args)
    return code, out.getvalue()


def test_text_lists_never_verified_first_then_the_oldest(repo: Path) -> None:
    assert run(repo, "--days", "200") == (0, (
        "catalog/services/town/parking.yaml: never verified: parking (town)\n"
        "catalog/services/town/residence.yaml: last verified 2024-06-01 (273 days ago): residence (town)\n"
        "Services not verified for more than 200 days: 2 (as of 2025-03-01)\n"
    ))


def test_the_list_speaks_the_verifiers_language(repo: Path) -> None:
    assert run(repo, "--days", "200", "--lang", "mk") == (0, (
        "catalog/services/town/parking.yaml: никогаш не е проверена: parking (town)\n"
        "catalog/services/town/residence.yaml: последна проверка 2024-06-01 (пред 273 дена): residence (town)\n"
        "Услуги што не се проверени повеќе од 200 дена: 2 (на 2025-03-01)\n"
    ))
    markdown = run(repo, "--days", "200", "--format", "markdown", "--lang", "sq")[1]
    assert markdown.startswith("## Shërbime të paverifikuara për më shumë se 200 ditë\n\nShërbime: 2, më 2025-03-01.\n\n"
                               "| shërbimi | institucioni | redaktorët | verifikuar |\n")


def test_template_change_counts_as_verification_and_365_is_the_default(repo: Path) -> None:
    assert run(repo) == (0, "catalog/services/town/parking.yaml: never verified: parking (town)\nServices not verified for more than 365 days: 1 (as of 2025-03-01)\n")
    # the service file is from 2023, its template from 2024-09-01
    assert "catalog/services/town/property-tax.yaml: last verified 2024-09-01 (181 days ago): property-tax (town)" in run(repo, "--days", "100")[1].splitlines()


def test_markdown(repo: Path) -> None:
    assert run(repo, "--days", "200", "--format", "markdown")[1] == (
        "## Services not verified for more than 200 days\n\n"
        "Services: 2, as of 2025-03-01.\n\n"
        "| service | institution | editors | verified |\n| --- | --- | --- | --- |\n"
        "| `parking` Пријава на живеалиште | `town` | `@example/town-editors` | never verified |\n"
        "| `residence` Пријава на живеалиште | `town` | `@example/town-editors` | last verified 2024-06-01 (273 days ago) |\n"
    )


def test_json(repo: Path) -> None:
    code, out = run(repo, "--days", "200", "--format", "json")
    data = json.loads(out)
    assert (code, data["today"], data["stale_after_days"]) == (0, "2025-03-01", 200)
    assert [(s["id"], s["verified"], s["days"], s["editor_teams"]) for s in data["services"]] == [
        ("parking", None, None, ["example/town-editors"]),
        ("residence", "2024-06-01", 273, ["example/town-editors"]),
    ]


def test_pure_function_with_given_dates(mini_root: Path) -> None:
    catalog = validate_catalog(mini_root).catalog
    assert catalog is not None
    dates = {"catalog/services/town/residence.yaml": dt.date(2024, 3, 1), "catalog/services/town/property-tax.yaml": dt.date(2024, 2, 29)}
    # exactly 366 days before is stale with a limit of 365; 365 days before is not
    assert stale_services(catalog, dates, dt.date(2025, 3, 1), 365) == [
        StaleService("property-tax", "Данок на имот", "town", ("example/town-editors",), "catalog/services/town/property-tax.yaml", dt.date(2024, 2, 29), 366),
    ]
    assert stale_services(catalog, {}, TODAY, 365)[0].verified is None


def test_limit_from_settings(mini_root: Path) -> None:
    catalog = validate_catalog(mini_root).catalog
    assert catalog is not None
    assert stale_after(catalog) == 365
    catalog.settings["stale_after_days"] = 90
    assert (stale_after(catalog), stale_after(catalog, 30)) == (90, 30)


@pytest.mark.parametrize("option", [["--today", "2025-13-01"], ["--days", "0"], ["--days", "a year"], ["--format", "html"]])
def test_bad_options_are_usage_errors(option: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        _parser().parse_args(["stale", *option])
    assert exit_.value.code == 2
    assert "stale" in capsys.readouterr().err


def test_invalid_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(MINI, tmp_path / "p")
    (tmp_path / "p" / "catalog" / "services" / "town" / "residence.yaml").write_text("id: residence\n", encoding="utf-8")
    assert run(tmp_path / "p")[0] == 1
    assert "run `catalog validate` first" in capsys.readouterr().err


def test_a_shallow_clone_is_refused_not_listed_as_never_verified(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True, capture_output=True)
    args = _parser().parse_args(["stale", "--root", str(clone), "--today", TODAY.isoformat()])
    assert args.handler(args) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "shallow clone" in captured.err and "git fetch --unshallow" in captured.err
