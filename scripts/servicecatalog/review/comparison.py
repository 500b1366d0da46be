"""Two snapshots compared service by service and institution by institution into a ``Report``.

Services are paired by id, by ``former_ids`` or by catalogue code; changes that
deserve a closer look (withdrawn, moved, dearer, less online, a dropped
translation...) become the report's flags.
"""

from __future__ import annotations

from typing import Any

from servicecatalog.model.schematree import Node, SchemaIndex
from servicecatalog.review import closerlook
from servicecatalog.review.diffreport import Report, Section, _code
from servicecatalog.review.fielddiff import Differ, _escape
from servicecatalog.review.newservice import key_facts
from servicecatalog.review.reportwords import words
from servicecatalog.review.snapshot import Snapshot
from servicecatalog.site.urls import url_of


def _teams(snapshots: list[Snapshot], institution: Any) -> list[str]:
    teams: list[str] = []
    for snap in snapshots:
        record = snap.institutions.get(institution) if isinstance(institution, str) else None
        for team in record.get("editor_teams", []) if isinstance(record, dict) else []:
            if isinstance(team, str) and f"@{team}" not in teams:
                teams.append(f"@{team}")
    return teams


def _channels(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    channels = data.get("channels")
    return [c for c in channels if isinstance(c, dict) and c.get("type") == kind] if isinstance(channels, list) else []


def _best_maturity(channels: list[dict[str, Any]]) -> int | None:
    levels = [c["maturity"] for c in channels if isinstance(c.get("maturity"), int)]
    return max(levels) if levels else None


class Comparison:
    """Builds the ``Report`` for two snapshots."""

    def __init__(self, base: Snapshot, head: Snapshot, *, language: str | None = None, preview_url: str | None = None) -> None:
        self.base, self.head = base, head
        self.schema = SchemaIndex(head.schema, base.schema)
        self.service_node = self.schema.root("service")
        self.differ = Differ(base, head)
        if language:
            self.differ.language = language
        self.preview_url = preview_url
        self.report = Report(base, head, language=self.differ.language)
        self.w = words(self.differ.language)
        self.through_template: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def preview(self, sid: str) -> list[str]:
        """A link to the service's page on the pull request's preview site, when there is one."""
        if not self.preview_url or sid not in self.head.services:
            return []
        base = self.preview_url if self.preview_url.endswith("/") else self.preview_url + "/"
        url = url_of(f"services/{sid}/index", base, self.differ.language, self.head.default_language, True)
        return [f"{self.w['preview']}: <{url}>"]

    def name(self, data: dict[str, Any], side: str) -> str:
        value = data.get("name")
        return self.differ.show(value, self.service_node.properties.get("name", Node(localized=True)), side) if isinstance(value, dict) else ""

    def flag(self, who: str, message: str) -> None:
        self.report.flags.append(f"{who}: {message}")

    def run(self) -> Report:
        old, new = self.base.services, self.head.services
        removed = sorted(set(old) - set(new))
        added = sorted(set(new) - set(old))
        pairs = {sid: sid for sid in sorted(set(old) & set(new))}  # old id -> new id
        redirected: set[str] = set()
        for sid in sorted(new):
            for former in new[sid].get("former_ids") or []:
                if former in removed and former not in pairs:
                    pairs[former] = sid
                    redirected.add(former)
        for gone in removed:  # same catalogue code under a new id: an id change without a redirect
            match = next((a for a in added if a not in pairs.values() and new[a].get("code") == old[gone].get("code")), None)
            if gone not in pairs and match:
                pairs[gone] = match
        for gone in removed:
            if gone not in pairs:
                self.removed(gone)
        for sid in added:
            if sid not in pairs.values():
                self.added(sid)
        for before, after in sorted(pairs.items(), key=lambda p: p[1]):
            self.changed(before, after, before in redirected)
        for (template, lines), services in self.through_template.items():
            names = ", ".join(f"{_code(s)} ({self.name(self.head.services[s], 'new')})" for s in services)
            meta = [self.w["same way"].format(n=len(services), names=names), *(self.owner(self.head.services[s], "new", self.base.services[s]) for s in services)]
            meta += [line for s in services for line in self.preview(s)]
            self.report.services.append(Section(services[0], f"{self.w['template']} {_code(template)}", list(dict.fromkeys(meta)), list(lines)))
        self.report.services.sort(key=lambda s: s.key)
        self.report.flags.sort(key=lambda f: f.split(":", 1)[0].strip("`"))  # by service, stable within one
        self.institutions()
        self.vocabularies()
        self.other()
        return self.report

    def owner(self, data: dict[str, Any], side: str, other: dict[str, Any] | None = None) -> str:
        node = self.service_node.properties.get("institution", Node(ref="institution"))
        owner = self.differ.show(data.get("institution"), node, side)
        if other is not None and other.get("institution") != data.get("institution"):
            owner = f"{self.differ.show(other.get('institution'), node, 'old')} → {owner}"
        teams = _teams([self.head, self.base], data.get("institution")) + _teams([self.base], (other or {}).get("institution"))
        return f"{self.w['owner']}: {owner} · {self.w['editors']}: {', '.join(_code(t) for t in dict.fromkeys(teams)) or self.w['none named']}"

    def added(self, sid: str) -> None:
        data = self.head.services[sid]
        self.report.summary["Added"].append(_code(sid))
        lines = [*key_facts(data, self.differ, self.service_node, self.head.languages, self.w), f"{self.w['file']}: {_code(self.head.paths[sid])}"]
        self.report.services.append(Section(sid, f"{_code(sid)} — {self.name(data, 'new')} ({self.w['new']})", [self.owner(data, "new"), *self.preview(sid)], lines))

    def removed(self, sid: str) -> None:
        data = self.base.services[sid]
        self.report.summary["Removed"].append(_code(sid))
        self.flag(_code(sid), f"service removed and no service lists {_code(sid)} in `former_ids`: its address stops working")
        lines = [f"Service removed (was {_code(self.base.paths[sid])})."]
        self.report.services.append(Section(sid, f"{_code(sid)} — {self.name(data, 'old')} ({self.w['removed']})", [self.owner(data, "old")], lines))

    def changed(self, before: str, after: str, redirected: bool) -> None:
        old, new = self.base.services[before], self.head.services[after]
        self.differ.dropped = []
        changes = self.differ.diff({k: v for k, v in old.items() if k != "id"}, {k: v for k, v in new.items() if k != "id"}, self.service_node, ())
        who = _code(after) if before == after else f"{_code(before)} → {_code(after)}"
        if before != after and after in self.base.services:  # merged into a service that already existed
            self.report.summary["Identifier changed"].append(f"{who} (merged into an existing service; the old address redirects)")
            return
        if before != after:
            self.report.summary["Identifier changed"].append(f"{who} ({'the old address redirects' if redirected else 'without a redirect'})")
            if not redirected:
                self.flag(who, f"identifier changed without a redirect; add {_code(before)} to `former_ids`")
        elif not changes:
            return
        self.flags_for(who, old, new)
        if old.get("status", "active") != "withdrawn" and new.get("status") == "withdrawn":
            self.report.summary["Withdrawn"].append(_code(after))
        elif self.name(old, "old") != self.name(new, "new"):
            self.report.summary["Renamed"].append(f"{_code(after)}: {self.name(old, 'old')} → {self.name(new, 'new')}")
        elif before == after and {k: v for k, v in old.items() if k != "reviewed"} == {k: v for k, v in new.items() if k != "reviewed"}:
            found = new.get("reviewed")
            record: dict[str, Any] = found if isinstance(found, dict) else {}
            self.report.summary["Checked, nothing changed"].append(f"{_code(after)} (by {_escape(str(record.get('by', '?')))} on {_escape(str(record.get('date', '?')))})")
        elif before == after:
            self.report.summary["Changed"].append(_code(after))
        lines = [c.line() for c in changes] or ["No change besides the identifier."]
        if changes and before == after and self.base.own.get(before) == self.head.own.get(after) and new.get("template"):
            # the same differences for every service of the template are said once, under the template
            self.through_template.setdefault((str(new["template"]), tuple(lines)), []).append(after)
            return
        self.report.services.append(Section(after, f"{who} — {self.name(new, 'new')}", [self.owner(new, "new", old), *self.preview(after)], lines))

    def flags_for(self, who: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        differ = self.differ
        if old.get("status", "active") != "withdrawn" and new.get("status") == "withdrawn":
            replaced = f" (replaced by {_code(str(new['replaced_by']))})" if new.get("replaced_by") else " (nothing named in `replaced_by`)"
            self.flag(who, "withdrawn" + replaced)
        if old.get("institution") != new.get("institution"):
            node = self.service_node.properties.get("institution", Node(ref="institution"))
            self.flag(who, f"moved to another institution: {differ.show(old.get('institution'), node, 'old')} → {differ.show(new.get('institution'), node, 'new')}")
        online_old, online_new = _channels(old, "online"), _channels(new, "online")
        if len(online_new) < len(online_old):
            urls = [str(c.get("url")) for c in online_old if c.get("url") and c.get("url") not in {n.get("url") for n in online_new}]
            self.flag(who, "online channel removed" + (f" ({_escape(', '.join(urls))})" if urls else ""))
        maturity_old, maturity_new = _best_maturity(online_old), _best_maturity(online_new)
        if online_new and maturity_old is not None and maturity_new is not None and maturity_new < maturity_old:
            self.flag(who, f"less can be done online: e-service maturity {maturity_old} → {maturity_new}")
        visits_old, visits_new = old.get("in_person_visits"), new.get("in_person_visits")
        if isinstance(visits_old, int) and isinstance(visits_new, int) and visits_new > visits_old:
            self.flag(who, f"more visits in person: {visits_old} → {visits_new}")
        fee_node = (self.service_node.properties.get("fees") or Node()).items or Node()
        fees_old = differ.keyed(old.get("fees") or [], fee_node, "old")
        for key, fee in differ.keyed(new.get("fees") or [], fee_node, "new").items():
            was = fees_old.get(key)
            if not isinstance(fee, dict) or not isinstance(fee.get("amount"), (int, float)):
                continue
            if was is None and fee["amount"] > 0:
                self.flag(who, f"new fee: {differ.summary(fee, fee_node, 'new')}")
            elif not isinstance(was, dict) or not isinstance(was.get("amount"), (int, float)):
                continue
            elif was.get("currency") != fee.get("currency"):  # amounts in two currencies do not compare
                self.flag(who, f"fee in another currency: {key}: {differ.compound(was, fee_node, 'old')} → {differ.compound(fee, fee_node, 'new')}")
            elif fee["amount"] > was["amount"]:
                self.flag(who, f"fee goes up: {key}: {differ.compound(was, fee_node, 'old')} → {differ.compound(fee, fee_node, 'new')}")
            elif how := closerlook.drops(was["amount"], fee["amount"]):
                self.flag(who, f"fee {how} (a typo such as 1.500 for 1500?): {key}: {differ.compound(was, fee_node, 'old')} → {differ.compound(fee, fee_node, 'new')}")
        time_node = self.service_node.properties.get("processing_time") or Node()
        for which, how in closerlook.time_drops(old, new):
            sub = time_node.properties.get(which, Node())
            self.flag(who, f"processing time {how}: {sub.title or which}: {differ.show(old['processing_time'][which], sub, 'old')} → {differ.show(new['processing_time'][which], sub, 'new')}")
        for field_name, what in (("documents", "document"), ("steps", "step")):
            node = (self.service_node.properties.get(field_name) or Node()).items or Node()
            after = differ.keyed(new.get(field_name) or [], node, "new")
            for key in differ.keyed(old.get(field_name) or [], node, "old"):
                if key not in after:
                    self.flag(who, f"{what} removed: {key}")
        for kind in closerlook.removed_channel_types(old, new):
            if kind != "online":  # said above, with its address
                self.flag(who, f"channel removed: {kind}")
        for office in closerlook.removed_offices(old, new):
            self.flag(who, f"office removed: {_escape(office)}")
        hosts, plain = closerlook.new_links(old, new)
        for url in hosts:
            self.flag(who, f"links to a site it did not link to before: {_escape(closerlook.host(url))} ({_escape(url)})")
        for url in plain:
            self.flag(who, f"new link without https: {_escape(url)}")
        if new.get("replaced_by") and new.get("replaced_by") != old.get("replaced_by") and old.get("status", "active") == "withdrawn":
            self.flag(who, f"now replaced by {_code(str(new['replaced_by']))}: check that citizens are sent to the right service")
        for kind, value in closerlook.contacts_in_texts(old, new):
            self.flag(who, f"a text now contains a {kind}: {_escape(value)}")
        doc_node = (self.service_node.properties.get("documents") or Node()).items or Node()
        docs_old = differ.keyed(old.get("documents") or [], doc_node, "old")
        for key, doc in differ.keyed(new.get("documents") or [], doc_node, "new").items():
            was = docs_old.get(key)
            if isinstance(doc, dict) and not doc.get("obtained_by_administration") and (was is None or (isinstance(was, dict) and was.get("obtained_by_administration"))):
                self.flag(who, f"the citizen must now bring a document: {key}")
        if differ.dropped:
            places = ", ".join(" › ".join(path) for path, _ in differ.dropped)
            languages = sorted({lang for _, langs in differ.dropped for lang in langs})
            self.flag(who, f"translation dropped ({', '.join(languages)}): {places}")

    def institutions(self) -> None:
        node = self.schema.root("institution")
        old, new = self.base.institutions, self.head.institutions
        for iid in sorted(set(old) | set(new)):
            before, after = old.get(iid), new.get(iid)
            if before == after:
                continue
            data = after or before or {}
            side = "new" if after else "old"
            heading = f"{_code(iid)} — {self.differ.show(data.get('name'), node.properties.get('name', Node(localized=True)), side)}"
            meta = [f"{self.w['Editors']}: {', '.join(_code(t) for t in _teams([self.head, self.base], iid)) or self.w['none named']}"]
            if before is None or after is None:
                lines = ["New institution." if before is None else "Institution removed."]
            else:
                lines = [c.line() for c in self.differ.diff(before, after, node, ())]
                if before.get("editor_teams") != after.get("editor_teams"):
                    self.flag(f"institution {_code(iid)}", "editors' teams changed (who may propose changes to its services)")
            self.report.institutions.append(Section(iid, heading, meta, lines))
        self.differ.dropped = []

    def vocabularies(self) -> None:
        old, new = self.base.vocabularies, self.head.vocabularies
        for name in sorted(set(old) | set(new)):
            before, after = old.get(name, {}), new.get(name, {})
            parts = [f"{verb}: {', '.join(_code(t) for t in terms)}" for verb, terms in (
                ("terms added", sorted(set(after) - set(before))),
                ("terms removed", sorted(set(before) - set(after))),
                ("terms changed", sorted(t for t in set(before) & set(after) if before[t] != after[t])),
            ) if terms]
            if parts:
                self.report.vocabularies.append(f"{_code(name)}: {'; '.join(parts)}")

    def other(self) -> None:
        settings = self.differ.diff(self.base.settings, self.head.settings, self.schema.root("settings"), ("Settings",))
        self.report.other += [c.line() for c in settings]
        for tid in sorted(set(self.base.templates) | set(self.head.templates)):
            if self.base.templates.get(tid) != self.head.templates.get(tid):
                users = sorted(s for s, d in self.head.services.items() if d.get("template") == tid)
                self.report.other.append(f"Shared template {_code(tid)} changed" + (f" (used by {', '.join(_code(u) for u in users)})" if users else ""))
        for lang in sorted(set(self.base.ui) | set(self.head.ui)):
            before, after = self.base.ui.get(lang, {}), self.head.ui.get(lang, {})
            if before != after:
                count = len({k for k in set(before) | set(after) if before.get(k) != after.get(k)})
                self.report.other.append(f"Interface words {_code(lang)}: {count} changed")
        self.differ.dropped = []
