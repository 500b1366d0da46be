"""``catalog diff BASE HEAD``: what a pull request changes, in plain words for the verifier.

Each revision's ``catalog/`` and ``schema/`` are taken out of git into a
temporary folder. Every file that loads is read (an invalid revision is
reported as such and still compared): services are merged with their template
and given the schema's defaults exactly as the model does (``model.merge``,
``model.apply_defaults``), then compared by id. Field names are the schema's
``title``s and values are shown in the catalogue's default language; the frame
text is English. Changes that deserve a closer look are listed first.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from . import layout
from .loader import LoadError, read_document
from .model import apply_defaults, merge
from .schemas import SCHEMA_FILES
from .validate import validate_catalog

FOLDERS = ("catalog", "schema")
MAX_TEXT = 300  # characters of a text shown before it is cut
MAX_ERRORS = 10  # validation errors quoted per invalid revision
# Shared definitions whose parts are shown together as one value ("15 working days", "500 MKD").
COMPOUND = ("duration", "money")


class GitError(Exception):
    """A revision that cannot be read from git."""


# --- the two revisions -------------------------------------------------------------------------


def _git(root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, timeout=120).stdout
    except subprocess.CalledProcessError as exc:
        raise GitError(exc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"cannot run git: {exc}") from None


def materialise(root: Path, revision: str, dest: Path) -> None:
    """Write ``catalog/`` and ``schema/`` of ``revision`` (as they sit under ``root``) into ``dest``."""
    if revision.startswith("-"):
        raise GitError(f"{revision!r} is not a revision")
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    present = _git(top, "ls-tree", "--name-only", revision, "--", *(prefix + f for f in FOLDERS)).decode().split()
    dest.mkdir(parents=True, exist_ok=True)
    if not present:
        return
    archive = _git(top, "archive", "--format=tar", revision, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            member.name = member.name.removeprefix(prefix)
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(dest, filter="data")
        else:  # pragma: no cover - the archive comes from our own repository
            tar.extractall(dest)


@dataclass
class Snapshot:
    """Whatever loads from one revision, plus its validation errors."""

    revision: str
    settings: dict[str, Any] = field(default_factory=dict)
    institutions: dict[str, dict[str, Any]] = field(default_factory=dict)
    vocabularies: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> merged data
    own: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> the service file's own data
    paths: dict[str, str] = field(default_factory=dict)  # id -> catalog/services/...
    ui: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    schema: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def default_language(self) -> str:
        languages = self.settings.get("languages")
        return languages[0] if isinstance(languages, list) and languages and isinstance(languages[0], str) else "en"


def load_snapshot(folder: Path, revision: str) -> Snapshot:
    """Read every file of ``folder/catalog`` that parses; validation errors are kept as text."""
    snap = Snapshot(revision)
    result = validate_catalog(folder)
    snap.errors = [f"{p.file}:{p.line}:{p.column}: {p.field + ': ' if p.field else ''}{p.message}" for p in result.errors]
    schema_dir = folder / "schema"
    for name in SCHEMA_FILES:
        path = schema_dir / f"{name}.schema.json"
        if path.is_file():
            snap.schema[name] = json.loads(path.read_text(encoding="utf-8"))
    if not (folder / "catalog").is_dir():
        return snap
    docs: list[tuple[layout.Entry, dict[str, Any], str]] = []
    for entry in layout.scan(folder / "catalog").entries:
        display = entry.path.relative_to(folder).as_posix()
        try:
            docs.append((entry, read_document(entry.path, display).data, display))
        except LoadError:
            continue  # already among the validation errors
    for entry, data, _ in docs:
        key = data.get("id") if isinstance(data.get("id"), str) else entry.path.stem
        if entry.kind == "settings":
            snap.settings = data
        elif entry.kind == "institution":
            snap.institutions.setdefault(key, data)
        elif entry.kind == "template":
            snap.templates.setdefault(key, data)
        elif entry.kind == "ui":
            snap.ui[entry.path.stem] = data
        elif entry.kind == "vocabulary" and isinstance(data.get("terms"), list):
            snap.vocabularies[entry.path.stem] = {t["id"]: t for t in data["terms"] if isinstance(t, dict) and isinstance(t.get("id"), str)}
    currency = snap.settings.get("default_currency", "")
    for entry, data, display in docs:
        key = data.get("id")
        if entry.kind != "service" or not isinstance(key, str) or key in snap.services:
            continue
        template = snap.templates.get(data["template"]) if isinstance(data.get("template"), str) else None
        merged = merge(template, data) if template else merge({}, data)
        lists = [merged.get("fees", []), merged.get("documents", [])]
        usable = all(isinstance(x, list) and all(isinstance(i, dict) for i in x) for x in lists)  # an invalid file may not be
        snap.services[key] = apply_defaults(merged, currency) if usable else merged
        snap.own[key], snap.paths[key] = data, display
    return snap


# --- the schema: titles and kinds of values -------------------------------------------------------


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


# --- values in words ---------------------------------------------------------------------------


def _escape(text: str) -> str:
    """Data shown inside Markdown: on one line, cut when long, with Markdown's markup characters escaped."""
    text = " ".join(str(text).split())
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return "".join("\\" + c if c in "\\`*_[]<>|" else c for c in text)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Change:
    """One changed place: the titles leading to it and what happened there."""

    path: tuple[str, ...]
    text: str

    def line(self) -> str:
        return f"{' › '.join(self.path)}: {self.text}" if self.path else self.text


