"""Copies the top-level ``schema/`` into the built package as ``servicecatalog/schema/``.

``schema/`` is the folder people read and edit; the installed package reads its copy with
``importlib.resources``. A copy made at build time, rather than a link in the repository,
keeps checkouts without symbolic links (Windows) buildable. An editable install copies
nothing: the package then reads the checkout's ``schema/`` itself (``model.schemafiles``).
Everything else is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SCHEMA = Path(__file__).resolve().parent / "schema"


class BuildWithSchemas(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "servicecatalog" / "schema"
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(SCHEMA.glob("*.schema.json")):
            shutil.copyfile(path, target / path.name)


setup(cmdclass={"build_py": BuildWithSchemas})
