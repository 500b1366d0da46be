"""The MkDocs layer: the only module that knows MkDocs exists.

Listed under ``hooks:`` in ``mkdocs.yml``, so plain ``mkdocs build`` and
``mkdocs serve`` work too. Before MkDocs reads the docs folder, it validates
the catalogue and writes the generated pages; after the build it writes one
search index per language, the sitemaps, the open data, the redirect pages
of former ids and, when the build was asked for it, the offline copy's zip.

The offline copy (``catalog build --offline``) is served from disk with
``.html`` file names, but every absolute address it writes (canonical link,
schema.org ``@id``, sitemap, feedback links) names the public site, in its
directory-URL form (``servicecatalog.urls``).

mkdocs-static-i18n builds the site once per language in the same process, so
generation is keyed on the catalogue's state and runs once per change.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from servicecatalog.opendata import exports

from servicecatalog.opendata import feed

from servicecatalog.model import history

from servicecatalog.model import report
from servicecatalog.opendata.export_schemaorg import script_tag, service_jsonld
from servicecatalog.mkdocs.build import OFFLINE_DOWNLOAD_KEY, fingerprint, validated
from servicecatalog.site.pages import Site, generate, write_pages
from servicecatalog.site.redirects import redirect_html
from servicecatalog.site.search import SearchEntry, index_document
from servicecatalog.opendata.sitemap import sitemap_xml
from servicecatalog.site.urls import directory_url
from servicecatalog.site.words import Words

log = logging.getLogger("mkdocs.plugins.catalog")

_state: dict[str, Any] = {"key": None, "site": None, "catalog": None, "search_label": {}, "words": {}, "exports": None}


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _keep(path: Path, docs_dir: Path) -> bool:
    return path.relative_to(docs_dir).parts[0] == "assets"


def generate_docs(config: MkDocsConfig) -> Site:
    """Validate the catalogue and (re)write the generated pages into ``docs_dir``."""
    root = _root(config)
    key = (config.use_directory_urls, fingerprint(root))
    if _state["key"] == key and _state["site"] is not None:
        return _state["site"]
    result = validated(root)
    if not result.ok:
        lines = [report.format_text(p) for p in result.errors]
        raise PluginError("the catalogue is not valid; fix these and build again:\n" + "\n".join(lines) + "\n" + report.summary(result))
    assert result.catalog is not None
    dates = history.last_changes(root)
    site = generate(result.catalog, dates, directory_urls=config.use_directory_urls)
    docs_dir = Path(config.docs_dir)
    written = write_pages(site, docs_dir, keep=lambda p: _keep(p, docs_dir))
    log.info(f"catalogue: {len(result.catalog.services)} services, {len(site.pages)} pages generated ({written} changed)")
    words = {lang: Words(result.catalog, lang) for lang in result.catalog.languages}
    ui_keys = set().union(*(set(d) for d in result.catalog.ui.values())) if result.catalog.ui else set()
    _state.update(
        key=key, site=site, catalog=result.catalog, search_label=site.search_labels, history=dates, exports=None,
        words={lang: {k: w(k) for k in ui_keys} for lang, w in words.items()},
    )
    return site


OFFLINE_SHIM = "assets/vendor/iframe-worker-shim.js"


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(100)  # before Material's offline plugin, which would add a CDN shim
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _offline(config):
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
        config.extra["polyfills"] = polyfills + [OFFLINE_SHIM]
    return config


@event_priority(100)
def on_pre_build(config: MkDocsConfig) -> None:
    generate_docs(config)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = _root(config)
    for folder in ("catalog", "schema"):
        server.watch(str(root / folder))
    return server


# The Open data page's row for a download, between markers (templates/open-data.md.j2).
_DOWNLOAD_ROW = re.compile(r"<!-- sc-download (?P<name>[^ ]+) -->\n(?P<row>.*?)\n<!-- /sc-download -->\n", re.S)


def _download(config: MkDocsConfig) -> Path | None:
    """The zip to publish at the root of the site, when the build was asked for one."""
    value = config.extra.get(OFFLINE_DOWNLOAD_KEY)
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        raise PluginError(f"extra.{OFFLINE_DOWNLOAD_KEY}: {path} does not exist; build the offline copy first (catalog build --offline)")
    return path


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    """Keep a download's row on the Open data page, with its size, only when the site publishes it."""
    if "sc-download" not in markdown:
        return markdown
    download = _download(config)
    catalog = _state["catalog"]
    language = config.theme.get("language")

    def row(match: re.Match[str]) -> str:
        if download is None or match["name"] != download.name:
            return ""
        megabytes = round(download.stat().st_size / 1_000_000, 1) or 0.1
        size = Words(catalog, language).number(megabytes) if catalog else f"{megabytes}"
        return match["row"].replace("{size}", size) + "\n"

    return _DOWNLOAD_ROW.sub(row, markdown)


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    catalog = _state["catalog"]
    language = config.theme.get("language")
    if _offline(config) and page.canonical_url:
        # The offline copy's pages are .html files; their public address is a folder.
        page.canonical_url = directory_url(page.canonical_url)
    is_other = catalog is not None and language != catalog.default_language and language in catalog.languages
    context["catalog_language_root"] = f"/{language}/" if is_other else ""
    context["catalog_ui"] = _state["words"].get(language) or {}
    context["catalog_jsonld"] = ""
    parts = page.file.src_uri.split("/")
    if catalog is not None and len(parts) == 2 and parts[0] == "services":
        service = catalog.services.get(parts[1].split(".")[0])
        if service is not None:
            address = page.canonical_url or page.url
            context["catalog_jsonld"] = script_tag(service_jsonld(catalog, service, language, address))
    return context


