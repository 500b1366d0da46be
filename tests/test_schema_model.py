"""The schema model: loaded from the files shipped in the package, checked, and asked about fields."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from servicecatalog.model import schemafiles
from servicecatalog.model.catalog import apply_defaults
from servicecatalog.model.fields import load_model
from servicecatalog.model.validate import validate_catalog

PROJECT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"


def test_the_package_ships_the_schemas_people_edit() -> None:
    """``schema/`` is the folder people read and edit; the package reads the same bytes."""
    shipped = schemafiles.bundled_dir()
    edited = sorted(p.name for p in (PROJECT / "schema").glob("*.schema.json"))
    assert sorted(p.name for p in shipped.glob("*.schema.json")) == edited
    for name in edited:
        assert (shipped / name).read_bytes() == (PROJECT / "schema" / name).read_bytes(), name


def test_a_field_is_asked_by_path() -> None:
    model = load_model()
    assert model.enum("service", "channels[].type") == ("in-person", "online", "phone", "post", "email")
    amount = model.field("service", "fees[].amount")
    assert amount.required and amount.title == "Amount"
    issuer = model.field("service", "documents[].issuer")
    assert (issuer.reference, issuer.localized) == ("institution", False)
    methods = model.field("service", "fees[].payment_methods").items
    assert methods is not None and (methods.reference, methods.vocabulary) == ("term", "payment-methods")
    assert model.field("service", "name").localized
    assert model.field("service", "institution").per_service
    assert model.field("service", "processing_time.typical").compound == "duration"
    with pytest.raises(KeyError):
        model.field("service", "no_such_field")


def test_defaults_come_from_the_schema() -> None:
    model = load_model()
    assert {n.path: n.default for n in model.defaults("service")} == {"status": "active", "documents[].obtained_by_administration": False}
    data = apply_defaults({"documents": [{"name": {}}], "fees": [{"amount": 1}]}, "MKD")
    assert data == {"status": "active", "documents": [{"name": {}, "obtained_by_administration": False}], "fees": [{"amount": 1, "currency": "MKD"}]}


def _project_with_schema(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(PROJECT / "schema", root / "schema")
    return root


def _validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "servicecatalog", "validate", str(root)], capture_output=True, text=True, check=False)


def test_a_malformed_schema_is_located_not_a_traceback(tmp_path: Path) -> None:
    root = _project_with_schema(tmp_path)
    (root / "schema" / "ui.schema.json").write_text('{\n  "type": "object",\n  "title": "x"\n  "oops": 1\n}\n', encoding="utf-8")
    done = _validate(root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "schema/ui.schema.json:4:3: error:" in done.stdout
    assert "not valid JSON" in done.stdout


def test_a_schema_against_the_meta_schema_is_located(tmp_path: Path) -> None:
    root = _project_with_schema(tmp_path)
    path = root / "schema" / "vocabulary.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["title"]["type"] = "txt"
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    done = _validate(root)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if '"txt"' in text)
    assert f"schema/vocabulary.schema.json:{line}:" in done.stdout
    assert "not a valid JSON Schema 2020-12" in done.stdout


def test_a_missing_schema_is_located(tmp_path: Path) -> None:
    root = _project_with_schema(tmp_path)
    (root / "schema" / "institution.schema.json").unlink()
    result = validate_catalog(root)
    [problem] = result.errors
    assert (problem.file, problem.line, problem.column) == ("schema/institution.schema.json", 1, 1)
    assert "cannot be read" in problem.message


def test_a_catalogue_without_a_schema_folder_uses_the_shipped_schemas(tmp_path: Path) -> None:
    root = tmp_path / "elsewhere"
    shutil.copytree(FIXTURE, root)
    assert not (root / "schema").exists()
    result = validate_catalog(root)
    assert result.ok, result.errors
    assert result.catalog is not None and result.catalog.schema is load_model()