class Differ:
    """Compares two values of one schema place and says what changed, in the default language."""

    def __init__(self, base: Snapshot, head: Snapshot) -> None:
        self.sides = {"old": base, "new": head}
        self.language = head.default_language if head.settings else base.default_language
        self.dropped: list[tuple[tuple[str, ...], list[str]]] = []  # translations present before and missing now

    # showing one value

    def text(self, value: dict[str, Any]) -> str:
        if self.language in value:
            return _escape(value[self.language])
        first = next(iter(sorted(value)), None)
        return f"({first}) {_escape(value[first])}" if first else ""

    def duration(self, value: dict[str, Any], side: str) -> str:
        amount, unit = value.get("value"), value.get("unit")
        words = self.sides[side].ui.get(self.language, {})
        try:
            form = Locale.parse(self.language.replace("-", "_")).plural_form(amount) if isinstance(amount, int) else "other"
        except (ValueError, LookupError):
            form = "other"
        for key in (f"unit.{unit}.{form}", f"unit.{unit}.other"):
            if isinstance(words.get(key), str):
                return _escape(words[key].format(n=amount))
        return f"{_number(amount)} {_escape(str(unit))}"

    def reference(self, value: str, kind: str, side: str) -> str:
        snap = self.sides[side]
        record: Any = None
        if kind == "institution":
            record = snap.institutions.get(value)
            return f"{self.text(record['name'])} ({_escape(value)})" if isinstance(record, dict) and isinstance(record.get("name"), dict) else _escape(value)
        if kind.startswith("vocabulary:"):
            record = snap.vocabularies.get(kind.split(":", 1)[1], {}).get(value)
        return self.text(record["name"]) if isinstance(record, dict) and isinstance(record.get("name"), dict) else _escape(value)

    def show(self, value: Any, node: Node, side: str) -> str:
        """A value in words."""
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if node.localized and isinstance(value, dict):
            if all(isinstance(v, list) for v in value.values()):
                return _escape(", ".join(value.get(self.language, [])))
            return self.text(value)
        if isinstance(value, str):
            return self.reference(value, node.ref, side) if node.ref else _escape(value)
        if isinstance(value, (int, float)):
            return _number(value)
        if isinstance(value, list):
            item = node.items or Node()
            return "; ".join(self.summary(v, item, side) for v in value) if item.properties else ", ".join(self.show(v, item, side) for v in value)
        if isinstance(value, dict):
            parts = [self.compound(value, node, side)] if node.compound else []
            for key, sub in self.keys(value, {}, node):
                if key not in node.compound_keys:
                    parts.append(f"{sub.title or key}: {self.show(value[key], sub, side)}")
            return "; ".join(p for p in parts if p)
        return _escape(str(value))

    def compound(self, value: dict[str, Any], node: Node, side: str) -> str:
        if node.compound == "duration":
            return self.duration(value, side)
        return f"{_number(value.get('amount'))} {_escape(str(value.get('currency', '')))}".strip()

    def label(self, item: Any, node: Node, side: str) -> str:
        """What names a list item: its first required field (a document's name, a fee's purpose)."""
        if isinstance(item, dict):
            for key in node.required:
                if key in item:
                    return self.show(item[key], node.properties.get(key, Node()), side)
        return self.show(item, node, side)

    def summary(self, item: Any, node: Node, side: str) -> str:
        label = self.label(item, node, side)
        if isinstance(item, dict) and node.compound:
            return f"{label} ({self.compound(item, node, side)})"
        return label

    @staticmethod
    def keys(old: dict[str, Any], new: dict[str, Any], node: Node) -> list[tuple[str, Node]]:
        """Fields in schema order, then any the schema does not know, alphabetically."""
        present = set(old) | set(new)
        known = [k for k in node.properties if k in present]
        return [(k, node.properties.get(k, Node())) for k in known + sorted(present - set(known))]

    # comparing two values

    def diff(self, old: Any, new: Any, node: Node, path: tuple[str, ...]) -> list[Change]:
        """Every change between ``old`` and ``new`` at ``path``; nothing when they are equal."""
        if old == new:
            return []
        if old is None:
            return [Change(path, f"added: {self.show(new, node, 'new')}")]
        if new is None:
            return [Change(path, f"removed (was: {self.show(old, node, 'old')})")]
        if node.localized and isinstance(old, dict) and isinstance(new, dict):
            return self.diff_localized(old, new, node, path)
        if isinstance(old, list) and isinstance(new, list):
            return self.diff_list(old, new, node.items or Node(), path)
        if isinstance(old, dict) and isinstance(new, dict):
            return self.diff_mapping(old, new, node, path)
        return [Change(path, f"{self.show(old, node, 'old')} → {self.show(new, node, 'new')}")]

    def diff_localized(self, old: dict[str, Any], new: dict[str, Any], node: Node, path: tuple[str, ...]) -> list[Change]:
        parts = []
        lang = self.language
        if old.get(lang) != new.get(lang):
            if node.markdown:
                parts.append("text changed")
            elif all(isinstance(v, list) for v in (*old.values(), *new.values())):
                before, after = old.get(lang, []), new.get(lang, [])
                parts += [f"{verb}: {_escape(', '.join(words))}" for verb, words in (("added", [w for w in after if w not in before]), ("removed", [w for w in before if w not in after])) if words]
            else:
                parts.append(f"{self.show(old, node, 'old')} → {self.show(new, node, 'new')}")
        dropped = sorted(set(old) - set(new))
        added = sorted(set(new) - set(old))
        if dropped:
            self.dropped.append((path, dropped))
            parts.append(f"translation dropped: {', '.join(dropped)}")
        if added:
            parts.append(f"translation added: {', '.join(added)}")
        changed = sorted(k for k in set(old) & set(new) if k != lang and old[k] != new[k])
        if changed and old.get(lang) == new.get(lang):
            parts.append(f"translation changed: {', '.join(changed)}")
        return [Change(path, "; ".join(parts))] if parts else []

    def keyed(self, items: list[Any], node: Node, side: str) -> dict[str, Any]:
        seen: Counter[str] = Counter()
        out = {}
        for item in items:
            label = self.label(item, node, side)
            seen[label] += 1
            out[label if seen[label] == 1 else f"{label} ({seen[label]})"] = item
        return out

    def diff_list(self, old: list[Any], new: list[Any], item: Node, path: tuple[str, ...]) -> list[Change]:
        before, after = self.keyed(old, item, "old"), self.keyed(new, item, "new")
        parts = []
        if added := [k for k in after if k not in before]:
            parts.append("added: " + "; ".join(self.summary(after[k], item, "new") for k in added))
        if removed := [k for k in before if k not in after]:
            parts.append("removed: " + "; ".join(self.summary(before[k], item, "old") for k in removed))
        changes = [Change(path, "; ".join(parts))] if parts else []
        for key in after:
            if key in before:
                changes += self.diff(before[key], after[key], item, (*path, key))
        if not changes:
            changes.append(Change(path, "order changed"))
        return changes

    def diff_mapping(self, old: dict[str, Any], new: dict[str, Any], node: Node, path: tuple[str, ...]) -> list[Change]:
        changes = []
        if node.compound:
            parts = ({k: old.get(k) for k in node.compound_keys}, {k: new.get(k) for k in node.compound_keys})
            if parts[0] != parts[1]:
                changes.append(Change(path, f"{self.compound(old, node, 'old')} → {self.compound(new, node, 'new')}"))
        for key, sub in self.keys(old, new, node):
            if key not in node.compound_keys:
                changes += self.diff(old.get(key), new.get(key), sub, (*path, sub.title or key))
        return changes


