"""``catalog build`` and ``catalog serve``: MkDocs driven through its Python API."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import traceback
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servicecatalog.mkdocs.config import write_mkdocs_config
from servicecatalog.mkdocs.parallel import build_in_parallel, build_part, merge_parts, part_language
from servicecatalog.mkdocs.publish import Staging, build_lock, replace_file
from servicecatalog.model import report
from servicecatalog.model.parallel_read import processes
from servicecatalog.model.validate import Result, validate_catalog
from servicecatalog.site.affected import affected_pages
from servicecatalog.site.preview import PREVIEW_FILE, mark_folder

OFFLINE_DIR = "site-offline"  # the offline copy, and site-offline.zip beside it


@dataclass(frozen=True)
class Shard:
    """A build split across machines: one ``language``'s part, or the merge of built ``parts``."""

    language: str | None = None
    parts: tuple[Path, ...] = ()


def _quiet_logs(verbose: bool) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, said once in the README
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


def prepare(root: Path, out: Any = None, jobs: int = 1) -> Result | None:
    """Validate (reading the files in up to ``jobs`` processes), report, and refresh ``mkdocs.yml``;
    None when the catalogue is invalid."""
    out = out or sys.stdout  # read when called: pytest and callers swap sys.stdout after import
    result = validate_catalog(root, jobs=jobs)
    if not result.ok:
        report.write(result, "text", out)
        print("The site was not built: fix the errors above first.", file=out)
        return None
    if result.warnings:
        print(report.summary(result), file=out)
    assert result.catalog is not None
    if write_mkdocs_config(result.catalog, root / "mkdocs.yml"):
        print("mkdocs.yml updated from catalog/catalog.yaml", file=out)
    return result


def catalog_plugin(config: Any) -> Any:
    """The ``catalog`` plugin of a loaded configuration; a clear error when mkdocs.yml does not list it."""
    from mkdocs.exceptions import ConfigurationError

    plugin = config.plugins.get("catalog")
    if plugin is None:
        raise ConfigurationError("mkdocs.yml does not list the `catalog` plugin under `plugins:`; run `catalog build` to regenerate it")
    return plugin


def build_site(
    root: Path, site_dir: Path | None = None, *, offline: bool = False, offline_download: bool = False,
    verbose: bool = False, out: Any = None, jobs: int | None = None, shard: Shard = Shard(), preview_of: int | None = None,
    changed: list[str] | None = None,
) -> bool:
    """Validate the catalogue and build the site strictly into ``site_dir`` (default ``root/site``).

    ``jobs`` processes build the languages side by side (default: one per CPU); one
    process gives the same files. ``shard`` splits the build across machines (the
    publish workflow's matrix): each builds one language's part, one merges them.

    ``offline`` builds the copy that works from disk into ``site-offline/`` (or ``site_dir``)
    and zips it. ``offline_download`` (``catalog build --with-offline-copy``, as the publish
    workflow builds) builds that copy first and publishes ``site-offline.zip`` at the root of
    the site, where the Open data page links it with its size.

    ``preview_of`` (``catalog build --preview-of N``) builds pull request N's preview: every page
    says it is not the official catalogue (``site.preview``), the web editor is left out, and
    ``catalog-preview.json`` names the pull request for the workflow that publishes it.

    ``changed`` (``catalog build --changed-since REF``: files relative to the project) builds
    only the pages those changes show on, with what they need (``partial``); the whole site
    when they change every page (settings, interface words, schemas, the theme...).

    The site is written aside and swapped into place at the end (``publish``): when the
    build fails or is interrupted (``KeyboardInterrupt`` is raised again after one line
    saying so), the previous site stays as it was. One build of a project runs at a time.
    """
    target = site_dir if site_dir is not None else root / (OFFLINE_DIR if offline else "site")
    jobs, out = jobs or os.cpu_count() or 1, out or sys.stdout
    try:
        with build_lock(root, out):
            result = prepare(root, out, jobs=min(jobs, processes()))
            if result is None or result.catalog is None:
                return False
            if shard.language and shard.language not in result.catalog.languages:
                print(f"catalog build --language {shard.language}: the catalogue's languages are {', '.join(result.catalog.languages)}", file=out)
                return False
            _quiet_logs(verbose)
            if offline or offline_download:
                copy = target if offline else root / OFFLINE_DIR
                if not _build_one(root, result, copy, offline=True, download=None, verbose=verbose, out=out, jobs=jobs):
                    return False
                if offline:
                    return True
            download = (root / OFFLINE_DIR).with_suffix(".zip") if offline_download else None
            pages = affected_pages(result.catalog, changed) if changed is not None else None
            return _build_one(root, result, target, offline=False, download=download, verbose=verbose, out=out, jobs=jobs, shard=shard,
                              preview_of=preview_of, pages=pages)
    except KeyboardInterrupt:
        print(f"Build interrupted: {_shown(root, target)} was left as it was before.", file=out, flush=True)
        raise


