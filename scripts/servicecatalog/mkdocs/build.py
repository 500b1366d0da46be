"""``catalog build`` and ``catalog serve``: MkDocs driven through its Python API."""

from __future__ import annotations

import logging
import os
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from servicecatalog.model import report
from servicecatalog.mkdocs.config import write_mkdocs_config
from servicecatalog.model.validate import Result, validate_catalog

OFFLINE_DIR = "site-offline"  # the offline copy, and site-offline.zip beside it
# How the build tells the hook (mkdocs_hooks.py) which zip to publish: a key of mkdocs' `extra`.
OFFLINE_DOWNLOAD_KEY = "catalog_offline_download"


def _quiet_logs(verbose: bool) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, said once in the README
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


def fingerprint(root: Path) -> tuple[Any, ...]:
    """Every catalogue and schema file with its modification time and size: changes when any file does."""
    watched = [p for folder in ("catalog", "schema") for p in sorted((root / folder).rglob("*")) if p.is_file()]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in watched)


_validated: dict[str, Any] = {"key": None, "result": None}


def validated(root: Path) -> Result:
    """``validate_catalog(root)``, reused while no file has changed.

    A build validates before MkDocs starts (to refresh ``mkdocs.yml``) and again in
    the hook that generates the pages; for 5,000 services each costs seconds.
    """
    key = (str(root.resolve()), fingerprint(root))
    if _validated["key"] != key:
        _validated.update(key=key, result=validate_catalog(root))
    return _validated["result"]


def prepare(root: Path, out: Any = sys.stdout) -> bool:
    """Validate, report, and refresh ``mkdocs.yml``; False when the catalogue is invalid."""
    result = validated(root)
    if not result.ok:
        report.write(result, "text", out)
        print("The site was not built: fix the errors above first.", file=out)
        return False
    if result.warnings:
        print(report.summary(result), file=out)
    assert result.catalog is not None
    if write_mkdocs_config(result.catalog, root / "mkdocs.yml"):
        print("mkdocs.yml updated from catalog/catalog.yaml", file=out)
    return True


def build_site(
    root: Path, site_dir: Path | None = None, *, offline: bool = False, offline_download: bool = False,
    verbose: bool = False, out: Any = sys.stdout,
) -> bool:
    """Validate the catalogue and build the site strictly into ``site_dir`` (default ``root/site``).

    ``offline`` builds the copy that works from disk into ``site-offline/`` (or ``site_dir``)
    and zips it. ``offline_download`` (``catalog build --with-offline-copy``, as the publish
    workflow builds) builds that copy first and publishes ``site-offline.zip`` at the root of
    the site, where the Open data page links it with its size.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    download: Path | None = None
    if not offline and offline_download:
        if not build_site(root, offline=True, offline_download=False, verbose=verbose, out=out):
            return False
        download = (root / OFFLINE_DIR).with_suffix(".zip")
    elif not prepare(root, out):
        return False
    _quiet_logs(verbose)
    started = time.monotonic()
    overrides: dict[str, Any] = {"strict": True}
    if offline:
        # The site address stays: it names the public pages (canonical links, sitemap, feedback
        # links), which the hook writes in their directory-URL form (see servicecatalog.urls).
        overrides["site_dir"] = str(site_dir or root / OFFLINE_DIR)
    elif site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    previous = os.environ.get("CATALOG_OFFLINE")
    os.environ["CATALOG_OFFLINE"] = "true" if offline else "false"
    try:
        config = load_config(str(root / "mkdocs.yml"), **overrides)
        if download is not None:
            config.extra[OFFLINE_DOWNLOAD_KEY] = str(download)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as exc:
        print(f"The site build failed: {exc}", file=out)
        return False
    finally:
        if previous is None:
            os.environ.pop("CATALOG_OFFLINE", None)
        else:
            os.environ["CATALOG_OFFLINE"] = previous
    print(f"Site built in {time.monotonic() - started:.1f} s: {config.site_dir}", file=out)
    if not offline:  # the web editor is for the hosted site only: never in the offline copy
        from servicecatalog.editors.admin_page import install_admin

        if install_admin(root, Path(config.site_dir)) is None:
            print("The web editor (/admin/) was left out: its pinned files are fetched by `make admin-deps` (needs npm).", file=out)
    if offline:
        archive = zip_folder(Path(config.site_dir), Path(config.site_dir).with_suffix(".zip"))
        print(f"Offline copy: {archive} ({archive.stat().st_size / 1_000_000:.1f} MB); unzip it and open index.html", file=out)
    return True


def zip_folder(folder: Path, archive: Path) -> Path:
    """Zip ``folder`` reproducibly: sorted entries, fixed timestamps, under one top folder."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    return archive


def serve_site(root: Path, address: str) -> int:
    """Preview the site at ``address``, rebuilding when catalogue files change."""
    from mkdocs.commands.serve import serve

    if not prepare(root):
        return 1
    _quiet_logs(True)
    serve(config_file=str(root / "mkdocs.yml"), dev_addr=address, livereload=True)
    return 0
