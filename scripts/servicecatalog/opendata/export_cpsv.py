"""``cpsv-ap.jsonld``: the catalogue in the EU Core Public Service Vocabulary Application Profile 3.2.0.

Pure: a validated ``Catalog`` in, a JSON-LD document out, with its context
(``cpsv-ap.context.jsonld``) written beside it instead of fetched from the
web, so a reader needs no network. Every node has a ``dct:identifier``, every
text is language-tagged (one value per language the catalogue has it in) and
every code-list value is itself a typed node, as the SEMIC SHACL shapes demand.

How the catalogue maps (``<svc>`` is the service's address, ``services/<id>/``):

============================  ===========================================================
catalogue                     CPSV-AP
============================  ===========================================================
service                       ``cpsv:PublicService`` at ``<svc>``; ``code`` is its identifier
institution                   ``cv:PublicOrganisation`` + ``org:Organization`` at ``institutions/<id>/``
``channels[n]``               ``cv:Channel`` ``<svc>#channel-n``, type a ``skos:Concept``
``fees[n]``                   ``cv:Cost`` ``<svc>#cost-n`` (value, currency from the EU list)
``documents[n]``              ``cv:Evidence`` ``<svc>#evidence-n``
``outcome``                   ``cv:Output`` ``<svc>#output``
``legal_basis[n]``            ``eli:LegalResource`` ``<svc>#legal-n``
``authority_silence``         ``cpsv:Rule`` ``<svc>#rule-authority-silence``, implementing the legal basis
``contact``                   ``cv:ContactPoint`` ``<svc>#contact-point``
``life_events``               ``cv:LifeEvent`` (also ``cv:Event``) at ``life-events/<id>/``
categories, audiences         ``skos:Concept`` in a ``skos:ConceptScheme`` per vocabulary
``procedure_languages``       ``dct:LinguisticSystem`` from the Library of Congress ISO 639-1 list
country                       ``dct:Location`` (ISO 3166-1 code, names from CLDR)
============================  ===========================================================

Left out, because CPSV-AP has no place for them or they would need data we do
not hold: steps, forms, eligibility, citizen deadlines, redress, offices'
addresses and hours, the articles and gazette of a legal basis, participating
institutions (a ``cv:Participation`` needs a role and a description), and
times counted in working days (``xsd:duration`` has no working day).
"""

from __future__ import annotations

from typing import Any

from babel import Locale
from babel.numbers import get_currency_name

from servicecatalog.model.catalog import Catalog, Service

CONTEXT_FILE = "cpsv-ap.context.jsonld"
CURRENCY_LIST = "http://publications.europa.eu/resource/authority/currency/"
LANGUAGE_LIST = "http://id.loc.gov/vocabulary/iso639-1/"
COUNTRY_LIST = "https://www.iso.org/obp/ui/#iso:code:3166:"

