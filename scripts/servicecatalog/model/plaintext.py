"""Settings and interface words are plain text, and their ``{placeholders}`` are the ones the site fills in.

``catalog/catalog.yaml`` and ``catalog/ui/<lang>.yaml`` reach places our own
templates do not escape: Material prints the catalogue's name, the language
names, the navigation titles and the theme-switch words into its HTML as
they are. So these texts are checked here as plain text (no ``<`` or ``>``;
no ``"`` or ``&`` where Material prints them, in attributes too), and every word the site
formats may name only the placeholders its caller passes: an unknown
``{placeholder}``, an unbalanced ``{`` or ``{amount.__class__}`` is a located
error at validation, never a traceback at build time or in ``catalog diff``.

``TAKES`` lists what each word is given, read from the places that format
them (``t("key", name=...)`` and ``t.plural(...)`` in ``site/templates/``,
``Words.plural`` and ``Words.duration`` in ``site/words.py``, the scripts in ``docs/assets/``);
a test scans those places and fails when the two disagree.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Any, Protocol

from servicecatalog.model.loader import Document

# Words formatted with named values: key -> the names its caller passes.
TAKES: dict[str, frozenset[str]] = {
    "a11y.size_now": frozenset({"percent"}),  # docs/assets/catalog.js
    "a11y_statement.intro": frozenset({"operator"}),
    "a11y_statement.prepared": frozenset({"date"}),
    "footer.run_by": frozenset({"operator"}),  # site/pages.py footer_words
    "scroll.chart": frozenset({"title"}),
    "scroll.table": frozenset({"title"}),
    "service.action.phone": frozenset({"phone"}),
    "service.time_at_most": frozenset({"duration"}),
    "service.time_usually": frozenset({"duration"}),
    "service.where_institution": frozenset({"institution"}),
    "service.where_more": frozenset({"count"}),
    "home.count_of": frozenset({"services", "institutions"}),
    "once_only.count": frozenset({"requests", "institutions"}),
    "preview.banner": frozenset({"number"}),  # site/preview.py, on every page of a pull request's preview
    "open_data.size_mb": frozenset({"size"}),  # filled in by the MkDocs layer (mkdocs/plugin.py)
    "priorities.chart_title": frozenset({"count"}),
    "search.replaced_by": frozenset({"name"}),  # docs/assets/catalog-search.js
    "service.fee_from": frozenset({"amount"}),
    "stale.intro": frozenset({"days"}),
    "stale.none": frozenset({"days"}),
    "stats.count": frozenset({"count", "online"}),
    "stats.level_n": frozenset({"level"}),
}
# Plural families (``<family>.<CLDR category>``) get the shown number as {n} and {count}.
PLURAL_FAMILIES = ("home.count_institutions", "home.count_services", "list.services_count", "service.documents_list", "stale.count", "stale.days_ago", "unit")
PLURAL_VALUES = frozenset({"n", "count"})
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})
# Settings formatted into addresses (site/context.py map_url).
MAP_LINKS = {"point": frozenset({"lat", "lon"}), "search": frozenset({"query"})}

# Words that Material prints into its own HTML (mkdocs.yml: navigation, theme switch), unescaped.
THEME_PREFIXES = ("nav.", "theme.")
_NOT_TEXT = re.compile(r"[<>]")
# Material prints these raw, into attributes too, and turns a `title` into a tooltip's HTML: an entity
# written here (`&lt;img …&gt;`) would come back as markup there.
_NOT_IN_ATTRIBUTE = re.compile(r"[<>\"&]")
_NOT_IN_ADDRESS = re.compile(r"[\s<>\"'`\\{}|^]")
_SHOWN = 40


class Sink(Protocol):
    def add(self, doc: Document, path: tuple[Any, ...], message: str, *, rule: str, severity: str = "error", key: bool = False) -> None: ...


def excerpt(text: str, limit: int = _SHOWN) -> str:
    """``text`` quoted, cut to ``limit`` characters: messages never repeat a whole long value."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def takes(key: str) -> frozenset[str] | None:
    """The placeholders the site fills into the word ``key``; None when the site never formats it."""
    if key in TAKES:
        return TAKES[key]
    family, _, form = key.rpartition(".")
    if form in PLURAL_FORMS and (family in PLURAL_FAMILIES or family.split(".")[0] in PLURAL_FAMILIES and family.count(".") == 1):
        return PLURAL_VALUES
    return None


def placeholder_problem(text: str, allowed: frozenset[str]) -> str | None:
    """What is wrong with the ``{placeholders}`` of ``text``, given the names it may use; None when nothing."""
    names = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return f"{excerpt(text)} has an unbalanced {{ or }}; placeholders are written {{name}} (this text takes: {names}), and a brace meant as text is doubled: {{{{ or }}}}"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in allowed:
            return f"{{{name[:_SHOWN]}}} is not a placeholder of this text; it takes: {names}"
        if spec or conversion:
            return f"write the placeholder as {{{name}}} alone, without a format or conversion"
    return None


def _texts(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(inner, path + (key,))


def _plain(doc: Document, path: tuple[Any, ...], text: str, pattern: re.Pattern[str], out: Sink) -> None:
    found = pattern.search(text)
    if found:
        quotes = pattern is _NOT_IN_ATTRIBUTE
        out.add(doc, path, f"{found.group()!r} is not allowed here: this is plain text, shown as it is written; write it without "
                + ("< > \" or & (for quotes use „ “ or « », for & the word)" if quotes else "< or > (for example ‹id› or ID)"), rule="plain-text")


def check_settings(doc: Document, out: Sink) -> None:
    """The catalogue's settings: plain texts, safe addresses, map links with their own placeholders."""
    data = doc.data if isinstance(doc.data, dict) else {}
    for field in ("name", "language_names", "description"):
        strict = _NOT_IN_ATTRIBUTE if field != "description" else _NOT_TEXT
        for path, text in _texts(data.get(field), (field,)):
            _plain(doc, path, text, strict, out)
    licence = data.get("licence")
    if isinstance(licence, dict) and isinstance(licence.get("name"), str):
        _plain(doc, ("licence", "name"), licence["name"], _NOT_TEXT, out)
    for path, text in (*_texts(data.get("site_url"), ("site_url",)), *_texts(data.get("repository_url"), ("repository_url",)),
                       *(_texts(licence.get("url"), ("licence", "url")) if isinstance(licence, dict) else ())):
        found = _NOT_IN_ADDRESS.search(text)
        if found:
            out.add(doc, path, f"{found.group()!r} does not belong in a web address; write it percent-encoded ({f'%{ord(found.group()[0]):02X}'})", rule="plain-text")
    links = data.get("map_links")
    for name, allowed in MAP_LINKS.items():
        link = links.get(name) if isinstance(links, dict) else None
        if isinstance(link, str) and (problem := placeholder_problem(link, allowed)):
            out.add(doc, ("map_links", name), problem, rule="placeholder")


def check_words(doc: Document, out: Sink) -> None:
    """One language's interface words: plain text, and only the placeholders each word is given."""
    data = doc.data if isinstance(doc.data, dict) else {}
    for key, text in data.items():
        if not isinstance(text, str):
            continue  # the schema reports it
        _plain(doc, (key,), text, _NOT_IN_ATTRIBUTE if key.startswith(THEME_PREFIXES) else _NOT_TEXT, out)
        allowed = takes(key)
        if allowed is not None and (problem := placeholder_problem(text, allowed)):
            out.add(doc, (key,), problem, rule="placeholder")
