"""``catalog new``: a new service file for an editor to fill in, written from the schema.

Every field of ``schema/service.schema.json`` is in the file with its title,
description and examples as comments. Required fields come first and hold
placeholders that validate (so the page can be previewed at once); optional
fields follow, commented out. Nothing here lists fields by hand: the one
exception is ``channels``, which the cross-file rules require of an active service.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servicecatalog.editors.fieldref import Schemas, flow, notes
from servicecatalog.model import layout
from servicecatalog.model.fields import load_model, schema_dir_for
from servicecatalog.model.loader import LoadError, read_document
from servicecatalog.model.validate import PLACEHOLDER  # the validator warns on every field still holding it
from servicecatalog.site.latin import latin_variants

SCHEMA_LINE = "# yaml-language-server: $schema=../../../schema/service.schema.json"
# Required in effect by a cross-file rule (an active service needs a way to apply), not by the schema.
ALSO_REQUIRED = ("channels",)
WIDTH = 100
MAX_SLUG = 60
SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
CODE_LIMIT = 40


class ScaffoldError(Exception):
    """A request the command refuses, with the message to show."""


def slugify(title: str) -> str:
    """An identifier from a title: Cyrillic spelt in Latin letters, diacritics dropped (``Издавање пасош`` -> ``izdavanje-pasos``)."""
    words = []
    for word in re.findall(r"\w+", title.lower()):
        latin = (latin_variants(word) or [word])[0]
        folded = "".join(c for c in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(c))
        words += re.findall(r"[a-z0-9]+", folded)
    slug = ""
    for word in words:  # stop at a word boundary, so the address stays readable
        if slug and len(slug) + 1 + len(word) > MAX_SLUG:
            break
        slug = f"{slug}-{word}" if slug else word[:MAX_SLUG]
    if slug and not slug[0].isalpha():
        slug = f"service-{slug}"
    return slug


@dataclass
class Context:
    """What the catalogue offers as values: languages, vocabulary terms, the institution's offices."""

    institution: str
    languages: list[str]
    terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # vocabulary -> (id, name)
    offices: list[str] = field(default_factory=list)  # "institution/office"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_document(path, path.name).data
    except (LoadError, OSError):
        return {}  # `catalog validate` reports what is wrong with it; the scaffold only borrows values
    return data if isinstance(data, dict) else {}


def _text(value: Any, language: str) -> str:
    return str(value.get(language, next(iter(value.values()), ""))) if isinstance(value, dict) and value else ""


def load_context(catalog_dir: Path, institution: str) -> Context:
    """Read the settings, the vocabularies and the institution's offices."""
    languages = [x for x in _read(catalog_dir / layout.SETTINGS_FILE).get("languages", []) if isinstance(x, str)] or ["en"]
    context = Context(institution, languages)
    for path in sorted((catalog_dir / "vocabularies").glob("*.yaml")):
        terms = _read(path).get("terms", [])
        context.terms[path.stem] = [(t["id"], _text(t.get("name"), languages[0])) for t in terms if isinstance(t, dict) and isinstance(t.get("id"), str)]
    offices = _read(catalog_dir / "institutions" / f"{institution}.yaml").get("offices", [])
    context.offices = [f"{institution}/{o['id']}" for o in offices if isinstance(o, dict) and isinstance(o.get("id"), str)]
    return context


