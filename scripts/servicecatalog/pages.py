"""Turn the validated catalogue into Markdown pages for every language.

Pure: a ``Catalog`` in, a mapping of relative file name to page text out, plus
the redirects and search entries the site layer needs. Nothing here knows
about MkDocs except the page file naming (``name.<lang>.md``), which is the
suffix convention of most static-site i18n tools.

URLs are stable: a service lives at ``services/<id>/`` in the default
language and ``<lang>/services/<id>/`` in the others, whatever its title,
category or institution.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_symbol
from markupsafe import Markup, escape

from . import charts, stats
from .model import Catalog, Service
from .render import Localizer, markdown_escape
from .urls import url_of
from .search import SearchEntry, service_search_text
from .stale import verified_on

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Site:
    """Everything generated from a catalogue: pages, redirects, search entries."""

    pages: dict[str, str] = field(default_factory=dict)  # "services/passport.mk.md" -> text
    redirects: dict[str, str] = field(default_factory=dict)  # "services/old" -> "services/new"
    search: dict[str, list[SearchEntry]] = field(default_factory=dict)  # language -> entries
    search_labels: dict[str, str] = field(default_factory=dict)  # language -> name of the search dialog


def page_file(path: str, language: str) -> str:
    """``services/passport`` in ``mk`` -> ``services/passport.mk.md``."""
    return f"{path}.{language}.md"


class Words:
    """The interface words of one language, falling back to the default language."""

    def __init__(self, catalog: Catalog, language: str) -> None:
        self.language = language
        self.own = catalog.ui.get(language, {})
        self.default = catalog.ui.get(catalog.default_language, {})
        self.locale = Locale.parse(language.replace("-", "_"))

    def __call__(self, key: str, **values: Any) -> str:
        text = self.own.get(key) or self.default.get(key) or key
        return text.format(**values) if values else text

    def plural(self, key: str, n: int) -> str:
        form = self.locale.plural_form(n)
        return self(f"{key}.{form}", n=n) if f"{key}.{form}" in self.own or f"{key}.{form}" in self.default else self(f"{key}.other", n=n)

    def duration(self, value: dict[str, Any] | None) -> str:
        if not value:
            return ""
        return self.plural(f"unit.{value['unit']}", value["value"])

    def number(self, amount: float) -> str:
        return format_decimal(amount, locale=self.locale)

    def money(self, amount: float, currency: str) -> str:
        return f"{self.number(amount)} {get_currency_symbol(currency, locale=self.locale)}"

    def language_name(self, code: str) -> str:
        try:
            return Locale.parse(code.replace("-", "_")).get_display_name(self.locale) or code
        except (ValueError, LookupError):
            return code

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.locale)


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
    env.filters["mdesc"] = lambda s: Markup(markdown_escape(str(s)))
    env.filters["service_by_id"] = lambda service_id, ctx: ctx.catalog.services[service_id]
    # Material prints the title and description into HTML unescaped, so they are escaped here.
    env.filters["yaml_string"] = lambda s: Markup(json.dumps(html.escape(str(s), quote=True), ensure_ascii=True))
    return env


@dataclass
class Context:
    """What every template of one language can use."""

    catalog: Catalog
    language: str
    words: Words
    loc: Localizer
    history: dict[str, dt.date]
    directory_urls: bool = True

    def url(self, path: str, here: str) -> str:
        """Relative link from page ``here`` to page ``path`` within one language.

        Links are written as HTML, so they are computed here for both URL styles:
        ``services/passport/`` on a server, ``services/passport.html`` offline.
        """
        if self.directory_urls:
            segments = here.split("/")
            depth = len(segments) - 1 if segments[-1] == "index" else len(segments)
            target = "" if path == "index" else path.removesuffix("index") if path.endswith("/index") else path + "/"
            return "../" * depth + target or "./"
        depth = here.count("/")
        return "../" * depth + path + ".html"

    def data_url(self, name: str, here: str) -> str:
        """Relative link from page ``here`` to a file at the site root (the open-data files)."""
        up = len(here.split("/")) - (1 if here.split("/")[-1] == "index" or not self.directory_urls else 0)
        if self.language != self.catalog.default_language:
            up += 1
        return "../" * up + name

    def term(self, vocabulary: str, term_id: str) -> dict[str, Any]:
        return self.catalog.vocabularies[vocabulary][term_id]

    def sort_key(self, value: Any) -> str:
        return self.loc.plain(value).casefold()

    @cached_property
    def services_sorted(self) -> list[Service]:
        """Every service, alphabetically in this language."""
        return sorted(self.catalog.services.values(), key=lambda s: self.sort_key(s.data["name"]))

    @cached_property
    def active_services(self) -> list[Service]:
        return [s for s in self.services_sorted if s.active]

    def services_with(self, field_name: str, value: str) -> list[Service]:
        """Active services whose list field (``life_events``, ``categories``) names ``value``."""
        return [s for s in self.active_services if value in s.data.get(field_name, [])]

    def services_of_sorted(self, institution: str) -> list[Service]:
        return [s for s in self.active_services if s.institution == institution]

    def by_initial(self) -> list[tuple[str, list[Service]]]:
        """Active services grouped under the first letter of their name in this language."""
        groups: dict[str, list[Service]] = {}
        for service in self.active_services:
            name = self.loc.plain(service.data["name"])
            groups.setdefault(name[:1].upper(), []).append(service)
        return list(groups.items())

    def services_at_level(self, level: int) -> list[Service]:
        return [s for s in self.active_services if online_level(s) == level]

    def online_services(self, minimum: int = 1) -> list[Service]:
        """Active services with an online channel of at least ``minimum`` maturity, most mature first."""
        ranked = [(online_level(s), s) for s in self.active_services]
        return [s for level, s in sorted(ranked, key=lambda pair: -pair[0]) if level >= minimum]


def online_level(service: Service) -> int:
    """The highest e-service maturity among a service's online channels, or -1."""
    return max((c["maturity"] for c in service.data.get("channels", []) if c["type"] == "online"), default=-1)


