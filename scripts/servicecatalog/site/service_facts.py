"""What a service page shows beyond its own fields: the at-a-glance figures and the feedback links.

Computed in Python once per service and language rather than in the
templates, so the rules (fees by ``stats.fee_routes``, which processing times
to show) live in one tested place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from servicecatalog.model.catalog import Catalog, Service
from servicecatalog.model.fields import load_model
from servicecatalog.model.verification import verified_on
from servicecatalog.site import first_screen, stats
from servicecatalog.site.context import Context
from servicecatalog.site.words import Words

# Issue forms in .github/ISSUE_TEMPLATE/ and the field ids they pre-fill (a test checks they exist).
FEEDBACK_FORMS = {"error": "1-error-on-a-page.yml", "improvement": "3-proposal.yml", "praise": "5-praise.yml"}
PREFILLED_FIELDS = ("service-id", "page")
# Online and in-person channels have sections of their own; every other channel type the schema
# allows is listed under "other ways" (a new type shows there, and a contract test asks for its words).
# Fields of the service schema that its page does not show, each with the reason. Every other
# field must be rendered by service.md.j2 (tests/test_contracts.py holds the schema to this).
NOT_SHOWN = {
    "status": "shown as the withdrawn notice (Service.active), not as a value",
    "former_ids": "old addresses redirect to the page (pages.generate)",
    "categories": "the service is listed on each category's page instead",
    "life_events": "the service is listed on each life event's page instead",
    "channels[].postal_address.country": "a postal address is within the catalogue's country",
    "yearly_requests": "used by the digitisation priorities page, not a fact for the citizen",
    "reviewed": "its merge dates the page's last verification (history.last_changes); who checked is the review's record",
    "reviewed.by": "who checked is the review's record, not a fact for the citizen",
}
OTHER_CHANNELS = tuple(t for t in load_model().enum("service", "channels[].type") if t not in ("online", "in-person"))


def fee_facts(data: dict[str, Any], words: Words) -> tuple[str, str]:
    """(status, amount) of a service's fees, by the rules of ``stats.fee_routes``.

    Status: ``unknown`` (no ``fees`` field), ``free`` (``fees: []``), ``total``
    (what everyone pays, the same on every way of applying), ``from`` (the
    cheapest way of applying), ``see`` (fees only in some cases or on some ways).
    """
    routes = stats.fee_routes(data)
    if routes is None:
        return "unknown", ""
    if not data["fees"]:
        return "free", ""
    low = stats.cheapest(routes)
    if not low:
        return "see", ""
    amount = " + ".join(words.money(value, currency) for currency, value in low.items())
    return ("total" if all(total == low for total in routes.values()) else "from"), amount


def time_frames(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The processing times to show at a glance: the service's own, else each channel's."""
    time = data.get("processing_time") or {}
    frames = [time] if time.get("typical") or time.get("legal_maximum") else time.get("per_channel", [])
    return [{"channels": f.get("channels", []), "typical": f.get("typical"), "legal_maximum": f.get("legal_maximum")}
            for f in frames if f.get("typical") or f.get("legal_maximum")]


def service_facts(service: Service, ctx: Context) -> dict[str, Any]:
    """Figures the page shows at a glance, computed once here rather than in templates."""
    data = service.data
    fee_status, fee_amount = fee_facts(data, ctx.words)
    online = [c for c in data.get("channels", []) if c["type"] == "online"]
    best_online = max(online, key=lambda c: c["maturity"], default=None)
    documents = data.get("documents", [])
    return {
        "fee_status": fee_status,
        "fee_amount": fee_amount,
        "times": time_frames(data),
        "online": best_online,
        "to_bring": [d for d in documents if not d["obtained_by_administration"]],
        "fetched": [d for d in documents if d["obtained_by_administration"]],
        "in_person": [c for c in data.get("channels", []) if c["type"] == "in-person"],
        "other_channels": [c for c in data.get("channels", []) if c["type"] in OTHER_CHANNELS],
        "changed": verified_on(service, ctx.history),
        "action": first_screen.primary_action(data),
        "where": first_screen.where(data),
    }


def feedback_links(catalog: Catalog, service_id: str, page_url: str) -> dict[str, str]:
    """Pre-filled issue-form links for one service page, and a mail link for people without an account."""
    links: dict[str, str] = {}
    repository = catalog.settings.get("repository_url")
    if repository:
        for kind, form in FEEDBACK_FORMS.items():
            query = urlencode({"template": form, PREFILLED_FIELDS[0]: service_id, PREFILLED_FIELDS[1]: page_url})
            links[kind] = f"{repository.rstrip('/')}/issues/new?{query}"
    email = catalog.settings.get("contact_email")
    if email:
        links["email"] = f"mailto:{email}?" + urlencode({"subject": f"[{service_id}] {page_url}"}, quote_via=quote)
    return links
