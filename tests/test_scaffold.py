"""``catalog new``: the scaffolded service validates and builds as is, and nothing is ever overwritten."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from servicecatalog.editors import scaffold
from servicecatalog.editors.fieldref import walk
from servicecatalog.model.fields import load_model
from servicecatalog.model.validate import validate_catalog
from site_helpers import make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throw-away project with one scaffolded service (shared: building the site takes a few seconds)."""
    root = make_project(tmp_path_factory.mktemp("scaffold"))
    scaffold.create(root, "town", "Издавање пасош")
    return root


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def _service(root: Path) -> Path:
    return root / "catalog" / "services" / "town" / "izdavanje-pasos.yaml"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Издавање пасош", "izdavanje-pasos"),
        ("Лична карта – замена", "licna-karta-zamena"),
        ("Ѓубре, џеб, ќерка, ѕвезда, љубов, њива, жител, чекор", "gubre-dzeb-kerka-dzvezda-ljubov-njiva-zitel-cekor"),
        ("Lëshimi i çertifikatës", "leshimi-i-certifikates"),
        ("Building permit (2024)", "building-permit-2024"),
        ("2024 tax return", "service-2024-tax-return"),
    ],
)
def test_slug_from_title(title: str, slug: str) -> None:
    assert scaffold.slugify(title) == slug


def test_long_title_is_cut_at_a_word() -> None:
    slug = scaffold.slugify("Потврда " * 20)
    assert len(slug) <= scaffold.MAX_SLUG and slug.endswith("potvrda")


def test_scaffold_validates_without_errors(project: Path) -> None:
    result = validate_catalog(project)
    assert result.errors == []
    # left to do: the placeholders (warned, so a scaffold is not merged by mistake) and the translations
    assert {p.rule for p in result.problems} == {"translation-missing", "placeholder"}
    assert "izdavanje-pasos" in result.catalog.services  # type: ignore[union-attr]


def test_site_builds_with_the_scaffold(project: Path) -> None:
    from servicecatalog.mkdocs.build import build_site

    out = io.StringIO()
    assert build_site(project, out=out), out.getvalue()
    page = project / "site" / "services" / "izdavanje-pasos" / "index.html"
    assert "Издавање пасош" in page.read_text(encoding="utf-8")


def test_scaffold_content(project: Path) -> None:
    text = _service(project).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../../schema/service.schema.json"
    data = yaml.safe_load(text)
    assert data["id"] == "izdavanje-pasos"
    assert data["institution"] == "town"
    assert data["name"] == {"mk": "Издавање пасош"}
    assert data["summary"]["mk"].startswith("TODO")
    assert data["code"].startswith("TODO-")


def test_every_schema_field_is_in_the_scaffold_with_its_title(project: Path) -> None:
    """The file is written from the schema: each field (nested ones too) appears, explained by its title."""
    text = _service(project).read_text(encoding="utf-8")
    schemas = load_model()
    for field in walk(schemas, schemas.absolute["service"]):
        name = field.path.rsplit(".", 1)[-1].removesuffix("[]")
        assert f" {name}:" in text or f"\n{name}:" in text or f"- {name}:" in text, field.path
        assert f"# {field.schema['title']} (" in text, field.path


def test_uncommenting_everything_gives_every_field(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Optional blocks are commented out line by line: removing each `# ` yields YAML with every field of the schema."""
    monkeypatch.setattr(scaffold.Writer, "explain", lambda *args, **kwargs: [])  # explanations are prose, not YAML
    text = scaffold.create(mini, "town", "Издавање пасош").read_text(encoding="utf-8")
    lines = text.split("\n\n", 1)[1].splitlines()  # after the header comment
    while any(line.lstrip().startswith("#") for line in lines):
        lines = [line.replace("# ", "", 1) if line.lstrip().startswith("# ") else line for line in lines]
    data = yaml.safe_load("\n".join(lines))
    schemas = load_model()
    for field in walk(schemas, schemas.absolute["service"]):
        node: object = data
        for part in field.path.split("."):
            assert isinstance(node, dict) and part.removesuffix("[]") in node, field.path
            node = node[part.removesuffix("[]")]
            if part.endswith("[]"):
                assert isinstance(node, list), field.path
                node = node[0]
    assert set(data["name"]) == {"mk", "sq", "en"}


def test_refuses_unknown_institution(mini: Path) -> None:
    with pytest.raises(scaffold.ScaffoldError, match=r"no institution 'nowhere'.*town"):
        scaffold.create(mini, "nowhere", "Нова услуга")
    assert not (mini / "catalog" / "services" / "nowhere").exists()


@pytest.mark.parametrize("institution", ["../../../x", "../catalog", "town/../../..", "/tmp/x", "Town", "town\n"])
@pytest.mark.parametrize("force", [False, True])
def test_refuses_an_institution_that_is_not_an_id_and_writes_nothing(mini: Path, institution: str, force: bool) -> None:
    before = sorted(p for p in mini.parent.rglob("*"))
    with pytest.raises(scaffold.ScaffoldError, match="is not an institution id.*town"):
        scaffold.create(mini, institution, "Нова услуга", "x", force=force)
    assert sorted(p for p in mini.parent.rglob("*")) == before


def test_refuses_an_existing_file(mini: Path) -> None:
    path = mini / "catalog" / "services" / "town" / "residence.yaml"
    before = path.read_bytes()
    with pytest.raises(scaffold.ScaffoldError, match="already exists"):
        scaffold.create(mini, "town", "Anything", "residence", force=True)
    assert path.read_bytes() == before


def test_refuses_an_id_taken_in_another_folder(mini: Path) -> None:
    (mini / "catalog" / "institutions" / "town.yaml").rename(mini / "catalog" / "institutions" / "city.yaml")
    with pytest.raises(scaffold.ScaffoldError, match="taken by catalog/services/town/residence.yaml"):
        scaffold.create(mini, "city", "Residence", "residence", force=True)


def test_refuses_a_bad_id(mini: Path) -> None:
    with pytest.raises(scaffold.ScaffoldError, match="cannot be an id"):
        scaffold.create(mini, "town", "Нова услуга", "Bad_Id")


def test_command_prints_the_path_and_next_steps(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    scaffold.add_parser(parser.add_subparsers())
    args = parser.parse_args(["new", "town", "Издавање пасош", "--root", str(mini)])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "created catalog/services/town/izdavanje-pasos.yaml" in out
    for step in ("catalog validate", "catalog serve", "pull request"):
        assert step in out
    assert args.handler(args) == 1  # a second time: refused, the file is kept
    assert "already exists" in capsys.readouterr().err