def _build_one(root: Path, result: Result, target: Path, *, offline: bool, download: Path | None, verbose: bool, out: Any, jobs: int,
               shard: Shard = Shard(), preview_of: int | None = None, pages: list[str] | None = None) -> bool:
    """One MkDocs build into a staging folder, published over ``target`` when it succeeds; ``pages``: only these."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from servicecatalog.mkdocs.partial import build_partial

    started = time.monotonic()
    shown = _shown(root, target)
    with Staging(target.resolve()) as staging:
        try:
            # The site address stays in the offline copy: it names the public pages (canonical
            # links, sitemap, feedback links), which the plugin writes in their directory-URL form.
            config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(staging.path))
            plugin = catalog_plugin(config)
            plugin.use_validation(root, result)
            plugin.offline_download = download
            # MkDocs gives every build of a process the same plugin instance: an earlier part's setting goes.
            plugin.outputs_deferred = False
            if offline:
                config.plugins["material/offline"].config.enabled = True
            if pages is not None:
                written = build_partial(root, result, staging.path, pages)
                print(f"Partial site: {written} pages (the pages the change shows on and the home pages, in every language)", file=out)
            elif shard.language:
                build_part(config, shard.language)
            elif shard.parts or (jobs > 1 and result.catalog is not None and len(result.catalog.languages) > 1):
                config = config.plugins.on_config(config)  # what the processes will see (offline: .html addresses)
                if shard.parts:
                    plugin.generate_docs(config)
                    merge_parts(config, plugin, {part_language(part): part for part in shard.parts}, move=False)
                else:
                    build_in_parallel(config, plugin, jobs, offline, say=lambda text: print(text, file=out, flush=True))
            else:
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
            if offline:
                archive = target.with_suffix(".zip")
                replace_file(lambda path: zip_folder(staging.path, path, top=target.name), archive)
            if preview_of is not None and result.catalog is not None:
                mark_folder(staging.path, result.catalog, preview_of)
                (staging.path / PREVIEW_FILE).write_text(json.dumps({"pull_request": preview_of}) + "\n", encoding="utf-8")
            elif not offline and pages is None:  # the web editor is for the hosted site only: never in the offline copy nor a preview
                _install_admin(root, staging.path, out)
            staging.publish()
        except (Abort, ConfigurationError, PluginError, ValueError) as exc:
            print(f"The site build failed: {exc}", file=out)
            print(f"{shown} was left as it was before.", file=out)
            return False
        except Exception as exc:  # noqa: BLE001 - one line for the user, not a traceback
            if verbose:
                traceback.print_exc(file=out)
            print(f"The site build failed ({type(exc).__name__}: {exc}); {shown} was left as it was before.", file=out)
            return False
    print(f"Site built in {time.monotonic() - started:.1f} s: {target}", file=out)
    if offline:
        archive = target.with_suffix(".zip")
        print(f"Offline copy: {archive} ({archive.stat().st_size / 1_000_000:.1f} MB); unzip it and open index.html", file=out)
    return True


def _shown(root: Path, target: Path) -> str:
    """``site/`` as the user would name it."""
    try:
        return target.resolve().relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return str(target)


def _install_admin(root: Path, site_dir: Path, out: Any) -> None:
    from servicecatalog.editors.admin_page import install_admin

    if install_admin(root, site_dir) is None:
        print("The web editor (/admin/) was left out: its pinned files are fetched by `make admin-deps` (needs npm).", file=out)


def zip_folder(folder: Path, archive: Path, top: str | None = None) -> Path:
    """Zip ``folder`` reproducibly: sorted entries, fixed timestamps, under one top folder (``top`` or its name)."""
    top = top or folder.name
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    return archive


def serve_site(root: Path, address: str) -> int:
    """Preview the site at ``address``, updating the pages a saved file changes (``serve``, ``serve_http``)."""
    from servicecatalog.mkdocs.serve_http import serve_site as serve

    _quiet_logs(False)
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)  # where it serves, and when pages reload
    return serve(root, address)
