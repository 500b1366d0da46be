"""Validate the whole catalogue: every problem collected, none raised.

Phase one reads every file and checks it against its schema (services merged
with their template first). Phase two runs the cross-file rules in
``crossfile``. The catalogue model is built only when neither found an error.
Text still holding the placeholder of ``catalog new`` is a warning: the file
is valid, but not finished.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from servicecatalog.model import confine, crossfile, layout, mistakes, plaintext
from servicecatalog.model.catalog import Catalog, Service, apply_defaults, merge
from servicecatalog.model.checkcache import CheckCache, Findings, stamp
from servicecatalog.model.fields import SchemaModel, load_model, schema_dir_for
from servicecatalog.model.loader import Document, LoadError, Problem, describe, read_document
from servicecatalog.model.messages import explain
from servicecatalog.model.schemafiles import SchemaFileError
from servicecatalog.model.schemas import LOCALIZED, REFERENCE, TRANSLATION_MISSING, Schemas, compile_schemas

# What `catalog new` writes where the editor has to fill something in (scaffold.py); the one copy of it.
PLACEHOLDER = "TODO"
_PLACEHOLDER = re.compile(rf"\b{re.escape(PLACEHOLDER)}\b")


# Words rules look for in every value; files whose text lacks them are not walked (``Document.may_mention``).
WATCHED = (PLACEHOLDER, crossfile.PLAIN_HTTP)


def _read(path: Path, display: str) -> Document:
    return read_document(path, display, watch=WATCHED)


def holds_placeholder(text: str) -> bool:
    """Whether ``text`` still holds what ``catalog new`` wrote for the editor to replace."""
    return PLACEHOLDER in text and bool(_PLACEHOLDER.search(text))


@dataclass
class Result:
    """What validation found, and the catalogue when it is valid."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    missing_translations: Counter[str] = field(default_factory=Counter)
    catalog: Catalog | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


# A message or field path never repeats a long value whole (a 200 KB key, id or text): the rules quote
# excerpts themselves; this is the net under all of them.
_LONGEST = 600


def _short(text: str) -> str:
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


@dataclass
class Loaded:
    """A file that parsed, with what its schema check recorded for phase two."""

    kind: str
    entry: layout.Entry
    doc: Document
    refs: list[crossfile.Ref] = field(default_factory=list)


class _Collector:
    """Turns findings into located problems, once each."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.seen: set[Problem] = set()

    def add(self, doc: Document, path: tuple[Any, ...], message: str, *, rule: str, severity: str = "error", key: bool = False) -> None:
        line, column = doc.locate(path, key=key)
        problem = Problem(doc.display, line, column, severity, _short(describe(path)), _short(message), rule)
        self.replay(problem)

    def replay(self, problem: Problem) -> None:
        """Add a problem found before (a kept file's), unless it is already there."""
        if problem not in self.seen:
            self.seen.add(problem)
            self.result.problems.append(problem)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _languages(settings: Document | None) -> list[str]:
    languages = settings.data.get("languages") if settings else None
    if isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages):
        return languages
    return []


def _check_schema(
    schemas: Schemas, kind: str, data: Any, locate_in: Any, out: _Collector, refs: list[crossfile.Ref], gaps: dict[tuple[str, str], list[tuple[Document, tuple[Any, ...]]]],
    *, partial: bool = False, texts: list[tuple[Document, tuple[Any, ...], dict[str, Any]]] | None = None,
) -> None:
    """Run one schema over ``data``; ``locate_in(path)`` names the file that wrote ``path``.

    ``partial``: the data lacks a part that could not be read (a broken template), so a missing
    required field may well be in that part and is not reported.
    """
    resolve = schemas.resolver(kind)
    for error in schemas.iter_errors(kind, data):
        if partial and error.validator == "required":
            continue
        doc = locate_in(tuple(error.absolute_path))
        where, message, key = explain(error, doc, resolve)
        out.add(doc, where, message, rule=f"schema.{error.validator}", key=key)
    for found in schemas.annotations(kind, data):
        doc = locate_in(found.path)
        if found.kind == REFERENCE:
            refs.append(crossfile.Ref(doc, found.path, found.value, found.instance))
        elif found.kind == TRANSLATION_MISSING:
            gaps[(doc.display, found.value)].append((doc, found.path))
        elif found.kind == LOCALIZED:
            if texts is not None:
                texts.append((doc, found.path, found.instance))
        else:
            out.add(doc, found.path, found.value, rule="schema.x-localized", key=found.key)


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, path + (index,))


def _check_placeholders(schemas: Schemas, kind: str, doc: Document, out: _Collector) -> None:
    """A warning per value still holding the scaffold's placeholder, saying what belongs there."""
    if not doc.may_mention(PLACEHOLDER):
        return
    for path, text in _strings(doc.data):
        if not holds_placeholder(text):
            continue
        about = schemas.field(kind, path)
        what = f"the {str(about['title']).lower()}" if about.get("title") else "the real text"
        if about.get("description"):
            what += f": {str(about['description']).rstrip('.')}"
        shown = text if len(text) <= 40 else text[:37] + "..."
        out.add(doc, path, f"{shown!r} is a placeholder left by `catalog new`; write {what}", rule="placeholder", severity="warning")


