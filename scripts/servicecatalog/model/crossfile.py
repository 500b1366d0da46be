"""Rules that need more than one file: unique ids, file places, references.

Runs on whatever parsed, even when some files broke their schema, so an editor
sees every problem at once; every value is type-checked before use. A file that
did not load is broken, not missing: what refers to it is not reported again.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from servicecatalog.model import reserved
from servicecatalog.model.fields import FieldNode, SchemaModel, load_model, locate
from servicecatalog.model.loader import Document
from servicecatalog.model.translations import SOURCE, Message, catalogue, say

if TYPE_CHECKING:
    from servicecatalog.model.catalog import Service
    from servicecatalog.model.layout import Entry
    from servicecatalog.model.validate import Loaded


# Where the files that a reference of each kind names are kept.
_FOLDERS = {"institution": "institutions/", "template": "templates/", "service": "services/<institution-id>/"}


@dataclass(frozen=True)
class Ref:
    """A value the schema marks with ``x-ref``: it must name something that exists."""

    doc: Document
    path: tuple[Any, ...]
    kind: str
    value: str


@dataclass
class Broken:
    """Files that failed to load, by what a reference would call them: the id each file name promises.

    A reference to one of them is not to something missing but to something broken, and the file's own
    load error already says so; reporting "no service with id ..." in every file that names it would bury it.
    """

    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Broken:
        broken = cls()
        for entry in entries:
            kind = f"vocabulary:{entry.path.stem}" if entry.kind == "vocabulary" else entry.kind
            broken.ids[kind].add(entry.path.stem)
        return broken

    def names(self, ref: Ref) -> bool:
        """Whether ``ref`` points into a file that failed to load."""
        if ref.kind.startswith("vocabulary:"):
            return bool(self.ids.get(ref.kind))
        if ref.kind == "office":
            return ref.value.partition("/")[0] in self.ids.get("institution", set())
        return ref.value in self.ids.get(ref.kind, set())


class Sink(Protocol):
    def add(self, doc: Document, path: tuple[Any, ...], message: str, *, rule: str, severity: str = "error", key: bool = False) -> None: ...


def _id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _settings(loaded: list[Loaded]) -> dict[str, Any]:
    return next((item.doc.data for item in loaded if item.kind == "settings"), {})


def _unique(items: Sequence[tuple[str | None, Document, tuple[Any, ...]]], what: Message, out: Sink, rule: str) -> None:
    first: dict[str, tuple[Document, tuple[Any, ...]]] = {}
    for value, doc, path in items:
        if value is None:
            continue
        if value in first:
            other, other_path = first[value]
            where = say("crossfile.where_line", line=other.locate(other_path)[0]) if other is doc else say("crossfile.where_file", file=other.display)
            out.add(doc, path, say("crossfile.duplicate", what=what, value=repr(value), where=where), rule=rule)
        else:
            first[value] = (doc, path)


def _known(loaded: list[Loaded], services: list[Service]) -> dict[str, set[str]]:
    known: dict[str, set[str]] = defaultdict(set)
    for item in loaded:
        data = item.doc.data
        if item.kind == "institution" and _id(data):
            known["institution"].add(_id(data))  # type: ignore[arg-type]
            for office in data.get("offices", []) if isinstance(data.get("offices"), list) else []:
                if _id(office):
                    known["office"].add(f"{_id(data)}/{_id(office)}")
        elif item.kind == "template" and _id(data):
            known["template"].add(_id(data))  # type: ignore[arg-type]
        elif item.kind == "vocabulary":
            terms = data.get("terms") if isinstance(data.get("terms"), list) else []
            known[f"vocabulary:{item.entry.path.stem}"] = {t for t in map(_id, terms) if t}
    known["service"] = {s.id for s in services}
    return known


def _check_references(loaded: list[Loaded], known: dict[str, set[str]], broken: Broken, out: Sink) -> None:
    for item in loaded:
        for ref in item.refs:
            if ref.value in known.get(ref.kind, set()) or broken.names(ref):
                continue
            what = ref.kind.removeprefix("vocabulary:")
            if ref.kind.startswith("vocabulary:"):
                if ref.kind not in known:
                    out.add(ref.doc, ref.path, say("crossfile.vocabulary_missing", vocabulary=what), rule="reference")
                    continue
                message = say("crossfile.not_a_term", value=repr(ref.value), vocabulary=repr(what), terms=", ".join(sorted(known[ref.kind])))
            elif ref.kind == "office":
                message = say("crossfile.no_office", value=repr(ref.value))
            else:
                close = difflib.get_close_matches(ref.value, sorted(known.get(ref.kind, set())), n=1)
                hint = say("crossfile.did_you_mean", close=repr(close[0])) if close else say("crossfile.ids_are_files", folder=_FOLDERS.get(what, what + "s/"))
                kind = say(f"crossfile.kind.{what}") if what in _FOLDERS else what
                message = say("crossfile.no_such", kind=kind, value=repr(ref.value), hint=hint)
            out.add(ref.doc, ref.path, message, rule="reference")


def _check_places(loaded: list[Loaded], out: Sink) -> None:
    for item in loaded:
        ident = _id(item.doc.data)
        if item.kind in ("institution", "template", "service") and ident and ident != item.entry.path.stem:
            out.add(item.doc, ("id",), say("crossfile.file_name", id=repr(ident), file=repr(item.entry.path.name), stem=ident), rule="file-name")
        if item.kind == "service":
            owner = item.doc.data.get("institution")
            if isinstance(owner, str) and owner != item.entry.folder:
                out.add(item.doc, ("institution",), say("crossfile.folder", owner=repr(owner), folder=item.entry.folder, target=owner), rule="folder")
        if item.kind == "institution":
            offices = item.doc.data.get("offices")
            if isinstance(offices, list):
                _unique([(_id(o), item.doc, ("offices", i, "id")) for i, o in enumerate(offices)], say("crossfile.what.office_id"), out, "unique-id")
        if item.kind == "vocabulary":
            terms = item.doc.data.get("terms")
            if isinstance(terms, list):
                _unique([(_id(t), item.doc, ("terms", i, "id")) for i, t in enumerate(terms)], say("crossfile.what.term_id"), out, "unique-id")


def _check_settings(loaded: list[Loaded], out: Sink) -> None:
    settings = _settings(loaded)
    catalogue_languages = _list(settings.get("languages"))
    for item in loaded:
        if item.kind == "ui" and catalogue_languages and item.entry.path.stem not in catalogue_languages:
            out.add(item.doc, (), say("crossfile.ui_language", file=item.entry.path.name, languages=", ".join(map(str, catalogue_languages))), rule="settings")
        if item.kind != "settings":
            continue
        languages = item.doc.data.get("languages")
        names = item.doc.data.get("language_names")
        if isinstance(languages, list) and isinstance(names, dict):
            for code in names:
                if code not in languages:
                    out.add(item.doc, ("language_names", code), say("crossfile.language_name", code=repr(code)), rule="settings", key=True)


def _check_interface_words(loaded: list[Loaded], broken: Broken, out: Sink) -> None:
    """Every interface word of the default language should exist in the other languages."""
    settings = _settings(loaded)
    languages = [code for code in _list(settings.get("languages")) if isinstance(code, str)]  # the schema reports the others
    files = {item.entry.path.stem: item.doc for item in loaded if item.kind == "ui"}
    if not languages or languages[0] not in files:
        if languages and files and languages[0] not in broken.ids.get("ui", set()):
            out.add(next(iter(files.values())), (), say("crossfile.ui_missing", language=languages[0]), rule="ui")
        return
    reference = files[languages[0]]
    for language, doc in files.items():
        if language == languages[0]:
            continue
        missing = [key for key in reference.data if key not in doc.data]
        unknown = [key for key in doc.data if key not in reference.data]
        if missing:
            keys = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
            form = "one" if len(missing) == 1 else "other"
            out.add(doc, (), say(f"crossfile.words_missing.{form}", n=len(missing), language=repr(language), keys=keys), rule="translation-missing", severity="warning")
        for key in unknown:
            out.add(doc, (key,), say("crossfile.ui_unknown_key", word=repr(key), language=languages[0]), rule="ui", severity="warning", key=True)


PLAIN_HTTP = "http://"


def _walk(value: Any, path: tuple[Any, ...] = ()) -> Iterable[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))
    else:
        yield path, value


def check_plain_http(kind: str, doc: Document, out: Sink) -> None:
    """A warning for every web address over plain ``http``: browsers flag such pages, and the
    site never makes one the page's primary action (``site.first_screen``). One file's rule
    (run with the other per-file checks), kept here with the other rules on addresses."""
    if kind not in ("service", "template", "institution", "settings") or not doc.may_mention(PLAIN_HTTP):
        return
    for path, value in _walk(doc.data):
        if isinstance(value, str) and value[:7].lower() == PLAIN_HTTP:
            out.add(doc, path, say("crossfile.plain_http", value=repr(value)), rule="plain-http", severity="warning")


def _channel_limited(model: SchemaModel) -> list[FieldNode]:
    """The places that name a channel type besides the channels themselves (``fees[].channels[]``)."""
    kind = model.field("service", "channels[].type")
    return [node for node in model.places("service") if node.enum == kind.enum and node.path != kind.path]


def _label(model: SchemaModel, path: str) -> str:
    """What a message calls one entry under a top-level field: "Fees" -> "fee", "Processing time" -> "processing time"."""
    word = model.field("service", path.split("[]", 1)[0].split(".", 1)[0]).title.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _check_service(service: Service, current_ids: set[str], out: Sink, model: SchemaModel, limited: list[FieldNode]) -> None:
    """Rules on one whole service (merged with its template)."""
    data = service.data
    at = service.origin
    channels = _list(data.get("channels"))
    types = {c.get("type") for c in channels if isinstance(c, dict) and isinstance(c.get("type"), str)}
    for node in limited:  # a fee, a processing time... that holds only on some channels
        top = node.path.split("[]", 1)[0].split(".", 1)[0]
        label = say(f"crossfile.entry.{top}") if f"crossfile.entry.{top}" in catalogue(SOURCE) else _label(model, node.path)
        for path, kind in locate(data, node.path):
            if isinstance(kind, str) and kind not in types:
                out.add(at(path), path, say("crossfile.channel_limited", entry=label, kind=repr(kind)), rule="channels")
    if data.get("status") == "withdrawn" and data.get("replaced_by") == service.id:
        out.add(at(("replaced_by",)), ("replaced_by",), say("crossfile.replace_itself"), rule="status")
    related = _list(data.get("related"))
    if service.id in related:
        out.add(at(("related",)), ("related", related.index(service.id)), say("crossfile.related_itself"), rule="reference")
    former = _list(data.get("former_ids"))
    for index, old in enumerate(former):
        if isinstance(old, str) and old in current_ids:
            out.add(at(("former_ids", index)), ("former_ids", index), say("crossfile.former_current", old=repr(old)), rule="former-ids")


def _check_reserved(loaded: list[Loaded], services: list[Service], out: Sink) -> None:
    """No id may take the address of one of the site's own pages (``services/index/``...)."""
    settings = _settings(loaded)
    taken = reserved.reserved_ids(_list(settings.get("languages")))
    for item in loaded:
        if item.kind == "institution":
            reserved.check_id(_id(item.doc.data), taken, "institution id", item.doc, ("id",), out)
        elif item.kind == "vocabulary" and item.entry.path.stem in reserved.PAGED_VOCABULARIES:
            for index, term in enumerate(_list(item.doc.data.get("terms"))):
                reserved.check_id(_id(term), taken, "term id", item.doc, ("terms", index, "id"), out)
    for service in services:
        reserved.check_id(_id(service.source.data), taken, "service id", service.source, ("id",), out)
        for index, old in enumerate(_list(service.data.get("former_ids"))):
            reserved.check_id(old, taken, "former id", service.origin(("former_ids", index)), ("former_ids", index), out)


