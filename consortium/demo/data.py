"""The demo data, as plain literals: one section per domain, in the order they are seeded.

Every organisation and person here is fictional. Thematic-area names follow GLOSSARY.md,
section 2; Serbian Cyrillic is the letter-by-letter transliteration of Serbian Latin.
Descriptions are written in the organisation's own language and translated into some
others only, so the reading fallback shows: an `sr-cyrl`-only text is transliterated for
Latin readers, a Croatian-only text is shown to Bosnian readers, and so on.
"""

from __future__ import annotations

from datetime import date

# One passphrase for every demo account. It is published in the README: demo use only.
DEMO_PASSWORD = "lipa-planina-jezero-42"  # noqa: S105
# The demo coordinator and admin must have a second factor: add this key to an
# authenticator app (published, like the password: demo only).
DEMO_TOTP_SECRET = "KONZORCIJUMDEMOKONZORCIJUMDEMOAB"  # noqa: S105

# --- Thematic areas ----------------------------------------------------------------------

AREAS: list[dict] = [
    {
        "slug": "pcve",
        "names": {
            "en": "Preventing and countering violent extremism (P/CVE)",
            "sq": "Parandalimi dhe luftimi i ekstremizmit të dhunshëm",
            "sr-latn": "Sprečavanje i borba protiv nasilnog ekstremizma",
            "sr-cyrl": "Спречавање и борба против насилног екстремизма",
            "mk": "Спречување и спротивставување на насилниот екстремизам",
            "bs": "Prevencija i borba protiv nasilnog ekstremizma",
            "hr": "Prevencija i suzbijanje nasilnog ekstremizma",
            "cnr": "Prevencija i suzbijanje nasilnog ekstremizma",
        },
    },
    {
        "slug": "returnees-ftf",
        "names": {
            "en": "Foreign terrorist fighters and returnees",
            "sq": "Luftëtarët e huaj terroristë dhe të kthyerit",
            "sr-latn": "Strani teroristički borci i povratnici",
            "sr-cyrl": "Страни терористички борци и повратници",
            "mk": "Странски терористички борци и повратници",
            "bs": "Strani teroristički borci i povratnici",
            "hr": "Strani teroristički borci i povratnici",
            "cnr": "Strani teroristički borci i povratnici",
        },
    },
    {
        "slug": "cyber-security",
        "names": {
            "en": "Cyber security",
            "sq": "Siguria kibernetike",
            "sr-latn": "Sajber bezbednost",
            "sr-cyrl": "Сајбер безбедност",
            "mk": "Сајбер безбедност",
            "bs": "Sajber sigurnost",
            "hr": "Kibernetička sigurnost",
            "cnr": "Sajber bezbjednost",
        },
    },
    {
        "slug": "salw-control",
        "names": {
            "en": "Small arms and light weapons (SALW) control",
            "sq": "Kontrolli i armëve të vogla dhe të lehta (AVL)",
            "sr-latn": "Kontrola malog i lakog oružja",
            "sr-cyrl": "Контрола малог и лаког оружја",
            "mk": "Контрола на мало и лесно оружје (МЛО)",
            "bs": "Kontrola malog i lakog naoružanja",
            "hr": "Kontrola malog i lakog oružja",
            "cnr": "Kontrola malog i lakog oružja",
        },
    },
    {
        "slug": "police-cooperation",
        "names": {
            "en": "Police cooperation",
            "sq": "Bashkëpunimi policor",
            "sr-latn": "Policijska saradnja",
            "sr-cyrl": "Полицијска сарадња",
            "mk": "Полициска соработка",
            "bs": "Policijska saradnja",
            "hr": "Policijska suradnja",
            "cnr": "Policijska saradnja",
        },
    },
    {
        "slug": "justice-reform",
        "names": {
            "en": "Justice reform",
            "sq": "Reforma në drejtësi",
            "sr-latn": "Reforma pravosuđa",
            "sr-cyrl": "Реформа правосуђа",
            "mk": "Реформа на правосудството",
            "bs": "Reforma pravosuđa",
            "hr": "Reforma pravosuđa",
            "cnr": "Reforma pravosuđa",
        },
    },
    {
        "slug": "border-security",
        "names": {
            "en": "Border security",
            "sq": "Siguria kufitare",
            "sr-latn": "Bezbednost granica",
            "sr-cyrl": "Безбедност граница",
            "mk": "Безбедност на границите",
            "bs": "Sigurnost granica",
            "hr": "Sigurnost granica",
            "cnr": "Bezbjednost granica",
        },
    },
    {
        "slug": "organised-crime",
        "names": {
            "en": "Organised crime",
            "sq": "Krimi i organizuar",
            "sr-latn": "Organizovani kriminal",
            "sr-cyrl": "Организовани криминал",
            "mk": "Организиран криминал",
            "bs": "Organizirani kriminal",
            "hr": "Organizirani kriminal",
            "cnr": "Organizovani kriminal",
        },
    },
    {
        "slug": "disinformation-hybrid-threats",
        "names": {
            "en": "Disinformation and hybrid threats",
            "sq": "Dezinformimi dhe kërcënimet hibride",
            "sr-latn": "Dezinformacije i hibridne pretnje",
            "sr-cyrl": "Дезинформације и хибридне претње",
            "mk": "Дезинформации и хибридни закани",
            "bs": "Dezinformacije i hibridne prijetnje",
            "hr": "Dezinformacije i hibridne prijetnje",
            "cnr": "Dezinformacije i hibridne prijetnje",
        },
    },
    {
        "slug": "gender-security",
        "names": {
            "en": "Gender and security",
            "sq": "Gjinia dhe siguria",
            "sr-latn": "Rod i bezbednost",
            "sr-cyrl": "Род и безбедност",
            "mk": "Род и безбедност",
            "bs": "Rod i sigurnost",
            "hr": "Rod i sigurnost",
            "cnr": "Rod i bezbjednost",
        },
    },
    {
        "slug": "eu-integration",
        "names": {
            "en": "EU integration",
            "sq": "Integrimi evropian",
            "sr-latn": "Evropske integracije",
            "sr-cyrl": "Европске интеграције",
            "mk": "Европска интеграција",
            "bs": "Evropske integracije",
            "hr": "Europske integracije",
            "cnr": "Evropske integracije",
        },
    },
    {
        "slug": "euro-atlantic-integration",
        "names": {
            "en": "Euro-Atlantic integration",
            "sq": "Integrimi euroatlantik",
            "sr-latn": "Evroatlantske integracije",
            "sr-cyrl": "Евроатлантске интеграције",
            "mk": "Евроатлантска интеграција",
            "bs": "Euroatlantske integracije",
            "hr": "Euroatlantske integracije",
            "cnr": "Evroatlantske integracije",
        },
    },
]

