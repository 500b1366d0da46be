"""Which pages a change to catalogue files shows on: what a verifier should look at in a preview.

A service's own page, the lists that show it (A–Z, its institution, categories
and life events, online services, statistics, priorities, once-only, stale) and
the services that link to it. Settings, interface words, vocabularies, schemas
the theme and the code may change every page; tests, guides and workflows none.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath
from typing import Any

from servicecatalog.model.catalog import Catalog, Service
from servicecatalog.site.urls import url_of

# What the site is made from; a change anywhere else (tests, guides, workflows) shows on no page.
SITE_SOURCES = ("catalog/", "schema/", "overrides/", "docs/assets/", "scripts/", "mkdocs.yml", "pyproject.toml")
LISTS = ("services/index", "online", "statistics", "priorities", "once-only", "stale", "institutions/index")
# What a preview renders again, by what changed in a service (tests/test_affected.py holds these to
# the templates): the lists and summaries show a service's name, summary, status, institution, terms
# and online channels; the figures count more of its fields; a page that links to a service shows
# its name and summary. A preview renders a page only when its text changed.
LISTING = ("services/index", "online", "stale", "institutions/index")
SUMMARIES = ("index", "categories/index", "life-events/index", "open-data")
LISTED = frozenset({"name", "summary", "status", "institution", "categories", "life_events", "channels"})
FIGURES = {  # page -> the fields it counts (site/stats.py)
    "statistics": LISTED | {"fees", "documents", "in_person_visits", "yearly_requests", "processing_time"},
    "priorities": LISTED | {"documents", "in_person_visits", "yearly_requests"},
    "once-only": LISTED | {"documents"},
}
LINKED = frozenset({"name", "summary", "status"})
WHOLE_SITE_FROM = 50  # services changed by one save, below which a preview never builds the whole site again


def _links(data: dict[str, Any]) -> set[str]:
    """The services a service's page links to."""
    linked = set(data.get("related", [])) | ({data["replaced_by"]} if data.get("replaced_by") else set())
    return linked | {d["issuer_service"] for d in data.get("documents", []) if d.get("issuer_service")}


def _service_pages(service: Service) -> set[str]:
    data = service.data
    pages = {f"services/{service.id}", f"institutions/{service.institution}"}
    pages |= {f"categories/{term}" for term in data.get("categories", [])}
    pages |= {f"life-events/{term}" for term in data.get("life_events", [])}
    return pages


def affected_pages(catalog: Catalog, changed: list[str], before: Catalog | None = None) -> list[str] | None:
    """Page paths (``services/passport``) that files ``changed`` (relative to the project) show on; None: every page.

    ``before``: the catalogue as it was before the change, whose pages show the old
    version (a service moved to another category leaves the old category's page).
    """
    services: set[str] = set()
    pages: set[str] = set()
    for name in changed:
        path = PurePosixPath(name)
        parts = path.parts
        if not name.startswith(SITE_SOURCES):
            continue  # tests, guides, workflows, build products: not on the site
        if len(parts) < 3 or parts[0] != "catalog" or parts[1] not in ("services", "templates", "institutions"):
            return None
        stem = path.stem
        if parts[1] == "services":
            services.add(stem)
            pages.add(f"services/{stem}")  # also when the file was removed: its address goes
        elif parts[1] == "templates":
            services |= {s.id for s in catalog.services.values() if s.template is not None and s.data.get("template") == stem}
        else:
            pages |= {f"institutions/{stem}", "institutions/index"}
            services |= {s.id for s in catalog.services.values()
                         if s.institution == stem or any(d.get("issuer") == stem for d in s.data.get("documents", []))}
    for version in (catalog, before) if before is not None else (catalog,):
        for service in version.services.values():
            if service.id in services:
                pages |= _service_pages(service)
            elif _links(service.data) & services:
                pages.add(f"services/{service.id}")
    if services:
        pages |= set(LISTS)
    return sorted(pages)


def _changed_fields(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def preview_pages(before: Catalog, after: Catalog, changed: list[str]) -> list[str] | None:
    """The pages a preview renders again after files ``changed``; None when the whole site must be built again.

    Narrower than ``affected_pages``, because the catalogue before the change is known:
    a list is rendered again only when a field it shows changed (a new fee changes the
    service's page and the statistics, not the A–Z list). Everything is built again when
    more than pages and lists change: settings, interface words, vocabularies, schemas,
    the theme; a file added or removed (the site's list of pages changes); or a template
    or institution whose services are more than a quarter of the catalogue (rendering
    those pages one by one would take about as long as a full build on every core).
    """
    if set(before.services) != set(after.services) or set(before.institutions) != set(after.institutions) \
            or set(before.templates) != set(after.templates):
        return None
    broad = affected_pages(after, changed, before)
    if broad is None:
        return None
    ids: set[str] = set()
    pages: set[str] = set()
    for name in changed:
        parts = PurePosixPath(name).parts
        if len(parts) >= 3 and parts[:2] == ("catalog", "services"):
            ids.add(PurePosixPath(name).stem)
        elif len(parts) >= 3 and parts[:2] == ("catalog", "templates"):
            stem = PurePosixPath(name).stem
            ids |= {s.id for version in (before, after) for s in version.services.values() if s.data.get("template") == stem}
        elif name.startswith("catalog/"):
            pages |= set(broad) | set(SUMMARIES)  # an institution: its page, its services' pages, the lists
    if len(ids) > max(WHOLE_SITE_FROM, len(after.services) // 4):
        return None
    for service_id in ids:
        old, new = before.services[service_id], after.services[service_id]
        fields = _changed_fields(old.data, new.data)
        if not fields:
            continue
        pages.add(f"services/{service_id}")
        if fields & LISTED:
            pages |= _service_pages(old) | _service_pages(new) | set(LISTING) | set(SUMMARIES)
        pages |= {page for page, counted in FIGURES.items() if fields & counted}
        if fields & LINKED:
            pages |= {f"services/{s.id}" for version in (before, after) for s in version.services.values() if service_id in _links(s.data)}
    return sorted(pages)


def addresses(catalog: Catalog, pages: list[str]) -> list[str]:
    """Every language's public address of ``pages``."""
    base = catalog.settings.get("site_url", "")
    return [url_of(page, base, language, catalog.default_language, True) for page in pages for language in catalog.languages]


def changed_files(root: Path, ref: str) -> list[str]:
    """Files that differ from ``ref`` in the working tree, new ones included; ``ValueError`` for an unknown ref."""
    def git(*args: str) -> list[str]:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise ValueError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {args[0]} failed")
        return [line for line in done.stdout.splitlines() if line]

    if ref.startswith("-"):
        raise ValueError(f"{ref!r} is not a git revision")
    return sorted(set(git("diff", "--name-only", "--no-renames", ref, "--")) | set(git("ls-files", "--others", "--exclude-standard")))
