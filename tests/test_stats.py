"""Burden statistics, digitisation priorities and once-only candidates on a small catalogue.

The catalogue is the mini fixture plus a second institution and a few services
written below; every expected figure is worked out by hand in the comments.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from servicecatalog.model.catalog import Catalog
from servicecatalog.model.validate import validate_catalog
from servicecatalog.site import stats

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _text(words: str) -> dict[str, str]:
    return {"mk": words, "sq": words, "en": words}


def _doc(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": _text(name), **extra}


def _service(service_id: str, institution: str, visits: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": service_id, "code": f"T-{service_id.upper()}", "name": _text(service_id), "summary": _text("Summary."),
        "description": _text("Description."), "institution": institution, "categories": ["documents"],
        "audiences": ["citizens"], "in_person_visits": visits, "channels": [{"type": "in-person"}], **fields,
    }


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit(path: Path, **changes: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    _write(path, data)


def build(tmp_path: Path, residence_requests: int | None = 1000) -> Catalog:
    """The test catalogue; ``residence_requests`` None leaves out its yearly_requests."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    services = root / "catalog" / "services"
    _write(root / "catalog" / "institutions" / "county.yaml",
           {"id": "county", "type": "municipality", "name": _text("County"), "editor_teams": ["example/county"]})
    # town/residence: 1 visit; brings the ID card (issued by county), the lease is fetched; maturity 2.
    residence = {
        "documents": [_doc("Identity card", issuer="county"), _doc("Lease", issuer="county", obtained_by_administration=True)],
        "processing_time": {"typical": {"value": 10, "unit": "working-days"}, "legal_maximum": {"value": 1, "unit": "months"}},
    }
    if residence_requests is not None:
        residence["yearly_requests"] = residence_requests
    _edit(services / "town" / "residence.yaml", **residence)
    # town/property-tax (1 visit from its template): general fees 500 MKD and 10 EUR, 100 MKD at the counter,
    # its only way of applying; a conditional fee does not count. Brings the property sheet of county/land-sheet.
    _edit(services / "town" / "property-tax.yaml",
          fees=[{"description": _text("Tax"), "amount": 500},
                {"description": _text("Urgent"), "amount": 200, "condition": _text("When urgent")},
                {"description": _text("At the counter"), "amount": 100, "channels": ["in-person"]},
                {"description": _text("Stamp"), "amount": 10, "currency": "EUR"}],
          documents=[_doc("Property sheet", issuer_service="land-sheet")],
          processing_time={"typical": {"value": 2, "unit": "weeks"}, "legal_maximum": {"value": 36, "unit": "hours"}})
    county = services / "county"
    _write(county / "land-sheet.yaml", _service(
        "land-sheet", "county", 2,
        channels=[{"type": "in-person"}, {"type": "online", "maturity": 3, "url": "https://example.org/land"}],
        documents=[_doc("A", issuer_name=_text("A bank")), _doc("B"), _doc("C")],
        fees=[{"description": _text("Fee"), "amount": 300}],
        processing_time={"typical": {"value": 90, "unit": "minutes"}, "legal_maximum": {"value": 1, "unit": "years"}}))
    _write(county / "licence.yaml", _service(
        "licence", "county", 3, fees=[],
        channels=[{"type": "in-person"}, {"type": "online", "maturity": 0}],
        documents=[_doc("Residence certificate", issuer="town", issuer_service="residence"), _doc("Photo")]))
    _write(county / "permit-copy.yaml", _service(
        "permit-copy", "county", 2,
        documents=[_doc("Proof of residence", issuer_service="residence", condition=_text("When moving")), _doc("Photo"), _doc("Form")],
        processing_time={"typical": {"value": 3, "unit": "days"}, "legal_maximum": {"value": 5, "unit": "working-days"}}))
    _write(county / "a-extract.yaml", _service(
        "a-extract", "county", 3,
        channels=[{"type": "in-person"}, {"type": "online", "maturity": 1}],
        documents=[_doc("Identity card", issuer="county", form="original-for-inspection"), _doc("Form")]))
    _write(county / "old-permit.yaml", _service(
        "old-permit", "county", 5, status="withdrawn", replaced_by="permit-copy", channels=[],
        documents=[_doc("Identity card", issuer="county")]))
    result = validate_catalog(root)
    assert result.ok, [str(p) for p in result.errors]
    return result.catalog


@pytest.fixture()
def catalog(tmp_path: Path) -> Catalog:
    return build(tmp_path)


@pytest.mark.parametrize(("value", "unit", "days"), [
    (3, "days", 3), (5, "working-days", 7), (10, "working-days", 14), (2, "weeks", 14), (1, "months", 30),
    (2, "years", 730), (36, "hours", 1.5), (90, "minutes", 0.0625), (0, "weeks", 0),
])
def test_durations_in_calendar_days(value: int, unit: str, days: float) -> None:
    assert stats.to_days({"value": value, "unit": unit}) == pytest.approx(days)


