"""The fixed words of the change summary (headings, the summary's groups, the lines around the data) per language.

They live in the project's one message catalogue, ``model/locales/<language>.yaml``, under
``review.<word>`` (and the closer-look flags under ``review.flag.<name>``), beside the
validator's messages: translators have one place, and the test that every message exists in
every language covers them. Field names are the schema's titles and the catalogue's values
are shown in the summary's language (``Differ``); a language not shipped falls back to English.
"""

from __future__ import annotations

from servicecatalog.model.translations import SOURCE, catalogue

PREFIX = "review."
FLAG_PREFIX = "review.flag."


def words(language: str) -> dict[str, str]:
    """The summary's words in ``language`` by their English key (``words("mk")["Added"]``), English where missing."""
    own, source = catalogue(language), catalogue(SOURCE)
    return {key.removeprefix(PREFIX): own.get(key) or text
            for key, text in source.items() if key.startswith(PREFIX) and not key.startswith(FLAG_PREFIX)}


def flag(language: str, name: str) -> str:
    """The template of the closer-look flag ``name`` in ``language`` (``KeyError`` for a flag English lacks)."""
    key = FLAG_PREFIX + name
    return catalogue(language).get(key) or catalogue(SOURCE)[key]
