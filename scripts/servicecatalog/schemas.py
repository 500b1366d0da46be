"""The JSON Schemas in ``schema/``: loaded once, compiled into validators.

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
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_FILES = ("definitions", "settings", "vocabulary", "institution", "service", "ui")
TRANSLATION_MISSING = "x-translation-missing"
REFERENCE = "x-ref"


def _load_raw(schema_dir: Path) -> dict[str, dict[str, Any]]:
    raw = {}
    for name in SCHEMA_FILES:
        path = schema_dir / f"{name}.schema.json"
        raw[name] = json.loads(path.read_text(encoding="utf-8"))
    return raw


def template_schema(service: dict[str, Any]) -> dict[str, Any]:
    """A shared template holds any part of a service: only ``id`` is required."""
    derived = copy.deepcopy(service)
    derived["title"] = "Shared service template"
    derived["description"] = (
        "Common parts of a service delivered by many institutions, in `catalog/templates/<id>.yaml`. "
        "Services name it in `template:` and give only their local facts."
    )
    derived["required"] = ["id"]
    del derived["properties"]["template"]  # templates do not chain
    return derived


TEMPLATE_SCHEMA_FILE = "template.schema.json"


def render_template_schema(schema_dir: Path) -> str:
    """The text of ``schema/template.schema.json``: derived from the service schema, for editors' IDEs.

    The validator derives it in memory; the file exists so that the
    yaml-language-server line of a template can name it. A test keeps it in sync.
    """
    derived = template_schema(_load_raw(schema_dir)["service"])
    derived["$comment"] = "Generated from service.schema.json by servicecatalog.schemas; do not edit."
    return json.dumps(derived, ensure_ascii=False, indent=2) + "\n"


def _validator_class(languages: Sequence[str]) -> type:
    default = languages[0] if languages else None

    def localized(validator: Any, enabled: bool, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
        if not enabled or not isinstance(instance, dict) or not languages:
            return
        for code in instance:
            if code not in languages:
                yield ValidationError(
                    f"{code!r} is not a language of this catalogue; use one of: {', '.join(languages)}",
                    path=[code],
                )
        if default not in instance:
            yield ValidationError(
                f"text in the default language {default!r} is missing; add `{default}: ...`",
            )
        for code in languages[1:]:
            if code not in instance:
                yield ValidationError(f"not translated into {code!r}", validator=TRANSLATION_MISSING, validator_value=code)

    def reference(validator: Any, kind: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
        if isinstance(instance, str):
            yield ValidationError(f"reference to {kind} {instance!r}", validator=REFERENCE, validator_value=kind)

    return validators.extend(Draft202012Validator, {"x-localized": localized, REFERENCE: reference})


@dataclass
class Schemas:
    """Compiled validators for every kind of catalogue file."""

    raw: dict[str, dict[str, Any]]
    validators: dict[str, Any]

    def iter_errors(self, kind: str, data: Any) -> Iterator[ValidationError]:
        """All schema findings for ``data`` as a file of ``kind``."""
        return self.validators[kind].iter_errors(data)

    def resolver(self, kind: str) -> Callable[[str], dict[str, Any]]:
        """Look up a ``$ref`` as written in the schema of ``kind`` (for messages)."""

        def resolve(ref: str) -> dict[str, Any]:
            document, _, pointer = ref.partition("#")
            node: Any = self.raw[document.removesuffix(".schema.json")] if document else self.raw[kind]
            for part in filter(None, pointer.split("/")):
                node = node.get(part, {}) if isinstance(node, dict) else {}
            return node if isinstance(node, dict) else {}

        return resolve


def compile_schemas(schema_dir: Path, languages: Sequence[str]) -> Schemas:
    """Load ``schema/*.schema.json`` and compile one validator per kind of file."""
    raw = _load_raw(schema_dir)
    raw["template"] = template_schema(raw["service"])
    registry: Registry = Registry()
    for name, contents in raw.items():
        registry = registry.with_resource(f"{name}.schema.json", Resource.from_contents(contents, default_specification=DRAFT202012))
    cls = _validator_class(languages)
    checker = FormatChecker(formats=("date",))
    compiled = {
        name: cls({**contents, "$id": f"{name}.schema.json"}, registry=registry, format_checker=checker)
        for name, contents in raw.items()
        if name != "definitions"
    }
    return Schemas(raw=raw, validators=compiled)
