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


def test_pages_of_headings_and_blocks_skip_markdown_and_come_out_the_same(pages: dict[str, str]) -> None:
    """What MkDocs would build from Markdown: the HTML, the table of contents and the ids links may point at."""
    md, converted = _converter(), []
    for name, page in pages.items():
        text = _body(page)
        result = rawhtml.convert(text)
        if result is None:
            continue
        converted.append(name)
        assert result.html == md.reset().convert(text), name
        assert result.toc_tokens == md.toc_tokens, name  # type: ignore[attr-defined]
        assert {"page-title"} <= result.anchors, name
    services = [name for name in pages if name.startswith("services/") and not name.startswith("services/index.")]
    assert set(services) <= set(converted), "every service page skips Markdown"


@pytest.mark.parametrize("title", [
    "Fees & payment", "a < b", "x > y", '"quoted" and \'single\'', "5*3_x [a](b) `c` #1 +2 -3 .4 !5 {6}",
    "Ѓорѓи — Ќерка", "ends with a backslash \\", "two  spaces", "tab\there", " leading", "&amp; entity",
    "\\", "#", "trailing #", "<script>alert(1)</script>", "x\x02y", "{#other}",
])
def test_any_heading_text_comes_out_as_markdown_gives_it_or_goes_to_markdown(title: str) -> None:
    from servicecatalog.site.render import markdown_escape

    md = _converter()
    for heading in (markdown_escape(title), title):  # as the generator writes it, and as a hand-made page might
        text = f'# {heading} {{#page-title tabindex="-1" lang="sq"}}\n\n<div class="x" id="a">\n<p>b</p>\n</div>\n\n## {heading} {{#who}}\n'
        result = rawhtml.convert(text)
        if result is not None:
            assert result.html == md.reset().convert(text), heading
            assert result.toc_tokens == md.toc_tokens, heading  # type: ignore[attr-defined]
            assert result.anchors == {"page-title", "a", "who"}


@pytest.mark.parametrize("text", [
    "# Title {#page-title}\nA paragraph right under it.\n",
    "# Title {#page-title}\n\n* a list\n",
    "# Title\n",
    "# Title {#page-title}\n\n## Same {#page-title}\n",
    '# Title {#page-title onclick="x()"}\n',
    "Title\n=====\n",
    "    indented code\n",
])
def test_anything_but_headings_and_blocks_is_left_to_markdown(text: str) -> None:
    assert rawhtml.convert(text) is None
