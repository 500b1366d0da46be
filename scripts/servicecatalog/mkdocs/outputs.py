"""What the catalogue writes into a built site besides MkDocs' pages.

Per language: its own search index (and the ``.js`` copy the offline copy
reads), its sitemap and the redirect pages of former ids. Once per site: the
open data at the root. These are pure writers; the plugin decides when.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from servicecatalog.opendata.sitemap import sitemap_xml
from servicecatalog.site.pages import Site
from servicecatalog.site.redirects import redirect_html
from servicecatalog.site.search import SearchEntry, index_document


def language_dir(site_dir: Path, languages: list[str], language: str) -> Path:
    """Where a language's pages are written: the default at the root, the others in ``<lang>/``."""
    return site_dir if language == languages[0] else site_dir / language


def search_index(entries: list[SearchEntry], search_config: dict[str, Any]) -> str:
    """A search index in Material's format (``config``: the language's search rules), holding only what citizens search for."""
    docs = [index_document(e) for e in entries]
    return json.dumps({"config": search_config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))


def write_language(
    site: Site, languages: list[str], language: str, folder: Path, *, search_config: dict[str, Any],
    base: str, directory_urls: bool, offline: bool,
) -> None:
    """Write one language's search index, sitemap and redirect pages into ``folder``."""
    write_search_index(site.search.get(language, []), folder, search_config=search_config, offline=offline)
    sitemap = sitemap_xml(site, language, languages, base, directory_urls)
    (folder / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    compressed = folder / "sitemap.xml.gz"
    if compressed.exists():
        # MkDocs writes its own, with other addresses and the build date in <lastmod>:
        # the same sitemap as ours instead, compressed without a timestamp.
        compressed.write_bytes(gzip.compress(sitemap.encode("utf-8"), compresslevel=9, mtime=0))
    for old, new in site.redirects.items():
        target = folder / (old + "/index.html" if directory_urls else old + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(redirect_html(old, new, directory_urls), encoding="utf-8")


def write_search_index(entries: list[SearchEntry], folder: Path, *, search_config: dict[str, Any], offline: bool) -> None:
    """Write one language's search index into ``folder/search/``."""
    index_dir = folder / "search"
    index_dir.mkdir(parents=True, exist_ok=True)
    payload = search_index(entries, search_config)
    (index_dir / "search_index.json").write_text(payload, encoding="utf-8")
    if offline:  # Material reads search_index.js instead when the site is opened from disk
        (index_dir / "search_index.js").write_text("var __index = " + payload, encoding="utf-8")