def _report_gaps(gaps: dict[tuple[str, str], list[tuple[Document, tuple[Any, ...]]]], out: _Collector, result: Result) -> None:
    for (_, language), places in sorted(gaps.items()):
        unique = list(dict.fromkeys((doc.display, path) for doc, path in places))
        result.missing_translations[language] += len(unique)
        doc, first = places[0]
        names = ", ".join(describe(path) for _, path in unique[:5]) + (", ..." if len(unique) > 5 else "")
        count = f"{len(unique)} text" + ("s" if len(unique) != 1 else "")
        out.add(doc, first, f"{count} not translated into {language!r}: {names}", rule="translation-missing", severity="warning")


@contextmanager
def _no_cycle_search() -> Iterator[None]:
    """Pause Python's cycle collector while the catalogue is read and checked.

    Validation builds hundreds of thousands of objects that stay alive until it ends, all in trees (the
    files' data, their positions, the findings): the collector would walk them again and again, ever more
    of them, and find nothing to free, about a twentieth of validating 1,000 files. Plain reference
    counting still frees what is dropped; any cycle is found by the first collection after.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was built goes straight to the oldest generation, which is walked only when it grows by a
        # quarter: re-enabled as it was, the collector would walk all of it at the next allocations.
        gc.freeze()
        gc.unfreeze()
        if was_on:
            gc.enable()


def validate_catalog(root: Path, schema_dir: Path | None = None, *, pr: bool = False, cache: CheckCache | None = None, jobs: int = 1) -> Result:
    """Check ``root/catalog`` against the schemas and the cross-file rules.

    The schemas are ``schema_dir``, else the project's own ``root/schema``, else those shipped
    with the package. A schema file that cannot be used is one located error.
    ``pr``: the pull request's check, where what must not be published (``mistakes.PR_ERRORS``:
    placeholders, separator-looking fees, texts that are no translation) is an error, not a warning.
    ``cache`` (``catalog serve``): keeps each file's parse and findings for the next run, which then
    checks only the files that changed, and the cross-file rules; the result is the same.
    ``jobs``: processes that read the files (``parallel_read``); the result is the same with 1.
    """
    with _no_cycle_search():
        return _validate(root, schema_dir, pr, cache, jobs)


def _validate(root: Path, schema_dir: Path | None, pr: bool, cache: CheckCache | None, jobs: int) -> Result:
    result = Result()
    out = _Collector(result)
    catalog_dir = root / "catalog"
    if not catalog_dir.is_dir():
        result.problems.append(Problem(_display(catalog_dir, root), 1, 1, "error", "", "there is no catalog/ folder here; run the command in the project folder or pass its path", "layout"))
        return result
    schema_dir = schema_dir or schema_dir_for(root)
    cache = cache if cache is not None else CheckCache()
    schema_files = sorted(schema_dir.glob("*.json")) if schema_dir is not None else []
    schemas_read = (schema_dir, [stamp(p) for p in schema_files])
    try:
        model = cache.made("model", schemas_read, lambda: load_model(schema_dir, root=root))
    except SchemaFileError as exc:
        result.problems.append(Problem(exc.file, exc.line, exc.column, "error", "", exc.message, "schema-file"))
        return result

    result.problems += confine.links_outside(root)
    found = layout.scan(catalog_dir)
    for path, advice in found.misplaced:
        result.problems.append(Problem(_display(path, root), 1, 1, "error", "", advice, "layout"))

    settings_entry = next((e for e in found.entries if e.kind == "settings"), None)
    # Every file's findings depend on the schemas and the settings (languages, scripts, smallest fees).
    cache.start((schemas_read, stamp(settings_entry.path) if settings_entry else None))
    cache.forget_missing({e.path for e in found.entries})
    loaded: list[Loaded] = []
    failed: list[layout.Entry] = []
    files = [(entry.path, _display(entry.path, root)) for entry in found.entries]
    for entry, (_, display), read in zip(found.entries, files, cache.read_all(files, _read, jobs), strict=True):
        if isinstance(read, LoadError):
            failed.append(entry)
            result.problems.append(Problem(display, read.line, read.column, "error", _short(read.field), _short(read.message), f"load.{read.rule}"))
        else:
            loaded.append(Loaded(entry.kind, entry, read))
    broken = crossfile.Broken.of(failed)
    result.files = len(found.entries) + len(found.misplaced)

    settings = next((item.doc for item in loaded if item.kind == "settings"), None)
    if settings is None and settings_entry is None:
        result.problems.append(Problem(_display(catalog_dir / layout.SETTINGS_FILE, root), 1, 1, "error", "", "the settings file is missing; create catalog/catalog.yaml with languages, name, country and currency", "layout"))
    languages = _languages(settings)
    checks = _FileChecks(cache.made("schemas", (schemas_read, languages), lambda: compile_schemas(model, languages)), settings)

    templates: dict[str, Loaded] = {}
    for item in loaded:
        ident = item.doc.data.get("id") if item.kind == "template" else None
        # of two templates with one id (an error of its own), the one whose file name matches is the real one
        if isinstance(ident, str) and (ident not in templates or item.entry.path.stem == ident):
            templates[ident] = item
    services: list[Service] = []
    incomplete: set[str] = set()
    gaps: dict[tuple[str, str], list[tuple[Document, tuple[Any, ...]]]] = defaultdict(list)
    findings: list[Findings] = []
    for item in loaded:
        template_id = item.doc.data.get("template") if item.kind == "service" else None
        template = templates.get(template_id) if isinstance(template_id, str) else None
        partial = template is None and isinstance(template_id, str) and template_id in broken.ids.get("template", set())
        key = (cache.stamp_read(item.entry.path), template.entry.path if template else None,
               cache.stamp_read(template.entry.path) if template else None, partial)
        kept = cache.kept(item.entry.path, key)
        if kept is None:
            kept = checks.run(item, template.doc if template else None, partial)
            cache.keep(item.entry.path, key, kept)
        findings.append(kept)
        item.refs = list(kept.refs)
        for problem in kept.problems:
            out.replay(problem)
        for language, doc, where in kept.gaps:
            gaps[(doc.display, language)].append((doc, where))
        if kept.service is not None:
            services.append(kept.service)
            if kept.partial:
                incomplete.add(kept.service.id)

    crossfile.check(loaded, services, out, broken, frozenset(incomplete), model)
    _report_gaps(gaps, out, result)
    if pr:
        result.problems = [replace(p, severity="error") if p.rule in mistakes.PR_ERRORS else p for p in result.problems]
    result.problems.sort(key=lambda p: (p.file, p.line, p.column, p.severity, p.message))
    if result.ok:
        result.catalog = _build(root, loaded, findings, model)
    return result


class _FileChecks:
    """The rules on one file (a service merged with its template), under one run's schemas and settings."""

    def __init__(self, schemas: Schemas, settings: Document | None) -> None:
        self.schemas = schemas
        self.settings = settings.data if settings is not None and isinstance(settings.data, dict) else {}
        self.languages = _languages(settings)
        scripts = self.settings.get("language_scripts")
        self.scripts = scripts if isinstance(scripts, dict) else {}

    def run(self, item: Loaded, template: Document | None, partial: bool) -> Findings:
        """Everything the per-file rules find in ``item``, as values to keep and replay."""
        found = Findings()
        out = _Collector(Result(problems=found.problems))
        texts: list[tuple[Document, tuple[Any, ...], dict[str, Any]]] = []
        gaps: dict[tuple[str, str], list[tuple[Document, tuple[Any, ...]]]] = defaultdict(list)
        _check_placeholders(self.schemas, item.kind, item.doc, out)
        if item.kind in ("service", "template"):
            mistakes.check_amounts(item.doc, self.settings, out, self.schemas.model)
        elif item.kind == "settings":
            plaintext.check_settings(item.doc, out)
        elif item.kind == "ui":
            plaintext.check_words(item.doc, out)
        crossfile.check_plain_http(item.kind, item.doc, out)
        if item.kind != "service":
            _check_schema(self.schemas, item.kind, item.doc.data, lambda _p, d=item.doc: d, out, found.refs, gaps, texts=texts)
        else:
            data = merge(template.data, item.doc.data) if template else item.doc.data
            service = Service(id=str(item.doc.data.get("id")), data=data, source=item.doc, template=template)
            _check_schema(self.schemas, "service", service.data, service.origin, out, found.refs, gaps, partial=partial, texts=texts)
            found.service, found.partial = service, partial
        found.gaps = [(language, doc, path) for (_, language), places in gaps.items() for doc, path in places]
        if len(self.languages) > 1:
            for doc, where, value in texts:
                mistakes.check_translation(doc, where, value, self.languages, self.scripts, out)
        return found


def _build(root: Path, loaded: list[Loaded], findings: list[Findings], model: SchemaModel) -> Catalog:
    settings = next(item.doc.data for item in loaded if item.kind == "settings")
    services = [f.service for f in findings if f.service is not None]
    for found in findings:
        if found.service is not None and not found.defaulted:  # a kept service has them already
            apply_defaults(found.service.data, settings["default_currency"], model)
            found.defaulted = True
    vocabularies = {item.entry.path.stem: {t["id"]: t for t in item.doc.data["terms"]} for item in loaded if item.kind == "vocabulary"}
    titles = {item.entry.path.stem: item.doc.data["title"] for item in loaded if item.kind == "vocabulary"}
    return Catalog(
        root=root,
        settings=settings,
        vocabularies=vocabularies,
        vocabulary_titles=titles,
        institutions={item.doc.data["id"]: item.doc.data for item in loaded if item.kind == "institution"},
        templates={item.doc.data["id"]: item.doc.data for item in loaded if item.kind == "template"},
        services={s.id: s for s in sorted(services, key=lambda s: s.id)},
        ui={item.entry.path.stem: item.doc.data for item in loaded if item.kind == "ui"},
        documents={item.doc.path: item.doc for item in loaded},
        schema=model,
    )
