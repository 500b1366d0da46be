"""What needs a closer look in one changed service, said in the summary's language.

Worse for citizens (withdrawn, moved, less online, more visits, dearer, a new
document to bring, a dropped translation) or likely a mistake (a fee or time
that collapses, something removed, a new site linked, contacts slipped into a
text): see ``closerlook`` for the tests. Each flag is a key of ``FLAGS`` with its
values; the words are per language, English when one is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicecatalog.model.fields import FieldNode
from servicecatalog.review import closerlook
from servicecatalog.review.diffreport import _code
from servicecatalog.review.fielddiff import _escape

if TYPE_CHECKING:
    from servicecatalog.review.comparison import Comparison

FLAGS: dict[str, dict[str, str]] = {
    "en": {
        "removed": "service removed and no service lists {sid} in `former_ids`: its address stops working",
        "no-redirect": "identifier changed without a redirect; add {old} to `former_ids`",
        "withdrawn-by": "withdrawn (replaced by {by})",
        "withdrawn": "withdrawn (nothing named in `replaced_by`)",
        "moved": "moved to another institution: {old} → {new}",
        "online-removed": "online channel removed{urls}",
        "less-online": "less can be done online: e-service maturity {old} → {new}",
        "more-visits": "more visits in person: {old} → {new}",
        "new-fee": "new fee: {fee}",
        "fee-currency": "fee in another currency: {key}: {old} → {new}",
        "fee-up": "fee goes up: {key}: {old} → {new}",
        "fee-zero": "fee goes to zero (a typo such as 1.500 for 1500?): {key}: {old} → {new}",
        "fee-half": "fee drops by more than half (a typo such as 1.500 for 1500?): {key}: {old} → {new}",
        "time-zero": "processing time goes to zero: {key}: {old} → {new}",
        "time-half": "processing time drops by more than half: {key}: {old} → {new}",
        "document-removed": "document removed: {key}",
        "step-removed": "step removed: {key}",
        "channel-removed": "channel removed: {key}",
        "office-removed": "office removed: {key}",
        "new-host": "links to a site it did not link to before: {host} ({url})",
        "http": "new link without https: {url}",
        "replaced-by": "now replaced by {by}: check that citizens are sent to the right service",
        "text-url": "a text now contains a web address: {value}",
        "text-phone": "a text now contains a phone number: {value}",
        "must-bring": "the citizen must now bring a document: {key}",
        "translation-dropped": "translation dropped ({languages}): {places}",
        "teams": "editors' teams changed (who may propose changes to its services)",
        "institution": "institution {iid}",
    },
    "mk": {
        "removed": "услугата е отстранета и ниедна услуга не го наведува {sid} во `former_ids`: нејзината адреса престанува да работи",
        "no-redirect": "идентификаторот е променет без пренасочување; додајте {old} во `former_ids`",
        "withdrawn-by": "повлечена (ја заменува {by})",
        "withdrawn": "повлечена (ништо не е наведено во `replaced_by`)",
        "moved": "преместена во друга институција: {old} → {new}",
        "online-removed": "отстранет е електронскиот канал{urls}",
        "less-online": "помалку може да се заврши електронски: зрелост на е-услугата {old} → {new}",
        "more-visits": "повеќе доаѓања на шалтер: {old} → {new}",
        "new-fee": "нова такса: {fee}",
        "fee-currency": "такса во друга валута: {key}: {old} → {new}",
        "fee-up": "таксата се зголемува: {key}: {old} → {new}",
        "fee-zero": "таксата паѓа на нула (печатна грешка, како 1.500 за 1500?): {key}: {old} → {new}",
        "fee-half": "таксата паѓа за повеќе од половина (печатна грешка, како 1.500 за 1500?): {key}: {old} → {new}",
        "time-zero": "времето на обработка паѓа на нула: {key}: {old} → {new}",
        "time-half": "времето на обработка паѓа за повеќе од половина: {key}: {old} → {new}",
        "document-removed": "отстранет документ: {key}",
        "step-removed": "отстранет чекор: {key}",
        "channel-removed": "отстранет канал: {key}",
        "office-removed": "отстранета канцеларија: {key}",
        "new-host": "врска до сајт до кој претходно немало врска: {host} ({url})",
        "http": "нова врска без https: {url}",
        "replaced-by": "сега ја заменува {by}: проверете дали граѓаните се упатени на вистинската услуга",
        "text-url": "текстот сега содржи веб-адреса: {value}",
        "text-phone": "текстот сега содржи телефонски број: {value}",
        "must-bring": "граѓанинот сега мора да донесе документ: {key}",
        "translation-dropped": "отстранет превод ({languages}): {places}",
        "teams": "променети се тимовите на уредници (кој може да предлага промени на нејзините услуги)",
        "institution": "институција {iid}",
    },
    "sq": {
        "removed": "shërbimi u hoq dhe asnjë shërbim nuk e rendit {sid} në `former_ids`: adresa e tij ndalon së punuari",
        "no-redirect": "identifikuesi u ndryshua pa ridrejtim; shtoni {old} në `former_ids`",
        "withdrawn-by": "i tërhequr (e zëvendëson {by})",
        "withdrawn": "i tërhequr (asgjë e emërtuar në `replaced_by`)",
        "moved": "u zhvendos në një institucion tjetër: {old} → {new}",
        "online-removed": "u hoq kanali në internet{urls}",
        "less-online": "më pak mund të bëhet në internet: pjekuria e e-shërbimit {old} → {new}",
        "more-visits": "më shumë vizita në sportel: {old} → {new}",
        "new-fee": "tarifë e re: {fee}",
        "fee-currency": "tarifë në një monedhë tjetër: {key}: {old} → {new}",
        "fee-up": "tarifa rritet: {key}: {old} → {new}",
        "fee-zero": "tarifa bie në zero (gabim shtypi, si 1.500 për 1500?): {key}: {old} → {new}",
        "fee-half": "tarifa bie më shumë se përgjysmë (gabim shtypi, si 1.500 për 1500?): {key}: {old} → {new}",
        "time-zero": "koha e përpunimit bie në zero: {key}: {old} → {new}",
        "time-half": "koha e përpunimit bie më shumë se përgjysmë: {key}: {old} → {new}",
        "document-removed": "u hoq një dokument: {key}",
        "step-removed": "u hoq një hap: {key}",
        "channel-removed": "u hoq një kanal: {key}",
        "office-removed": "u hoq një zyrë: {key}",
        "new-host": "lidhje te një faqe që nuk lidhej më parë: {host} ({url})",
        "http": "lidhje e re pa https: {url}",
        "replaced-by": "tani e zëvendëson {by}: kontrolloni që qytetarët dërgohen te shërbimi i duhur",
        "text-url": "një tekst tani përmban një adresë interneti: {value}",
        "text-phone": "një tekst tani përmban një numër telefoni: {value}",
        "must-bring": "qytetari tani duhet të sjellë një dokument: {key}",
        "translation-dropped": "u hoq përkthimi ({languages}): {places}",
        "teams": "ndryshuan ekipet e redaktorëve (kush mund të propozojë ndryshime në shërbimet e tij)",
        "institution": "institucioni {iid}",
    },
}


def say(language: str, message: str, **values: Any) -> str:
    """The flag ``message`` in ``language`` (English when not translated), filled with ``values``."""
    return FLAGS.get(language, {}).get(message, FLAGS["en"][message]).format(**values)


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
        flag(f"time-{how}", key=sub.title or which, old=differ.show(old["processing_time"][which], sub, "old"), new=differ.show(new["processing_time"][which], sub, "new"))
    for field_name in ("documents", "steps"):
        node = (cmp.service_node.properties.get(field_name) or FieldNode()).items or FieldNode()
        after = differ.keyed(new.get(field_name) or [], node, "new")
        for key in differ.keyed(old.get(field_name) or [], node, "old"):
            if key not in after:
                flag("document-removed" if field_name == "documents" else "step-removed", key=key)
    for kind in closerlook.removed_channel_types(old, new):
        if kind != "online":  # said above, with its address
            flag("channel-removed", key=_escape(kind))
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
