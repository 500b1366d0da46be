"""``catalog fieldref``: the field reference for editors, read from the schemas.

The schema is the one source of truth (titles, descriptions, examples, enums,
required), so the reference is generated, committed as
``guides/field-reference.md`` and kept in sync by a test. The schema walking
here (``walk``, ``notes``) is shared with ``catalog new``; the schemas come from the model.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from servicecatalog.model.fields import SchemaModel, load_model, schema_dir_for
from servicecatalog.model.schemas import TEMPLATE_SCHEMA_FILE, render_template_schema, template_schema

REFERENCE_FILE = Path("guides") / "field-reference.md"
# The order of the sections; the template schema is derived from the service schema.
DOCUMENTED = ("service", "institution", "vocabulary", "settings", "ui")
SCHEMA_GLOB = "*.schema.json"

Schemas = SchemaModel


@dataclass(frozen=True)
class Field:
    """One field of a schema, nested ones named by a dotted path such as ``fees[].amount``."""

    path: str
    schema: dict[str, Any]  # effective: references folded in
    required: bool
    depth: int
    rules: tuple[str, ...] = ()  # the object's conditional rules on this field (`if`/`then`), in their own words


def _children(schemas: Schemas, node: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The object whose properties are nested under ``node``, and the path suffix that leads there."""
    if node.get("x-localized"):
        return {}, ""
    if isinstance(node.get("items"), dict):
        items = schemas.effective(node["items"])
        return (items, "[]") if "properties" in items else ({}, "")
    return (node, "") if "properties" in node else ({}, "")


def walk(schemas: Schemas, node: dict[str, Any], prefix: str = "", depth: int = 0) -> Iterator[Field]:
    """Every property of ``node`` and of the objects nested in it, in schema order."""
    node = schemas.effective(node)
    required = set(node.get("required", []))
    rules = _rules(node)
    for name, raw in node.get("properties", {}).items():
        prop = schemas.effective(raw)
        path = f"{prefix}.{name}" if prefix else name
        yield Field(path, prop, name in required, depth, tuple(rules.get(name, ())))
        inner, suffix = _children(schemas, prop)
        if inner:
            yield from walk(schemas, inner, path + suffix, depth + 1)


def _rules(node: dict[str, Any]) -> dict[str, list[str]]:
    """Field name -> the sentences of the ``if``/``then`` rules that require or restrict it."""
    found: dict[str, list[str]] = {}
    for part in node.get("allOf", []):
        then = part.get("then") if isinstance(part, dict) else None
        if not isinstance(then, dict):
            continue
        said = [(name, then.get("description")) for name in then.get("required", [])]
        said += [(name, sub.get("description") or then.get("description")) for name, sub in then.get("properties", {}).items() if isinstance(sub, dict)]
        for name, sentence in said:
            if isinstance(sentence, str) and sentence not in found.setdefault(name, []):
                found[name].append(sentence)
    return found


# Subschemas that only test fields defined elsewhere (`if: {properties: {type: {const: online}}}`).
_CONDITIONS = ("if", "then", "else", "not")


