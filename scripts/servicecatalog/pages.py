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
from urllib.parse import quote, quote_plus, urlencode

import jinja2
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_symbol
from markupsafe import Markup, escape

from . import charts, stats
from .model import Catalog, Service
from .render import Collator, Localizer, markdown_escape
from .urls import url_of
from .search import SearchEntry, service_search_text
from .stale import stale_after, stale_services, verified_on

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
        self.default_locale = Locale.parse(catalog.default_language.replace("-", "_"))

    def __call__(self, key: str, **values: Any) -> str:
        text = self.own.get(key) or self.default.get(key) or key
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values: Any) -> str:
        """``key.<CLDR plural category of n>`` (``key.one``, ``key.few``, ``key.other``…), with ``{n}``/``{count}`` filled in.

        The categories are the language's own (Babel's CLDR rules), so a language
        only adds the words its grammar needs; a missing category falls back to
        ``other``, then to the default language's words.
        """
        shown = self.number(n)
        candidates = ((self.own, self.locale.plural_form(n)), (self.own, "other"),
                      (self.default, self.default_locale.plural_form(n)), (self.default, "other"))
        for words, form in candidates:
            text = words.get(f"{key}.{form}")
            if text:
                return text.format(n=shown, count=shown, **values)
        return key

    @cached_property
    def collator(self) -> Collator:
        """Alphabetical order from this language's own ``alphabet`` word (never the default language's)."""
        return Collator.from_alphabet(self.own.get("alphabet", ""))

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


