"""``catalog serve``: a preview that renders again only what a saved file changes.

The first build is a full one (every core, ``parallel``). Then each language's
MkDocs build stays in memory (``incremental.LanguageBuild``), and a save of a
service, template or institution file:

1. validates the catalogue again, checking only the saved files afresh
   (``model.checkcache``; the cross-file rules run over everything);
2. asks ``site.affected`` which pages the change can show on: the service's
   page, the lists that show it (institution, categories, life events, A–Z...),
   the summaries (home page...), and the pages that link to it;
3. generates those pages in every language and keeps those whose text changed;
4. renders them through MkDocs with the kept builds, and writes a language's
   search index when its entries changed;

and the browser reloads. The saved service's own pages come first: the server
shows them (and reloads the browser) before the lists and figure pages that
also changed are rendered, in the next update, which reloads it again. Settings, interface words, vocabularies, schemas, the
theme, a file added or removed, or a template most services share build the
whole site again. An invalid save keeps the last good pages and shows the
errors at the top of every page (``serve_http``) until the next good save.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TextIO

from servicecatalog.mkdocs.build import catalog_plugin
from servicecatalog.mkdocs.config import write_mkdocs_config
from servicecatalog.mkdocs.incremental import LanguageBuild
from servicecatalog.mkdocs.outputs import language_dir, write_search_index
from servicecatalog.mkdocs.parallel import build_in_parallel
from servicecatalog.mkdocs.plugin import CatalogPlugin
from servicecatalog.mkdocs.publish import Staging, build_lock
from servicecatalog.model import report
from servicecatalog.model.catalog import Catalog
from servicecatalog.model.checkcache import CheckCache, Stamp, stamp
from servicecatalog.model.validate import Result, validate_catalog
from servicecatalog.site.affected import preview_pages
from servicecatalog.site.pages import Site, generate, page_file, write_changed_page
from servicecatalog.site.search import search_rules, updated_index

WATCHED = ("catalog", "schema", "overrides", "docs/assets")  # what the site is made from, besides the code


@dataclass
class Update:
    """What one save did, for the editor's terminal (and the benchmark)."""

    kind: str  # "pages", "full", "invalid" or "none"
    pages: int = 0  # pages rendered again, every language counted
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        saved = ", ".join(self.files[:3]) + (" ..." if len(self.files) > 3 else "")
        if self.kind == "pages":
            return f"{saved}: {self.pages} page{'s' if self.pages != 1 else ''} updated in {self.seconds:.2f} s"
        if self.kind == "lists":
            return f"then the lists: {self.pages} page{'s' if self.pages != 1 else ''} updated in {self.seconds:.2f} s"
        if self.kind == "full":
            return f"{saved}: the whole site was built again in {self.seconds:.1f} s"
        return f"{saved}: not valid; the preview shows the last valid pages and the errors" if self.kind == "invalid" else "nothing changed"


