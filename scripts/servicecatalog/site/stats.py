"""Figures about the burden services put on citizens, for the statistics pages.

Pure functions of a validated ``Catalog``; nothing here renders or knows about
languages. The rules behind every figure, as the pages state them:

* **Time in days.** Durations are converted to calendar days: ``working-days``
  × 7/5 (five working days make a calendar week), ``weeks`` × 7, ``months`` × 30,
  ``years`` × 365, ``hours`` ÷ 24, ``minutes`` ÷ 1440. Only the service-wide
  ``processing_time`` counts (not ``per_channel`` variants): ``typical`` and
  ``legal_maximum``.
* **Fees.** ``fees: []`` means free (0); a service without ``fees`` has fees
  that are **not stated**: it is counted apart and left out of fee totals and
  averages. Otherwise the total per currency adds the fees everyone pays on the
  **cheapest way of applying**: a fee without ``channels`` is paid on every
  way, one with ``channels`` only on those; a fee with a ``condition`` (only
  some pay it) is left out. The ways of applying are the service's channels,
  except online channels below maturity 2 (you cannot apply there); a service
  with none of those is priced on the channels its fees name. Ways are compared
  by their amount in each currency, in alphabetical order of the currencies.
* **Documents to bring** are the documents not ``obtained_by_administration``,
  conditional ones included (someone is asked for them).
* **E-service maturity** is the highest ``maturity`` among online channels, or
  :data:`NOT_ONLINE` (-1) without one. A service is **fully online** from
  :data:`FULLY_ONLINE` (3: application, payment and result online).
* Statistics count **active** services only; withdrawn ones are not offered.
* **Digitisation priority** of an active service not fully online: score =
  visits × documents to bring × ``yearly_requests``, where an unknown
  ``yearly_requests`` counts as 1 (and is reported as unknown). Ties: more
  visits, then more documents, then the service id.
* **Once-only candidates** are documents an active service asks citizens to
  bring whose ``issuer`` is an institution of the catalogue, or whose
  ``issuer_service`` is a service of it (then its institution is the issuer).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from servicecatalog.model.catalog import Catalog, Service
from servicecatalog.model.fields import load_model

NOT_ONLINE = -1
FULLY_ONLINE = 3
_MATURITY = load_model().field("service", "channels[].maturity").schema
# Every maturity a service can have, lowest first: none, then the schema's scale.
LEVELS = (NOT_ONLINE, *range(_MATURITY["minimum"], _MATURITY["maximum"] + 1))

DAYS_PER_UNIT: dict[str, float] = {
    "minutes": 1 / 1440,
    "hours": 1 / 24,
    "days": 1,
    "working-days": 7 / 5,
    "weeks": 7,
    "months": 30,
    "years": 365,
}


def to_days(duration: dict[str, Any] | None) -> float | None:
    """A schema ``duration`` in calendar days, or None when there is none."""
    if not duration:
        return None
    return duration["value"] * DAYS_PER_UNIT[duration["unit"]]


APPLY_ONLINE = 2  # the lowest maturity at which an application can be made online


def fee_routes(data: dict[str, Any]) -> dict[str, dict[str, float]] | None:
    """What everyone pays on each way of applying (channel type -> currency -> amount); None when fees are not stated.

    ``{}`` for a free service; ``{"": {...}}`` when no channel tells the ways apart.
    """
    if "fees" not in data:
        return None
    fees = [f for f in data["fees"] if "condition" not in f]
    ways = [c["type"] for c in data.get("channels", []) if c["type"] != "online" or c.get("maturity", 0) >= APPLY_ONLINE]
    if not ways:
        ways = [t for f in fees for t in f.get("channels", [])]
    routes: dict[str, dict[str, float]] = {}
    for way in dict.fromkeys(ways or [""]):
        total: dict[str, float] = {}
        for fee in fees:
            if "channels" not in fee or way in fee["channels"]:
                total[fee["currency"]] = total.get(fee["currency"], 0) + fee["amount"]
        routes[way] = dict(sorted(total.items()))
    return routes if data["fees"] else {}


def cheapest(routes: dict[str, dict[str, float]]) -> dict[str, float]:
    """The totals of the cheapest way of applying ({} when there is none, or it costs nothing)."""
    currencies = sorted({c for total in routes.values() for c in total})
    return min(routes.values(), key=lambda total: tuple(total.get(c, 0) for c in currencies), default={})


def maturity(service: Service) -> int:
    """The highest e-service maturity of a service's online channels, or ``NOT_ONLINE``."""
    return max((c["maturity"] for c in service.data.get("channels", []) if c["type"] == "online"), default=NOT_ONLINE)


