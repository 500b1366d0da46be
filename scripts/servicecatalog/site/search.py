"""Search entries: the words a citizen types, mapped to the page that answers them.

One index per language, holding plain text only (the site's search script
escapes it when it shows results): services, institutions, life events and
categories, each marked with its kind so results show them apart. A withdrawn
service stays findable by its old name but carries its replacement, and the
search ranks it last.

How a language is searched is data, not code: ``catalog/ui/<lang>.yaml``
gives the words that don't count alone (``search.stop_words``), how people
write the language's letters in Latin script (``search.letters``, e.g.
``ш=s``) and the spellings that mean the same letter (``search.spellings``,
e.g. ``sh=s``). These rules are that language's own, never the default
language's: Macedonian letters mean nothing on the English page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from servicecatalog.model.catalog import Catalog

SERVICE, INSTITUTION, LIFE_EVENT, CATEGORY = "service", "institution", "life-event", "category"
# The vocabularies whose terms have pages of their own, with the kind and folder of those pages.
TERM_PAGES = ((LIFE_EVENT, "life-events"), (CATEGORY, "categories"))


@dataclass(frozen=True)
class SearchEntry:
    """One page in one language's search index."""

    location: str  # relative to the language's root, e.g. "services/passport/"
    title: str
    text: str = ""  # shown under the title, and matched
    keywords: tuple[str, ...] = ()
    kind: str = SERVICE
    context: str = ""  # words that find the entry but weigh little, e.g. the service's institution
    replaced_by: str = ""  # a withdrawn service: the title of its replacement...
    replacement: str = ""  # ...and its location
    withdrawn: bool = False


def index_document(entry: SearchEntry) -> dict[str, Any]:
    """``entry`` as a document of the search index: plain text, leaving out what is empty.

    The one place index documents are made. Their texts stay as typed (a name like
    ``Пасош <img src=x onerror=...>`` is those characters): the site's search
    (``docs/assets/catalog-search.js``) escapes every text it hands to Material's
    result list, which inserts titles, texts and tags as HTML.
    """
    doc: dict[str, Any] = {"location": entry.location, "title": entry.title}
    optional = {"text": entry.text, "keywords": list(entry.keywords), "context": entry.context,
                "replaced_by": entry.replaced_by, "replacement": entry.replacement}
    doc.update({key: value for key, value in optional.items() if value})
    if entry.kind != SERVICE:
        doc["kind"] = entry.kind
    if entry.withdrawn:
        doc["withdrawn"] = True
    return doc


def pairs(text: str) -> list[list[str]]:
    """``"ш=s ч=c ь="`` -> ``[["ш", "s"], ["ч", "c"], ["ь", ""]]`` (the schema checks the form)."""
    return [list(item.split("=", 1)) for item in text.split() if "=" in item]


def search_rules(catalog: Catalog, language: str) -> dict[str, Any]:
    """How ``language`` is searched, and the words its results are labelled with.

    The rules come from the language's own interface words only; the labels fall
    back to the default language's like every interface word.
    """
    own = catalog.ui.get(language, {})
    default = catalog.ui.get(catalog.default_language, {})

    def label(key: str) -> str:
        return own.get(key) or default.get(key) or ""

    return {
        "stop_words": own.get("search.stop_words", "").split(),
        "letters": dict(pairs(own.get("search.letters", ""))),
        # longest first, so "dzh" is read before "zh"
        "spellings": sorted(pairs(own.get("search.spellings", "")), key=lambda p: -len(p[0])),
        "labels": {kind: label(f"search.kind.{kind}") for kind in (INSTITUTION, LIFE_EVENT, CATEGORY)}
        | {"withdrawn": label("search.withdrawn"), "replaced_by": label("search.replaced_by")},
    }


def search_tags(ui: dict[str, str]) -> dict[str, str]:
    """Material's tag classes for the kinds of result: label (HTML-escaped, as results show it) -> kind."""
    labels = {ui.get(f"search.kind.{kind}", ""): kind for kind in (INSTITUTION, LIFE_EVENT, CATEGORY)}
    labels[ui.get("search.withdrawn", "")] = "withdrawn"
    return {str(escape(label)): kind for label, kind in labels.items() if label}


