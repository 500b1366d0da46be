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
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

BLOCK_TAGS = ("div", "dl", "ul", "ol", "table", "p", "aside", "section", "nav", "figure", "form", "address", "details")
_START = re.compile(r"<({})[\s>]".format("|".join(BLOCK_TAGS)))
_ID = re.compile(r'\sid="([^"]*)"')
_MARK = "scrawhtml"


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