@dataclass(frozen=True)
class Burden:
    """What one service asks of a citizen."""

    service_id: str
    institution: str
    visits: int
    fees: dict[str, float] | None  # currency -> what everyone pays on the cheapest way; None: not stated
    typical_days: float | None
    maximum_days: float | None
    documents_to_bring: int
    documents_fetched: int
    maturity: int
    yearly_requests: int | None

    @property
    def fully_online(self) -> bool:
        return self.maturity >= FULLY_ONLINE


def burden(service: Service) -> Burden:
    """The burden of one service (see the module docstring for the rules)."""
    data = service.data
    routes = fee_routes(data)
    documents = data.get("documents", [])
    fetched = sum(1 for d in documents if d.get("obtained_by_administration", False))
    time = data.get("processing_time", {})
    return Burden(
        service_id=service.id,
        institution=service.institution,
        visits=data["in_person_visits"],
        fees=None if routes is None else cheapest(routes),
        typical_days=to_days(time.get("typical")),
        maximum_days=to_days(time.get("legal_maximum")),
        documents_to_bring=len(documents) - fetched,
        documents_fetched=fetched,
        maturity=maturity(service),
        yearly_requests=data.get("yearly_requests"),
    )


@dataclass(frozen=True)
class Group:
    """Aggregates over some active services: the whole catalogue or one institution."""

    id: str  # institution id, or "" for the whole catalogue
    services: int
    levels: dict[int, int]  # every level in LEVELS -> number of services at it
    visits: int
    fees: dict[str, float]  # currency -> total over the services whose fees are stated
    documents_to_bring: int
    typical_days: tuple[float, ...] = ()  # of the services that state one, smallest first
    fees_unknown: int = 0  # services whose fees are not stated

    def share(self, level: int) -> float:
        """Share (0 to 1) of the services at exactly this maturity level."""
        return self.levels[level] / self.services if self.services else 0.0

    @property
    def fully_online(self) -> int:
        return sum(n for level, n in self.levels.items() if level >= FULLY_ONLINE)

    @property
    def average_visits(self) -> float:
        return self.visits / self.services if self.services else 0.0

    @property
    def fees_known(self) -> int:
        """Services whose fees are stated (free ones included)."""
        return self.services - self.fees_unknown

    @property
    def average_fees(self) -> dict[str, float]:
        """Per currency: total over the services whose fees are stated, free ones counting 0."""
        return {c: v / self.fees_known for c, v in self.fees.items()} if self.fees_known else {}

    @property
    def average_documents(self) -> float:
        return self.documents_to_bring / self.services if self.services else 0.0

    @property
    def average_typical_days(self) -> float | None:
        """Mean of the typical times of the services that state one."""
        return sum(self.typical_days) / len(self.typical_days) if self.typical_days else None


def _group(group_id: str, burdens: list[Burden]) -> Group:
    levels = Counter(b.maturity for b in burdens)
    fees: dict[str, float] = {}
    for b in burdens:
        for currency, amount in (b.fees or {}).items():
            fees[currency] = fees.get(currency, 0) + amount
    return Group(
        id=group_id,
        services=len(burdens),
        levels={level: levels.get(level, 0) for level in LEVELS},
        visits=sum(b.visits for b in burdens),
        fees=dict(sorted(fees.items())),
        documents_to_bring=sum(b.documents_to_bring for b in burdens),
        typical_days=tuple(sorted(b.typical_days for b in burdens if b.typical_days is not None)),
        fees_unknown=sum(1 for b in burdens if b.fees is None),
    )


@dataclass(frozen=True)
class Statistics:
    """The catalogue's figures: overall, per institution (institutions without active services left out)."""

    overall: Group
    institutions: list[Group]  # in the catalogue's institution order
    burdens: dict[str, Burden]  # active services only, by id


def statistics(catalog: Catalog) -> Statistics:
    """Burden and maturity figures over the catalogue's active services."""
    # By id, so sums (of floats too) come out the same whatever order the files were read in.
    burdens = {s.id: burden(s) for s in sorted(catalog.services.values(), key=lambda s: s.id) if s.active}
    per_institution = [
        _group(inst, [b for b in burdens.values() if b.institution == inst]) for inst in catalog.institutions
    ]
    return Statistics(
        overall=_group("", list(burdens.values())),
        institutions=[g for g in per_institution if g.services],
        burdens=burdens,
    )


