"""One language's MkDocs build kept in memory, to render chosen pages again in milliseconds.

A full MkDocs build reads every page, then renders every page. A preview after
one saved file needs a few pages: the same configuration, files, navigation
and theme environment the full build had (read once, here, the way
``mkdocs.commands.build.build`` reads them), and MkDocs' own two steps for each
chosen page: ``_populate_page`` (Markdown to HTML, with every plugin's page
events) and ``_build_page`` (the theme's template, written to the site). A page
rendered here is the file the full build writes, byte for byte.

Each language has its own configuration object, because mkdocs-static-i18n
rewrites the configuration for the language it builds (as in a parallel
build, ``parallel.build_one_language``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servicecatalog.mkdocs.parallel import build_one_language
from servicecatalog.mkdocs.plugin import CatalogPlugin

log = logging.getLogger("mkdocs.plugins.catalog")


@dataclass
class LanguageBuild:
    """A language's configuration, files, navigation and theme environment, as its full build had them."""

    language: str
    config: Any  # MkDocsConfig, with the i18n plugin set to this language
    files: Any  # mkdocs.structure.files.Files
    nav: Any  # mkdocs.structure.nav.Navigation
    env: Any  # jinja2.Environment of the theme

    @classmethod
    def open(cls, config_file: str, site_dir: Path, language: str, parent: CatalogPlugin, *,
             docs_dir: Path | None = None) -> LanguageBuild:
        """Read what a build of ``language`` reads, with the pages ``parent`` has generated; render nothing."""
        from mkdocs.commands.build import get_navigation
        from mkdocs.config import load_config
        from mkdocs.structure.files import get_files, set_exclusions

        overrides: dict[str, Any] = {"site_dir": str(site_dir)}
        if docs_dir is not None:
            overrides["docs_dir"] = str(docs_dir)
        config = load_config(config_file, **overrides)
        plugin = config.plugins["catalog"]
        assert isinstance(plugin, CatalogPlugin), "mkdocs.yml lists the catalog plugin (catalog build writes it)"
        if plugin is not parent:  # MkDocs gives one process one instance; a new one takes the parent's pages
            plugin.adopt(parent)
        build_one_language(config, language)
        config.plugins.on_startup(command="build", dirty=False)  # as the full build: the same pages
        config = config.plugins.on_config(config)
        with plugin.as_generated():
            config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        env = config.plugins.on_env(env, config=config, files=files)
        return cls(language, config, files, nav, env)

    @property
    def plugin(self) -> CatalogPlugin:
        plugin = self.config.plugins["catalog"]
        assert isinstance(plugin, CatalogPlugin)
        return plugin

    def page_file(self, src_uri: str) -> Any:
        """The file of a generated page (``services/passport.en.md``) in this language's build, or None."""
        return self.files.get_file_from_path(src_uri)

    def render(self, src_uris: Iterable[str]) -> int:
        """Render these pages (read from the docs folder) into the site as the full build would; how many."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import InclusionLevel
        from mkdocs.structure.pages import Page

        chosen = [f for f in (self.page_file(uri) for uri in src_uris) if f is not None and f.is_documentation_page()]
        for file in chosen:
            if file.page is None:
                Page(None, file, self.config)
            _populate_page(file.page, self.config, self.files)
        doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in chosen:
            _build_page(file.page, self.config, doc_files, self.nav, self.env)
            # Only the page's own render needs these; thousands of kept pages would hold the whole site.
            file.page.markdown = file.page.content = None
        return len(chosen)

    def copy_assets(self) -> None:
        """Copy the theme's and the docs folder's files (not the pages) into the site, as the full build does."""
        from mkdocs.structure.files import InclusionLevel

        self.files.copy_static_files(inclusion=InclusionLevel.is_included)

    def render_template(self, name: str) -> None:
        """Write one of the theme's own templates (``404.html``) as the full build does, after the pages it reads."""
        from mkdocs.commands.build import _build_theme_template

        _build_theme_template(name, self.env, self.files, self.config, self.nav)

    def close(self) -> None:
        self.config.plugins.on_shutdown()


def nav_pages(config: Any) -> list[str]:
    """The pages a configuration's navigation names (``services/index``), as written in ``mkdocs.yml``."""
    found: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, str) and item.endswith(".md"):
            found.append(item.removesuffix(".md"))
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(config.nav or [])
    return found
