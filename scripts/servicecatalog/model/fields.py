"""The schema model: every field of every kind of catalogue file, as typed nodes.

This is the one way code learns about fields. Ask it, never the JSON::

    model = load_model()                        # the bundled schemas (or load_model(project / "schema"))
    model = catalog.schema                      # the schemas a validated catalogue was checked against
    fee = model.field("service", "fees[].currency")
    fee.title, fee.default, fee.pattern          # "Currency", None, "^[A-Z]{3}$"
    model.enum("service", "channels[].type")     # ("in-person", "online", "phone", "post", "email")
    for node in model.fields("service"):         # every field, nested ones too, in schema order
        node.path, node.reference, node.localized, node.per_service

A path names a field by its property names joined with dots; ``[]`` steps
into the entries of a list (``documents[].name``). Each ``FieldNode`` has the
``$ref`` chain and ``allOf`` parts folded in: its own words win over its
definition's (a fee's "What for" over "Text in every language").

The public API (``load_model``, ``SchemaModel.field/fields/enum/root/defaults``,
``FieldNode``) is stable: the web editor's configuration is built on it.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servicecatalog.model import schemafiles

# Reference kinds, as the schemas' ``x-ref`` spells them (``vocabulary:<name>`` is a term).
REFERENCE_KINDS = ("institution", "office", "term", "template", "service")
# Shared definitions whose parts make one value ("15 working days", "500 MKD").
COMPOUND = ("duration", "money")
_NO_DEFAULT = object()


@dataclass
class FieldNode:
    """What the schema says about one field."""

    name: str = ""  # the property name; "" for a file's root (or a place the schema does not know), "[]" for a list's entries
    path: str = ""  # "fees[].amount"
    title: str = ""
    description: str = ""
    examples: tuple[Any, ...] = ()
    default: Any = _NO_DEFAULT
    enum: tuple[Any, ...] | None = None
    pattern: str | None = None
    type: str | None = None  # the JSON type, when the schema names one
    reference: str | None = None  # one of REFERENCE_KINDS
    vocabulary: str | None = None  # for a term reference: which vocabulary
    localized: bool = False  # a text per language code
    markdown: bool = False  # localized Markdown
    per_service: bool = False  # x-per-service: belongs to one service, never in a template
    required: bool = False  # required whenever the object around it is written
    compound: str = ""  # one of COMPOUND
    compound_keys: tuple[str, ...] = ()  # the compound definition's own fields ("amount", "currency")
    definition: str = ""  # title of the shared definition the field refers to ("Web address")
    properties: dict[str, FieldNode] = field(default_factory=dict)
    items: FieldNode | None = None
    schema: dict[str, Any] = field(default_factory=dict, repr=False)  # the folded JSON Schema, for what the model does not type

    @property
    def has_default(self) -> bool:
        return self.default is not _NO_DEFAULT

    @property
    def required_fields(self) -> tuple[str, ...]:
        """The fields an entry must have, its own before its definition's (a fee's purpose before its amount)."""
        return tuple(name for name in self.schema.get("required", ()) if isinstance(name, str))

    def walk(self) -> Iterator[FieldNode]:
        """Every field below this one, depth first in schema order (entries of lists included)."""
        for child in self.properties.values():
            yield child
            yield from child.walk()
        if self.items is not None:
            yield from self.items.walk()


class SchemaModel:
    """The schemas of one catalogue, with references resolved into ``FieldNode`` trees."""

    def __init__(self, raw: dict[str, dict[str, Any]], content: dict[str, bytes] | None = None, origin: str = "") -> None:
        from servicecatalog.model.schemas import template_schema  # the derivation lives with the validators


        self.raw = dict(raw)
        if "service" in self.raw and "template" not in self.raw:
            self.raw["template"] = template_schema(self.raw["service"])
        # The same schemas with every local ``#/...`` reference made ``file#/...``: a node keeps its
        # meaning when lifted out of its file (a fee's own fields beside the shared money fields).
        self.absolute = {name: _absolutize(schema, name + schemafiles.SUFFIX) for name, schema in self.raw.items()}
        self.content = content or {}
        self.origin = origin
        self._roots: dict[str, FieldNode] = {}
        self._defaults: dict[str, list[FieldNode]] = {}
        self._compounds: dict[str, list[FieldNode]] = {}

    # ------------------------------------------------------------------ asking

    def root(self, kind: str) -> FieldNode:
        """The whole file of ``kind`` (``service``, ``institution``, ``settings``...)."""
        if kind not in self._roots:
            self._roots[kind] = self._node(self.absolute.get(kind, {}), "", "", 0)
        return self._roots[kind]

    def field(self, kind: str, path: str) -> FieldNode:
        """The field at ``path`` (``fees[].currency``); ``KeyError`` when the schema has no such field."""
        node = self.root(kind)
        for part in path.replace("[]", ".[]").split("."):
            if not part:
                continue
            nxt = node.items if part == "[]" else node.properties.get(part)
            if nxt is None:
                raise KeyError(f"{kind}: the schema has no field {path!r}")
            node = nxt
        return node

    def fields(self, kind: str) -> Iterator[FieldNode]:
        """Every field of ``kind``, nested ones included, in schema order."""
        return self.root(kind).walk()

    def enum(self, kind: str, path: str) -> tuple[Any, ...]:
        """The allowed values of the field at ``path`` (of its entries, for a list)."""
        node = self.field(kind, path)
        found = node.enum if node.enum is not None else node.items.enum if node.items is not None else None
        if found is None:
            raise KeyError(f"{kind}: {path!r} has no list of allowed values")
        return found

    def defaults(self, kind: str) -> Iterator[FieldNode]:
        """The fields whose schema declares a ``default``."""
        if kind not in self._defaults:  # asked once per service
            self._defaults[kind] = [node for node in self.fields(kind) if node.has_default]
        return iter(self._defaults[kind])

    def places(self, kind: str) -> Iterator[FieldNode]:
        """Every place a value can sit: the fields and, for a list, its entries (``fees[]``)."""
        for node in self.fields(kind):
            yield node
            if node.items is not None:
                yield node.items

    def compounds(self, kind: str, compound: str) -> Iterator[FieldNode]:
        """The places that hold one shared compound value (``money``: a fee; ``duration``: a time)."""
        key = f"{kind} {compound}"
        if key not in self._compounds:  # asked once per file
            self._compounds[key] = [node for node in self.places(kind) if node.compound == compound]
        return iter(self._compounds[key])

    # ------------------------------------------------------------------ building

    def resolve(self, ref: str, document: str = "") -> tuple[dict[str, Any], str]:
        """The schema a ``$ref`` written in ``document`` points at, and the document it is in."""
        target, _, pointer = ref.partition("#")
        name = target.removesuffix(schemafiles.SUFFIX) if target else document
        node: Any = self.absolute.get(name, {})
        for part in filter(None, pointer.split("/")):
            node = node.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(node, dict) else {}
        return (node if isinstance(node, dict) else {}), name

    def effective(self, node: dict[str, Any], depth: int = 0) -> dict[str, Any]:
        """``node`` (taken from ``absolute``) with its ``$ref`` chain folded in: its own keys win,
        properties and required are merged, plain ``allOf`` parts add their fields.

        ``_ref_title`` keeps the title of the referenced definition, which names the kind of value
        ("Web address"). A field that describes itself does not inherit the definition's examples
        (a service's summary is no "Passport"); ``_ref_examples`` keeps them for placeholders.
        ``_compound`` names a definition shown as one value (``duration``, ``money``).
        """
        ref = node.get("$ref")
        merged = node
        if isinstance(ref, str) and depth < 30:
            base = self.effective(self.resolve(ref)[0], depth + 1)
            merged = {**base, **{k: v for k, v in node.items() if k != "$ref"}}
            merged["_ref_title"] = base.get("title", "")
            merged["_ref_examples"] = base.get("examples", [])
            last = ref.rsplit("/", 1)[-1]
            merged["_compound"] = last if last in COMPOUND else base.get("_compound", "")
            merged["_compound_keys"] = list(base.get("properties", {})) if last in COMPOUND else base.get("_compound_keys", [])
            if "description" in node and "examples" not in node:
                merged.pop("examples", None)
            if "properties" in base and "properties" in node:
                merged["properties"] = {**base["properties"], **node["properties"]}
            if "required" in base or "required" in node:
                merged["required"] = list(dict.fromkeys([*node.get("required", []), *base.get("required", [])]))
        for part in node.get("allOf", []):
            if isinstance(part, dict) and "if" not in part and depth < 30:
                folded = self.effective(part, depth + 1)
                merged = {**merged, "properties": {**folded.get("properties", {}), **merged.get("properties", {})}}
                merged["required"] = list(dict.fromkeys([*merged.get("required", []), *folded.get("required", [])]))
        return merged

    def _node(self, schema: dict[str, Any], name: str, path: str, depth: int, required: bool = False) -> FieldNode:
        folded = self.effective(schema)
        ref = folded.get("x-ref")
        reference = vocabulary = None
        if isinstance(ref, str):
            reference = "term" if ref.startswith("vocabulary:") else ref
            vocabulary = ref.removeprefix("vocabulary:") if ref.startswith("vocabulary:") else None
        extra = folded.get("additionalProperties")
        node = FieldNode(
            name=name, path=path,
            title=str(folded.get("title", "")),
            description=str(folded.get("description", "")),
            examples=tuple(folded.get("examples", ())),
            default=copy.deepcopy(folded["default"]) if "default" in folded else _NO_DEFAULT,
            enum=tuple(folded["enum"]) if isinstance(folded.get("enum"), list) else None,
            pattern=folded.get("pattern") if isinstance(folded.get("pattern"), str) else None,
            type=folded.get("type") if isinstance(folded.get("type"), str) else None,
            reference=reference, vocabulary=vocabulary,
            localized=bool(folded.get("x-localized")),
            markdown=isinstance(extra, dict) and "contentMediaType" in extra,
            per_service=bool(folded.get("x-per-service")),
            required=required,
            compound=folded.get("_compound", ""),
            compound_keys=tuple(folded.get("_compound_keys", ())),
            definition=folded.get("_ref_title", ""),
            schema=folded,
        )
        if depth > 20 or node.localized:
            return node
        needed = set(folded.get("required", []))
        for child, sub in folded.get("properties", {}).items():
            if isinstance(sub, dict):
                node.properties[child] = self._node(sub, child, f"{path}.{child}" if path else child, depth + 1, child in needed)
        if isinstance(folded.get("items"), dict):
            node.items = self._node(folded["items"], "[]", f"{path}[]", depth + 1)
        return node


def locate(data: Any, path: str) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """The values of ``data`` at a model path (``fees[].channels``), each with its place (``("fees", 0, "channels")``).

    Values of the wrong shape are skipped: callers also read files the schema refused.
    """
    found: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    for part in filter(None, path.replace("[]", ".[]").split(".")):
        step: list[tuple[tuple[str | int, ...], Any]] = []
        for where, value in found:
            if part == "[]" and isinstance(value, list):
                step += [((*where, index), item) for index, item in enumerate(value)]
            elif part != "[]" and isinstance(value, dict) and part in value:
                step.append(((*where, part), value[part]))
        found = step
    return iter(found)


def _absolutize(node: Any, document: str) -> Any:
    if isinstance(node, dict):
        out = {k: _absolutize(v, document) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            out["$ref"] = document + ref
        return out
    if isinstance(node, list):
        return [_absolutize(v, document) for v in node]
    return node


def model_of(files: schemafiles.SchemaFiles) -> SchemaModel:
    return SchemaModel(files.parsed, files.content, files.origin)


@functools.cache
def _bundled() -> SchemaModel:
    return model_of(schemafiles.read())


def load_model(schema_dir: Path | None = None, root: Path | None = None) -> SchemaModel:
    """The schema model of ``schema_dir``, or of the schemas shipped with the package (loaded once).

    Raises ``schemafiles.SchemaFileError`` (located) for a missing, malformed or invalid schema file.
    """
    if schema_dir is None or schema_dir.resolve() == schemafiles.bundled_dir().resolve():
        return _bundled()
    return model_of(schemafiles.read(schema_dir, root=root))


def schema_dir_for(root: Path) -> Path | None:
    """A project's own ``schema/`` when it has one, else ``None`` (the bundled schemas)."""
    own = root / "schema"
    return own if own.is_dir() else None
