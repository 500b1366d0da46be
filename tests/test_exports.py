"""The JSON and CSV exports, the export command and the Atom feed of changes.

The round-trip tests walk every leaf of every sample service and find it again
in ``catalogue.json``, in ``services/<id>.json`` and in ``services.csv``: a
field the exports forget fails here, whatever field it is.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.fields import load_model
from servicecatalog.model.validate import validate_catalog
from servicecatalog.opendata import export_csv, export_json, exports, feed

PROJECT = Path(__file__).resolve().parents[1]
SITE = "https://example.org/catalogue/"
HISTORY = {"catalog/services/mvr/passport.yaml": dt.date(2024, 5, 6)}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = validate_catalog(PROJECT)
    assert result.ok and result.catalog is not None, [str(p) for p in result.errors]
    return result.catalog


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, bytes]:
    return exports.render_exports(catalog, HISTORY, SITE)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every plain value of a nested structure with the path that leads to it."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaves(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from leaves(child, (*path, index))
    else:
        yield path, value


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def schema_registry() -> Registry:
    registry: Registry = Registry()
    for path in sorted((PROJECT / "schema").glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
    return registry


def export_validator(ref: str = "export.schema.json") -> Draft202012Validator:
    return Draft202012Validator({"$ref": ref}, registry=schema_registry())


# ---------------------------------------------------------------- JSON


def test_catalogue_json_matches_its_schema(files: dict[str, bytes]) -> None:
    document = json.loads(files["catalogue.json"])
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in export_validator().iter_errors(document)]
    assert errors == []


def test_each_service_file_matches_its_schema(files: dict[str, bytes], catalog: Catalog) -> None:
    validator = export_validator("export.schema.json#/$defs/serviceFile")
    for service_id in catalog.services:
        document = json.loads(files[f"services/{service_id}.json"])
        assert [e.message for e in validator.iter_errors(document)] == [], service_id


def test_export_schema_rejects_a_wrong_export(files: dict[str, bytes]) -> None:
    document = json.loads(files["catalogue.json"])
    document["services"][0]["fees"] = [{"amount": -1, "description": {"mk": "x"}}]
    del document["links"]
    assert len(list(export_validator().iter_errors(document))) >= 2


def test_export_schema_fields_have_titles_and_descriptions() -> None:
    from servicecatalog.editors.fieldref import missing_titles

    schemas = load_model()
    assert [m for m in missing_titles(schemas) if m.startswith("export.")] == []


def published_validator(files: dict[str, bytes], address: str, document: dict[str, Any]) -> Draft202012Validator:
    """A validator for ``document`` (published at ``address``) built from its ``$schema`` and the
    published schema files only: what a reader who downloads the site gets, nothing from the repository."""
    from urllib.parse import urljoin

    registry: Registry = Registry()
    for name, content in files.items():
        if name.startswith("schema/"):
            resource = Resource.from_contents(json.loads(content), default_specification=DRAFT202012)
            registry = registry.with_resource(urljoin(SITE, name), resource)
    return Draft202012Validator({"$ref": urljoin(address, document["$schema"])}, registry=registry)


def test_json_exports_name_their_published_schema(files: dict[str, bytes], catalog: Catalog) -> None:
    whole = json.loads(files["catalogue.json"])
    assert whole["$schema"] == f"{SITE}schema/export.schema.json"
    assert list(published_validator(files, f"{SITE}catalogue.json", whole).iter_errors(whole)) == []
    for service_id in catalog.services:
        document = json.loads(files[f"services/{service_id}.json"])
        assert document["$schema"] == f"{SITE}schema/export.schema.json#/$defs/serviceFile"
        address = f"{SITE}services/{service_id}.json"
        assert [e.message for e in published_validator(files, address, document).iter_errors(document)] == [], service_id
    broken = dict(whole, format_version=2)
    assert list(published_validator(files, f"{SITE}catalogue.json", broken).iter_errors(broken)), "the published schema checks"


def test_without_a_site_address_the_schema_is_named_relative_to_each_file(catalog: Catalog) -> None:
    settings = {k: v for k, v in catalog.settings.items() if k != "site_url"}
    bare = Catalog(catalog.root, settings, catalog.vocabularies, catalog.vocabulary_titles, catalog.institutions,
                   catalog.templates, catalog.services, catalog.ui, catalog.documents)
    files = exports.render_exports(bare)
    whole = json.loads(files["catalogue.json"])
    assert whole["$schema"] == "schema/export.schema.json"
    one = json.loads(files["services/passport.json"])
    assert one["$schema"] == "../schema/export.schema.json#/$defs/serviceFile"
    # resolved from where each file lies, both reach the published schema
    assert list(published_validator(files, f"{SITE}catalogue.json", whole).iter_errors(whole)) == []
    assert list(published_validator(files, f"{SITE}services/passport.json", one).iter_errors(one)) == []


def test_published_schemas_are_the_repository_files(files: dict[str, bytes]) -> None:
    published = sorted(name for name in files if name.startswith("schema/"))
    assert published == EXPECTED_SCHEMAS, "the export schema and every schema it refers to, nothing more"
    for name in published:
        assert files[name] == (PROJECT / name).read_bytes(), name


def test_every_field_of_every_service_is_in_the_json(files: dict[str, bytes], catalog: Catalog) -> None:
    whole = {s["id"]: s for s in json.loads(files["catalogue.json"])["services"]}
    assert list(whole) == sorted(catalog.services)
    for service_id, service in catalog.services.items():
        own = json.loads(files[f"services/{service_id}.json"])["service"]
        for path, value in leaves(service.data):
            assert get(whole[service_id], path) == value, (service_id, path)
            assert get(own, path) == value, (service_id, path)


def test_json_carries_every_language_vocabulary_and_institution(files: dict[str, bytes], catalog: Catalog) -> None:
    document = json.loads(files["catalogue.json"])
    assert document["settings"]["languages"] == catalog.languages
    assert "verifiers_team" not in document["settings"]
    assert [i["id"] for i in document["institutions"]] == sorted(catalog.institutions)
    assert set(document["vocabularies"]) == set(catalog.vocabularies)
    assert document["services"][0]["name"].keys() >= {catalog.default_language}


def test_service_links_name_pages_source_and_date(files: dict[str, bytes]) -> None:
    links = json.loads(files["services/passport.json"])["links"]
    assert links == {
        "json": "services/passport.json",
        "source": "catalog/services/mvr/passport.yaml",
        "pages": {"mk": f"{SITE}services/passport/", "sq": f"{SITE}sq/services/passport/", "en": f"{SITE}en/services/passport/"},
        "last_changed": "2024-05-06",
    }


def test_services_on_a_template_name_the_template(files: dict[str, bytes], catalog: Catalog) -> None:
    based = [s for s in catalog.services.values() if s.template is not None]
    assert based, "the sample catalogue should have a service on a template"
    links = json.loads(files["catalogue.json"])["links"][based[0].id]
    assert links["template_source"].startswith("catalog/templates/")


# ---------------------------------------------------------------- CSV


def read_csv(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def csv_cell_holds(row: dict[str, str], path: tuple[Any, ...], value: Any) -> bool:
    """Whether ``value`` at ``path`` is in its column: alone, or one line of a list's cell."""
    names = [str(p + 1) if isinstance(p, int) else str(p) for p in path]
    expected = export_csv.cell(value)
    if ".".join(names) in row:
        return row[".".join(names)] == expected
    if isinstance(path[-1], int) and ".".join(names[:-1]) in row:
        return row[".".join(names[:-1])].split(export_csv.LIST_SEPARATOR)[path[-1]] == expected
    return False