class Preview:
    """The previewed site in ``site_dir`` and what it takes to update it after a save."""

    def __init__(self, root: Path, site_dir: Path, *, jobs: int | None = None, out: TextIO | None = None) -> None:
        self.root, self.site_dir, self.out = root, site_dir, out or sys.stderr
        self.jobs = jobs or os.cpu_count() or 1
        self.cache = CheckCache()
        self.errors: list[str] = []  # the catalogue's errors while a saved file is invalid
        self.builds: dict[str, LanguageBuild] = {}
        self.plugin: CatalogPlugin | None = None
        self.site: Site | None = None
        self.catalog: Catalog | None = None
        self.seen: dict[str, Stamp | None] = {}
        self.last = Update("none")
        # Lists and figures a save changes, rendered after the saved service's own pages are shown;
        # ``wake`` (set by the server) asks for the next update, which renders them.
        self.pending: set[str] = set()
        self.wake: Callable[[], None] | None = None

    # --- watching -----------------------------------------------------------------------------

    def _files(self) -> dict[str, Stamp | None]:
        found = {}
        for folder in WATCHED:
            for dirpath, _dirs, names in os.walk(self.root / folder):
                for name in names:
                    path = os.path.join(dirpath, name)
                    found[os.path.relpath(path, self.root).replace(os.sep, "/")] = stamp(Path(path))
        return found

    def _changed(self) -> list[str]:
        now = self._files()
        changed = sorted(name for name in now.keys() | self.seen.keys() if now.get(name) != self.seen.get(name))
        self.seen = now
        return changed

    # --- building -----------------------------------------------------------------------------

    def _validate(self) -> Result:
        result = validate_catalog(self.root, cache=self.cache)
        if result.ok:
            self.errors = []
            if result.warnings:
                print(report.summary(result), file=self.out)
        else:
            self.errors = [*(report.format_text(p) for p in result.errors), report.summary(result)]
            print("\n".join(self.errors), file=self.out, flush=True)
        return result

    def start(self) -> bool:
        """Validate and build the whole site; False (errors printed) when the catalogue is invalid."""
        self.seen = self._files()
        result = self._validate()
        if not result.ok:
            return False
        with build_lock(self.root, self.out):
            self._build_all(result)
        return True

    def _build_all(self, result: Result) -> None:
        from mkdocs.config import load_config

        assert result.catalog is not None
        if write_mkdocs_config(result.catalog, self.root / "mkdocs.yml"):
            print("mkdocs.yml updated from catalog/catalog.yaml", file=self.out)
        config_file = str(self.root / "mkdocs.yml")
        with Staging(self.site_dir) as staging:
            config = load_config(config_file, site_dir=str(staging.path))
            plugin = catalog_plugin(config)
            plugin.use_validation(self.root, result)
            config = config.plugins.on_config(config)
            build_in_parallel(config, plugin, self.jobs, offline=False)
            staging.publish()
        site = plugin.site
        assert site is not None
        for build in self.builds.values():
            build.close()
        self.builds = {}  # the old builds' pages go before the new ones are read
        self.builds = {language: LanguageBuild.open(config_file, self.site_dir, language, plugin)
                       for language in plugin.languages()}
        for language, build in self.builds.items():
            build.render([page_file("index", language)])  # the same page again: the theme's templates compile now, not on the first save
        self.plugin, self.site, self.catalog = plugin, site, result.catalog

    def update(self) -> Update:
        """After a save: validate, and render again what changed (or everything); the browsers reload after."""
        started = time.perf_counter()
        changed = self._changed()
        if not changed:
            if not self.pending or self.errors or self.catalog is None:
                return Update("none")
            with build_lock(self.root, self.out):
                pending, self.pending = sorted(self.pending), set()
                self.last = Update("lists", self._render(self.catalog, pending))
            self.last.seconds = time.perf_counter() - started
            print(self.last, file=self.out, flush=True)
            return self.last
        from mkdocs.exceptions import Abort, ConfigurationError, PluginError

        with build_lock(self.root, self.out):
            result = self._validate()
            if not result.ok or result.catalog is None:
                self.last = Update("invalid", files=changed)
            else:
                try:
                    self.last = self._apply(result, changed)
                except (Abort, ConfigurationError, PluginError, ValueError, OSError) as exc:
                    # The previous site and builds stay; the message shows on every page until a save fixes it.
                    self.errors = [f"The site build failed: {exc}"]
                    print(self.errors[0], file=self.out, flush=True)
                    self.last = Update("invalid", files=changed)
        self.last.seconds = time.perf_counter() - started
        print(self.last, file=self.out, flush=True)
        if self.pending and self.last.kind == "pages" and self.wake is not None:
            self.wake()
        return self.last

    def _apply(self, result: Result, changed: list[str]) -> Update:
        assert result.catalog is not None
        pages = preview_pages(self.catalog, result.catalog, changed) if self.catalog is not None else None
        try:
            if pages is not None:
                # The saved services' own pages first: the editor is looking at one of them. The rest
                # waits for the next update when there is a server to ask for it (``wake``).
                own = {f"services/{PurePosixPath(name).stem}" for name in changed if name.startswith("catalog/services/")}
                now = [page for page in pages if page in own] if self.wake is not None and own else pages
                self.pending |= set(pages) - set(now)
                return Update("pages", self._render(result.catalog, now), files=changed)
        except _Rebuild:
            pass
        self.pending = set()
        self._build_all(result)
        return Update("full", files=changed)

    def _render(self, catalog: Catalog, pages: list[str]) -> int:
        """Generate ``pages`` in every language and render those whose text changed; how many were."""
        plugin, site = self.plugin, self.site
        assert plugin is not None and site is not None
        first = next(iter(self.builds.values()))
        directory_urls = first.config.use_directory_urls
        fresh = generate(catalog, plugin.history, directory_urls=directory_urls, only=pages)
        if fresh.redirects != site.redirects:  # a former id added or removed: the redirect pages change
            raise _Rebuild
        docs_dir = Path(first.config.docs_dir)
        changed: dict[str, list[str]] = {language: [] for language in self.builds}
        for name, text in fresh.pages.items():
            # The pages' texts are in the docs folder, not in memory: a few are read to compare.
            if write_changed_page(docs_dir, name, text) is False:
                continue
            language = name.rsplit(".", 2)[-2]
            changed[language].append(name)
        plugin.use_catalog(catalog)
        self.catalog = catalog
        touched = {page.removeprefix("services/") for page in pages if page.startswith("services/")}
        rendered = 0
        for language, build in self.builds.items():
            if build.plugin is not plugin:
                build.plugin.adopt(plugin)
            rendered += build.render(changed[language])
            entries = updated_index(site.search[language], catalog, language, touched, directory_urls)
            if entries != site.search[language]:
                site.search[language] = entries
                folder = language_dir(self.site_dir, catalog.languages, language)
                write_search_index(entries, folder, search_config=search_rules(catalog, language), offline=False)
        return rendered

    def close(self) -> None:
        for build in self.builds.values():
            build.close()


class _Rebuild(Exception):
    """A change the pages alone cannot show: build the whole site again."""
