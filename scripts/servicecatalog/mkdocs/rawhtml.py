"""Keep the generator's HTML away from Python-Markdown: a placeholder in, the HTML back out.

The page generator writes most of a page as HTML blocks it has already rendered
and escaped. Python-Markdown would parse each block again with an HTML parser
(twice: MkDocs looks for anchors, then Markdown stashes the block) only to copy
it to the output unchanged. Before conversion each such block becomes a
placeholder paragraph; after conversion the placeholder's ``<p>`` is replaced by
the block, which gives the same page as Markdown's own raw-HTML handling.

A block is taken only where Markdown would keep it raw for sure: it starts at
the beginning of a line after a blank line with a block-level tag, ends with the
closing tag of that element at the end of a line, and a blank line (or the end)
follows. Anything else is left to Markdown.

Most generated pages are then only headings between placeholders. Such a page
(``convert``) does not go through Python-Markdown at all: its headings are
written here, with the table of contents Markdown's ``toc`` extension would
give, when every heading is one this module can write exactly as Markdown
does (plain text, an ``{#id}`` attribute list); any other line leaves the
page to Markdown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import nest_toc_tokens

BLOCK_TAGS = ("div", "dl", "ul", "ol", "table", "p", "aside", "section", "nav", "figure", "form", "address", "details")
_START = re.compile(r"<({})[\s>]".format("|".join(BLOCK_TAGS)))
_ID = re.compile(r'\sid="([^"]*)"')
_MARK = "scrawhtml"
_PLACEHOLDER = re.compile(rf"{_MARK}\d+x")
# An ATX heading with an attribute list of an id and plain attributes, as the generator writes them.
_HEADING = re.compile(r'(#{1,6}) (.*?) \{#([A-Za-z0-9_-]+)((?: [a-z-]+="[A-Za-z0-9_ -]*")*)\}')
_ATTR = re.compile(r' ([a-z-]+)="([A-Za-z0-9_ -]*)"')
# What Python-Markdown unescapes after a backslash (``markdown.Markdown.ESCAPED_CHARS``) and the
# generator escapes (``site.render.markdown_escape``).
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
# Text Markdown would change (inline markup, entities, HTML, whitespace it folds or expands): left to Markdown.
_NOT_PLAIN = re.compile(r"[\\`*_{}\[\]()#+\-.!<>&\t\x02\x03]|  ")


@dataclass
class Stash:
    """The blocks taken out of one page, in order, and the anchors (ids) they hold."""

    blocks: list[str] = field(default_factory=list)

    def anchors(self) -> set[str]:
        return {html.unescape(m) for block in self.blocks for m in _ID.findall(block)}


def _end_of_block(lines: list[str], start: int, tag: str) -> int | None:
    """The line where the element opened on ``lines[start]`` closes at the end of the line, or None."""
    opening, closing = re.compile(rf"<{tag}[\s>/]"), f"</{tag}>"
    depth = 0
    for n in range(start, len(lines)):
        line = lines[n]
        depth += len(opening.findall(line)) - line.count(closing)
        if depth <= 0:
            return n if depth == 0 and line.endswith(closing) else None
    return None


def stash(markdown: str) -> tuple[str, Stash]:
    """``markdown`` with its safe HTML blocks replaced by placeholder paragraphs."""
    if _MARK in markdown:  # our own mark in the text: leave the page to Markdown
        return markdown, Stash()
    lines = markdown.split("\n")
    out: list[str] = []
    found = Stash()
    n = 0
    while n < len(lines):
        match = _START.match(lines[n])
        if match and (n == 0 or lines[n - 1] == ""):
            end = _end_of_block(lines, n, match[1])
            if end is not None and (end + 1 == len(lines) or lines[end + 1] == ""):
                out.append(f"{_MARK}{len(found.blocks)}x")
                found.blocks.append("\n".join(lines[n:end + 1]))
                n = end + 1
                continue
        out.append(lines[n])
        n += 1
    return "\n".join(out), found


def unstash(content: str, found: Stash) -> str:
    """The converted page with each placeholder paragraph replaced by its block."""
    if not found.blocks:
        return content
    # Markdown writes a raw block with a line break after it, and strips the end of the page.
    return re.sub(rf"<p>{_MARK}(\d+)x</p>", lambda m: found.blocks[int(m[1])] + "\n", content).rstrip()


@dataclass
class Converted:
    """A page converted without Markdown: its HTML, its table of contents (Markdown ``toc`` tokens) and its ids."""

    html: str
    toc_tokens: list[Any]  # Markdown's toc tokens: level, id, name, html, data-toc-label, children
    anchors: set[str]


def _heading_text(raw: str) -> str | None:
    """The heading's text as Markdown writes it, or None when Markdown would do more than unescape."""
    if "\x00" in raw or _NOT_PLAIN.search(_ESCAPED.sub("", raw)):
        return None
    text = _ESCAPED.sub(r"\1", raw)
    # An escaped `>` is an entity in the heading but not in the contents; what Markdown strips is not ours to strip.
    return text if text and ">" not in text and text == text.strip() else None


def convert(markdown: str) -> Converted | None:
    """The HTML Python-Markdown (with ``attr_list`` and ``toc``) gives for ``markdown``; None unless every
    line is a blank line, an HTML block ``stash`` takes, or a plain heading with an ``{#id}``."""
    stashed, found = stash(markdown)
    parts: list[str] = []
    flat: list[Any] = []
    anchors = found.anchors()
    for line in stashed.split("\n"):
        if not line:
            continue
        if _PLACEHOLDER.fullmatch(line):
            parts.append(f"<p>{line}</p>")
            continue
        heading = _HEADING.fullmatch(line)
        text = _heading_text(heading[2]) if heading else None
        if heading is None or text is None or heading[3] in anchors:
            return None
        level, anchor = len(heading[1]), heading[3]
        attributes = [("id", anchor), *_ATTR.findall(heading[4])]
        if len({name for name, _ in attributes}) < len(attributes):  # an attribute twice: Markdown's to settle
            return None
        written = "".join(f' {name}="{value}"' for name, value in sorted(attributes))  # Markdown writes them sorted
        parts.append(f"<h{level}{written}>{text}</h{level}>")
        flat.append({"level": level, "id": anchor, "name": text, "html": text, "data-toc-label": "", "children": []})
        anchors.add(anchor)
    return Converted(unstash("\n".join(parts), found), nest_toc_tokens(flat), anchors)
