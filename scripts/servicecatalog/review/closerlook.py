"""Changes a verifier should not approve without a second look, beyond the obvious ones.

A fee or a time that falls by more than half is as likely a typo (``1.500`` read
as 1.5) as good news; a removed document, step, channel or office may strand a
citizen; a link to a new site, a plain ``http`` link, or a web address or phone
number slipped into a text is how a wrong or malicious contact gets published.
Each function takes the old and new merged service and returns the flags' words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from servicecatalog.model.fields import SchemaModel, load_model
from servicecatalog.site.stats import DAYS_PER_UNIT

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w/.-])\+?\d[\d ()/.-]{6,}\d(?![\w/-])")


def _strings(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, (*path, str(key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, (*path, str(index)))


def _days(duration: Any) -> float | None:
    if isinstance(duration, dict) and isinstance(duration.get("value"), (int, float)) and duration.get("unit") in DAYS_PER_UNIT:
        # the statistics' rough length of each unit is enough to tell "less than half" across units
        return float(duration["value"]) * DAYS_PER_UNIT[duration["unit"]]
    return None


def drops(old: Any, new: Any) -> str | None:
    """``"zero"`` or ``"half"`` (by more than half) when ``new`` is that much below ``old``; else None."""
    if not isinstance(old, (int, float)) or not isinstance(new, (int, float)) or old <= 0 or new >= old:
        return None
    if new == 0:
        return "zero"
    return "half" if new * 2 < old else None


def time_drops(old: dict[str, Any], new: dict[str, Any], model: SchemaModel | None = None) -> list[tuple[str, str]]:
    """(which time, how) for the processing times that fall by more than half or to zero."""
    found = []
    before, after = old.get("processing_time"), new.get("processing_time")
    times = (model or load_model()).field("service", "processing_time").properties
    if isinstance(before, dict) and isinstance(after, dict):
        for key in (name for name, node in times.items() if node.compound == "duration"):  # usual, at most by law
            how = drops(_days(before.get(key)), _days(after.get(key)))
            if how:
                found.append((key, how))
    return found


def urls(service: dict[str, Any]) -> set[str]:
    """The web addresses of a service's fields (those inside texts are ``contacts_in_texts``'s)."""
    return {text for _, text in _strings(service) if text.startswith(("http://", "https://")) and " " not in text}


def host(url: str) -> str:
    return (urlsplit(url if "://" in url else "https://" + url).hostname or "").lower()


def new_links(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(addresses on a host the service never linked to, new addresses that are plain http)."""
    before, after = urls(old), urls(new)
    hosts = {host(u) for u in before}
    added = sorted(after - before)
    return [u for u in added if host(u) not in hosts], [u for u in added if u.lower().startswith("http://")]


def contacts_in_texts(old: dict[str, Any], new: dict[str, Any], localized: set[tuple[str, ...]] | None = None) -> list[tuple[str, str]]:
    """(kind, value) of web addresses and phone numbers that a text now holds and did not before.

    Only texts (not the ``url`` and ``phone`` fields, whose job it is): strings with a space or at
    a path whose last part is a language code of two or three letters.
    """
    def texts(service: dict[str, Any]) -> str:
        return "\n".join(text for path, text in _strings(service) if path and path[-1] not in ("url", "phone", "email") and len(path[-1]) in (2, 3) and path[-1].isalpha())

    before, after = texts(old), texts(new)
    found = []
    for kind, pattern in (("web address", _URL), ("phone number", _PHONE)):
        was = {m.group(0) for m in pattern.finditer(before)}
        for match in pattern.finditer(after):
            value = match.group(0).rstrip(".,;:")
            if match.group(0) not in was and (kind, value) not in found:
                found.append((kind, value))
    return found


def removed_offices(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    def offices(service: dict[str, Any]) -> set[str]:
        channels = service.get("channels")
        return {o for c in channels if isinstance(c, dict) for o in c.get("offices") or [] if isinstance(o, str)} if isinstance(channels, list) else set()

    return sorted(offices(old) - offices(new))


def removed_channel_types(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    def types(service: dict[str, Any]) -> list[str]:
        channels = service.get("channels")
        return [str(c.get("type")) for c in channels if isinstance(c, dict)] if isinstance(channels, list) else []

    after = types(new)
    return sorted({t for t in types(old) if types(old).count(t) > after.count(t)})
