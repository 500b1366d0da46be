"""Pre-rendered HTML skips Python-Markdown and the pages come out the same.

Every generated page of the small catalogue, in every language, is converted
with the site's Markdown extensions twice: as Markdown sees it, and with its
HTML blocks swapped for placeholders and back (what the ``catalog`` plugin does).
"""

from __future__ import annotations

import markdown
import pytest
from pymdownx.slugs import slugify

from servicecatalog.mkdocs import rawhtml
from servicecatalog.model.validate import validate_catalog
from servicecatalog.site.pages import generate
from site_helpers import MINI


def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list", "admonition", "toc"],
                             extension_configs={"toc": {"permalink": False, "slugify": slugify(case="lower")}})


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = validate_catalog(MINI)
    assert result.catalog is not None
    return generate(result.catalog).pages


def test_every_generated_page_converts_to_the_same_html(pages: dict[str, str]) -> None:
    md = _converter()
    for name, page in pages.items():
        text = _body(page)
        expected = md.reset().convert(text)
        stashed, found = rawhtml.stash(text)
        assert rawhtml.unstash(md.reset().convert(stashed), found) == expected, name


def test_service_pages_are_mostly_left_out_of_markdown(pages: dict[str, str]) -> None:
    text = _body(pages["services/residence.en.md"])
    stashed, found = rawhtml.stash(text)
    assert len(found.blocks) >= 5
    assert "<div" not in stashed and len(stashed) < len(text) / 3
    assert {"not-needed"} <= found.anchors() or "not-needed" not in text


@pytest.mark.parametrize("text", [
    "<div>\nno blank line after</div>\ntext\n",
    "para\n<div>a</div>\n\nafter\n",
    "<div>a</div> trailing text\n\n",
    "<div><div>unclosed</div>\n\n",
    "<p>scrawhtml0x</p>\n\n<div>b</div>\n",
])
def test_doubtful_blocks_are_left_to_markdown(text: str) -> None:
    md = _converter()
    stashed, found = rawhtml.stash(text)
    assert rawhtml.unstash(md.reset().convert(stashed), found) == md.reset().convert(text)
