"""A synthetic catalogue of any size, for benchmarks and scale tests.

``write_synthetic_project(dest, services=5000)`` writes a complete project
folder: ``catalog/`` (settings, vocabularies, institutions with offices,
shared templates, services in Macedonian, Albanian and English), plus copies
of this repository's ``schema/``, ``catalog/ui/``, ``overrides/`` and
``docs/assets/``, so ``catalog validate`` and ``catalog build`` run on it.

Texts are assembled from parallel phrase lists, so every language says the
same thing and no translation is missing. The output depends only on the
seed (one ``random.Random``, no sets, no clock, no network). It is test data,
and the settings say so (``sample_data: true``).
"""

from __future__ import annotations

import functools
import random
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from servicecatalog.model import schemafiles
from servicecatalog.model.fields import load_model
from servicecatalog.site.latin import latin_variants

PROJECT = Path(__file__).resolve().parents[3]
LANGUAGES = ("mk", "sq", "en")
T = dict[str, str]  # one text in every language


def _rows(table: str) -> list[list[str]]:
    """Parse a ``|``-separated table, one row per line."""
    return [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]


def _t(mk: str, sq: str, en: str) -> T:
    return {"mk": mk, "sq": sq, "en": en}


# --- vocabularies: id | mk | sq | en -------------------------------------------------------------
VOCABULARIES: dict[str, tuple[T, str]] = {
    "audiences": (_t("Корисници", "Përdoruesit", "Audiences"), """
citizens|Граѓани|Qytetarët|Citizens
families|Семејства со деца|Familjet me fëmijë|Families with children
businesses|Бизниси|Bizneset|Businesses
entrepreneurs|Претприемачи|Sipërmarrësit|Entrepreneurs
property-owners|Сопственици на недвижности|Pronarët e pasurive|Property owners
jobseekers|Невработени лица|Personat e papunë|Jobseekers
pensioners|Пензионери|Pensionistët|Pensioners
foreigners|Странци|Të huajt|Foreign nationals"""),
    "categories": (_t("Области", "Fushat", "Categories"), """
identity-documents|Лични документи|Dokumentet personale|Identity documents
civil-status|Матична евиденција|Gjendja civile|Civil status
transport|Возила и сообраќај|Automjetet dhe trafiku|Vehicles and driving
business|Бизнис и претприемништво|Biznesi dhe sipërmarrja|Business and enterprise
taxes|Даноци|Tatimet|Taxes
property|Недвижен имот|Pasuria e paluajtshme|Property and land
construction|Градење и урбанизам|Ndërtimi dhe urbanizmi|Construction and planning
health|Здравство|Shëndetësia|Health
employment|Работа и вработување|Puna dhe punësimi|Work and employment
social-protection|Социјална заштита|Mbrojtja sociale|Social protection
pensions|Пензии|Pensionet|Pensions
justice|Правосудство|Drejtësia|Justice"""),
    "life-events": (_t("Животни ситуации", "Ngjarjet e jetës", "Life events"), """
having-a-baby|Раѓање дете|Lindja e fëmijës|Having a baby
turning-18|Полнолетство|Mbushja e moshës 18 vjeç|Turning 18
getting-married|Стапување во брак|Martesa|Getting married
moving-house|Селење|Ndërrimi i banesës|Moving house
travelling-abroad|Патување во странство|Udhëtimi jashtë vendit|Travelling abroad
driving|Возење|Drejtimi i automjetit|Driving
starting-a-business|Отпочнување бизнис|Fillimi i një biznesi|Starting a business
looking-for-work|Барање работа|Kërkimi i punës|Looking for work
losing-a-job|Губење на работата|Humbja e punës|Losing a job
buying-property|Купување недвижност|Blerja e pronës|Buying property
building-a-home|Градење дом|Ndërtimi i shtëpisë|Building a home
low-income|Ниски примања|Të ardhura të ulëta|Living on a low income
retiring|Пензионирање|Pensionimi|Retiring
death-of-relative|Смрт на близок|Vdekja e një të afërmi|Death of a relative"""),
    "institution-types": (_t("Видови институции", "Llojet e institucioneve", "Kinds of institution"), """
ministry|Министерство|Ministri|Ministry
agency|Агенција или управа|Agjenci ose drejtori|Agency or directorate
fund|Фонд|Fond|Fund
municipality|Општина|Komunë|Municipality
court|Суд|Gjykatë|Court
public-institution|Јавна установа|Institucion publik|Public institution"""),
    "payment-methods": (_t("Начини на плаќање", "Mënyrat e pagesës", "Payment methods"), """
payment-slip|Уплатница|Fletëpagesë|Payment slip
pos-terminal|Картичка на шалтер|Kartelë në sportel|Card at the counter
online-card|Картичка преку интернет|Kartelë në internet|Card online
e-banking|Електронско банкарство|Bankingu elektronik|Online banking"""),
    "identification-means": (_t("Идентификација", "Identifikimi", "Identification"), """
id-card|Лична карта|Letërnjoftim|Identity card
passport|Пасош|Pasaportë|Passport
national-eid|Профил на порталот за е-услуги|Profil në portalin e shërbimeve|e-Services portal account"""),
    "signature-means": (_t("Потпис", "Nënshkrimi", "Signature"), """
handwritten|Своерачен потпис|Nënshkrim me dorë|Handwritten signature
qualified-electronic-signature|Квалификуван електронски потпис|Nënshkrim elektronik i kualifikuar|Qualified electronic signature"""),
}

