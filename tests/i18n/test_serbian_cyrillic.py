"""Serbian Cyrillic from Serbian Latin keeps what must stay Latin and changes the rest.

The rules' word lists are data: consortium/i18n/data/sr_cyrillic_acronyms.txt (acronyms
written in Cyrillic), sr_latin_keep.txt (foreign acronyms, brands and names kept Latin) and
sr_digraph_splits.txt (stems where lj/nj/dž are two letters). The sentences below are written
the way the region's civil-society texts are. Each list entry is pinned twice: the entries are
listed here, and removing any entry that changes behaviour changes some expected sentence.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consortium.i18n import text
from consortium.i18n.content import Shown, resolve
from consortium.i18n.text import (
    ACRONYMS,
    BRANDS,
    CYRILLIC_ACRONYMS,
    KEEP_PHRASES,
    cyr_to_lat,
    lat_to_cyr,
)

# (Serbian Latin, Serbian Cyrillic)
SENTENCES: list[tuple[str, str]] = [
    # Acronyms Serbian writes in Cyrillic, with case endings.
    (
        "Srbija je kandidat za članstvo u EU od 2012. godine.",
        "Србија је кандидат за чланство у ЕУ од 2012. године.",
    ),
    (
        "Predstavnici EU-a i UN-a posetili su Novi Pazar.",
        "Представници ЕУ-а и УН-а посетили су Нови Пазар.",
    ),
    (
        "Srbija nije članica NATO-a, ali sa NATO-om sarađuje kroz Partnerstvo za mir.",
        "Србија није чланица НАТО-а, али са НАТО-ом сарађује кроз Партнерство за мир.",
    ),
    (
        "Misija OEBS-a u Srbiji podržala je obuku za novinare.",
        "Мисија ОЕБС-а у Србији подржала је обуку за новинаре.",
    ),
    (
        "Rezolucija SB UN 1325 o ženama, miru i bezbednosti usvojena je 2000. godine.",
        "Резолуција СБ УН 1325 о женама, миру и безбедности усвојена је 2000. године.",
    ),
    (
        "Ambasada SAD finansira program za nezavisne medije.",
        "Амбасада САД финансира програм за независне медије.",
    ),
    (
        "Pravilnik je objavljen u „Službenom glasniku RS“, br. 88/2023.",
        "Правилник је објављен у „Службеном гласнику РС“, бр. 88/2023.",
    ),
    (
        "Rad MUP-a i BIA mora biti pod demokratskom civilnom kontrolom.",
        "Рад МУП-а и БИА мора бити под демократском цивилном контролом.",
    ),
    (
        "Udruženje je registrovano kao NVO, a u izveštajima se vodi kao OCD.",
        "Удружење је регистровано као НВО, а у извештајима се води као ОЦД.",
    ),
    (
        "EK je u izveštaju o napretku pohvalila saradnju sa OCD, a EP je usvojio rezoluciju.",
        "ЕК је у извештају о напретку похвалила сарадњу са ОЦД, а ЕП је усвојио резолуцију.",
    ),
    (
        "Savet Evrope (SE) i ESLJP štite slobodu izražavanja.",
        "Савет Европе (СЕ) и ЕСЉП штите слободу изражавања.",
    ),
    ("Srbija je članica OUN od 2000. godine.", "Србија је чланица ОУН од 2000. године."),
    (
        "Reforma sektora bezbednosti (RSB) na engleskom se zove SSR.",
        "Реформа сектора безбедности (РСБ) на енглеском се зове SSR.",
    ),
    (
        "REM nije reagovao na prijave protiv RTS-a, a RIK je objavio konačne rezultate.",
        "РЕМ није реаговао на пријаве против РТС-а, а РИК је објавио коначне резултате.",
    ),
    (
        "Posle raspada SFRJ i SRJ, JNA i VJ su istorija; danas postoje VS i VBA.",
        "После распада СФРЈ и СРЈ, ЈНА и ВЈ су историја; данас постоје ВС и ВБА.",
    ),
    (
        "JKP „Gradska čistoća“ plaća PDV, kao i svako preduzeće u AP Vojvodini.",
        "ЈКП „Градска чистоћа“ плаћа ПДВ, као и свако предузеће у АП Војводини.",
    ),
    # Foreign acronyms with no Serbian form stay Latin, endings included.
    (
        "Izveštaj OSCE/ODIHR o izborima objavljen je u junu.",
        "Извештај OSCE/ODIHR о изборима објављен је у јуну.",
    ),
    (
        "Izborne posmatrače šalje ODIHR, a OSCE na engleskom znači isto što i OEBS.",
        "Изборне посматраче шаље ODIHR, а OSCE на енглеском значи исто што и ОЕБС.",
    ),
    (
        "Program P/CVE sprovodi se u saradnji sa UNDP-om i IOM-om.",
        "Програм P/CVE спроводи се у сарадњи са UNDP-om и IOM-om.",
    ),
    (
        "Kontrola SALW i praćenje povratnika FTF deo su nacionalne strategije.",
        "Контрола SALW и праћење повратника FTF део су националне стратегије.",
    ),
    (
        "Projekti CVE i PVE razlikuju se po ciljnim grupama.",
        "Пројекти CVE и PVE разликују се по циљним групама.",
    ),
    (
        "KFOR, EULEX i UNMIK deluju na KiM, a misija EUFOR u BiH.",
        "KFOR, EULEX и UNMIK делују на КиМ, а мисија EUFOR у БиХ.",
    ),
    (
        "UNHCR, UNFPA i UNICEF pomažu izbeglicama i deci bez pratnje.",
        "UNHCR, UNFPA и UNICEF помажу избеглицама и деци без пратње.",
    ),
    (
        "Publikacija je nastala uz podršku USAID-a i OECD-a.",
        "Публикација је настала уз подршку USAID-a и OECD-a.",
    ),
    (
        "Kancelarije OHCHR i UNODC organizovale su konferenciju sa DCAF i UNOPS.",
        "Канцеларије OHCHR и UNODC организовале су конференцију са DCAF и UNOPS.",
    ),
    (
        "Izraz CSO odgovara našem OCD, a NGO našem NVO.",
        "Израз CSO одговара нашем ОЦД, а NGO нашем НВО.",
    ),
    ("Uredba GDPR važi i za partnere iz EU.", "Уредба GDPR важи и за партнере из ЕУ."),
    (
        "Strategija razvoja IKT (na engleskom ICT) usvojena je prošle godine.",
        "Стратегија развоја ИКТ (на енглеском ICT) усвојена је прошле године.",
    ),
    (
        "Sajt koristi HTTPS umesto HTTP, a izveštaj je dostupan kao PDF i HTML.",
        "Сајт користи HTTPS уместо HTTP, а извештај је доступан као PDF и HTML.",
    ),
    (
        "Podaci su dostupni preko API i RSS kanala, a svaki URL je trajan.",
        "Подаци су доступни преко API и RSS канала, а сваки URL је трајан.",
    ),
    # COVID-19: the WHO name stays Latin; the Serbian spelling kovid becomes Cyrillic.
    (
        "Tokom pandemije COVID-19 porasla je stopa nasilja u porodici.",
        "Током пандемије COVID-19 порасла је стопа насиља у породици.",
    ),
    (
        "Covid-19 je promenio način rada udruženja.",
        "Covid-19 је променио начин рада удружења.",
    ),
    (
        "Mere protiv kovid-19 ograničile su rad udruženja; KOVID-19 je promenio sve.",
        "Мере против ковид-19 ограничиле су рад удружења; КОВИД-19 је променио све.",
    ),
    # Addresses and code stay as they are.
    (
        "Prijave šaljite na prijave@gradjanske.org.rs do 15. marta.",
        "Пријаве шаљите на prijave@gradjanske.org.rs до 15. марта.",
    ),
    (
        "Više informacija na https://www.consortium.rs/sr/o-nama i na www.crta.rs.",
        "Више информација на https://www.consortium.rs/sr/o-nama и на www.crta.rs.",
    ),
    (
        "Podatke čuva polje organisation_id u klasi OrgProfile.",
        "Податке чува поље organisation_id у класи OrgProfile.",
    ),
    # Brands and foreign names.
    (
        "Platforma Consortium okuplja organizacije iz celog regiona.",
        "Платформа Consortium окупља организације из целог региона.",
    ),
    (
        "Članice mreže Consortium-a potpisale su zajedničku izjavu.",
        "Чланице мреже Consortium-a потписале су заједничку изјаву.",
    ),
    ("Program je podržala agencija UN Women.", "Програм је подржала агенција UN Women."),
    (
        "Prema izveštaju Freedom House, Srbija je „delimično slobodna“ zemlja.",
        "Према извештају Freedom House, Србија је „делимично слободна“ земља.",
    ),
    (
        "Fondacija Open Society godinama podržava nezavisne medije.",
        "Фондација Open Society годинама подржава независне медије.",
    ),
    (
        "Civil Rights Defenders i YUCOM organizovali su tribinu o pravu na protest.",
        "Civil Rights Defenders и YUCOM организовали су трибину о праву на протест.",
    ),
    (
        "Save the Children radi sa decom migrantima na Balkanskoj ruti.",
        "Save the Children ради са децом мигрантима на Балканској рути.",
    ),
    # lj/nj/dž across a prefix and a stem are two letters.
    (
        "Sredstva su bila prava injekcija za lokalne inicijative.",
        "Средства су била права инјекција за локалне иницијативе.",
    ),
    (
        "Servis za zamenu šprica pomaže osobama koje injektiraju drogu.",
        "Сервис за замену шприца помаже особама које инјектирају дрогу.",
    ),
    (
        "Vakcina se injicira u nadlakticu.",
        "Вакцина се инјицира у надлактицу.",
    ),
    (
        "Zbog loše konjunkture na tržištu rada mladi odlaze iz zemlje.",
        "Због лоше конјунктуре на тржишту рада млади одлазе из земље.",
    ),
    (
        "Priručnik objašnjava konjugaciju glagola na jednostavan način.",
        "Приручник објашњава конјугацију глагола на једноставан начин.",
    ),
    ("Na komunikaciju utiču i vanjezički činioci.", "На комуникацију утичу и ванјезички чиниоци."),
    (
        "Konjektura istoričara nije potvrđena arhivskom građom.",
        "Конјектура историчара није потврђена архивском грађом.",
    ),
    ("Sud je izdao injunkciju protiv izdavača.", "Суд је издао инјункцију против издавача."),
    (
        "Ne možemo odžaliti što projekat nije nastavljen.",
        "Не можемо оджалити што пројекат није настављен.",
    ),
    (
        "Nadživeo je sve reforme i ostao na čelu udruženja.",
        "Надживео је све реформе и остао на челу удружења.",
    ),
    (
        "Dokumentarni film je podžanr koji najbolje prikazuje stvarnost.",
        "Документарни филм је поджанр који најбоље приказује стварност.",
    ),
    (
        "Sajam zapošljavanja otvorio je podžupan, a blagoslovio nadžupnik.",
        "Сајам запошљавања отворио је поджупан, а благословио наджупник.",
    ),
    (
        "Izjave političara dodatno su podžarile tenzije.",
        "Изјаве политичара додатно су поджариле тензије.",
    ),
    (
        "Pretili su da će podžeći prostorije udruženja.",
        "Претили су да ће поджећи просторије удружења.",
    ),
    (
        "Ne smemo podžigati mržnju među zajednicama.",
        "Не смемо поджигати мржњу међу заједницама.",
    ),
    (
        "Kampanja o bolestima podželudačne žlezde počinje u maju.",
        "Кампања о болестима поджелудачне жлезде почиње у мају.",
    ),
    (
        "Udruženje poljoprivrednika organizuje predžetvene obuke.",
        "Удружење пољопривредника организује преджетвене обуке.",
    ),
    # ...and one letter everywhere else, the agency Tanjug included.
    (
        "Vest je preneo Tanjug, a konj i odžak su na fotografiji iz Njegoševe ulice.",
        "Вест је пренео Тањуг, а коњ и оџак су на фотографији из Његошеве улице.",
    ),
    # All capitals and Roman numerals.
    (
        "POZIV ZA PRIJAVE: NJEGOŠEVE NAGRADE ZA MLADE",
        "ПОЗИВ ЗА ПРИЈАВЕ: ЊЕГОШЕВЕ НАГРАДЕ ЗА МЛАДЕ",
    ),
    (
        "DA LI MI ZNAMO ŠTA JE LJUDSKA BEZBEDNOST?",
        "ДА ЛИ МИ ЗНАМО ШТА ЈЕ ЉУДСКА БЕЗБЕДНОСТ?",
    ),
    ("HITNA INJEKCIJA ZA CIVILNO DRUŠTVO", "ХИТНА ИНЈЕКЦИЈА ЗА ЦИВИЛНО ДРУШТВО"),
    ("PETAR II PETROVIĆ NJEGOŠ", "ПЕТАР II ПЕТРОВИЋ ЊЕГОШ"),
    (
        "Na XIV sednici, prema članu IV stav 2, usvojen je plan za XXI vek.",
        "На XIV седници, према члану IV став 2, усвојен је план за XXI век.",
    ),
    # Punctuation, dashes and quotes.
    (
        "Kampanja „Nije u redu“ – 16 dana aktivizma (25. novembar – 10. decembar)!",
        "Кампања „Није у реду“ – 16 дана активизма (25. новембар – 10. децембар)!",
    ),
    (
        "Anketa: 19-godišnjaci „veruju“ medijima manje nego 2020-ih; da li je to iznenađenje?",
        "Анкета: 19-годишњаци „верују“ медијима мање него 2020-их; да ли је то изненађење?",
    ),
]


@pytest.mark.parametrize(("latin", "cyrillic"), SENTENCES)
def test_sentence(latin: str, cyrillic: str) -> None:
    assert lat_to_cyr(latin) == cyrillic


def test_the_table_is_large_enough() -> None:
    assert len(SENTENCES) >= 40


# --- The lists hold the decisions -----------------------------------------------------

LISTED_CYRILLIC = {
    "EU", "EK", "EP", "SE", "NATO", "UN", "OUN", "SB", "OEBS", "ESLJP", "SAD", "RS", "BiH",
    "KiM", "AP", "SRJ", "SFRJ", "MUP", "BIA", "VBA", "VS", "VJ", "JNA", "RTS", "REM", "RIK",
    "JKP", "NVO", "OCD", "RSB", "IKT", "PDV", "MI", "LI",
}  # fmt: skip
LISTED_LATIN = {
    "P/CVE", "CVE", "PVE", "FTF", "SALW", "SSR", "COVID", "Covid", "OSCE", "ODIHR", "DCAF",
    "UNDP", "UNODC", "UNHCR", "UNICEF", "OHCHR", "UNFPA", "UNOPS", "IOM", "EULEX", "EUFOR",
    "KFOR", "UNMIK", "OECD", "USAID", "NGO", "CSO", "ICT", "GDPR", "URL", "PDF", "HTML",
    "HTTP", "HTTPS", "API", "RSS",
}  # fmt: skip
LISTED_BRANDS = {"Consortium"}
LISTED_PHRASES = {
    "UN Women",
    "Freedom House",
    "Open Society",
    "Civil Rights Defenders",
    "Save the Children",
}
LISTED_SPLITS = {
    "in|jekc", "in|jekt", "in|jicir", "in|junk", "kon|jug", "kon|junk", "kon|jekt", "van|jezi",
    "od|žal", "nad|živ", "nad|žup", "pod|žanr", "pod|žup", "pod|želud", "pod|žar", "pod|žeć",
    "pod|žig", "pred|žetv",
}  # fmt: skip


def _split_names() -> set[str]:
    return {stem[:at] + "|" + stem[at:] for stem, at in text._SPLIT_STEMS}


def test_the_lists_hold_every_decision() -> None:
    assert set(CYRILLIC_ACRONYMS) >= LISTED_CYRILLIC
    assert ACRONYMS >= LISTED_LATIN
    assert BRANDS >= LISTED_BRANDS
    assert KEEP_PHRASES >= LISTED_PHRASES
    assert _split_names() >= LISTED_SPLITS


def test_the_lists_do_not_contradict_each_other() -> None:
    assert not set(CYRILLIC_ACRONYMS) & (ACRONYMS | BRANDS)
    assert "tan|jug" not in _split_names()  # Тањуг
    assert CYRILLIC_ACRONYMS["ESLJP"] == "ЕСЉП"  # LJ is one letter in this acronym


# Entries whose removal changes no sentence, and why they are listed anyway.
REDUNDANT = {
    ("latin", "P/CVE"): "kept through CVE as well; the glossary's tag, listed for the record",
    ("latin", "EULEX"): "X is not a Serbian letter; listed as one of the missions",
    ("latin", "SALW"): "W is not a Serbian letter; listed with the glossary's tags",
}
# Cyrillic acronyms that an unlisted all-capital word would already become (EU -> ЕУ) are
# pinned by test_the_lists_hold_every_decision; these are the ones a rule would keep Latin.
CYRILLIC_AGAINST_A_RULE = {"BiH", "KiM", "MI", "LI"}

ENTRIES = (
    [("latin", e) for e in sorted(LISTED_LATIN)]
    + [("brand", e) for e in sorted(LISTED_BRANDS)]
    + [("phrase", e) for e in sorted(LISTED_PHRASES)]
    + [("split", e) for e in sorted(LISTED_SPLITS)]
    + [("cyrillic", e) for e in sorted(CYRILLIC_AGAINST_A_RULE)]
)


@pytest.mark.parametrize(("kind", "entry"), ENTRIES, ids=[f"{k}:{e}" for k, e in ENTRIES])
def test_removing_an_entry_changes_a_sentence(
    kind: str, entry: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if kind == "latin":
        monkeypatch.setattr(text, "ACRONYMS", ACRONYMS - {entry})
    elif kind == "brand":
        monkeypatch.setattr(text, "BRANDS", BRANDS - {entry})
    elif kind == "phrase":
        monkeypatch.setattr(text, "_LAT_SCAN", text._scanner(KEEP_PHRASES - {entry}))
    elif kind == "split":
        pair = (entry.replace("|", ""), entry.index("|"))
        monkeypatch.setattr(text, "_SPLIT_STEMS", tuple(s for s in text._SPLIT_STEMS if s != pair))
    else:
        without = {k: v for k, v in CYRILLIC_ACRONYMS.items() if k != entry}
        monkeypatch.setattr(text, "CYRILLIC_ACRONYMS", without)
    changed = [latin for latin, cyrillic in SENTENCES if lat_to_cyr(latin) != cyrillic]
    if (kind, entry) in REDUNDANT:
        assert not changed
    else:
        assert changed, f"no sentence needs {kind} entry {entry!r}"


# --- Round trip ------------------------------------------------------------------------

ORDINARY_WORDS = [
    "ljudska", "prava", "građanin", "građanka", "džamija", "njegov", "njiva", "ljubav",
    "konj", "konjušnica", "knjiga", "odžak", "nadžak", "džep", "šljunak", "čvor", "ćuprija",
    "đak", "žena", "zajednica", "bezbednost", "saradnja", "udruženje", "organizacija",
    "izveštaj", "pristupanje", "nasilje", "ekstremizam", "Beograd", "Niš", "Užice", "Pančevo",
    "Đorđević", "Ljiljana", "Njegoš", "Džajić", "LJUDSKA", "NJEGOŠ", "DŽAMIJA", "ĐORĐEVIĆ",
    "Kosovo", "Metohija", "Sandžak", "Crna", "Gora", "manjine", "zaštitnik", "poverenica",
]  # fmt: skip


@pytest.mark.parametrize("word", ORDINARY_WORDS)
def test_ordinary_words_round_trip(word: str) -> None:
    assert cyr_to_lat(lat_to_cyr(word)) == word
    assert lat_to_cyr(word) != word  # really converted


# Serbian Latin letters, the digraphs among them; strings of them in small letters,
# capitalised, or in capitals (three letters or more: a lone capital NJ reads back as Nj).
LETTERS = [
    "a", "b", "c", "č", "ć", "d", "dž", "đ", "e", "f", "g", "h", "i", "j", "k",
    "l", "lj", "m", "n", "nj", "o", "p", "r", "s", "š", "t", "u", "v", "z", "ž",
]  # fmt: skip
words = st.lists(st.sampled_from(LETTERS), min_size=1, max_size=12).map("".join)


@given(words)
def test_serbian_latin_words_round_trip(word: str) -> None:
    assert cyr_to_lat(lat_to_cyr(word)) == word
    assert cyr_to_lat(lat_to_cyr(word.capitalize())) == word.capitalize()
    if len(word) >= 3:
        assert cyr_to_lat(lat_to_cyr(word.upper())) == word.upper()


# --- On the fly, through content resolution -------------------------------------------


def test_a_latin_description_read_in_cyrillic() -> None:
    latin = {
        "name": "Centar za bezbednosne studije",
        "description": (
            "Centar sarađuje sa EU i NATO-om na programima P/CVE. Grant je bio prava injekcija "
            "za rad na terenu; izveštaji su na https://centar.example/izvestaji/2024 (PDF)."
        ),
    }
    shown = resolve(
        {"sr-latn": latin, "en": {"name": "Centre", "description": "x"}}, "sr-cyrl", "sr-latn"
    )
    assert shown == Shown(
        {
            "name": "Центар за безбедносне студије",
            "description": (
                "Центар сарађује са ЕУ и НАТО-ом на програмима P/CVE. Грант је био права "
                "инјекција за рад на терену; извештаји су на "
                "https://centar.example/izvestaji/2024 (PDF)."
            ),
        },
        lang="sr-cyrl",
        source_lang="sr-latn",
        transliterated=True,
        is_requested=True,
        is_original=True,
    )
