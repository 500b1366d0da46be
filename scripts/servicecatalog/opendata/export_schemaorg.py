"""schema.org ``GovernmentService`` markup for a service page, in one language.

Pure: the page embeds what ``service_jsonld`` returns in a
``<script type="application/ld+json">`` so that search engines show the
service's provider, channels, places and fees. Texts missing in the page's
language fall back to the default language, as on the page itself.
"""

from __future__ import annotations

import json
from typing import Any

from babel import Locale

from servicecatalog.model.catalog import Catalog, Service
from servicecatalog.opendata.export_cpsv import duration

SCHEMA_ORG = "https://schema.org"
_DAYS = {"mo": "Monday", "tu": "Tuesday", "we": "Wednesday", "th": "Thursday", "fr": "Friday", "sa": "Saturday", "su": "Sunday"}


def _text(catalog: Catalog, value: dict[str, str] | None, language: str) -> str | None:
    if not value:
        return None
    return value.get(language) or value.get(catalog.default_language)


def _clean(node: Any) -> Any:
    """Drop empty values, so that absent facts are absent rather than null."""
    if isinstance(node, dict):
        cleaned = {k: _clean(v) for k, v in node.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(node, list):
        return [c for c in (_clean(v) for v in node) if c not in (None, "", [], {})]
    return node


def _address(catalog: Catalog, address: dict[str, Any], language: str) -> dict[str, Any]:
    return {
        "@type": "PostalAddress",
        "streetAddress": _text(catalog, address.get("street"), language),
        "addressLocality": _text(catalog, address.get("locality"), language),
        "postalCode": address.get("postal_code"),
        "addressCountry": address.get("country", catalog.settings["country"]),
    }


def _place(catalog: Catalog, ref: str, language: str) -> dict[str, Any]:
    office = catalog.office(ref)
    geo = office.get("geo")
    return {
        "@type": "GovernmentOffice",
        "name": _text(catalog, office["name"], language),
        "address": _address(catalog, office["address"], language),
        "geo": {"@type": "GeoCoordinates", "latitude": geo["lat"], "longitude": geo["lon"]} if geo else None,
        "telephone": office.get("phone"),
        "email": office.get("email"),
        "openingHoursSpecification": [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": [f"{SCHEMA_ORG}/{_DAYS[d]}" for d in hours["days"]], "opens": hours["opens"], "closes": hours["closes"]}
            for hours in office.get("opening_hours", [])
        ],
    }


def _channel(catalog: Catalog, service: Service, channel: dict[str, Any], language: str) -> dict[str, Any]:
    words = catalog.ui.get(language, {}).get(f"channel.{channel['type']}") or catalog.ui.get(catalog.default_language, {}).get(f"channel.{channel['type']}")
    timing = service.data.get("processing_time", {})
    specific = next((t for t in timing.get("per_channel", []) if channel["type"] in t["channels"]), None)
    url = channel.get("url") or (f"mailto:{channel['email']}" if channel["type"] == "email" and "email" in channel else None)
    return {
        "@type": "ServiceChannel",
        "name": words or channel["type"],
        "description": _text(catalog, channel.get("note"), language),
        "availableLanguage": service.data.get("procedure_languages", []),
        "serviceUrl": url,
        "servicePhone": {"@type": "ContactPoint", "telephone": channel["phone"]} if "phone" in channel else None,
        "servicePostalAddress": _address(catalog, channel["postal_address"], language) if "postal_address" in channel else None,
        "serviceLocation": [_place(catalog, ref, language) for ref in channel.get("offices", [])],
        "processingTime": duration((specific or timing).get("typical")),
    }


def _country(catalog: Catalog, language: str) -> dict[str, Any]:
    code = catalog.settings["country"]
    try:
        name = Locale.parse(language.replace("-", "_")).territories.get(code)
    except (ValueError, LookupError):
        name = None
    return {"@type": "Country", "name": name or code, "identifier": code}


def service_jsonld(catalog: Catalog, service: Service, language: str, page_url: str) -> dict[str, Any]:
    """schema.org ``GovernmentService`` for ``service`` as shown at ``page_url`` in ``language``."""
    data = service.data
    institution = catalog.institutions[service.institution]
    audiences = catalog.vocabularies.get("audiences", {})
    offers = [
        {
            "@type": "Offer",
            "name": _text(catalog, fee["description"], language),
            "description": _text(catalog, fee.get("condition"), language),
            "price": fee["amount"],
            "priceCurrency": fee["currency"],
        }
        for fee in data.get("fees", [])
    ]
    if "fees" in data and not data["fees"]:  # an empty list means free
        offers = [{"@type": "Offer", "price": 0, "priceCurrency": catalog.settings["default_currency"]}]
    node = {
        "@context": SCHEMA_ORG,
        "@type": "GovernmentService",
        "@id": f"{page_url}#service",
        "url": page_url,
        "identifier": data["code"],
        "name": _text(catalog, data["name"], language),
        "description": _text(catalog, data["summary"], language),
        "provider": {
            "@type": "GovernmentOrganization",
            "name": _text(catalog, institution["name"], language),
            "alternateName": _text(catalog, institution.get("short_name"), language),
            "url": institution.get("website"),
        },
        "audience": [{"@type": "Audience", "audienceType": _text(catalog, audiences[a]["name"], language)} for a in data["audiences"] if a in audiences],
        "areaServed": _country(catalog, language),
        "availableChannel": [_channel(catalog, service, c, language) for c in data.get("channels", [])],
        "offers": offers,
    }
    return _clean(node)


def script_tag(document: dict[str, Any]) -> str:
    """The markup as an HTML ``<script>`` element; ``<``, ``>`` and ``&`` are escaped so no text can end it."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'