def test_every_field_of_every_service_is_in_the_csv(files: dict[str, bytes], catalog: Catalog) -> None:
    rows = {row["id"]: row for row in read_csv(files["services.csv"])}
    assert list(rows) == sorted(catalog.services)
    for service_id, service in catalog.services.items():
        for path, value in leaves(service.data):
            assert csv_cell_holds(rows[service_id], path, value), (service_id, path, value)


def test_csv_columns_follow_the_schema(files: dict[str, bytes], catalog: Catalog) -> None:
    header = next(csv.reader(io.StringIO(files["services.csv"].decode("utf-8").removeprefix("\ufeff"))))
    schema = json.loads((PROJECT / "schema" / "service.schema.json").read_text(encoding="utf-8"))
    tops = list(dict.fromkeys(name.split(".")[0] for name in header))
    assert tops == list(schema["properties"]), "every field gets columns, in schema order"
    assert header[:2] == ["id", "code"]
    assert [h for h in header if h.startswith("name.")] == [f"name.{lang}" for lang in catalog.languages]
    assert len(header) == len(set(header))


def test_csv_counts_list_entries_and_keeps_free_apart_from_unknown() -> None:
    schemas = load_model()
    records = [{"id": "a", "fees": []}, {"id": "b"}, {"id": "c", "fees": [{"amount": 5, "description": {"en": "x"}, "payment_methods": ["cash", "card"]}]}]
    shape = export_csv.layout(schemas, ["en"], records)
    assert export_csv.flatten(records[0], shape)["fees"] == "0"
    assert "fees" not in export_csv.flatten(records[1], shape)
    row = export_csv.flatten(records[2], shape)
    assert (row["fees"], row["fees.1.amount"], row["fees.1.payment_methods"]) == ("1", "5", "cash\ncard")
    assert "fees.2.amount" not in shape.header


