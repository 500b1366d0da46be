"""The schema files: read once, from the package or a project's own ``schema/``, and checked.

The schemas ship inside the package (``servicecatalog/schema``, read with
``importlib.resources``), so an installed ``catalog`` works in any folder. The
build copies them there from the top-level ``schema/``, the folder people read
and edit (``setup.py``); a test proves the installed copy holds the same bytes.
Run from the checkout (an editable install, or ``PYTHONPATH=scripts``) the
package has no copy and reads the checkout's ``schema/`` itself.

Every file is checked against the JSON Schema 2020-12 meta-schema before any
catalogue file is read against it: a missing, malformed or invalid schema is a
``SchemaFileError`` located at ``file:line:col``, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

# Every schema a catalogue is validated against; ``template`` is derived from ``service`` in memory.
CATALOGUE_SCHEMAS = ("definitions", "settings", "vocabulary", "institution", "service", "ui")
# Published with the open data; describes what the exports write.
EXPORT_SCHEMA = "export"
SUFFIX = ".schema.json"


class SchemaFileError(Exception):
    """A schema file that cannot be used, with where the problem is."""

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{file}:{line}:{column}: error: {message}")
        self.file, self.line, self.column, self.message = file, line, column, message


@dataclass(frozen=True)
class SchemaFiles:
    """The schema files by name (``service``), parsed, with their exact bytes for publishing."""

    origin: str  # where they were read from, as shown in messages
    parsed: dict[str, dict[str, Any]]
    content: dict[str, bytes]


def bundled_dir() -> Path:
    """The folder of the schemas shipped with the package (the checkout's ``schema/`` when run from it)."""
    shipped = Path(str(resources.files("servicecatalog") / "schema"))
    if shipped.is_dir():
        return shipped
    # scripts/servicecatalog/model/schemafiles.py -> the checkout's schema/
    checkout = Path(__file__).resolve().parents[3] / "schema"
    return checkout if checkout.is_dir() else shipped


def _position(text: str, path: Iterable[Any]) -> tuple[int, int]:
    """Line and column of the value at ``path`` in a JSON text (JSON is YAML: its node marks locate it)."""
    try:
        node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 1, 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        last = node
    else:
        last = node
    mark = last.start_mark if last is not None else None
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def parse(name: str, content: bytes, display: str) -> dict[str, Any]:
    """One schema file parsed and checked against the 2020-12 meta-schema."""
    try:
        text = content.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise SchemaFileError(display, 1, 1, f"the schema is not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise SchemaFileError(display, exc.lineno, exc.colno, f"the schema is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise SchemaFileError(display, 1, 1, "a schema must be a JSON object")
    if jsonschema_rs.meta.is_valid(data):  # the compiled check; the detailed one below only explains a rejection
        return data
    from jsonschema import Draft202012Validator  # only to explain a rejection

    error = next(iter(sorted(Draft202012Validator(Draft202012Validator.META_SCHEMA).iter_errors(data), key=lambda e: list(e.path))), None)
    if error is not None:
        line, column = _position(text, error.absolute_path)
        where = "/".join(str(p) for p in error.absolute_path) or "(the whole file)"
        raise SchemaFileError(display, line, column, f"{where}: not a valid JSON Schema 2020-12: {error.message}")
    return data


def read(schema_dir: Path | None = None, names: Iterable[str] = (*CATALOGUE_SCHEMAS, EXPORT_SCHEMA), root: Path | None = None) -> SchemaFiles:
    """Read and check ``names`` from ``schema_dir`` (the bundled schemas when ``None``).

    A project's own folder may lack the export schema; the bundled one then stands in,
    because it describes what this code writes.
    """
    folder = schema_dir or bundled_dir()
    parsed: dict[str, dict[str, Any]] = {}
    content: dict[str, bytes] = {}
    for name in names:
        path = folder / f"{name}{SUFFIX}"
        if name == EXPORT_SCHEMA and not path.is_file():
            path = bundled_dir() / f"{name}{SUFFIX}"
        display = _display(path, root)
        try:
            content[name] = path.read_bytes()
        except OSError as exc:
            raise SchemaFileError(display, 1, 1, f"the schema file cannot be read ({exc.strerror or exc}); it is one of {', '.join(n + SUFFIX for n in names)}") from None
        parsed[name] = parse(name, content[name], display)
    return SchemaFiles(_display(folder, root), parsed, content)


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()
