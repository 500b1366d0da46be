"""``catalog codeowners``: the generated text, the drift check, and that no editor team owns anything.

GitHub accepts the approval of any one code owner, so an editor team listed as
an owner could approve its own institution's change: only the verifiers own.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from servicecatalog.cli import main
from servicecatalog.model.validate import validate_catalog
from servicecatalog.review import codeowners

PROJECT = Path(__file__).resolve().parents[1]

MINI_RULES = """\
# Everything not named below: code, schemas, workflows, this file.
* @example/verifiers

# Shared catalogue files (settings, vocabularies, templates, interface words) and the code.
/catalog/ @example/verifiers
/schema/ @example/verifiers
/scripts/ @example/verifiers
/.github/ @example/verifiers

# Institution town: editors (not owners): example/town-editors
/catalog/institutions/town.yaml @example/verifiers
/catalog/services/town/ @example/verifiers
"""


def _render(root: Path) -> str:
    result = validate_catalog(root)
    assert result.catalog is not None, [p.message for p in result.errors]
    return codeowners.render_codeowners(result.catalog)


def _run(root: Path, *args: str) -> tuple[int, str]:
    """Run the subcommand through its own parser, as ``catalog`` registers it."""
    parser = argparse.ArgumentParser(prog="catalog")
    codeowners.add_parser(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args(["codeowners", "--root", str(root), *args])
    out = io.StringIO()
    return codeowners.run(parsed.root, check_only=parsed.check, out=out), out.getvalue()


def test_generated_text_for_the_small_catalogue(mini_root: Path) -> None:
    text = _render(mini_root)
    assert text.startswith("# GENERATED FILE - do not edit by hand.\n")
    assert "`catalog codeowners --check`" in text
    assert text == codeowners._HEADER + "\n" + MINI_RULES


def test_every_rule_names_only_the_verifiers_team(mini_root: Path) -> None:
    for root in (mini_root, PROJECT):
        result = validate_catalog(root)
        assert result.catalog is not None
        text = codeowners.render_codeowners(result.catalog)
        verifiers = "@" + result.catalog.settings["verifiers_team"]
        rules = codeowners.owner_lines(text)
        assert rules[0] == ("*", [verifiers]), "the default rule comes first so later rules can refine it"
        assert all(owners == [verifiers] for _, owners in rules)


def test_no_editor_team_appears_on_a_non_comment_line() -> None:
    result = validate_catalog(PROJECT)
    assert result.catalog is not None
    text = codeowners.render_codeowners(result.catalog)
    rule_lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    editor_teams = {team for institution in result.catalog.institutions.values() for team in institution["editor_teams"]}
    assert editor_teams, "the bundled catalogue names editor teams"
    for team in editor_teams:
        assert not [line for line in rule_lines if team in line], f"{team} must not own any path"
        assert f"editors (not owners): {team}" in text or f", {team}" in text, f"{team} is recorded in a comment"


def test_every_institution_folder_has_its_rules() -> None:
    result = validate_catalog(PROJECT)
    assert result.catalog is not None
    patterns = {pattern for pattern, _ in codeowners.owner_lines(codeowners.render_codeowners(result.catalog))}
    for institution_id in result.catalog.institutions:
        assert f"/catalog/services/{institution_id}/" in patterns
        assert f"/catalog/institutions/{institution_id}.yaml" in patterns


def test_write_then_check_passes(mini_root: Path) -> None:
    assert _run(mini_root) == (0, ".github/CODEOWNERS written\n")
    assert (mini_root / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == _render(mini_root)
    assert _run(mini_root, "--check") == (0, ".github/CODEOWNERS is up to date\n")
    assert _run(mini_root) == (0, ".github/CODEOWNERS is up to date\n")


def test_check_fails_on_a_drifted_file(mini_root: Path) -> None:
    _run(mini_root)
    path = mini_root / ".github" / "CODEOWNERS"
    path.write_text(path.read_text(encoding="utf-8") + "/catalog/services/town/ @example/town-editors\n", encoding="utf-8")
    status, out = _run(mini_root, "--check")
    assert status == 1
    assert "-/catalog/services/town/ @example/town-editors\n" in out
    assert out.endswith(".github/CODEOWNERS: error: the file is out of date with the catalogue; run `catalog codeowners` and commit the result\n")


def test_check_fails_when_an_editor_team_changes(mini_root: Path) -> None:
    _run(mini_root)
    institution = mini_root / "catalog" / "institutions" / "town.yaml"
    institution.write_text(institution.read_text(encoding="utf-8").replace("example/town-editors", "example/town-office"), encoding="utf-8")
    status, out = _run(mini_root, "--check")
    assert status == 1
    assert "+# Institution town: editors (not owners): example/town-office\n" in out


def test_check_fails_when_the_file_is_missing(mini_root: Path) -> None:
    assert _run(mini_root, "--check") == (1, ".github/CODEOWNERS: error: the file is missing; run `catalog codeowners` and commit it\n")
    assert not (mini_root / ".github").exists()


def test_invalid_catalogue_writes_nothing(mini_root: Path) -> None:
    settings = mini_root / "catalog" / "catalog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("verifiers_team: example/verifiers\n", ""), encoding="utf-8")
    status, out = _run(mini_root)
    assert status == 1
    assert "verifiers_team" in out
    assert out.endswith("CODEOWNERS was not written: fix the errors above first.\n")
    assert not (mini_root / ".github").exists()


def test_committed_codeowners_is_up_to_date() -> None:
    out = io.StringIO()
    assert codeowners.check(_render(PROJECT), PROJECT / ".github" / "CODEOWNERS", out), out.getvalue()


def test_catalog_command_offers_codeowners(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", "--root", str(mini_root)]) == 0
    assert main(["codeowners", "--check", "--root", str(mini_root)]) == 0
    assert capsys.readouterr().out == ".github/CODEOWNERS written\n.github/CODEOWNERS is up to date\n"