def _service_facts(service: Service, ctx: Context) -> dict[str, Any]:
    """Figures the page shows at a glance, computed once here rather than in templates."""
    data = service.data
    fees = data.get("fees", [])
    general = [f for f in fees if "channels" not in f and "condition" not in f]  # what everyone pays
    currencies = {f["currency"] for f in general}
    total = sum(f["amount"] for f in general) if len(currencies) == 1 else None
    online = [c for c in data.get("channels", []) if c["type"] == "online"]
    best_online = max(online, key=lambda c: c["maturity"], default=None)
    documents = data.get("documents", [])
    return {
        "total": ctx.words.money(total, currencies.pop()) if total is not None and general else None,
        "free": not fees,
        "online": best_online,
        "to_bring": [d for d in documents if not d["obtained_by_administration"]],
        "fetched": [d for d in documents if d["obtained_by_administration"]],
        "in_person": [c for c in data.get("channels", []) if c["type"] == "in-person"],
        "other_channels": [c for c in data.get("channels", []) if c["type"] in ("phone", "post", "email")],
        "changed": verified_on(service, ctx.history),
    }


# Issue forms in .github/ISSUE_TEMPLATE/ and the field ids they pre-fill (a test checks they exist).
FEEDBACK_FORMS = {"error": "1-error-on-a-page.yml", "improvement": "3-proposal.yml", "praise": "5-praise.yml"}
PREFILLED_FIELDS = ("service-id", "page")


def feedback_links(catalog: Catalog, service_id: str, page_url: str) -> dict[str, str]:
    """Pre-filled issue-form links for one service page, and a mail link for people without an account."""
    links: dict[str, str] = {}
    repository = catalog.settings.get("repository_url")
    if repository:
        for kind, form in FEEDBACK_FORMS.items():
            query = urlencode({"template": form, PREFILLED_FIELDS[0]: service_id, PREFILLED_FIELDS[1]: page_url})
            links[kind] = f"{repository.rstrip('/')}/issues/new?{query}"
    email = catalog.settings.get("contact_email")
    if email:
        links["email"] = f"mailto:{email}?" + urlencode({"subject": f"[{service_id}] {page_url}"}, quote_via=quote)
    return links


