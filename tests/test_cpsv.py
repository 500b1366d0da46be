"""The CPSV-AP 3.2.0 export conforms to the official SHACL shapes, read offline.

The official shapes are vendored in ``tests/reference/cpsv-ap-3.2.0/`` (CC BY 4.0, source in
its README), so these tests run on every clone, offline.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pyshacl
import pytest
import rdflib

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import validate_catalog
from servicecatalog.opendata import export_cpsv, exports

PROJECT = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).resolve().parent / "reference" / "cpsv-ap-3.2.0"
SHAPES_FILE = REFERENCE / "cpsv-ap-SHACL.ttl"
SITE = "https://example.org/catalogue/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def shapes() -> Any:
    return rdflib.Graph().parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = validate_catalog(PROJECT)
    assert result.catalog is not None
    return result.catalog


@pytest.fixture(scope="module")
def exported(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    exports.write_exports(catalog, folder, {}, SITE)
    return folder


def load(folder: Path) -> Any:
    """The export as rdflib reads it from disk: its relative context resolves to the file beside it."""
    return rdflib.Graph().parse(folder / "cpsv-ap.jsonld", format="json-ld")


def violations(graph: Any, shapes: Any) -> list[str]:
    conforms, report, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=False)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = [
        f"{report.value(r, sh.focusNode)} {report.value(r, sh.resultPath)}: {report.value(r, sh.resultMessage)}"
        for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
    ]
    assert conforms == (not found), text
    return sorted(found)


def test_the_sample_catalogue_conforms(exported: Path, shapes: Any) -> None:
    assert violations(load(exported), shapes) == []


def test_every_kind_of_node_is_there(exported: Path) -> None:
    graph = load(exported)
    kinds = Counter(str(o) for o in graph.objects(None, rdflib.RDF.type))
    for name in (
        "http://purl.org/vocab/cpsv#PublicService", "http://data.europa.eu/m8g/PublicOrganisation",
        "http://data.europa.eu/m8g/Channel", "http://data.europa.eu/m8g/Cost", "http://data.europa.eu/m8g/Evidence",
        "http://data.europa.eu/eli/ontology#LegalResource", "http://data.europa.eu/m8g/Output",
        "http://data.europa.eu/m8g/ContactPoint", "http://data.europa.eu/m8g/LifeEvent",
        "http://www.w3.org/2004/02/skos/core#Concept",
    ):
        assert kinds[name] > 0, name


def test_every_node_has_one_identifier(exported: Path) -> None:
    graph = load(exported)
    identifier = rdflib.DCTERMS.identifier
    for node in set(graph.subjects(rdflib.RDF.type, None)):
        assert len(list(graph.objects(node, identifier))) == 1, node


def test_every_text_is_language_tagged(exported: Path) -> None:
    graph = load(exported)
    texts = {rdflib.DCTERMS.title, rdflib.DCTERMS.description, rdflib.SKOS.prefLabel, rdflib.URIRef("http://www.w3.org/ns/dcat#keyword")}
    for _, predicate, value in graph:
        if predicate in texts:
            assert isinstance(value, rdflib.Literal) and value.language, (predicate, value)


def test_the_shapes_catch_an_untagged_title(exported: Path, shapes: Any) -> None:
    """Proof that the validation above bites: a plain-string title is reported."""
    graph = load(exported)
    service = rdflib.URIRef(f"{SITE}services/passport/")
    graph.add((service, rdflib.DCTERMS.title, rdflib.Literal("untagged")))
    graph.remove((rdflib.URIRef(f"{SITE}services/passport/#cost-1"), rdflib.DCTERMS.identifier, None))
    found = violations(graph, shapes)
    assert len(found) == 2, found


def test_the_context_is_shipped_not_fetched(exported: Path) -> None:
    document = json.loads((exported / "cpsv-ap.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == export_cpsv.CONTEXT_FILE
    context = json.loads((exported / export_cpsv.CONTEXT_FILE).read_text(encoding="utf-8"))
    assert isinstance(context["@context"], dict), "the context itself must not point elsewhere"


def test_fees_keep_value_and_currency(exported: Path, catalog: Catalog) -> None:
    graph = load(exported)
    cv = rdflib.Namespace("http://data.europa.eu/m8g/")
    cost = rdflib.URIRef(f"{SITE}services/passport/#cost-1")
    fee = catalog.services["passport"].data["fees"][0]
    assert graph.value(cost, cv.hasValue).toPython() == fee["amount"]
    assert str(graph.value(cost, cv.currency)) == export_cpsv.CURRENCY_LIST + fee["currency"]


def test_a_catalogue_without_site_or_interface_words_conforms(mini_root: Path, shapes: Any) -> None:
    result = validate_catalog(mini_root)
    assert result.catalog is not None
    document = export_cpsv.cpsv_document(result.catalog, None, context=export_cpsv.CONTEXT["@context"])
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    assert violations(graph, shapes) == []


def test_durations() -> None:
    assert [export_cpsv.duration({"value": v, "unit": u}) for v, u in ((15, "days"), (2, "weeks"), (3, "hours"), (5, "working-days"))] == ["P15D", "P14D", "PT3H", None]
