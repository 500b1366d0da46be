"""The JSON Schemas compiled into validators (the files are read by ``schemafiles``, the fields
described by ``fields.SchemaModel``).

Two keywords of our own live in the schemas, so that the schema stays the one
place that says which fields are translated texts and which fields point at
other files:

``x-localized: true``
    The value maps language codes to text. Unknown languages and a missing
    default language are errors; other missing languages are reported as
    ``x-translation-missing`` records, which the validator turns into warnings.
``x-ref: <kind>``
    The value names another thing of the catalogue (``institution``,
    ``service``, ``office``, ``template`` or ``vocabulary:<name>``). Each one
    is reported as an ``x-ref`` record; the cross-file check resolves them.

Standard keywords are checked by jsonschema-rs (compiled Rust, fast enough for
thousands of files); only a file it rejects is checked again by the Python
``jsonschema`` package, whose structured errors the messages are built from.
jsonschema-rs decides; the two must agree on every rejection, or a rejected
file would be explained by nothing and pass. So Python reads ``pattern`` with
ECMA-262 meanings (module ``ecma``), and if it still finds nothing, the fast
validator's own errors are reported (``_from_fast``).
Our own keywords are read by ``annotations``, a walk of the instance along the
schema, so both validators see the same schema and nothing is written twice.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

import jsonschema_rs

from servicecatalog.model.ecma import ecma_pattern
from servicecatalog.model.translations import say

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from servicecatalog.model.fields import SchemaModel

TRANSLATION_MISSING = "x-translation-missing"
# Schemas are identified under a base that is never fetched, so relative $refs resolve offline.
SCHEMA_BASE = "https://schemas.catalogue.invalid/"
REFERENCE = "x-ref"
# Every translated text found, so the validator can check that each translation is one (model.mistakes).
LOCALIZED = "x-localized"
# Marks a service field that identifies one service (its owner, code, history): never in a shared template.
PER_SERVICE = "x-per-service"



def template_schema(service: dict[str, Any]) -> dict[str, Any]:
    """A shared template holds any part of a service: only ``id`` is required."""
    derived = copy.deepcopy(service)
    derived["title"] = "Shared service template"
    derived["description"] = (
        "Common parts of a service delivered by many institutions, in `catalog/templates/<id>.yaml`. "
        "Services name it in `template:` and give only their local facts."
    )
    derived["required"] = ["id"]
    # The service's conditional rules (what an active service must have) are requirements too, of the merged service.
    derived.pop("allOf", None)
    del derived["properties"]["template"]  # templates do not chain
    # A template is shared by services of many institutions, so a field that identifies one service (its
    # owner, code, former ids, successor) cannot be true of all of them. Written in a template it would
    # also slip past the rules that read the service file itself (the folder must be the owner). So it is
    # refused where the mistake is, once, rather than checked on every merged service.
    per_service = [name for name, prop in service["properties"].items() if isinstance(prop, dict) and prop.get(PER_SERVICE)]
    for name in per_service:
        prop = derived["properties"][name]
        derived["properties"][name] = {
            "title": prop.get("title", name),
            "description": f"Not in a template: write `{name}` in each service's own file, because a template is shared by services of many institutions.",
            "not": {},
        }
    if per_service:
        derived["description"] += " Fields that belong to one service (" + ", ".join(f"`{n}`" for n in per_service) + ") stay in each service file."
    return derived


TEMPLATE_SCHEMA_FILE = "template.schema.json"


def render_template_schema(schema_dir: Path) -> str:
    """The text of ``schema/template.schema.json``: derived from the service schema, for editors' IDEs.

    The validator derives it in memory; the file exists so that the
    yaml-language-server line of a template can name it. A test keeps it in sync.
    """
    from servicecatalog.model.fields import load_model

    derived = template_schema(load_model(schema_dir).raw["service"])
    derived["$comment"] = "Generated from service.schema.json by servicecatalog.schemas; do not edit."
    return json.dumps(derived, ensure_ascii=False, indent=2) + "\n"


class Annotation(NamedTuple):
    """What ``annotations`` found at one place of a document (a tuple: tens of thousands are made per 1,000 files)."""

    path: tuple[Any, ...]
    kind: str  # "error", REFERENCE or TRANSLATION_MISSING
    value: Any  # the message, the kind of reference, or the missing language
    instance: Any = None
    key: bool = False  # point at the key rather than the value


def _localized(instance: dict[str, Any], path: tuple[Any, ...], languages: Sequence[str]) -> Iterator[Annotation]:
    for code in instance:
        if code not in languages:
            yield Annotation(path + (code,), "error", say("language.unknown", code=repr(code), languages=", ".join(languages)), key=True)
    if languages[0] not in instance:
        yield Annotation(path, "error", say("language.default_missing", code=repr(languages[0]), language=languages[0]))
    for code in languages[1:]:
        if code not in instance:
            yield Annotation(path, TRANSLATION_MISSING, code)


@dataclass(eq=False)
class _Plan:
    """One schema node as the walk for our keywords needs it (``Schemas._plan``)."""

    ref: _Plan | None = None
    reference: Any = None  # the kind an ``x-ref`` names
    localized: bool = False
    all_of: list[_Plan] = field(default_factory=list)
    properties: dict[str, _Plan] = field(default_factory=dict)
    items: _Plan | None = None


@dataclass
class Schemas:
    """Compiled validators for every kind of catalogue file."""

    model: SchemaModel
    fast: dict[str, Any]  # jsonschema-rs validators: is this file valid?
    detailed: dict[str, Any]  # jsonschema validators: what exactly is wrong?
    languages: Sequence[str]
    _plans: dict[tuple[int, str], _Plan | None] = field(default_factory=dict, repr=False)
    _language_set: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    def __post_init__(self) -> None:
        self._language_set = frozenset(self.languages)

    @property
    def raw(self) -> dict[str, dict[str, Any]]:
        return self.model.raw

    def iter_errors(self, kind: str, data: Any) -> Iterator[ValidationError]:
        """All standard-keyword findings for ``data`` as a file of ``kind``."""
        if self.fast[kind].is_valid(data):
            return
        found = False
        for error in self.detailed[kind].iter_errors(data):
            found = True
            yield error
        if not found:  # the validators disagree: never let a rejected file pass unexplained
            for fast_error in self.fast[kind].iter_errors(data):
                yield self._from_fast(kind, fast_error)

    def _from_fast(self, kind: str, error: Any) -> ValidationError:
        """A jsonschema-rs error as the structured error ``messages.explain`` reads, its schema looked up."""
        location = str(getattr(error, "absolute_keyword_location", None) or "")
        document, _, pointer = location.removeprefix(SCHEMA_BASE).partition("#")
        parts = [unquote(p).replace("~1", "/").replace("~0", "~") for p in pointer.split("/") if p]
        keyword = parts[-1] if parts else str(error.kind.name).lower()
        node: Any = self.raw.get(document.removesuffix(".schema.json"), self.raw[kind])
        for part in parts[:-1]:
            node = node.get(part, {}) if isinstance(node, dict) else node[int(part)] if isinstance(node, list) and part.isdigit() else {}
        schema = node if isinstance(node, dict) else {}
        from jsonschema import ValidationError

        return ValidationError(
            error.message, validator=keyword, path=list(error.instance_path), instance=error.instance,
            schema=schema, validator_value=schema.get(keyword),
        )

    def annotations(self, kind: str, data: Any) -> list[Annotation]:
        """Our keywords' findings: references to resolve, translations, language errors."""
        found: list[Annotation] = []
        plan = self._plan(self.raw[kind], kind)
        if plan is not None:
            self._walk(plan, data, (), found)
        return found

    def _plan(self, schema: dict[str, Any], document: str) -> _Plan | None:
        """What to look at under ``schema``, its ``$ref`` resolved once; None where nothing can be found.

        Every file of a kind is walked along the same schema, so the schema is read once into
        plans, and the parts without our keywords (most of it) are not walked at all.
        """
        key = (id(schema), document)
        if key in self._plans:
            return self._plans[key]
        plan = _Plan()
        self._plans[key] = plan  # a schema that refers to itself meets this plan, taken as useful
        if isinstance(schema.get("$ref"), str):
            node, name = self.model.resolve(schema["$ref"], document)
            plan.ref = self._plan(node, name)
        if REFERENCE in schema:
            plan.reference = schema[REFERENCE]
        plan.localized = bool(schema.get("x-localized"))
        plan.all_of = [p for p in (self._plan(sub, document) for sub in schema.get("allOf", ()) if isinstance(sub, dict)) if p is not None]
        properties = schema.get("properties", {})
        plan.properties = {name: p for name, sub in properties.items() if isinstance(sub, dict) and (p := self._plan(sub, document)) is not None}
        items = schema.get("items")
        plan.items = self._plan(items, document) if isinstance(items, dict) else None
        if plan.ref is None and plan.reference is None and not plan.localized and not plan.all_of and not plan.properties and plan.items is None:
            self._plans[key] = None
            return None
        return plan

    def _walk(self, plan: _Plan, instance: Any, path: tuple[Any, ...], found: list[Annotation]) -> None:
        if plan.ref is not None:
            self._walk(plan.ref, instance, path, found)
        if plan.reference is not None and isinstance(instance, str):
            found.append(Annotation(path, REFERENCE, plan.reference, instance))
        if plan.localized and isinstance(instance, dict) and self.languages:
            if instance.keys() != self._language_set:  # the usual text, in every language and no other, has nothing to say
                found += _localized(instance, path, self.languages)
            found.append(Annotation(path, LOCALIZED, None, instance))
        for sub in plan.all_of:
            self._walk(sub, instance, path, found)
        if isinstance(instance, dict):
            if plan.properties:
                properties = plan.properties
                for key, value in instance.items():
                    inner = properties.get(key)
                    if inner is not None:
                        self._walk(inner, value, path + (key,), found)
        elif plan.items is not None and isinstance(instance, list):
            for index, value in enumerate(instance):
                self._walk(plan.items, value, path + (index,), found)

    def field(self, kind: str, path: Sequence[Any]) -> dict[str, Any]:
        """The schema that explains the field at ``path`` (its nearest titled level): ``summary`` for ``summary.mk``."""
        chain = list(self._chain(self.raw[kind], kind))
        found: dict[str, Any] = {}
        for part in path:
            node, document = chain[-1]
            if isinstance(part, int):
                inner = node.get("items")
            else:
                inner = node.get("properties", {}).get(part, node.get("additionalProperties"))
            if not isinstance(inner, dict):
                return {}  # not a field of the schema: nothing to say about it
            chain = list(self._chain(inner, document))
            found = next((n for n, _ in chain if "title" in n), found)  # the field's own words before its definition's
        return found

    def _chain(self, node: dict[str, Any], document: str) -> Iterator[tuple[dict[str, Any], str]]:
        """``node`` and the definitions its ``$ref`` leads to, each with the schema file it is in."""
        while True:
            yield node, document
            if not isinstance(node.get("$ref"), str):
                return
            node, document = self.model.resolve(node["$ref"], document)

    def resolver(self, kind: str) -> Callable[[str], dict[str, Any]]:
        """Look up a ``$ref`` as written in the schema of ``kind`` (for messages)."""

        return lambda ref: self.model.resolve(ref, kind)[0]