# --- Partner organisations ---------------------------------------------------------------
# `areas` are slugs of AREAS. Websites use the reserved `.example` domain.

ORGANISATIONS: list[dict] = [
    {
        "slug": "qendra-ura",
        "name": "Qendra Ura për Siguri dhe Dialog",
        "short_name": "Ura",
        "country": "XK",
        "city": "Prishtinë",
        "website": "https://qendra-ura.example",
        "original_language": "sq",
        "partner_since": date(2016, 3, 1),
        "areas": ["pcve", "returnees-ftf", "police-cooperation"],
        "name_translations": {
            "en": "Ura Centre for Security and Dialogue",
            "sr-latn": "Centar Ura za bezbednost i dijalog",
        },
        "description": {
            "sq": (
                "Qendra Ura është një organizatë e pavarur kërkimore me seli në Prishtinë, "
                "e themeluar në vitin 2012. Ajo hulumton rrugët e radikalizimit në komunitetet "
                "lokale dhe mbështet komunat në hartimin e planeve për parandalimin e "
                "ekstremizmit të dhunshëm. Që nga viti 2019 bashkëpunon me shërbimet sociale "
                "në riintegrimin e familjeve të kthyera nga zonat e konfliktit në Siri dhe Irak."
            ),
            "en": (
                "Ura Centre is an independent research organisation based in Prishtina, "
                "founded in 2012. It studies pathways to radicalisation in local communities "
                "and helps municipalities draft plans for preventing violent extremism. Since "
                "2019 it has worked with social services on the reintegration of families who "
                "returned from the conflict zones in Syria and Iraq."
            ),
        },
    },
    {
        "slug": "aleanca-grave",
        "name": "Aleanca e Grave për Siguri dhe Paqe",
        "short_name": "AGSP",
        "country": "XK",
        "city": "Mitrovicë",
        "website": "https://aleanca-grave.example",
        "original_language": "sq",
        "partner_since": date(2019, 9, 15),
        "areas": ["gender-security", "pcve", "police-cooperation"],
        "name_translations": {
            "en": "Women's Alliance for Security and Peace",
            "sr-latn": "Savez žena za bezbednost i mir",
        },
        "description": {
            "sq": (
                "Aleanca e Grave për Siguri dhe Paqe bashkon aktiviste shqiptare dhe serbe nga "
                "të dyja anët e Ibrit. Ajo monitoron zbatimin e Rezolutës 1325 të Këshillit të "
                "Sigurimit të OKB-së dhe avokon për më shumë gra në polici dhe në institucionet "
                "e sigurisë."
            ),
            "sr-latn": (
                "Savez žena za bezbednost i mir okuplja albanske i srpske aktivistkinje sa obe "
                "strane Ibra. Prati sprovođenje Rezolucije 1325 Saveta bezbednosti Ujedinjenih "
                "nacija i zagovara veće učešće žena u policiji i bezbednosnim institucijama."
            ),
            "en": (
                "The Women's Alliance for Security and Peace brings together Albanian and "
                "Serbian activists from both banks of the Ibar. It monitors the implementation "
                "of UN Security Council Resolution 1325 and advocates for more women in the "
                "police and the security institutions."
            ),
        },
    },
    {
        "slug": "centar-otpornost",
        "name": "Центар за отпорност друштва",
        "short_name": "ЦОД",
        "country": "RS",
        "city": "Београд",
        "website": "https://centar-otpornost.example",
        "original_language": "sr-cyrl",
        "partner_since": date(2015, 6, 1),
        "areas": ["disinformation-hybrid-threats", "cyber-security", "eu-integration"],
        "name_translations": {
            "en": "Centre for Societal Resilience",
            "sr-latn": "Centar za otpornost društva",
        },
        # Cyrillic and English only: a Serbian Latin reader gets the Cyrillic transliterated.
        "description": {
            "sr-cyrl": (
                "Центар за отпорност друштва је истраживачка организација из Београда која "
                "прати кампање дезинформација и стране утицаје у медијском простору Србије и "
                "региона. Организује обуке из провере чињеница за новинаре и локалне "
                "самоуправе и објављује годишњи извештај о хибридним претњама."
            ),
            "en": (
                "The Centre for Societal Resilience is a Belgrade research organisation that "
                "tracks disinformation campaigns and foreign influence in the media space of "
                "Serbia and the region. It trains journalists and local governments in "
                "fact-checking and publishes an annual report on hybrid threats."
            ),
        },
    },
    {
        "slug": "ikob",
        "name": "Inicijativa za kontrolu oružja i bezbednu zajednicu",
        "short_name": "IKOB",
        "country": "RS",
        "city": "Novi Sad",
        "website": "https://ikob.example",
        "original_language": "sr-latn",
        "partner_since": date(2017, 2, 1),
        "areas": ["salw-control", "organised-crime", "police-cooperation"],
        "name_translations": {
            "en": "Initiative for Arms Control and Safe Communities",
            "sr-cyrl": "Иницијатива за контролу оружја и безбедну заједницу",
        },
        # Latin and English only: a Serbian Cyrillic reader gets the Latin transliterated.
        "description": {
            "sr-latn": (
                "Inicijativa za kontrolu oružja i bezbednu zajednicu iz Novog Sada bavi se "
                "smanjenjem broja nelegalnog oružja u rukama građana. Sa policijom i lokalnim "
                "zajednicama sprovodi akcije dobrovoljne predaje oružja i istražuje vezu "
                "između neregistrovanog oružja, porodičnog nasilja i organizovanog kriminala."
            ),
            "en": (
                "The Initiative for Arms Control and Safe Communities, based in Novi Sad, works "
                "to reduce the number of illegal weapons in citizens' hands. It runs voluntary "
                "weapons surrender campaigns with the police and local communities and "
                "researches the links between unregistered firearms, domestic violence and "
                "organised crime."
            ),
        },
    },
    {
        "slug": "idrp",
        "name": "Instituti për Drejtësi dhe Rend Publik",
        "short_name": "IDRP",
        "country": "AL",
        "city": "Tiranë",
        "website": "https://idrp.example",
        "original_language": "sq",
        "partner_since": date(2016, 10, 1),
        "areas": [
            "justice-reform",
            "organised-crime",
            "eu-integration",
            "euro-atlantic-integration",
        ],
        "name_translations": {
            "en": "Institute for Justice and Public Order",
            "mk": "Институт за правда и јавен ред",
            "sr-latn": "Institut za pravdu i javni red",
        },
        "description": {
            "sq": (
                "Instituti për Drejtësi dhe Rend Publik është një qendër studimesh në Tiranë "
                "që ndjek nga afër zbatimin e reformës në drejtësi dhe procesin e rivlerësimit "
                "të gjyqtarëve dhe prokurorëve. Ai analizon luftën kundër krimit të organizuar "
                "dhe korrupsionit në kuadër të procesit të integrimit evropian të Shqipërisë."
            ),
            "en": (
                "The Institute for Justice and Public Order is a Tirana think tank that closely "
                "follows the justice reform and the vetting of judges and prosecutors. It "
                "analyses the fight against organised crime and corruption as part of "
                "Albania's EU integration process."
            ),
        },
    },
    {
        "slug": "gcbi",
        "name": "Граѓански центар за безбедност и интеграции",
        "short_name": "ГЦБИ",
        "country": "MK",
        "city": "Скопје",
        "website": "https://gcbi.example",
        "original_language": "mk",
        "partner_since": date(2015, 6, 1),
        "areas": [
            "pcve",
            "border-security",
            "gender-security",
            "eu-integration",
        ],
        "name_translations": {
            "en": "Civic Centre for Security and Integration",
            "sq": "Qendra Qytetare për Siguri dhe Integrim",
        },
        "description": {
            "mk": (
                "Граѓанскиот центар за безбедност и интеграции е независна истражувачка "
                "организација од Скопје. Ги следи реформите во армијата и полицијата по "
                "влегувањето на земјата во НАТО и го анализира управувањето со границите долж "
                "балканската мигрантска рута. Посебно внимание посветува на учеството на "
                "жените во безбедносниот сектор."
            ),
            "sq": (
                "Qendra Qytetare për Siguri dhe Integrim është një organizatë e pavarur "
                "kërkimore nga Shkupi. Ajo ndjek reformat në ushtri dhe polici pas "
                "anëtarësimit të vendit në NATO dhe analizon menaxhimin e kufijve përgjatë "
                "rrugës ballkanike të migrimit. Një vëmendje të veçantë i kushton pjesëmarrjes "
                "së grave në sektorin e sigurisë."
            ),
            "en": (
                "The Civic Centre for Security and Integration is an independent research "
                "organisation from Skopje. It follows the reforms of the army and the police "
                "since the country joined NATO and analyses border management along the Balkan "
                "migration route. It pays particular attention to the participation of women "
                "in the security sector."
            ),
        },
    },
    {
        "slug": "institut-lovcen",
        "name": "Institut Lovćen za bezbjednost i saradnju",
        "short_name": "ILBS",
        "country": "ME",
        "city": "Podgorica",
        "website": "https://institut-lovcen.example",
        "original_language": "cnr",
        "partner_since": date(2018, 4, 1),
        "areas": ["cyber-security", "euro-atlantic-integration", "organised-crime"],
        "name_translations": {
            "en": "Lovćen Institute for Security and Cooperation",
            "sq": "Instituti Lovćen për Siguri dhe Bashkëpunim",
        },
        # Montenegrin and English only: Serbian readers get the Montenegrin.
        "description": {
            "cnr": (
                "Institut Lovćen za bezbjednost i saradnju je nezavisni istraživački centar iz "
                "Podgorice. Nakon sajber napada na državne institucije 2022. godine pokrenuo je "
                "program jačanja sajber bezbjednosti u javnoj upravi. Prati i reformu Uprave "
                "policije i borbu protiv šverca cigareta i kokaina preko luke Bar."
            ),
            "en": (
                "The Lovćen Institute for Security and Cooperation is an independent research "
                "centre in Podgorica. After the cyber attacks on state institutions in 2022 it "
                "launched a programme to strengthen cyber security in the public administration. "
                "It also follows the reform of the Police Directorate and the fight against "
                "cigarette and cocaine smuggling through the port of Bar."
            ),
        },
    },
    {
        "slug": "novi-put",
        "name": "Centar za prevenciju i reintegraciju „Novi put“",
        "short_name": "Novi put",
        "country": "BA",
        "city": "Sarajevo",
        "website": "https://novi-put.example",
        "original_language": "bs",
        "partner_since": date(2017, 9, 1),
        "areas": ["pcve", "returnees-ftf", "gender-security"],
        "name_translations": {
            "en": "New Path Centre for Prevention and Reintegration",
            "sq": "Qendra për Parandalim dhe Riintegrim “Rruga e Re”",
        },
        "description": {
            "bs": (
                "Centar „Novi put“ iz Sarajeva radi na prevenciji radikalizacije među mladima i "
                "na reintegraciji povratnika sa stranih ratišta i njihovih porodica. U saradnji "
                "sa centrima za socijalni rad, školama i vjerskim zajednicama pruža "
                "psihosocijalnu podršku ženama i djeci koji su se vratili iz Sirije."
            ),
            "en": (
                "The New Path Centre in Sarajevo works on preventing radicalisation among young "
                "people and on reintegrating returnees from foreign battlefields and their "
                "families. Together with social work centres, schools and religious communities "
                "it provides psychosocial support to women and children who have returned from "
                "Syria."
            ),
        },
    },
    {
        "slug": "miep",
        "name": "Mostarski institut za europske politike",
        "short_name": "MIEP",
        "country": "BA",
        "city": "Mostar",
        "website": "https://miep.example",
        "original_language": "hr",
        "partner_since": date(2020, 1, 15),
        "areas": ["eu-integration", "justice-reform", "police-cooperation"],
        "name_translations": {
            "en": "Mostar Institute for European Policy",
            "bs": "Mostarski institut za evropske politike",
        },
        "description": {
            "hr": (
                "Mostarski institut za europske politike analizira napredak Bosne i Hercegovine "
                "na europskom putu, osobito u području vladavine prava i reforme pravosuđa. "
                "Okuplja stručnjake iz svih zajednica u Mostaru i zagovara bolju suradnju "
                "policijskih agencija na različitim razinama vlasti."
            ),
            "bs": (
                "Mostarski institut za evropske politike analizira napredak Bosne i Hercegovine "
                "na evropskom putu, naročito u oblasti vladavine prava i reforme pravosuđa. "
                "Okuplja stručnjake iz svih zajednica u Mostaru i zagovara bolju saradnju "
                "policijskih agencija na različitim nivoima vlasti."
            ),
            "en": (
                "The Mostar Institute for European Policy analyses the progress of Bosnia and "
                "Herzegovina on its path to the EU, especially on the rule of law and justice "
                "reform. It brings together experts from all of Mostar's communities and "
                "advocates for better cooperation between police agencies at the different "
                "levels of government."
            ),
        },
    },
    {
        "slug": "institut-jadran",
        "name": "Institut Jadran za sigurnosne studije",
        "short_name": "IJSS",
        "country": "HR",
        "city": "Split",
        "website": "https://institut-jadran.example",
        "original_language": "hr",
        "partner_since": date(2021, 5, 1),
        "areas": ["border-security", "organised-crime", "disinformation-hybrid-threats"],
        "name_translations": {
            "en": "Jadran Institute for Security Studies",
            "sr-latn": "Institut Jadran za bezbednosne studije",
        },
        # Croatian and English only: a Bosnian or Montenegrin reader gets the Croatian.
        "description": {
            "hr": (
                "Institut Jadran za sigurnosne studije neovisna je udruga iz Splita koja "
                "istražuje sigurnost vanjske granice Europske unije i krijumčarenje ljudi na "
                "tzv. balkanskoj ruti. Od ulaska Hrvatske u schengenski prostor 2023. godine "
                "prati suradnju granične policije sa susjednim zemljama i otpornost društva na "
                "dezinformacije."
            ),
            "en": (
                "The Jadran Institute for Security Studies is an independent association from "
                "Split that researches the security of the European Union's external border and "
                "people smuggling on the so-called Balkan route. Since Croatia joined the "
                "Schengen area in 2023 it has followed the cooperation of the border police "
                "with neighbouring countries and society's resilience to disinformation."
            ),
        },
    },
]

