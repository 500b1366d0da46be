"""``catalog build --changed-since REF``: a pull request's preview of only the pages its change shows on.

At national scale a full build takes minutes, and a verifier looks at a handful
of pages. The partial site holds, in every language:

* the pages the change shows on (``site.affected.affected_pages``: the changed
  services' pages, the lists that show them, the pages that link to them), each
  exactly as the full build writes it;
* the home page, so that the preview opens at its root;
* what those pages need: the theme's and ``docs/assets/`` files, ``404.html``
  and the language's whole search index (search finds every service; a result
  outside the change leads to the preview's 404 page).

It holds no other page, and none of the open data, sitemaps or redirect pages
of former ids. The pages are rendered by the kept builds ``catalog serve`` uses
(``incremental.LanguageBuild``) from a scratch docs folder holding only them and
empty stand-ins for the other pages the navigation names.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from servicecatalog.mkdocs.build import catalog_plugin
from servicecatalog.mkdocs.incremental import LanguageBuild, nav_pages
from servicecatalog.mkdocs.outputs import language_dir, write_search_index
from servicecatalog.model.validate import Result
from servicecatalog.site.pages import page_file
from servicecatalog.site.search import language_index, search_rules

HOME = "index"
TEMPLATES = ("404.html",)  # the theme's own pages a partial site has (MkDocs' sitemap.xml would list pages it lacks)


def build_partial(root: Path, result: Result, site_dir: Path, pages: list[str]) -> int:
    """Build ``pages`` (and the home page) in every language into ``site_dir``; how many pages were written.

    Raises MkDocs' ``Abort`` when MkDocs warned (the full build is strict too).
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    from mkdocs.utils import CountHandler

    catalog = result.catalog
    assert catalog is not None
    chosen = sorted({*pages, HOME})
    config_file = str(root / "mkdocs.yml")
    warnings = CountHandler()
    warnings.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    scratch = Path(tempfile.mkdtemp(prefix=".catalog-docs-", dir=root))
    builds: list[LanguageBuild] = []
    try:
        docs_dir = scratch / "docs"
        shutil.copytree(root / "docs" / "assets", docs_dir / "assets")
        config = load_config(config_file, site_dir=str(site_dir), docs_dir=str(docs_dir))
        plugin = catalog_plugin(config)
        plugin.use_validation(root, result)
        plugin.outputs_deferred = False
        config = config.plugins.on_config(config)
        site = plugin.generate_docs(config, only=chosen)
        for path in nav_pages(config):  # the navigation names them: they exist, empty, and are not built
            for language in catalog.languages:
                stand_in = docs_dir / page_file(path, language)
                if not stand_in.exists():
                    stand_in.parent.mkdir(parents=True, exist_ok=True)
                    stand_in.write_text("", encoding="utf-8")
        written = 0
        for language in catalog.languages:
            build = LanguageBuild.open(config_file, site_dir, language, plugin, docs_dir=docs_dir)
            builds.append(build)
            build.copy_assets()
            written += build.render(page_file(path, language) for path in chosen if page_file(path, language) in site.pages)
            for template in TEMPLATES:
                build.render_template(template)
            folder = language_dir(site_dir, catalog.languages, language)
            write_search_index(language_index(catalog, language, config.use_directory_urls), folder,
                               search_config=search_rules(catalog, language), offline=False)
        if counts := warnings.get_counts():
            raise Abort("Aborted with " + ", ".join(f"{v} {k.lower()}s" for k, v in counts) + " in strict mode!")
        return written
    finally:
        for build in builds:
            build.close()
        logging.getLogger("mkdocs").removeHandler(warnings)
        shutil.rmtree(scratch, ignore_errors=True)

