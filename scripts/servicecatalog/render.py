"""Safe rendering of catalogue text into HTML for one language.

Everything from YAML is untrusted. Short texts are HTML-escaped; long texts
(schema ``contentMediaType: text/markdown``) go through Markdown with any HTML
escaped first, then through an allow-list sanitiser, so only paragraphs,
lists, emphasis and http(s)/mailto/tel links can reach a citizen's browser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import markdown
import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "br", "code"}
ALLOWED_SCHEMES = {"https", "http", "mailto", "tel"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&])")


def markdown_to_html(text: str) -> Markup:
    """Render editor Markdown to sanitised HTML."""
    rendered = markdown.markdown(html.escape(text, quote=False), output_format="html")
    return Markup(nh3.clean(rendered, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes=ALLOWED_SCHEMES, link_rel="noopener"))


def markdown_escape(text: str) -> str:
    """Text that Markdown shows literally (for headings and link texts we write into Markdown)."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


@dataclass
class Localizer:
    """Picks a language's text, falling back to the default language, visibly."""

    language: str
    default: str
    fallback_note: str
    used_fallback: bool = field(default=False)

    def pick(self, value: Any) -> tuple[str, str] | None:
        """(text, language it is in) or None when there is no text at all."""
        if not isinstance(value, dict):
            return None
        if self.language in value:
            return value[self.language], self.language
        if self.default in value:
            self.used_fallback = True
            return value[self.default], self.default
        return None

    def text(self, value: Any) -> Markup:
        """Escaped text; a fallback is wrapped in its own ``lang`` and marked."""
        picked = self.pick(value)
        if picked is None:
            return Markup("")
        text, lang = picked
        if lang == self.language:
            return escape(text)
        return Markup('<span lang="{}" class="sc-untranslated" title="{}">{}</span>').format(lang, self.fallback_note, text)

    def plain(self, value: Any) -> str:
        """Unescaped text for places that escape it themselves (titles, attributes)."""
        picked = self.pick(value)
        return picked[0] if picked else ""

    def markdown(self, value: Any) -> Markup:
        """Sanitised HTML from a Markdown text; a fallback is wrapped in a ``div`` with its ``lang``."""
        picked = self.pick(value)
        if picked is None:
            return Markup("")
        text, lang = picked
        body = markdown_to_html(text)
        if lang == self.language:
            return body
        return Markup('<div lang="{}" class="sc-untranslated" title="{}">{}</div>').format(lang, self.fallback_note, body)

    def words(self, value: Any) -> list[str]:
        """A language's list of words (keywords), falling back to the default language."""
        if not isinstance(value, dict):
            return []
        return list(value.get(self.language) or value.get(self.default) or [])
