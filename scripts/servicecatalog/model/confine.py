"""Nothing from outside the project: symbolic links that lead out of it are refused.

The build publishes what ``docs/`` and ``overrides/`` hold and reads what
``catalog/`` holds; a link in them to ``/etc/passwd`` or to another checkout
would put that file on the public site (or in a pull request's preview). The
catalogue's own files may not be links at all (``layout`` says so for each);
here the folders themselves, and every link below ``docs/`` and ``overrides/``,
must stay inside the project.
"""

from __future__ import annotations

import os
from pathlib import Path

from servicecatalog.model.loader import Problem

# Folders the build reads or publishes; the links inside catalog/ are refused by model/layout.py.
SOURCES = ("catalog", "schema", "docs", "overrides")
_WALKED = ("docs", "overrides")


def _links(root: Path, name: str) -> list[Path]:
    top = root / name
    if top.is_symlink():
        return [top]
    if name not in _WALKED or not top.is_dir():
        return []
    found, folders = [], [top]
    while folders:  # links to folders are not followed: each is checked itself
        with os.scandir(folders.pop()) as entries:  # the entries' types come with the listing: no stat per file
            for entry in entries:
                if entry.is_symlink():
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
    return found


def links_outside(root: Path) -> list[Problem]:
    """An error for each symbolic link in the project's source folders that leads outside ``root``."""
    base = root.resolve()
    problems = []
    for name in SOURCES:
        for link in sorted(_links(root, name)):
            target = link.resolve()
            if target == base or base in target.parents:
                continue
            shown = link.relative_to(root).as_posix()
            problems.append(Problem(
                shown, 1, 1, "error", "",
                f"this symbolic link leads outside the project (to {os.readlink(link)!r}), and the site would publish or read "
                "what it points to; put the file itself here instead", "symlink",
            ))
    return problems
