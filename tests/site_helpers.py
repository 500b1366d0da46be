"""Shared helpers for the tests that generate or build the site."""

from __future__ import annotations

import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
MINI = PROJECT / "tests" / "fixtures" / "mini"
# The tests' own interface words: a translator's fix to catalog/ui/ changes no golden page.
UI = PROJECT / "tests" / "fixtures" / "ui"


def make_project(dest: Path, catalog: Path = MINI / "catalog") -> Path:
    """A throw-away project: a catalogue plus the repository's schema, assets and overrides.

    A catalogue without interface words of its own gets the fixture words of ``tests/fixtures/ui/``.
    """
    shutil.copytree(catalog, dest / "catalog")
    if not (dest / "catalog" / "ui").exists():
        shutil.copytree(UI, dest / "catalog" / "ui")
    shutil.copytree(PROJECT / "schema", dest / "schema")
    shutil.copytree(PROJECT / "overrides", dest / "overrides")
    (dest / "docs").mkdir()
    shutil.copytree(PROJECT / "docs" / "assets", dest / "docs" / "assets")
    return dest


def leftovers(folder: Path, pattern: str, within: float = 60.0) -> list[Path]:
    """What matches ``pattern`` in ``folder`` once the previous site's deletion (a background process) is done."""
    import time

    deadline = time.monotonic() + within
    while (found := sorted(folder.glob(pattern))) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found
