"""Fixtures shared by the test modules. Keep this file small: helpers go in their own modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# Browser fixtures are session-wide (one Chromium, one built sample site) for every module.
pytest_plugins = ["browser_fixtures"]

PROJECT = Path(__file__).resolve().parents[1]
MINI = PROJECT / "tests" / "fixtures" / "mini"


@pytest.fixture()
def mini_root(tmp_path: Path) -> Path:
    """A throw-away project folder holding a copy of the small valid catalogue (schemas are the bundled ones)."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    return root
