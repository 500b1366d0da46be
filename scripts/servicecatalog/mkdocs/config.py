"""Write ``mkdocs.yml`` from the catalogue settings, so languages live in one place.

The file is committed (plain ``mkdocs build`` needs it) and drift-checked: a
test regenerates it and fails on a difference.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from servicecatalog.model.catalog import Catalog
from servicecatalog.site.words import Words

TEMPLATES = Path(__file__).parent / "templates"

NAV_KEYS = ("home", "services", "life_events", "categories", "institutions", "online", "statistics", "priorities", "once_only", "open_data")


def yaml_string(value: str) -> str:
    """``value`` as a double-quoted YAML scalar in ASCII: the one way a text reaches ``mkdocs.yml``.

    JSON (``tojson``) writes an emoji as two ``\\u`` surrogate escapes, which YAML
    reads as two lone surrogates; YAML's own ``\\U`` escape keeps it one character.
    ``<``, ``>``, ``&`` and ``'`` are escaped as ``tojson`` escapes them.
    """
    out = []
    for char in str(value):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F and char not in "<>&'":
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def render_mkdocs_config(catalog: Catalog) -> str:
    """The text of ``mkdocs.yml`` for this catalogue."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["yaml_string"] = yaml_string
    settings = catalog.settings
    default_words = Words(catalog, catalog.default_language)
    nav = {key: default_words(f"nav.{key}") for key in NAV_KEYS}
    languages = []
    for code in catalog.languages:
        words = Words(catalog, code)
        languages.append({
            "code": code,
            "name": settings.get("language_names", {}).get(code) or words.language_name(code),
            "site_name": settings["name"].get(code) or settings["name"][catalog.default_language],
            "nav": {nav[key]: words(f"nav.{key}") for key in NAV_KEYS if code != catalog.default_language},
        })
    ui = {key: default_words(f"theme.{key}") for key in ("auto", "dark", "light")}
    return env.get_template("mkdocs.yml.j2").render(
        name=settings["name"][catalog.default_language],
        site_url=settings.get("site_url"),
        default_language=catalog.default_language,
        languages=languages,
        nav=nav,
        ui={f"theme_{k}": v for k, v in ui.items()},
    )


def write_mkdocs_config(catalog: Catalog, path: Path) -> bool:
    """Write ``mkdocs.yml`` if it changed; returns whether it did."""
    text = render_mkdocs_config(catalog)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
