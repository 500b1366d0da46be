"""Validate the whole catalogue: every problem collected, none raised.

Phase one reads every file and checks it against its schema (services merged
with their template first). Phase two runs the cross-file rules in
``crossfile``. The catalogue model is built only when neither found an error.
Text still holding the placeholder of ``catalog new`` is a warning: the file
is valid, but not finished.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from servicecatalog.model import confine, crossfile, layout, mistakes, plaintext
from servicecatalog.model.catalog import Catalog, Service, apply_defaults, merge
from servicecatalog.model.fields import SchemaModel, load_model, schema_dir_for
from servicecatalog.model.loader import Document, LoadError, Problem, describe, read_document
from servicecatalog.model.messages import explain
from servicecatalog.model.schemafiles import SchemaFileError
from servicecatalog.model.schemas import LOCALIZED, REFERENCE, TRANSLATION_MISSING, Schemas, compile_schemas

# What `catalog new` writes where the editor has to fill something in (scaffold.py); the one copy of it.
PLACEHOLDER = "TODO"
_PLACEHOLDER = re.compile(rf"\b{re.escape(PLACEHOLDER)}\b")


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


def validate_catalog(root: Path, schema_dir: Path | None = None, *, pr: bool = False) -> Result:
    """Check ``root/catalog`` against the schemas and the cross-file rules.

    The schemas are ``schema_dir``, else the project's own ``root/schema``, else those shipped
    with the package. A schema file that cannot be used is one located error.
    ``pr``: the pull request's check, where what must not be published (``mistakes.PR_ERRORS``:
    placeholders, separator-looking fees, texts that are no translation) is an error, not a warning.
    """
    result = Result()
    out = _Collector(result)
    catalog_dir = root / "catalog"
    if not catalog_dir.is_dir():
        result.problems.append(Problem(_display(catalog_dir, root), 1, 1, "error", "", "there is no catalog/ folder here; run the command in the project folder or pass its path", "layout"))
        return result
    try:
        model = load_model(schema_dir or schema_dir_for(root), root=root)
    except SchemaFileError as exc:
        result.problems.append(Problem(exc.file, exc.line, exc.column, "error", "", exc.message, "schema-file"))
        return result

    result.problems += confine.links_outside(root)
    found = layout.scan(catalog_dir)
    for path, advice in found.misplaced:
        result.problems.append(Problem(_display(path, root), 1, 1, "error", "", advice, "layout"))

    loaded: list[Loaded] = []
    failed: list[layout.Entry] = []
    for entry in found.entries:
        display = _display(entry.path, root)
        try:
            loaded.append(Loaded(entry.kind, entry, read_document(entry.path, display)))
        except LoadError as exc:
            failed.append(entry)
            result.problems.append(Problem(display, exc.line, exc.column, "error", _short(exc.field), _short(exc.message), f"load.{exc.rule}"))
    broken = crossfile.Broken.of(failed)
    result.files = len(found.entries) + len(found.misplaced)

    settings = next((item.doc for item in loaded if item.kind == "settings"), None)
    if settings is None and not any(e.kind == "settings" for e in found.entries):
        result.problems.append(Problem(_display(catalog_dir / layout.SETTINGS_FILE, root), 1, 1, "error", "", "the settings file is missing; create catalog/catalog.yaml with languages, name, country and currency", "layout"))
    schemas = compile_schemas(model, _languages(settings))
    settings_data = settings.data if settings is not None and isinstance(settings.data, dict) else {}
    texts: list[tuple[Document, tuple[Any, ...], dict[str, Any]]] = []

    gaps: dict[tuple[str, str], list[tuple[Document, tuple[Any, ...]]]] = defaultdict(list)
    templates: dict[str, Document] = {}
    for item in loaded:
        ident = item.doc.data.get("id") if item.kind == "template" else None
        # of two templates with one id (an error of its own), the one whose file name matches is the real one
        if isinstance(ident, str) and (ident not in templates or item.entry.path.stem == ident):
            templates[ident] = item.doc
    services: list[Service] = []
    incomplete: set[str] = set()
    for item in loaded:
        _check_placeholders(schemas, item.kind, item.doc, out)
        if item.kind in ("service", "template"):
            mistakes.check_amounts(item.doc, settings_data, out, model)
        elif item.kind == "settings":
            plaintext.check_settings(item.doc, out)
        elif item.kind == "ui":
            plaintext.check_words(item.doc, out)
        if item.kind != "service":
            _check_schema(schemas, item.kind, item.doc.data, lambda _p, d=item.doc: d, out, item.refs, gaps, texts=texts)
            continue
        template_id = item.doc.data.get("template")
        template = templates.get(template_id) if isinstance(template_id, str) else None
        data = merge(template.data, item.doc.data) if template else item.doc.data
        service = Service(id=str(item.doc.data.get("id")), data=data, source=item.doc, template=template)
        partial = template is None and isinstance(template_id, str) and template_id in broken.ids.get("template", set())
        if partial:
            incomplete.add(service.id)
        _check_schema(schemas, "service", service.data, service.origin, out, item.refs, gaps, partial=partial, texts=texts)
        services.append(service)

    crossfile.check(loaded, services, out, broken, frozenset(incomplete), model)
    _report_gaps(gaps, out, result)
    languages = _languages(settings)
    scripts = settings_data.get("language_scripts")
    if len(languages) > 1:
        for doc, where, value in texts:
            mistakes.check_translation(doc, where, value, languages, scripts if isinstance(scripts, dict) else {}, out)
    if pr:
        result.problems = [replace(p, severity="error") if p.rule in mistakes.PR_ERRORS else p for p in result.problems]
    result.problems.sort(key=lambda p: (p.file, p.line, p.column, p.severity, p.message))
    if result.ok:
        result.catalog = _build(root, loaded, services, model)
    return result


def _build(root: Path, loaded: list[Loaded], services: list[Service], model: SchemaModel) -> Catalog:
    settings = next(item.doc.data for item in loaded if item.kind == "settings")
    vocabularies = {item.entry.path.stem: {t["id"]: t for t in item.doc.data["terms"]} for item in loaded if item.kind == "vocabulary"}
    titles = {item.entry.path.stem: item.doc.data["title"] for item in loaded if item.kind == "vocabulary"}
    for service in services:
        apply_defaults(service.data, settings["default_currency"], model)
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