class Writer:
    """Turns the service schema into commented YAML lines."""

    def __init__(self, schemas: Schemas, context: Context, values: dict[str, Any]) -> None:
        self.schemas, self.context, self.values = schemas, context, values

    # -- explanations
    def explain(self, prop: dict[str, Any], required: bool, todo: bool) -> list[str]:
        label = "required" if required else "optional"
        parts = [f"{prop.get('title', '')} ({label}): {prop.get('description', '')}", *notes(self.schemas, prop), *self.choices(prop)]
        if todo:
            parts.append(f"{PLACEHOLDER}: replace this placeholder.")
        return ["# " + line for line in textwrap.wrap(" ".join(parts), WIDTH - 2, break_on_hyphens=False)]

    def choices(self, prop: dict[str, Any]) -> list[str]:
        target = self.target(prop)
        if target.startswith("vocabulary:") and (terms := self.context.terms.get(target.removeprefix("vocabulary:"))):
            return ["Choose from: " + ", ".join(f"{term} ({name})" if name else term for term, name in terms) + "."]
        if target == "office" and self.context.offices:
            return ["Offices of this institution: " + ", ".join(self.context.offices) + "."]
        return []

    def target(self, prop: dict[str, Any]) -> str:
        items = self.schemas.effective(prop["items"]) if isinstance(prop.get("items"), dict) else {}
        return str(prop.get("x-ref") or items.get("x-ref") or "")

    # -- values
    def scalar(self, prop: dict[str, Any]) -> Any:
        """A value that satisfies the schema of a single value."""
        target = prop.get("x-ref", "")
        if target.startswith("vocabulary:") and (terms := self.context.terms.get(target.removeprefix("vocabulary:"))):
            return terms[0][0]
        if target == "institution":
            return self.context.institution
        if target == "office" and self.context.offices:
            return self.context.offices[0]
        for key in ("default", "enum"):
            if key in prop:
                return prop[key] if key == "default" else prop["enum"][0]
        examples = prop.get("examples") or prop.get("_ref_examples")
        if examples:
            return examples[0]
        kind = prop.get("type")
        if kind in ("integer", "number"):
            return prop.get("minimum", 0)
        return False if kind == "boolean" else PLACEHOLDER

    def localized(self, prop: dict[str, Any], text: str) -> list[str]:
        """One entry per language: the default language written, the others commented out."""
        is_list = isinstance(prop.get("additionalProperties"), dict) and prop["additionalProperties"].get("type") == "array"
        lines = []
        for index, language in enumerate(self.context.languages):
            value = flow(text if index == 0 else PLACEHOLDER)
            entry = [f"{language}:", f"  - {value}"] if is_list else [f"{language}: {value}"]
            lines += entry if index == 0 else ["# " + line for line in entry]
        return lines

    def value(self, name: str, prop: dict[str, Any], required: bool, top: bool = False) -> tuple[str | None, list[str]]:
        """The value of a field: inline text for ``name: value``, or lines to indent under ``name:``."""
        if top and name in self.values:
            given = self.values[name]
            if isinstance(given, dict):  # a text in several languages
                return None, self.localized(prop, _text(given, self.context.languages[0]))
            return flow(given), []
        if prop.get("x-localized"):
            return None, self.localized(prop, f"{PLACEHOLDER}: {prop.get('description', '')}" if required else PLACEHOLDER)
        if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
            items = self.schemas.effective(prop["items"])
            if "properties" in items:
                body = self.mapping(items)
                first = next(i for i, line in enumerate(body) if not line.startswith("#"))
                # the first written field carries the dash; comments before it stay in the dash's column
                return None, body[:first] + ["- " + body[first]] + ["  " + line for line in body[first + 1 :]]
            return None, [f"- {flow(self.scalar(items))}"]
        if "properties" in prop:
            return None, self.mapping(prop)
        if prop.get("type") == "object":
            return "{}", []
        return flow(self.scalar(prop)), []

    def mapping(self, node: dict[str, Any], top: bool = False) -> list[str]:
        """The fields of an object: required ones first and written, then the optional ones commented out."""
        required = set(node.get("required", [])) | (set(ALSO_REQUIRED) if top else set())
        names = list(node.get("properties", {}))
        lines: list[str] = []
        for name in sorted(names, key=lambda n: n not in required):  # stable: schema order within each group
            prop = self.schemas.effective(node["properties"][name])
            needed = name in required
            if top:
                lines.append("")
            lines += self.explain(prop, needed, todo=top and needed and name not in self.values)
            inline, body = self.value(name, prop, needed, top)
            block = [f"{name}: {inline}"] if inline is not None else [f"{name}:"] + ["  " + line for line in body]
            lines += block if needed else ["# " + line for line in block]
        return lines


def render(schemas: Schemas, context: Context, service_id: str, title: str, code: str) -> str:
    """The text of a new service file."""
    service = schemas.absolute["service"]
    values = {"id": service_id, "code": code, "name": {context.languages[0]: title}, "institution": context.institution}
    header = [
        SCHEMA_LINE,
        f"# {service.get('title', 'Service')}: {service.get('description', '')}",
        f"# Required fields come first and hold placeholders: replace every {PLACEHOLDER} and check every value.",
        "# Optional fields follow, commented out: to use one, remove the `# ` at the start of its lines.",
        "# Texts in other languages are commented out below the default language: add the translations.",
    ]
    wrapped = [wrapped for line in header[1:] for wrapped in textwrap.wrap(line, WIDTH, subsequent_indent="# ", break_on_hyphens=False)]
    body = Writer(schemas, context, values).mapping(schemas.effective(service), top=True)
    return "\n".join([header[0], *wrapped, *body]) + "\n"


