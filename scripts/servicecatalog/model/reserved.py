"""Ids the site keeps for its own pages and files.

A service lives at ``services/<id>/``, an institution at ``institutions/<id>/``,
a category or life event at ``categories/<id>/`` or ``life-events/<id>/``, and
a former id redirects from ``services/<old>/``. The list pages of those
folders are ``<folder>/index``, so an id ``index`` would silently replace
them, in every language. The other names are the pages, folders and files the
generator and MkDocs write beside them (a test compares this list with what a
build writes, so a new page cannot slip past it), and the language codes, which
name the folders of the other languages. Refusing them all keeps every address
of the site one thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from servicecatalog.model.loader import Document
from servicecatalog.model.translations import say

# Names the generator, the exports and MkDocs write; language codes are added per catalogue.
SITE_NAMES = frozenset({
    "index", "404", "assets", "search", "sitemap", "schema",
    "services", "institutions", "life-events", "categories",
    "online", "statistics", "priorities", "once-only", "open-data", "stale", "accessibility", "privacy",
    "catalogue", "cpsv-ap", "changes", "site-offline",
})
# Vocabularies whose terms get a page of their own (site/pages.py).
PAGED_VOCABULARIES = ("life-events", "categories")


class Sink(Protocol):
    def add(self, doc: Document, path: tuple[Any, ...], message: str, *, rule: str, severity: str = "error", key: bool = False) -> None: ...


def reserved_ids(languages: Iterable[Any]) -> frozenset[str]:
    """Every id refused for a service, an institution, a former id or a term with a page."""
    return SITE_NAMES | {code for code in languages if isinstance(code, str)}


def check_id(value: Any, reserved: frozenset[str], what: str, doc: Document, path: tuple[Any, ...], out: Sink) -> None:
    """Report ``value`` at ``path`` when the site keeps it for one of its own pages."""
    if isinstance(value, str) and value in reserved:
        reason = say("reserved.reason.language" if value not in SITE_NAMES else "reserved.reason.site")
        out.add(doc, path, say("reserved.id", what=say(f"crossfile.what.{what.replace(' ', '_')}"), value=repr(value), reason=reason), rule="reserved-id")
