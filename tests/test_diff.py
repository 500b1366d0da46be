"""``catalog diff``: a real git repository in a temporary folder, one commit per kind of change.

Each test compares two tagged commits and holds the exact lines a verifier reads.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from servicecatalog.review import diff
from servicecatalog.review.comparison import Comparison
from servicecatalog.review.diff import diff_revisions
from servicecatalog.review.diffreport import to_markdown
from servicecatalog.review.snapshot import load_snapshot, materialise

PROJECT = Path(__file__).resolve().parents[1]
MINI = PROJECT / "tests" / "fixtures" / "mini" / "catalog"

CITY = """\
id: city
type: municipality
name: {mk: Град Скопје, sq: Qyteti i Shkupit, en: City of Skopje}
editor_teams: [example/city-editors]
"""


def git(root: Path, *args: str, date: str = "2024-01-01T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout


def commit(root: Path, tag: str, date: str = "2024-01-01T12:00:00+00:00") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", tag, date=date)
    git(root, "tag", tag)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "catalog" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def move(root: Path, old: str, new: str) -> None:
    (root / "catalog" / new).parent.mkdir(parents=True, exist_ok=True)
    (root / "catalog" / old).rename(root / "catalog" / new)


def new_project(root: Path, repository: Path | None = None) -> Path:
    """The small catalogue with a second institution and a processing time, committed as ``base``."""
    repository = repository or root
    shutil.copytree(MINI, root / "catalog")
    shutil.copytree(PROJECT / "tests" / "fixtures" / "ui", root / "catalog" / "ui")  # the words for "15 working days"
    shutil.copytree(PROJECT / "schema", root / "schema")
    (root / "catalog" / "institutions" / "city.yaml").write_text(CITY, encoding="utf-8")
    edit(root, "services/town/residence.yaml", "fees: []", "fees: []\nprocessing_time:\n  typical: {value: 15, unit: working-days}")
    git(repository, "init", "-q", "-b", "main")
    git(repository, "config", "user.name", "Test Editor")
    git(repository, "config", "user.email", "editor@example.org")
    commit(repository, "base")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_project(tmp_path_factory.mktemp("diff") / "project")
    # fees, documents, channels, processing time, a dropped translation
    edit(root, "services/town/property-tax.yaml", "amount: 500", "amount: 700")
    edit(root, "services/town/residence.yaml", "    form: original-for-inspection\n",
         "    form: original-for-inspection\n  - name: {mk: Договор за закуп, sq: Kontratë qiraje, en: Tenancy agreement}\n")
    edit(root, "services/town/residence.yaml", "  - type: online\n    url: https://e-services.example.org/residence\n    maturity: 2\n", "")
    edit(root, "services/town/residence.yaml", "{value: 15, unit: working-days}", "{value: 10, unit: working-days}")
    edit(root, "services/town/residence.yaml", "sq: Paraqitni adresën e re., en: Register your new address.", "sq: Paraqitni adresën e re.")
    edit(root, "services/town/residence.yaml", "name: {mk: Пријава на живеалиште", "name: {mk: Пријава на адреса")
    commit(root, "edits", "2024-02-01T12:00:00+00:00")
    # a new id that redirects from the old one
    move(root, "services/town/residence.yaml", "services/town/address-registration.yaml")
    edit(root, "services/town/address-registration.yaml", "id: residence\n", "id: address-registration\nformer_ids: [residence]\n")
    edit(root, "templates/property-tax.yaml", "in_person_visits: 1", "in_person_visits: 2")
    commit(root, "redirect", "2024-03-01T12:00:00+00:00")
    # a new id without a redirect (same catalogue code)
    move(root, "services/town/property-tax.yaml", "services/town/land-tax.yaml")
    edit(root, "services/town/land-tax.yaml", "id: property-tax\n", "id: land-tax\n")
    edit(root, "services/town/address-registration.yaml", "related: [property-tax]", "related: [land-tax]")
    commit(root, "no-redirect", "2024-04-01T12:00:00+00:00")
    # withdrawn; moved to another institution; opening hours; a new vocabulary term
    edit(root, "services/town/address-registration.yaml", "institution: town\n", "institution: town\nstatus: withdrawn\n")
    move(root, "services/town/land-tax.yaml", "services/city/land-tax.yaml")
    edit(root, "services/city/land-tax.yaml", "institution: town", "institution: city")
    edit(root, "services/city/land-tax.yaml", "offices: [town/centre]", "offices: [town/centre]\n  - type: online\n    maturity: 0")
    edit(root, "institutions/town.yaml", 'closes: "16:00"', 'closes: "15:00"')
    edit(root, "vocabularies/categories.yaml", "  - id: property\n", "  - id: taxes\n    name: {mk: Даноци, sq: Taksat, en: Taxes}\n  - id: property\n")
    edit(root, "institutions/town.yaml", "editor_teams: [example/town-editors]", "editor_teams: [example/town-editors, example/outsiders]")
    commit(root, "withdraw-move", "2024-05-01T12:00:00+00:00")
    # an invalid revision: a negative fee
    edit(root, "services/city/land-tax.yaml", "amount: 700", "amount: -5")
    (root / "catalog" / "services" / "town" / "address-registration.yaml").unlink()
    commit(root, "invalid", "2024-06-01T12:00:00+00:00")
    return root


PAIRS = (("base", "edits"), ("edits", "redirect"), ("redirect", "no-redirect"), ("no-redirect", "withdraw-move"), ("withdraw-move", "invalid"))


@pytest.fixture(scope="module")
def reports(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """Each revision read once (``diff_revisions`` itself is run by the command tests)."""
    folder = tmp_path_factory.mktemp("revisions")
    snapshots = {}
    for tag in dict.fromkeys(t for pair in PAIRS for t in pair):
        materialise(repo, tag, folder / tag)
        snapshots[tag] = load_snapshot(folder / tag, tag)
    return {(a, b): to_markdown(Comparison(snapshots[a], snapshots[b]).run()) for a, b in PAIRS}


def section(markdown: str, heading: str) -> list[str]:
    """The non-empty lines under ``heading`` up to the next heading."""
    lines = markdown.splitlines()
    start = lines.index(heading) + 1
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("#")), len(lines))
    return [line for line in lines[start:end] if line]


def test_fee_document_channel_time_and_translation(reports: dict[tuple[str, str], str]) -> None:
    assert reports["base", "edits"] == """\
