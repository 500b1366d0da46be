"""What the schema says about each place in a file, as a tree of ``Node``s.

``catalog diff`` names fields by their schema ``title`` and shows values by
their kind (translated text, Markdown, a reference, a duration or an amount);
``SchemaIndex`` resolves ``$ref`` and ``allOf`` across the schema files so that
every place has one ``Node`` with all of that gathered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Shared definitions whose parts are shown together as one value ("15 working days", "500 MKD").
COMPOUND = ("duration", "money")


@dataclass
class Node:
    """What the schema says about one place in a file: its title and how to show its value."""

    title: str = ""
    localized: bool = False
    markdown: bool = False
    ref: str = ""  # the x-ref kind
    compound: str = ""  # one of COMPOUND
    compound_keys: tuple[str, ...] = ()
    properties: dict[str, Node] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    items: Node | None = None


class SchemaIndex:
    """Resolves ``$ref``s across the schema files and builds ``Node`` trees."""

    def __init__(self, *raw_sets: dict[str, dict[str, Any]]) -> None:
        self.raw: dict[str, dict[str, Any]] = {}
        for raw in raw_sets:  # the first set wins; later ones fill in files it lacks
            for name, contents in raw.items():
                self.raw.setdefault(name, contents)

    def root(self, kind: str) -> Node:
        return self.node(self.raw.get(kind, {}), kind)

    def node(self, schema: dict[str, Any], doc: str, depth: int = 0) -> Node:
        found = Node()
        self._fill(found, schema, doc, depth)
        return found

    def _fill(self, node: Node, schema: dict[str, Any], doc: str, depth: int) -> None:
        if depth > 20:
            return
        node.title = node.title or schema.get("title", "")
        node.localized = node.localized or bool(schema.get("x-localized"))
        extra = schema.get("additionalProperties")
        node.markdown = node.markdown or (isinstance(extra, dict) and "contentMediaType" in extra)
        node.ref = node.ref or schema.get("x-ref", "")
        node.required += [r for r in schema.get("required", []) if r not in node.required]
        for name, sub in schema.get("properties", {}).items():
            if name not in node.properties:
                node.properties[name] = self.node(sub, doc, depth + 1)
        if isinstance(schema.get("items"), dict) and node.items is None:
            node.items = self.node(schema["items"], doc, depth + 1)
        for part in schema.get("allOf", []):
            self._fill(node, part, doc, depth + 1)
        if "$ref" in schema:
            target_doc, _, pointer = schema["$ref"].partition("#")
            target_doc = target_doc.removesuffix(".schema.json") or doc
            target: Any = self.raw.get(target_doc, {})
            for part in filter(None, pointer.split("/")):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            name = pointer.rsplit("/", 1)[-1]
            if name in COMPOUND and not node.compound:
                node.compound, node.compound_keys = name, tuple(target.get("properties", {}))
            self._fill(node, target, target_doc, depth + 1)
