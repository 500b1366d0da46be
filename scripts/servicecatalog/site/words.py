"""The interface words of one language: lookup with fallback, plurals, and number, money and date formatting.

Every text a page prints that is not catalogue data comes through ``Words``:
the ``ui/<lang>.yaml`` strings, falling back to the default language's, and
the language's own way (Babel's CLDR data) of writing numbers, amounts and dates.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_symbol

from servicecatalog.model.catalog import Catalog
from servicecatalog.site.render import Collator


class Words:
    """The interface words of one language, falling back to the default language."""

    def __init__(self, catalog: Catalog, language: str) -> None:
        self.language = language
        self.own = catalog.ui.get(language, {})
        self.default = catalog.ui.get(catalog.default_language, {})
        self.locale = Locale.parse(language.replace("-", "_"))
        self.default_locale = Locale.parse(catalog.default_language.replace("-", "_"))
        self._numbers: dict[tuple[type, float], str] = {}  # the same few numbers are written on thousands of pages

    def __call__(self, key: str, **values: Any) -> str:
        text = self.own.get(key) or self.default.get(key) or key
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values: Any) -> str:
        """``key.<CLDR plural category of n>`` (``key.one``, ``key.few``, ``key.other``…), with ``{n}``/``{count}`` filled in.

        The categories are the language's own (Babel's CLDR rules), so a language
        only adds the words its grammar needs; a missing category falls back to
        ``other``, then to the default language's words.
        """
        shown = self.number(n)
        for words, locale in ((self.own, self.locale), (self.default, self.default_locale)):
            for form in (locale.plural_form(n), "other"):
                text = words.get(f"{key}.{form}")
                if text:
                    return text.format(n=shown, count=shown, **values)
        return key

    @cached_property
    def collator(self) -> Collator:
        """Alphabetical order from this language's own ``alphabet`` word (never the default language's)."""
        return Collator.from_alphabet(self.own.get("alphabet", ""))

    def duration(self, value: dict[str, Any] | None) -> str:
        if not value:
            return ""
        return self.plural(f"unit.{value['unit']}", value["value"])

    def number(self, amount: float) -> str:
        key = (type(amount), amount)  # 1 and 1.0 are written differently
        if key not in self._numbers:
            self._numbers[key] = format_decimal(amount, locale=self.locale)
        return self._numbers[key]

    def money(self, amount: float, currency: str) -> str:
        return f"{self.number(amount)} {get_currency_symbol(currency, locale=self.locale)}"

    def language_name(self, code: str) -> str:
        try:
            return Locale.parse(code.replace("-", "_")).get_display_name(self.locale) or code
        except (ValueError, LookupError):
            return code

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.locale)
