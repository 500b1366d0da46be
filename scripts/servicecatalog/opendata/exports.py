"""Write every open-data export of a validated catalogue, and the ``catalog export`` command.

The exports are built in memory first and written only when all of them were
built, so a failure leaves the previous files in place. The same catalogue,
history and address give the same bytes on every run.

Files, relative to the destination folder:

====================================  ==================================================
``catalogue.json``                    the whole catalogue (``schema/export.schema.json``)
``services/<id>.json``                one service at an address that changes only with its id
``services.csv``                      one row per service, for spreadsheets
``cpsv-ap.jsonld``                    CPSV-AP 3.2.0 JSON-LD
``cpsv-ap.context.jsonld``            its JSON-LD context, so no reader needs the network
``changes.atom``                      the latest changes to services (when ``changes`` are given)
``schema/export.schema.json``         the JSON Schema of the two JSON exports, which name it in
                                      ``$schema``, with the schemas it refers to
====================================  ==================================================
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.fields import SchemaModel
from servicecatalog.model.schemafiles import SUFFIX
from servicecatalog.opendata import export_cpsv, export_csv, export_json, feed

CATALOGUE_FILE = "catalogue.json"
SERVICES_FOLDER = "services"
CSV_FILE = "services.csv"
CPSV_FILE = "cpsv-ap.jsonld"
FEED_FILE = "changes.atom"
FEED_LIMIT = 50


def _json(document: Any) -> bytes:
    return export_json.dumps(document).encode("utf-8")


def _references(node: Any) -> set[str]:
    """The schema files a schema refers to (``service.schema.json#/...`` -> ``service.schema.json``)."""
    if isinstance(node, dict):
        found = set().union(*(_references(v) for v in node.values())) if node else set()
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            found.add(ref.partition("#")[0])
        return found
    if isinstance(node, list):
        return set().union(*(_references(v) for v in node)) if node else set()
    return set()


def schema_files(model: SchemaModel) -> dict[str, bytes]:
    """``schema/export.schema.json`` and every schema it refers to, as the repository holds them.

    The schemas have no ``$id``: their relative references resolve against the address
    they are read from, so they are published side by side under the same names. A
    project whose ``schema/`` has no export schema gets the bundled one, which
    describes what this code writes.
    """
    folder, main = export_json.SCHEMA_PATH.rsplit("/", 1)
    files: dict[str, bytes] = {}
    waiting = [main]
    while waiting:
        name = waiting.pop()
        if f"{folder}/{name}" in files:
            continue
        content = model.content[name.removesuffix(SUFFIX)]
        files[f"{folder}/{name}"] = content
        waiting.extend(sorted(_references(model.raw[name.removesuffix(SUFFIX)])))
    return files


def render_exports(
    catalog: Catalog, history: dict[str, dt.date] | None = None, site_url: str | None = None, changes: Sequence[feed.Change] | None = None
) -> dict[str, bytes]:
    """Every export file by its path relative to the destination, as bytes."""
    return dict(iter_exports(catalog, history, site_url, changes))


def iter_exports(
    catalog: Catalog, history: dict[str, dt.date] | None = None, site_url: str | None = None, changes: Sequence[feed.Change] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Each export file's path and bytes, one at a time: whoever writes them need not hold them all (100 MB at 5,000 services)."""
    site_url = site_url or catalog.settings.get("site_url")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    history = history or {}
    yield CATALOGUE_FILE, _json(export_json.catalogue_document(catalog, site_url, history))
    for service_id in sorted(catalog.services):
        document = export_json.service_document(catalog, catalog.services[service_id], site_url, history)
        yield f"{SERVICES_FOLDER}/{service_id}.json", _json(document)
    yield CSV_FILE, export_csv.services_csv(catalog).encode("utf-8")
    yield CPSV_FILE, _json(export_cpsv.cpsv_document(catalog, site_url))
    yield export_cpsv.CONTEXT_FILE, _json(export_cpsv.context_document())
    if changes is not None and site_url:
        yield FEED_FILE, feed.atom_feed(catalog, list(changes), site_url).encode("utf-8")
    yield from schema_files(catalog.schema).items()


def write_exports(
    catalog: Catalog, dest_dir: Path, history: dict[str, dt.date] | None = None, site_url: str | None = None,
    *, changes: Sequence[feed.Change] | None = None,
) -> list[Path]:
    """Write the exports into ``dest_dir``; returns the paths of every export file, sorted.

    ``history`` maps catalogue files to the date of their last commit (``history.last_changes``);
    ``site_url`` (default: the catalogue's ``site_url``) makes page links and IRIs absolute;
    ``changes`` (``feed.changes``) adds the Atom feed. Service files of services that no longer
    exist are removed, so an old id does not keep serving stale data.
    """
    return write_files(iter_exports(catalog, history, site_url, changes), dest_dir)


def write_files(files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], dest_dir: Path) -> list[Path]:
    """Write rendered exports into ``dest_dir``, removing files of services gone; paths sorted.

    ``files``: ``render_exports``' files, or ``iter_exports``' one at a time, each written as it comes.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for name, content in files.items() if isinstance(files, Mapping) else files:
        target = dest_dir / name
        wanted.add(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != content:  # unchanged files keep their timestamps
            target.write_bytes(content)
    services_dir = dest_dir / SERVICES_FOLDER
    if services_dir.is_dir():
        for stale in services_dir.glob("*.json"):
            if stale not in wanted:
                stale.unlink()
    return sorted(wanted)


# ---------------------------------------------------------------- command


def _cmd_export(args: argparse.Namespace) -> int:
    from servicecatalog.model import report
    from servicecatalog.model.history import last_changes
    from servicecatalog.model.validate import validate_catalog

    result = validate_catalog(args.root)
    if not result.ok or result.catalog is None:
        report.write(result, "text", sys.stderr)
        print("nothing exported: fix the errors above first", file=sys.stderr)
        return 1
    catalog = result.catalog
    changes = feed.changes(args.root, args.feed_limit) if args.feed_limit > 0 else None
    written = write_exports(catalog, args.dest, last_changes(args.root), args.site_url, changes=changes)
    print(f"{len(written)} files exported to {args.dest}")
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog export DIR [--root PATH] [--site-url URL] [--feed-limit N]``."""
    parser = subparsers.add_parser(
        "export", help="write the open-data exports (JSON, CSV, CPSV-AP, Atom) into a folder",
        description="Validate the catalogue and write catalogue.json, services/<id>.json, services.csv, "
                    "cpsv-ap.jsonld with its context, and changes.atom into DIR. Exit status: 0 written, "
                    "1 the catalogue is invalid, 2 usage error.",
    )
    parser.add_argument("dest", type=Path, metavar="DIR", help="folder to write the exports into (created if missing)")
    parser.add_argument("--root", type=Path, default=None, help="project folder holding catalog/ and schema/ (default: the current folder or its nearest parent that has them)")
    parser.add_argument("--site-url", default=None, help="the published site's address, for links and identifiers (default: site_url in catalog/catalog.yaml)")
    parser.add_argument("--feed-limit", type=int, default=FEED_LIMIT, help=f"how many changes the Atom feed lists; 0 for no feed (default {FEED_LIMIT})")
    parser.set_defaults(handler=_cmd_export)
    return parser

