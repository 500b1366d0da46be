"""The validator's messages in the catalogue's languages.

A message is built with ``say(key, **params)``: the result is the English text (a
``str``, so every reader of messages keeps working) that also remembers its key
and parameters, so that ``render(message, "mk")`` can say it in Macedonian. The
words live in ``locales/<language>.yaml``, one key per message, shipped in the
package; en, mk and sq are shipped, and any other language falls back to English.
To add a check's message: add its key to ``locales/en.yaml`` and to every other
file there (a test fails while one is missing or names other ``{placeholders}``).
"""

from __future__ import annotations

import functools
import string
from importlib import resources
from typing import Any, Self

import yaml

SOURCE = "en"
# libyaml's safe loader when PyYAML has it: the same data as ``yaml.safe_load``, without the pure-Python parser's
# 20 ms on every command that says a message.
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Message(str):
    """A message's English text, with its key and parameters for saying it in another language."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, params: dict[str, Any]) -> Self:
        text = _fill(catalogue(SOURCE)[key], params, SOURCE)
        message = super().__new__(cls, text)
        message.key, message.params = key, params
        return message


def say(key: str, **params: Any) -> Message:
    """The message ``key`` with ``params`` filled in (``KeyError`` for a key ``locales/en.yaml`` lacks)."""
    return Message(key, params)


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """Every message of ``language`` by key; empty for a language not shipped."""
    source = resources.files("servicecatalog.model") / "locales" / f"{language}.yaml"
    if not source.is_file():
        return {}
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=_SAFE) or {}
    return {str(key): str(value) for key, value in data.items()}


def shipped() -> list[str]:
    """The languages with a message file in the package."""
    folder = resources.files("servicecatalog.model") / "locales"
    return sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a message template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _fill(template: str, params: dict[str, Any], language: str) -> str:
    return template.format(**{k: render(v, language) if isinstance(v, Message) else v for k, v in params.items()})


def render(message: str, language: str) -> str:
    """``message`` in ``language``: its own words when it has a key and the language has them, else as it is."""
    if not isinstance(message, Message):
        return message
    template = catalogue(language).get(message.key)
    return _fill(template, message.params, language) if template else _fill(catalogue(SOURCE)[message.key], message.params, language)


@functools.cache
def field_titles(language: str) -> dict[str, str]:
    """The fields' names in ``language`` by ``<kind>.<path>`` (``service.fees[].amount``), from ``locales/fields/``.

    English has no file: its names are the schemas' ``title``s, the one source for them. A
    language without a file (or a field without a name in it) falls back to those.
    """
    source = resources.files("servicecatalog.model") / "locales" / "fields" / f"{language}.yaml"
    if language == SOURCE or not source.is_file():
        return {}
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=_SAFE) or {}
    return {str(key): str(value) for key, value in data.items()}


def field_title(kind: str, path: str, language: str, title: str) -> str:
    """The name of the field at ``path`` of a ``kind`` file in ``language``; ``title`` (the schema's) when it has none."""
    return field_titles(language).get(f"{kind}.{path}") or title
