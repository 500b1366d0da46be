"""Search entries: the words a citizen types, mapped to the page that answers them.

The index holds what people search for (names, summaries, keywords), not every
paragraph, one index per language. Citizens type Cyrillic in Latin letters
(`pasos` for `пасош`) and leave out diacritics (`leternjoftim` for
`letërnjoftim`), and no search engine on a static site stems Macedonian or
Albanian, so the index itself carries those spellings.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from itertools import product
from typing import Any

# Cyrillic letters of the languages that write with it, with the Latin spellings
# people type for them on a Latin keyboard; the first is the plainest.
_CYRILLIC = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g",), "д": ("d",), "ѓ": ("g", "gj"),
    "е": ("e",), "ж": ("z", "zh"), "з": ("z",), "ѕ": ("dz",), "и": ("i",), "ј": ("j",),
    "к": ("k",), "л": ("l",), "љ": ("lj",), "м": ("m",), "н": ("n",), "њ": ("nj",),
    "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",), "ќ": ("k", "kj"),
    "у": ("u",), "ф": ("f",), "х": ("h",), "ц": ("c",), "ч": ("c", "ch"), "џ": ("dz", "dzh"),
    "ш": ("s", "sh"), "щ": ("sht",), "ъ": ("a",), "ь": ("",), "ю": ("yu",), "я": ("ya",),
    "й": ("y",), "ы": ("y",), "э": ("e",), "ё": ("yo",), "є": ("ye",), "і": ("i",), "ї": ("yi",), "ђ": ("dj",), "ћ": ("c",),
}
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_VARIANTS = 4


def latin_variants(word: str) -> list[str]:
    """Latin spellings of a Cyrillic word, plainest first: ``пашош`` -> ``pasos``, ``pashosh``."""
    lowered = word.lower()
    if not any(c in _CYRILLIC for c in lowered):
        return []
    options = [_CYRILLIC.get(c, (c,)) for c in lowered]
    variants: list[str] = []
    for combination in product(*options):
        candidate = "".join(combination)
        if candidate not in variants:
            variants.append(candidate)
        if len(variants) >= MAX_VARIANTS:
            break
    plain, *rest = variants
    full = "".join(o[-1] for o in options)  # every digraph at once: the other common spelling
    return [plain] + ([full] if full != plain else []) + [v for v in rest if v not in (plain, full)][: MAX_VARIANTS - 2]


def spellings(text: str) -> list[str]:
    """Extra spellings of the words of ``text`` that citizens type, without duplicates."""
    extra: list[str] = []
    for word in _WORD.findall(text):
        if any(c in _CYRILLIC for c in word.lower()):
            candidates = latin_variants(word)
        else:
            candidates = [_ascii_fold(word)]
        for candidate in candidates:
            if candidate and candidate != word.lower() and candidate not in extra:
                extra.append(candidate)
    return extra


def _ascii_fold(word: str) -> str:
    """``letërnjoftim`` -> ``leternjoftim``."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class SearchEntry:
    """One page in one language's search index."""

    location: str  # relative to the language's root, e.g. "services/passport/"
    title: str
    text: str  # what the index matches besides the title
    keywords: tuple[str, ...]


def _pick(value: Any, language: str, default: str) -> Any:
    if not isinstance(value, dict):
        return None
    return value.get(language) if language in value else value.get(default)


def service_search_text(data: dict[str, Any], language: str, default: str, location: str) -> SearchEntry:
    """The search entry of a service in ``language``: name, summary, keywords and their spellings."""
    title = _pick(data["name"], language, default) or ""
    summary = _pick(data.get("summary"), language, default) or ""
    keywords = list(_pick(data.get("keywords"), language, default) or [])
    extra = spellings(" ".join([title, summary, *keywords]))
    return SearchEntry(location=location, title=title, text=summary, keywords=tuple(dict.fromkeys(keywords + extra)))


def index_document(entry: SearchEntry) -> dict[str, str]:
    """``entry`` as a document of Material's search index, its shown texts escaped.

    Material's search inserts a document's ``title`` and ``text`` into the results
    as HTML (its highlighter marks matches with tags). The catalogue's texts are
    plain text, so they are escaped here, the one place index documents are made:
    a name like ``Пасош <img src=x onerror=...>`` shows as those characters and
    never runs. Keywords are matched, never shown, and stay as typed.
    """
    return {
        "location": entry.location,
        "title": html.escape(entry.title, quote=False),
        "text": html.escape(entry.text, quote=False),
        "keywords": " ".join(entry.keywords),
    }