# --- places: slug | mk | sq | en | postal code | lat | lon -------------------------------------------
TOWNS = _rows("""
skopje|Скопје|Shkup|Skopje|1000|41.996|21.431
kumanovo|Куманово|Kumanovë|Kumanovo|1300|42.132|21.714
tetovo|Тетово|Tetovë|Tetovo|1200|42.010|20.971
gostivar|Гостивар|Gostivar|Gostivar|1230|41.796|20.908
struga|Струга|Strugë|Struga|6330|41.178|20.678
kicevo|Кичево|Kërçovë|Kičevo|6250|41.513|20.959
debar|Дебар|Dibër|Debar|1250|41.525|20.527
ohrid|Охрид|Ohër|Ohrid|6000|41.117|20.802
bitola|Битола|Manastir|Bitola|7000|41.031|21.335
prilep|Прилеп|Prilep|Prilep|7500|41.346|21.555
veles|Велес|Veles|Veles|1400|41.716|21.776
stip|Штип|Shtip|Štip|2000|41.746|22.196
strumica|Струмица|Strumicë|Strumica|2400|41.438|22.643
kocani|Кочани|Koçan|Kočani|2300|41.917|22.413
kavadarci|Кавадарци|Kavadar|Kavadarci|1430|41.433|22.012
gevgelija|Гевгелија|Gjevgjeli|Gevgelija|1480|41.141|22.503
negotino|Неготино|Negotinë|Negotino|1440|41.484|22.089
kratovo|Кратово|Kratovë|Kratovo|1360|42.078|22.180
radovis|Радовиш|Radovish|Radoviš|2420|41.638|22.464
resen|Ресен|Resnjë|Resen|7310|41.089|21.012
krusevo|Крушево|Krushevë|Kruševo|7550|41.369|21.249
delcevo|Делчево|Delçevë|Delčevo|2320|41.967|22.775
vinica|Виница|Vinicë|Vinica|2310|41.883|22.509
berovo|Берово|Berovë|Berovo|2330|41.703|22.855
probistip|Пробиштип|Probishtip|Probištip|2210|42.003|22.179
sveti-nikole|Свети Николе|Shën Nikollë|Sveti Nikole|2220|41.865|21.943
valandovo|Валандово|Vallandovë|Valandovo|2460|41.317|22.561
kriva-palanka|Крива Паланка|Kriva Pallankë|Kriva Palanka|1330|42.202|22.331""")

STREETS = _rows("""
Илинденска|Ilindenska|Ilindenska
Маршал Тито|Marshall Tito|Marshal Tito
Гоце Делчев|Goce Dellçev|Goce Delčev
Партизанска|Partizanska|Partizanska
Никола Карев|Nikolla Karev|Nikola Karev
Македонија|Maqedonia|Makedonija
Св. Климент Охридски|Shën Klimenti i Ohrit|Sv. Kliment Ohridski""")

# National bodies: id | mk | sq | en | vocabulary type | kinds of services it offers (codes below)
NATIONAL = _rows("""
ministerstvo-za-vnatresni-raboti|Министерство за внатрешни работи|Ministria e Punëve të Brendshme|Ministry of Interior|ministry|N
ministerstvo-za-pravda|Министерство за правда|Ministria e Drejtësisë|Ministry of Justice|ministry|N
ministerstvo-za-ekonomija|Министерство за економија|Ministria e Ekonomisë|Ministry of Economy|ministry|N
ministerstvo-za-obrazovanie|Министерство за образование и наука|Ministria e Arsimit dhe Shkencës|Ministry of Education and Science|ministry|N
ministerstvo-za-zemjodelstvo|Министерство за земјоделство|Ministria e Bujqësisë|Ministry of Agriculture|ministry|N
ujp|Управа за јавни приходи|Drejtoria e të Hyrave Publike|Public Revenue Office|agency|A
crm|Централен регистар|Regjistri Qendror|Central Register|agency|A
akn|Агенција за катастар на недвижности|Agjencia e Kadastrës së Patundshmërive|Real Estate Cadastre Agency|agency|A
piom|Фонд за пензиско и инвалидско осигурување|Fondi i Sigurimit Pensional dhe Invalidor|Pension and Disability Insurance Fund|fund|F
fzo|Фонд за здравствено осигурување|Fondi i Sigurimit Shëndetësor|Health Insurance Fund|fund|F""")

# Local bodies, one per town: id prefix | mk | sq | en (the town is added) | type | kinds
LOCAL = _rows("""
opstina|Општина {mk}|Komuna {sq}|Municipality of {en}|municipality|M
osnoven-sud|Основен суд {mk}|Gjykata Themelore {sq}|{en} Basic Court|court|C
csr|Центар за социјална работа {mk}|Qendra për Punë Sociale {sq}|{en} Social Work Centre|public-institution|S
centar-za-vrabotuvanje|Центар за вработување {mk}|Qendra e Punësimit {sq}|{en} Employment Centre|public-institution|E""")

