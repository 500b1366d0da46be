"""Schema findings rewritten for an institution editor.

Built on the structured error (``validator``, ``absolute_path``, ``schema``),
never on jsonschema's message text. Each message says what is wrong and what
to write instead.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema is imported only when a file is rejected and explained
    from jsonschema import ValidationError

from servicecatalog.model.loader import Document, Path_
from servicecatalog.model.mistakes import looks_grouped, without_separators
from servicecatalog.model.translations import say

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with `- `)",
    "object": "a mapping of fields (`name: value` lines)",
    "null": "empty",
}


# Messages quote at most an excerpt of a value: a 225 KB text is not repeated back in full.
_EXCERPT = 60
_LONGEST_MESSAGE = 600


def _show(value: Any, raw: str | None = None) -> str:
    if raw is not None:
        return raw if len(raw) <= _EXCERPT else raw[: _EXCERPT - 3] + "..."
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


def _sentence(text: str) -> str:
    """A schema's description as the tail of a message: "An online channel ..." -> "an online channel ..."."""
    return text[:1].lower() + text[1:].rstrip(".")


def _hint_for_type(error: ValidationError, raw: str | None) -> str:
    wanted: Any = error.validator_value
    wanted_list = wanted if isinstance(wanted, list) else [wanted]
    words = " or ".join(_TYPE_WORDS.get(w, str(w)) for w in wanted_list)
    got = _show(error.instance, raw)
    if error.instance is None:
        return say("type.empty", words=words)
    if "boolean" in wanted_list and isinstance(error.instance, str):
        return say("type.boolean", got=got)
    if "string" in wanted_list and raw is not None:
        return say("type.quote", got=got, raw=raw)
    if {"number", "integer"} & set(wanted_list) and isinstance(error.instance, str) and looks_grouped(error.instance):
        return say("type.separator", got=got, plain=without_separators(error.instance))
    if "integer" in wanted_list and isinstance(error.instance, str) and error.instance.lstrip("0").isdigit():
        return say("type.leading_zero", got=got, words=words)
    return say("type.other", got=got, words=words)


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
            if close:
                return path + (extra,), say("unknown_field.suggest", field=repr(extra), suggestion=repr(close[0])), True
            return path + (extra,), say("unknown_field.list", field=repr(extra), allowed=", ".join(allowed)), True
    if kind == "required" and schema.get("description") and "properties" not in schema:
        # a rule the schema states with its own words (`then: {required: [url], description: ...}`)
        return path, _sentence(schema["description"]), False
    if kind == "required":
        missing = next((name for name in value if isinstance(error.instance, dict) and name not in error.instance), "?")
        sub = schema.get("properties", {}).get(missing, {})
        title = sub.get("title")
        about = f" ({title})" if title else ""
        example = sub.get("examples", [None])[0]
        if isinstance(example, (str, int)) and not isinstance(example, bool):
            return path, say("required.example", field=repr(missing), about=about, line=f"{missing}: {example}"), False
        return path, say("required", field=repr(missing), about=about), False
    if kind == "type":
        return path, _hint_for_type(error, raw), False
    if kind == "pattern" or kind == "format":
        title = schema.get("title", "value")
        example = schema.get("examples", [None])[0]
        description = schema.get("description", "").rstrip(".")
        shown = _show(error.instance, raw)
        message = (say("pattern.example", value=shown, title=title.lower(), description=description, example=json.dumps(example, ensure_ascii=False))
                   if example is not None else say("pattern", value=shown, title=title.lower(), description=description))
        if isinstance(error.instance, str) and error.instance != error.instance.strip():
            # invisible in the file: a `|` block keeps its final line break, quotes keep spaces
            message = say("pattern.spaces", message=message)
        return path, message, False
    if kind == "not" and schema.get("not") == {}:  # a field the schema names only to refuse (per-service fields in a template)
        reason = schema.get("description") or "this field is not allowed here"
        return path, reason[:1].lower() + reason[1:].rstrip("."), True
    if kind == "enum":
        options = ", ".join(json.dumps(v, ensure_ascii=False) for v in value)
        return path, say("enum", value=_show(error.instance, raw), options=options), False
    if kind == "minItems" and schema.get("description") and "title" not in schema:
        return path, _sentence(schema["description"]), False  # a rule's own words (`then: {properties: {x: {minItems: 1, description: ...}}}`)
    if kind == "minItems" and value == 1:
        return path, say("list.empty"), False
    if kind == "uniqueItems":
        return path, say("list.twice"), False
    if kind in ("minLength", "minProperties") and value == 1:
        return path, say("value.empty"), False
    if kind == "maxLength" and isinstance(error.instance, str):
        return path, say("value.too_long", value=_show(error.instance), length=len(error.instance), limit=error.validator_value), False
    return path, _bounded(error), False


def _bounded(error: ValidationError) -> str:
    """jsonschema's own message, with the value it quotes cut to an excerpt."""
    message = error.message
    if isinstance(error.instance, (str, list, dict)):
        message = message.replace(repr(error.instance), _show(error.instance))
    return message if len(message) <= _LONGEST_MESSAGE else message[: _LONGEST_MESSAGE - 3] + "..."