def _escaped(data: Any) -> Any:
    """``data`` with every text HTML-escaped, for front matter that a theme prints unescaped."""
    if isinstance(data, dict):
        return {k: _escaped(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_escaped(v) for v in data]
    return html.escape(data, quote=True) if isinstance(data, str) else data


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
    env.filters["yaml_data"] = lambda data: Markup(json.dumps(_escaped(data), ensure_ascii=True))  # JSON is YAML
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
    # Sorted lists are the same for every page of a language: one dict per language,
    # shared by the pages' contexts, so a catalogue is sorted once, not once per page.
    lists: dict[str, Any] = field(default_factory=dict)

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

    def sort_key(self, value: Any) -> tuple[Any, ...]:
        """Alphabetical order of a catalogue text in this language (its alphabet, digraphs included)."""
        return self.words.collator.key(self.loc.plain(value))

    @property
    def services_sorted(self) -> list[Service]:
        """Every service, alphabetically in this language."""
        if "services" not in self.lists:
            self.lists["services"] = sorted(self.catalog.services.values(), key=lambda s: (self.sort_key(s.data["name"]), s.id))
        return self.lists["services"]

    @property
    def institutions_sorted(self) -> list[tuple[str, dict[str, Any]]]:
        """(id, institution), alphabetically by name in this language."""
        if "institutions" not in self.lists:
            self.lists["institutions"] = sorted(self.catalog.institutions.items(), key=lambda item: (self.sort_key(item[1]["name"]), item[0]))
        return self.lists["institutions"]

    @property
    def active_services(self) -> list[Service]:
        if "active" not in self.lists:
            self.lists["active"] = [s for s in self.services_sorted if s.active]
        return self.lists["active"]

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
            groups.setdefault(self.words.collator.initial(name), []).append(service)
        return list(groups.items())

    def map_url(self, office: dict[str, Any]) -> str | None:
        """A map of the office: at its coordinates, else a search for its address; None without either.

        The map service is the catalogue's ``map_links`` setting (``{lat}``, ``{lon}``,
        ``{query}``). The search uses the address in the default language, as
        official names are written on maps.
        """
        links = self.catalog.settings.get("map_links") or {}
        if office.get("geo") and links.get("point"):
            url = links["point"].format(lat=office["geo"]["lat"], lon=office["geo"]["lon"])
        elif office.get("address") and links.get("search"):
            address, default = office["address"], self.catalog.default_language
            country = address.get("country") or self.catalog.settings.get("country", "")
            parts = [address.get("street", {}).get(default, ""),
                     " ".join(p for p in (address.get("postal_code", ""), address.get("locality", {}).get(default, "")) if p),
                     self.words.default_locale.territories.get(country, country)]
            url = links["search"].format(query=quote_plus(", ".join(p for p in parts if p)))
        else:
            return None
        return url if url.startswith(("https://", "http://")) else None

    def services_at_level(self, level: int) -> list[Service]:
        return [s for s in self.active_services if online_level(s) == level]

    def online_services(self, minimum: int = 1) -> list[Service]:
        """Active services with an online channel of at least ``minimum`` maturity, most mature first."""
        ranked = [(online_level(s), s) for s in self.active_services]
        return [s for level, s in sorted(ranked, key=lambda pair: -pair[0]) if level >= minimum]


def online_level(service: Service) -> int:
    """The highest e-service maturity among a service's online channels, or -1."""
    return max((c["maturity"] for c in service.data.get("channels", []) if c["type"] == "online"), default=-1)


def _fee_facts(data: dict[str, Any], words: Words) -> tuple[str, str]:
    """(status, amount) of a service's fees, by the rules of ``stats.fee_routes``.

    Status: ``unknown`` (no ``fees`` field), ``free`` (``fees: []``), ``total``
    (what everyone pays, the same on every way of applying), ``from`` (the
    cheapest way of applying), ``see`` (fees only in some cases or on some ways).
    """
    routes = stats.fee_routes(data)
    if routes is None:
        return "unknown", ""
    if not data["fees"]:
        return "free", ""
    low = stats.cheapest(routes)
    if not low:
        return "see", ""
    amount = " + ".join(words.money(value, currency) for currency, value in low.items())
    return ("total" if all(total == low for total in routes.values()) else "from"), amount


def _time_frames(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The processing times to show at a glance: the service's own, else each channel's."""
    time = data.get("processing_time") or {}
    frames = [time] if time.get("typical") or time.get("legal_maximum") else time.get("per_channel", [])
    return [{"channels": f.get("channels", []), "typical": f.get("typical"), "legal_maximum": f.get("legal_maximum")}
            for f in frames if f.get("typical") or f.get("legal_maximum")]


def _service_facts(service: Service, ctx: Context) -> dict[str, Any]:
    """Figures the page shows at a glance, computed once here rather than in templates."""
    data = service.data
    fee_status, fee_amount = _fee_facts(data, ctx.words)
    online = [c for c in data.get("channels", []) if c["type"] == "online"]
    best_online = max(online, key=lambda c: c["maturity"], default=None)
    documents = data.get("documents", [])
    return {
        "fee_status": fee_status,
        "fee_amount": fee_amount,
        "times": _time_frames(data),
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


def generate(catalog: Catalog, history: dict[str, dt.date] | None = None, *, directory_urls: bool = True,
             today: dt.date | None = None) -> Site:
    """Render every page of the site in every language.

    ``today`` dates the list of services to re-verify; by default it is the
    newest commit date in ``history``, so a build of the same commit always
    gives the same site (and a copy without history lists no dates).
    """
    env = _environment()
    site = Site()
    history = history or {}
    today = today or max(history.values(), default=None)
    limit = stale_after(catalog)
    stale = stale_services(catalog, history, today, limit) if today else []
    for service in catalog.services.values():
        for old in service.data.get("former_ids", []):
            site.redirects[f"services/{old}"] = f"services/{service.id}"

    figures, ranked, once = stats.statistics(catalog), stats.priorities(catalog), stats.once_only(catalog)
    for language in catalog.languages:
        words = Words(catalog, language)
        lists: dict[str, Any] = {}

        def render(template: str, path: str, **values: Any) -> None:
            loc = Localizer(language, catalog.default_language, words("untranslated"), marker=words("untranslated_marker"))
            ctx = Context(catalog, language, words, loc, history, directory_urls, lists)
            body = env.get_template(template).render(
                ctx=ctx, t=words, loc=loc, here=path, url=lambda p: ctx.url(p, path), data_url=lambda n: ctx.data_url(n, path), **values
            )
            if loc.used_fallback:  # known only after rendering; the notice goes first
                head, sep, rest = body.partition("\n---\n")
                notice = f'\n<div class="admonition note sc-fallback" role="note"><p>{escape(words("untranslated_page"))}</p></div>\n'
                body = head + sep + notice + rest
            site.pages[page_file(path, language)] = body

        render("home.md.j2", "index", not_found=not_found_words(catalog, directory_urls) if language == catalog.default_language else [])
        render("az.md.j2", "services/index")
        render("online.md.j2", "online")
        render("statistics.md.j2", "statistics", stats=figures, charts=charts)
        render("priorities.md.j2", "priorities", priorities=ranked, charts=charts)
        render("once-only.md.j2", "once-only", once_only=once, charts=charts)
        render("open-data.md.j2", "open-data")
        render("stale.md.j2", "stale", stale=stale, today=today, limit=limit, dated=bool(history))
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
            loc = Localizer(language, catalog.default_language, words("untranslated"), marker=words("untranslated_marker"))
            facts = _service_facts(service, Context(catalog, language, words, loc, history, directory_urls, lists))
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
