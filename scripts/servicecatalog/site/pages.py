"""Turn the validated catalogue into Markdown pages for every language.

Pure: a ``Catalog`` in, a mapping of relative file name to page text out, plus
the redirects and search entries the site layer needs. Nothing here knows
about MkDocs except the page file naming (``name.<lang>.md``), which is the
suffix convention of most static-site i18n tools.

URLs are stable: a service lives at ``services/<id>/`` in the default
language and ``<lang>/services/<id>/`` in the others, whatever its title,
category or institution.

This module drives the rendering (the Jinja environment, which template makes
which page, writing the files); what the templates are given lives apart:
``words`` (interface words and formats), ``context`` (links and sorted lists
of one language), ``service_facts`` (a service page's at-a-glance figures and
feedback links).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import holds_placeholder
from servicecatalog.model.verification import stale_after, stale_services
from servicecatalog.site import charts, stats
from servicecatalog.site.context import Context
from servicecatalog.site.render import Localizer, markdown_escape
from servicecatalog.site.search import SearchEntry, language_index
from servicecatalog.site.service_facts import feedback_links, service_facts
from servicecatalog.site.urls import url_of
from servicecatalog.site.words import Words

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Site:
    """Everything generated from a catalogue: pages, redirects, search entries."""

    pages: dict[str, str] = field(default_factory=dict)  # "services/passport.mk.md" -> text
    redirects: dict[str, str] = field(default_factory=dict)  # "services/old" -> "services/new"
    search: dict[str, list[SearchEntry]] = field(default_factory=dict)  # language -> entries
    search_labels: dict[str, str] = field(default_factory=dict)  # language -> name of the search dialog
    footers: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> footer_words()


def footer_words(catalog: Catalog, words: Words) -> dict[str, str]:
    """What every page's footer says in one language (overrides/partials/copyright.html): who runs the
    catalogue, how to write without an account, and the names of the accessibility and privacy pages."""
    loc = Localizer(words.language, catalog.default_language, "")
    operator = loc.plain(catalog.settings.get("operator", {}))
    return {
        "run_by": words("footer.run_by", operator=operator) if operator else "",
        "contact": words("footer.contact"),
        "email": catalog.settings.get("contact_email", ""),
        "accessibility": words("nav.accessibility"),
        "privacy": words("footer.privacy"),
    }


def page_file(path: str, language: str) -> str:
    """``services/passport`` in ``mk`` -> ``services/passport.mk.md``."""
    return f"{path}.{language}.md"


def _escaped(data: Any) -> Any:
    """``data`` with every text HTML-escaped, for front matter that a theme prints unescaped."""
    if isinstance(data, dict):
        return {k: _escaped(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_escaped(v) for v in data]
    return html.escape(data, quote=True) if isinstance(data, str) else data


@functools.lru_cache(maxsize=1)  # compiled once per process: a preview generates a few pages after each save
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # `{#id}` is Markdown's heading-anchor syntax, so Jinja comments use `{##`.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.tests["unfinished"] = lambda value: isinstance(value, str) and holds_placeholder(value)  # never shown to citizens
    env.filters["mdesc"] = lambda s: Markup(markdown_escape(str(s)))
    # A web address as people read it: without the scheme and the trailing slash.
    env.filters["display_url"] = lambda u: str(u).split("://", 1)[-1].rstrip("/")
    env.filters["as_date"] = lambda v: v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))
    env.filters["service_by_id"] = lambda service_id, ctx: ctx.catalog.services[service_id]
    # Material prints the title and description into HTML unescaped, so they are escaped here.
    env.filters["yaml_string"] = lambda s: Markup(json.dumps(html.escape(str(s), quote=True), ensure_ascii=True))
    env.filters["yaml_data"] = lambda data: Markup(json.dumps(_escaped(data), ensure_ascii=True))  # JSON is YAML
    return env


def not_found_words(catalog: Catalog, directory_urls: bool = True) -> list[dict[str, str]]:
    """The "page not found" message in every language, with the path of that language's home page.

    The site has one 404 page for every language; overrides/404.html reads this
    list from the default language's home page (``catalog_not_found`` in its front matter).
    """
    home = "" if directory_urls else "index.html"
    return [
        {"lang": language, "title": words("not_found.title"), "text": words("not_found.text"), "home_label": words("not_found.home"),
         "home": home if language == catalog.default_language else f"{language}/{home}"}
        for language, words in ((code, Words(catalog, code)) for code in catalog.languages)
    ]


def redirects(catalog: Catalog) -> dict[str, str]:
    """The former addresses of services (``former_ids``) and where each now lives."""
    return {f"services/{old}": f"services/{service.id}" for service in catalog.services.values() for old in service.data.get("former_ids", [])}


def generate(catalog: Catalog, history: dict[str, dt.date] | None = None, *, directory_urls: bool = True,
             today: dt.date | None = None, only: Collection[str] | None = None, languages: list[str] | None = None,
             write: Callable[[str, str], object] | None = None) -> Site:
    """Render every page of the site in every language (or in ``languages`` only).

    ``today`` dates the list of services to re-verify; by default it is the
    newest commit date in ``history``, so a build of the same commit always
    gives the same site (and a copy without history lists no dates).
    ``only``: render just these pages (``services/passport``, ``index``) in every
    language, the rest of the site being as it was (a preview after one saved file);
    the search entries are then left out (``search.language_index`` makes them).
    A language's pages do not depend on the others': languages generated apart
    give the pages, search entries and footers of one run over them all.
    ``write(name, text)``: each page is handed over as soon as it is made and
    ``Site.pages`` keeps only its name, so the texts are never all in memory.
    """
    env = _environment()
    site = Site()
    history = history or {}
    today = today or max(history.values(), default=None)
    limit = stale_after(catalog)
    wanted = (lambda _path: True) if only is None else set(only).__contains__
    stale = stale_services(catalog, history, today, limit) if today and wanted("stale") else []
    site.redirects = redirects(catalog)

    figures = stats.statistics(catalog) if wanted("statistics") else None
    ranked = stats.priorities(catalog) if wanted("priorities") else None
    once = stats.once_only(catalog) if wanted("once-only") else None
    for language in languages if languages is not None else catalog.languages:
        words = Words(catalog, language)
        lists: dict[str, Any] = {}

        # The defaults bind this language's words: the function is called only within this turn of the loop.
        def render(
            template: str, path: str, language: str = language, words: Words = words, lists: dict[str, Any] = lists, **values: Any
        ) -> None:
            if not wanted(path):
                return
            loc = Localizer(language, catalog.default_language, words("untranslated"), marker=words("untranslated_marker"))
            ctx = Context(catalog, language, words, loc, history, directory_urls, lists)
            body = env.get_template(template).render(
                ctx=ctx, t=words, loc=loc, here=path, url=lambda p: ctx.url(p, path), data_url=lambda n: ctx.data_url(n, path), **values
            )
            if loc.used_fallback:  # known only after rendering; the notice goes first
                head, sep, rest = body.partition("\n---\n")
                notice = f'\n<div class="admonition note sc-fallback" role="note"><p>{escape(words("untranslated_page"))}</p></div>\n'
                body = head + sep + notice + rest
            name = page_file(path, language)
            if write is None:
                site.pages[name] = body
            else:
                write(name, body)
                site.pages[name] = ""

        render("home.md.j2", "index", not_found=not_found_words(catalog, directory_urls) if language == catalog.default_language else [])
        render("az.md.j2", "services/index")
        render("online.md.j2", "online")
        render("statistics.md.j2", "statistics", stats=figures, charts=charts)
        render("priorities.md.j2", "priorities", priorities=ranked, charts=charts)
        render("once-only.md.j2", "once-only", once_only=once, charts=charts)
        render("open-data.md.j2", "open-data")
        render("accessibility.md.j2", "accessibility")
        render("privacy.md.j2", "privacy")
        site.footers[language] = footer_words(catalog, words)
        render("stale.md.j2", "stale", stale=stale, today=today, limit=limit, dated=bool(history))
        render("institutions.md.j2", "institutions/index")
        for vocabulary, folder in (("life-events", "life-events"), ("categories", "categories")):
            field_name = vocabulary.replace("-", "_")
            render("terms.md.j2", f"{folder}/index", vocabulary=vocabulary, folder=folder, field=field_name)
            for term_id in catalog.vocabularies.get(vocabulary, {}):
                render("term.md.j2", f"{folder}/{term_id}", vocabulary=vocabulary, term_id=term_id, field=field_name)
        for institution_id in catalog.institutions:
            render("institution.md.j2", f"institutions/{institution_id}", institution=catalog.institutions[institution_id])
        for service in catalog.services.values():
            if not wanted(f"services/{service.id}"):
                continue
            loc = Localizer(language, catalog.default_language, words("untranslated"), marker=words("untranslated_marker"))
            facts = service_facts(service, Context(catalog, language, words, loc, history, directory_urls, lists))
            page_url = url_of(f"services/{service.id}", catalog.settings.get("site_url", ""), language, catalog.default_language, directory_urls)
            feedback = feedback_links(catalog, service.id, page_url)
            render("service.md.j2", f"services/{service.id}", service=service, s=service.data, facts=facts, feedback=feedback)
        if only is None:
            site.search[language] = language_index(catalog, language, directory_urls)
        site.search_labels[language] = str(escape(words("home.search_button")))
    return site


def write_pages(site: Site, docs_dir: Path, keep: Callable[[Path], bool]) -> int:
    """Replace the generated pages in ``docs_dir``; files ``keep`` approves stay. Returns pages written."""
    remove_other_pages(site.pages, docs_dir, keep)
    return write_changed_pages(site.pages, docs_dir)


def remove_other_pages(names: Iterable[str], docs_dir: Path, keep: Callable[[Path], bool]) -> None:
    """Delete the Markdown files in ``docs_dir`` that are not among the pages ``names`` and that ``keep`` does not approve."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    wanted = {docs_dir / name for name in names}
    for existing in sorted(docs_dir.rglob("*.md"), reverse=True):
        if existing not in wanted and not keep(existing):
            existing.unlink()


def write_changed_pages(pages: dict[str, str], docs_dir: Path) -> int:
    """Write each page into ``docs_dir`` unless it is there already as it is; returns pages written."""
    return sum(write_changed_page(docs_dir, name, text) for name, text in sorted(pages.items()))


def write_changed_page(docs_dir: Path, name: str, text: str) -> bool:
    """Write one page into ``docs_dir`` unless it is there already as it is; whether it was written."""
    target = docs_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    # Unchanged pages keep their timestamps, so `mkdocs serve` reloads only what changed.
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True