# What services are about: slug | mk | sq | en | kinds (M municipality, C court, S social work,
# E employment, N ministry, A agency, F fund) | category | life event | audiences
OBJECTS = _rows("""
building-permit|градежна дозвола|leje ndërtimi|a building permit|M|construction|building-a-home|citizens,businesses
property-tax|данок на имот|tatim në pronë|property tax|M|taxes|buying-property|property-owners
communal-fee|комунална такса|taksë komunale|the communal fee|M|taxes|starting-a-business|businesses
kindergarten|место во градинка|vend në kopsht|a kindergarten place|M|social-protection|having-a-baby|families
parking-permit|паркинг дозвола за станари|leje parkimi për banorët|a residents' parking permit|M|transport|driving|citizens
event-permit|дозвола за јавен настан|leje për ngjarje publike|a public event permit|M,A|business||businesses,citizens
street-trading|дозвола за улична продажба|leje për shitje në rrugë|a street trading licence|M|business|starting-a-business|entrepreneurs
water-connection|приклучок на водовод|lidhje me ujësjellësin|a water supply connection|M|construction|building-a-home|property-owners
title-deed|имотен лист|fletë pronësie|a title deed extract|A|property|buying-property|property-owners
cadastral-plan|катастарски план|plan kadastral|a cadastral map|A|property|building-a-home|property-owners
criminal-record|уверение за неосудуваност|vërtetim për mosdënim|a criminal record certificate|C|justice|looking-for-work|citizens
inheritance|оставинска постапка|procedurë trashëgimie|inheritance proceedings|C|justice|death-of-relative|citizens,families
small-claim|спор од мала вредност|kontest me vlerë të vogël|a small claim|C|justice||citizens,businesses
court-certificate|уверение од судска евиденција|vërtetim nga evidenca gjyqësore|a court record certificate|C|justice||citizens,businesses
social-assistance|гарантирана минимална помош|ndihmë minimale e garantuar|guaranteed minimum assistance|S|social-protection|low-income|citizens,families
child-allowance|детски додаток|shtesë për fëmijë|child allowance|S|social-protection|having-a-baby|families
parental-allowance|родителски додаток|shtesë prindërore|parental allowance|S|social-protection|having-a-baby|families
energy-subsidy|субвенција за енергија|subvencion për energji|an energy subsidy|S,M|social-protection|low-income|citizens
jobseeker|пријава на невработено лице|regjistrim si person i papunë|jobseeker registration|E|employment|losing-a-job|jobseekers
unemployment-benefit|паричен надоместок за невработеност|kompensim për papunësi|unemployment benefit|E|employment|losing-a-job|jobseekers
self-employment|грант за самовработување|grant për vetëpunësim|a self-employment grant|E|employment|starting-a-business|jobseekers,entrepreneurs
work-permit|работна дозвола за странец|leje pune për të huaj|a work permit for a foreign national|E,N|employment|looking-for-work|foreigners,businesses
citizenship|државјанство|shtetësi|citizenship|N|identity-documents||foreigners
residence-permit|дозвола за престој|leje qëndrimi|a residence permit|N|identity-documents|moving-house|foreigners
company|упис на трговско друштво|regjistrim i shoqërisë tregtare|company registration|A|business|starting-a-business|entrepreneurs,businesses
vat|регистрација за ДДВ|regjistrim për TVSH|VAT registration|A|taxes|starting-a-business|businesses
tax-clearance|уверение за платени даноци|vërtetim për tatimet e paguara|a tax clearance certificate|A|taxes||businesses,citizens
old-age-pension|старосна пензија|pension pleqërie|an old-age pension|F|pensions|retiring|pensioners
disability-pension|инвалидска пензија|pension invaliditeti|a disability pension|F|pensions||citizens
health-insurance|здравствено осигурување|sigurim shëndetësor|health insurance|F|health|looking-for-work|citizens,jobseekers
health-card|европска здравствена картичка|kartelë evropiane e shëndetit|a European health insurance card|F|health|travelling-abroad|citizens
funeral-aid|надоместок за погребни трошоци|kompensim për shpenzimet e varrimit|a funeral expenses allowance|F,S|pensions|death-of-relative|families
driving-test|возачки испит|provim për patentë shoferi|a driving test|N|transport|driving|citizens
hunting-licence|ловечка дозвола|leje gjuetie|a hunting licence|N|business||citizens
export-licence|извозна дозвола|licencë eksporti|an export licence|N,A|business||businesses
scholarship|државна стипендија|bursë shtetërore|a state scholarship|N,M|social-protection|turning-18|families,citizens
diploma|признавање диплома|njohje e diplomës|recognition of a diploma|N|employment|looking-for-work|citizens,foreigners
name-change|промена на лично име|ndryshim i emrit personal|a change of name|N|civil-status|getting-married|citizens""")