def check(loaded: list[Loaded], services: list[Service], out: Sink, broken: Broken | None = None, incomplete: frozenset[str] = frozenset(),
          model: SchemaModel | None = None) -> None:
    """Run every cross-file rule and report to ``out``.

    ``broken`` names the files that failed to load; ``incomplete`` the services whose template is one of
    them, whose merged content is unknown, so the rules on a whole service are not run on them.
    """
    broken = broken or Broken()
    by_kind: dict[str, list[Loaded]] = defaultdict(list)
    for item in loaded:
        by_kind[item.kind].append(item)
    for kind in ("institution", "template"):
        _unique([(_id(i.doc.data), i.doc, ("id",)) for i in by_kind[kind]], say(f"crossfile.what.{kind}_id"), out, "unique-id")
    _unique([(_id(s.source.data), s.source, ("id",)) for s in services], say("crossfile.what.service_id"), out, "unique-id")
    codes = [(s.data.get("code") if isinstance(s.data.get("code"), str) else None, s.origin(("code",)), ("code",)) for s in services]
    _unique(codes, say("crossfile.what.code"), out, "unique-code")
    formers = [(old, s.origin(("former_ids", i)), ("former_ids", i)) for s in services for i, old in enumerate(_list(s.data.get("former_ids"))) if isinstance(old, str)]
    _unique(formers, say("crossfile.what.former_id"), out, "former-ids")
    _check_places(loaded, out)
    _check_reserved(loaded, services, out)
    _check_settings(loaded, out)
    _check_interface_words(loaded, broken, out)
    _check_references(loaded, _known(loaded, services), broken, out)
    current = {s.id for s in services}
    model = model or load_model()
    limited = _channel_limited(model)
    for service in services:
        if service.id not in incomplete:
            _check_service(service, current, out, model, limited)
