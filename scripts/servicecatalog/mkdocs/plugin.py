"""The ``catalog`` MkDocs plugin: the catalogue's pages, search indexes, sitemaps and open data.

Registered through the ``mkdocs.plugins`` entry point, so ``mkdocs.yml`` names
it ``catalog`` and plain ``mkdocs build`` and ``mkdocs serve`` work too. Before
MkDocs reads the docs folder it validates the catalogue and writes the
generated pages; after each language's build it writes that language's search
index, sitemap and redirect pages, and after the default language's (the
outermost, last to finish) the open data.

mkdocs-static-i18n builds the default language and then, from inside its
post-build event, every other language with the same configuration object and
the same plugin instances. The language of a build is read from the
configuration (``theme.language``, which the i18n plugin sets per language) when
the build starts, and kept on a stack, so that the nested builds' post-build
events know theirs. All state lives on the plugin instance; MkDocs keeps the
instance across the rebuilds of ``mkdocs serve`` because it has ``on_startup``.

The offline copy (``catalog build --offline``) is served from disk with
``.html`` file names, but every absolute address it writes (canonical link,
schema.org ``@id``, sitemap, feedback links) names the public site, in its
directory-URL form (``servicecatalog.site.urls``).
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
import shutil
import sys
from collections.abc import Collection, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from servicecatalog.mkdocs import outputs, rawhtml, shell
from servicecatalog.model import history, report
from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import Result, validate_catalog
from servicecatalog.opendata import exports, feed
from servicecatalog.opendata.export_schemaorg import script_tag, service_jsonld
from servicecatalog.site.pages import Site, generate, redirects, remove_other_pages, write_changed_page, write_pages
from servicecatalog.site.search import search_rules, search_tags
from servicecatalog.site.urls import directory_url
from servicecatalog.site.words import Words

log = logging.getLogger("mkdocs.plugins.catalog")

OFFLINE_SHIM = "assets/vendor/iframe-worker-shim.js"
# The Open data page's row for a download, between markers (templates/open-data.md.j2).
_DOWNLOAD_ROW = re.compile(r"<!-- sc-download (?P<name>[^ ]+) -->\n(?P<row>.*?)\n<!-- /sc-download -->\n", re.DOTALL)


def fingerprint(root: Path) -> tuple[Any, ...]:
    """Every catalogue and schema file with its modification time and size: changes when any file does."""
    watched = [p for folder in ("catalog", "schema") for p in sorted((root / folder).rglob("*")) if p.is_file()]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in watched)


def _kept_by_hand(docs_dir: Path) -> Any:
    """Which Markdown files in ``docs_dir`` are not generated (``assets/``), so stay."""
    return lambda p: p.relative_to(docs_dir).parts[0] == "assets"


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


_TOGGLES = ('type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__search" autocomplete="off"')


def _valid_toggles(output: str) -> str:
    """Material's two toggles without ``autocomplete``, which the Nu HTML Checker rejects on a checkbox
    (Material writes them outside any template block)."""
    for toggle in _TOGGLES:
        output = output.replace(toggle, toggle.removesuffix(' autocomplete="off"'), 1)
    return output


class CatalogPluginConfig(Config):
    """No options yet: everything the plugin needs comes from ``catalog/`` and the MkDocs configuration."""

    enabled = config_options.Type(bool, default=True)


class CatalogPlugin(BasePlugin[CatalogPluginConfig]):
    """Generates the catalogue's pages before MkDocs reads them and its other files after."""

    def __init__(self) -> None:
        super().__init__()
        self.validation: tuple[tuple[Any, ...], Result] | None = None  # (fingerprint, result) of the last check
        self.offline_download: Path | None = None  # the zip to publish at the site root, when asked
        self._key: tuple[Any, ...] | None = None
        self._site: Site | None = None
        self._catalog: Catalog | None = None
        self._history: dict[str, Any] = {}
        self._words: dict[str, dict[str, str]] = {}
        self._exports: tuple[str | None, dict[str, bytes]] | None = None
        self._languages: list[str] = []  # the languages being built, outermost first
        self._stashed: dict[str, rawhtml.Stash] = {}  # page -> its HTML blocks, between Markdown and HTML
        self.errors: list[str] = []  # while serving: the catalogue's errors, shown on every page
        self._serving = False
        self.outputs_deferred = False  # a parallel build writes the outputs once, after merging the languages
        self._generating: tuple[Any, ...] = ()  # the key of the pages the language processes generate
        self._as_generated = False  # see ``as_generated``
        self.shell: shell.ShellTemplate | None = None  # the service pages' template in the current build

    # --- state kept across builds --------------------------------------------------------------

    def adopt(self, other: CatalogPlugin) -> None:
        """Take the validated catalogue and generated pages of ``other`` (a parallel build's parent)."""
        self.validation, self.offline_download = other.validation, other.offline_download
        self._key, self._site, self._catalog = other._key, other._site, other._catalog
        self._history, self._words = other._history, other._words

    def use_catalog(self, catalog: Catalog) -> None:
        """Show ``catalog`` from now on: ``catalog serve`` validated a saved file and patched the generated pages."""
        self._catalog, self._exports = catalog, None

    @property
    def history(self) -> dict[str, Any]:
        """When each service was last verified (``model.history``), as the pages were generated with."""
        return self._history

    @contextlib.contextmanager
    def as_generated(self) -> Iterator[None]:
        """Within: a build reads the pages generated last, even if a file is saved meanwhile.

        ``catalog serve`` reads each language's build after generating the pages once;
        a save during that time is the next update's to show, not a reason to generate
        everything again halfway. MkDocs gives every configuration loaded in a process
        this same instance (it keeps plugins that have ``on_startup``), so the state is
        set back when the block ends, the languages' build stack included.
        """
        depth, self._as_generated = len(self._languages), True
        try:
            yield
        finally:
            self._as_generated = False
            del self._languages[depth:]

    @property
    def site(self) -> Site | None:
        """The generated site (its pages' names, search entries, footers), once generated."""
        return self._site

    def languages(self) -> list[str]:
        """The catalogue's languages, the default first (once the pages are generated)."""
        return list(self._catalog.languages) if self._catalog else []

    def use_validation(self, root: Path, result: Result) -> None:
        """Reuse a validation ``catalog build`` has just done, while no file changes."""
        self.validation = (fingerprint(root), result)

    def _validated(self, root: Path, key: tuple[Any, ...]) -> Result:
        if self.validation is None or self.validation[0] != key:
            self.validation = (key, validate_catalog(root))
        return self.validation[1]

    def generate_docs(self, config: MkDocsConfig, only: Collection[str] | None = None) -> Site:
        """Validate the catalogue and (re)write the generated pages into ``docs_dir``; cached while no file changes.

        ``only``: just these pages (``catalog build --changed-since``), without search entries.
        """
        if self._as_generated and self._site is not None:
            return self._site
        root = _root(config)
        files = fingerprint(root)
        key = (config.use_directory_urls, files, None if only is None else tuple(sorted(only)))
        if self._key == key and self._site is not None:
            return self._site
        result = self._validated(root, files)
        if not result.ok:
            lines = [report.format_text(p) for p in result.errors]
            if self._serving and self._site is not None:
                # The preview keeps the last valid pages and shows the errors on each (``on_post_page``)
                # instead of stopping, and recovers on the next good save.
                self.errors = [*lines, report.summary(result)]
                print("\n".join(self.errors), file=sys.stderr, flush=True)
                return self._site
            raise PluginError("the catalogue is not valid; fix these and build again:\n" + "\n".join(lines) + "\n" + report.summary(result))
        self.errors = []
        catalog = result.catalog
        assert catalog is not None
        dates = history.last_changes(root)
        site = generate(catalog, dates, directory_urls=config.use_directory_urls, only=only)
        docs_dir = Path(config.docs_dir)
        written = write_pages(site, docs_dir, keep=_kept_by_hand(docs_dir))
        log.info(f"catalogue: {len(catalog.services)} services, {len(site.pages)} pages generated ({written} changed)")
        self._remember(key, catalog, dates, site)
        return site

    def _remember(self, key: tuple[Any, ...], catalog: Catalog, dates: dict[str, Any], site: Site) -> None:
        """Keep the generated ``site`` (and the interface words the theme shows) while ``key`` (the files) stays the same."""
        ui_keys = set().union(*(set(d) for d in catalog.ui.values())) if catalog.ui else set()
        words = {lang: Words(catalog, lang) for lang in catalog.languages}
        self._words = {lang: {k: w(k) for k in ui_keys} for lang, w in words.items()}
        self._key, self._site, self._catalog, self._history, self._exports = key, site, catalog, dates, None

    # --- a full build's pages, generated one language per process (``parallel``) ---------------

    def start_generation(self, config: MkDocsConfig) -> Catalog:
        """Validate, and read what every language's generation shares (the history), before the processes fork."""
        root = _root(config)
        files = fingerprint(root)
        result = self._validated(root, files)
        if not result.ok or result.catalog is None:
            raise PluginError("the catalogue is not valid; fix these and build again:\n" + "\n".join(report.format_text(p) for p in result.errors))
        self._generating = (config.use_directory_urls, files)
        self._catalog, self._history = result.catalog, history.last_changes(root)
        return result.catalog

    def generate_language(self, config: MkDocsConfig, language: str) -> Site:
        """One language's pages written into ``docs_dir`` (unchanged files untouched); returned without their
        texts, which the build reads from the files: the names, search entries and footer are what is kept."""
        assert self._catalog is not None
        return generate(self._catalog, self._history, directory_urls=config.use_directory_urls, languages=[language],
                        write=partial(write_changed_page, Path(config.docs_dir)))

    def finish_generation(self, config: MkDocsConfig, parts: list[Site]) -> Site:
        """Join the languages' sites (in the catalogue's order) and delete pages no language generated."""
        assert self._catalog is not None
        site = Site(redirects=redirects(self._catalog))
        for part in parts:
            site.pages.update(part.pages)
            site.search.update(part.search)
            site.search_labels.update(part.search_labels)
            site.footers.update(part.footers)
        docs_dir = Path(config.docs_dir)
        remove_other_pages(site.pages, docs_dir, keep=_kept_by_hand(docs_dir))
        log.info(f"catalogue: {len(self._catalog.services)} services, {len(site.pages)} pages generated")
        self._remember(self._generating, self._catalog, self._history, site)
        return site

    # --- MkDocs events -------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Also makes ``mkdocs serve`` keep this instance (and its cache) across rebuilds."""
        self._serving = command == "serve"

    @event_priority(100)  # before Material's offline plugin, which would add a CDN shim
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if _offline(config):
            polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
            config.extra["polyfills"] = polyfills + [OFFLINE_SHIM]
        return config

    @event_priority(100)
    def on_pre_build(self, config: MkDocsConfig) -> None:
        self._languages.append(config.theme["language"])
        self.generate_docs(config)

    def on_env(self, env: Any, config: MkDocsConfig, files: Any) -> Any:
        """Service pages take Material's page from a shell rendered once per shape (``shell``)."""
        self.shell = shell.install(env, self._service_of)
        return env

    def _service_of(self, page: Any) -> str | None:
        """The id of the service whose page ``page`` is, or None."""
        parts = page.file.src_uri.split("/")
        if self._catalog is None or len(parts) != 2 or parts[0] != "services":
            return None
        service_id = parts[1].split(".")[0]
        return service_id if service_id in self._catalog.services else None

    def on_build_error(self, error: Exception) -> None:
        self._languages.clear()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        root = _root(config)
        for folder in ("catalog", "schema"):
            server.watch(str(root / folder))
        return server

    def _download(self) -> Path | None:
        path = self.offline_download
        if path is not None and not path.is_file():
            raise PluginError(f"{path} does not exist; build the offline copy first (catalog build --offline)")
        return path

    @event_priority(-150)  # last: what other plugins change in the Markdown stays Markdown
    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        """The generator's HTML blocks out of Markdown's way (``rawhtml``); the download row sized."""
        if "sc-download" in markdown:
            markdown = self._download_row(markdown, config)
        markdown, found = rawhtml.stash(markdown)
        if found.blocks:
            self._stashed[page.file.src_uri] = found
        return markdown

    @event_priority(150)  # first: other plugins see the whole page
    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        found = self._stashed.pop(page.file.src_uri, None)
        if found is None:
            return html
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= found.anchors()
        return rawhtml.unstash(html, found)

    def _download_row(self, markdown: str, config: MkDocsConfig) -> str:
        """Keep a download's row on the Open data page, with its size, only when the site publishes it."""
        download = self._download()
        catalog, language = self._catalog, config.theme["language"]

        def row(match: re.Match[str]) -> str:
            if download is None or match["name"] != download.name:
                return ""
            megabytes = round(download.stat().st_size / 1_000_000, 1) or 0.1
            size = Words(catalog, language).number(megabytes) if catalog else f"{megabytes}"
            return match["row"].replace("{size}", size) + "\n"

        return _DOWNLOAD_ROW.sub(row, markdown)

    # MkDocs types the context as a closed TypedDict; the theme reads our extra catalog_* keys.
    def on_page_context(self, context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:  # type: ignore[override]
        catalog, language = self._catalog, config.theme["language"]
        if _offline(config) and page.canonical_url:
            # The offline copy's pages are .html files; their public address is a folder.
            page.canonical_url = directory_url(page.canonical_url)
        is_other = catalog is not None and language != catalog.default_language and language in catalog.languages
        context["catalog_language_root"] = f"/{language}/" if is_other else ""
        context["catalog_ui"] = self._words.get(language) or {}
        context["catalog_search_tags"] = search_tags(context["catalog_ui"])
        context["catalog_footer"] = self._site.footers.get(language, {}) if self._site is not None else {}
        context["catalog_jsonld"] = ""
        parts = page.file.src_uri.split("/")
        if catalog is not None and len(parts) == 2 and parts[0] == "services":
            service = catalog.services.get(parts[1].split(".")[0])
            if service is not None:
                address = page.canonical_url or page.url
                context["catalog_jsonld"] = script_tag(service_jsonld(catalog, service, language, address))
        return context

    def _name_search_dialog(self, output: str, config: MkDocsConfig) -> str:
        # Material's search dialog has no accessible name (axe: aria-dialog-name).
        label = self._site.search_labels.get(config.theme["language"], "Search") if self._site else "Search"
        return output.replace('data-md-component="search" role="dialog"', f'data-md-component="search" role="dialog" aria-label="{label}"', 1)

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        output = _valid_toggles(self._name_search_dialog(output, config))
        if self.errors:
            body = output.find(">", output.find("<body")) + 1
            output = output[:body] + error_banner(self.errors) + output[body:]
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # Static templates (404.html) are not pages: their search dialog is named here.
        return _valid_toggles(self._name_search_dialog(output_content, config)) if template_name == "404.html" else output_content

    @event_priority(-200)  # after static-i18n has built the other languages and written its merged index
    def on_post_build(self, config: MkDocsConfig) -> None:
        language = self._languages.pop() if self._languages else config.theme["language"]
        if not self.outputs_deferred:
            self.write_outputs(config, language)

    def write_outputs(self, config: MkDocsConfig, language: str) -> None:
        """A language's search index, sitemap and redirects; the open data too for the default language."""
        site, catalog = self._site, self._catalog
        if site is None or catalog is None:
            return
        site_dir = Path(config.site_dir)
        folder = outputs.language_dir(site_dir, catalog.languages, language)
        if not folder.is_dir():
            return
        outputs.write_language(
            site, catalog.languages, language, folder, search_config=_search_rules(config, catalog, language),
            base=config.site_url or "", directory_urls=config.use_directory_urls, offline=_offline(config),
        )
        if language == catalog.default_language:
            # Open data once per build, at the root beside the default language's pages.
            exports.write_files(self._export_files(catalog, config), site_dir)
            download = self._download()
            if download is not None:
                shutil.copyfile(download, site_dir / download.name)

    def _export_files(self, catalog: Catalog, config: MkDocsConfig) -> dict[str, bytes]:
        """The open-data files, rendered once per generated site (and git read once for the feed)."""
        site_url = config.site_url or None
        if self._exports is None or self._exports[0] != site_url:
            changes = feed.changes(_root(config), exports.FEED_LIMIT)
            self._exports = (site_url, exports.render_exports(catalog, self._history, site_url, changes))
        return self._exports[1]


def _search_rules(config: MkDocsConfig, catalog: Catalog, language: str) -> dict[str, Any]:
    # Material's search plugin gives the search box and dialog; the index and the matching are ours
    # (docs/assets/catalog-search.js, named as the search worker in overrides/main.html).
    if config.plugins.get("material/search") is None:
        raise PluginError("mkdocs.yml must enable Material's `search` plugin")
    return search_rules(catalog, language)


def error_banner(errors: list[str]) -> str:
    """What the preview shows at the top of every page while a catalogue file is invalid."""
    lines = "\n".join(html.escape(line) for line in errors)
    return ('<div class="sc-preview-errors" role="alert" style="background:#b00020;color:#fff;padding:1em;font:14px/1.4 monospace;white-space:pre-wrap">'
            "<strong>The catalogue has errors: this preview shows the last valid version. Fix the file and save; the page reloads.</strong>\n"
            f"{lines}</div>")