# What the citizen does about it: slug | mk | sq | en | weight
ACTIONS = _rows("""
apply|Барање за {o}|Kërkesë për {o}|Applying for {o}|6
extend|Продолжување на рокот за {o}|Vazhdim i afatit për {o}|Extending {o}|1
change|Промена на податоци за {o}|Ndryshim i të dhënave për {o}|Changing the details of {o}|1
duplicate|Дупликат за {o}|Dublikatë për {o}|Getting a duplicate of {o}|1
appeal|Жалба во врска со {o}|Ankesë në lidhje me {o}|Appealing a decision on {o}|1
stop|Запирање на постапката за {o}|Pezullim i procedurës për {o}|Stopping the procedure for {o}|1
urgent|Итна постапка за {o}|Procedurë urgjente për {o}|Urgent procedure for {o}|1""")

SUMMARIES = _rows("""
Како да поднесете барање за {o} и што ви треба.|Si të dorëzoni kërkesë për {o} dhe çfarë ju nevojitet.|How to apply for {o} and what you need.
Услуга за граѓани и правни лица во врска со {o}.|Shërbim për qytetarët dhe personat juridikë në lidhje me {o}.|A service for citizens and businesses concerning {o}.
Сè што треба да знаете за {o}: документи, такси и рокови.|Gjithçka që duhet të dini për {o}: dokumente, taksa dhe afate.|All you need to know about {o}: documents, fees and time limits.""")

SENTENCES = _rows("""
Барањето за {o} се поднесува во **{i}**.|Kërkesa për {o} dorëzohet pranë institucionit **{i}**.|The application for {o} is made to **{i}**.
Постапката трае најмногу {n} работни дена од денот на поднесување целосно барање.|Procedura zgjat më së shumti {n} ditë pune nga dita e dorëzimit të kërkesës së plotë.|The procedure takes at most {n} working days from a complete application.
Документите од други институции ги прибавува *службеното лице* по службена должност.|Dokumentet nga institucionet e tjera i siguron *zyrtari* sipas detyrës zyrtare.|The *official* obtains the documents other institutions hold.
Барањето може да се поднесе и преку [Националниот портал за е-услуги](https://uslugi.gov.mk/).|Kërkesa mund të dorëzohet edhe përmes [Portalit Kombëtar të shërbimeve elektronike](https://uslugi.gov.mk/).|You can also apply through the [National e-Services Portal](https://uslugi.gov.mk/).
Граѓаните со ниски примања може да бидат ослободени од таксата.|Qytetarët me të ardhura të ulëta mund të lirohen nga taksa.|Citizens on a low income may be exempt from the fee.
Одлуката се доставува по пошта или се подига лично на шалтер.|Vendimi dërgohet me postë ose merret personalisht në sportel.|The decision is sent by post or collected in person at the counter.
Против одлуката може да се поднесе жалба во рок од 15 дена.|Kundër vendimit mund të paraqitet ankesë brenda 15 ditëve.|You can appeal against the decision within 15 days.
Пред да дојдете, проверете дали ги имате сите документи од списокот.|Para se të vini, kontrolloni nëse i keni të gjitha dokumentet nga lista.|Before you come, check that you have every document on the list.
Во итна постапка рокот е пократок, а таксата повисока.|Në procedurë urgjente afati është më i shkurtër, ndërsa taksa më e lartë.|In the urgent procedure the wait is shorter and the fee higher.
Ако барањето е нецелосно, ќе ве повикаат да го дополните во рок од осум дена.|Nëse kërkesa është e paplotë, do t'ju ftojnë ta plotësoni brenda tetë ditëve.|If the application is incomplete, you will be asked to complete it within eight days.
За секоја промена на податоците се поднесува ново барање.|Për çdo ndryshim të të dhënave dorëzohet kërkesë e re.|Any change to your details needs a new application.
Услугата за {o} важи на целата територија на државата.|Shërbimi për {o} vlen në tërë territorin e shtetit.|The service for {o} is valid throughout the country.""")

ELIGIBILITY = _rows("""
Секој полнолетен граѓанин со живеалиште во државата.|Çdo qytetar madhor me vendbanim në shtet.|Any adult citizen who lives in the country.
Правни и физички лица запишани во Централниот регистар.|Personat juridikë dhe fizikë të regjistruar në Regjistrin Qendror.|Companies and sole traders entered in the Central Register.
Лицата што ги исполнуваат законските услови; за *деца* барањето го поднесува родителот.|Personat që i plotësojnë kushtet ligjore; për *fëmijët* kërkesën e dorëzon prindi.|People who meet the legal conditions; for *children* a parent applies.
Странци со регулиран престој и државјани.|Të huajt me qëndrim të rregulluar dhe shtetasit.|Foreign nationals with legal residence, and citizens.""")