# --- the report -------------------------------------------------------------------------------


@dataclass
class Section:
    """One service or institution in the report."""

    key: str  # what the sections are sorted by
    heading: str
    meta: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything the Markdown says, in order."""

    base: Snapshot
    head: Snapshot
    flags: list[str] = field(default_factory=list)
    summary: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in SUMMARY})
    services: list[Section] = field(default_factory=list)
    institutions: list[Section] = field(default_factory=list)
    vocabularies: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


SUMMARY = ("Added", "Removed", "Withdrawn", "Renamed", "Identifier changed", "Changed")


def _code(text: str) -> str:
    return f"`{text}`"


def _teams(snapshots: list[Snapshot], institution: Any) -> list[str]:
    teams: list[str] = []
    for snap in snapshots:
        record = snap.institutions.get(institution) if isinstance(institution, str) else None
        for team in record.get("editor_teams", []) if isinstance(record, dict) else []:
            if isinstance(team, str) and f"@{team}" not in teams:
                teams.append(f"@{team}")
    return teams


def _channels(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    channels = data.get("channels")
    return [c for c in channels if isinstance(c, dict) and c.get("type") == kind] if isinstance(channels, list) else []


def _best_maturity(channels: list[dict[str, Any]]) -> int | None:
    levels = [c["maturity"] for c in channels if isinstance(c.get("maturity"), int)]
    return max(levels) if levels else None


class Comparison:
    """Builds the ``Report`` for two snapshots."""

    def __init__(self, base: Snapshot, head: Snapshot) -> None:
        self.base, self.head = base, head
        self.schema = SchemaIndex(head.schema, base.schema)
        self.service_node = self.schema.root("service")
        self.differ = Differ(base, head)
        self.report = Report(base, head)

    def name(self, data: dict[str, Any], side: str) -> str:
        value = data.get("name")
        return self.differ.show(value, self.service_node.properties.get("name", Node(localized=True)), side) if isinstance(value, dict) else ""

    def flag(self, who: str, message: str) -> None:
        self.report.flags.append(f"{who}: {message}")

    def run(self) -> Report:
        old, new = self.base.services, self.head.services
        removed = sorted(set(old) - set(new))
        added = sorted(set(new) - set(old))
        pairs = {sid: sid for sid in sorted(set(old) & set(new))}  # old id -> new id
        redirected: set[str] = set()
        for sid in sorted(new):
            for former in new[sid].get("former_ids") or []:
                if former in removed and former not in pairs:
                    pairs[former] = sid
                    redirected.add(former)
        for gone in removed:  # same catalogue code under a new id: an id change without a redirect
            match = next((a for a in added if a not in pairs.values() and new[a].get("code") == old[gone].get("code")), None)
            if gone not in pairs and match:
                pairs[gone] = match
        for gone in removed:
            if gone not in pairs:
                self.removed(gone)
        for sid in added:
            if sid not in pairs.values():
                self.added(sid)
        for before, after in sorted(pairs.items(), key=lambda p: p[1]):
            self.changed(before, after, before in redirected)
        self.report.services.sort(key=lambda s: s.key)
        self.report.flags.sort(key=lambda f: f.split(":", 1)[0].strip("`"))  # by service, stable within one
        self.institutions()
        self.vocabularies()
        self.other()
        return self.report

    def owner(self, data: dict[str, Any], side: str, other: dict[str, Any] | None = None) -> str:
        node = self.service_node.properties.get("institution", Node(ref="institution"))
        owner = self.differ.show(data.get("institution"), node, side)
        if other is not None and other.get("institution") != data.get("institution"):
            owner = f"{self.differ.show(other.get('institution'), node, 'old')} → {owner}"
        teams = _teams([self.head, self.base], data.get("institution")) + _teams([self.base], (other or {}).get("institution"))
        return f"Owning institution: {owner} · editors: {', '.join(_code(t) for t in dict.fromkeys(teams)) or 'none named'}"

    def added(self, sid: str) -> None:
        data = self.head.services[sid]
        self.report.summary["Added"].append(_code(sid))
        lines = [f"New service; review the whole file {_code(self.head.paths[sid])}."]
        self.report.services.append(Section(sid, f"{_code(sid)} — {self.name(data, 'new')} (new)", [self.owner(data, "new")], lines))

    def removed(self, sid: str) -> None:
        data = self.base.services[sid]
        self.report.summary["Removed"].append(_code(sid))
        self.flag(_code(sid), f"service removed and no service lists {_code(sid)} in `former_ids`: its address stops working")
        lines = [f"Service removed (was {_code(self.base.paths[sid])})."]
        self.report.services.append(Section(sid, f"{_code(sid)} — {self.name(data, 'old')} (removed)", [self.owner(data, "old")], lines))

    def changed(self, before: str, after: str, redirected: bool) -> None:
        old, new = self.base.services[before], self.head.services[after]
        self.differ.dropped = []
        changes = self.differ.diff({k: v for k, v in old.items() if k != "id"}, {k: v for k, v in new.items() if k != "id"}, self.service_node, ())
        who = _code(after) if before == after else f"{_code(before)} → {_code(after)}"
        if before != after and after in self.base.services:  # merged into a service that already existed
            self.report.summary["Identifier changed"].append(f"{who} (merged into an existing service; the old address redirects)")
            return
        if before != after:
            self.report.summary["Identifier changed"].append(f"{who} ({'the old address redirects' if redirected else 'without a redirect'})")
            if not redirected:
                self.flag(who, f"identifier changed without a redirect; add {_code(before)} to `former_ids`")
        elif not changes:
            return
        self.flags_for(who, old, new)
        if old.get("status", "active") != "withdrawn" and new.get("status") == "withdrawn":
            self.report.summary["Withdrawn"].append(_code(after))
        elif self.name(old, "old") != self.name(new, "new"):
            self.report.summary["Renamed"].append(f"{_code(after)}: {self.name(old, 'old')} → {self.name(new, 'new')}")
        elif before == after:
            self.report.summary["Changed"].append(_code(after))
        lines = [c.line() for c in changes] or ["No change besides the identifier."]
        if changes and self.base.own.get(before) == self.head.own.get(after) and new.get("template"):
            lines.append(f"(changed through the shared template {_code(str(new['template']))})")
        self.report.services.append(Section(after, f"{who} — {self.name(new, 'new')}", [self.owner(new, "new", old)], lines))

    def flags_for(self, who: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        differ = self.differ
        if old.get("status", "active") != "withdrawn" and new.get("status") == "withdrawn":
            replaced = f" (replaced by {_code(str(new['replaced_by']))})" if new.get("replaced_by") else " (nothing named in `replaced_by`)"
            self.flag(who, "withdrawn" + replaced)
        if old.get("institution") != new.get("institution"):
            node = self.service_node.properties.get("institution", Node(ref="institution"))
            self.flag(who, f"moved to another institution: {differ.show(old.get('institution'), node, 'old')} → {differ.show(new.get('institution'), node, 'new')}")
        online_old, online_new = _channels(old, "online"), _channels(new, "online")
        if len(online_new) < len(online_old):
            urls = [str(c.get("url")) for c in online_old if c.get("url") and c.get("url") not in {n.get("url") for n in online_new}]
            self.flag(who, "online channel removed" + (f" ({_escape(', '.join(urls))})" if urls else ""))
        maturity_old, maturity_new = _best_maturity(online_old), _best_maturity(online_new)
        if online_new and maturity_old is not None and maturity_new is not None and maturity_new < maturity_old:
            self.flag(who, f"less can be done online: e-service maturity {maturity_old} → {maturity_new}")
        visits_old, visits_new = old.get("in_person_visits"), new.get("in_person_visits")
        if isinstance(visits_old, int) and isinstance(visits_new, int) and visits_new > visits_old:
            self.flag(who, f"more visits in person: {visits_old} → {visits_new}")
        fee_node = (self.service_node.properties.get("fees") or Node()).items or Node()
        fees_old = differ.keyed(old.get("fees") or [], fee_node, "old")
        for key, fee in differ.keyed(new.get("fees") or [], fee_node, "new").items():
            was = fees_old.get(key)
            if not isinstance(fee, dict) or not isinstance(fee.get("amount"), (int, float)):
                continue
            if was is None and fee["amount"] > 0:
                self.flag(who, f"new fee: {differ.summary(fee, fee_node, 'new')}")
            elif not isinstance(was, dict) or not isinstance(was.get("amount"), (int, float)):
                continue
            elif was.get("currency") != fee.get("currency"):  # amounts in two currencies do not compare
                self.flag(who, f"fee in another currency: {key}: {differ.compound(was, fee_node, 'old')} → {differ.compound(fee, fee_node, 'new')}")
            elif fee["amount"] > was["amount"]:
                self.flag(who, f"fee goes up: {key}: {differ.compound(was, fee_node, 'old')} → {differ.compound(fee, fee_node, 'new')}")
        doc_node = (self.service_node.properties.get("documents") or Node()).items or Node()
        docs_old = differ.keyed(old.get("documents") or [], doc_node, "old")
        for key, doc in differ.keyed(new.get("documents") or [], doc_node, "new").items():
            was = docs_old.get(key)
            if isinstance(doc, dict) and not doc.get("obtained_by_administration") and (was is None or (isinstance(was, dict) and was.get("obtained_by_administration"))):
                self.flag(who, f"the citizen must now bring a document: {key}")
        if differ.dropped:
            places = ", ".join(" › ".join(path) for path, _ in differ.dropped)
            languages = sorted({lang for _, langs in differ.dropped for lang in langs})
            self.flag(who, f"translation dropped ({', '.join(languages)}): {places}")

    def institutions(self) -> None:
        node = self.schema.root("institution")
        old, new = self.base.institutions, self.head.institutions
        for iid in sorted(set(old) | set(new)):
            before, after = old.get(iid), new.get(iid)
            if before == after:
                continue
            data = after or before or {}
            side = "new" if after else "old"
            heading = f"{_code(iid)} — {self.differ.show(data.get('name'), node.properties.get('name', Node(localized=True)), side)}"
            meta = [f"Editors: {', '.join(_code(t) for t in _teams([self.head, self.base], iid)) or 'none named'}"]
            if before is None or after is None:
                lines = ["New institution." if before is None else "Institution removed."]
            else:
                lines = [c.line() for c in self.differ.diff(before, after, node, ())]
                if before.get("editor_teams") != after.get("editor_teams"):
                    self.flag(f"institution {_code(iid)}", "editors' teams changed (who may propose changes to its services)")
            self.report.institutions.append(Section(iid, heading, meta, lines))
        self.differ.dropped = []

    def vocabularies(self) -> None:
        old, new = self.base.vocabularies, self.head.vocabularies
        for name in sorted(set(old) | set(new)):
            before, after = old.get(name, {}), new.get(name, {})
            parts = [f"{verb}: {', '.join(_code(t) for t in terms)}" for verb, terms in (
                ("terms added", sorted(set(after) - set(before))),
                ("terms removed", sorted(set(before) - set(after))),
                ("terms changed", sorted(t for t in set(before) & set(after) if before[t] != after[t])),
            ) if terms]
            if parts:
                self.report.vocabularies.append(f"{_code(name)}: {'; '.join(parts)}")

    def other(self) -> None:
        settings = self.differ.diff(self.base.settings, self.head.settings, self.schema.root("settings"), ("Settings",))
        self.report.other += [c.line() for c in settings]
        for tid in sorted(set(self.base.templates) | set(self.head.templates)):
            if self.base.templates.get(tid) != self.head.templates.get(tid):
                users = sorted(s for s, d in self.head.services.items() if d.get("template") == tid)
                self.report.other.append(f"Shared template {_code(tid)} changed" + (f" (used by {', '.join(_code(u) for u in users)})" if users else ""))
        for lang in sorted(set(self.base.ui) | set(self.head.ui)):
            before, after = self.base.ui.get(lang, {}), self.head.ui.get(lang, {})
            if before != after:
                count = len({k for k in set(before) | set(after) if before.get(k) != after.get(k)})
                self.report.other.append(f"Interface words {_code(lang)}: {count} changed")
        self.differ.dropped = []


def to_markdown(report: Report) -> str:
    """The report as Markdown for a pull request comment."""
    out = [f"## Catalogue changes: {_code(report.base.revision)} → {_code(report.head.revision)}", ""]
    for snap in (report.base, report.head):
        if snap.errors:
            out += [f"> **{_code(snap.revision)} does not pass validation** ({len(snap.errors)} error{'s' if len(snap.errors) != 1 else ''}); "
                    "the changes below are read from the files that load. Run `catalog validate` for the full list.", ">"]
            out += [f"> - {_escape(e)}" for e in snap.errors[:MAX_ERRORS]] + ([f"> - … and {len(snap.errors) - MAX_ERRORS} more"] if len(snap.errors) > MAX_ERRORS else []) + [""]
    summary = [f"- {what}: {', '.join(items)}" for what, items in report.summary.items() if items]
    if not (summary or report.services or report.institutions or report.vocabularies or report.other):
        return "\n".join(out + ["No changes to the catalogue.", ""])
    if report.flags:
        out += ["### Needs a closer look", "", *(f"- {f}" for f in report.flags), ""]
    if summary:
        out += ["### Services in short", "", *summary, ""]
    for title, sections in (("Services", report.services), ("Institutions", report.institutions)):
        if sections:
            out += [f"### {title}", ""]
            for section in sections:
                out += [f"#### {section.heading}", "", *(f"{m}  " for m in section.meta[:-1]), *section.meta[-1:], "", *(f"- {line}" for line in section.lines), ""]
    for title, lines in (("Vocabularies", report.vocabularies), ("Other files", report.other)):
        if lines:
            out += [f"### {title}", "", *(f"- {line}" for line in lines), ""]
    return "\n".join(out)


def diff_revisions(root: Path, base: str, head: str) -> str:
    """The Markdown report of what changes in the catalogue from ``base`` to ``head``."""
    with tempfile.TemporaryDirectory(prefix="catalog-diff-") as tmp:
        snapshots = []
        for name, revision in (("base", base), ("head", head)):
            materialise(root, revision, Path(tmp) / name)
            snapshots.append(load_snapshot(Path(tmp) / name, revision))
    return to_markdown(Comparison(*snapshots).run())


def run(args: argparse.Namespace) -> int:
    """Handler of ``catalog diff``."""
    try:
        text = diff_revisions(args.root or Path.cwd(), args.base, args.head)
    except GitError as exc:
        print(f"catalog diff: {exc}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``catalog diff`` on the ``catalog`` command's subparsers."""
    parser = subparsers.add_parser(
        "diff", help="describe what changes between two git revisions, for the pull request's verifier",
        description="Compare catalog/ at two git revisions and write Markdown for the pull request: services added, "
                    "removed, withdrawn, renamed or given a new identifier, every changed field (old → new, in the "
                    "default language), changes that need a closer look, and the editors' teams to ask. "
                    "An invalid revision is said to be invalid and still compared. Exit status 0, or 2 when git "
                    "cannot read a revision.",
    )
    parser.add_argument("base", metavar="BASE", help="the revision the pull request starts from, e.g. origin/main")
    parser.add_argument("head", metavar="HEAD", help="the revision with the changes, e.g. HEAD")
    parser.add_argument("--root", type=Path, default=None, help="project folder inside the git repository (default: the current folder or its nearest parent with catalog/ and schema/)")
    parser.add_argument("--output", type=Path, default=None, help="write the Markdown to this file instead of the standard output")
    parser.set_defaults(handler=run)
    return parser
