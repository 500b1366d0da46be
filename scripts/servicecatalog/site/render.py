"""Safe rendering of catalogue text into HTML for one language.

Everything from YAML is untrusted. Short texts are HTML-escaped; long texts
(schema ``contentMediaType: text/markdown``) go through Markdown with any HTML
escaped first, then through an allow-list sanitiser, so only paragraphs,
lists, emphasis and http(s)/mailto/tel links can reach a citizen's browser.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import markdown
import nh3
from markupsafe import Markup, escape

from servicecatalog.model.validate import holds_placeholder

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "br", "code"}
ALLOWED_SCHEMES = {"https", "http", "mailto", "tel"}
# What Python-Markdown unescapes after a backslash; `&` and `<` are not among them, so they become entities.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def _renderer() -> markdown.Markdown:
    return markdown.Markdown(output_format="html")


_MARKDOWN = _renderer()  # built once: building the parser costs more than most texts


# A link as the subset has it: a text without brackets, then an address without spaces or parentheses.
_LINK = re.compile(r"\[[^\[\]\n]*\]\([^()\s]*\)")
_ESCAPE_OR_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)


def _defuse_brackets(text: str) -> str:
    """Every bracket that does not belong to a link, escaped: the renderer sees only complete links.

    Python-Markdown searches ahead for the end of every ``[`` it meets, so a text
    of unclosed brackets (``"!["`` repeated) costs time that grows with the
    square of its length: minutes for one field. Found here in one linear pass,
    the brackets of complete links stay; the others become ``\\[``, which the
    renderer shows as a bracket without searching. What the editor escaped stays escaped.
    """
    def defuse(part: str) -> str:
        return _ESCAPE_OR_BRACKET.sub(lambda m: m.group() if len(m.group()) == 2 else "\\" + m.group(), part)

    out, last = [], 0
    for link in _LINK.finditer(text):
        out += [defuse(text[last:link.start()]), link.group()]
        last = link.end()
    out.append(defuse(text[last:]))
    return "".join(out)


def _plain_paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in re.split(r"\n\s*\n", text.strip()) if part.strip())


# Services built on one template share its texts: each is rendered once per process. Bounded, so a
# catalogue of unique texts holds no more than this many.
@functools.lru_cache(maxsize=8192)
def markdown_to_html(text: str) -> Markup:
    """Render editor Markdown to sanitised HTML, in time linear in the length of the text."""
    global _MARKDOWN
    try:
        rendered = _MARKDOWN.reset().convert(_defuse_brackets(html.escape(text, quote=False)))
    except RecursionError:
        # Lists nested hundreds deep (`- - - - …`) exhaust the renderer's stack: no list means that; show the text as written.
        rendered = _plain_paragraphs(text)
        _MARKDOWN = _renderer()  # an interrupted conversion leaves the parser's state behind
    return Markup(nh3.clean(rendered, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes=ALLOWED_SCHEMES, link_rel="noopener"))


def markdown_escape(text: str) -> str:
    """Text that Markdown shows literally (for headings and link texts we write into Markdown).

    ``Fees & payment`` stays that, not ``Fees \\& payment``: a backslash before a
    character Markdown does not unescape would show; ``<`` would start HTML.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    return escaped.replace("&", "&amp;").replace("<", "&lt;")


def _unfinished(text: Any) -> bool:
    return isinstance(text, str) and holds_placeholder(text)


@dataclass
class Localizer:
    """Picks a language's text, falling back to the default language, visibly.

    A fallback keeps its own ``lang`` (so it is pronounced right), shows a mark
    and a tooltip (``fallback_note``), and carries ``marker`` as visually hidden
    text in the page's language, so screen readers say it too.
    """

    language: str
    default: str
    fallback_note: str
    used_fallback: bool = field(default=False)
    marker: str = ""  # "(not yet translated)", read by screen readers only

    def pick(self, value: Any) -> tuple[str, str] | None:
        """(text, language it is in) or None when there is no text at all."""
        if not isinstance(value, dict):
            return None
        # An unfinished text (the placeholder of `catalog new`) is no text: citizens never read "TODO".
        if self.language in value and not _unfinished(value[self.language]):
            return value[self.language], self.language
        if self.default in value and not _unfinished(value[self.default]):
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
        return Markup('<span lang="{}" class="sc-untranslated" title="{}">{}</span>{}').format(lang, self.fallback_note, text, self._hidden("span"))

    def _hidden(self, tag: str) -> Markup:
        """The marker for screen readers, in the page's language (it sits outside the fallback's ``lang``)."""
        if not self.marker:
            return Markup("")
        return Markup('<{0} class="sc-visually-hidden"> {1}</{0}>').format(Markup(tag), self.marker)

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
        # Before a long text, so the reader knows what follows is in another language.
        return Markup('{}<div lang="{}" class="sc-untranslated" title="{}">{}</div>').format(self._hidden("p"), lang, self.fallback_note, body)

    def words(self, value: Any) -> list[str]:
        """A language's list of words (keywords), falling back to the default language."""
        if not isinstance(value, dict):
            return []
        return list(value.get(self.language) or value.get(self.default) or [])


def alphabet_letters(alphabet: str) -> list[str]:
    """The letters of an alphabet written as in the interface words: ``"A B C Ç D Dh"`` (digraphs allowed)."""
    return [unicodedata.normalize("NFC", letter) for letter in alphabet.split()]


def _base(char: str) -> str:
    """A character without its accents, case-folded: ``É`` -> ``e``."""
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold() or char.casefold()


@dataclass(frozen=True)
class Collator:
    """Alphabetical order of one language, from its alphabet when it gives one.

    With an alphabet, letters sort in its order and digraphs (Albanian ``dh``,
    ``gj``, ``xh``…) count as one letter; a character it lacks sorts as its
    unaccented letter when the alphabet has that, else after every letter of the
    alphabet. Without one, text sorts by its unaccented, case-folded characters.
    Spaces come before digits, digits before letters; punctuation is ignored.
    """

    letters: tuple[str, ...] = ()

    @classmethod
    def from_alphabet(cls, alphabet: str) -> Collator:
        return cls(tuple(alphabet_letters(alphabet)))

    @cached_property
    def _tables(self) -> tuple[int, dict[str, str], dict[str, int], dict[str, int]]:
        """Built once per collator: longest letter, folded -> letter, letter -> rank, folded letter -> rank."""
        return (
            max((len(letter) for letter in self.letters), default=1),
            {letter.casefold(): letter for letter in self.letters},
            {letter: n for n, letter in enumerate(self.letters)},
            {letter.casefold(): n for n, letter in enumerate(self.letters)},
        )

    @cached_property
    def _keys(self) -> dict[str, tuple[Any, ...]]:
        return {}  # text -> key: names are sorted on many pages

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (letter as the alphabet writes it, or the character itself; the folded source)."""
        folded = unicodedata.normalize("NFC", text).casefold()
        longest, by_folded, _, _ = self._tables
        tokens, i = [], 0
        while i < len(folded):
            for size in range(min(longest, len(folded) - i), 0, -1):
                piece = folded[i:i + size]
                if piece in by_folded:
                    tokens.append((by_folded[piece], piece))
                    i += size
                    break
            else:
                tokens.append((folded[i], folded[i]))
                i += 1
        return tokens

    def key(self, text: str) -> tuple[Any, ...]:
        """A sort key for ``text``; ties (accents, case) fall back to the folded text, then the text itself."""
        known = self._keys.get(text)
        if known is not None:
            return known
        _, _, rank, rank_folded = self._tables
        primary = []
        for letter, piece in self._tokens(text):
            if letter in rank:
                primary.append((2, rank[letter], ""))
            elif piece.isdigit():
                primary.append((1, unicodedata.digit(piece, 0), piece))
            elif piece.isspace():
                primary.append((0, 0, ""))
            elif not piece.isalnum():  # quotes and other punctuation do not move a name
                continue
            elif _base(piece) in rank_folded:  # é in a language whose alphabet has e, not é: accents decide only ties
                primary.append((2, rank_folded[_base(piece)], ""))
            else:
                primary.append((3, 0, _base(piece)))
        folded = unicodedata.normalize("NFC", text).casefold()
        key = self._keys[text] = (tuple(primary), folded, text)
        return key

    def initial(self, text: str) -> str:
        """The letter a text is listed under: its first letter as the alphabet writes it (``Dh``, ``Ѓ``)."""
        for letter, piece in self._tokens(text.strip()):
            if letter in self.letters:
                return letter[:1].upper() + letter[1:]
            if piece.isalnum():
                base = _base(piece)
                match = next((l for l in self.letters if l.casefold() == base), None)
                return (match[:1].upper() + match[1:]) if match else base.upper()
            # leading punctuation ("„Name“") is skipped
        return text[:1].upper()