def test_csv_refuses_a_value_without_a_column() -> None:
    schemas = load_model()
    shape = export_csv.layout(schemas, ["en"], [{"id": "a"}])
    with pytest.raises(ValueError, match="no column for surprise"):
        export_csv.flatten({"id": "a", "surprise": 1}, shape)


def test_csv_spells_booleans_and_numbers_as_json() -> None:
    assert [export_csv.cell(v) for v in (True, False, 3, 41.9961, "x")] == ["true", "false", "3", "41.9961", "x"]


# ---------------------------------------------------------------- writing


EXPECTED_TOP = ["catalogue.json", "changes.atom", "cpsv-ap.context.jsonld", "cpsv-ap.jsonld", "services.csv"]
# The export's schema and the schemas it refers to, published under the repository's own path.
EXPECTED_SCHEMAS = [f"schema/{name}.schema.json" for name in ("definitions", "export", "institution", "service", "settings", "vocabulary")]


def test_write_exports_writes_exactly_these_files(tmp_path: Path, catalog: Catalog) -> None:
    written = exports.write_exports(catalog, tmp_path, HISTORY, SITE, changes=[])
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert names == sorted(EXPECTED_TOP + EXPECTED_SCHEMAS + [f"services/{s}.json" for s in catalog.services])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == names


def test_exports_are_the_same_bytes_every_time(tmp_path: Path, catalog: Catalog) -> None:
    first = exports.write_exports(catalog, tmp_path / "a", HISTORY, SITE, changes=[])
    second = exports.write_exports(catalog, tmp_path / "b", HISTORY, SITE, changes=[])
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_removed_service_loses_its_file(tmp_path: Path, catalog: Catalog) -> None:
    stale = tmp_path / "services" / "gone.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    exports.write_exports(catalog, tmp_path, HISTORY, SITE)
    assert not stale.exists()
    assert not (tmp_path / "changes.atom").exists(), "no feed without changes"


