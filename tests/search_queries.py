"""What citizens type, and the page each query must put first, on the search fixture catalogue.

tests/fixtures/search/catalog is a frozen copy of the sample catalogue's names, summaries and
keywords (without their hand-written Latin and unaccented spellings: the search must find those
itself) plus services that look alike: a vehicle's registration and deregistration, a company and
an association, property tax in three municipalities and an inheritance tax, a driving licence and
the exchange of a foreign one. Paths are relative to the language's root.
"""

from __future__ import annotations

QUERIES: list[tuple[str, str, str]] = [
    # Macedonian, Cyrillic
    ("mk", "пасош", "services/passport/"),
    ("mk", "пасоши", "services/passport/"),
    ("mk", "лична карта", "services/id-card/"),
    ("mk", "данок на имот", "services/property-tax-centar/"),
    ("mk", "данок на имот карпош", "services/property-tax-karpos/"),
    ("mk", "данок на наследство", "services/inheritance-tax-centar/"),
    ("mk", "извод од матична книга на родени", "services/birth-certificate/"),
    ("mk", "извод умрени", "services/death-certificate/"),
    ("mk", "извод венчани", "services/marriage-certificate/"),
    ("mk", "регистрација на возило", "services/vehicle-registration/"),
    ("mk", "одјава на возило", "services/vehicle-deregistration/"),
    ("mk", "возачка дозвола", "services/driving-licence/"),
    ("mk", "странска возачка дозвола", "services/foreign-licence-exchange/"),
    ("mk", "уверение за неосудуваност", "services/criminal-record-certificate/"),
    ("mk", "детски додаток", "services/child-allowance/"),
    ("mk", "старосна пензија", "services/old-age-pension/"),
    ("mk", "здружение на граѓани", "services/association-registration/"),
    ("mk", "мвр", "institutions/mvr/"),
    ("mk", "управа за јавни приходи", "institutions/ujp/"),
    ("mk", "раѓање дете", "life-events/having-a-baby/"),
    ("mk", "пензионирање", "life-events/retiring/"),
    ("mk", "годишна даночна пријава", "services/personal-tax-return/"),
    # Macedonian in Latin letters, with and without č/š/ž, ǵ/ḱ and the digraphs people type
    ("mk", "pasos", "services/passport/"),
    ("mk", "pasosh", "services/passport/"),
    ("mk", "pasoš", "services/passport/"),
    ("mk", "licna karta", "services/id-card/"),
    ("mk", "lična karta", "services/id-card/"),
    ("mk", "lichna karta", "services/id-card/"),
    ("mk", "vozacka dozvola", "services/driving-licence/"),
    ("mk", "vozačka", "services/driving-licence/"),
    ("mk", "danok na imot", "services/property-tax-centar/"),
    ("mk", "danok na imot gjorce petrov", "services/property-tax-gjorce-petrov/"),
    ("mk", "danok na imot ǵorče petrov", "services/property-tax-gjorce-petrov/"),
    ("mk", "gorce petrov", "institutions/opstina-gjorce-petrov/"),
    ("mk", "plakjanje gradinka", "services/kindergarten-fee-exemption/"),
    ("mk", "plaḱanje za gradinka", "services/kindergarten-fee-exemption/"),
    ("mk", "izvod rodeni", "services/birth-certificate/"),
    ("mk", "drzavjanstvo", "services/citizenship-certificate/"),
    ("mk", "državjanstvo", "services/citizenship-certificate/"),
    ("mk", "registracija vozilo", "services/vehicle-registration/"),
    ("mk", "detski dodatok", "services/child-allowance/"),
    # Macedonian with one typo
    ("mk", "пасощ", "services/passport/"),
    ("mk", "возачак дозвола", "services/driving-licence/"),
    ("mk", "pasposh", "services/passport/"),
    ("mk", "vozacla dozvola", "services/driving-licence/"),
    ("mk", "penzjia", "services/old-age-pension/"),
    # Albanian, with and without ë/ç
    ("sq", "pasaportë", "sq/services/passport/"),
    ("sq", "pasaporte", "sq/services/passport/"),
    ("sq", "letërnjoftim", "sq/services/id-card/"),
    ("sq", "leternjoftim", "sq/services/id-card/"),
    ("sq", "patentë shoferi", "sq/services/driving-licence/"),
    ("sq", "patente shoferi", "sq/services/driving-licence/"),
    ("sq", "tatimi mbi pronën karposh", "sq/services/property-tax-karpos/"),
    ("sq", "tatim prone gjorce petrov", "sq/services/property-tax-gjorce-petrov/"),
    ("sq", "çregjistrimi i automjetit", "sq/services/vehicle-deregistration/"),
    ("sq", "cregjistrimi automjetit", "sq/services/vehicle-deregistration/"),
    ("sq", "regjistrimi i automjetit", "sq/services/vehicle-registration/"),
    ("sq", "ekstrakt i të lindurve", "sq/services/birth-certificate/"),
    ("sq", "ekstrakt te vdekurve", "sq/services/death-certificate/"),
    ("sq", "shtesa për fëmijë", "sq/services/child-allowance/"),
    ("sq", "shtesa per femije", "sq/services/child-allowance/"),
    ("sq", "pensioni i pleqërisë", "sq/services/old-age-pension/"),
    ("sq", "certifikata e shtetësisë", "sq/services/citizenship-certificate/"),
    ("sq", "lindja e fëmijës", "sq/life-events/having-a-baby/"),
    ("sq", "pasaprote", "sq/services/passport/"),
    ("sq", "leternjoftmi", "sq/services/id-card/"),
    # English
    ("en", "passport", "en/services/passport/"),
    ("en", "identity card", "en/services/id-card/"),
    ("en", "register a company", "en/services/dooel-registration/"),
    ("en", "register an association", "en/services/association-registration/"),
    ("en", "register a vehicle", "en/services/vehicle-registration/"),
    ("en", "deregister a car", "en/services/vehicle-deregistration/"),
    ("en", "property tax karpos", "en/services/property-tax-karpos/"),
    ("en", "inheritance tax", "en/services/inheritance-tax-centar/"),
    ("en", "birth certificate", "en/services/birth-certificate/"),
    ("en", "death certificate", "en/services/death-certificate/"),
    ("en", "criminal record", "en/services/criminal-record-certificate/"),
    ("en", "exchange foreign driving licence", "en/services/foreign-licence-exchange/"),
    ("en", "unemployment benefit", "en/services/unemployment-benefit/"),
    ("en", "old age pension", "en/services/old-age-pension/"),
    ("en", "ministry of interior", "en/institutions/mvr/"),
    ("en", "having a baby", "en/life-events/having-a-baby/"),
    ("en", "taxes", "en/categories/taxes/"),
    ("en", "annual tax return", "en/services/personal-tax-return/"),
    ("en", "pasport", "en/services/passport/"),
    ("en", "certificat of citizenship", "en/services/citizenship-certificate/"),
    ("en", "driving licnece", "en/services/driving-licence/"),
]

# Typed key by key (real key events) and pasted (text without a key press): a few of each kind.
TYPED = [
    ("mk", "лична карта", "services/id-card/"),
    ("mk", "vozačka", "services/driving-licence/"),
    ("sq", "letërnjoftim", "sq/services/id-card/"),
    ("en", "register a company", "en/services/dooel-registration/"),
]
PASTED = [
    ("mk", "данок на имот карпош", "services/property-tax-karpos/"),
    ("mk", "pasosh", "services/passport/"),
    ("sq", "çregjistrimi i automjetit", "sq/services/vehicle-deregistration/"),
    ("en", "inheritance tax", "en/services/inheritance-tax-centar/"),
]