def _pick(value: Any, language: str, default: str) -> str:
    if not isinstance(value, dict):
        return ""
    return str(value.get(language) or value.get(default) or "")


def _location(path: str, directory_urls: bool) -> str:
    return f"{path}/" if directory_urls else f"{path}.html"


def service_entry(catalog: Catalog, service_id: str, language: str, directory_urls: bool = True) -> SearchEntry:
    """A service: its name, summary and keywords; its institution's names weigh little."""
    default = catalog.default_language
    data = catalog.services[service_id].data
    keywords = (data.get("keywords") or {}).get(language) or (data.get("keywords") or {}).get(default) or []
    institution = catalog.institutions.get(data["institution"], {})
    context = " ".join(filter(None, (_pick(institution.get("short_name"), language, default), _pick(institution.get("name"), language, default))))
    withdrawn = data.get("status", "active") != "active"
    successor = catalog.services.get(data.get("replaced_by", "")) if withdrawn else None
    return SearchEntry(
        location=_location(f"services/{service_id}", directory_urls),
        title=_pick(data["name"], language, default),
        text=_pick(data.get("summary"), language, default),
        keywords=tuple(dict.fromkeys(str(k) for k in keywords)),
        context=context,
        withdrawn=withdrawn,
        replaced_by=_pick(successor.data["name"], language, default) if successor else "",
        replacement=_location(f"services/{successor.id}", directory_urls) if successor else "",
    )


def institution_entry(catalog: Catalog, institution_id: str, language: str, directory_urls: bool = True) -> SearchEntry:
    """An institution: its name, its short name (``МВР``) and what it does."""
    default = catalog.default_language
    data = catalog.institutions[institution_id]
    short = _pick(data.get("short_name"), language, default)
    return SearchEntry(
        location=_location(f"institutions/{institution_id}", directory_urls),
        title=_pick(data["name"], language, default),
        text=_pick(data.get("description"), language, default),
        keywords=(short,) if short else (),
        kind=INSTITUTION,
    )


def term_entry(catalog: Catalog, vocabulary: str, term_id: str, kind: str, language: str, directory_urls: bool = True) -> SearchEntry:
    """A life event or a category: its name and description."""
    default = catalog.default_language
    term = catalog.vocabularies[vocabulary][term_id]
    return SearchEntry(
        location=_location(f"{vocabulary}/{term_id}", directory_urls),
        title=_pick(term["name"], language, default),
        text=_pick(term.get("description"), language, default),
        kind=kind,
    )


def language_index(catalog: Catalog, language: str, directory_urls: bool = True) -> list[SearchEntry]:
    """Every searchable page of ``language``: services, then life events, categories and institutions."""
    entries = [service_entry(catalog, sid, language, directory_urls) for sid in catalog.services]
    for kind, vocabulary in TERM_PAGES:
        entries += [term_entry(catalog, vocabulary, tid, kind, language, directory_urls) for tid in catalog.vocabularies.get(vocabulary, {})]
    entries += [institution_entry(catalog, iid, language, directory_urls) for iid in catalog.institutions]
    return entries


def updated_index(entries: list[SearchEntry], catalog: Catalog, language: str, services: set[str],
                  directory_urls: bool = True) -> list[SearchEntry]:
    """``language_index`` of ``catalog`` from ``entries`` (the index of the same services, terms and
    institutions before a change), making again only the entries of ``services`` and the institutions'.

    ``catalog serve`` updates one language's index after a save in milliseconds instead of making
    thousands of entries again; the result is the index ``language_index`` makes.
    """
    ids = list(catalog.services)
    updated = list(entries)
    for position, service_id in enumerate(ids):
        if service_id in services:
            updated[position] = service_entry(catalog, service_id, language, directory_urls)
    first = len(updated) - len(catalog.institutions)
    updated[first:] = [institution_entry(catalog, iid, language, directory_urls) for iid in catalog.institutions]
    return updated