def _existing(catalog_dir: Path) -> tuple[dict[str, Path], dict[str, str], set[str]]:
    """Current service ids (with their files), former ids (with their service) and codes."""
    ids: dict[str, Path] = {}
    former: dict[str, str] = {}
    codes: set[str] = set()
    for path in sorted((catalog_dir / layout.SERVICES).glob("*/*.yaml")):
        ids[path.stem] = path
        data = _read(path)
        former.update({old: path.stem for old in data.get("former_ids", []) if isinstance(old, str)})
        if isinstance(data.get("code"), str):
            codes.add(data["code"])
    return ids, former, codes


def _code(service_id: str, codes: set[str]) -> str:
    base = (f"{PLACEHOLDER}-" + service_id.upper())[:CODE_LIMIT - 3].rstrip("-")
    code, number = base, 1
    while code in codes:
        number += 1
        code = f"{base}-{number}"
    return code


def create(root: Path, institution: str, title: str, service_id: str | None = None, *, force: bool = False) -> Path:
    """Write ``catalog/services/<institution>/<id>.yaml``; refuses rather than overwrite anything."""
    catalog_dir = root / "catalog"
    if not catalog_dir.is_dir():
        raise ScaffoldError(f"there is no catalog/ folder in {root}; run the command in the project folder or pass --root")
    known = sorted(p.stem for p in (catalog_dir / "institutions").glob("*.yaml") if SLUG.fullmatch(p.stem))
    if not SLUG.fullmatch(institution):  # it becomes a folder name: `../../x` would write outside catalog/
        raise ScaffoldError(f"{institution[:80]!r} is not an institution id: ids are lower-case letters, digits and single hyphens; use one of: {', '.join(known) or 'none yet'}")
    if institution not in known and not force:
        raise ScaffoldError(f"there is no institution {institution!r} (no catalog/institutions/{institution}.yaml); use one of: {', '.join(known) or 'none yet'}")
    if not title.strip():
        raise ScaffoldError("the title is empty; give the service's name in the catalogue's default language")
    service_id = service_id or slugify(title)
    if not SLUG.fullmatch(service_id) or len(service_id) > 80:
        raise ScaffoldError(f"{service_id!r} cannot be an id: use lower-case letters, digits and single hyphens, starting with a letter (for example --id passport)")
    path = catalog_dir / layout.SERVICES / institution / f"{service_id}.yaml"
    ids, former, codes = _existing(catalog_dir)
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; edit it, or choose another id with --id")
    if service_id in ids:
        raise ScaffoldError(f"the id {service_id!r} is taken by {ids[service_id].relative_to(root).as_posix()}; choose another with --id")
    if service_id in former:
        raise ScaffoldError(f"the id {service_id!r} was used before by the service {former[service_id]!r} (its former_ids) and must not be reused; choose another with --id")
    text = render(load_model(schema_dir_for(root), root=root), load_context(catalog_dir, institution), service_id, title.strip(), _code(service_id, codes))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path


def _cmd(args: argparse.Namespace) -> int:
    try:
        path = create(args.root, args.institution, args.title, args.id, force=args.force)
    except ScaffoldError as exc:
        print(f"catalog new: error: {exc}", file=sys.stderr)
        return 1
    shown = path.relative_to(args.root).as_posix() if path.is_relative_to(args.root) else path.as_posix()
    print(f"created {shown}\n")
    print("Next steps:")
    print(f"  1. Open {shown}, replace every {PLACEHOLDER} and fill in what citizens need; the comments explain each field.")
    print("  2. Run `catalog validate` and fix what it reports (file:line:column: error: field: message).")
    print("  3. Run `catalog serve` and open http://127.0.0.1:8000/ to see the page.")
    print("  4. Commit the file on a new branch and open a pull request; a verifier's approval publishes it.")
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog new`` on the ``catalog`` command's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "new", help="create a new service file to fill in",
        description="Create catalog/services/INSTITUTION/ID.yaml with every field of the service schema explained in comments: "
                    "required fields hold placeholders that validate, optional ones are commented out. Never overwrites a file. "
                    "Exit status: 0 created, 1 refused.",
    )
    parser.add_argument("institution", help="id of the owning institution, as in catalog/institutions/<id>.yaml")
    parser.add_argument("title", help="the service's name in the catalogue's default language, in quotes")
    parser.add_argument("--id", default=None, help="the service's id (default: made from the title, Cyrillic spelt in Latin letters)")
    parser.add_argument("--root", type=Path, default=None, help="project folder holding catalog/ (default: the current folder or its nearest parent with catalog/ and schema/)")
    parser.add_argument("--force", action="store_true", help="create the file even if the institution's own file does not exist yet (for a pull request that adds it); never overwrites")
    parser.set_defaults(handler=_cmd)
    return parser
