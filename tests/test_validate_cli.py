"""``catalog validate`` as editors and CI run it: exit codes, the three output formats, the help."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from servicecatalog.cli import main
from servicecatalog.model import validate
from servicecatalog.model.schemas import Schemas

FEE_LINE = "catalog/services/town/property-tax.yaml:10:13: error: fees[0].amount: -5 is less than the minimum of 0"


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:  # argparse stops with 0 for --help and 2 for a usage error
        return int(exit_.code or 0)


def _break_fee(root: Path) -> None:
    path = root / "catalog" / "services" / "town" / "property-tax.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 500", "amount: -5"), encoding="utf-8")


def test_valid_catalogue_exits_0(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["validate", str(mini_root)]) == 0
    out = capsys.readouterr().out
    assert out == "no errors (12 files checked)\n"


def test_invalid_catalogue_exits_1_with_located_message_and_summary(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break_fee(mini_root)
    assert _run(["validate", str(mini_root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [FEE_LINE, "1 error in 1 file (12 files checked)"]


def test_warnings_alone_exit_0(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    text = path.read_text(encoding="utf-8").replace(", en: Registering your address}", "}")
    path.write_text(text, encoding="utf-8")
    assert _run(["validate", str(mini_root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "catalog/services/town/residence.yaml:3:7: warning: name: 1 text not translated into 'en': name"
    assert out[1:] == ["no errors, 1 warning (12 files checked)", "untranslated texts per language: en 1"]


def test_summary_counts_errors_and_files(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break_fee(mini_root)
    (mini_root / "catalog" / "services" / "town" / "residence.yaml").write_text("- a list\n", encoding="utf-8")
    (mini_root / "catalog" / "stray.yml").write_text("a: b\n", encoding="utf-8")
    assert _run(["validate", str(mini_root)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "3 errors in 3 files (13 files checked)"


@pytest.mark.parametrize("argv", [["validate", "--bogus"], ["validate", "--format", "xml"], ["frobnicate"], []])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(argv) == 2
    assert "usage: catalog" in capsys.readouterr().err


def test_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["validate", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_folder_without_catalogue_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["validate", str(tmp_path)]) == 1
    assert "there is no catalog/ folder here" in capsys.readouterr().out


def test_json_format(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break_fee(mini_root)
    assert _run(["validate", str(mini_root), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert (payload["valid"], payload["files"], payload["errors"], payload["warnings"]) == (False, 12, 1, 0)
    [problem] = payload["problems"]
    assert problem == {
        "file": "catalog/services/town/property-tax.yaml", "line": 10, "column": 13, "severity": "error",
        "field": "fees[0].amount", "message": "-5 is less than the minimum of 0", "rule": "schema.minimum",
    }


def test_json_format_valid(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["validate", str(mini_root), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["valid"], payload["problems"]) == (True, [])


def test_github_format(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break_fee(mini_root)
    path = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(", en: Registering your address}", "}"), encoding="utf-8")
    assert _run(["validate", str(mini_root), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    annotation = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$")
    assert [line for line in lines if line.startswith("::")] == [
        "::error file=catalog/services/town/property-tax.yaml,line=10,col=13,title=fees[0].amount::fees[0].amount: -5 is less than the minimum of 0",
        "::warning file=catalog/services/town/residence.yaml,line=3,col=7,title=name::name: 1 text not translated into 'en': name",
    ]
    assert all(annotation.match(line) for line in lines[:2])
    assert lines[2] == "1 error in 1 file, 1 warning (12 files checked)"


def test_github_format_escapes_newlines_and_commas(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini_root / "catalog" / "services" / "town" / "a,b.yaml").write_text("id: x\nid: y\n", encoding="utf-8")
    assert _run(["validate", str(mini_root), "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=catalog/services/town/a%2Cb.yaml,line=2,col=1,title=id::")


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"]])
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: catalog")
    assert "validate" in out


def test_validate_help_explains_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    _run(["validate", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--format {text,github,json}" in out
    assert "0 valid (warnings allowed), 1 invalid, 2 usage error" in out


def test_no_colour_when_not_a_terminal(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break_fee(mini_root)
    _run(["validate", str(mini_root)])
    assert "\033[" not in capsys.readouterr().out


def test_value_with_a_trailing_line_break_is_rejected(mini_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`code: |` keeps a final line break; jsonschema-rs rejects it, and the explanation must not be missing."""
    path = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("code: TOWN-002", "code: |\n  TOWN-002"), encoding="utf-8")
    assert _run(["validate", str(mini_root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("catalog/services/town/residence.yaml:2:7: error: code: 'TOWN-002\\n' is not a valid catalogue code")
    assert lines[-1] == "1 error in 1 file (12 files checked)"


def test_rejection_the_detailed_validator_cannot_explain_still_fails(
    mini_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net: should the two validators ever disagree again, the fast one's own findings are reported."""
    real = validate.compile_schemas

    def blind(*args: Any, **kwargs: Any) -> Schemas:
        schemas = real(*args, **kwargs)
        schemas.detailed = {kind: Draft202012Validator({}) for kind in schemas.detailed}  # accepts everything
        return schemas

    monkeypatch.setattr(validate, "compile_schemas", blind)
    _break_fee(mini_root)
    path = mini_root / "catalog" / "services" / "town" / "residence.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("url: https://e-services.example.org/residence", "url: ftp://e-services.example.org/"), encoding="utf-8")
    assert _run(["validate", str(mini_root)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        FEE_LINE,
        ("catalog/services/town/residence.yaml:20:10: error: channels[1].url: 'ftp://e-services.example.org/' is not a valid web address: "
        'A full web address starting with `https://` or `http://`; for example "https://uslugi.gov.mk/"'),
        "2 errors in 2 files (12 files checked)",
    ]


def test_every_command_is_listed_and_each_runs_from_its_own_module(capsys: pytest.CaptureFixture[str]) -> None:
    """`catalog --help` lists every command; a command loads only its own module (validate: none of the others)."""
    from servicecatalog.cli import COMMANDS

    assert _run(["--help"]) == 0
    listed = capsys.readouterr().out
    for name in ("validate", "build", "serve", *COMMANDS):
        assert re.search(rf"^\s+{re.escape(name)}\s", listed, re.MULTILINE), f"catalog --help does not list {name}"
    for name in COMMANDS:
        assert _run([name, "--help"]) == 0, name
        assert f"usage: catalog {name}" in capsys.readouterr().out


def test_validate_loads_none_of_the_other_commands(mini_root: Path) -> None:
    import subprocess
    import sys

    from servicecatalog.cli import COMMANDS

    probe = ("import sys; from servicecatalog.cli import main; code = main(['validate', sys.argv[1]]); "
             "print(sorted(m for m in sys.modules if m in sys.argv[2:]))")
    done = subprocess.run([sys.executable, "-c", probe, str(mini_root), *COMMANDS.values()],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("was_on", [True, False])
def test_validation_leaves_the_cycle_collector_as_it_found_it(mini_root: Path, was_on: bool) -> None:
    """Validation pauses Python's cycle collector while it reads (the files are trees); `catalog serve` validates
    after every save for hours, so the collector must be back on after, also when a file is broken."""
    import gc

    (mini_root / "catalog" / "institutions" / "town.yaml").write_text("id: [town\n", encoding="utf-8")
    before = gc.isenabled()
    (gc.enable if was_on else gc.disable)()
    try:
        assert not validate.validate_catalog(mini_root).ok
        assert gc.isenabled() is was_on
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        if was_on:
            assert gc.collect() >= 1  # and it still finds what only it can free
    finally:
        (gc.enable if before else gc.disable)()
