"""Settings and interface words: plain text, and only the {placeholders} the site fills in.

The table of what each word takes (model/plaintext.py) is compared with the places that
format the words, read from the templates' syntax trees and the Python sources, so a new
`t("key", name=...)` cannot slip past the validator.
"""

from __future__ import annotations

import ast
import re

import pytest
from jinja2 import nodes

from servicecatalog.model import plaintext
from servicecatalog.model.validate import validate_catalog
from servicecatalog.site import pages
from site_helpers import PROJECT

PACKAGE = PROJECT / "scripts" / "servicecatalog"


def _template_calls() -> tuple[dict[str, set[str]], set[str]]:
    """From every page template: word key -> names passed, and the plural families used."""
    env = pages._environment()
    formatted: dict[str, set[str]] = {}
    families: set[str] = set()
    for path in sorted((PACKAGE / "site" / "templates").glob("*.j2")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            first = call.args[0] if call.args else None
            if not isinstance(first, nodes.Const) or not isinstance(first.value, str):
                continue
            if isinstance(call.node, nodes.Name) and call.node.name == "t" and call.kwargs:
                formatted.setdefault(first.value, set()).update(k.key for k in call.kwargs)
            elif isinstance(call.node, nodes.Getattr) and call.node.attr == "plural":
                families.add(first.value)
    return formatted, families


def _python_calls() -> tuple[dict[str, set[str]], set[str]]:
    """The same from the Python sources: words(...)/t(...) with keyword values, and .plural(...)."""
    formatted: dict[str, set[str]] = {}
    families: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for call in (n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id if isinstance(call.func, ast.Name) else ""
            first = call.args[0] if call.args else None
            if name == "plural" and isinstance(first, ast.JoinedStr):  # f"unit.{...}"
                families.add(str(first.values[0].value).rstrip(".")) if isinstance(first.values[0], ast.Constant) else None
            elif name == "plural" and isinstance(first, ast.Constant):
                families.add(first.value)
            elif name in ("words", "t", "w") and isinstance(first, ast.Constant) and isinstance(first.value, str) and call.keywords:
                formatted.setdefault(first.value, set()).update(k.arg for k in call.keywords if k.arg)
    return formatted, families


def test_the_placeholder_table_is_what_the_code_passes() -> None:
    template_words, template_families = _template_calls()
    python_words, python_families = _python_calls()
    formatted = {**template_words}
    for key, names in python_words.items():
        formatted.setdefault(key, set()).update(names)
    # Two words are filled in outside Python's format(): by the MkDocs layer and by catalog.js.
    assert any('.replace("{size}"' in p.read_text(encoding="utf-8") for p in (PACKAGE / "mkdocs").glob("*.py"))
    for script, key in (("catalog.js", "a11y.size_now"), ("catalog-search.js", "search.replaced_by")):
        text = (PROJECT / "docs" / "assets" / script).read_text(encoding="utf-8")
        assert set(re.findall(r'\.replace\("\{(\w+)\}"', text)) == set(plaintext.TAKES[key]), script
        formatted[key] = set(plaintext.TAKES[key])
    scripts = "".join(p.read_text(encoding="utf-8") for p in (PROJECT / "docs" / "assets").glob("*.js"))
    assert len(re.findall(r'\.replace\("\{\w+\}"', scripts)) == 2, "a script fills in a new word: add it to TAKES and here"
    assert {k: set(v) for k, v in plaintext.TAKES.items()} == formatted
    assert template_families | python_families == set(plaintext.PLURAL_FAMILIES)


def test_every_bundled_word_that_is_formatted_uses_only_its_placeholders() -> None:
    result = validate_catalog(PROJECT)
    assert result.ok
    assert result.catalog is not None
    for language, words in result.catalog.ui.items():
        for key, text in words.items():
            allowed = plaintext.takes(key)
            if allowed is not None:
                assert plaintext.placeholder_problem(text, allowed) is None, (language, key)


@pytest.mark.parametrize(("text", "message"), [
    ("{count} services", None),
    ("{{literal}} and {count}", None),
    ("{cuont} services", "{cuont} is not a placeholder of this text; it takes: {count}, {n}"),
    ("{count services", "has an unbalanced { or }"),
    ("count} services", "has an unbalanced { or }"),
    ("{count.__class__.__mro__}", "{count.__class__.__mro__} is not a placeholder of this text"),
    ("{count!r}", "write the placeholder as {count} alone"),
    ("{count:>99999999}", "write the placeholder as {count} alone"),
    ("{}", "{} is not a placeholder of this text"),
    ("{0}", "{0} is not a placeholder of this text"),
])
def test_placeholder_problems_are_named(text: str, message: str | None) -> None:
    found = plaintext.placeholder_problem(text, plaintext.PLURAL_VALUES)
    assert (found is None) if message is None else (found is not None and message in found), found


def test_long_values_are_quoted_as_a_short_excerpt() -> None:
    problem = plaintext.placeholder_problem("{" + "x" * 200_000, frozenset())
    assert problem is not None and len(problem) < 300