def missing_titles(schemas: Schemas) -> list[str]:
    """Properties anywhere in the schemas without a title or a description (their own or their definition's)."""
    found: list[str] = []

    def visit(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _CONDITIONS:
                    continue
                if key == "properties" and isinstance(value, dict):
                    for name, prop in value.items():
                        merged = schemas.effective(prop) if isinstance(prop, dict) else {}
                        lacking = [k for k in ("title", "description") if not merged.get(k)]
                        if lacking:
                            found.append(f"{where}/properties/{name}: no {' and no '.join(lacking)}")
                visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                visit(value, f"{where}/{index}")

    for name in sorted(schemas.absolute):
        visit(schemas.absolute[name], f"{name}.schema.json#")
    return found


# ---------------------------------------------------------------- Markdown

_JSON_KINDS = {"string": "text", "integer": "whole number", "number": "number", "boolean": "`true` or `false`", "object": "group of fields", "array": "list"}


def flow(value: Any) -> str:
    """A value as an editor would write it in YAML on one line."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def kind(schemas: Schemas, prop: dict[str, Any]) -> str:
    """What sort of value a field holds, in words."""
    if "enum" in prop:
        return "one of the listed values"
    ref_title = prop.get("_ref_title", "")
    if ref_title and ref_title != prop.get("title"):
        return str(ref_title)
    if prop.get("type") == "object" and "properties" not in prop and isinstance(prop.get("additionalProperties"), dict):
        return "entries `key: value`"
    if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
        items = schemas.effective(prop["items"])
        inner = items.get("title") or _JSON_KINDS.get(items.get("type", ""), "value")
        return f"list of: {inner}" if "properties" not in items else "list of groups of fields"
    return _JSON_KINDS.get(prop.get("type", ""), "value")


def _reference(target: str) -> str:
    if target.startswith("vocabulary:"):
        return f"a term of the `{target.removeprefix('vocabulary:')}` vocabulary"
    return f"an existing {target}"


def notes(schemas: Schemas, prop: dict[str, Any]) -> list[str]:
    """Allowed values, limits, references and examples of a field, each a short sentence."""
    out: list[str] = []
    items = schemas.effective(prop["items"]) if isinstance(prop.get("items"), dict) else {}
    enum = prop.get("enum") or items.get("enum")
    if enum:
        out.append("One of: " + ", ".join(f"`{flow(v)}`" for v in enum) + ".")
    if "default" in prop:
        out.append(f"Default: `{flow(prop['default'])}`.")
    if "minimum" in prop and "maximum" in prop:
        out.append(f"From {prop['minimum']} to {prop['maximum']}.")
    elif "minimum" in prop:
        out.append(f"At least {prop['minimum']}.")
    if prop.get("minItems"):
        out.append(f"At least {prop['minItems']} {'entry' if prop['minItems'] == 1 else 'entries'}.")
    target = prop.get("x-ref") or items.get("x-ref")
    if target:
        out.append(f"Must name {_reference(target)}.")
    examples = prop.get("examples")
    if examples:
        out.append("Example: " + ", ".join(f"`{flow(e)}`" for e in examples[:2]) + ".")
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(schemas: Schemas, name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"## {schema.get('title', name)}", "", schema.get("description", ""), "", f"Schema: `schema/{name}.schema.json`", ""]
    fields = list(walk(schemas, schema))
    if fields:
        lines += ["| Field | Required | Kind | What it means |", "| --- | --- | --- | --- |"]
        for field in fields:
            text = " ".join([f"**{field.schema.get('title', '')}.**", field.schema.get("description", ""), *field.rules, *notes(schemas, field.schema)])
            lines.append(f"| `{field.path}` | {'yes' if field.required else ''} | {_cell(kind(schemas, field.schema))} | {_cell(text)} |")
        lines.append("")
    if isinstance(schema.get("additionalProperties"), dict):  # named keys and any others (interface words)
        names = schema.get("propertyNames", {})
        lines += [
            "Any number of entries `key: text`; keys are lower-case words joined by dots "
            f"(they must match `{names.get('pattern', '')}`)." if names else "Any number of entries.",
            "",
        ]
        if schema.get("examples"):
            lines += ["Example: " + ", ".join(f"`{flow(e)}`" for e in schema["examples"]), ""]
    return lines


def render(schemas: Schemas) -> str:
    """The whole field reference as Markdown."""
    lines = [
        "<!-- Generated by `catalog fieldref` from schema/*.schema.json; do not edit: change the schema and run `catalog fieldref`. -->",
        "",
        "# Field reference",
        "",
        ("Every field of every kind of catalogue file, read from the JSON Schemas in `schema/`. A nested field is "
        "written with dots (`outcome.validity`); `[]` marks the entries of a list (`fees[].amount` is the amount of "
        "each fee). *Required* means required whenever the field around it is written. Texts in several languages "
        "are written once per language code (`mk: ...`, `sq: ...`, `en: ...`)."),
        "",
    ]
    for name in DOCUMENTED:
        if name in schemas.absolute:
            lines += _section(schemas, name, schemas.absolute[name])
    if "service" in schemas.absolute:
        derived = template_schema(schemas.absolute["service"])
        lines += [
            f"## {derived['title']}", "", derived["description"], "",
            (f"Schema: `schema/template.schema.json`. The fields are those of the {schemas.absolute['service'].get('title', 'service').lower()} "
            f"above, except `template`; only {', '.join(f'`{r}`' for r in derived['required'])} is required."),
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- command

def run(root: Path, output: Path | None, check: bool, out: Any = None) -> int:
    """Write (or with ``check`` compare) the reference; 0 when it is up to date or written, 1 when it differs.

    Without ``output``, the project's own ``schema/template.schema.json`` (derived from the service
    schema for editors' IDEs) is written or checked too: one command after a schema change.
    """
    out = out or sys.stdout  # read when called: pytest and callers swap sys.stdout after import
    text = render(load_model(schema_dir_for(root), root=root))
    if output is not None and str(output) == "-":
        out.write(text)
        return 0
    targets = [(output or root / REFERENCE_FILE, text)]
    own = schema_dir_for(root)
    if output is None and own is not None:
        targets.append((own / TEMPLATE_SCHEMA_FILE, render_template_schema(own)))
    return max(_write(target, wanted, check, out) for target, wanted in targets)


def _write(target: Path, text: str, check: bool, out: Any) -> int:
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check:
        if current == text:
            print(f"{target} is up to date", file=out)
            return 0
        print(f"{target} is out of date: run `catalog fieldref` and commit the result", file=out)
        return 1
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=out)
    else:
        print(f"{target} is up to date", file=out)
    return 0


def _cmd(args: argparse.Namespace) -> int:
    return run(args.root, args.output, args.check)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog fieldref`` on the ``catalog`` command's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "fieldref", help="write the field reference for editors from the schemas",
        description=f"Generate the Markdown reference of every field from schema/*.schema.json into {REFERENCE_FILE.as_posix()} "
                    f"(or --output), and schema/{TEMPLATE_SCHEMA_FILE} from the service schema. With --check, write nothing "
                    "and exit 1 when a file is out of date.",
    )
    parser.add_argument("--root", type=Path, default=None, help="project folder holding schema/ (default: the current folder or its nearest parent with catalog/ and schema/)")
    parser.add_argument("--output", type=Path, default=None, help=f"file to write (default: {REFERENCE_FILE.as_posix()} in the project; - for standard output)")
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date (exit 1 if not)")
    parser.set_defaults(handler=_cmd)
    return parser
