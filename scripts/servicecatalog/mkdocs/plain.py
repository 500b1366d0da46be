"""Plain MkDocs on the catalogue's generated pages, without the ``catalog`` plugin: the benchmark's yardstick."""

from __future__ import annotations

import logging
import re
from pathlib import Path

PLAIN_CONFIG = "mkdocs-plain.yml"


def plain_config_text(config_text: str) -> str:
    """The project's ``mkdocs.yml`` without the ``catalog`` plugin (and so without its pages' generation)."""
    without = re.sub(r"(?m)^  - catalog\n", "", config_text)
    if without == config_text:
        raise ValueError("mkdocs.yml does not list the `catalog` plugin")
    return without


def plain_mkdocs_build(root: Path, site_dir: Path) -> int:
    """Build ``docs/`` as it is with plain MkDocs + Material + static-i18n; returns the HTML pages written."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config_file = root / PLAIN_CONFIG
    config_file.write_text(plain_config_text((root / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=False)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        config_file.unlink()
    return sum(1 for _ in site_dir.rglob("*.html"))
