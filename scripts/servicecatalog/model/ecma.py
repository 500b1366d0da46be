"""Schema ``pattern`` read as ECMA-262 reads it, for the Python ``jsonschema`` validator.

JSON Schema patterns are ECMA-262 regular expressions, and jsonschema-rs reads
them so; Python's ``re`` gives ``$``, ``\\d``, ``\\w`` and ``\\s`` other meanings.
The validator that explains errors must reject exactly what the fast one rejects.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema is imported only when a file is rejected and explained
    from jsonschema import ValidationError

# ECMA-262 classes as JSON Schema (and jsonschema-rs) read them; Python's re gives \d, \w and \s Unicode meanings.
_ECMA_SPACE = r"\t\n\x0b\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ECMA_CLASSES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _ECMA_SPACE}


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """Compile a schema ``pattern`` so that Python matches what an ECMA-262 engine matches.

    Python's ``$`` also matches before a final line break (``"MVR-002\\n"`` would pass
    ``^...$``); ECMA's only at the very end, which is Python's ``\\Z``. ``\\d``, ``\\w``
    and ``\\s`` become their ECMA sets. Inside a bracket only the positive classes
    can be spelled out; anything else is left as written.
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            index += 2
            lower = escaped.lower()
            if lower in _ECMA_CLASSES and (escaped == lower or not in_class):
                members = _ECMA_CLASSES[lower]
                out.append(members if in_class else f"[{'^' if escaped != lower else ''}{members}]")
            else:
                out.append("\\" + escaped)
            continue
        if in_class and char == "]":
            in_class = False
        elif not in_class and char == "[":
            in_class = True
        elif not in_class and char == "$":
            char = r"\Z"
        out.append(char)
        index += 1
    return re.compile("".join(out))


def ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """The ``pattern`` keyword with ``ecma_regex``, otherwise as jsonschema words it."""
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")
