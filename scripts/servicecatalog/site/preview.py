"""What makes a page a pull request's preview: a banner no one can miss, ``noindex``, no claim to be the real site.

A preview shows a change no verifier has approved yet, on another host than the
official site. Anyone who reaches one of its pages (a link passed on, a search
engine) must see at once that it is not the official catalogue: every page gets
a banner in its own language at the top of the page, in inline styles that the
site's stylesheets cannot hide and without a close button; a ``noindex`` robots
tag; and neither a canonical link nor an ``og:url`` naming the official site.

The same functions mark the pages when the pull request's check builds the
preview (``catalog build --preview-of N``) and again when the trusted workflow
publishes it (``catalog preview prepare``), which cannot trust what the
pull request's code built: marking a marked page changes nothing.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from servicecatalog.model.catalog import Catalog
from servicecatalog.site.words import Words

BANNER_ID = "catalog-preview-banner"
PREVIEW_FILE = "catalog-preview.json"  # in a preview build: {"pull_request": N}
NOINDEX = '<meta name="robots" content="noindex, nofollow">'
# !important in inline styles outranks every stylesheet rule; fixed at the bottom, so it stays in view
# while scrolling, and never covers the site's own sticky header.
_BANNER_STYLE = ("position:fixed !important;left:0 !important;right:0 !important;bottom:0 !important;z-index:2147483647 !important;"
                 "display:block !important;visibility:visible !important;opacity:1 !important;margin:0 !important;"
                 "padding:.6em 1em !important;background:#b00020 !important;color:#fff !important;"
                 "font:bold 16px/1.4 system-ui,sans-serif !important;text-align:center !important")
_SPACER = '<div aria-hidden="true" style="height:4em !important"></div>'
_CANONICAL = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical\b[^>]*>\s*""", re.IGNORECASE)
_ROBOTS = re.compile(r"""<meta\b[^>]*\bname\s*=\s*["']?robots\b[^>]*>\s*""", re.IGNORECASE)
_OG_URL = re.compile(r"""<meta\b[^>]*\bproperty\s*=\s*["']?og:url\b[^>]*>\s*""", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_LANG = re.compile(r"""<html\b[^>]*\blang\s*=\s*["']?([A-Za-z-]+)""", re.IGNORECASE)


def banner_text(catalog: Catalog, language: str, number: int) -> str:
    """The banner's words in ``language`` (the interface word ``preview.banner``), for pull request ``number``."""
    words = Words(catalog, language if language in catalog.languages else catalog.default_language)
    return words("preview.banner", number=number)


def banner(text: str, language: str) -> str:
    """The banner element: a note in the page's language, not a dialog, with nothing to close it."""
    return f'<div id="{BANNER_ID}" role="note" lang="{escape(language)}" style="{_BANNER_STYLE}">{escape(text)}</div>'


def page_language(html: str, catalog: Catalog) -> str:
    """The language the page says it is in (``<html lang>``), if it is one of the catalogue's; else the default."""
    found = _LANG.search(html[:4096])
    code = found.group(1) if found else ""
    return code if code in catalog.languages else catalog.default_language


def mark_page(html: str, catalog: Catalog, number: int) -> str:
    """``html`` as a preview page: banner first in the body, ``noindex``, no canonical link or ``og:url``.

    Idempotent: a page already marked the same way is returned unchanged. A page that is not
    HTML as the site writes it (no ``<head>`` or ``<body>``) gets the banner and the robots tag
    at its very start, so that no page of the preview is left unmarked.
    """
    language = page_language(html, catalog)
    element = banner(banner_text(catalog, language, number), language)
    html = _OG_URL.sub("", _CANONICAL.sub("", _ROBOTS.sub("", html)))
    head = _HEAD.search(html)
    html = html[: head.end()] + NOINDEX + html[head.end():] if head else NOINDEX + html
    if element not in html:
        body = _BODY.search(html)
        html = html[: body.end()] + element + html[body.end():] if body else element + html
        closing = html.lower().rfind("</body>")
        html = html[:closing] + _SPACER + html[closing:] if closing >= 0 else html + _SPACER
    return html


def relocate(text: str, official: str, preview: str) -> str:
    """``text`` with the official site's addresses turned into the preview's: absolute and root-relative.

    ``official`` and ``preview`` are site addresses ending with ``/``. What links the
    official site from a preview page leads to the preview instead, so a reader does not
    move between the two without noticing, and the preview never names the real site as
    its own.
    """
    text = text.replace(official, preview)
    old_path, new_path = _path(official), _path(preview)
    if old_path == new_path:
        return text
    if old_path == "/":  # the official site at a host's root: only root-relative attribute values
        return re.sub(r'''((?:href|src|action|content)\s*=\s*["'])/(?!/)''', lambda m: m.group(1) + new_path, text)
    return re.sub(r'''((?:href|src|action|content)\s*=\s*["'])''' + re.escape(old_path), lambda m: m.group(1) + new_path, text)


def _path(address: str) -> str:
    """``/public-services/`` of ``https://example.github.io/public-services/``."""
    rest = address.split("://", 1)[-1]
    return "/" + rest.partition("/")[2]


def mark_folder(folder: Path, catalog: Catalog, number: int) -> int:
    """Mark every HTML page under ``folder`` (``mark_page``); returns how many pages there are."""
    pages = 0
    for path in sorted(folder.rglob("*.html")):
        if path.is_file() and not path.is_symlink():
            path.write_text(mark_page(path.read_text(encoding="utf-8", errors="replace"), catalog, number), encoding="utf-8")
            pages += 1
    return pages
