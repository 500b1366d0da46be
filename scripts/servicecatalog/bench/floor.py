"""The floor of any site build: the generated pages through python-markdown and one jinja2 layout."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markdown
from pymdownx.slugs import slugify

LAYOUT = jinja2.Template(
    "<!doctype html>\n<html lang=\"{{ lang }}\"><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>\n"
    "<body><nav>{% for item in toc %}<a href=\"#{{ item.id }}\">{{ item.name }}</a>{% endfor %}</nav>\n"
    "<main>{{ content }}</main></body></html>\n",
    autoescape=True,
)


def markdown_and_jinja(root: Path, out_dir: Path) -> int:
    """Convert every page of ``root/docs`` (the site's Markdown extensions) into ``out_dir``; returns pages written."""
    md = markdown.Markdown(extensions=["attr_list", "admonition", "toc"],
                           extension_configs={"toc": {"permalink": False, "slugify": slugify(case="lower")}})
    docs = root / "docs"
    written = 0
    for source in sorted(docs.rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        content = md.reset().convert(text)
        toc = getattr(md, "toc_tokens", [])
        name, lang = source.stem.rsplit(".", 1) if "." in source.stem else (source.stem, "")
        target = out_dir / source.relative_to(docs).parent / f"{name}.{lang}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        page = LAYOUT.render(lang=lang, title=toc[0]["name"] if toc else name, toc=toc, content=jinja2.utils.markupsafe.Markup(content))
        target.write_text(page, encoding="utf-8")
        written += 1
    return written