_ID = {"@type": "@id"}
CONTEXT: dict[str, Any] = {
    "@context": {
        "cpsv": "http://purl.org/vocab/cpsv#",
        "cv": "http://data.europa.eu/m8g/",
        "dct": "http://purl.org/dc/terms/",
        "dcat": "http://www.w3.org/ns/dcat#",
        "eli": "http://data.europa.eu/eli/ontology#",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "locn": "http://www.w3.org/ns/locn#",
        "org": "http://www.w3.org/ns/org#",
        "adms": "http://www.w3.org/ns/adms#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "time": "http://www.w3.org/2006/time#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "PublicService": "cpsv:PublicService",
        "PublicOrganisation": "cv:PublicOrganisation",
        "Organization": "org:Organization",
        "Channel": "cv:Channel",
        "Cost": "cv:Cost",
        "Evidence": "cv:Evidence",
        "Output": "cv:Output",
        "LegalResource": "eli:LegalResource",
        "Rule": "cpsv:Rule",
        "ContactPoint": "cv:ContactPoint",
        "LifeEvent": "cv:LifeEvent",
        "Event": "cv:Event",
        "Concept": "skos:Concept",
        "ConceptScheme": "skos:ConceptScheme",
        "Location": "dct:Location",
        "LinguisticSystem": "dct:LinguisticSystem",
        "Document": "foaf:Document",
        "TemporalEntity": "time:TemporalEntity",
        "identifier": "dct:identifier",
        "notation": "skos:notation",
        "title": {"@id": "dct:title", "@container": "@language"},
        "description": {"@id": "dct:description", "@container": "@language"},
        "keyword": {"@id": "dcat:keyword", "@container": "@language"},
        "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
        "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
        "geographicName": {"@id": "locn:geographicName", "@container": "@language"},
        "inScheme": {"@id": "skos:inScheme", **_ID},
        "kind": {"@id": "dct:type", **_ID},
        "status": {"@id": "adms:status", **_ID},
        "isReplacedBy": {"@id": "dct:isReplacedBy", **_ID},
        "hasCompetentAuthority": {"@id": "cv:hasCompetentAuthority", **_ID},
        "hasChannel": {"@id": "cv:hasChannel", **_ID},
        "hasCost": {"@id": "cv:hasCost", **_ID},
        "hasInput": {"@id": "cpsv:hasInput", **_ID},
        "produces": {"@id": "cpsv:produces", **_ID},
        "follows": {"@id": "cpsv:follows", **_ID},
        "implements": {"@id": "cpsv:implements", **_ID},
        "hasLegalResource": {"@id": "cv:hasLegalResource", **_ID},
        "contactPoint": {"@id": "cv:contactPoint", **_ID},
        "isGroupedBy": {"@id": "cv:isGroupedBy", **_ID},
        "hasRelatedService": {"@id": "cv:hasRelatedService", **_ID},
        "relatedService": {"@id": "cv:relatedService", **_ID},
        "thematicArea": {"@id": "cv:thematicArea", **_ID},
        "audience": {"@id": "dct:audience", **_ID},
        "language": {"@id": "dct:language", **_ID},
        "spatial": {"@id": "dct:spatial", **_ID},
        "processingTime": {"@id": "cv:processingTime", "@type": "xsd:duration"},
        "hasValue": {"@id": "cv:hasValue", "@type": "xsd:double"},
        "currency": {"@id": "cv:currency", **_ID},
        "isDefinedBy": {"@id": "cv:isDefinedBy", **_ID},
        "ifAccessedThrough": {"@id": "cv:ifAccessedThrough", **_ID},
        "ownedBy": {"@id": "cv:ownedBy", **_ID},
        "telephone": "cv:telephone",
        "email": "cv:email",
        "contactPage": {"@id": "cv:contactPage", **_ID},
        "openingHours": {"@id": "cv:openingHours", **_ID},
        "homepage": {"@id": "foaf:homepage", **_ID},
        "page": {"@id": "foaf:page", **_ID},
        "subOrganizationOf": {"@id": "org:subOrganizationOf", **_ID},
        "citation": "dct:bibliographicCitation",
    }
}

# xsd:duration has no weeks and no working days: weeks become days, working days are left out.
_DURATION = {"minutes": "PT{}M", "hours": "PT{}H", "days": "P{}D", "months": "P{}M", "years": "P{}Y"}


def duration(value: dict[str, Any] | None) -> str | None:
    """A catalogue duration as ``xsd:duration`` (``P15D``), or ``None`` when it has no exact equivalent."""
    if not value:
        return None
    if value["unit"] == "weeks":
        return f"P{value['value'] * 7}D"
    pattern = _DURATION.get(value["unit"])
    return pattern.format(value["value"]) if pattern else None