def _name_search_dialog(output: str, config: MkDocsConfig) -> str:
    # Material's search dialog has no accessible name (axe: aria-dialog-name).
    label = _state["search_label"].get(config.theme.get("language"), "Search")
    return output.replace('data-md-component="search" role="dialog"', f'data-md-component="search" role="dialog" aria-label="{label}"', 1)


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    return _name_search_dialog(output, config)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # Static templates (404.html) are not pages: their search dialog is named here.
    return _name_search_dialog(output_content, config) if template_name == "404.html" else output_content


def _language_dirs(config: MkDocsConfig) -> dict[str, Path]:
    """Where each language's pages are written: the default at the root, others in /<lang>/."""
    catalog = _state["catalog"]
    site_dir = Path(config.site_dir)
    # static-i18n points site_dir at <site>/<lang> while it builds another language.
    if catalog and site_dir.name in catalog.languages[1:]:
        site_dir = site_dir.parent
    return {lang: site_dir if i == 0 else site_dir / lang for i, lang in enumerate(catalog.languages)} if catalog else {}


def _index(entries: list[SearchEntry], search_config: dict[str, Any]) -> dict[str, Any]:
    """A search index in Material's format, holding only what citizens search for."""
    return {"config": search_config, "docs": [index_document(e) for e in entries]}


def _search_config(config: MkDocsConfig) -> dict[str, Any]:
    plugin = config.plugins.get("material/search")
    if plugin is None:
        raise PluginError("mkdocs.yml must enable Material's `search` plugin")
    return {key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")}


def _export_files(config: MkDocsConfig) -> dict[str, bytes]:
    """The open-data files, rendered once per generated site.

    static-i18n runs this hook's ``on_post_build`` after each language's build, all
    writing into the same root; rendering the exports (and reading git for the feed)
    once keeps the repeats down to writing files that are already there.
    """
    site_url = config.site_url or None
    cached = _state.get("exports")
    if cached is None or cached[0] != site_url:
        changes = feed.changes(_root(config), exports.FEED_LIMIT)
        cached = (site_url, exports.render_exports(_state["catalog"], _state["history"], site_url, changes))
        _state["exports"] = cached
    return cached[1]


@event_priority(-200)  # after static-i18n has written its merged index
def on_post_build(config: MkDocsConfig) -> None:
    site: Site | None = _state["site"]
    if site is None:
        return
    search_config = _search_config(config)
    for lang, folder in _language_dirs(config).items():
        index_file = folder / "search" / "search_index.json"
        if folder.is_dir():
            index_file.parent.mkdir(parents=True, exist_ok=True)
            payload = _index(site.search.get(lang, []), search_config)
            index_file.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            # Material reads search_index.js instead when the site is opened from disk.
            if _offline(config):
                (folder / "search" / "search_index.js").write_text("var __index = " + json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            base = config.site_url or ""
            sitemap = sitemap_xml(site, lang, _state["catalog"].languages, base, config.use_directory_urls)
            (folder / "sitemap.xml").write_text(sitemap, encoding="utf-8")
            compressed = folder / "sitemap.xml.gz"
            if compressed.exists():
                # MkDocs writes its own, with other addresses and the build date in <lastmod>:
                # the same sitemap as ours instead, compressed without a timestamp.
                compressed.write_bytes(gzip.compress(sitemap.encode("utf-8"), compresslevel=9, mtime=0))
            if lang == _state["catalog"].languages[0] and Path(config.site_dir) == folder:
                # Open data once per build, at the root beside the default language's pages.
                exports.write_files(_export_files(config), folder)
                download = _download(config)
                if download is not None:
                    shutil.copyfile(download, folder / download.name)
            for old, new in site.redirects.items():
                target = folder / (old + "/index.html" if config.use_directory_urls else old + ".html")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(redirect_html(old, new, config.use_directory_urls), encoding="utf-8")