## Промени во каталогот: `base` → `edits`

### Бара повнимателен поглед

- `property-tax`: таксата се зголемува: Данок: 500 MKD → 700 MKD
- `residence`: отстранет е електронскиот канал (https://e-services.example.org/residence)
- `residence`: граѓанинот сега мора да донесе документ: Договор за закуп
- `residence`: отстранет превод (en): Краток опис

### Услугите накратко

- Преименувани: `residence`: Пријава на живеалиште → Пријава на адреса
- Изменети: `property-tax`

### Услуги

#### `property-tax` — Данок на имот

Институција: Општина Град (town) · уредници: `@example/town-editors`

- Такси › Данок: 500 MKD → 700 MKD

#### `residence` — Пријава на адреса

Институција: Општина Град (town) · уредници: `@example/town-editors`

- Назив: Пријава на живеалиште → Пријава на адреса
- Краток опис: отстранет превод: en
- Потребни документи: додадено: Договор за закуп
- Рок за постапување › Вообичаено: 15 работни дена → 10 работни дена
- Како да поднесете: отстрането: Електронски
"""


def test_new_id_with_redirect_and_a_template_change(reports: dict[tuple[str, str], str]) -> None:
    report = reports["edits", "redirect"]
    # a change to the template reaches every service built on it, and is flagged there
    assert section(report, "### Бара повнимателен поглед") == ["- `property-tax`: повеќе доаѓања на шалтер: 1 → 2"]
    assert section(report, "### Услугите накратко") == [
        "- Променет идентификатор: `residence` → `address-registration` (старата адреса пренасочува)",
        "- Изменети: `property-tax`",
    ]
    assert section(report, "#### `residence` → `address-registration` — Пријава на адреса")[1:] == ["- Поранешни идентификатори: додадено: residence"]
    # said once, under the template, with every service it changes
    assert section(report, "#### Заеднички шаблон `property-tax`") == [
        "Ги менува на ист начин услугите (1): `property-tax` (Данок на имот)  ",
        "Институција: Општина Град (town) · уредници: `@example/town-editors`",
        "- Лични посети: 1 → 2",
    ]
    assert section(report, "### Други датотеки") == ["- Заедничкиот шаблон `property-tax` е изменет (го користат `property-tax`)"]


def test_new_id_without_redirect_is_flagged(reports: dict[tuple[str, str], str]) -> None:
    report = reports["redirect", "no-redirect"]
    assert section(report, "### Бара повнимателен поглед") == [
        "- `property-tax` → `land-tax`: идентификаторот е променет без пренасочување; додајте `property-tax` во `former_ids`",
    ]
    assert section(report, "### Услугите накратко") == [
        "- Променет идентификатор: `property-tax` → `land-tax` (без пренасочување)",
        "- Изменети: `address-registration`",
    ]
    assert section(report, "#### `property-tax` → `land-tax` — Данок на имот") == [
        "Институција: Општина Град (town) · уредници: `@example/town-editors`",
        "- Нема друга промена освен идентификаторот.",
    ]
    assert section(report, "#### `address-registration` — Пријава на адреса")[1:] == ["- Поврзани услуги: додадено: land-tax; отстрането: property-tax"]


def test_withdrawn_moved_institution_and_vocabulary(reports: dict[tuple[str, str], str]) -> None:
    report = reports["no-redirect", "withdraw-move"]
    assert section(report, "### Бара повнимателен поглед") == [
        "- `address-registration`: повлечена (ништо не е наведено во `replaced_by`)",
        "- `land-tax`: преместена во друга институција: Општина Град (town) → Град Скопје (city)",
        "- институција `town`: променети се тимовите на уредници (кој може да предлага промени на нејзините услуги)",
    ]
    assert section(report, "### Услугите накратко") == ["- Повлечени: `address-registration`", "- Изменети: `land-tax`"]
    assert section(report, "#### `land-tax` — Данок на имот") == [
        # both institutions' editors, so the verifier can ask either
        "Институција: Општина Град (town) → Град Скопје (city) · уредници: `@example/city-editors`, `@example/town-editors`",
        "- Надлежна институција: Општина Град (town) → Град Скопје (city)",
        "- Како да поднесете: додадено: Електронски",
    ]
    assert section(report, "#### `town` — Општина Град") == [
        "Уредници: `@example/town-editors`, `@example/outsiders`",
        "- Тимови на уредници: додадено: example/outsiders",
        "- Шалтери › centre › Работно време › mo, tu, we, th, fr › Се затвора: 16:00 → 15:00",
    ]
    assert section(report, "### Речници") == ["- `categories`: додадени поими: `taxes`"]


def test_invalid_revision_is_said_and_still_compared(reports: dict[tuple[str, str], str]) -> None:
    report = reports["withdraw-move", "invalid"]
    assert report.splitlines()[2:5] == [
        ("> **`invalid` не поминува проверка** (грешки: 1); промените подолу се читаат од датотеките што се вчитуваат. "
         "Извршете `catalog validate` за целиот список."),
        ">",
        "> - catalog/services/city/land-tax.yaml:12:13: fees\\[0\\].amount: -5 is less than the minimum of 0",
    ]
    assert section(report, "### Бара повнимателен поглед") == [
        "- `address-registration`: услугата е отстранета и ниедна услуга не го наведува `address-registration` во `former_ids`: нејзината адреса престанува да работи",
        "- `land-tax`: таксата паѓа за повеќе од половина (печатна грешка, како 1.500 за 1500?): Данок: 700 MKD → -5 MKD",
    ]
    assert section(report, "#### `land-tax` — Данок на имот")[1:] == ["- Такси › Данок: 700 MKD → -5 MKD"]


def test_same_revision_has_no_changes(repo: Path) -> None:
    assert diff_revisions(repo, "edits", "edits") == "## Промени во каталогот: `edits` → `edits`\n\nНема промени во каталогот.\n"


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    project = new_project(tmp_path / "repo" / "site", tmp_path / "repo")
    edit(project, "services/town/property-tax.yaml", "amount: 500", "amount: 800")
    commit(tmp_path / "repo", "raise")
    report = diff_revisions(project, "HEAD~1", "HEAD")
    assert "не поминува проверка" not in report
    assert "- Такси › Данок: 500 MKD → 800 MKD" in report.splitlines()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="catalog")
    diff.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def test_command_writes_the_report_to_a_file(repo: Path, tmp_path: Path, reports: dict[tuple[str, str], str]) -> None:
    args = _parser().parse_args(["diff", "base", "edits", "--root", str(repo), "--output", str(tmp_path / "out.md")])
    assert args.handler(args) == 0
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == reports["base", "edits"]


def test_command_refuses_an_unknown_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["diff", "base", "no-such-branch", "--root", str(repo)])
    assert args.handler(args) == 2
    assert capsys.readouterr().err.startswith("catalog diff: ")


def test_command_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        _parser().parse_args(["diff", "--help"])
    assert exit_.value.code == 0
    assert "BASE" in capsys.readouterr().out


def test_currency_maturity_and_visits_are_flagged(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    edit(root, "services/town/property-tax.yaml", "    amount: 500", "    amount: 500\n    currency: EUR")
    edit(root, "services/town/residence.yaml", "maturity: 2", "maturity: 1")
    edit(root, "services/town/residence.yaml", "in_person_visits: 1", "in_person_visits: 3")
    commit(root, "worse")
    flags = section(diff_revisions(root, "base", "worse"), "### Бара повнимателен поглед")
    assert flags == [
        "- `property-tax`: такса во друга валута: Данок: 500 MKD → 500 EUR",
        "- `residence`: помалку може да се заврши електронски: зрелост на е-услугата 2 → 1",
        "- `residence`: повеќе доаѓања на шалтер: 1 → 3",
    ]
    # the other way round is better for citizens: only the currency still needs a look
    assert section(diff_revisions(root, "worse", "base", merge_base=False), "### Бара повнимателен поглед") == [
        "- `property-tax`: такса во друга валута: Данок: 500 EUR → 500 MKD",
    ]


def test_field_titles_come_from_the_revisions_own_schema(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    edit(root, "services/town/property-tax.yaml", "amount: 500", "amount: 800")
    schema = root / "schema" / "service.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"title": "Fees"', '"title": "Charges"', 1), encoding="utf-8")
    commit(root, "retitled")
    # English names are the schema's titles (other languages name fields in model/locales/fields/)
    assert "- Charges › Tax: 500 MKD → 800 MKD" in diff_revisions(root, "base", "retitled", language="en").splitlines()
    assert "- Такси › Данок: 500 MKD → 800 MKD" in diff_revisions(root, "base", "retitled").splitlines()


def test_a_revision_with_a_broken_schema_is_said_and_compared_by_the_other_ones(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    edit(root, "services/town/property-tax.yaml", "amount: 500", "amount: 800")
    (root / "schema" / "service.schema.json").write_text("{not json", encoding="utf-8")
    commit(root, "broken")
    report = diff_revisions(root, "base", "broken")
    assert "> - schema/service.schema.json:1:2: the schema is not valid JSON: Expecting property name enclosed in double quotes" in report.splitlines()
    assert "- Такси › Данок: 500 MKD → 800 MKD" in report.splitlines()


def test_a_legal_maximum_in_any_unit_that_falls_by_half_is_flagged(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    edit(root, "services/town/residence.yaml", "typical: {value: 15, unit: working-days}", "typical: {value: 600, unit: minutes}\n  legal_maximum: {value: 30, unit: days}")
    commit(root, "slow")
    edit(root, "services/town/residence.yaml", "typical: {value: 600, unit: minutes}\n  legal_maximum: {value: 30, unit: days}", "typical: {value: 60, unit: minutes}\n  legal_maximum: {value: 1, unit: weeks}")
    commit(root, "fast")
    flags = section(diff_revisions(root, "slow", "fast"), "### Бара повнимателен поглед")
    assert [flag.split(": ", 2)[1] for flag in flags] == ["времето на обработка паѓа за повеќе од половина"] * 2, flags
