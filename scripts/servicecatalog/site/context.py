"""What the templates of one language can ask about the catalogue: links, sorted lists, map links.

One ``Context`` per rendered page, sharing one ``lists`` dict per language, so
each ordering is computed once per language, in that language's alphabet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

from servicecatalog.model.catalog import Catalog, Service
from servicecatalog.site.render import Localizer
from servicecatalog.site.words import Words


def online_level(service: Service) -> int:
    """The highest e-service maturity among a service's online channels, or -1."""
    return max((c["maturity"] for c in service.data.get("channels", []) if c["type"] == "online"), default=-1)


@dataclass
class Context:
    """What every template of one language can use."""

    catalog: Catalog
    language: str
    words: Words
    loc: Localizer
    history: dict[str, dt.date]
    directory_urls: bool = True
    # Sorted lists are the same for every page of a language: one dict per language,
    # shared by the pages' contexts, so a catalogue is sorted once, not once per page.
    lists: dict[str, Any] = field(default_factory=dict)

    def url(self, path: str, here: str) -> str:
        """Relative link from page ``here`` to page ``path`` within one language.

        Links are written as HTML, so they are computed here for both URL styles:
        ``services/passport/`` on a server, ``services/passport.html`` offline.
        """
        if self.directory_urls:
            segments = here.split("/")
            depth = len(segments) - 1 if segments[-1] == "index" else len(segments)
            target = "" if path == "index" else path.removesuffix("index") if path.endswith("/index") else path + "/"
            return "../" * depth + target or "./"
        depth = here.count("/")
        return "../" * depth + path + ".html"

    def data_url(self, name: str, here: str) -> str:
        """Relative link from page ``here`` to a file at the site root (the open-data files)."""
        up = len(here.split("/")) - (1 if here.split("/")[-1] == "index" or not self.directory_urls else 0)
        if self.language != self.catalog.default_language:
            up += 1
        return "../" * up + name

    def term(self, vocabulary: str, term_id: str) -> dict[str, Any]:
        return self.catalog.vocabularies[vocabulary][term_id]

    def sort_key(self, value: Any) -> tuple[Any, ...]:
        """Alphabetical order of a catalogue text in this language (its alphabet, digraphs included)."""
        return self.words.collator.key(self.loc.plain(value))

    @property
    def services_sorted(self) -> list[Service]:
        """Every service, alphabetically in this language."""
        if "services" not in self.lists:
            self.lists["services"] = sorted(self.catalog.services.values(), key=lambda s: (self.sort_key(s.data["name"]), s.id))
        return self.lists["services"]

    @property
    def institutions_sorted(self) -> list[tuple[str, dict[str, Any]]]:
        """(id, institution), alphabetically by name in this language."""
        if "institutions" not in self.lists:
            self.lists["institutions"] = sorted(self.catalog.institutions.items(), key=lambda item: (self.sort_key(item[1]["name"]), item[0]))
        return self.lists["institutions"]

    @property
    def active_services(self) -> list[Service]:
        if "active" not in self.lists:
            self.lists["active"] = [s for s in self.services_sorted if s.active]
        return self.lists["active"]

    def services_with(self, field_name: str, value: str) -> list[Service]:
        """Active services whose list field (``life_events``, ``categories``) names ``value``."""
        # Grouped once per language: scanning every service for each term made the term
        # pages grow with terms × services.
        key = "with:" + field_name
        if key not in self.lists:
            groups: dict[str, list[Service]] = {}
            for service in self.active_services:
                for term_id in dict.fromkeys(service.data.get(field_name, [])):
                    groups.setdefault(term_id, []).append(service)
            self.lists[key] = groups
        return self.lists[key].get(value, [])

    def services_of_sorted(self, institution: str) -> list[Service]:
        """Active services of one institution, alphabetically in this language."""
        if "by_institution" not in self.lists:
            groups: dict[str, list[Service]] = {}
            for service in self.active_services:
                groups.setdefault(service.institution, []).append(service)
            self.lists["by_institution"] = groups
        return self.lists["by_institution"].get(institution, [])

    def by_initial(self) -> list[tuple[str, list[Service]]]:
        """Active services grouped under the first letter of their name in this language."""
        groups: dict[str, list[Service]] = {}
        for service in self.active_services:
            name = self.loc.plain(service.data["name"])
            groups.setdefault(self.words.collator.initial(name), []).append(service)
        return list(groups.items())

    def map_url(self, office: dict[str, Any]) -> str | None:
        """A map of the office: at its coordinates, else a search for its address; None without either.

        The map service is the catalogue's ``map_links`` setting (``{lat}``, ``{lon}``,
        ``{query}``). The search uses the address in the default language, as
        official names are written on maps.
        """
        links = self.catalog.settings.get("map_links") or {}
        if office.get("geo") and links.get("point"):
            url = links["point"].format(lat=office["geo"]["lat"], lon=office["geo"]["lon"])
        elif office.get("address") and links.get("search"):
            address, default = office["address"], self.catalog.default_language
            country = address.get("country") or self.catalog.settings.get("country", "")
            parts = [address.get("street", {}).get(default, ""),
                     " ".join(p for p in (address.get("postal_code", ""), address.get("locality", {}).get(default, "")) if p),
                     self.words.default_locale.territories.get(country, country)]
            url = links["search"].format(query=quote_plus(", ".join(p for p in parts if p)))
        else:
            return None
        return url if url.startswith(("https://", "http://")) else None

    def services_at_level(self, level: int) -> list[Service]:
        return [s for s in self.active_services if online_level(s) == level]

    def online_services(self, minimum: int = 1) -> list[Service]:
        """Active services with an online channel of at least ``minimum`` maturity, most mature first."""
        ranked = [(online_level(s), s) for s in self.active_services]
        return [s for level, s in sorted(ranked, key=lambda pair: -pair[0]) if level >= minimum]
