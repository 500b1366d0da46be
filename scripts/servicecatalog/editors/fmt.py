"""``catalog fmt``: rewrite catalogue files in the one canonical layout (see ``yamlfmt``).

The layout is what the web editor writes, so a file saved from the form differs from
the one in git only where the editor changed something. Files are read with the
project's strict loader: a file it refuses is reported, never rewritten.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from servicecatalog.editors.yamlfmt import Order, dump, order_from_schema
from servicecatalog.model import layout
from servicecatalog.model.fields import SchemaModel, load_model, schema_dir_for
from servicecatalog.model.loader import LoadError, read_document

KINDS = ("settings", "vocabulary", "institution", "template", "service", "ui")


def model(root: Path) -> SchemaModel:
    """The schema model of the project (its own schema/, or the schemas shipped with the package)."""
    return load_model(schema_dir_for(root), root=root)


def orders(root: Path) -> dict[str, Order]:
    """The key order of each kind of catalogue file, from the schemas and the catalogue's languages."""
    settings = read_document(root / "catalog" / layout.SETTINGS_FILE, "catalog/catalog.yaml").data
    languages = [str(code) for code in settings.get("languages", [])] if isinstance(settings, dict) else []
    schemas = model(root)
    return {kind: order_from_schema(schemas.root(kind), languages) for kind in KINDS}


def _kind(root: Path, path: Path) -> str | None:
    catalog_dir = root / "catalog"
    try:
        parts = path.resolve().relative_to(catalog_dir.resolve()).parts
    except ValueError:
        return None
    if parts == (layout.SETTINGS_FILE,):
        return "settings"
    if len(parts) == 2 and parts[0] in layout.FLAT_FOLDERS:
        return layout.FLAT_FOLDERS[parts[0]]
    if len(parts) == 3 and parts[0] == layout.SERVICES:
        return "service"
    return None


def files(root: Path, paths: Sequence[Path]) -> list[Path]:
    """The catalogue files named (folders searched), or every catalogue file."""
    if not paths:
        return [entry.path for entry in layout.scan(root / "catalog").entries]
    found: list[Path] = []
    for path in paths:
        candidates = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
        found += [p for p in candidates if _kind(root, p) is not None]
    return found


def format_file(root: Path, path: Path, kinds: dict[str, Order]) -> tuple[str, str]:
    """(current text, canonical text) of one file; raises LoadError when the loader refuses it."""
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    document = read_document(path, display)
    kind = _kind(root, path) or "settings"
    return path.read_text(encoding="utf-8"), dump(document.data, kinds.get(kind))


def run(root: Path, paths: Sequence[Path], check: bool, out: Any = None) -> int:
    """Format (or with ``check`` only list) the files; 0 when nothing was or would be changed."""
    out = out or sys.stdout  # read when called: pytest and callers swap sys.stdout after import
    kinds = orders(root)
    changed = broken = 0
    for path in files(root, paths):
        display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            current, canonical = format_file(root, path, kinds)
        except LoadError as exc:
            print(f"{display}:{exc.line}:{exc.column}: error: {exc.message}", file=out)
            broken += 1
            continue
        if current == canonical:
            continue
        changed += 1
        if check:
            print(f"{display}: not in the canonical layout; run `catalog fmt {display}`", file=out)
        else:
            path.write_text(canonical, encoding="utf-8")
            print(f"formatted {display}", file=out)
    if check and changed:
        print(f"{changed} file(s) to format", file=out)
    return 1 if broken or (check and changed) else 0


def _cmd(args: argparse.Namespace) -> int:
    return run(args.root, [p.resolve() for p in args.paths], args.check)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "fmt", help="write catalogue files in the one canonical layout (what the web editor writes)",
        description="Rewrite catalogue files in the canonical layout: keys in the schema's order, block style, "
                    "quotes only where YAML would read the value otherwise, no comments, one final line break. "
                    "With --check, change nothing and exit 1 when a file would change.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to format (default: every catalogue file)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a file is not in the canonical layout")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the current folder or its nearest parent with catalog/)")
    parser.set_defaults(handler=_cmd)
    return parser
