"""Latin spellings of Cyrillic words, for identifiers made from titles (``catalog new``) and synthetic data.

Search does not use this: how people write a language in Latin letters is data
in ``catalog/ui/<lang>.yaml`` (``search.letters``), read by the site's search.
"""

from __future__ import annotations

from itertools import product

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
