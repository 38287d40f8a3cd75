"""Demo experts: a few hundred fictional profiles across the seven countries.

A handful are written by hand (`FEATURED`: the ones a demo walks through); the rest are
drawn from plain name lists with a seeded `random.Random`, so every run, on every machine,
produces the same people. Serbian names are stored in Cyrillic or Latin (about half each)
with the other script alongside; Macedonian names in Cyrillic with their Latin
romanisation. Every address uses the reserved `example` domains, every phone number the
fictional 555 range.

`seed_experts` creates them through `consortium.experts.services.create`, as the operators'
tools would (SYSTEM), so the search index and the audit log are written too.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from consortium.core.actors import SYSTEM
from consortium.db import db
from consortium.experts import services as expert_services
from consortium.experts.models import Expert
from consortium.experts.schemas import ContactInput, ExpertProfile, PublicationInput, SpokenLanguage
from consortium.i18n.text import fold_tokens, lat_to_cyr

if TYPE_CHECKING:
    from consortium.auth.models import User
    from consortium.demo.seed import SeedReport
    from consortium.organisations.models import Organisation, ThematicArea

SEED = 20260611
TOTAL = 300

# The demo account that owns a profile: a member (not staff) of IDRP, so the only thing
# that lets him edit it is being the expert ("the expert edits their own profile").
LINKED_ACCOUNT = "klodian@idrp.example"

# --- Names ---------------------------------------------------------------------------------
# (male first names, female first names, surnames). Macedonian surnames are the male form;
# `_mk_female` derives the female one (Трајковски -> Трајковска, Костов -> Костова).

ALBANIAN = (
    ["Arben", "Besnik", "Ilir", "Gëzim", "Agron", "Ermal", "Erjon", "Faton", "Dardan",
     "Labinot", "Bujar", "Mërgim", "Qëndrim", "Çlirim", "Shpend", "Kujtim", "Artan",
     "Driton", "Valon", "Fisnik", "Ardian", "Sokol", "Altin", "Blendi"],
    ["Blerta", "Dritë", "Valbona", "Fatmire", "Lirije", "Arjeta", "Jonida", "Mimoza",
     "Vjosa", "Albulena", "Teuta", "Fjolla", "Edona", "Rrezarta", "Elvana", "Anila",
     "Enkeleda", "Arbëresha", "Drenusha", "Besa", "Flutura", "Mirela", "Ornela", "Hëna"],
    ["Krasniqi", "Hoxha", "Berisha", "Gashi", "Shala", "Morina", "Kelmendi", "Bytyqi",
     "Rexhepi", "Hasani", "Çela", "Dervishi", "Kola", "Leka", "Basha", "Meta", "Dushku",
     "Topalli", "Ramadani", "Zeqiri", "Xhaferi", "Muça", "Lika", "Shehu", "Kastrati",
     "Çollaku", "Mehmeti", "Ahmeti", "Beqiri", "Sadiku", "Hyseni", "Kryeziu", "Bajrami",
     "Lleshi", "Prifti", "Gjoka", "Dreshaj", "Përvizi"],
)  # fmt: skip

SERBIAN = (
    ["Đorđe", "Nikola", "Marko", "Stefan", "Miloš", "Nemanja", "Dušan", "Aleksandar",
     "Vladimir", "Dragan", "Zoran", "Bojan", "Uroš", "Lazar", "Vuk", "Filip", "Dejan",
     "Milan", "Predrag", "Đurađ", "Srđan", "Žarko", "Ljubomir", "Nebojša"],
    ["Jelena", "Milica", "Ana", "Jovana", "Marija", "Ivana", "Dragana", "Tijana", "Snežana",
     "Tamara", "Katarina", "Vesna", "Gordana", "Ljiljana", "Nataša", "Sanja", "Maja",
     "Teodora", "Mina", "Sofija", "Danijela", "Željka", "Biljana", "Njegoslava"],
    ["Đorđević", "Jovanović", "Petrović", "Nikolić", "Marković", "Ilić", "Stanković",
     "Pavlović", "Stojanović", "Popović", "Živković", "Kostić", "Lazić", "Mitrović",
     "Todorović", "Ristić", "Savić", "Obradović", "Tomić", "Cvetković", "Đukić",
     "Radosavljević", "Radović", "Vujović", "Milenković", "Simić", "Jakovljević",
     "Janković", "Ćirić", "Veljković", "Gajić", "Šljivić", "Lukić", "Nedeljković"],
)  # fmt: skip

MONTENEGRIN = (
    ["Vuk", "Marko", "Nikola", "Danilo", "Luka", "Petar", "Balša", "Stefan", "Andrija",
     "Vladimir", "Dejan", "Nemanja", "Igor", "Miodrag", "Radovan", "Žarko"],
    ["Jovana", "Milena", "Vesna", "Ana", "Bojana", "Dragana", "Jelena", "Maša", "Tamara",
     "Sanja", "Ivana", "Nevena", "Jelisaveta", "Dijana", "Milica", "Tijana"],
    ["Radović", "Vujović", "Šćepanović", "Vujošević", "Popović", "Bulatović", "Vukčević",
     "Perović", "Raičković", "Kalezić", "Martinović", "Bošković", "Lakić", "Mugoša",
     "Pejović", "Radulović", "Šćekić", "Vuksanović", "Drašković", "Nikčević", "Đurović",
     "Ivanović", "Marović", "Zeković"],
)  # fmt: skip

MACEDONIAN = (
    ["Александар", "Горан", "Зоран", "Никола", "Стефан", "Ѓорѓи", "Владимир", "Дарко",
     "Бојан", "Игор", "Филип", "Методија", "Кире", "Благоја", "Ивица", "Дејан", "Љупчо",
     "Ѓорѓе", "Трајче", "Жарко"],
    ["Марија", "Билјана", "Елена", "Ивана", "Катерина", "Сашка", "Снежана", "Јасмина",
     "Ана", "Маја", "Весна", "Татјана", "Благица", "Ѓурѓица", "Љубица", "Невена", "Сања",
     "Жаклина", "Зорица", "Јована"],
    ["Трајковски", "Стојановски", "Ќостов", "Николовски", "Петровски", "Јовановски",
     "Ѓорѓиевски", "Димитров", "Илиевски", "Андоновски", "Ристовски", "Спасовски",
     "Велковски", "Наумовски", "Ангеловски", "Костовски", "Митревски", "Тодоров",
     "Атанасов", "Караѓозов", "Ќурчиев", "Џамбазов", "Цветковски", "Шопов", "Јанев",
     "Ѓоргиев", "Лазаревски", "Чаловски"],
)  # fmt: skip

BOSNIAN = (
    ["Emir", "Amar", "Adnan", "Haris", "Kenan", "Mirza", "Edin", "Senad", "Almir", "Tarik",
     "Damir", "Nedim", "Dženan", "Armin", "Jasmin", "Eldar"],
    ["Amra", "Lejla", "Selma", "Amela", "Emina", "Aida", "Merima", "Dženana", "Azra",
     "Lamija", "Ajla", "Nermina", "Sabina", "Alma", "Belma", "Medina"],
    ["Hadžić", "Begović", "Mehmedović", "Hodžić", "Husić", "Delić", "Softić", "Karić",
     "Mujić", "Omerović", "Hasanović", "Alić", "Bešlić", "Čaušević", "Kurtović",
     "Salihović", "Džafić", "Imamović", "Suljić", "Hadžiomerović", "Mušić", "Pašić"],
)  # fmt: skip

CROATIAN = (
    ["Ivan", "Tomislav", "Luka", "Marko", "Ante", "Josip", "Krešimir", "Mario", "Zvonimir",
     "Dario", "Hrvoje", "Domagoj", "Filip", "Matej", "Goran", "Željko"],
    ["Ivana", "Ana", "Petra", "Marija", "Maja", "Lucija", "Katarina", "Nikolina", "Martina",
     "Dubravka", "Vesna", "Mirjana", "Iva", "Tena", "Snježana", "Ksenija"],
    ["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Knežević", "Vuković",
     "Perić", "Pavić", "Matić", "Šarić", "Tomić", "Božić", "Radić", "Grgić", "Lovrić",
     "Barišić", "Šimić", "Vidović", "Kovač", "Blažević", "Jukić", "Pavlović"],
)  # fmt: skip

# --- Communities: how a name is written, the profile's language, the mother tongue ---------

COMMUNITIES: dict[str, dict[str, Any]] = {
    "sq": {"names": ALBANIAN, "native": "sq", "neighbours": ["it", "de", "sr", "mk", "tr"]},
    "sr": {"names": SERBIAN, "native": "sr", "neighbours": ["ru", "de", "fr", "sq", "mk"]},
    "cnr": {"names": MONTENEGRIN, "native": "cnr", "neighbours": ["it", "ru", "sq", "de"]},
    "mk": {"names": MACEDONIAN, "native": "mk", "neighbours": ["sq", "sr", "tr", "el", "de"]},
    "bs": {"names": BOSNIAN, "native": "bs", "neighbours": ["tr", "de", "sl", "fr"]},
    "hr": {"names": CROATIAN, "native": "hr", "neighbours": ["it", "de", "sl", "fr"]},
}

# How many experts each country gets (featured ones included), and who lives there.
COUNTRIES: dict[str, dict[str, Any]] = {
    "XK": {
        "count": 48,
        "communities": [("sq", 85), ("sr", 15)],
        "phone": ("383", ["38", "29", "39", "28"]),
        "affiliations": {
            "sq": ["Universiteti i Prishtinës „Hasan Prishtina“", "Konsulent i pavarur",
                   "Akademia e Kosovës për Siguri Publike"],
            "sr": ["Univerzitet u Prištini sa sedištem u Kosovskoj Mitrovici",
                   "Nezavisni konsultant"],
            "en": ["University of Prishtina", "Independent consultant",
                   "Kosovo Academy for Public Safety"],
        },
    },
    "AL": {
        "count": 42,
        "communities": [("sq", 100)],
        "phone": ("355", ["4", "52", "22"]),
        "affiliations": {
            "sq": ["Universiteti i Tiranës, Fakulteti i Drejtësisë", "Akademia e Sigurisë",
                   "Konsulente e pavarur"],
            "en": ["University of Tirana", "Independent consultant",
                   "European University of Tirana"],
        },
    },
    "RS": {
        "count": 52,
        "communities": [("sr", 90), ("bs", 10)],
        "phone": ("381", ["11", "21", "18"]),
        "affiliations": {
            "sr": ["Univerzitet u Beogradu, Fakultet bezbednosti", "Univerzitet u Novom Sadu",
                   "Nezavisni konsultant", "Institut za međunarodnu politiku (saradnik)"],
            "bs": ["Državni univerzitet u Novom Pazaru", "Nezavisni konsultant"],
            "en": ["University of Belgrade, Faculty of Security Studies",
                   "Independent consultant"],
        },
    },
    "MK": {
        "count": 46,
        "communities": [("mk", 75), ("sq", 25)],
        "phone": ("389", ["2", "44", "47"]),
        "affiliations": {
            "mk": ["Универзитет „Св. Кирил и Методиј“ во Скопје",
                   "Институт за безбедност, одбрана и мир", "Независен консултант"],
            "sq": ["Universiteti i Evropës Juglindore, Tetovë", "Konsulent i pavarur"],
            "en": ["Ss. Cyril and Methodius University in Skopje",
                   "South East European University", "Independent consultant"],
        },
    },
    "ME": {
        "count": 34,
        "communities": [("cnr", 85), ("bs", 10), ("sq", 5)],
        "phone": ("382", ["20", "40", "30"]),
        "affiliations": {
            "cnr": ["Univerzitet Crne Gore, Fakultet političkih nauka", "Nezavisni konsultant",
                    "Policijska akademija, Danilovgrad"],
            "bs": ["Univerzitet Crne Gore", "Nezavisni konsultant"],
            "sq": ["Konsulent i pavarur"],
            "en": ["University of Montenegro", "Independent consultant"],
        },
    },
    "BA": {
        "count": 44,
        "communities": [("bs", 55), ("hr", 20), ("sr", 25)],
        "phone": ("387", ["33", "36", "51", "35"]),
        "affiliations": {
            "bs": ["Univerzitet u Sarajevu, Fakultet za kriminalistiku, kriminologiju i "
                   "sigurnosne studije", "Univerzitet u Tuzli", "Nezavisni konsultant"],
            "hr": ["Sveučilište u Mostaru", "Neovisni konzultant"],
            "sr": ["Univerzitet u Banjoj Luci, Fakultet bezbjednosnih nauka",
                   "Nezavisni konsultant"],
            "en": ["University of Sarajevo", "Independent consultant"],
        },
    },
    "HR": {
        "count": 34,
        "communities": [("hr", 95), ("sr", 5)],
        "phone": ("385", ["1", "21", "51", "31"]),
        "affiliations": {
            "hr": ["Sveučilište u Zagrebu, Fakultet političkih znanosti",
                   "Sveučilište u Splitu", "Neovisni konzultant", "Visoka policijska škola"],
            "sr": ["Nezavisni konsultant"],
            "en": ["University of Zagreb", "Independent consultant"],
        },
    },
}  # fmt: skip

# --- Titles, biographies, publications, in each profile language ----------------------------

TITLES_EN = [
    "Senior researcher", "Professor of security studies", "Former ombudsperson",
    "Research fellow", "Programme director", "Policy analyst",
    "Independent consultant on security sector reform", "Associate professor of criminal law",
    "Former deputy minister of the interior", "Retired police commissioner",
    "Investigative journalist", "Executive director", "Lecturer in international relations",
    "Legal adviser", "Project manager",
]  # fmt: skip

# (male, female) per profile language.
TITLES: dict[str, list[tuple[str, str]]] = {
    "sq": [("Studiues i lartë", "Studiuese e lartë"),
           ("Profesor i studimeve të sigurisë", "Profesoreshë e studimeve të sigurisë"),
           ("Ish-avokat i popullit", "Ish-avokate e popullit"),
           ("Analist politikash", "Analiste politikash"),
           ("Drejtor ekzekutiv", "Drejtoreshë ekzekutive")],
    "sr-latn": [("Viši istraživač", "Viša istraživačica"),
                ("Profesor bezbednosnih studija", "Profesorka bezbednosnih studija"),
                ("Bivši zaštitnik građana", "Bivša zaštitnica građana"),
                ("Savetnik za bezbednosnu politiku", "Savetnica za bezbednosnu politiku"),
                ("Istraživački novinar", "Istraživačka novinarka")],
    "cnr": [("Viši istraživač", "Viša istraživačica"),
            ("Profesor studija bezbjednosti", "Profesorka studija bezbjednosti"),
            ("Bivši zaštitnik ljudskih prava i sloboda",
             "Bivša zaštitnica ljudskih prava i sloboda"),
            ("Savjetnik za bezbjednosnu politiku", "Savjetnica za bezbjednosnu politiku")],
    "bs": [("Viši istraživač", "Viša istraživačica"),
           ("Profesor sigurnosnih studija", "Profesorica sigurnosnih studija"),
           ("Bivši ombudsmen za ljudska prava", "Bivša ombudsmenka za ljudska prava"),
           ("Analitičar sigurnosnih politika", "Analitičarka sigurnosnih politika")],
    "hr": [("Viši znanstveni suradnik", "Viša znanstvena suradnica"),
           ("Profesor sigurnosnih studija", "Profesorica sigurnosnih studija"),
           ("Bivši pučki pravobranitelj", "Bivša pučka pravobraniteljica"),
           ("Analitičar sigurnosnih politika", "Analitičarka sigurnosnih politika")],
    "mk": [("Виш истражувач", "Виша истражувачка"),
           ("Професор по безбедносни студии", "Професорка по безбедносни студии"),
           ("Поранешен народен правобранител", "Поранешна народна правобранителка"),
           ("Аналитичар за безбедносни политики", "Аналитичарка за безбедносни политики")],
}  # fmt: skip

# "{first}" is the first name, "{years}" 5 to 20, "{areas}" the areas' names in the language.
BIOGRAPHIES: dict[str, tuple[str, list[str]]] = {
    "en": (
        "{first} has worked on security policy in the Western Balkans for {years} years. "
        "Main fields: {areas}.",
        ["Regular commentator for regional media.",
         "Has trained police officers, judges and municipal staff across the region.",
         "Advises ministries and parliamentary committees on security sector reform.",
         "Has led research projects funded by the EU and the OSCE."],
    ),
    "sq": (
        "{first} punon prej {years} vitesh në fushën e politikave të sigurisë në Ballkanin "
        "Perëndimor. Fushat kryesore: {areas}.",
        ["Komenton rregullisht për mediat e rajonit.",
         "Ka mbajtur trajnime për policinë, gjyqtarët dhe stafin e komunave.",
         "Këshillon ministritë dhe komisionet parlamentare për reformën e sektorit të sigurisë.",
         "Ka udhëhequr projekte kërkimore të financuara nga BE-ja dhe OSBE-ja."],
    ),
    "sr-latn": (
        "{first} se već {years} godina bavi bezbednosnim politikama na Zapadnom Balkanu. "
        "Glavne oblasti: {areas}.",
        ["Redovno komentariše za regionalne medije.",
         "Drži obuke za policiju, sudije i zaposlene u lokalnim samoupravama.",
         "Savetuje ministarstva i skupštinske odbore o reformi sektora bezbednosti.",
         "Vodi istraživačke projekte koje finansiraju EU i OEBS."],
    ),
    "cnr": (
        "{first} se već {years} godina bavi bezbjednosnim politikama na Zapadnom Balkanu. "
        "Glavne oblasti: {areas}.",
        ["Redovno komentariše za regionalne medije.",
         "Drži obuke za policiju, sudije i zaposlene u lokalnim samoupravama.",
         "Savjetuje ministarstva i skupštinske odbore o reformi sektora bezbjednosti.",
         "Vodi istraživačke projekte koje finansiraju EU i OEBS."],
    ),
    "bs": (
        "{first} se već {years} godina bavi sigurnosnim politikama na Zapadnom Balkanu. "
        "Glavne oblasti: {areas}.",
        ["Redovno komentariše za regionalne medije.",
         "Drži obuke za policiju, sudije i uposlenike općina.",
         "Savjetuje ministarstva i parlamentarne komisije o reformi sigurnosnog sektora.",
         "Vodi istraživačke projekte koje finansiraju EU i OSCE."],
    ),
    "hr": (
        "{first} se već {years} godina bavi sigurnosnim politikama u jugoistočnoj Europi. "
        "Glavna područja: {areas}.",
        ["Redovito komentira za regionalne medije.",
         "Drži edukacije za policiju, suce i djelatnike lokalne samouprave.",
         "Savjetuje ministarstva i saborske odbore o reformi sigurnosnog sektora.",
         "Vodi istraživačke projekte koje financiraju EU i OESS."],
    ),
    "mk": (
        "{first} веќе {years} години се занимава со безбедносни политики на Западен Балкан. "
        "Главни области: {areas}.",
        ["Редовно дава изјави за регионалните медиуми.",
         "Држи обуки за полицијата, судиите и вработените во општините.",
         "Ги советува министерствата и собраниските комисии за реформата на безбедносниот "
         "сектор.",
         "Води истражувачки проекти финансирани од ЕУ и ОБСЕ."],
    ),
}  # fmt: skip

PUBLICATIONS: dict[str, list[str]] = {
    "en": ["{area} in the Western Balkans: lessons from the last decade",
           "{area} and local communities: a policy brief",
           "{area}: a regional baseline study",
           "{area}: recommendations for the EU accession process"],
    "sq": ["{area} në Ballkanin Perëndimor: sfida dhe rekomandime",
           "Raport politikash: {area}", "Studim bazë rajonal: {area}"],
    "sr-latn": ["{area} na Zapadnom Balkanu: izazovi i preporuke",
                "Analiza politika: {area}", "Regionalna bazna studija: {area}"],
    "cnr": ["{area} na Zapadnom Balkanu: izazovi i preporuke", "Analiza politika: {area}"],
    "bs": ["{area} na Zapadnom Balkanu: izazovi i preporuke", "Analiza politika: {area}"],
    "hr": ["{area} na Zapadnom Balkanu: izazovi i preporuke",
           "Analiza javnih politika: {area}"],
    "mk": ["{area} на Западен Балкан: предизвици и препораки", "Анализа на политики: {area}",
           "Регионална базна студија: {area}"],
}  # fmt: skip

AREA_SLUGS = [
    "pcve", "returnees-ftf", "cyber-security", "salw-control", "police-cooperation",
    "justice-reform", "border-security", "organised-crime", "disinformation-hybrid-threats",
    "gender-security", "eu-integration", "euro-atlantic-integration",
]  # fmt: skip

# --- Featured experts, written by hand ------------------------------------------------------
# Same shape as the generated ones: `organisation` is a slug of data.ORGANISATIONS, `areas`
# slugs of data.AREAS, `user` a demo account's e-mail.

FEATURED: list[dict[str, Any]] = [
    {
        "name": "Ђорђе Ђорђевић",
        "name_other_script": "Đorđe Đorđević",
        "title": "Виши истраживач",
        "country": "RS",
        "original_language": "sr-cyrl",
        "organisation": "centar-otpornost",
        "affiliation": "",
        "areas": ["disinformation-hybrid-threats", "cyber-security"],
        "languages": [("sr", "native"), ("en", "fluent"), ("ru", "working")],
        "biography": {
            "sr-cyrl": (
                "Ђорђе Ђорђевић живи и ради у Београду. Већ петнаест година прати кампање "
                "дезинформација у Србији и региону и води годишњи извештај Центра о хибридним "
                "претњама. Држи обуке из провере чињеница за новинаре и локалне самоуправе."
            ),
            "en": (
                "Đorđe Đorđević lives and works in Belgrade. For fifteen years he has tracked "
                "disinformation campaigns in Serbia and the region, and he leads the Centre's "
                "annual report on hybrid threats. He trains journalists and local governments "
                "in fact-checking."
            ),
        },
        "publications": [
            (
                "Хибридне претње у Србији: годишњи извештај 2024",
                2024,
                "https://centar-otpornost.example/publications/2024/hibridne-pretnje",
            ),
            (
                "Disinformation and local elections in the Western Balkans",
                2022,
                "https://library.example.org/publications/2022/disinformation-local-elections",
            ),
        ],
        "availability": {"media", "advisory"},
        "contacts": [
            ("email", "djordje.djordjevic@centar-otpornost.example.org", "members"),
            ("phone", "+381 11 555 0123", "nobody"),
            ("website", "https://djordjevic.example.com", "public"),
        ],
        "verified": True,
    },
    {
        "name": "Milica Đorđević",
        "name_other_script": "Милица Ђорђевић",
        "title": "Profesorka bezbednosnih studija",
        "country": "RS",
        "original_language": "sr-latn",
        "organisation": None,
        "affiliation": "Univerzitet u Beogradu, Fakultet bezbednosti",
        "areas": ["pcve", "police-cooperation"],
        "languages": [("sr", "native"), ("en", "fluent"), ("de", "working")],
        "biography": {
            "sr-latn": (
                "Milica Đorđević predaje na Fakultetu bezbednosti u Beogradu. Istražuje "
                "radikalizaciju mladih i saradnju policije sa lokalnim zajednicama u "
                "Beogradu, Novom Sadu i Nišu."
            ),
        },
        "publications": [
            (
                "Policija u zajednici i prevencija radikalizacije",
                2021,
                "https://library.example.org/publications/2021/policija-u-zajednici",
            ),
        ],
        "availability": {"training"},
        "contacts": [
            ("email", "milica.djordjevic@example.org", "public"),
            ("phone", "+381 11 555 0147", "members"),
        ],
        "verified": True,
    },
    {
        "name": "Ѓорѓи Ќостов",
        "name_other_script": "Gjorgji Kjostov",
        "title": "Виш истражувач за контрола на оружје",
        "country": "MK",
        "original_language": "mk",
        "organisation": "gcbi",
        "affiliation": "",
        "areas": ["salw-control", "border-security"],
        "languages": [("mk", "native"), ("en", "fluent")],
        "biography": {
            "mk": (
                "Ѓорѓи Ќостов дванаесет години ја истражува контролата на малото и лесното "
                "оружје во Северна Македонија. Учествувал во националните кампањи за "
                "доброволно предавање оружје и ги следи нелегалните текови на оружје преку "
                "границите."
            ),
            "en": (
                "Gjorgji Kjostov has researched small arms and light weapons control in North "
                "Macedonia for twelve years. He took part in the national voluntary weapons "
                "surrender campaigns and follows illicit arms flows across the borders."
            ),
        },
        "publications": [
            (
                "Small arms in North Macedonia: from surrender campaigns to registers",
                2023,
                "https://gcbi.example/publications/2023/small-arms-registers",
            ),
            (
                "Мало и лесно оружје: регионална базна студија",
                2019,
                "https://library.example.org/publications/2019/malo-i-lesno-oruzje",
            ),
        ],
        "availability": {"media", "training", "advisory"},
        "contacts": [
            ("email", "gjorgji.kjostov@gcbi.example.org", "members"),
            ("phone", "+389 2 555 0188", "nobody"),
            ("social", "https://social.example.com/@kjostov", "public"),
        ],
        "verified": True,
    },
    {
        "name": "Марија Трајковска",
        "name_other_script": "Marija Trajkovska",
        "title": "Професорка по безбедносни студии",
        "country": "MK",
        "original_language": "mk",
        "organisation": None,
        "affiliation": "Универзитет „Св. Кирил и Методиј“ во Скопје",
        "areas": ["gender-security", "pcve"],
        "languages": [("mk", "native"), ("en", "fluent"), ("sq", "working")],
        "biography": {
            "mk": (
                "Марија Трајковска предава безбедносни студии во Скопје и ја истражува "
                "улогата на жените во безбедносниот сектор."
            ),
        },
        "publications": [],
        "availability": {"training"},
        "contacts": [("email", "marija.trajkovska@example.org", "nobody")],
        "verified": False,
    },
    {
        "name": "Klodian Dervishi",
        "name_other_script": "",
        "title": "Research fellow",
        "country": "AL",
        "original_language": "sq",
        "organisation": "idrp",
        "affiliation": "",
        "areas": ["justice-reform", "eu-integration"],
        "languages": [("sq", "native"), ("en", "fluent"), ("it", "working")],
        "biography": {
            "sq": (
                "Klodian Dervishi ndjek procesin e rivlerësimit të gjyqtarëve dhe prokurorëve "
                "në Shqipëri dhe shkruan për reformën në drejtësi në kuadër të integrimit "
                "evropian."
            ),
            "en": (
                "Klodian Dervishi follows the vetting of judges and prosecutors in Albania and "
                "writes on justice reform as part of EU integration."
            ),
        },
        "publications": [
            (
                "Vetting in Albania: what the first five years changed",
                2022,
                "https://idrp.example/publications/2022/vetting-five-years",
            ),
        ],
        "availability": {"media"},
        "contacts": [
            ("email", "klodian.dervishi@idrp.example.org", "members"),
            ("phone", "+355 4 555 0162", "nobody"),
        ],
        "verified": False,
        "user": LINKED_ACCOUNT,
    },
    {
        "name": "Arben Krasniqi",
        "name_other_script": "",
        "title": "Studiues i lartë",
        "country": "XK",
        "original_language": "sq",
        "organisation": "qendra-ura",
        "affiliation": "",
        "areas": ["pcve", "returnees-ftf"],
        "languages": [("sq", "native"), ("en", "fluent"), ("sr", "working"), ("de", "basic")],
        "biography": {
            "sq": (
                "Arben Krasniqi hulumton rrugët e radikalizimit në komunitetet lokale të "
                "Kosovës dhe mbështet komunat në riintegrimin e familjeve të kthyera nga Siria."
            ),
        },
        "publications": [],
        "availability": {"media", "advisory"},
        "contacts": [
            ("email", "arben.krasniqi@qendra-ura.example.org", "members"),
            ("website", "https://arben-krasniqi.example.com", "public"),
        ],
        "verified": True,
    },
    {
        "name": "Dritë Berisha",
        "name_other_script": "",
        "title": "Former ombudsperson",
        "country": "XK",
        "original_language": "sq",
        "organisation": None,
        "affiliation": "Independent consultant",
        "areas": ["gender-security", "justice-reform", "police-cooperation"],
        "languages": [("sq", "native"), ("en", "fluent"), ("sr", "fluent")],
        "biography": {
            "sq": (
                "Dritë Berisha ka qenë zëvendësavokate e popullit dhe sot këshillon "
                "organizatat e shoqërisë civile për të drejtat e viktimave."
            ),
            "en": (
                "Dritë Berisha was deputy ombudsperson and now advises civil-society "
                "organisations on victims' rights."
            ),
        },
        "publications": [],
        "availability": {"advisory", "training"},
        "contacts": [("email", "drite.berisha@example.com", "nobody")],
        "verified": True,
    },
    {
        "name": "Anila Çela",
        "name_other_script": "",
        "title": "Profesoreshë e studimeve të sigurisë",
        "country": "AL",
        "original_language": "sq",
        "organisation": None,
        "affiliation": "Universiteti i Tiranës, Fakulteti i Drejtësisë",
        "areas": ["organised-crime", "euro-atlantic-integration"],
        "languages": [("sq", "native"), ("en", "fluent"), ("it", "fluent")],
        "biography": {},
        "publications": [],
        "availability": set(),
        "contacts": [("email", "anila.cela@example.org", "members")],
        "verified": False,
    },
    {
        "name": "Nemanja Šćepanović",
        "name_other_script": "Немања Шћепановић",
        "title": "Savjetnik za bezbjednosnu politiku",
        "country": "ME",
        "original_language": "cnr",
        "organisation": "institut-lovcen",
        "affiliation": "",
        "areas": ["cyber-security", "organised-crime"],
        "languages": [("cnr", "native"), ("en", "fluent"), ("it", "basic")],
        "biography": {
            "cnr": (
                "Nemanja Šćepanović vodi program jačanja sajber bezbjednosti u javnoj upravi "
                "Crne Gore, pokrenut nakon napada na državne institucije 2022. godine."
            ),
        },
        "publications": [],
        "availability": {"advisory"},
        "contacts": [("email", "nemanja.scepanovic@institut-lovcen.example.org", "members")],
        "verified": True,
    },
    {
        "name": "Emina Hadžić",
        "name_other_script": "",
        "title": "Viša istraživačica",
        "country": "BA",
        "original_language": "bs",
        "organisation": "novi-put",
        "affiliation": "",
        "areas": ["returnees-ftf", "pcve"],
        "languages": [("bs", "native"), ("en", "fluent"), ("tr", "working")],
        "biography": {
            "bs": (
                "Emina Hadžić radi sa ženama i djecom koji su se vratili iz Sirije i s "
                "centrima za socijalni rad u Sarajevu i Zenici."
            ),
        },
        "publications": [],
        "availability": {"training"},
        "contacts": [("email", "emina.hadzic@novi-put.example.org", "nobody")],
        "verified": False,
    },
    {
        "name": "Ana Kovačević",
        "name_other_script": "",
        "title": "Viša znanstvena suradnica",
        "country": "HR",
        "original_language": "hr",
        "organisation": "institut-jadran",
        "affiliation": "",
        "areas": ["border-security", "organised-crime"],
        "languages": [("hr", "native"), ("en", "fluent"), ("it", "working"), ("de", "basic")],
        "biography": {
            "hr": (
                "Ana Kovačević istražuje krijumčarenje ljudi na balkanskoj ruti i suradnju "
                "granične policije nakon ulaska Hrvatske u schengenski prostor."
            ),
            "en": (
                "Ana Kovačević researches people smuggling on the Balkan route and border "
                "police cooperation since Croatia joined the Schengen area."
            ),
        },
        "publications": [],
        "availability": {"media"},
        "contacts": [
            ("email", "ana.kovacevic@institut-jadran.example.org", "public"),
            ("phone", "+385 21 555 0139", "members"),
        ],
        "verified": True,
    },
]

# --- Generating the rest ---------------------------------------------------------------------

_MK_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "gj", "е": "e", "ж": "ž", "з": "z",
    "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ќ": "kj", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip


def mk_to_latin(text: str) -> str:
    """Macedonian Cyrillic in the official romanisation (Ѓорѓи Ќостов -> Gjorgji Kjostov)."""
    out = []
    for ch in text:
        latin = _MK_LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
        else:
            out.append(latin[0].upper() + latin[1:] if ch.isupper() else latin)
    return "".join(out)


def _mk_female(surname: str) -> str:
    if surname.endswith("и"):  # Трајковски -> Трајковска
        return surname[:-1] + "а"
    return surname + "а"  # Костов -> Костова, Ќурчиев -> Ќурчиева


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _name(rng: random.Random, community: str, female: bool) -> tuple[str, str, str, str]:
    """(name, name in the other script or "", first name as written, profile language)."""
    males, females, surnames = COMMUNITIES[community]["names"]
    first = rng.choice(females if female else males)
    last = rng.choice(surnames)
    if community == "mk":
        if female:
            last = _mk_female(last)
        name = f"{first} {last}"
        return name, mk_to_latin(name), first, "mk"
    latin = f"{first} {last}"
    if community == "sr":
        if rng.random() < 0.5:
            return lat_to_cyr(latin), latin, lat_to_cyr(first), "sr-cyrl"
        return latin, lat_to_cyr(latin), first, "sr-latn"
    if community == "cnr":
        return latin, lat_to_cyr(latin) if rng.random() < 0.3 else "", first, "cnr"
    return latin, "", first, community


def _area_names(slugs: list[str], language: str, area_names: dict[str, dict[str, str]]) -> str:
    return ", ".join(area_names[slug][language] for slug in slugs)


def _biography(
    rng: random.Random,
    language: str,
    first: str,
    latin_first: str,
    slugs: list[str],
    area_names: dict[str, dict[str, str]],
) -> dict[str, str]:
    years = rng.randint(5, 20)
    extras = rng.sample(range(4), k=rng.randint(0, 2))

    def text(lang: str, who: str) -> str:
        if lang == "sr-cyrl":  # written in Latin, then transliterated as a whole
            return lat_to_cyr(text("sr-latn", latin_first))
        opening, sentences = BIOGRAPHIES[lang]
        body = " ".join([opening, *(sentences[i] for i in extras)])
        return body.format(first=who, years=years, areas=_area_names(slugs, lang, area_names))

    roll = rng.random()
    if roll < 0.08:
        return {}
    if roll < 0.14:
        return {"en": text("en", latin_first)}
    biography = {language: text(language, first)}
    if language != "en" and rng.random() < 0.3:
        biography["en"] = text("en", latin_first)
    return biography


def _publications(
    rng: random.Random,
    language: str,
    slugs: list[str],
    area_names: dict[str, dict[str, str]],
    organisation: str | None,
) -> list[tuple[str, int, str]]:
    publications = []
    for _ in range(rng.choices([0, 1, 2, 3], weights=[30, 30, 25, 15])[0]):
        lang = "en" if rng.random() < 0.4 else language
        cyrillic = lang == "sr-cyrl"
        if cyrillic:  # written in Latin, then transliterated as a whole
            lang = "sr-latn"
        template = rng.choice(PUBLICATIONS[lang])
        title = template.format(area=area_names[rng.choice(slugs)][lang])
        title = title[0].upper() + title[1:]
        if cyrillic:
            title = lat_to_cyr(title)
        if any(title == earlier for earlier, _, _ in publications):
            continue
        year = rng.randint(2012, 2025)
        host = f"{organisation}.example" if organisation else "library.example.org"
        path = "-".join(fold_tokens(title))[:60].strip("-")
        publications.append((title, year, f"https://{host}/publications/{year}/{path}"))
    return publications


def _languages(rng: random.Random, community: str) -> list[tuple[str, str]]:
    spoken = [(COMMUNITIES[community]["native"], "native")]
    if rng.random() < 0.93:
        spoken.append(("en", _pick(rng, [("fluent", 60), ("working", 30), ("basic", 10)])))
    if rng.random() < 0.4:
        neighbour = rng.choice(COMMUNITIES[community]["neighbours"])
        spoken.append((neighbour, _pick(rng, [("fluent", 25), ("working", 45), ("basic", 30)])))
    return spoken


def _contacts(
    rng: random.Random, latin_name: str, country: str, organisation: str | None, serial: int
) -> list[tuple[str, str, str]]:
    local = ".".join(fold_tokens(latin_name))
    domain = (
        f"{organisation}.example.org"
        if organisation and rng.random() < 0.7
        else rng.choice(["example.org", "example.com", "mail.example.net"])
    )
    contacts = [
        (
            "email",
            f"{local}@{domain}",
            _pick(rng, [("members", 45), ("nobody", 40), ("public", 15)]),
        )
    ]
    if rng.random() < 0.7:
        code, areas = COUNTRIES[country]["phone"]
        number = f"+{code} {rng.choice(areas)} 555 {serial % 10000:04d}"
        visibility = _pick(rng, [("nobody", 55), ("members", 40), ("public", 5)])
        contacts.append(("phone", number, visibility))
    handle = "-".join(fold_tokens(latin_name))
    if rng.random() < 0.3:
        contacts.append(("website", f"https://{handle}.example.com", "public"))
    if rng.random() < 0.25:
        contacts.append(("social", f"https://social.example.com/@{handle}", "public"))
    return contacts


def generate(
    partners: dict[str, list[tuple[str, list[str]]]],
    area_names: dict[str, dict[str, str]],
) -> list[dict[str, Any]]:
    """Every demo expert, featured first, always the same list.

    `partners` maps a country to its organisations (slug, area slugs); `area_names` an area's
    slug to its names by language (both from `data`, so the list does not need a database).
    """
    rng = random.Random(SEED)
    items: list[dict[str, Any]] = [dict(item) for item in FEATURED]
    taken = {" ".join(fold_tokens(item["name"])) for item in items}
    serial = 1000
    for country, spec in COUNTRIES.items():
        count = spec["count"] - sum(item["country"] == country for item in items)
        for _ in range(count):
            community = _pick(rng, spec["communities"])
            female = rng.random() < 0.5
            while True:
                name, other, first, language = _name(rng, community, female)
                key = " ".join(fold_tokens(name))
                if key not in taken:
                    taken.add(key)
                    break
            latin_name = other if language in ("mk", "sr-cyrl") else name
            latin_first = latin_name.split(" ")[0]
            organisation, org_areas = None, []
            if partners.get(country) and rng.random() < 0.6:
                organisation, org_areas = rng.choice(partners[country])
            if org_areas and rng.random() < 0.8:
                first_area = rng.choice(org_areas)
                others = [s for s in AREA_SLUGS if s != first_area]
                slugs = [first_area, *rng.sample(others, k=rng.randint(0, 2))]
            else:
                slugs = rng.sample(AREA_SLUGS, k=rng.randint(1, 3))
            affiliation = ""
            if organisation is None:
                choices = spec["affiliations"]
                own = "sr" if language.startswith("sr") else language
                pool = choices.get(own) if rng.random() < 0.6 else None
                affiliation = rng.choice(pool or choices["en"])
                if language == "sr-cyrl" and pool:
                    affiliation = lat_to_cyr(affiliation)
            if rng.random() < 0.5:
                title = rng.choice(TITLES_EN)
            else:
                male_title, female_title = rng.choice(
                    TITLES["sr-latn" if language == "sr-cyrl" else language]
                )
                title = female_title if female else male_title
                if language == "sr-cyrl":
                    title = lat_to_cyr(title)
            serial += rng.randint(1, 37)
            items.append(
                {
                    "name": name,
                    "name_other_script": other,
                    "title": title,
                    "country": country,
                    "original_language": language,
                    "organisation": organisation,
                    "affiliation": affiliation,
                    "areas": slugs,
                    "languages": _languages(rng, community),
                    "biography": _biography(rng, language, first, latin_first, slugs, area_names),
                    "publications": _publications(rng, language, slugs, area_names, organisation),
                    "availability": {
                        a for a in ("media", "training", "advisory") if rng.random() < 0.45
                    },
                    "contacts": _contacts(rng, latin_name, country, organisation, serial),
                    "verified": rng.random() < 0.38,
                }
            )
    return items


def experts() -> list[dict[str, Any]]:
    """The demo experts, from the demo organisations and areas in `data`."""
    from consortium.demo import data

    partners: dict[str, list[tuple[str, list[str]]]] = {}
    for item in data.ORGANISATIONS:
        partners.setdefault(item["country"], []).append((item["slug"], item["areas"]))
    area_names = {item["slug"]: item["names"] for item in data.AREAS}
    return generate(partners, area_names)


# --- Seeding ---------------------------------------------------------------------------------


def _profile(
    item: dict[str, Any],
    areas: dict[str, ThematicArea],
    organisations: dict[str, Organisation],
) -> ExpertProfile:
    organisation = organisations[item["organisation"]] if item["organisation"] else None
    return ExpertProfile(
        name=item["name"],
        country=item["country"],
        original_language=item["original_language"],
        name_other_script=item["name_other_script"],
        title=item["title"],
        organisation_id=organisation.id if organisation is not None else None,
        affiliation=item["affiliation"],
        area_ids=tuple(areas[slug].id for slug in item["areas"]),
        languages=tuple(SpokenLanguage(code, level) for code, level in item["languages"]),
        biography=dict(item["biography"]),
        publications=tuple(PublicationInput(t, y, u) for t, y, u in item["publications"]),
        availability=frozenset(item["availability"]),
        contacts=tuple(ContactInput(k, v, vis) for k, v, vis in item["contacts"]),
    )


def seed_experts(
    report: SeedReport,
    areas: dict[str, ThematicArea],
    organisations: dict[str, Organisation],
    people: dict[str, User],
) -> None:
    """Create the experts that are not there yet (by slug); the coordinator verifies some.

    Idempotent: an expert's slug is its folded name, and every demo name folds differently.
    """
    coordinator = people["koordinatorka@consortium.example"]
    existing = set(db.session.scalars(db.select(Expert.slug)))
    for item in experts():
        if "-".join(fold_tokens(item["name"])) in existing:
            continue
        expert = expert_services.create(_profile(item, areas, organisations), actor=SYSTEM)
        report.experts += 1
        if item["verified"]:
            expert_services.set_verified(expert, True, actor=coordinator)
        if item.get("user"):
            # Demo data only: in the app, a person claims a profile through an invitation.
            expert.user_id = people[item["user"]].id
    db.session.flush()
