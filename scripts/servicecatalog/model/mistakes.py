"""Checks for what editors actually get wrong, beyond what a schema can say.

- A fee amount that looks like it holds a thousands separator. The strict
  loader reads the plain scalar ``1.500`` as the number 1.5 (YAML has no
  separators), so the test reads the scalar's source text, kept by the loader
  in ``Document.raw``. An amount above zero but below the smallest plausible
  fee of its currency (``smallest_fee`` in ``catalog.yaml``) is the same
  mistake seen from its result.
- A text under a language that is not a translation: written in another script
  than that language's (``language_scripts`` in ``catalog.yaml``; Cyrillic under
  ``sq:``), or a copy of the default language's text.

They are warnings when an editor validates locally and errors in the pull
request's check (``PR_ERRORS``), like the placeholders of ``catalog new``:
an unfinished file is fine on a laptop and must not be published.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from servicecatalog.model.fields import SchemaModel, load_model, locate
from servicecatalog.model.loader import Document
from servicecatalog.model.translations import say

# Rules that are warnings locally and errors with `catalog validate --pr`.
PR_ERRORS = frozenset({"placeholder", "fee-separator", "translation-wrong-script", "translation-copied"})

# ISO 15924 code -> the first word of the Unicode character names of its letters
SCRIPTS = {"Cyrl": "CYRILLIC", "Latn": "LATIN", "Grek": "GREEK", "Arab": "ARABIC", "Hebr": "HEBREW", "Armn": "ARMENIAN", "Geor": "GEORGIAN"}
SCRIPT_NAMES = {"Cyrl": "Cyrillic", "Latn": "Latin", "Grek": "Greek", "Arab": "Arabic", "Hebr": "Hebrew", "Armn": "Armenian", "Geor": "Georgian"}
# 1.500, 2,000, 1.500.000, 12 500: groups of three digits after a separator
_GROUPED = re.compile(r"\A\d{1,3}(?:[.,' \u00a0\u202f]\d{3})+\Z")
_MIN_WORDS_COPIED = 2  # a one-word text (a name, an acronym) may well be the same in every language


class Sink(Protocol):
    def add(self, doc: Document, path: tuple[Any, ...], message: str, *, rule: str, severity: str = "error", key: bool = False) -> None: ...


def looks_grouped(text: str) -> bool:
    """Whether ``text`` is a number written with thousands separators (``1.500``, ``2,000``)."""
    return bool(_GROUPED.match(text.strip()))


def without_separators(text: str) -> str:
    return re.sub(r"\D", "", text)


def _amounts(data: Any, model: SchemaModel) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every amount of money (the schema's ``money``: a fee) in a service or template file."""
    for node in model.compounds("service", "money"):
        for path, money in locate(data, node.path):
            if isinstance(money, dict) and "amount" in money:
                yield path, money


def check_amounts(doc: Document, settings: Mapping[str, Any], out: Sink, model: SchemaModel | None = None) -> None:
    """Fee amounts in a service or template file that look like a mistyped thousands separator."""
    configured = settings.get("smallest_fee")
    smallest: Mapping[str, Any] = configured if isinstance(configured, dict) else {}
    default_currency = settings.get("default_currency")
    for path, fee in _amounts(doc.data, model or load_model()):
        where = (*path, "amount")
        amount = fee["amount"]
        raw = doc.raw.get(where) if isinstance(amount, float) else None  # an integer was written as it reads
        if raw is not None and looks_grouped(raw):
            plain = without_separators(raw)
            out.add(doc, where, say("fee.separator", raw=raw, amount=f"{amount:g}", plain=plain), rule="fee-separator", severity="warning")
            continue
        if isinstance(amount, str) and looks_grouped(amount):
            continue  # a text, so the schema already refuses it; messages.explain says to drop the separators
        currency = fee.get("currency", default_currency)
        limit = smallest.get(currency) if isinstance(currency, str) else None
        if isinstance(amount, (int, float)) and not isinstance(amount, bool) and isinstance(limit, (int, float)) and 0 < amount < limit:
            shown = doc.raw.get(where) or f"{amount:g}"
            out.add(doc, where, say("fee.below_smallest", shown=shown, currency=currency, limit=f"{limit:g}"), rule="fee-separator", severity="warning")


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _script_of_letters(text: str) -> dict[str, int]:
    """Letters per script, the scripts in the order their first letters come in the text."""
    counts: dict[str, int] = {}
    for char, times in Counter(text).items():  # each character once: texts repeat a few dozen letters
        if char.isalpha():
            script = _script(char)
            counts[script] = counts.get(script, 0) + times
    return counts


_ASCII = re.compile("[\x00-\x7f]+")
_ASCII_LETTER = re.compile("[A-Za-z]")


def _all_letters_in(text: str, wanted: str) -> bool:
    """Whether every letter of ``text`` is of the script ``wanted``: the usual translation, told without counting."""
    if wanted != "LATIN" and _ASCII_LETTER.search(text):  # ASCII letters are all Latin
        return False
    return all(_script(char) == wanted for char in set(_ASCII.sub("", text)) if char.isalpha())


def wrong_script(text: str, script: str) -> str | None:
    """The ISO 15924 code of the script most of ``text``'s letters are in, when it is not ``script``."""
    wanted = SCRIPTS.get(script)
    if wanted is None or _all_letters_in(text, wanted):
        return None
    counts = _script_of_letters(text)
    total = sum(counts.values())
    if wanted is None or not total or counts.get(wanted, 0) * 2 > total:
        return None
    found = max(counts, key=lambda name: counts[name])
    return next((code for code, name in SCRIPTS.items() if name == found), found.title())


def check_translation(doc: Document, path: tuple[Any, ...], texts: Mapping[str, Any], languages: list[str], scripts: Mapping[str, Any], out: Sink) -> None:
    """One translated text (``x-localized``): every language but the default is really in its own language."""
    default = languages[0]
    original = texts.get(default)
    for language in languages[1:]:
        text = texts.get(language)
        if not isinstance(text, str):
            continue  # lists of keywords hold transliterations on purpose; missing ones are reported elsewhere
        script = scripts.get(language)
        found = wrong_script(text, script) if isinstance(script, str) else None
        if isinstance(original, str) and text.strip() == original.strip() and len(text.split()) >= _MIN_WORDS_COPIED:
            out.add(doc, (*path, language), say("translation.copied", language=language, default=default), rule="translation-copied", severity="warning")
        elif found:
            out.add(doc, (*path, language), say("translation.wrong_script", language=language, default=default, found=SCRIPT_NAMES.get(found, found),
                                                expected=SCRIPT_NAMES.get(str(script), script)), rule="translation-wrong-script", severity="warning")
