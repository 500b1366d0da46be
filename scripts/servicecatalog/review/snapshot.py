"""One git revision of the project, taken out of git and read into a ``Snapshot``.

``materialise`` writes a revision's ``catalog/`` and ``schema/`` into a folder;
``load_snapshot`` reads every file there that loads, merges services with their
template and applies the schema's defaults as the model does, and keeps the
validation errors as text so that an invalid revision can still be compared.
The revision's schemas are read by the schema model (``model.fields``), like
any project's: its own ``schema/`` when it has one, else those shipped.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servicecatalog.model import layout
from servicecatalog.model.catalog import apply_defaults, merge
from servicecatalog.model.fields import SchemaModel, load_model, schema_dir_for
from servicecatalog.model.loader import LoadError, read_document
from servicecatalog.model.schemafiles import SchemaFileError
from servicecatalog.model.validate import validate_catalog

FOLDERS = ("catalog", "schema")


class GitError(Exception):
    """A revision that cannot be read from git."""



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
    schema: SchemaModel | None = None  # None when the revision's schema files cannot be used (among ``errors``)

    @property
    def languages(self) -> list[str]:
        languages = self.settings.get("languages")
        return [x for x in languages if isinstance(x, str)] if isinstance(languages, list) else []

    @property
    def default_language(self) -> str:
        languages = self.settings.get("languages")
        return languages[0] if isinstance(languages, list) and languages and isinstance(languages[0], str) else "en"


def load_snapshot(folder: Path, revision: str) -> Snapshot:
    """Read every file of ``folder/catalog`` that parses; validation errors are kept as text."""
    snap = Snapshot(revision)
    result = validate_catalog(folder)
    snap.errors = [f"{p.file}:{p.line}:{p.column}: {p.field + ': ' if p.field else ''}{p.message}" for p in result.errors]
    try:
        snap.schema = load_model(schema_dir_for(folder), root=folder)
    except SchemaFileError:
        pass  # validation reported it
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
        key: str = data["id"] if isinstance(data.get("id"), str) else entry.path.stem
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
        service_id = data.get("id")
        if entry.kind != "service" or not isinstance(service_id, str) or service_id in snap.services:
            continue
        template = snap.templates.get(data["template"]) if isinstance(data.get("template"), str) else None
        merged = merge(template, data) if template else merge({}, data)
        snap.services[service_id] = apply_defaults(merged, currency, snap.schema)
        snap.own[service_id], snap.paths[service_id] = data, display
    return snap
