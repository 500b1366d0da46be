"""schema.org GovernmentService markup, expanded with pyld offline.

pyld would fetch ``https://schema.org`` for the context; the document loader
here answers with ``@vocab`` instead and refuses every other address, so the
test never touches the network and still checks that every term lands in the
schema.org vocabulary with the structure search engines read.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from servicecatalog.model.catalog import Catalog, Service
from servicecatalog.model.validate import validate_catalog
from servicecatalog.opendata.export_schemaorg import script_tag, service_jsonld

jsonld = pytest.importorskip("pyld.jsonld")

PROJECT = Path(__file__).resolve().parents[1]
S = "https://schema.org/"


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url.rstrip("/") != "https://schema.org":
        raise AssertionError(f"the test must not fetch {url}")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": S}}}


def expand(document: dict[str, Any]) -> dict[str, Any]:
    expanded = jsonld.expand(document, {"documentLoader": offline_loader})
    assert len(expanded) == 1
    return expanded[0]


def values(node: dict[str, Any], term: str) -> list[Any]:
    return [v.get("@value", v) for v in node.get(S + term, [])]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = validate_catalog(PROJECT)
    assert result.catalog is not None
    return result.catalog


def pick(catalog: Catalog, test: Any) -> Service:
    found = [s for s in catalog.services.values() if test(s)]
    assert found, "the sample catalogue should hold such a service"
    return found[0]


def test_passport_is_a_government_service(catalog: Catalog) -> None:
    service = catalog.services["passport"]
    node = expand(service_jsonld(catalog, service, "en", "https://example.org/en/services/passport/"))
    assert node["@type"] == [S + "GovernmentService"]
    assert node["@id"] == "https://example.org/en/services/passport/#service"
    assert values(node, "name") == [service.data["name"]["en"]]
    assert values(node, "description") == [service.data["summary"]["en"]]
    provider = node[S + "provider"][0]
    assert provider["@type"] == [S + "GovernmentOrganization"]
    assert values(provider, "name") == [catalog.institutions["mvr"]["name"]["en"]]
    audiences = [values(a, "audienceType")[0] for a in node[S + "audience"]]
    assert audiences == [catalog.vocabularies["audiences"][a]["name"]["en"] for a in service.data["audiences"]]
    country = node[S + "areaServed"][0]
    assert country["@type"] == [S + "Country"] and values(country, "identifier") == [catalog.settings["country"]]
    offers = node[S + "offers"]
    assert [(values(o, "price")[0], values(o, "priceCurrency")[0]) for o in offers] == [(f["amount"], f["currency"]) for f in service.data["fees"]]
    online = [c for c in node[S + "availableChannel"] if values(c, "serviceUrl")]
    assert values(online[0], "serviceUrl") == [next(c["url"] for c in service.data["channels"] if c["type"] == "online")]


def test_offices_are_places_with_address_hours_and_coordinates(mini_root: Path) -> None:
    """The small test catalogue has an office with coordinates (the sample data has none yet)."""
    catalog = validate_catalog(mini_root).catalog
    assert catalog is not None
    service = catalog.services["residence"]
    node = expand(service_jsonld(catalog, service, "sq", "https://example.org/sq/services/residence/"))
    places = [p for c in node[S + "availableChannel"] for p in c.get(S + "serviceLocation", [])]
    assert len(places) == 1
    place = places[0]
    assert place["@type"] == [S + "GovernmentOffice"]
    assert values(place, "name") == [catalog.office("town/centre")["name"]["sq"]]
    address = place[S + "address"][0]
    assert address["@type"] == [S + "PostalAddress"] and values(address, "streetAddress") and values(address, "addressLocality")
    geo = place[S + "geo"][0]
    assert (values(geo, "latitude"), values(geo, "longitude")) == ([41.99], [21.43])
    hours = place[S + "openingHoursSpecification"][0]
    assert values(hours, "opens") == ["08:00"] and len(values(hours, "dayOfWeek")) == 5


def test_phone_channels_have_a_service_phone(catalog: Catalog) -> None:
    service = pick(catalog, lambda s: any(c["type"] == "phone" for c in s.data.get("channels", [])))
    node = expand(service_jsonld(catalog, service, "en", "https://example.org/en/x/"))
    phones = [values(c[S + "servicePhone"][0], "telephone")[0] for c in node[S + "availableChannel"] if S + "servicePhone" in c]
    assert phones == [c["phone"] for c in service.data["channels"] if "phone" in c]


def test_missing_translation_falls_back_to_the_default_language(catalog: Catalog) -> None:
    service = catalog.services["passport"]
    data = dict(service.data, summary={catalog.default_language: "само на македонски"})
    node = service_jsonld(catalog, Service(service.id, data, service.source), "en", "https://example.org/en/services/passport/")
    assert node["description"] == "само на македонски"


def test_a_free_service_offers_a_zero_price(catalog: Catalog) -> None:
    service = catalog.services["passport"]
    node = service_jsonld(catalog, Service(service.id, dict(service.data, fees=[]), service.source), "en", "https://example.org/x/")
    assert node["offers"] == [{"@type": "Offer", "price": 0, "priceCurrency": catalog.settings["default_currency"]}]
    unknown = {k: v for k, v in service.data.items() if k != "fees"}
    assert "offers" not in service_jsonld(catalog, Service(service.id, unknown, service.source), "en", "https://example.org/x/")


def test_every_service_and_language_expands(catalog: Catalog) -> None:
    for service in catalog.services.values():
        for language in catalog.languages:
            node = expand(service_jsonld(catalog, service, language, f"https://example.org/{language}/services/{service.id}/"))
            assert values(node, "name"), (service.id, language)


def test_script_tag_cannot_be_closed_by_a_text() -> None:
    tag = script_tag({"name": "</script><script>alert(1)</script> & more"})
    assert tag.count("</script>") == 1 and tag.endswith("</script>")
    assert json.loads(tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>"))["name"].startswith("</script>")


JSONLD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def test_every_built_service_page_carries_a_government_service(sample_site: tuple[Path, str], catalog: Catalog) -> None:
    """What search engines read: the block in the built page itself, in every language, expanded offline.

    Every active service has at least one channel (the validator requires it); the withdrawn one has none.
    """
    site, _ = sample_site
    base = catalog.settings["site_url"]
    checked = 0
    for service in catalog.services.values():
        for language in catalog.languages:
            prefix = "" if language == catalog.default_language else f"{language}/"
            page = (site / prefix / "services" / service.id / "index.html").read_text(encoding="utf-8")
            blocks = JSONLD_SCRIPT.findall(page)
            assert len(blocks) == 1, (service.id, language)
            node = expand(json.loads(blocks[0]))
            where = (service.id, language)
            assert node["@type"] == [S + "GovernmentService"], where
            assert node["@id"] == f"{base}{prefix}services/{service.id}/#service", where
            name = service.data["name"].get(language) or service.data["name"][catalog.default_language]
            assert values(node, "name") == [name], where
            assert html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)[1]).strip().startswith(name), "the page and its data agree"
            provider = node[S + "provider"][0]
            assert provider["@type"] == [S + "GovernmentOrganization"] and values(provider, "name"), where
            channels = node.get(S + "availableChannel", [])
            if service.active:  # a withdrawn service is no longer offered anywhere
                assert len(channels) >= 1, where
            assert all(c["@type"] == [S + "ServiceChannel"] for c in channels), where
            checked += 1
    assert checked == len(catalog.services) * len(catalog.languages) > 0
