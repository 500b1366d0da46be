"""What a service page puts on a phone's first screen: where to go, and the one action to take.

The action is chosen from the service's ways of applying, most direct first, and
its words say what it does ("Apply online", "Book an appointment", "Download the
form", "Find an office"). Only ``https`` addresses may be an action: a plain
``http`` link is shown further down the page, never as the button that starts
the service (the validator warns about it).
"""

from __future__ import annotations

from typing import Any


def is_secure(url: Any) -> bool:
    """Whether ``url`` may be the page's primary action."""
    return isinstance(url, str) and url.lower().startswith("https://")


def _channels(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [c for c in data.get("channels", []) if c.get("type") == kind]


def primary_action(data: dict[str, Any]) -> dict[str, str] | None:
    """``{"kind", "href"}`` of the one action a page offers first, or None for a withdrawn service.

    Kinds, in order of preference: ``apply`` (an online channel of maturity 2 or more),
    ``book`` (an appointment address of an in-person channel), ``form`` (an online
    channel of maturity 1 or a form to download), ``office`` (the offices listed on the
    page), ``phone`` (a phone channel), ``contact`` (the institution's contact details).
    """
    if data.get("status", "active") != "active":
        return None
    online = sorted(_channels(data, "online"), key=lambda c: -c.get("maturity", 0))
    in_person = _channels(data, "in-person")
    for channel in online:
        if channel.get("maturity", 0) >= 2 and is_secure(channel.get("url")):
            return {"kind": "apply", "href": channel["url"]}
    for channel in in_person:
        if is_secure(channel.get("appointment_url")):
            return {"kind": "book", "href": channel["appointment_url"]}
    for channel in online:
        if channel.get("maturity") == 1 and is_secure(channel.get("url")):
            return {"kind": "form", "href": channel["url"]}
    for form in data.get("forms", []):
        if is_secure(form.get("url")):
            return {"kind": "form", "href": form["url"]}
    if any(c.get("offices") for c in in_person):
        return {"kind": "office", "href": "#where"}
    for channel in _channels(data, "phone"):
        return {"kind": "phone", "href": "tel:" + channel["phone"].replace(" ", "")}
    return {"kind": "contact", "href": "#contact"}


def offices(data: dict[str, Any]) -> list[str]:
    """The offices (``institution/office``) where the service is delivered in person, in the order listed."""
    seen: list[str] = []
    for channel in _channels(data, "in-person"):
        for ref in channel.get("offices", []):
            if ref not in seen:
                seen.append(ref)
    return seen


def where(data: dict[str, Any]) -> dict[str, Any]:
    """Where to go at a glance: ``{"kind": "office", "office": ref, "more": n}``, ``online``, or ``institution``.

    Without offices in the data, an in-person service names its institution (whose
    page lists how to reach it); a service with no in-person channel is ``online``.
    """
    refs = offices(data)
    if refs:
        return {"kind": "office", "office": refs[0], "more": len(refs) - 1}
    if not _channels(data, "in-person") and any(c.get("maturity", 0) >= 2 for c in _channels(data, "online")):
        return {"kind": "online"}
    return {"kind": "institution"}