# Steps in the order a procedure runs: mk | sq | en | optional details mk | sq | en
STEPS = _rows("""
Прибавете ги документите|Siguroni dokumentet|Gather the documents|||
Закажете термин|Caktoni një termin|Book an appointment|Терминот се закажува по телефон или преку интернет.|Termini caktohet me telefon ose në internet.|Book by phone or online.
Платете ја таксата|Paguani taksën|Pay the fee|Уплатата се врши со уплатница или со картичка.|Pagesa bëhet me fletëpagesë ose me kartelë.|Pay with a payment slip or by card.
Пополнете го барањето|Plotësoni kërkesën|Fill in the application|||
Поднесете го барањето|Dorëzoni kërkesën|Submit the application|Лично на шалтер или електронски.|Personalisht në sportel ose në mënyrë elektronike.|In person at the counter or online.
Одговорете ако ве побараат дополнување|Përgjigjuni nëse ju kërkohet plotësim|Reply if asked for more information|||
Почекајте го решението|Prisni vendimin|Wait for the decision|||
Подигнете го документот|Merrni dokumentin|Collect the document|Понесете ја личната карта.|Merrni me vete letërnjoftimin.|Bring your identity card.""")

# Documents: mk | sq | en | obtained by the administration (1/0) | form
DOCUMENTS = _rows("""
Барање (образец)|Kërkesë (formular)|Application form|0|original
Лична карта|Letërnjoftim|Identity card|0|original-for-inspection
Извод од матична книга на родени|Ekstrakt nga libri amë i të lindurve|Birth certificate|1|original
Уверение за државјанство|Certifikatë shtetësie|Certificate of citizenship|1|original
Доказ за платена такса|Dëshmi për taksën e paguar|Proof of payment of the fee|0|original
Имотен лист|Fletë pronësie|Title deed extract|1|original
Тековна состојба од Централниот регистар|Gjendja aktuale nga Regjistri Qendror|Current extract from the Central Register|1|original
Лекарско уверение|Vërtetim mjekësor|Medical certificate|0|original
Полномошно|Autorizim|Power of attorney|0|certified-copy
Фотографија 3,5 × 4,5 cm|Fotografi 3,5 × 4,5 cm|Photograph 3.5 × 4.5 cm|0|original
Уверение за приходи|Vërtetim për të ardhurat|Proof of income|1|original
Договор за вработување|Kontratë pune|Employment contract|0|copy""")

FEES = _rows("""
Административна такса|Taksë administrative|Administrative fee
Надоместок за образец|Pagesë për formularin|Form fee
Трошоци на постапката|Shpenzimet e procedurës|Procedure costs
Надоместок за итна постапка|Pagesë për procedurë urgjente|Urgent procedure surcharge""")

LAWS = _rows("""
Закон за општата управна постапка|Ligji për procedurën e përgjithshme administrative|Law on General Administrative Procedure
Закон за административни такси|Ligji për taksat administrative|Law on Administrative Fees
Закон за градење|Ligji për ndërtim|Law on Construction
Закон за социјалната заштита|Ligji për mbrojtjen sociale|Law on Social Protection
Закон за вработување и осигурување во случај на невработеност|Ligji për punësim dhe sigurim në rast papunësie|Law on Employment and Unemployment Insurance
Закон за даноците на имот|Ligji për tatimet në pronë|Law on Property Taxes
Закон за пензиското и инвалидското осигурување|Ligji për sigurimin pensional dhe invalidor|Law on Pension and Disability Insurance
Закон за парничната постапка|Ligji për procedurën kontestimore|Law on Civil Procedure""")

