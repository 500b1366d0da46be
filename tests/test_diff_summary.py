"""``catalog diff`` on the pull requests a verifier meets: is the summary enough to approve from?

One fixture repository with dated commits, one tagged commit per case: each row of issue 13's table (a fee
goes up, a new service, a template's text changes, an id renamed) and each change that needs a closer look.
The expected summaries are golden files per language of the values (tests/golden/diff/<case>.<lang>.md);
refresh them with ``UPDATE_GOLDEN=1`` after an intended change and read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from servicecatalog.review.diff import diff_revisions
from test_diff import commit, edit, git, move, new_project, section

PROJECT = Path(__file__).resolve().parents[1]
GOLDEN = PROJECT / "tests" / "golden" / "diff"
LANGUAGES = ("mk", "sq", "en")

CITY_TAX = """\
id: city-property-tax
code: CITY-001
template: property-tax
institution: city
channels:
  - type: in-person
    offices: [town/centre]
fees:
  - description: {mk: Данок, sq: Tatimi, en: Tax}
    amount: 900
"""

NEW_SERVICE = """\
id: parking-permit
code: CITY-002
name: {mk: Дозвола за паркирање, sq: Leje parkimi, en: Parking permit}
summary: {mk: Дозвола за паркирање за станарите во зоната., en: A parking permit for residents of the zone.}
description: {mk: Станарите добиваат дозвола за паркирање во својата зона., sq: Banorët marrin leje parkimi në zonën e tyre., en: Residents get a permit to park in their zone.}
institution: city
categories: [documents]
audiences: [citizens]
in_person_visits: 1
documents:
  - name: {mk: Лична карта, sq: Letërnjoftim, en: Identity card}
    form: original-for-inspection
fees:
  - description: {mk: Годишна такса, sq: Taksa vjetore, en: Yearly fee}
    amount: 1200
processing_time:
  typical: {value: 5, unit: working-days}
channels:
  - type: online
    url: https://parking.example.org/apply
    maturity: 3