# --- People ------------------------------------------------------------------------------
# `role`: admin, coordinator (consortium-wide, no organisation) or org_admin, staff, member
# (of `organisation`, a slug of ORGANISATIONS). `language` is the interface language;
# `grammatical_gender` how the interface refers to them (core.roles.GrammaticalGender).

PEOPLE: list[dict] = [
    {
        "email": "admin@consortium.example",
        "name": "Elira Basha",
        "grammatical_gender": "feminine",
        "role": "admin",
        "organisation": None,
        "language": "en",
    },
    {
        "email": "koordinatorka@consortium.example",
        "name": "Jovana Radović",
        "grammatical_gender": "feminine",
        "role": "coordinator",
        "organisation": None,
        "language": "cnr",
    },
    # Kosovo
    {
        "email": "arberie@qendra-ura.example",
        "name": "Arbërie Krasniqi",
        "grammatical_gender": "feminine",
        "role": "org_admin",
        "organisation": "qendra-ura",
        "language": "sq",
    },
    {
        "email": "driton@qendra-ura.example",
        "name": "Driton Gashi",
        "grammatical_gender": "masculine",
        "role": "staff",
        "organisation": "qendra-ura",
        "language": "sq",
    },
    {
        "email": "blerta@qendra-ura.example",
        "name": "Blerta Morina",
        "grammatical_gender": "feminine",
        "role": "member",
        "organisation": "qendra-ura",
        "language": "en",
    },
    {
        "email": "shqipe@aleanca-grave.example",
        "name": "Shqipe Rexhepi",
        "grammatical_gender": "feminine",
        "role": "org_admin",
        "organisation": "aleanca-grave",
        "language": "sq",
    },
    {
        "email": "dragana@aleanca-grave.example",
        "name": "Dragana Stojanović",
        "grammatical_gender": "feminine",
        "role": "staff",
        "organisation": "aleanca-grave",
        "language": "sr-latn",
    },
    # Serbia
    {
        "email": "jelena@centar-otpornost.example",
        "name": "Јелена Марковић",
        "grammatical_gender": "feminine",
        "role": "org_admin",
        "organisation": "centar-otpornost",
        "language": "sr-cyrl",
    },
    {
        "email": "nikola@centar-otpornost.example",
        "name": "Никола Ђорђевић",
        "grammatical_gender": "masculine",
        "role": "staff",
        "organisation": "centar-otpornost",
        "language": "sr-cyrl",
    },
    {
        "email": "stefan@centar-otpornost.example",
        "name": "Stefan Ilić",
        "grammatical_gender": "masculine",
        "role": "member",
        "organisation": "centar-otpornost",
        "language": "sr-latn",
    },
    {
        "email": "marko@ikob.example",
        "name": "Marko Stanković",
        "grammatical_gender": "masculine",
        "role": "org_admin",
        "organisation": "ikob",
        "language": "sr-latn",
    },
    # Albania
    {
        "email": "erion@idrp.example",
        "name": "Erion Hoxha",
        "grammatical_gender": "masculine",
        "role": "org_admin",
        "organisation": "idrp",
        "language": "sq",
    },
    {
        "email": "anisa@idrp.example",
        "name": "Anisa Çela",
        "grammatical_gender": "feminine",
        "role": "staff",
        "organisation": "idrp",
        "language": "sq",
    },
    {
        "email": "klodian@idrp.example",
        "name": "Klodian Dervishi",
        "grammatical_gender": "masculine",
        "role": "member",
        "organisation": "idrp",
        "language": "en",
    },
    # North Macedonia
    {
        "email": "biljana@gcbi.example",
        "name": "Билјана Стојановска",
        "grammatical_gender": "feminine",
        "role": "org_admin",
        "organisation": "gcbi",
        "language": "mk",
    },
    {
        "email": "aleksandar@gcbi.example",
        "name": "Александар Трајковски",
        "grammatical_gender": "masculine",
        "role": "staff",
        "organisation": "gcbi",
        "language": "mk",
    },
    {
        "email": "ardita@gcbi.example",
        "name": "Ardita Selimi",
        "grammatical_gender": "feminine",
        "role": "member",
        "organisation": "gcbi",
        "language": "sq",
    },
    # Montenegro
    {
        "email": "vesna@institut-lovcen.example",
        "name": "Vesna Vujošević",
        "grammatical_gender": "feminine",
        "role": "org_admin",
        "organisation": "institut-lovcen",
        "language": "cnr",
    },
    # Bosnia and Herzegovina
    {
        "email": "amra@novi-put.example",
        "name": "Amra Hodžić",
        "grammatical_gender": "feminine",
        "role": "org_admin",
        "organisation": "novi-put",
        "language": "bs",
    },
    {
        "email": "emir@novi-put.example",
        "name": "Emir Begović",
        "grammatical_gender": "masculine",
        "role": "staff",
        "organisation": "novi-put",
        "language": "bs",
    },
    {
        "email": "lejla@novi-put.example",
        "name": "Lejla Mehmedović",
        "grammatical_gender": "feminine",
        "role": "member",
        "organisation": "novi-put",
        "language": "bs",
    },
    {
        "email": "ivan@miep.example",
        "name": "Ivan Marić",
        "grammatical_gender": "masculine",
        "role": "org_admin",
        "organisation": "miep",
        "language": "hr",
    },
    # Croatia
    {
        "email": "ivana@institut-jadran.example",
        "name": "Ivana Horvat",
        "grammatical_gender": "feminine",
        "role": "org_admin",
        "organisation": "institut-jadran",
        "language": "hr",
    },
    {
        "email": "tomislav@institut-jadran.example",
        "name": "Tomislav Babić",
        "grammatical_gender": "masculine",
        "role": "staff",
        "organisation": "institut-jadran",
        "language": "hr",
    },
]

# Projects, statements, events and experts join here, one section each, with their models.