TEMPLATES = ("building-permit", "property-tax", "communal-fee")  # shared by municipalities
AMOUNTS = (50, 100, 250, 300, 500, 750, 1000, 1500, 2500, 4500)


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Block style, multi-line text as ``|`` blocks, and never anchors (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


def _dump(path: Path, data: dict[str, Any], schema: str) -> None:
    """Write one catalogue file; ``path`` is below ``<project>/catalog/``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = next(p for p in path.parents if p.name == "catalog")
    depth = "../" * len(path.parent.relative_to(catalog.parent).parts)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    path.write_text(f"# yaml-language-server: $schema={depth}schema/{schema}.schema.json\n# Synthetic test data.\n{text}", encoding="utf-8")


def _fill(row: list[str], **values: Any) -> T:
    """A parallel row (mk, sq, en, ...) with ``{o}``-style slots filled per language."""
    return {lang: row[k].format(**{name: (v[lang] if isinstance(v, dict) else v) for name, v in values.items()}) for k, lang in enumerate(LANGUAGES)}


def _cap(text: T) -> T:
    return {lang: value[:1].upper() + value[1:] for lang, value in text.items()}


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _institutions(count: int) -> list[dict[str, Any]]:
    """National bodies and local ones per town, interleaved so even a few include every kind."""
    pools: list[list[dict[str, Any]]] = [[{"id": r[0], "name": _t(*r[1:4]), "type": r[4], "kinds": r[5], "town": TOWNS[i % len(TOWNS)]} for i, r in enumerate(NATIONAL)]]
    for row in LOCAL:
        pools.append([{"id": f"{row[0]}-{town[0]}", "name": _fill(row[1:4], mk=town[1], sq=town[2], en=town[3]), "type": row[4], "kinds": row[5], "town": town} for town in TOWNS])
    ordered = [pool[i] for i in range(max(map(len, pools))) for pool in pools if i < len(pool)]
    result = []
    for n in range(count):  # beyond the pools, numbered copies (district offices)
        base, round_ = ordered[n % len(ordered)], n // len(ordered)
        item = dict(base) if not round_ else {**base, "id": f"{base['id']}-{round_ + 1}", "name": {k: f"{v} {round_ + 1}" for k, v in base["name"].items()}}
        result.append(item)
    return result


def _institution_file(inst: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    town = inst["town"]
    offices = []
    for k in range(rng.randint(1, 3)):
        place = town if k == 0 else rng.choice(TOWNS)
        street = rng.choice(STREETS)
        offices.append({
            "id": "head-office" if k == 0 else f"office-{k}-{place[0]}",
            "name": _t("Седиште", "Selia", "Head office") if k == 0 else _t(f"Шалтер сала {place[1]}", f"Salla e sporteleve {place[2]}", f"{place[3]} service hall"),
            "address": {"street": _t(f"{street[0]} {k + rng.randint(1, 120)}", f"{street[1]} {k + 1}", f"{k + 1} {street[2]} Street"), "postal_code": place[4], "locality": _t(*place[1:4]), "country": "MK"},
            "geo": {"lat": round(float(place[5]) + rng.uniform(-0.01, 0.01), 4), "lon": round(float(place[6]) + rng.uniform(-0.01, 0.01), 4)},
            "opening_hours": [{"days": ["mo", "tu", "we", "th", "fr"], "opens": "08:00", "closes": rng.choice(["15:30", "16:00", "19:00"])}],
            "accessibility": {"wheelchair": rng.choice(["full", "partial", "none"])},
        })
    return {
        "id": inst["id"], "type": inst["type"], "name": inst["name"],
        "description": _t(f"{inst['name']['mk']} е институција со седиште во {town[1]}.", f"{inst['name']['sq']} është institucion me seli në {town[2]}.", f"{inst['name']['en']} is based in {town[3]}."),
        "website": f"https://{inst['id']}.example.mk/",
        "contact": {"phone": f"+389 2 {rng.randint(3000, 3999)} {rng.randint(100, 999)}", "email": f"info@{inst['id']}.example.mk"},
        "editor_teams": [f"synthetic/{inst['id']}"],
        "offices": offices,
    }


def _object(slug: str) -> list[str]:
    return next(row for row in OBJECTS if row[0] == slug)


def _keywords(obj: list[str], action: list[str]) -> dict[str, list[str]]:
    mk = [obj[1], *latin_variants(obj[1].split()[0])[:2], action[1].split()[0].lower()]
    sq = [obj[2], _fold(obj[2]), action[2].split()[0].lower()]
    en = [obj[3].removeprefix("a ").removeprefix("an ").removeprefix("the ")]
    return {lang: list(dict.fromkeys(words)) for lang, words in zip(LANGUAGES, (mk, sq, en), strict=True)}


# Syllables (mk | sq | en spelling) for local names that differ from service to service. Without
# them every summary is one of a few sentences, and the search index gzips 50 times smaller than
# a real one (whose names of places, programmes and offices rarely repeat).
_CONSONANTS = [c.split("|") for c in ["б|b|b", "в|v|v", "г|g|g", "д|d|d", "ж|zh|zh", "з|z|z", "к|k|k", "л|l|l", "м|m|m", "н|n|n", "п|p|p", "р|r|r", "с|s|s", "т|t|t", "ф|f|f", "х|h|h", "ц|c|ts", "ч|ç|ch", "ш|sh|sh", "ј|j|y", "љ|ll|ly", "њ|nj|ny", "ќ|q|ky", "ѓ|gj|gy", "џ|xh|dzh"]]
_VOWELS = [v.split("|") for v in ["а|a|a", "е|e|e", "и|i|i", "о|o|o", "у|u|u", "а|ë|a"]]
LOCAL_DETAIL = _t("Важи и за {w}.", "Vlen edhe për {w}.", "It also covers {w}.")


def _local_words(rng: random.Random, count: int) -> T:
    """``count`` made-up proper names, the same in every language, each written in its own script."""
    words: list[T] = []
    for _ in range(count):
        syllables = [(rng.choice(_CONSONANTS), rng.choice(_VOWELS)) for _ in range(rng.randint(2, 4))]
        words.append({lang: "".join(c[k] + v[k] for c, v in syllables).capitalize() for k, lang in enumerate(LANGUAGES)})
    return {lang: ", ".join(w[lang] for w in words) for lang in LANGUAGES}


def _with_local_detail(text: T, rng: random.Random) -> T:
    """``text`` and a sentence naming a few local places or programmes."""
    names = _local_words(rng, rng.randint(4, 8))
    return {lang: f"{text[lang]} {LOCAL_DETAIL[lang].format(w=names[lang])}" for lang in LANGUAGES}


def _description(rng: random.Random, o: T, inst: dict[str, Any]) -> T:
    picks = sorted(rng.sample(range(len(SENTENCES)), rng.randint(2, 4)))
    parts = [_fill(SENTENCES[k], o=o, i=inst["name"], n=rng.choice((8, 15, 30, 60))) for k in picks]
    text: T = {}
    for lang in LANGUAGES:
        first, rest = " ".join(p[lang] for p in parts[:2]), " ".join(p[lang] for p in parts[2:])
        text[lang] = f"{first}\n\n{rest}\n" if rest else first  # three or four sentences: two paragraphs
    return text


def _body(rng: random.Random, obj: list[str], inst: dict[str, Any], ids: list[str]) -> dict[str, Any]:
    """The fields a template or a full service gives: texts, steps, documents, law."""
    o = _t(*obj[1:4])
    steps = []
    for k in sorted(rng.sample(range(len(STEPS)), rng.randint(3, 6))):
        row = STEPS[k]
        steps.append({"title": _t(*row[:3]), **({"description": _t(*row[3:6])} if row[3] else {})})
    documents = []
    for k in sorted(rng.sample(range(len(DOCUMENTS)), rng.randint(2, 6))):
        row = DOCUMENTS[k]
        doc: dict[str, Any] = {"name": _t(*row[:3]), "form": row[4]}
        if row[3] == "1":
            doc["obtained_by_administration"] = True
            if rng.random() < 0.5:
                doc["issuer"] = rng.choice(ids)
        elif row[0] == "Полномошно":
            doc["condition"] = _t("Ако барањето го поднесува друго лице", "Nëse kërkesën e dorëzon një person tjetër", "If someone else applies for you")
        documents.append(doc)
    laws = [{"title": _t(*LAWS[k]), "articles": f"{rng.randint(5, 120)}", "gazette": f"Службен весник бр. {rng.randint(1, 250)}/{rng.randint(2005, 2024)}"} for k in sorted(rng.sample(range(len(LAWS)), rng.randint(1, 2)))]
    typical = rng.choice((1, 3, 5, 8, 15, 30))
    return {
        "description": _description(rng, o, inst),
        "categories": [obj[5]],
        **({"life_events": [obj[6]]} if obj[6] else {}),
        "audiences": obj[7].split(","),
        "eligibility": _t(*rng.choice(ELIGIBILITY)),
        "steps": steps,
        "documents": documents,
        "processing_time": {"typical": {"value": typical, "unit": "working-days"}, "legal_maximum": {"value": typical * 2, "unit": "working-days"}},
        "legal_basis": laws,
    }


def _channels(rng: random.Random, inst: dict[str, Any], offices: list[str], sid: str) -> tuple[list[dict[str, Any]], int]:
    """In-person at one or two offices; online for about half the services. Returns channels and visits."""
    channels: list[dict[str, Any]] = [{"type": "in-person", "offices": rng.sample(offices, min(len(offices), rng.randint(1, 2)))}]
    maturity = rng.choice((0, 1, 2, 2, 3, 4)) if rng.random() < 0.5 else None
    if maturity is not None:
        channels.append({"type": "online", "url": f"https://e-uslugi.example.mk/{inst['id']}/{sid}", "maturity": maturity})
    if rng.random() < 0.2:
        channels.append({"type": "phone", "phone": f"+389 2 {rng.randint(3000, 3999)} {rng.randint(100, 999)}"})
    visits = 0 if maturity == 4 else rng.randint(1, 2)  # only a proactive service needs no visit
    return channels, visits


def _fees(rng: random.Random, channels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fees = []
    for k in sorted(rng.sample(range(len(FEES)), rng.randint(0, 3))):
        fee: dict[str, Any] = {"description": _t(*FEES[k]), "amount": rng.choice(AMOUNTS), "payment_methods": rng.sample(["payment-slip", "pos-terminal", "online-card", "e-banking"], rng.randint(1, 2))}
        if any(c["type"] == "online" for c in channels) and rng.random() < 0.2:
            fee["channels"] = ["online"]
        fees.append(fee)
    return fees


def _contact(rng: random.Random, inst: dict[str, Any]) -> dict[str, Any]:
    return {"phone": f"+389 2 {rng.randint(3000, 3999)} {rng.randint(100, 999)}", "email": f"info@{inst['id']}.example.mk", "url": f"https://{inst['id']}.example.mk/"}


def _template_file(slug: str, rng: random.Random, institutions: list[dict[str, Any]]) -> dict[str, Any]:
    obj = _object(slug)
    o = _t(*obj[1:4])
    municipality = {"name": _t("општината", "komuna", "the municipality")}
    return _in_schema_order({
        "id": slug,
        "name": _cap(o),
        "summary": _fill(SUMMARIES[0], o=o),
        "keywords": _keywords(obj, ACTIONS[0]),
        **_body(rng, obj, municipality, [i["id"] for i in institutions]),
        "in_person_visits": 1,
    })


def _service_file(n: int, rng: random.Random, inst: dict[str, Any], offices: list[str], ids: list[str], used: dict[str, int], done: list[str], template: str | None) -> dict[str, Any]:
    if template:
        base = f"{template}-{inst['id']}"
    else:
        obj = rng.choice([row for row in OBJECTS if set(row[4].split(",")) & set(inst["kinds"])] or OBJECTS)
        action = rng.choices(ACTIONS, weights=[int(a[4]) for a in ACTIONS])[0]
        base = obj[0] if action[0] == "apply" else f"{obj[0]}-{action[0]}"
        if base in used:
            base = f"{base}-{inst['id']}"
    used[base] = used.get(base, 0) + 1
    sid = base if used[base] == 1 else f"{base}-{used[base]}"
    channels, visits = _channels(rng, inst, offices, sid)
    data: dict[str, Any] = {"id": sid, "code": f"SYN-{n:06d}"}
    if template:
        data.update(template=template, institution=inst["id"], in_person_visits=visits)
    else:
        o = _t(*obj[1:4])
        data.update(
            name=_cap(_fill(action[1:4], o=o)),
            # Its own random source, so the rest of the catalogue stays what the seed gave before.
            summary=_with_local_detail(_fill(rng.choice(SUMMARIES), o=o), random.Random(f"{sid}/{n}")),
            keywords=_keywords(obj, action),
            institution=inst["id"],
            **_body(rng, obj, inst, ids),
        )
        data["in_person_visits"] = visits
    data.update(channels=channels, fees=_fees(rng, channels), contact=_contact(rng, inst))
    if done and rng.random() < 0.3:
        data["related"] = list(dict.fromkeys(rng.choice(done) for _ in range(rng.randint(1, 2))))
    return _in_schema_order(data)


def _in_schema_order(data: dict[str, Any]) -> dict[str, Any]:
    """Fields in the order the service schema lists them, as an editor would write them."""
    order = {name: k for k, name in enumerate(_service_fields())}
    return dict(sorted(data.items(), key=lambda item: order.get(item[0], len(order))))


@functools.cache
def _service_fields() -> tuple[str, ...]:
    return tuple(load_model().root("service").properties)


def _settings() -> dict[str, Any]:
    return {
        "languages": list(LANGUAGES),
        "language_names": _t("Македонски", "Shqip", "English"),
        "name": _t("Синтетички каталог на услуги", "Katalog sintetik i shërbimeve", "Synthetic service catalogue"),
        "description": _t("Измислени податоци за мерење на брзината.", "Të dhëna të sajuara për matjen e shpejtësisë.", "Made-up data for measuring speed."),
        "country": "MK",
        "default_currency": "MKD",
        "verifiers_team": "synthetic/verifiers",
        "site_url": "https://example.org/synthetic/",
        "repository_url": "https://github.com/example/synthetic",
        "sample_data": True,
    }


def _copy_project_files(dest: Path) -> None:
    """What ``catalog build`` needs besides the catalogue, from this repository."""
    shutil.copytree(schemafiles.bundled_dir(), dest / "schema")
    if (PROJECT / "catalog" / "ui").is_dir():
        shutil.copytree(PROJECT / "catalog" / "ui", dest / "catalog" / "ui")
    if (PROJECT / "overrides").is_dir():
        shutil.copytree(PROJECT / "overrides", dest / "overrides")
    (dest / "docs").mkdir()
    if (PROJECT / "docs" / "assets").is_dir():
        shutil.copytree(PROJECT / "docs" / "assets", dest / "docs" / "assets")


def write_synthetic_project(dest: Path, services: int, seed: int = 1) -> Path:
    """Write a project with ``services`` synthetic services into the new folder ``dest``; returns ``dest``."""
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty; give a new folder")
    rng = random.Random(seed)
    catalog = dest / "catalog"
    _dump(catalog / "catalog.yaml", _settings(), "settings")
    for name, (title, table) in VOCABULARIES.items():
        _dump(catalog / "vocabularies" / f"{name}.yaml", {"title": title, "terms": [{"id": r[0], "name": _t(*r[1:4])} for r in _rows(table)]}, "vocabulary")

    institutions = _institutions(max(8, services // 60))
    ids = [inst["id"] for inst in institutions]
    offices: dict[str, list[str]] = {}
    for inst in institutions:
        data = _institution_file(inst, rng)
        offices[inst["id"]] = [f"{inst['id']}/{o['id']}" for o in data["offices"]]
        _dump(catalog / "institutions" / f"{inst['id']}.yaml", data, "institution")
    for slug in TEMPLATES:
        _dump(catalog / "templates" / f"{slug}.yaml", _template_file(slug, rng, institutions), "service")

    weights = [rng.uniform(0.5, 2.0) for _ in institutions]
    owners = [institutions[n] if n < len(institutions) else rng.choices(institutions, weights)[0] for n in range(services)]
    used: dict[str, int] = {}
    done: list[str] = []
    templated: dict[str, int] = {}
    for n, inst in enumerate(owners):
        template = None
        if inst["type"] == "municipality" and (inst["id"] not in templated or rng.random() < 0.15):
            templated[inst["id"]] = templated.get(inst["id"], -1) + 1
            template = TEMPLATES[templated[inst["id"]] % len(TEMPLATES)]
        data = _service_file(n + 1, rng, inst, offices[inst["id"]], ids, used, done, template)
        _dump(catalog / "services" / inst["id"] / f"{data['id']}.yaml", data, "service")
        done.append(data["id"])
    _copy_project_files(dest)
    return dest