def run_export(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="catalog")
    exports.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["export", *argv])
    code = args.handler(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_command_writes_the_files(mini_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_export([str(tmp_path / "out"), "--root", str(mini_root), "--feed-limit", "0"], capsys)
    assert code == 0
    assert "files exported" in out
    assert (tmp_path / "out" / "catalogue.json").is_file() and (tmp_path / "out" / "services.csv").is_file()


def test_export_command_refuses_an_invalid_catalogue(mini_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service = next((mini_root / "catalog" / "services").rglob("*.yaml"))
    service.write_text(service.read_text(encoding="utf-8").replace("id:", "idx:", 1), encoding="utf-8")
    code, _, err = run_export([str(tmp_path / "out"), "--root", str(mini_root)], capsys)
    assert code == 1
    assert "error" in err and "nothing exported" in err
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- feed


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(repo)}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-C", str(repo), "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, env=env)


@pytest.fixture()
def history_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    services = repo / "catalog" / "services" / "mvr"
    services.mkdir(parents=True)
    git(repo, "init", "-q")
    (services / "passport.yaml").write_text("id: passport\n", encoding="utf-8")
    (repo / "catalog" / "services" / "README.md").write_text("not a service\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add the passport", when="2024-01-01T10:00:00+01:00")
    (services / "passport.yaml").write_text("id: passport\ncode: X\n", encoding="utf-8")
    (services / "id-card.yaml").write_text("id: id-card\n", encoding="utf-8")
    (repo / "other.txt").write_text("elsewhere\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Passport code & <ID card>", when="2024-02-01T10:00:00+01:00")
    (services / "passport.yaml").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Withdraw the passport file", when="2024-03-01T10:00:00+01:00")
    return repo


def test_changes_lists_service_files_newest_first(history_repo: Path) -> None:
    found = [(c.service, c.action, c.when.date().isoformat(), c.subject) for c in feed.changes(history_repo, 10)]
    assert found == [
        ("passport", "removed", "2024-03-01", "Withdraw the passport file"),
        ("id-card", "added", "2024-02-01", "Passport code & <ID card>"),
        ("passport", "changed", "2024-02-01", "Passport code & <ID card>"),
        ("passport", "added", "2024-01-01", "Add the passport"),
    ]


def test_changes_stops_at_the_limit(history_repo: Path) -> None:
    assert [c.service for c in feed.changes(history_repo, 2)] == ["passport", "id-card"]


def test_changes_without_history_is_empty(tmp_path: Path) -> None:
    assert feed.changes(tmp_path, 10) == []


ATOM = {"a": "http://www.w3.org/2005/Atom"}


def test_atom_feed_names_services_in_the_default_language_and_links_every_language(history_repo: Path, catalog: Catalog) -> None:
    text = feed.atom_feed(catalog, feed.changes(history_repo, 10), SITE)
    root = ET.fromstring(text)
    default = catalog.default_language
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == default
    assert root.findtext("a:updated", namespaces=ATOM) == "2024-03-01T10:00:00+01:00"
    entries = root.findall("a:entry", ATOM)
    assert len(entries) == 4
    passport, id_card = catalog.services["passport"].data["name"], catalog.services["id-card"].data["name"]
    assert [e.findtext("a:title", namespaces=ATOM) for e in entries] == [passport[default], id_card[default], passport[default], passport[default]]
    for entry, service in zip(entries, ["passport", "id-card", "passport", "passport"], strict=True):
        links = {link.get("hreflang"): link.get("href") for link in entry.findall("a:link", ATOM)}
        assert all(link.get("rel") == "alternate" and link.get("type") == "text/html" for link in entry.findall("a:link", ATOM))
        assert links == {lang: f"{SITE}{'' if lang == default else lang + '/'}services/{service}/" for lang in catalog.languages}
    assert len({e.findtext("a:id", namespaces=ATOM) for e in entries}) == 4, "entry ids are unique"


def test_atom_feed_says_what_happened_in_interface_words_not_commit_messages(history_repo: Path, catalog: Catalog) -> None:
    text = feed.atom_feed(catalog, feed.changes(history_repo, 10), SITE)
    assert "Passport code" not in text and "Withdraw the passport file" not in text, "commit messages are for reviewers"
    entries = ET.fromstring(text).findall("a:entry", ATOM)
    words = catalog.ui[catalog.default_language]
    name = catalog.services["id-card"].data["name"][catalog.default_language]
    assert entries[1].findtext("a:summary", namespaces=ATOM) == f"{words['feed.added']}: {name}"
    assert [e.find("a:category", ATOM).get("term") for e in entries] == ["removed", "added", "changed", "added"]
    assert entries[2].find("a:category", ATOM).get("label") == words["feed.changed"]


def test_atom_feed_entry_of_a_service_that_is_gone_links_the_list(catalog: Catalog) -> None:
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    gone = feed.Change("no-such-service", "catalog/services/x/no-such-service.yaml", "removed", when, "abc", "Remove it")
    entry = ET.fromstring(feed.atom_feed(catalog, [gone], SITE)).find("a:entry", ATOM)
    assert entry.findtext("a:title", namespaces=ATOM) == "no-such-service"
    assert entry.find("a:link", ATOM).get("href") == f"{SITE}services/"


def test_atom_feed_follows_a_former_id_to_the_current_service(catalog: Catalog) -> None:
    service = catalog.services["passport"]
    renamed = Catalog(catalog.root, catalog.settings, catalog.vocabularies, catalog.vocabulary_titles, catalog.institutions, catalog.templates,
                      {**catalog.services, "passport": type(service)(service.id, dict(service.data, former_ids=["old-passport"]), service.source)},
                      catalog.ui, catalog.documents)
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    old = feed.Change("old-passport", "catalog/services/mvr/old-passport.yaml", "changed", when, "abc", "x")
    entry = ET.fromstring(feed.atom_feed(renamed, [old], SITE)).find("a:entry", ATOM)
    assert entry.findtext("a:title", namespaces=ATOM) == service.data["name"][catalog.default_language]
    assert entry.find("a:link", ATOM).get("href") == f"{SITE}services/passport/"


def test_export_json_dumps_keeps_letters() -> None:
    assert export_json.dumps({"mk": "Пасош"}) == '{\n  "mk": "Пасош"\n}\n'


def test_exports_do_not_import_mkdocs() -> None:
    code = ("import sys, servicecatalog.opendata.exports, servicecatalog.opendata.export_schemaorg; "
            "sys.exit(any(m.split('.')[0] in ('mkdocs', 'material', 'mkdocs_static_i18n') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_changes_in_a_shallow_clone_is_empty(history_repo: Path, tmp_path: Path) -> None:
    """A cut history would show every service as added by the newest commit: no feed entries instead."""
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", history_repo.as_uri(), str(clone)], check=True, capture_output=True)
    assert feed.changes(clone, 10) == []
    assert feed.changes(history_repo, 10), "the full history has changes"
