"""``sitemap.xml`` for each language, with the other languages as alternates."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from servicecatalog.site.pages import Site
from servicecatalog.site.urls import url_of


def page_paths(site: Site, language: str) -> list[str]:
    """The pages of one language as ``services/passport`` style paths."""
    suffix = f".{language}.md"
    return sorted(name.removesuffix(suffix) for name in site.pages if name.endswith(suffix))


def sitemap_xml(site: Site, language: str, languages: list[str], base: str, directory_urls: bool) -> str:
    """A sitemap of one language's pages; ``base`` is the site address ending in ``/``."""
    default = languages[0]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path in page_paths(site, language):
        lines.append(f"  <url><loc>{escape(url_of(path, base, language, default, directory_urls))}</loc>")
        for other in languages:
            href = quoteattr(url_of(path, base, other, default, directory_urls))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{other}" href={href}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
