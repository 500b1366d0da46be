"""Every export of a catalogue with every optional field set passes its published contract.

``tests/fixtures/full/`` sets every field the schemas know (fields that exclude each other are
spread over two services). The first test walks the schema model, so a field added to the schema
fails here until the fixture sets it, and with it every export check below: the JSON exports
against ``export.schema.json``, CPSV-AP against the official SHACL shapes, schema.org through its
JSON-LD expansion (offline).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyshacl
import pytest
import rdflib
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import validate_catalog
from servicecatalog.opendata import exports
from servicecatalog.opendata.export_schemaorg import service_jsonld

jsonld = pytest.importorskip("pyld.jsonld")

PROJECT = Path(__file__).resolve().parents[1]
FULL = PROJECT / "tests" / "fixtures" / "full"
SHAPES_FILE = PROJECT / "tests" / "reference" / "cpsv-ap-3.2.0" / "cpsv-ap-SHACL.ttl"
SITE = "https://example.org/catalogue/"
S = "https://schema.org/"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = validate_catalog(FULL)
    assert result.ok and result.catalog is not None, [str(p) for p in result.errors]
    assert [str(p) for p in result.warnings] == []
    return result.catalog


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, bytes]:
    return exports.render_exports(catalog, {}, SITE)


def paths(value: Any, prefix: str = "") -> Iterator[str]:
    """Every field path written in a document, spelled as the schema model spells them."""
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from paths(child, path)
    elif isinstance(value, list):
        for child in value:
            yield from paths(child, prefix + "[]")


@pytest.mark.parametrize("kind", ["service", "institution", "settings"])
def test_the_fixture_sets_every_field_of_the_schema(catalog: Catalog, kind: str) -> None:
    documents: list[Any] = {
        "service": [s.data for s in catalog.services.values()],
        "institution": list(catalog.institutions.values()),
        "settings": [catalog.settings],
    }[kind]
    written = {p for document in documents for p in paths(document)}
    missing = [n.path for n in catalog.schema.fields(kind) if n.path not in written]
    assert missing == [], f"set these {kind} fields in tests/fixtures/full/ so the export contracts cover them"


def validator(ref: str) -> Draft202012Validator:
    registry: Registry = Registry()
    for path in sorted((PROJECT / "schema").glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
    return Draft202012Validator({"$ref": ref}, registry=registry)


def test_catalogue_json_matches_the_export_schema(files: dict[str, bytes]) -> None:
    document = json.loads(files["catalogue.json"])
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator("export.schema.json").iter_errors(document)]
    assert errors == []


def test_each_service_file_matches_the_export_schema(files: dict[str, bytes], catalog: Catalog) -> None:
    check = validator("export.schema.json#/$defs/serviceFile")
    for service_id in catalog.services:
        document = json.loads(files[f"services/{service_id}.json"])
        assert [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(document)] == [], service_id


def test_no_field_of_a_service_is_lost_in_the_json_export(files: dict[str, bytes], catalog: Catalog) -> None:
    exported = {s["id"]: s for s in json.loads(files["catalogue.json"])["services"]}
    for service_id in catalog.services:
        assert set(paths(catalog.services[service_id].data)) <= set(paths(exported[service_id])), service_id
        single = json.loads(files[f"services/{service_id}.json"])["service"]
        assert set(paths(catalog.services[service_id].data)) <= set(paths(single)), service_id


def test_cpsv_ap_conforms_to_the_official_shapes(files: dict[str, bytes], tmp_path: Path) -> None:
    exports.write_files(files, tmp_path)
    graph = rdflib.Graph().parse(tmp_path / exports.CPSV_FILE, format="json-ld")
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=False)
    assert conforms, text
    services = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("http://purl.org/vocab/cpsv#PublicService")))
    assert rdflib.URIRef(f"{SITE}services/everything/") in services


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url.rstrip("/") != "https://schema.org":
        raise AssertionError(f"the test must not fetch {url}")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": S}}}


def test_schema_org_expands_for_every_service_and_language(catalog: Catalog) -> None:
    for service in catalog.services.values():
        for language in catalog.languages:
            document = service_jsonld(catalog, service, language, f"https://example.org/{language}/services/{service.id}/")
            expanded = jsonld.expand(document, {"documentLoader": offline_loader})
            assert len(expanded) == 1 and expanded[0]["@type"] == [S + "GovernmentService"], (service.id, language)
            # Every term the export writes must land in the schema.org vocabulary, none dropped.
            compacted_terms = {k for k in document if not k.startswith("@")}
            assert {S + k for k in compacted_terms} <= set(expanded[0]), (service.id, language)


def test_every_channel_of_the_full_service_reaches_schema_org(catalog: Catalog) -> None:
    service = catalog.services["everything"]
    node = jsonld.expand(service_jsonld(catalog, service, "en", "https://example.org/en/services/everything/"), {"documentLoader": offline_loader})[0]
    channels = node[S + "availableChannel"]
    assert any(S + "serviceUrl" in c for c in channels) and any(S + "servicePhone" in c for c in channels)
    assert [o[S + "priceCurrency"][0]["@value"] for o in node[S + "offers"]] == ["EUR"]
