"""Two snapshots compared service by service and institution by institution into a ``Report``.

Services are paired by id, by ``former_ids`` or by catalogue code; changes that
deserve a closer look (withdrawn, moved, dearer, less online, a dropped
translation...) become the report's flags.
"""

from __future__ import annotations

from typing import Any

from servicecatalog.model.fields import FieldNode, load_model
from servicecatalog.review.diffreport import Report, Section, _code
from servicecatalog.review.fielddiff import Differ, _escape
from servicecatalog.review.flags import flags_for, say
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


class Comparison:
    """Builds the ``Report`` for two snapshots."""

    def __init__(self, base: Snapshot, head: Snapshot, *, language: str | None = None, preview_url: str | None = None) -> None:
        self.base, self.head = base, head
        # The new revision's schema names the fields; the old one's when the new one's cannot be read.
        self.schema = head.schema or base.schema or load_model()
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
        return self.differ.show(value, self.service_node.properties.get("name", FieldNode(localized=True)), side) if isinstance(value, dict) else ""

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
        node = self.service_node.properties.get("institution", FieldNode(reference="institution"))
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
        self.flag(_code(sid), say(self.differ.language, "removed", sid=_code(sid)))
        lines = [self.w["removed_was"].format(path=_code(self.base.paths[sid]))]
        self.report.services.append(Section(sid, f"{_code(sid)} — {self.name(data, 'old')} ({self.w['removed']})", [self.owner(data, "old")], lines))

    def changed(self, before: str, after: str, redirected: bool) -> None:
        old, new = self.base.services[before], self.head.services[after]
        self.differ.dropped = []
        changes = self.differ.diff({k: v for k, v in old.items() if k != "id"}, {k: v for k, v in new.items() if k != "id"}, self.service_node, ())
        who = _code(after) if before == after else f"{_code(before)} → {_code(after)}"
        if before != after and after in self.base.services:  # merged into a service that already existed
            self.report.summary["Identifier changed"].append(f"{who} ({self.w['merged_redirects']})")
            return
        if before != after:
            self.report.summary["Identifier changed"].append(f"{who} ({self.w['redirects'] if redirected else self.w['no_redirect']})")
            if not redirected:
                self.flag(who, say(self.differ.language, "no-redirect", old=_code(before)))
        elif not changes:
            return
        flags_for(self, who, old, new)
        if old.get("status", "active") != "withdrawn" and new.get("status") == "withdrawn":
            self.report.summary["Withdrawn"].append(_code(after))
        elif self.name(old, "old") != self.name(new, "new"):
            self.report.summary["Renamed"].append(f"{_code(after)}: {self.name(old, 'old')} → {self.name(new, 'new')}")
        elif before == after and {k: v for k, v in old.items() if k != "reviewed"} == {k: v for k, v in new.items() if k != "reviewed"}:
            found = new.get("reviewed")
            record: dict[str, Any] = found if isinstance(found, dict) else {}
            self.report.summary["Checked, nothing changed"].append(f"{_code(after)} ({self.w['confirmed_by'].format(by=_escape(str(record.get('by', '?'))), date=_escape(str(record.get('date', '?'))))})")
        elif before == after:
            self.report.summary["Changed"].append(_code(after))
        lines = [c.line() for c in changes] or [self.w["only_id"]]
        if changes and before == after and self.base.own.get(before) == self.head.own.get(after) and new.get("template"):
            # the same differences for every service of the template are said once, under the template
            self.through_template.setdefault((str(new["template"]), tuple(lines)), []).append(after)
            return
        self.report.services.append(Section(after, f"{who} — {self.name(new, 'new')}", [self.owner(new, "new", old), *self.preview(after)], lines))

    def institutions(self) -> None:
        node = self.schema.root("institution")
        self.differ.kind = "institution"
        old, new = self.base.institutions, self.head.institutions
        for iid in sorted(set(old) | set(new)):
            before, after = old.get(iid), new.get(iid)
            if before == after:
                continue
            data = after or before or {}
            side = "new" if after else "old"
            heading = f"{_code(iid)} — {self.differ.show(data.get('name'), node.properties.get('name', FieldNode(localized=True)), side)}"
            meta = [f"{self.w['Editors']}: {', '.join(_code(t) for t in _teams([self.head, self.base], iid)) or self.w['none named']}"]
            if before is None or after is None:
                lines = [self.w["new_institution"] if before is None else self.w["institution_removed"]]
            else:
                lines = [c.line() for c in self.differ.diff(before, after, node, ())]
                if before.get("editor_teams") != after.get("editor_teams"):
                    self.flag(say(self.differ.language, "institution", iid=_code(iid)), say(self.differ.language, "teams"))
            self.report.institutions.append(Section(iid, heading, meta, lines))
        self.differ.dropped = []
        self.differ.kind = "service"

    def vocabularies(self) -> None:
        old, new = self.base.vocabularies, self.head.vocabularies
        for name in sorted(set(old) | set(new)):
            before, after = old.get(name, {}), new.get(name, {})
            parts = [f"{verb}: {', '.join(_code(t) for t in terms)}" for verb, terms in (
                (self.w["terms_added"], sorted(set(after) - set(before))),
                (self.w["terms_removed"], sorted(set(before) - set(after))),
                (self.w["terms_changed"], sorted(t for t in set(before) & set(after) if before[t] != after[t])),
            ) if terms]
            if parts:
                self.report.vocabularies.append(f"{_code(name)}: {'; '.join(parts)}")

    def other(self) -> None:
        self.differ.kind = "settings"
        settings = self.differ.diff(self.base.settings, self.head.settings, self.schema.root("settings"), (self.w["settings"],))
        self.differ.kind = "service"
        self.report.other += [c.line() for c in settings]
        for tid in sorted(set(self.base.templates) | set(self.head.templates)):
            if self.base.templates.get(tid) != self.head.templates.get(tid):
                users = sorted(s for s, d in self.head.services.items() if d.get("template") == tid)
                used = self.w["used_by"].format(services=", ".join(_code(u) for u in users)) if users else ""
                self.report.other.append(self.w["template_changed"].format(template=_code(tid)) + used)
        for lang in sorted(set(self.base.ui) | set(self.head.ui)):
            before, after = self.base.ui.get(lang, {}), self.head.ui.get(lang, {})
            if before != after:
                count = len({k for k in set(before) | set(after) if before.get(k) != after.get(k)})
                self.report.other.append(self.w["ui_changed"].format(language=_code(lang), n=count))
        self.differ.dropped = []
