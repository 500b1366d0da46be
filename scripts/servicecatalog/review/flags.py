"""What needs a closer look in one changed service, said in the summary's language.

Worse for citizens (withdrawn, moved, less online, more visits, dearer, a new
document to bring, a dropped translation) or likely a mistake (a fee or time
that collapses, something removed, a new site linked, contacts slipped into a
text): see ``closerlook`` for the tests. Each flag is a message ``review.flag.<name>``
of ``model/locales/<language>.yaml`` with its values, English when one is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicecatalog.model.fields import FieldNode
from servicecatalog.review import closerlook
from servicecatalog.review.diffreport import _code
from servicecatalog.review.fielddiff import _escape
from servicecatalog.review.reportwords import flag

if TYPE_CHECKING:
    from servicecatalog.review.comparison import Comparison

def say(language: str, message: str, **values: Any) -> str:
    """The flag ``message`` in ``language`` (English when not translated), filled with ``values``."""
    return flag(language, message).format(**values)


def _channels(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    channels = data.get("channels")
    return [c for c in channels if isinstance(c, dict) and c.get("type") == kind] if isinstance(channels, list) else []


def _best_maturity(channels: list[dict[str, Any]]) -> int | None:
    levels = [c["maturity"] for c in channels if isinstance(c.get("maturity"), int)]
    return max(levels) if levels else None


def flags_for(cmp: Comparison, who: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Add to ``cmp``'s report what needs a closer look in a service changed from ``old`` to ``new``."""
    differ = cmp.differ

    def flag(message: str, **values: Any) -> None:
        cmp.flag(who, say(differ.language, message, **values))

    if old.get("status", "active") != "withdrawn" and new.get("status") == "withdrawn":
        flag("withdrawn-by", by=_code(str(new["replaced_by"]))) if new.get("replaced_by") else flag("withdrawn")
    if old.get("institution") != new.get("institution"):
        node = cmp.service_node.properties.get("institution", FieldNode(reference="institution"))
        flag("moved", old=differ.show(old.get("institution"), node, "old"), new=differ.show(new.get("institution"), node, "new"))
    online_old, online_new = _channels(old, "online"), _channels(new, "online")
    if len(online_new) < len(online_old):
        urls = [str(c.get("url")) for c in online_old if c.get("url") and c.get("url") not in {n.get("url") for n in online_new}]
        flag("online-removed", urls=f" ({_escape(', '.join(urls))})" if urls else "")
    maturity_old, maturity_new = _best_maturity(online_old), _best_maturity(online_new)
    if online_new and maturity_old is not None and maturity_new is not None and maturity_new < maturity_old:
        flag("less-online", old=maturity_old, new=maturity_new)
    visits_old, visits_new = old.get("in_person_visits"), new.get("in_person_visits")
    if isinstance(visits_old, int) and isinstance(visits_new, int) and visits_new > visits_old:
        flag("more-visits", old=visits_old, new=visits_new)
    fee_node = (cmp.service_node.properties.get("fees") or FieldNode()).items or FieldNode()
    fees_old = differ.keyed(old.get("fees") or [], fee_node, "old")
    for key, fee in differ.keyed(new.get("fees") or [], fee_node, "new").items():
        was = fees_old.get(key)
        if not isinstance(fee, dict) or not isinstance(fee.get("amount"), (int, float)):
            continue
        if was is None and fee["amount"] > 0:
            flag("new-fee", fee=differ.summary(fee, fee_node, "new"))
            continue
        if not isinstance(was, dict) or not isinstance(was.get("amount"), (int, float)):
            continue
        amounts = {"key": key, "old": differ.compound(was, fee_node, "old"), "new": differ.compound(fee, fee_node, "new")}
        if was.get("currency") != fee.get("currency"):  # amounts in two currencies do not compare
            flag("fee-currency", **amounts)
        elif fee["amount"] > was["amount"]:
            flag("fee-up", **amounts)
        elif how := closerlook.drops(was["amount"], fee["amount"]):
            flag(f"fee-{how}", **amounts)
    time_node = cmp.service_node.properties.get("processing_time") or FieldNode()
    for which, how in closerlook.time_drops(old, new, cmp.schema):
        sub = time_node.properties.get(which, FieldNode())
        flag(f"time-{how}", key=differ.name_of(sub, which), old=differ.show(old["processing_time"][which], sub, "old"), new=differ.show(new["processing_time"][which], sub, "new"))
    for field_name in ("documents", "steps"):
        node = (cmp.service_node.properties.get(field_name) or FieldNode()).items or FieldNode()
        after = differ.keyed(new.get(field_name) or [], node, "new")
        for key in differ.keyed(old.get(field_name) or [], node, "old"):
            if key not in after:
                flag("document-removed" if field_name == "documents" else "step-removed", key=key)
    channel_items = cmp.service_node.properties.get("channels", FieldNode()).items or FieldNode()
    channel_type = channel_items.properties.get("type", FieldNode())
    for kind in closerlook.removed_channel_types(old, new):
        if kind != "online":  # said above, with its address
            flag("channel-removed", key=differ.show(kind, channel_type, "old"))
    for office in closerlook.removed_offices(old, new):
        flag("office-removed", key=_escape(office))
    hosts, plain = closerlook.new_links(old, new)
    for url in hosts:
        flag("new-host", host=_escape(closerlook.host(url)), url=_escape(url))
    for url in plain:
        flag("http", url=_escape(url))
    if new.get("replaced_by") and new.get("replaced_by") != old.get("replaced_by") and old.get("status", "active") == "withdrawn":
        flag("replaced-by", by=_code(str(new["replaced_by"])))
    for kind, value in closerlook.contacts_in_texts(old, new):
        flag("text-url" if kind == "web address" else "text-phone", value=_escape(value))
    doc_node = (cmp.service_node.properties.get("documents") or FieldNode()).items or FieldNode()
    docs_old = differ.keyed(old.get("documents") or [], doc_node, "old")
    for key, doc in differ.keyed(new.get("documents") or [], doc_node, "new").items():
        was = docs_old.get(key)
        if isinstance(doc, dict) and not doc.get("obtained_by_administration") and (was is None or (isinstance(was, dict) and was.get("obtained_by_administration"))):
            flag("must-bring", key=key)
    if differ.dropped:
        places = ", ".join(" › ".join(path) for path, _ in differ.dropped)
        languages = sorted({lang for _, langs in differ.dropped for lang in langs})
        flag("translation-dropped", languages=", ".join(languages), places=places)
