"""The catalogue as JSON: ``catalogue.json`` for the whole and ``services/<id>.json`` for each service.

Pure: a validated ``Catalog`` in, plain JSON-ready mappings out. Services are
exported as citizens see them (merged with their template, defaults applied)
and keep the shape ``schema/service.schema.json`` gives them, every language
included, so ``schema/export.schema.json`` can describe the export by
referring to the catalogue's own schemas instead of repeating them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from servicecatalog.model.catalog import Catalog, Service

FORMAT_VERSION = 1
EXPORT = "export"  # the export schema's name in the schema model
# Where the export's schema is published: the same path as in the repository, beside the schemas it refers to.
SCHEMA_PATH = "schema/export.schema.json"
SERVICE_FILE_SCHEMA = "#/$defs/serviceFile"
# Settings that stay out of the open data, each with the reason. Every other setting is exported
# exactly when the export schema describes it (an allow-list read from the schema); a test holds
# every setting of settings.schema.json to one side or the other.
PRIVATE_SETTINGS = {
    "verifiers_team": "who verifies changes is how the repository works, not what the catalogue says",
    "map_links": "which map service links the offices is how the site looks",
    "stale_after_days": "how often verifiers re-check services is the review's working detail",
    "language_scripts": "the script of each language serves the validator's check of translations",
    "smallest_fee": "the smallest plausible fee serves the validator's check of amounts",
    "web_editor": "how editors log in to the web editor is how the repository works",
}


def page_urls(catalog: Catalog, path: str, site_url: str | None) -> dict[str, str]:
    """The address of a page (``services/passport``) in every language: the default one unprefixed."""
    if not site_url:
        return {}
    base = site_url if site_url.endswith("/") else site_url + "/"
    default = catalog.default_language
    return {lang: f"{base}{'' if lang == default else lang + '/'}{path}/" for lang in catalog.languages}


def service_links(catalog: Catalog, service: Service, site_url: str | None, history: dict[str, dt.date]) -> dict[str, Any]:
    """Where a service is published and where it comes from: kept apart from its fields."""
    links: dict[str, Any] = {"json": f"services/{service.id}.json", "source": service.source.display}
    pages = page_urls(catalog, f"services/{service.id}", site_url)
    if pages:
        links["pages"] = pages
    changed = history.get(service.source.display)
    if service.template is not None:
        links["template_source"] = service.template.display
        template_changed = history.get(service.template.display)
        changed = max(filter(None, (changed, template_changed)), default=None)
    if changed is not None:
        links["last_changed"] = changed.isoformat()
    return links


def schema_address(site_url: str | None, depth: int = 0, fragment: str = "") -> str:
    """The ``$schema`` of an export file ``depth`` folders below the site root.

    Absolute when the site's address is known, so that a file read on its own (downloaded,
    pasted into an editor) still names its schema; relative to the file otherwise.
    """
    if site_url:
        return f"{site_url if site_url.endswith('/') else site_url + '/'}{SCHEMA_PATH}{fragment}"
    return "../" * depth + SCHEMA_PATH + fragment


def settings_subset(catalog: Catalog) -> dict[str, Any]:
    """The settings a reader of the data needs: languages, name, country, currency, licence."""
    exported = catalog.schema.field(EXPORT, "settings").properties
    return {key: value for key, value in catalog.settings.items() if key in exported}


def catalogue_document(catalog: Catalog, site_url: str | None = None, history: dict[str, dt.date] | None = None) -> dict[str, Any]:
    """The whole catalogue as one JSON document (described by ``schema/export.schema.json``)."""
    history = history or {}
    return {
        "$schema": schema_address(site_url),
        "format_version": FORMAT_VERSION,
        "settings": settings_subset(catalog),
        "vocabularies": {
            name: {"title": catalog.vocabulary_titles[name], "terms": list(terms.values())}
            for name, terms in sorted(catalog.vocabularies.items())
        },
        "institutions": [catalog.institutions[i] for i in sorted(catalog.institutions)],
        "services": [catalog.services[s].data for s in sorted(catalog.services)],
        "links": {s: service_links(catalog, catalog.services[s], site_url, history) for s in sorted(catalog.services)},
    }


def service_document(catalog: Catalog, service: Service, site_url: str | None = None, history: dict[str, dt.date] | None = None) -> dict[str, Any]:
    """One service at its stable address ``services/<id>.json``: its fields and its links."""
    return {
        "$schema": schema_address(site_url, depth=1, fragment=SERVICE_FILE_SCHEMA),
        "format_version": FORMAT_VERSION,
        "languages": catalog.languages,
        "service": service.data,
        "links": service_links(catalog, service, site_url, history or {}),
    }


def dumps(document: Any) -> str:
    """Deterministic JSON text: keys in the order the model holds them, UTF-8 as is, one newline at the end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