def compile_schemas(model: SchemaModel, languages: Sequence[str]) -> Schemas:
    """One validator per kind of catalogue file, from the model's schemas."""
    raw = {name: model.raw[name] for name in ("definitions", "settings", "vocabulary", "institution", "service", "ui", "template")}
    identified = {name: {**contents, "$id": f"{SCHEMA_BASE}{name}.schema.json"} for name, contents in raw.items()}
    fast_registry = jsonschema_rs.Registry([(contents["$id"], contents) for contents in identified.values()])
    kinds = [name for name in raw if name != "definitions"]
    detailed = _Detailed(identified)
    return Schemas(
        model=model,
        fast={k: jsonschema_rs.Draft202012Validator(identified[k], registry=fast_registry, validate_formats=True) for k in kinds},
        detailed={k: detailed.validator(k) for k in kinds},
        languages=list(languages),
    )


class _Detailed:
    """The Python validators, built (with the ``jsonschema`` package imported) when a file is first rejected:
    a valid catalogue never needs them."""

    def __init__(self, identified: dict[str, dict[str, Any]]) -> None:
        self.identified = identified
        self.built: dict[str, Any] | None = None

    def validator(self, kind: str) -> Any:
        return _LazyValidator(self, kind)

    def build(self, kind: str) -> Any:
        if self.built is None:
            from jsonschema import Draft202012Validator, FormatChecker, validators
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012

            registry: Registry = Registry()
            for contents in self.identified.values():
                registry = registry.with_resource(contents["$id"], Resource.from_contents(contents, default_specification=DRAFT202012))
            checker = FormatChecker(formats=("date",))
            cls = validators.extend(Draft202012Validator, {"pattern": ecma_pattern})
            self.built = {k: cls(contents, registry=registry, format_checker=checker) for k, contents in self.identified.items() if k != "definitions"}
        return self.built[kind]


class _LazyValidator:
    """Stands for one kind's Python validator until it is first asked."""

    def __init__(self, detailed: _Detailed, kind: str) -> None:
        self.detailed, self.kind = detailed, kind

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        return self.detailed.build(self.kind).iter_errors(instance)
