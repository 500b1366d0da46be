"""The ``catalog`` command: argument parsing only; each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from servicecatalog.model import report
from servicecatalog.model.parallel_read import processes
from servicecatalog.model.schemafiles import SchemaFileError
from servicecatalog.model.validate import validate_catalog

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# The other commands, each defined by its module's add_parser. A command imports only its own
# module: importing all of them took a third of `catalog validate`'s time on 1,000 files.
# (A test holds this table to what each module registers.)
COMMANDS = {
    "diff": "servicecatalog.review.diff",
    "stale": "servicecatalog.review.stale",
    "confirm": "servicecatalog.review.confirm",
    "reminders": "servicecatalog.review.reminders",
    "preview": "servicecatalog.review.preview",
    "codeowners": "servicecatalog.review.codeowners",
    "new": "servicecatalog.editors.scaffold",
    "fieldref": "servicecatalog.editors.fieldref",
    "fmt": "servicecatalog.editors.fmt",
    "cms-config": "servicecatalog.editors.cmsconfig",
    "export": "servicecatalog.opendata.exports",
    "bench": "servicecatalog.bench.bench",
}


def find_root(start: Path) -> Path:
    """The project folder: ``start`` or the nearest parent with a ``catalog/`` folder (``schema/`` is optional)."""
    for folder in (start, *start.parents):
        if (folder / "catalog").is_dir():
            return folder
    return start


def _root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root", nargs="?", type=Path, default=None,
        help="project folder holding catalog/ and, optionally, its own schema/ (default: the current folder or its nearest parent with catalog/)",
    )


def _default_language(root: Path) -> str:
    from servicecatalog.model.loader import LoadError, read_document

    try:
        settings = read_document(root / "catalog" / "catalog.yaml", "catalog/catalog.yaml").data
        return str(settings["languages"][0])
    except (LoadError, OSError, KeyError, IndexError, TypeError):
        return "en"


def _cmd_validate(args: argparse.Namespace) -> int:
    result = validate_catalog(args.root, pr=args.pr or os.environ.get("CATALOG_PR_CHECK") == "1", jobs=processes())
    colour = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    # Annotations on a pull request speak the catalogue's default language; people choose theirs.
    lang = args.lang or (_default_language(args.root) if args.format == "github" else "en")
    report.write(result, args.format, sys.stdout, colour=colour, lang=lang)
    return EXIT_OK if result.ok else EXIT_INVALID


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a cancelled CI job (SIGTERM) leaves the previous site, like Ctrl-C


def _cmd_build(args: argparse.Namespace) -> int:
    from servicecatalog.mkdocs.build import Shard, build_site

    signal.signal(signal.SIGTERM, _interrupted)

    if args.list_languages:
        result = validate_catalog(args.root)
        if result.catalog is None:
            report.write(result, "text", sys.stdout)
            return EXIT_INVALID
        print("languages=" + json.dumps(list(result.catalog.languages)))
        return EXIT_OK
    if args.language and (args.merge or args.offline or args.with_offline_copy or args.site_dir is None):
        print("catalog build: --language builds one part into --site-dir, alone (not with --merge or the offline copy)", file=sys.stderr)
        return EXIT_USAGE
    changed = None
    if args.changed_since and (args.offline or args.with_offline_copy or args.language or args.merge):
        print("catalog build: --changed-since builds the pages a change shows on, alone (not the offline copy or a part)", file=sys.stderr)
        return EXIT_USAGE
    if args.changed_since:  # before the build writes mkdocs.yml and docs/
        from servicecatalog.site.affected import changed_files

        try:
            changed = changed_files(args.root, args.changed_since)
        except ValueError as exc:
            print(f"catalog build --changed-since {args.changed_since}: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.preview_of is not None and (args.offline or args.with_offline_copy or args.language or args.merge or args.site_dir is None):
        print("catalog build: --preview-of builds a pull request's preview into --site-dir, alone (not the offline copy or a part)", file=sys.stderr)
        return EXIT_USAGE
    shard = Shard(language=args.language, parts=tuple(args.merge))
    ok = build_site(args.root, args.site_dir, offline=args.offline, offline_download=args.with_offline_copy, verbose=args.verbose,
                    jobs=args.jobs, shard=shard, preview_of=args.preview_of, changed=changed)
    if ok and changed is not None:
        return _list_changed(args.root, changed)
    return EXIT_OK if ok else EXIT_INVALID


def _list_changed(root: Path, changed: list[str]) -> int:
    from servicecatalog.site.affected import addresses, affected_pages

    catalog = validate_catalog(root).catalog
    assert catalog is not None  # the build has just validated it
    pages = affected_pages(catalog, changed)
    listed = ["every page (settings, interface words, vocabularies, schemas or the site's code changed)"] if pages is None else addresses(catalog, pages)
    (root / "changed-pages.txt").write_text("\n".join(listed) + "\n", encoding="utf-8")
    print(f"Pages this change shows on ({'all' if pages is None else len(listed)}), also in changed-pages.txt:")
    print("\n".join(listed))
    return EXIT_OK


def _pull_request(text: str) -> int:
    """A pull request's number, as argparse's ``type``."""
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 10**9:
        raise argparse.ArgumentTypeError(f"{text!r} is not a pull request number")
    return int(text)


def _cmd_serve(args: argparse.Namespace) -> int:
    from servicecatalog.mkdocs.build import serve_site

    return serve_site(args.root, args.address)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or, given the command about to run, only what it needs."""
    parser = argparse.ArgumentParser(prog="catalog", description="Validate and publish the public service catalogue.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate", help="check every catalogue file and report every problem",
        description="Check every file in catalog/ against the schemas in schema/ and the cross-file rules. "
                    "Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage error.",
    )
    _root_argument(validate)
    validate.add_argument("--format", choices=report.FORMATS, default="text", help="text for people (default), github for Actions annotations, json for tools")
    validate.add_argument("--pr", action="store_true",
                          help="the pull request's check: what must not be published (placeholders left by `catalog new`, fee amounts "
                               "that look like thousands separators, texts that are not translations) is an error, not a warning; "
                               "also on when the environment has CATALOG_PR_CHECK=1")
    validate.add_argument("--lang", default=None, metavar="LANG",
                          help="language of the messages (en, mk, sq; others fall back to en); default: en, and the catalogue's default language for --format github")
    validate.set_defaults(handler=_cmd_validate)

    build = commands.add_parser(
        "build", help="validate the catalogue and build the site into site/",
        description="Validate the catalogue, refresh mkdocs.yml from catalog/catalog.yaml, generate the pages "
                    "and build the site strictly. Refuses to build an invalid catalogue.",
    )
    _root_argument(build)
    build.add_argument("--site-dir", type=Path, default=None, help="where to write the site (default: site/ in the project)")
    build.add_argument("--offline", action="store_true", help="build a copy that works opened from disk (file://) into site-offline/, and zip it")
    build.add_argument("--with-offline-copy", action="store_true",
                       help="build the offline copy first and publish its zip in the site, linked from the Open data page (as the publish workflow does)")
    build.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="processes that build the languages side by side (default: one per CPU; the site is the same with 1)")
    build.add_argument("--language", metavar="LANG", default=None,
                       help="build only this language's part of the site into --site-dir, for a build split across machines")
    build.add_argument("--changed-since", metavar="REF", default=None,
                       help="build only the pages that the changes since the git revision REF show on (with each language's "
                            "home page, assets and search index; everything when settings, words, schemas or the theme changed), "
                            "and list their addresses in changed-pages.txt and on screen, for the verifier of a pull request's preview")
    build.add_argument("--list-languages", action="store_true",
                       help="print the catalogue's languages as `languages=[...]` (JSON) for a workflow's build matrix, and build nothing")
    build.add_argument("--merge", type=Path, nargs="+", metavar="PART", default=(),
                       help="merge the parts built with --language (one per language) into the site, with the search indexes, sitemaps and open data")
    build.add_argument("--preview-of", type=_pull_request, default=None, metavar="N",
                       help="build pull request N's preview into --site-dir: every page carries a banner saying it is an unapproved "
                            "change and not the official catalogue, noindex and no canonical link; the web editor is left out")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    build.set_defaults(handler=_cmd_build)

    serve = commands.add_parser(
        "serve", help="preview the site locally, rebuilt when a catalogue file changes",
        description="Build the site and serve it at http://127.0.0.1:8000/ (or --address); "
                    "edit a catalogue file and the page reloads with the change.",
    )
    _root_argument(serve)
    serve.add_argument("--address", default="127.0.0.1:8000", help="host:port to listen on (default 127.0.0.1:8000)")
    serve.set_defaults(handler=_cmd_serve)

    if command in ("validate", "build", "serve"):
        return parser
    for name, module in COMMANDS.items():
        if command in (None, name):
            importlib.import_module(module).add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``catalog`` console command."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    known = ("validate", "build", "serve", *COMMANDS)
    parser = build_parser(arguments[0] if arguments and arguments[0] in known else None)
    args = parser.parse_args(arguments)
    if args.root is None:
        args.root = find_root(Path.cwd())
    elif not args.root.is_dir():
        parser.error(f"{args.root} is not a folder")
    try:
        return int(args.handler(args))
    except SchemaFileError as exc:  # a project's own schema/ that cannot be used: located, no traceback
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
