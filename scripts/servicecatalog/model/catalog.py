"""The validated catalogue: what the generator and the exports read.

Records stay the plain mappings the schema describes (the schema is the one
list of fields); this module only indexes them, applies the defaults the
schema declares, and merges services with their shared templates.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servicecatalog.model.fields import SchemaModel, load_model
from servicecatalog.model.loader import Document


def merge(template: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """A service built on a template: local mappings merge key by key, anything else replaces."""
    merged = copy.deepcopy(template)
    for key, value in local.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


@dataclass
class Service:
    """One service as citizens see it: the file merged with its template, defaults applied."""

    id: str
    data: dict[str, Any]
    source: Document
    template: Document | None = None

    @property
    def institution(self) -> str:
        return self.data["institution"]

    @property
    def active(self) -> bool:
        return self.data.get("status", "active") == "active"

    def origin(self, path: tuple[str | int, ...]) -> Document:
        """The file that wrote the value at ``path``: the service file, or its template."""
        if self.template is None or self.source.has(path):
            return self.source
        if self.template.has(path):
            return self.template
        depth = lambda doc: max((n for n in range(len(path) + 1) if doc.has(path[:n])), default=0)
        return self.template if depth(self.template) > depth(self.source) else self.source


@dataclass
class Catalog:
    """Everything in ``catalog/``, validated, indexed by id."""

    root: Path
    settings: dict[str, Any]
    vocabularies: dict[str, dict[str, dict[str, Any]]]  # vocabulary -> term id -> term
    vocabulary_titles: dict[str, dict[str, str]]
    institutions: dict[str, dict[str, Any]]
    templates: dict[str, dict[str, Any]]
    services: dict[str, Service]
    ui: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> key -> words
    documents: dict[Path, Document] = field(default_factory=dict)
    schema: SchemaModel = field(default_factory=load_model)  # the schemas the catalogue was validated against

    @property
    def languages(self) -> list[str]:
        return list(self.settings["languages"])

    @property
    def default_language(self) -> str:
        return self.settings["languages"][0]

    def office(self, ref: str) -> dict[str, Any]:
        """An office named as ``institution/office``."""
        institution, office = ref.split("/", 1)
        return next(o for o in self.institutions[institution].get("offices", []) if o["id"] == office)

    def services_of(self, institution: str) -> list[Service]:
        return [s for s in self.services.values() if s.institution == institution]


def _fill(value: Any, parts: list[str], default: Any) -> None:
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    if head == "[]":
        for entry in value if isinstance(value, list) else []:
            _fill(entry, rest, default)
    elif isinstance(value, dict):
        if not rest:
            if head not in value:  # copied only where it is used, and only when it can be changed in place
                value[head] = copy.deepcopy(default) if isinstance(default, (dict, list)) else default
        elif head in value:
            _fill(value[head], rest, default)


def apply_defaults(data: dict[str, Any], default_currency: Any, model: SchemaModel | None = None) -> dict[str, Any]:
    """Fill in the defaults the service schema declares (``default``), so readers need not repeat them.

    The currency of an amount of money (a fee's) is the one default the schema cannot state: it is a
    setting of the catalogue. Values the schema would refuse are left as they are (``catalog diff``
    reads invalid revisions too).
    """
    schema = model or load_model()
    for node in schema.defaults("service"):
        _fill(data, _steps(node.path), node.default)
    for node in schema.compounds("service", "money"):
        if "currency" in node.compound_keys:
            _fill(data, _steps(f"{node.path}.currency"), default_currency)
    return data


def _steps(path: str) -> list[str]:
    return path.replace("[]", ".[]").split(".")
