"""A new service summarised as its page's key facts, with what citizens would miss.

"Review the whole file" makes the verifier read YAML; these lines are what the
service page will say: who it is for, what to bring, what it costs, how long it
takes, how often to go in person, how to apply, on what legal basis and who
delivers it. Then what is missing for citizens: a key fact not given, a text
not translated.
"""

from __future__ import annotations

from typing import Any

from servicecatalog.model.fields import FieldNode
from servicecatalog.review.fielddiff import Differ, _escape

# The facts of a service page, in the page's order (schema field names).
KEY_FACTS = ("audiences", "eligibility", "documents", "fees", "processing_time", "in_person_visits", "channels", "legal_basis", "institution")
# Texts a citizen reads on every page, checked for each language.
TEXTS = ("name", "summary", "description")


def _channel(channel: dict[str, Any], differ: Differ, node: FieldNode) -> str:
    kind = differ.show(channel.get("type"), node.properties.get("type", FieldNode()), "new")
    where = [str(channel[k]) for k in ("url", "phone", "email") if isinstance(channel.get(k), str)]
    where += [str(o) for o in channel.get("offices") or []]
    return f"{kind} ({_escape(', '.join(where))})" if where else kind


def key_facts(data: dict[str, Any], differ: Differ, service: FieldNode, languages: list[str], w: dict[str, str]) -> list[str]:
    """One line per key fact of ``data`` (a merged service at the new revision), then what is missing."""
    lines: list[str] = []
    missing: list[str] = []
    for key in KEY_FACTS:
        node = service.properties.get(key, FieldNode())
        title = differ.name_of(node, key)
        value = data.get(key)
        if value is None or value == [] and key != "fees":
            if key not in ("eligibility", "in_person_visits"):  # optional on the page, not a gap
                missing.append(title)
            continue
        if key == "fees" and value == []:
            shown = w["free"]
        elif key == "channels" and isinstance(value, list):
            item = node.items or FieldNode()
            shown = "; ".join(_channel(c, differ, item) for c in value if isinstance(c, dict))
        else:
            shown = differ.show(value, node, "new")
        lines.append(f"{title}: {shown}")
    untranslated: dict[str, list[str]] = {}
    for key in TEXTS:
        text = data.get(key)
        for language in languages[1:]:
            if isinstance(text, dict) and language not in text:
                untranslated.setdefault(language, []).append(differ.name_of(service.properties.get(key, FieldNode()), key))
    gaps = missing + [w["in_language"].format(fields=", ".join(fields), language=language) for language, fields in untranslated.items()]
    lines.append(f"{w['missing']}: {'; '.join(gaps) if gaps else w['nothing']}")
    return lines