class _Builder:
    """Collects the nodes of the graph once each, in a stable order."""

    def __init__(self, catalog: Catalog, base: str) -> None:
        self.catalog = catalog
        self.base = base
        self.nodes: dict[str, dict[str, Any]] = {}

    def text(self, *values: dict[str, str] | None, separator: str = "\n\n") -> dict[str, str]:
        """Language-tagged text: per language, the given texts joined; languages without any are left out."""
        out: dict[str, str] = {}
        for lang in self.catalog.languages:
            parts = [v[lang] for v in values if v and lang in v]
            if parts:
                out[lang] = separator.join(parts)
        return out

    def text_lists(self, value: dict[str, list[str]] | None) -> dict[str, list[str]]:
        """Lists of words per language (keywords), each word a language-tagged value."""
        return {lang: list(value[lang]) for lang in self.catalog.languages if value and lang in value}

    def words(self, key: str, fallback: str | None = None) -> dict[str, str]:
        """An interface word in every language that has it; else ``fallback`` in the default language, if given."""
        found = {lang: self.catalog.ui[lang][key] for lang in self.catalog.languages if key in self.catalog.ui.get(lang, {})}
        return found or ({self.catalog.default_language: fallback} if fallback else {})

    def add(self, node: dict[str, Any]) -> str:
        self.nodes.setdefault(node["@id"], {k: v for k, v in node.items() if v not in (None, {}, [])})
        return node["@id"]

    def scheme(self, name: str, title: dict[str, str]) -> str:
        return self.add({"@id": f"{self.base}vocabularies/{name}/", "@type": "ConceptScheme", "identifier": name, "prefLabel": title})

    def concept(self, scheme: str, term_id: str, label: dict[str, str], iri: str | None = None) -> str:
        scheme_iri = self.scheme(scheme, self.catalog.vocabulary_titles.get(scheme) or {self.catalog.default_language: scheme})
        return self.add({"@id": iri or f"{scheme_iri}{term_id}", "@type": "Concept", "identifier": term_id, "notation": term_id, "prefLabel": label, "inScheme": scheme_iri})

    def term(self, vocabulary: str, term_id: str, folder: str | None = None) -> str:
        term = self.catalog.vocabularies[vocabulary][term_id]
        return self.concept(vocabulary, term_id, self.text(term["name"]), f"{self.base}{folder}/{term_id}/" if folder else None)

    def country(self) -> str:
        code = self.catalog.settings["country"]
        names = {}
        for lang in self.catalog.languages:
            try:
                name = Locale.parse(lang.replace("-", "_")).territories.get(code)
            except (ValueError, LookupError):
                name = None
            if name:
                names[lang] = name
        return self.add({"@id": COUNTRY_LIST + code, "@type": "Location", "identifier": code, "geographicName": names})

    def currency(self, code: str) -> str:
        names = {lang: get_currency_name(code, locale=lang.replace("-", "_")) for lang in self.catalog.languages}
        return self.add({"@id": CURRENCY_LIST + code, "@type": "Concept", "identifier": code, "notation": code, "prefLabel": names})

    def language(self, code: str) -> str:
        primary = code.split("-")[0]
        return self.add({"@id": LANGUAGE_LIST + primary, "@type": "LinguisticSystem", "identifier": primary})

    def institution_iri(self, institution_id: str) -> str:
        return f"{self.base}institutions/{institution_id}/"

    def service_iri(self, service_id: str) -> str:
        return f"{self.base}services/{service_id}/"

    def contact_point(self, iri: str, identifier: str, contact: dict[str, Any] | None) -> str | None:
        if not contact:
            return None
        hours = None
        if "hours" in contact:
            hours = self.add({"@id": f"{iri}-hours", "@type": "TemporalEntity", "identifier": f"{identifier}-hours", "description": self.text(contact["hours"])})
        page = self.add({"@id": contact["url"], "@type": "Document", "identifier": contact["url"]}) if "url" in contact else None
        return self.add({
            "@id": iri, "@type": "ContactPoint", "identifier": identifier, "title": self.text(contact.get("name")),
            "telephone": contact.get("phone"), "email": contact.get("email"), "contactPage": page, "openingHours": hours,
        })


def _institution(b: _Builder, data: dict[str, Any]) -> None:
    iri = b.institution_iri(data["id"])
    b.add({
        "@id": iri, "@type": ["PublicOrganisation", "Organization"], "identifier": data["id"],
        "prefLabel": b.text(data["name"]), "altLabel": b.text(data.get("short_name")),
        "description": b.text(data.get("description")), "kind": b.term("institution-types", data["type"]) if "institution-types" in b.catalog.vocabularies else None,
        "homepage": data.get("website"), "spatial": b.country(),
        "subOrganizationOf": b.institution_iri(data["parent"]) if "parent" in data else None,
        "contactPoint": b.contact_point(f"{iri}#contact-point", f"{data['id']}-contact-point", data.get("contact")),
    })


def _channels(b: _Builder, service: Service, iri: str) -> list[str]:
    data = service.data
    per_channel = data.get("processing_time", {}).get("per_channel", [])
    out = []
    for n, channel in enumerate(data.get("channels", []), start=1):
        times = next((t for t in per_channel if channel["type"] in t["channels"]), None)
        kind = b.concept("channel-types", channel["type"], b.words(f"channel.{channel['type']}"))
        out.append(b.add({
            "@id": f"{iri}#channel-{n}", "@type": "Channel", "identifier": f"{service.id}-channel-{n}", "kind": kind,
            "description": b.text(channel.get("note")), "ownedBy": b.institution_iri(service.institution),
            "processingTime": duration(times.get("typical")) if times else None, "page": channel.get("url"),
        }))
    return out


def _costs(b: _Builder, service: Service, iri: str, channels: list[str]) -> list[str]:
    types = [c["type"] for c in service.data.get("channels", [])]
    out = []
    for n, fee in enumerate(service.data.get("fees", []), start=1):
        through = [channels[i] for i, t in enumerate(types) if t in fee.get("channels", [])]
        out.append(b.add({
            "@id": f"{iri}#cost-{n}", "@type": "Cost", "identifier": f"{service.id}-cost-{n}",
            "hasValue": float(fee["amount"]), "currency": b.currency(fee["currency"]),
            "description": b.text(fee["description"], fee.get("condition"), separator=" – "),
            "isDefinedBy": b.institution_iri(service.institution),
            "ifAccessedThrough": through[0] if len(through) == 1 else None,  # at most one, by the shapes
        }))
    return out