def test_no_duration_is_none() -> None:
    assert stats.to_days(None) is None
    assert stats.to_days({}) is None


def test_burden_of_each_service(catalog: Catalog) -> None:
    burden = {s.id: stats.burden(s) for s in catalog.services.values()}
    assert burden["residence"] == stats.Burden(
        service_id="residence", institution="town", visits=1, fees={}, typical_days=14, maximum_days=30,
        documents_to_bring=1, documents_fetched=1, maturity=2, yearly_requests=1000)
    tax = burden["property-tax"]
    assert tax.fees == {"EUR": 10, "MKD": 600}  # 200 (conditional) left out; 100 at the counter, the only way to apply
    assert (tax.typical_days, tax.maximum_days) == (14, 1.5)
    assert (tax.visits, tax.documents_to_bring, tax.maturity, tax.yearly_requests) == (1, 1, stats.NOT_ONLINE, None)
    land = burden["land-sheet"]
    assert (land.visits, land.documents_to_bring, land.maturity, land.fees) == (2, 3, 3, {"MKD": 300})
    assert land.typical_days == pytest.approx(0.0625) and land.maximum_days == 365
    assert land.fully_online and not burden["residence"].fully_online
    assert burden["permit-copy"].documents_to_bring == 3  # the conditional document counts
    assert burden["permit-copy"].maximum_days == 7
    assert burden["licence"].maturity == 0 and burden["licence"].fees == {}  # fees: [] is free
    assert burden["permit-copy"].fees is None and burden["a-extract"].fees is None  # no `fees`: not stated


def test_maturity_shares_overall(catalog: Catalog) -> None:
    overall = stats.statistics(catalog).overall
    # Six active services (old-permit is withdrawn): property-tax and permit-copy not online,
    # licence 0, a-extract 1, residence 2, land-sheet 3.
    assert overall.services == 6
    assert overall.levels == {-1: 2, 0: 1, 1: 1, 2: 1, 3: 1, 4: 0}
    assert overall.share(-1) == pytest.approx(2 / 6)
    assert overall.share(4) == 0
    assert overall.fully_online == 1
    assert overall.visits == 12  # 1 + 1 + 2 + 3 + 2 + 3
    assert overall.fees == {"EUR": 10, "MKD": 900}
    assert overall.fees_unknown == 2  # permit-copy and a-extract state no fees
    assert overall.documents_to_bring == 12  # 1 + 1 + 3 + 2 + 3 + 2
    assert overall.average_visits == 2 and overall.average_documents == 2


def test_figures_per_institution(catalog: Catalog) -> None:
    groups = {g.id: g for g in stats.statistics(catalog).institutions}
    assert set(groups) == {"town", "county"}
    town, county = groups["town"], groups["county"]
    assert (town.services, town.visits, town.documents_to_bring) == (2, 2, 2)
    assert town.levels == {-1: 1, 0: 0, 1: 0, 2: 1, 3: 0, 4: 0}
    assert town.fees == {"EUR": 10, "MKD": 600}
    assert town.average_fees == {"EUR": 5, "MKD": 300}
    assert town.fees_unknown == 0
    assert town.average_visits == 1 and town.average_documents == 1
    assert town.average_typical_days == 14  # (14 + 14) / 2
    # county: land-sheet, licence, permit-copy, a-extract (old-permit withdrawn).
    assert (county.services, county.visits, county.documents_to_bring) == (4, 10, 10)
    assert county.levels == {-1: 1, 0: 1, 1: 1, 2: 0, 3: 1, 4: 0}
    assert county.share(3) == 0.25
    # Fees of permit-copy and a-extract are not stated: the average is over land-sheet (300) and licence (free).
    assert county.fees == {"MKD": 300} and county.fees_unknown == 2 and county.average_fees == {"MKD": 150}
    assert county.average_visits == 2.5 and county.average_documents == 2.5
    assert county.average_typical_days == pytest.approx((0.0625 + 3) / 2)  # licence and a-extract state none