def generate(catalog: Catalog, history: dict[str, dt.date] | None = None, *, directory_urls: bool = True) -> Site:
    """Render every page of the site in every language."""
    env = _environment()
    site = Site()
    history = history or {}
    for service in catalog.services.values():
        for old in service.data.get("former_ids", []):
            site.redirects[f"services/{old}"] = f"services/{service.id}"

    figures, ranked, once = stats.statistics(catalog), stats.priorities(catalog), stats.once_only(catalog)
    for language in catalog.languages:
        words = Words(catalog, language)

        def render(template: str, path: str, **values: Any) -> None:
            loc = Localizer(language, catalog.default_language, words("untranslated"))
            ctx = Context(catalog, language, words, loc, history, directory_urls)
            body = env.get_template(template).render(
                ctx=ctx, t=words, loc=loc, here=path, url=lambda p: ctx.url(p, path), data_url=lambda n: ctx.data_url(n, path), **values
            )
            if loc.used_fallback:  # known only after rendering; the notice goes first
                head, sep, rest = body.partition("\n---\n")
                notice = f'\n<div class="admonition note sc-fallback" role="note"><p>{escape(words("untranslated_page"))}</p></div>\n'
                body = head + sep + notice + rest
            site.pages[page_file(path, language)] = body

        render("home.md.j2", "index")
        render("az.md.j2", "services/index")
        render("online.md.j2", "online")
        render("statistics.md.j2", "statistics", stats=figures, charts=charts)
        render("priorities.md.j2", "priorities", priorities=ranked, charts=charts)
        render("once-only.md.j2", "once-only", once_only=once, charts=charts)
        render("open-data.md.j2", "open-data")
        render("institutions.md.j2", "institutions/index")
        for vocabulary, folder in (("life-events", "life-events"), ("categories", "categories")):
            field_name = vocabulary.replace("-", "_")
            render("terms.md.j2", f"{folder}/index", vocabulary=vocabulary, folder=folder, field=field_name)
            for term_id in catalog.vocabularies.get(vocabulary, {}):
                render("term.md.j2", f"{folder}/{term_id}", vocabulary=vocabulary, term_id=term_id, field=field_name)
        for institution_id in catalog.institutions:
            render("institution.md.j2", f"institutions/{institution_id}", institution=catalog.institutions[institution_id])
        entries: list[SearchEntry] = []
        for service in catalog.services.values():
            loc = Localizer(language, catalog.default_language, words("untranslated"))
            facts = _service_facts(service, Context(catalog, language, words, loc, history, directory_urls))
            page_url = url_of(f"services/{service.id}", catalog.settings.get("site_url", ""), language, catalog.default_language, directory_urls)
            feedback = feedback_links(catalog, service.id, page_url)
            render("service.md.j2", f"services/{service.id}", service=service, s=service.data, facts=facts, feedback=feedback)
            location = f"services/{service.id}/" if directory_urls else f"services/{service.id}.html"
            entries.append(service_search_text(service.data, language, catalog.default_language, location))
        site.search[language] = entries
        site.search_labels[language] = str(escape(words("home.search_button")))
    return site


def write_pages(site: Site, docs_dir: Path, keep: Callable[[Path], bool]) -> int:
    """Replace the generated pages in ``docs_dir``; files ``keep`` approves stay. Returns pages written."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    wanted = {docs_dir / name for name in site.pages}
    for existing in sorted(docs_dir.rglob("*.md"), reverse=True):
        if existing not in wanted and not keep(existing):
            existing.unlink()
    written = 0
    for name, text in sorted(site.pages.items()):
        target = docs_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        # Unchanged pages keep their timestamps, so `mkdocs serve` reloads only what changed.
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written += 1
    return written