def _legal(b: _Builder, service: Service, iri: str) -> list[str]:
    return [
        b.add({
            "@id": f"{iri}#legal-{n}", "@type": "LegalResource", "identifier": f"{service.id}-legal-{n}",
            "title": b.text(act["title"]), "citation": act.get("gazette"), "page": act.get("url"),
        })
        for n, act in enumerate(service.data.get("legal_basis", []), start=1)
    ]


def _service(b: _Builder, service: Service) -> None:
    data = service.data
    iri = b.service_iri(service.id)
    channels = _channels(b, service, iri)
    legal = _legal(b, service, iri)
    rule = None
    if "authority_silence" in data:
        silence = data["authority_silence"]
        rule = b.add({
            "@id": f"{iri}#rule-authority-silence", "@type": "Rule", "identifier": f"{service.id}-rule-authority-silence",
            "title": b.words("service.silence", "authority silence"), "description": b.text(b.words(f"service.silence.{silence['rule']}", silence["rule"]), silence.get("note")),
            "kind": b.concept("authority-silence", silence["rule"], b.words(f"service.silence.{silence['rule']}")), "implements": legal,
        })
    outcome = data.get("outcome")
    node = {
        "@id": iri, "@type": "PublicService", "identifier": data["code"],
        "title": b.text(data["name"]), "description": b.text(data["description"]), "keyword": b.text_lists(data.get("keywords")),
        "status": b.concept("status", data["status"], b.words("service.withdrawn") if data["status"] == "withdrawn" else {}),
        "isReplacedBy": b.service_iri(data["replaced_by"]) if "replaced_by" in data else None,
        "hasCompetentAuthority": b.institution_iri(service.institution),
        "thematicArea": [b.term("categories", t, "categories") for t in data["categories"]],
        "audience": [b.term("audiences", t) for t in data["audiences"]],
        "isGroupedBy": [f"{b.base}life-events/{t}/" for t in data.get("life_events", [])],
        "hasChannel": channels,
        "hasCost": _costs(b, service, iri, channels),
        "hasInput": [
            b.add({
                "@id": f"{iri}#evidence-{n}", "@type": "Evidence", "identifier": f"{service.id}-evidence-{n}",
                "title": b.text(doc["name"]), "description": b.text(doc.get("description"), doc.get("condition")),
            })
            for n, doc in enumerate(data.get("documents", []), start=1)
        ],
        "produces": b.add({
            "@id": f"{iri}#output", "@type": "Output", "identifier": f"{service.id}-output",
            "title": b.text(outcome["description"]), "description": b.text(outcome.get("validity_note")),
        }) if outcome else None,
        "hasLegalResource": legal,
        "follows": rule,
        "contactPoint": b.contact_point(f"{iri}#contact-point", f"{service.id}-contact-point", data.get("contact")),
        "processingTime": duration(data.get("processing_time", {}).get("typical")),
        "language": [b.language(code) for code in data.get("procedure_languages", [])],
        "spatial": b.country(),
        "relatedService": [b.service_iri(s) for s in data.get("related", [])],
    }
    b.nodes[iri] = {k: v for k, v in node.items() if v not in (None, {}, [])}


def _life_events(b: _Builder) -> None:
    for term_id, term in b.catalog.vocabularies.get("life-events", {}).items():
        services = [s.id for s in b.catalog.services.values() if s.active and term_id in s.data.get("life_events", [])]
        b.add({
            "@id": f"{b.base}life-events/{term_id}/", "@type": ["LifeEvent", "Event"], "identifier": term_id,
            "title": b.text(term["name"]), "description": b.text(term.get("description")),
            "hasRelatedService": [b.service_iri(s) for s in services],
        })


def base_iri(catalog: Catalog, site_url: str | None) -> str:
    """Where the catalogue's IRIs start: the site address, or a URN when the catalogue has none."""
    url = site_url or catalog.settings.get("site_url")
    if url:
        return url if url.endswith("/") else url + "/"
    return f"urn:x-service-catalogue:{catalog.settings['country'].lower()}:"


def cpsv_document(catalog: Catalog, site_url: str | None = None, context: str | dict[str, Any] = CONTEXT_FILE) -> dict[str, Any]:
    """The catalogue as a CPSV-AP JSON-LD document; ``context`` is the context's address (or the context itself)."""
    b = _Builder(catalog, base_iri(catalog, site_url))
    for service_id in sorted(catalog.services):
        _service(b, catalog.services[service_id])
    for institution_id in sorted(catalog.institutions):
        _institution(b, catalog.institutions[institution_id])
    _life_events(b)
    return {"@context": context, "@graph": list(b.nodes.values())}


def context_document() -> dict[str, Any]:
    """The JSON-LD context the export refers to, to be written beside it."""
    return CONTEXT