def _fees(*fees: dict[str, Any], channels: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Service data with these fees (currency already defaulted) and channels."""
    return {"fees": [{"currency": "MKD", **f} for f in fees], "channels": channels or [{"type": "in-person"}]}


IN_PERSON, ONLINE = {"type": "in-person"}, {"type": "online", "maturity": 3}


@pytest.mark.parametrize(("data", "routes", "cheapest"), [
    ({"channels": [IN_PERSON]}, None, None),  # no `fees`: not stated, not free
    (_fees(), {}, {}),  # fees: [] is free
    # every fee for one channel only (a property sheet: 180 on paper, 150 online): the cheaper channel counts
    (_fees({"amount": 180, "channels": ["in-person"]}, {"amount": 150, "channels": ["online"]}, channels=[IN_PERSON, ONLINE]),
     {"in-person": {"MKD": 180}, "online": {"MKD": 150}}, {"MKD": 150}),
    # a general fee is paid on every way, a channel's fee only there
    (_fees({"amount": 50}, {"amount": 100, "channels": ["in-person"]}, channels=[IN_PERSON, ONLINE]),
     {"in-person": {"MKD": 150}, "online": {"MKD": 50}}, {"MKD": 50}),
    # online below maturity 2 is not a way of applying: the counter fee is paid by everyone
    (_fees({"amount": 100, "channels": ["in-person"]}, channels=[IN_PERSON, {"type": "online", "maturity": 1}]),
     {"in-person": {"MKD": 100}}, {"MKD": 100}),
    # only conditional fees: nobody pays for sure
    (_fees({"amount": 100, "condition": {"en": "urgent"}}), {"in-person": {}}, {}),
    # no channel at all (a withdrawn service): the channels the fees name
    (_fees({"amount": 180, "channels": ["in-person"]}, {"amount": 150, "channels": ["online"]}, channels=[]) | {"channels": []},
     {"in-person": {"MKD": 180}, "online": {"MKD": 150}}, {"MKD": 150}),
])
def test_fees_by_way_of_applying(data: dict[str, Any], routes: Any, cheapest: Any) -> None:
    assert stats.fee_routes(data) == routes
    if routes is not None:
        assert stats.cheapest(routes) == cheapest


def test_institution_without_active_services_is_left_out(catalog: Catalog) -> None:
    catalog.institutions["empty"] = {"id": "empty", "name": _text("Empty")}
    assert {g.id for g in stats.statistics(catalog).institutions} == {"town", "county"}


def test_priorities_with_yearly_requests(catalog: Catalog) -> None:
    ranked = stats.priorities(catalog)
    # residence 1×1×1000 = 1000; a-extract 3×2×1, licence 3×2×1, permit-copy 2×3×1 = 6 each
    # (more visits first, then id: a-extract before licence); property-tax 1×1×1 = 1.
    # land-sheet is fully online and old-permit withdrawn: neither is listed.
    assert [(p.rank, p.burden.service_id, p.score) for p in ranked] == [
        (1, "residence", 1000), (2, "a-extract", 6), (3, "licence", 6), (4, "permit-copy", 6), (5, "property-tax", 1)]
    assert [p.requests for p in ranked] == [1000, 1, 1, 1, 1]
    assert [p.requests_known for p in ranked] == [True, False, False, False, False]


def test_priorities_without_yearly_requests(tmp_path: Path) -> None:
    ranked = stats.priorities(build(tmp_path, residence_requests=None))
    # residence now scores 1×1×1 = 1, tied with property-tax on score, visits and documents: id decides.
    assert [(p.burden.service_id, p.score) for p in ranked] == [
        ("a-extract", 6), ("licence", 6), ("permit-copy", 6), ("property-tax", 1), ("residence", 1)]
    assert not any(p.requests_known for p in ranked)


def test_zero_requests_a_year_is_known_and_scores_zero(tmp_path: Path) -> None:
    ranked = stats.priorities(build(tmp_path, residence_requests=0))
    assert ranked[-1].burden.service_id == "residence" and ranked[-1].score == 0 and ranked[-1].requests_known


def test_once_only_candidates(catalog: Catalog) -> None:
    groups = stats.once_only(catalog)
    # county issues: the identity card (residence hands it in; a-extract only shows it, old-permit is
    # withdrawn, the lease is fetched already) and the property sheet through land-sheet (property-tax).
    # town issues the residence certificate through residence (licence names town, permit-copy only the
    # service). Document A names an issuer outside the catalogue: not a candidate.
    summary = [(g.institution, g.requests, [(d.name["en"], d.issuer_service, [r.service_id for r in d.requests]) for d in g.documents])
               for g in groups]
    assert summary == [
        ("county", 2, [("Identity card", None, ["residence"]), ("Property sheet", "land-sheet", ["property-tax"])]),
        ("town", 2, [("Residence certificate", "residence", ["licence", "permit-copy"])]),
    ]
    # Each request keeps the document as its service lists it, condition included.
    assert groups[1].documents[0].requests[1].document["condition"]["en"] == "When moving"


def test_results_do_not_depend_on_service_order(catalog: Catalog) -> None:
    before = (stats.statistics(catalog), stats.priorities(catalog), stats.once_only(catalog))
    catalog.services = dict(reversed(list(catalog.services.items())))
    assert (stats.statistics(catalog), stats.priorities(catalog), stats.once_only(catalog)) == before