"""

DESCRIPTION_OLD = ("Сопствениците на имот плаќаат данок секоја година. Стапката на данокот е пропорционална и изнесува "
                   "од 0,10 % до 0,20 % од пазарната вредност на имотот, според одлуката на советот на општината.")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_project(tmp_path_factory.mktemp("summary") / "project")
    (root / "catalog" / "services" / "city").mkdir()
    (root / "catalog" / "services" / "city" / "city-property-tax.yaml").write_text(CITY_TAX, encoding="utf-8")
    edit(root, "templates/property-tax.yaml", "description: {mk: Сопствениците на имот плаќаат данок секоја година.,", f"description: {{mk: '{DESCRIPTION_OLD}',")
    edit(root, "services/town/residence.yaml", "  - name: {mk: Лична карта", "  - name: {mk: Договор за закуп, sq: Kontratë qiraje, en: Tenancy agreement}\n  - name: {mk: Лична карта")
    edit(root, "services/town/residence.yaml", "fees: []", "fees:\n  - description: {mk: Такса, sq: Taksa, en: Fee}\n    amount: 1500")
    commit(root, "start", "2024-01-02T12:00:00+00:00")
    # row 1: a fee goes up
    edit(root, "services/town/residence.yaml", "amount: 1500", "amount: 1800")
    commit(root, "fee-up", "2024-02-01T12:00:00+00:00")
    git(root, "checkout", "-q", "start")
    # row 2: a new service, without its legal basis and one translation
    (root / "catalog" / "services" / "city" / "parking-permit.yaml").write_text(NEW_SERVICE, encoding="utf-8")
    commit(root, "new-service", "2024-02-02T12:00:00+00:00")
    git(root, "checkout", "-q", "start")
    # row 3: a template's text changes the rate limit, for every service built on it
    edit(root, "templates/property-tax.yaml", "до 0,20 %", "до 0,25 %")
    commit(root, "template-text", "2024-02-03T12:00:00+00:00")
    git(root, "checkout", "-q", "start")
    # row 4: an id renamed, the old address redirecting
    move(root, "services/town/residence.yaml", "services/town/address-registration.yaml")
    edit(root, "services/town/address-registration.yaml", "id: residence\n", "id: address-registration\nformer_ids: [residence]\n")
    commit(root, "renamed", "2024-02-04T12:00:00+00:00")
    git(root, "checkout", "-q", "start")
    # what needs a closer look: a fee and a time that collapse, a document, step, channel and office removed,
    # a link to another site and a plain http one, a phone number and a web address in a text
    edit(root, "services/town/residence.yaml", "amount: 1500", "amount: 1.8")
    edit(root, "services/town/residence.yaml", "{value: 15, unit: working-days}", "{value: 2, unit: days}")
    edit(root, "services/town/residence.yaml", "  - name: {mk: Договор за закуп, sq: Kontratë qiraje, en: Tenancy agreement}\n", "")
    edit(root, "services/town/residence.yaml", "  - type: in-person\n    offices: [town/centre]\n", "")
    edit(root, "services/town/residence.yaml", "url: https://e-services.example.org/residence", "url: http://residence.example.net/form")
    edit(root, "services/town/residence.yaml", "sq: Paraqitni adresën e re.,", "sq: Paraqitni adresën e re. Telefononi 070 123 456 ose shihni www.example.net.,")
    edit(root, "services/city/city-property-tax.yaml", "fees:", "steps: []\nfees:")
    edit(root, "services/city/city-property-tax.yaml", "amount: 900", "amount: 0")
    commit(root, "closer-look", "2024-02-05T12:00:00+00:00")
    git(root, "checkout", "-q", "start")
    return root


CASES = ("fee-up", "new-service", "template-text", "renamed", "closer-look")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_summary_matches_golden(repo: Path, case: str, language: str) -> None:
    report = diff_revisions(repo, "start", case, language=language)
    golden = GOLDEN / f"{case}.{language}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(report, encoding="utf-8")
    assert report == golden.read_text(encoding="utf-8")


def test_fee_up_is_flagged_with_both_amounts(repo: Path) -> None:
    assert section(diff_revisions(repo, "start", "fee-up"), "### Бара повнимателен поглед") == ["- `residence`: таксата се зголемува: Такса: 1500 MKD → 1800 MKD"]


def test_new_service_reads_as_its_page(repo: Path) -> None:
    lines = section(diff_revisions(repo, "start", "new-service", language="en"), "#### `parking-permit` — Parking permit (new)")
    assert "- Required documents: Identity card" in lines
    assert "- Fees: Yearly fee (1200 MKD)" in lines
    assert "- How to apply: Online (https://parking.example.org/apply)" in lines
    assert "- Missing for citizens: Legal basis; Summary in 'sq'" in lines
    assert not any("review the whole file" in line for line in lines)


def test_template_text_change_is_shown_word_by_word_once_for_every_service(repo: Path) -> None:
    report = diff_revisions(repo, "start", "template-text")
    lines = section(report, "#### Заеднички шаблон `property-tax`")
    assert lines[0].startswith("Ги менува на ист начин услугите (2): `city-property-tax` (Данок на имот), `property-tax` (Данок на имот)")
    assert "~~0,20~~ **0,25**" in lines[-1] and lines[-1].startswith("- Опис: … ")
    assert report.count("~~0,20~~") == 1


def test_a_branch_behind_main_is_not_shown_mains_changes(repo: Path) -> None:
    """`catalog diff main HEAD` on a branch made before main moved on shows only the branch's own change."""
    git(repo, "checkout", "-q", "-b", "behind", "start")
    try:
        report = diff_revisions(repo, "fee-up", "renamed")  # fee-up: main's newer change, not on the branch
        assert "1800" not in report
        assert "`residence` → `address-registration` (старата адреса пренасочува)" in report
        assert "1800" in diff_revisions(repo, "fee-up", "renamed", merge_base=False)
    finally:
        git(repo, "checkout", "-q", "start")


def test_each_changed_service_links_its_preview_page(repo: Path) -> None:
    report = diff_revisions(repo, "start", "template-text", language="sq", preview_url="https://preview.example.org/pr-7")
    lines = section(report, "#### Shablloni i përbashkët `property-tax`")
    assert "Parapamja: <https://preview.example.org/pr-7/sq/services/city-property-tax/>  " in lines
    assert "Parapamja: <https://preview.example.org/pr-7/sq/services/property-tax/>" in lines
    new = diff_revisions(repo, "start", "new-service", preview_url="https://preview.example.org/pr-8/")
    assert "Преглед: <https://preview.example.org/pr-8/services/parking-permit/>" in section(new, "#### `parking-permit` — Дозвола за паркирање (нова)")
