"""Schema findings rewritten for an institution editor.

Built on the structured error (``validator``, ``absolute_path``, ``schema``),
never on jsonschema's message text. Each message says what is wrong and what
to write instead.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from typing import Any

from jsonschema import ValidationError

from servicecatalog.model.loader import Document, Path_
from servicecatalog.model.mistakes import looks_grouped, without_separators

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with `- `)",
    "object": "a mapping of fields (`name: value` lines)",
    "null": "empty",
}


def _show(value: Any, raw: str | None = None) -> str:
    if raw is not None:
        return raw
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return json.dumps(value)


def _allowed_properties(schema: dict[str, Any], resolve: Callable[[str], dict[str, Any]]) -> list[str]:
    names = list(schema.get("properties", {}))
    if "$ref" in schema:  # fields a referenced schema adds (a fee's amount and currency)
        names += [n for n in _allowed_properties(resolve(schema["$ref"]), resolve) if n not in names]
    return names


def _hint_for_type(error: ValidationError, raw: str | None) -> str:
    wanted: Any = error.validator_value
    wanted_list = wanted if isinstance(wanted, list) else [wanted]
    words = " or ".join(_TYPE_WORDS.get(w, str(w)) for w in wanted_list)
    got = _show(error.instance, raw)
    if error.instance is None:
        return f"the value is empty; write {words}"
    if "boolean" in wanted_list and isinstance(error.instance, str):
        return f"{got} is not true or false; write `true` or `false` (YAML words like yes/no/on/off are not accepted)"
    if "string" in wanted_list and raw is not None:
        return f"{got} must be text; put it in quotes: \"{raw}\""
    if {"number", "integer"} & set(wanted_list) and isinstance(error.instance, str) and looks_grouped(error.instance):
        plain = without_separators(error.instance)
        return f"{got} is written with a thousands separator; write the amount without separators: {plain}"
    if "integer" in wanted_list and isinstance(error.instance, str) and error.instance.lstrip("0").isdigit():
        return f"{got} must be {words}; write it without leading zeros or quotes"
    return f"{got} must be {words}"


def explain(error: ValidationError, doc: Document, resolve: Callable[[str], dict[str, Any]]) -> tuple[Path_, str, bool]:
    """Return (path, message, point-at-key) for one schema error."""
    path: Path_ = tuple(error.absolute_path)
    raw = doc.raw.get(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    value: Any = error.validator_value  # typed as possibly unset; always set on an error from a validator
    if kind in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        allowed = _allowed_properties(schema, resolve)
        extras = [k for k in error.instance if k not in allowed]
        if extras:
            extra = extras[0]
            close = difflib.get_close_matches(extra, allowed, n=1)
            suggestion = f"; did you mean {close[0]!r}?" if close else f"; the fields allowed here are: {', '.join(allowed)}"
            return path + (extra,), f"unknown field {extra!r}{suggestion}", True
    if kind == "required":
        missing = next((name for name in value if isinstance(error.instance, dict) and name not in error.instance), "?")
        sub = schema.get("properties", {}).get(missing, {})
        title = sub.get("title")
        about = f" ({title})" if title else ""
        example = sub.get("examples", [None])[0]
        advice = f"; add a line such as `{missing}: {example}`" if isinstance(example, (str, int)) and not isinstance(example, bool) else ""
        return path, f"the required field {missing!r}{about} is missing{advice}", False
    if kind == "type":
        return path, _hint_for_type(error, raw), False
    if kind == "pattern" or kind == "format":
        title = schema.get("title", "value")
        example = schema.get("examples", [None])[0]
        advice = f"; for example {json.dumps(example, ensure_ascii=False)}" if example is not None else ""
        description = schema.get("description", "").rstrip(".")
        message = f"{_show(error.instance, raw)} is not a valid {title.lower()}: {description}{advice}".rstrip()
        if isinstance(error.instance, str) and error.instance != error.instance.strip():
            # invisible in the file: a `|` block keeps its final line break, quotes keep spaces
            message += "; remove the spaces or line breaks around the value (write it on the field's line, not as a `|` block)"
        return path, message, False
    if kind == "not" and schema.get("not") == {}:  # a field the schema names only to refuse (per-service fields in a template)
        reason = schema.get("description") or "this field is not allowed here"
        return path, reason[:1].lower() + reason[1:].rstrip("."), True
    if kind == "enum":
        options = ", ".join(json.dumps(v, ensure_ascii=False) for v in value)
        return path, f"{_show(error.instance, raw)} is not allowed here; use one of: {options}", False
    if kind == "minItems" and value == 1:
        return path, "the list is empty; give at least one entry or leave the field out if it is optional", False
    if kind == "uniqueItems":
        return path, "the list names the same entry twice; keep one", False
    if kind in ("minLength", "minProperties") and value == 1:
        return path, "the value is empty; write something or leave the field out if it is optional", False
    if kind == "propertyNames":
        return path, f"{error.message}", False
    return path, error.message, False
