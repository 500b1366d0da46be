"""When a service was last verified, and which services are overdue: read by the pages and by ``catalog stale``.

A change is published when a verifier approves its pull request, so a service
counts as verified on the date its file, or the template it is built on, last
changed on the current branch. A file no commit touches was never verified.
Withdrawn services are left out. "Today" is always a parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicecatalog.model.catalog import Catalog, Service

DEFAULT_DAYS = 365
SETTING = "stale_after_days"  # optional key of catalog/catalog.yaml


@dataclass(frozen=True)
class StaleService:
    """A service whose last verification is older than the limit, or that was never verified."""

    id: str
    name: str  # in the default language
    institution: str
    editor_teams: tuple[str, ...]
    path: str  # catalog/services/<institution>/<id>.yaml
    verified: dt.date | None  # None: never verified
    days: int | None  # days since ``verified``


def verified_on(service: Service, dates: dict[str, dt.date]) -> dt.date | None:
    """When the service was last verified: the newer of its file's and its template's last commit."""
    found = [dates.get(service.source.display), dates.get(service.template.display) if service.template else None]
    return max((d for d in found if d), default=None)


def stale_after(catalog: Catalog, days: int | None = None) -> int:
    """The limit in days: ``days`` if given, else the catalogue's ``stale_after_days``, else 365."""
    if days is not None:
        return days
    configured = catalog.settings.get(SETTING)
    return configured if isinstance(configured, int) and not isinstance(configured, bool) and configured > 0 else DEFAULT_DAYS


def stale_services(catalog: Catalog, dates: dict[str, dt.date], today: dt.date, days: int) -> list[StaleService]:
    """Active services not verified for more than ``days`` days before ``today``: never verified first, then oldest."""
    found = []
    for service in catalog.services.values():
        if not service.active:
            continue
        verified = verified_on(service, dates)
        age = (today - verified).days if verified else None
        if age is not None and age <= days:
            continue
        institution = catalog.institutions.get(service.institution, {})
        found.append(StaleService(
            id=service.id,
            name=service.data["name"].get(catalog.default_language, ""),
            institution=service.institution,
            editor_teams=tuple(institution.get("editor_teams", [])),
            path=service.source.display,
            verified=verified,
            days=age,
        ))
    return sorted(found, key=lambda s: (s.verified is not None, s.verified or today, s.id))
