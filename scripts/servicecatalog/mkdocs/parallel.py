"""Build the languages in parallel processes and merge them into the site a one-process build gives.

In one process, mkdocs-static-i18n builds the default language and then each
other language, all into one folder: a later language's files (the theme's
assets, ``404.html``, MkDocs' sitemap) replace the earlier ones', and the
``catalog`` plugin writes its outputs last. Here, after one validation, each
language's pages are generated in a process of its own, and then each language
is built on its own (static-i18n builds one language per run when told which)
in another, into a folder of its own. The processes are forked from the one
that validated, so they share the catalogue's memory; none of them holds
another language's pages. The merge lays the folders over each other in the
same order (default language first) and then writes every language's search
index, sitemap, redirects and the open data once: the same files, byte for byte.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from servicecatalog.mkdocs.plugin import CatalogPlugin


def build_one_language(config: Any, language: str) -> None:
    """Tell static-i18n to build ``language`` alone.

    Every language stays listed as built (the pages' language links and alternates
    come from that list); the plugin starts with ``language`` instead of the default
    and, as in the other languages' builds it runs itself, does not start the rest.
    """
    i18n = config.plugins["i18n"]
    i18n.current_language = language
    i18n.building = True


PART_MARK = ".catalog-part"  # in a language's part: its language code


def build_part(config: Any, language: str) -> None:
    """Build ``language`` alone into ``config.site_dir``, without the outputs the merge writes."""
    from mkdocs.commands.build import build

    config.plugins["catalog"].outputs_deferred = True
    build_one_language(config, language)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    (Path(config.site_dir) / PART_MARK).write_text(language + "\n", encoding="utf-8")


def part_language(part: Path) -> str:
    """The language a part folder holds; ``ValueError`` when it is not a part."""
    mark = part / PART_MARK
    if not mark.is_file():
        raise ValueError(f"{part} is not a part of a site (built by catalog build --language LANG)")
    return mark.read_text(encoding="utf-8").strip()


def merge_parts(config: Any, plugin: CatalogPlugin, parts: dict[str, Path], *, move: bool, open_data: Path | None = None) -> None:
    """Lay the languages' parts over each other into ``config.site_dir`` and write the outputs once.

    ``open_data``: a folder the open data was written into beforehand (``CatalogPlugin.prepare_exports``).
    """
    languages = plugin.languages()
    missing = [language for language in languages if language not in parts]
    if missing:
        raise ValueError(f"no part for {', '.join(missing)}; build one with: catalog build --language {missing[0]} --site-dir DIR")
    site_dir = Path(config.site_dir)
    for language in languages:  # in the order one process builds them: later files replace earlier ones
        _lay_over(parts[language], site_dir, move=move)
    if open_data is not None:
        _lay_over(open_data, site_dir, move=True)
    for language in languages:
        plugin.write_outputs(config, language, open_data=open_data is None)


def _build_language(config_file: str, site_dir: str, language: str, parent: CatalogPlugin, offline: bool) -> None:
    """In a forked process: build one language into ``site_dir``."""
    from mkdocs.config import load_config

    config = load_config(config_file, strict=True, site_dir=site_dir)
    plugin: Any = config.plugins["catalog"]  # our CatalogPlugin; MkDocs types it as any plugin
    plugin.adopt(parent)
    if offline:
        config.plugins["material/offline"].config.enabled = True
    build_part(config, language)


def build_in_parallel(config: Any, plugin: CatalogPlugin, jobs: int, offline: bool, say: Callable[[str], None] | None = None) -> None:
    """Build every language of ``config`` (its ``on_config`` run) into ``config.site_dir``; ``say`` tells each step.

    First each language's pages are generated (all at once, while this process writes
    the open data aside), then each language is built (``jobs`` at a time), in processes
    forked from this one after validation: they share the validated catalogue, and this
    process never holds the pages' texts.
    Raises MkDocs' ``Abort`` naming the languages whose generation or build failed.
    """
    say = say or (lambda text: None)
    plugin.start_generation(config)
    languages = plugin.languages()
    # Generation needs little memory beyond what the processes share: every language at once keeps both
    # cores busy to the end. A build process holds a language's pages: ``jobs`` at a time.
    generating, building = len(languages), min(jobs, len(languages))
    site_dir = Path(config.site_dir)
    parts = {language: site_dir.parent / f"{site_dir.name}.{language}" for language in languages}
    open_data = site_dir.parent / f"{site_dir.name}.opendata"
    # What the processes inherit is shared until written; the collector would write to every object it visits.
    gc.collect()
    gc.freeze()
    try:
        # The open data needs only the catalogue: this process renders it while the languages' pages are generated.
        say(f"Generating the pages of {', '.join(languages)} and the open data ...")
        generated = _in_processes({language: partial(plugin.generate_language, config, language) for language in languages}, generating, "generation",
                                  meanwhile=partial(plugin.prepare_exports, config, open_data))
        plugin.finish_generation(config, [generated[language] for language in languages])
        del generated
        gc.collect()
        gc.freeze()
        say(f"Building the pages of {', '.join(languages)} ({building} at a time) ...")
        _in_processes({language: partial(_build_language, config.config_file_path, str(parts[language]), language, plugin, offline) for language in languages},
                      building, "build")
        gc.unfreeze()
        say("Writing the search indexes, sitemaps and open data ...")
        merge_parts(config, plugin, parts, move=True, open_data=open_data)
    finally:
        gc.unfreeze()
        for part in [*parts.values(), open_data]:
            shutil.rmtree(part, ignore_errors=True)


def _in_processes(tasks: dict[str, Callable[[], Any]], jobs: int, what: str, meanwhile: Callable[[], Any] | None = None) -> dict[str, Any]:
    """Run each task in a process forked from this one, ``jobs`` at a time; what each returned, by name.

    ``meanwhile`` runs here once the first processes have started.

    Raises MkDocs' ``Abort`` naming the tasks that failed (each said why on stderr),
    ``KeyboardInterrupt`` when one was interrupted.
    """
    from mkdocs.exceptions import Abort

    context = multiprocessing.get_context("fork")
    running: dict[str, Any] = {}
    waiting, failed = list(tasks), []
    with tempfile.TemporaryDirectory(prefix="catalog-") as scratch:
        try:
            while waiting or running:
                while waiting and len(running) < jobs:
                    name = waiting.pop(0)
                    process = context.Process(target=_run_task, args=(tasks[name], Path(scratch) / name, f"The {name} {what}"))
                    process.start()
                    running[name] = process
                if meanwhile is not None:
                    work: Callable[[], Any] = meanwhile
                    meanwhile = None
                    work()
                    continue
                finished = multiprocessing.connection.wait([p.sentinel for p in running.values()])
                for name, process in list(running.items()):
                    if process.sentinel in finished:
                        process.join()
                        del running[name]
                        if process.exitcode == 130:
                            raise KeyboardInterrupt
                        if process.exitcode != 0:
                            failed.append(name)
            if failed:
                raise Abort(f"the {what} of {', '.join(n for n in tasks if n in failed)} failed (see above)")
            return {name: pickle.loads((Path(scratch) / name).read_bytes()) for name in tasks}
        finally:
            for process in running.values():
                process.terminate()
                process.join()


def _run_task(task: Callable[[], Any], result: Path, label: str) -> None:
    """In a forked process: run ``task``, its result pickled into ``result``; exit status 0 when it worked."""
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    try:
        result.write_bytes(pickle.dumps(task(), protocol=pickle.HIGHEST_PROTOCOL))
    except KeyboardInterrupt:
        os._exit(130)
    except (Abort, ConfigurationError, PluginError) as exc:
        print(f"{label} failed: {exc}", file=sys.stderr, flush=True)
        os._exit(1)
    except BaseException as exc:  # noqa: BLE001 - reported by the parent in one line
        print(f"{label} failed ({type(exc).__name__}: {exc})", file=sys.stderr, flush=True)
        os._exit(1)
    os._exit(0)


def _lay_over(source: Path, target: Path, *, move: bool) -> None:
    """Move (or copy) every file of ``source`` into ``target``, replacing what is there."""
    for folder, dirs, files in os.walk(source):
        dest = target / Path(folder).relative_to(source)
        dest.mkdir(parents=True, exist_ok=True)
        if move:
            # A folder the target does not have yet (a language's pages, ``services/``) moves in one
            # rename: moving its files one by one and deleting the emptied folders took seconds.
            for name in [name for name in dirs if not (dest / name).exists()]:
                os.replace(os.path.join(folder, name), dest / name)
                dirs.remove(name)
        for name in files:
            if folder == str(source) and name == PART_MARK:
                continue
            if move:
                os.replace(os.path.join(folder, name), dest / name)
            else:
                shutil.copyfile(os.path.join(folder, name), dest / name)
