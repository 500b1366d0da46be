"""Where each kind of file lives in ``catalog/``, and which files do not belong.

    catalog/catalog.yaml                          settings
    catalog/vocabularies/<vocabulary>.yaml        closed lists with translations
    catalog/institutions/<institution-id>.yaml    institutions and their offices
    catalog/templates/<template-id>.yaml          shared service templates
    catalog/services/<institution-id>/<id>.yaml   services
    catalog/ui/<language>.yaml                    words of the site's interface
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SETTINGS_FILE = "catalog.yaml"
# Folders holding one kind of file each, and the schema that file follows.
FLAT_FOLDERS = {"vocabularies": "vocabulary", "institutions": "institution", "templates": "template", "ui": "ui"}
SERVICES = "services"
IGNORED_NAMES = {".gitkeep", ".DS_Store"}


@dataclass(frozen=True)
class Entry:
    """A catalogue file and the schema it must follow."""

    path: Path
    kind: str  # settings, vocabulary, institution, template, service
    folder: str = ""  # for services: the institution folder it sits in


@dataclass
class Layout:
    """The files found under ``catalog/``, and those that break the layout."""

    entries: list[Entry] = field(default_factory=list)
    misplaced: list[tuple[Path, str]] = field(default_factory=list)  # (file, what to do)


def _yaml_name_problem(path: Path) -> str | None:
    if path.suffix == ".yml":
        return f"rename it to {path.stem}.yaml: catalogue files end in .yaml"
    if path.suffix != ".yaml":
        return "only .yaml files (and README.md) belong in the catalogue"
    return None


def _files(catalog_dir: Path) -> list[tuple[tuple[str, ...], bool]]:
    """Every file and link below ``catalog_dir`` as (parts of its relative path, is a link), in path order.

    Links to folders are listed, not followed. The entries' types come with the folder listing:
    thousands of files cost no stat each (``catalog serve`` scans after every save).
    """
    found: list[tuple[tuple[str, ...], bool]] = []
    folders: list[tuple[str, ...]] = [()]
    while folders:
        parts = folders.pop()
        with os.scandir(catalog_dir.joinpath(*parts)) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found.append(((*parts, entry.name), True))
                elif entry.is_dir():
                    folders.append((*parts, entry.name))
                elif entry.is_file():
                    found.append(((*parts, entry.name), False))
    return sorted(found)


def scan(catalog_dir: Path) -> Layout:
    """Classify every file below ``catalog_dir``; nothing is silently skipped."""
    layout = Layout()
    for parts, link in _files(catalog_dir):
        path = catalog_dir.joinpath(*parts)
        if path.name in IGNORED_NAMES or path.suffix == ".md":
            continue
        if link:
            layout.misplaced.append((path, "symbolic links are not allowed in the catalogue; copy the file instead"))
            continue
        problem = _yaml_name_problem(path)
        if problem:
            layout.misplaced.append((path, problem))
        elif parts == (SETTINGS_FILE,):
            layout.entries.append(Entry(path, "settings"))
        elif len(parts) == 2 and parts[0] in FLAT_FOLDERS:
            layout.entries.append(Entry(path, FLAT_FOLDERS[parts[0]]))
        elif len(parts) == 3 and parts[0] == SERVICES:
            layout.entries.append(Entry(path, "service", folder=parts[1]))
        elif parts[0] == SERVICES:
            layout.misplaced.append((path, "service files go in catalog/services/<institution-id>/<service-id>.yaml"))
        else:
            layout.misplaced.append(
                (path, ("this place is not part of the catalogue layout: settings in catalog/catalog.yaml, "
                       "then vocabularies/, institutions/, templates/ and services/<institution-id>/"))
            )
    return layout