@dataclass(frozen=True)
class Priority:
    """One service on the digitisation priority list."""

    rank: int
    burden: Burden
    requests: int  # yearly_requests, or 1 when unknown
    score: int

    @property
    def requests_known(self) -> bool:
        return self.burden.yearly_requests is not None


def priority_score(b: Burden) -> int:
    """visits × documents to bring × requests a year (1 when unknown)."""
    requests = b.yearly_requests if b.yearly_requests is not None else 1
    return b.visits * b.documents_to_bring * requests


def priorities(catalog: Catalog) -> list[Priority]:
    """Active services not fully online, highest score first.

    Ties go to more visits, then more documents to bring, then the service id,
    so the order is the same in every language and on every build.
    """
    candidates = [burden(s) for s in catalog.services.values() if s.active]
    candidates = [b for b in candidates if not b.fully_online]
    ranked = sorted(candidates, key=lambda b: (-priority_score(b), -b.visits, -b.documents_to_bring, b.service_id))
    return [
        Priority(rank=i, burden=b, requests=b.yearly_requests if b.yearly_requests is not None else 1, score=priority_score(b))
        for i, b in enumerate(ranked, start=1)
    ]


@dataclass(frozen=True)
class Request:
    """One active service asking citizens to bring one document."""

    service_id: str
    document: dict[str, Any]  # the document as the service lists it (name, condition, issuer…)


@dataclass(frozen=True)
class OnceOnlyDocument:
    """A document of one issuing institution and the services that ask citizens to bring it."""

    name: dict[str, str]  # the name most asking services use (in the default language); ties: first service by id
    issuer_service: str | None
    requests: list[Request]  # by service id


@dataclass(frozen=True)
class OnceOnlyIssuer:
    """An institution of the catalogue whose documents citizens carry to other counters."""

    institution: str
    documents: list[OnceOnlyDocument]

    @property
    def requests(self) -> int:
        return sum(len(d.requests) for d in self.documents)


def _issuer(catalog: Catalog, document: dict[str, Any]) -> str | None:
    """The catalogue institution that issues a document: ``issuer``, else the owner of ``issuer_service``."""
    if document.get("issuer") in catalog.institutions:
        return document["issuer"]
    service = catalog.services.get(document.get("issuer_service", ""))
    return service.institution if service is not None else None


def _usual_name(requests: list[Request], language: str) -> dict[str, str]:
    """The document name most requests use; requests come by service id, so ties go to the first."""
    counts = Counter(r.document["name"].get(language, "") for r in requests)
    best = max(counts.values())
    return next(r.document["name"] for r in requests if counts[r.document["name"].get(language, "")] == best)


def once_only(catalog: Catalog) -> list[OnceOnlyIssuer]:
    """Documents citizens must hand in although an institution of the catalogue issues them.

    Each is a candidate for the administration to fetch itself (the once-only
    principle). A document only shown for inspection and handed back (an
    identity card proving who applies) is not evidence to fetch, so it is left out. Requests for the same ``issuer_service`` are one document;
    without one, documents of an issuer are matched by their name in the
    default language. Issuers and documents come most-requested first, ties by id or name.
    """
    default = catalog.default_language
    groups: dict[str, dict[tuple[str, str], list[Request]]] = {}
    for service in sorted(catalog.services.values(), key=lambda s: s.id):
        if not service.active:
            continue
        for document in service.data.get("documents", []):
            issuer = _issuer(catalog, document)
            if issuer is None or document.get("obtained_by_administration", False):
                continue
            if document.get("form") == "original-for-inspection":  # shown and handed back (an identity card): nothing to fetch
                continue
            key = ("service", document["issuer_service"]) if document.get("issuer_service") else ("name", document["name"].get(default, "").casefold())
            groups.setdefault(issuer, {}).setdefault(key, []).append(Request(service.id, document))
    result = []
    for issuer, documents in groups.items():
        ordered = sorted(documents.items(), key=lambda item: (-len(item[1]), item[0]))
        result.append(OnceOnlyIssuer(issuer, [
            OnceOnlyDocument(name=_usual_name(requests, default), issuer_service=requests[0].document.get("issuer_service"), requests=requests)
            for _, requests in ordered
        ]))
    return sorted(result, key=lambda g: (-g.requests, g.institution))
