"""The benchmark's data set: deterministic, seeded, at three sizes, each domain its own part.

    python bench/generate.py --size S --database postgresql+psycopg://postgres@127.0.0.1/consortium_bench_s
    python bench/generate.py --size M --database sqlite:////tmp/consortium-bench-m.sqlite3

The database is created afresh (a PostgreSQL database whose name contains "bench" is dropped
first; a SQLite file is removed) and built by the migrations (`flask db upgrade`). Then each
domain of `GENERATORS` adds its part, in layer order, from its own `random.Random` (seeded
from the run's seed and the domain's name, so a new domain never changes the others' data):

- thematic areas and organisations go through the services (few, and they write their search
  documents and audit entries as the operators' tools would);
- people, experts and statements are bulk inserts (tens of thousands of rows);
- their search documents are what the domains' own `index`/`document` functions produce,
  collected and written as bulk rows folded exactly as `searchindex.put` folds them.

Events and projects do not exist yet: they add a generator (and an indexer) here when they
are built. The language mix follows performance-and-search.md §6.1: Serbian 30% (half Latin,
half Cyrillic), Albanian 25% (ë, ç), Macedonian 10%, Bosnian/Croatian/Montenegrin 20%
(ijekavian), English 15%.

At the end: sequences moved past the inserted ids, ANALYZE, and a manifest (counts, load
time, database size, and the sample objects the runner measures) written as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES: dict[str, dict[str, int]] = {
    # organisations, experts, statements (events and projects: not built yet)
    "S": {"organisations": 20, "experts": 1_000, "statements": 2_000},
    "M": {"organisations": 100, "experts": 10_000, "statements": 30_000},
    "L": {"organisations": 500, "experts": 100_000, "statements": 150_000},
}
SEED = 20261123
EPOCH = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)  # "now" for the data: no wall clock
PEOPLE_PER_ORGANISATION = 3  # an org admin, a staff member, a member
BATCH = 2_000

# The language mix of content (statements, organisations), §6.1.
CONTENT_LANGUAGES = [
    ("sr-latn", 15), ("sr-cyrl", 15), ("sq", 25), ("mk", 10),
    ("bs", 7), ("hr", 7), ("cnr", 6), ("en", 15),
]  # fmt: skip
COUNTRY_LANGUAGES = {
    "XK": [("sq", 80), ("sr-latn", 10), ("sr-cyrl", 10)],
    "RS": [("sr-latn", 50), ("sr-cyrl", 50)],
    "AL": [("sq", 100)],
    "MK": [("mk", 80), ("sq", 20)],
    "ME": [("cnr", 90), ("sq", 10)],
    "BA": [("bs", 60), ("hr", 20), ("sr-latn", 20)],
    "HR": [("hr", 100)],
}
CITIES = {
    "XK": {"sq": ["Prishtinë", "Prizren", "Pejë", "Mitrovicë", "Gjakovë", "Ferizaj"],
           "sr": ["Gračanica", "Mitrovica", "Štrpce"]},
    "RS": {"sr": ["Beograd", "Novi Sad", "Niš", "Kragujevac", "Subotica", "Novi Pazar"]},
    "AL": {"sq": ["Tiranë", "Shkodër", "Durrës", "Elbasan", "Korçë", "Vlorë"]},
    "MK": {"mk": ["Скопје", "Битола", "Охрид", "Куманово", "Штип"], "sq": ["Tetovë", "Gostivar"]},
    "ME": {"cnr": ["Podgorica", "Nikšić", "Bar", "Cetinje", "Herceg Novi"],
           "sq": ["Ulqin", "Tuz"]},
    "BA": {"bs": ["Sarajevo", "Tuzla", "Zenica", "Bihać"], "hr": ["Mostar", "Livno"],
           "sr": ["Banja Luka", "Bijeljina", "Trebinje"]},
    "HR": {"hr": ["Zagreb", "Split", "Rijeka", "Osijek", "Zadar"]},
}  # fmt: skip
# Organisation names: a kind of body and a topic, in the organisation's own language.
ORG_KINDS = {
    "sq": ["Qendra për", "Instituti për", "Nisma për", "Forumi për", "Rrjeti për", "Shoqata për"],
    "sr": ["Centar za", "Institut za", "Inicijativa za", "Forum za", "Mreža za", "Udruženje za"],
    "mk": ["Центар за", "Институт за", "Иницијатива за", "Форум за", "Мрежа за", "Здружение за"],
    "bs": ["Centar za", "Institut za", "Inicijativa za", "Forum za", "Mreža za", "Udruženje za"],
    "hr": ["Centar za", "Institut za", "Inicijativa za", "Forum za", "Mreža za", "Udruga za"],
    "cnr": ["Centar za", "Institut za", "Inicijativa za", "Forum za", "Mreža za", "Udruženje za"],
}
ORG_TOPICS = {
    "sq": ["studime të sigurisë", "të drejtat e njeriut", "politika publike", "integrim evropian",
           "qeverisje demokratike", "paqe dhe dialog", "siguri njerëzore", "reformë në polici"],
    "sr": ["bezbednosne studije", "ljudska prava", "javne politike", "evropske integracije",
           "demokratsku kontrolu", "mir i dijalog", "ljudsku bezbednost", "reformu policije"],
    "mk": ["безбедносни студии", "човекови права", "јавни политики", "европска интеграција",
           "демократска контрола", "мир и дијалог", "човекова безбедност", "реформа на полицијата"],
    "bs": ["sigurnosne studije", "ljudska prava", "javne politike", "evropske integracije",
           "demokratsku kontrolu", "mir i dijalog", "ljudsku sigurnost", "reformu policije"],
    "hr": ["sigurnosne studije", "ljudska prava", "javne politike", "europske integracije",
           "demokratski nadzor", "mir i dijalog", "ljudsku sigurnost", "reformu policije"],
    "cnr": ["bezbjednosne studije", "ljudska prava", "javne politike", "evropske integracije",
            "demokratsku kontrolu", "mir i dijalog", "ljudsku bezbjednost", "reformu policije"],
}  # fmt: skip
# Descriptions: "{name}", "{city}", "{year}", "{areas}" (names of its areas, in the language).
DESCRIPTIONS = {
    "en": ["{name} is an independent organisation based in {city}, founded in {year}.",
           "It works on {areas}.",
           "It publishes policy briefs and trains officials across the region."],
    "sq": ["{name} është një organizatë e pavarur me seli në {city}, e themeluar në vitin {year}.",
           "Ajo punon për {areas}.",
           "Boton analiza politikash dhe trajnon zyrtarë në mbarë rajonin; çdo vit organizon "
           "një konferencë për bashkëpunimin rajonal."],
    "sr": ["{name} je nezavisna organizacija sa sedištem u mestu {city}, osnovana {year}.",
           "Bavi se temama: {areas}.",
           "Objavljuje analize javnih politika i obučava službenike širom regiona."],
    "mk": ["{name} е независна организација со седиште во {city}, основана во {year} година.",
           "Работи на: {areas}.",
           "Објавува анализи на јавни политики и обучува службеници низ регионот."],
    "bs": ["{name} je nezavisna organizacija sa sjedištem u mjestu {city}, osnovana {year}.",
           "Bavi se temama: {areas}.",
           "Objavljuje analize javnih politika i obučava službenike širom cijele regije; "
           "vjeruje da se rješenja traže zajedno."],
    "hr": ["{name} je neovisna organizacija sa sjedištem u mjestu {city}, osnovana {year}.",
           "Bavi se temama: {areas}.",
           "Objavljuje analize javnih politika i osposobljava službenike diljem cijele regije."],
    "cnr": ["{name} je nezavisna organizacija sa sjedištem u mjestu {city}, osnovana {year}.",
            "Bavi se temama: {areas}.",
            "Objavljuje analize javnih politika i obučava službenike širom regiona; "
            "smatra da bezbjednost počinje od povjerenja građana."],
}  # fmt: skip
STATEMENT_TITLES = {
    "en": ["Joint position on {area}", "Call for action: {area} in the region",
           "Recommendations for {year}: {area}", "Open letter on {area}"],
    "sq": ["Qëndrim i përbashkët për: {area}", "Thirrje për veprim: {area} në rajon",
           "Rekomandime për vitin {year}: {area}", "Letër e hapur: {area}"],
    "sr-latn": ["Zajednički stav: {area}", "Poziv na akciju: {area} u regionu",
                "Preporuke za {year}: {area}", "Otvoreno pismo: {area}"],
    "mk": ["Заеднички став: {area}", "Повик за акција: {area} во регионот",
           "Препораки за {year}: {area}", "Отворено писмо: {area}"],
    "bs": ["Zajednički stav: {area}", "Poziv na djelovanje: {area} u regiji",
           "Preporuke za {year}: {area}", "Otvoreno pismo: {area}"],
    "hr": ["Zajedničko stajalište: {area}", "Poziv na djelovanje: {area} u regiji",
           "Preporuke za {year}: {area}", "Otvoreno pismo: {area}"],
    "cnr": ["Zajednički stav: {area}", "Poziv na djelovanje: {area} u regionu",
            "Preporuke za {year}: {area}", "Otvoreno pismo: {area}"],
}  # fmt: skip
# Paragraphs of statements beyond the demo's, ijekavian where the language is.
EXTRA_PARAGRAPHS = {
    "en": ["We call on the governments of the region to fund these programmes for the long "
           "term and to publish what they achieve every year.",
           "Civil-society organisations from {city} and across the region stand ready to "
           "monitor the measures and to report on them."],
    "sq": ["U bëjmë thirrje qeverive të rajonit të financojnë këto programe për një kohë të "
           "gjatë dhe të publikojnë çdo vit çfarë arrijnë.",
           "Organizatat e shoqërisë civile nga {city} dhe nga i gjithë rajoni janë të gatshme "
           "të monitorojnë masat dhe të raportojnë për to."],
    "sr-latn": ["Pozivamo vlade regiona da ove programe dugoročno finansiraju i da svake "
                "godine objave šta je postignuto.",
                "Organizacije civilnog društva iz mesta {city} i celog regiona spremne su da "
                "prate sprovođenje mera i da o njima izveštavaju."],
    "mk": ["Ги повикуваме владите во регионот долгорочно да ги финансираат овие програми и "
           "секоја година да објавуваат што е постигнато.",
           "Организациите на граѓанското општество од {city} и од целиот регион се подготвени "
           "да ги следат мерките и да известуваат за нив."],
    "bs": ["Pozivamo vlade regije da ove programe dugoročno finansiraju i da svake godine "
           "objave šta je postignuto, jer bez povjerenja nema rješenja.",
           "Organizacije civilnog društva iz mjesta {city} i cijele regije spremne su da prate "
           "provođenje mjera i da o njima izvještavaju."],
    "hr": ["Pozivamo vlade regije da ove programe dugoročno financiraju i da svake godine "
           "objave što je postignuto.",
           "Organizacije civilnoga društva iz mjesta {city} i cijele regije spremne su pratiti "
           "provedbu mjera i o njoj izvješćivati u svijetu i kod kuće."],
    "cnr": ["Pozivamo vlade regiona da ove programe dugoročno finansiraju i da svake godine "
            "objave šta je postignuto, jer bezbjednost traži vrijeme.",
            "Organizacije civilnog društva iz mjesta {city} i cijelog regiona spremne su da "
            "prate sprovođenje mjera i da o njima izvještavaju."],
}  # fmt: skip


def weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def script_family(language: str) -> str:
    return "sr" if language.startswith("sr") else language


@dataclass
class Context:
    """What one run knows: the size, the seed, and what earlier domains made."""

    size: str
    seed: int
    counts: dict[str, int]
    dialect: str
    areas: list[Any] = field(default_factory=list)  # ThematicArea
    area_names: dict[str, dict[str, str]] = field(default_factory=dict)
    organisations: list[dict[str, Any]] = field(default_factory=list)
    staff: dict[int, list[int]] = field(default_factory=dict)  # organisation id -> user ids
    written: dict[str, int] = field(default_factory=dict)  # table -> rows
    timings: dict[str, float] = field(default_factory=dict)
    samples: dict[str, Any] = field(default_factory=dict)

    def rng(self, domain: str) -> random.Random:
        digest = hashlib.sha256(f"{self.seed}:{domain}".encode()).hexdigest()
        return random.Random(int(digest[:16], 16))


def bulk(ctx: Context, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows (explicit ids) in batches; the sequences are moved past them at the end."""
    from consortium.db import db

    for start in range(0, len(rows), BATCH):
        db.session.execute(table.insert(), rows[start : start + BATCH])
    ctx.written[table.name] = ctx.written.get(table.name, 0) + len(rows)


def next_id(table: Any) -> int:
    from sqlalchemy import func, select

    from consortium.db import db

    return (db.session.scalar(select(func.max(table.c.id))) or 0) + 1


# --- thematic areas and organisations: through the services ----------------------------------


def gen_areas(ctx: Context) -> None:
    from consortium.core.actors import SYSTEM
    from consortium.demo import data
    from consortium.organisations.schemas import AreaInput
    from consortium.organisations.services import save_area

    for item in data.AREAS:
        ctx.areas.append(save_area(None, AreaInput(item["slug"], item["names"]), actor=SYSTEM))
        ctx.area_names[item["slug"]] = item["names"]


def _acronym(name: str) -> str:
    letters = [w[0] for w in name.split() if w[:1].isupper() or len(w) > 3]
    return "".join(letters).upper()[:8]


def gen_organisations(ctx: Context) -> None:
    from consortium.core.actors import SYSTEM
    from consortium.i18n.text import fold_tokens, lat_to_cyr
    from consortium.organisations.schemas import NewOrganisation
    from consortium.organisations.services import create_organisation

    rng = ctx.rng("organisations")
    countries = list(COUNTRY_LANGUAGES)
    names_taken: set[str] = set()
    for n in range(ctx.counts["organisations"]):
        country = countries[n % len(countries)]
        language = weighted(rng, COUNTRY_LANGUAGES[country])
        family = script_family(language)
        cities = CITIES[country].get(family) or next(iter(CITIES[country].values()))
        city = rng.choice(cities)
        base = f"{rng.choice(ORG_KINDS[family])} {rng.choice(ORG_TOPICS[family])}"
        name = f"{base} {city}"
        serial = 2
        while " ".join(fold_tokens(name)) in names_taken:
            name, serial = f"{base} {city} {serial}", serial + 1
        names_taken.add(" ".join(fold_tokens(name)))
        area_slugs = rng.sample(list(ctx.area_names), k=rng.randint(1, 4))
        year = rng.randint(1995, 2022)

        def describe(
            lang: str, who: str, city: str = city, year: int = year, chosen: list = area_slugs
        ) -> str:
            templates = DESCRIPTIONS[script_family(lang) if lang != "sr-cyrl" else "sr"]
            key = "sr-latn" if lang == "sr-cyrl" else lang
            areas = ", ".join(ctx.area_names[s][key] for s in chosen)
            return " ".join(templates).format(name=who, city=city, year=year, areas=areas)

        short = _acronym(name)
        city_shown, name_shown, short_shown = city, name, short
        if language == "sr-cyrl":
            city_shown, name_shown, short_shown = lat_to_cyr(city), lat_to_cyr(name), ""
        description = {language: describe(language, name_shown)}
        if language == "sr-cyrl":
            description = {language: lat_to_cyr(describe("sr-latn", name))}
        translations: dict[str, str] = {}
        if language != "en" and rng.random() < 0.6:
            description["en"] = describe("en", name_shown)
        slug = "-".join(fold_tokens(name))[:60].strip("-")
        organisation = create_organisation(
            NewOrganisation(
                slug=slug,
                name=name_shown,
                short_name=short_shown,
                country=country,
                city=city_shown,
                website=f"https://{slug}.example",
                original_language=language,
                partner_since=date(rng.randint(2010, 2025), rng.randint(1, 12), 1),
                name_translations=translations,
                description=description,
                area_ids=tuple(a.id for a in ctx.areas if a.slug in area_slugs),
            ),
            actor=SYSTEM,
        )
        ctx.organisations.append(
            {
                "id": organisation.id,
                "slug": organisation.slug,
                "country": country,
                "language": language,
                "city": city,
            }
        )
    ctx.written["organisations"] = len(ctx.organisations)
    ctx.samples["organisation"] = ctx.organisations[len(ctx.organisations) // 2]["slug"]


# --- people: bulk ----------------------------------------------------------------------------


def _person_name(rng: random.Random, country: str) -> tuple[str, str]:
    """A name as written and its Latin form, from the demo's name lists."""
    from consortium.demo import experts_data

    community = weighted(rng, experts_data.COUNTRIES[country]["communities"])
    name, other, _first, language = experts_data._name(rng, community, rng.random() < 0.5)
    return name, other if language in ("mk", "sr-cyrl") else name


def gen_people(ctx: Context) -> None:
    from consortium.auth.models import User
    from consortium.i18n.text import fold_tokens, search_key

    rng = ctx.rng("people")
    table = User.__table__
    user_id = next_id(table)
    rows = []
    for organisation in ctx.organisations:
        ids = []
        for role in ("org_admin", "staff", "member")[:PEOPLE_PER_ORGANISATION]:
            name, latin = _person_name(rng, organisation["country"])
            email = f"{'.'.join(fold_tokens(latin))}.{user_id}@{organisation['slug']}.example"
            rows.append(
                {
                    "id": user_id,
                    "email": email,
                    "name": name,
                    "language": organisation["language"],
                    "grammatical_gender": "",
                    "password_hash": None,  # invited, never signed in: no hashing cost
                    "organisation_id": organisation["id"],
                    "org_role": role,
                    "is_coordinator": False,
                    "is_admin": False,
                    "is_active_account": True,
                    "created_at": EPOCH,
                    "search_key": search_key(name, email),
                }
            )
            if role != "member":
                ids.append(user_id)
            user_id += 1
        ctx.staff[organisation["id"]] = ids
    bulk(ctx, table, rows)


# --- experts: bulk, from the demo generator's vocabularies -----------------------------------


def gen_experts(ctx: Context) -> None:
    from consortium.demo import experts_data as ed
    from consortium.experts.models import (
        ContactDetail,
        Expert,
        ExpertLanguage,
        Publication,
        expert_areas,
    )
    from consortium.i18n.text import fold_tokens, lat_to_cyr

    rng = ctx.rng("experts")
    area_ids = {a.slug: a.id for a in ctx.areas}
    slugs = list(area_ids)
    by_country: dict[str, list[dict[str, Any]]] = {}
    for organisation in ctx.organisations:
        by_country.setdefault(organisation["country"], []).append(organisation)
    # An org-size power law: the first partners of a country have most of its experts.
    org_weights = {c: [1 / (i + 1) ** 0.8 for i in range(len(o))] for c, o in by_country.items()}
    countries = [(c, spec["count"]) for c, spec in ed.COUNTRIES.items()]
    tables = {
        "experts": Expert.__table__,
        "areas": expert_areas,
        "languages": ExpertLanguage.__table__,
        "publications": Publication.__table__,
        "contacts": ContactDetail.__table__,
    }
    ids = {name: next_id(t) for name, t in tables.items() if name != "areas"}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
    taken: dict[str, int] = {}
    for serial in range(ctx.counts["experts"]):
        country = weighted(rng, countries)
        spec = ed.COUNTRIES[country]
        community = weighted(rng, spec["communities"])
        female = rng.random() < 0.5
        name, other, first, language = ed._name(rng, community, female)
        latin_name = other if language in ("mk", "sr-cyrl") else name
        latin_first = latin_name.split(" ")[0]
        base = "-".join(fold_tokens(name))
        taken[base] = taken.get(base, 0) + 1
        slug = base if taken[base] == 1 else f"{base}-{taken[base]}"
        organisation = None
        if by_country.get(country) and rng.random() < 0.6:
            organisation = rng.choices(by_country[country], weights=org_weights[country])[0]
        chosen = rng.sample(slugs, k=rng.randint(1, 3))
        affiliation = ""
        if organisation is None:
            choices = spec["affiliations"]
            pool = choices.get(script_family(language)) if rng.random() < 0.6 else None
            affiliation = rng.choice(pool or choices["en"])
            if language == "sr-cyrl" and pool:
                affiliation = lat_to_cyr(affiliation)
        if rng.random() < 0.5:
            title = rng.choice(ed.TITLES_EN)
        else:
            pair = rng.choice(ed.TITLES["sr-latn" if language == "sr-cyrl" else language])
            title = pair[1] if female else pair[0]
            title = lat_to_cyr(title) if language == "sr-cyrl" else title
        expert_id = ids["experts"]
        ids["experts"] += 1
        org_slug = organisation["slug"] if organisation else None
        created = EPOCH - timedelta(days=rng.randint(0, 1500), minutes=serial % 1440)
        verified = rng.random() < 0.38
        availability = {a for a in ("media", "training", "advisory") if rng.random() < 0.45}
        rows["experts"].append(
            {
                "id": expert_id,
                "slug": slug,
                "name": name,
                "name_other_script": other or None,
                "title": title,
                "organisation_id": organisation["id"] if organisation else None,
                "affiliation": affiliation or None,
                "country": country,
                "original_language": language,
                "biography": ed._biography(
                    rng, language, first, latin_first, chosen, ctx.area_names
                ),
                "media": "media" in availability,
                "training": "training" in availability,
                "advisory": "advisory" in availability,
                "verified_at": created + timedelta(days=3) if verified else None,
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )
        for slug_ in chosen:
            rows["areas"].append({"expert_id": expert_id, "area_id": area_ids[slug_]})
        for position, (code, level) in enumerate(ed._languages(rng, community)):
            rows["languages"].append(
                {"id": ids["languages"], "expert_id": expert_id, "code": code,
                 "level": level, "position": position}
            )  # fmt: skip
            ids["languages"] += 1
        for position, (title_, year, url) in enumerate(
            ed._publications(rng, language, chosen, ctx.area_names, org_slug)
        ):
            rows["publications"].append(
                {"id": ids["publications"], "expert_id": expert_id, "title": title_,
                 "year": year, "url": url, "position": position}
            )  # fmt: skip
            ids["publications"] += 1
        for position, (kind, value, visibility) in enumerate(
            ed._contacts(rng, latin_name, country, org_slug, 1000 + serial)
        ):
            rows["contacts"].append(
                {"id": ids["contacts"], "expert_id": expert_id, "kind": kind,
                 "value": value, "visibility": visibility, "position": position}
            )  # fmt: skip
            ids["contacts"] += 1
    for name, table in tables.items():
        bulk(ctx, table, rows[name])
    middle = rows["experts"][len(rows["experts"]) // 2]
    ctx.samples["expert"] = middle["slug"]
    ctx.samples["expert_filter"] = {"country": "RS", "area": slugs[0], "language": "en"}


# --- statements: bulk ------------------------------------------------------------------------


def _paragraph_pools() -> dict[str, list[str]]:
    from consortium.demo import statements_data
    from consortium.i18n.text import cyr_to_lat, lat_to_cyr
    from consortium.statements.texts import paragraphs

    pools: dict[str, list[str]] = {lang: list(ps) for lang, ps in EXTRA_PARAGRAPHS.items()}
    for item in statements_data.STATEMENTS:
        for lang, (_title, body) in item["texts"].items():
            key = "sr-latn" if lang == "sr-cyrl" else lang
            found = paragraphs(body)
            pools.setdefault(key, []).extend(
                cyr_to_lat(p) if lang == "sr-cyrl" else p for p in found
            )
    pools["sr-cyrl"] = [lat_to_cyr(p) for p in pools["sr-latn"]]
    return pools


def gen_statements(ctx: Context) -> None:
    from consortium.i18n.text import fold_tokens, lat_to_cyr, search_key
    from consortium.statements.models import (
        Signature,
        Statement,
        StatementInvitation,
        StatementRevision,
        StatementText,
        statement_areas,
    )
    from consortium.statements.texts import text_hash

    rng = ctx.rng("statements")
    pools = _paragraph_pools()
    tables = {
        "statements": Statement.__table__,
        "revisions": StatementRevision.__table__,
        "texts": StatementText.__table__,
        "areas": statement_areas,
        "invitations": StatementInvitation.__table__,
        "signatures": Signature.__table__,
    }
    ids = {name: next_id(t) for name, t in tables.items() if name != "areas"}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
    area_ids = {a.slug: a.id for a in ctx.areas}
    orgs = ctx.organisations
    states = [("published", 85), ("withdrawn", 3), ("draft", 7), ("in_review", 5)]
    published_slug = None

    def text_in(lang: str, area_slug: str, year: int, city: str) -> tuple[str, str]:
        key = "sr-latn" if lang == "sr-cyrl" else lang
        title = rng.choice(STATEMENT_TITLES[key]).format(
            area=ctx.area_names[area_slug][key], year=year
        )
        chosen = rng.sample(pools[key], k=min(3, len(pools[key])))
        body = "\n\n".join(p.replace("{city}", city) for p in chosen)
        if lang == "sr-cyrl":
            return lat_to_cyr(title), lat_to_cyr(body)
        return title, body

    for serial in range(ctx.counts["statements"]):
        statement_id = ids["statements"]
        ids["statements"] += 1
        author = rng.choice(orgs)
        original = weighted(rng, CONTENT_LANGUAGES)
        others = [c for c, _ in CONTENT_LANGUAGES if c != original and c != "sr-cyrl"]
        languages = [original]
        if original != "en" and rng.random() < 0.6:
            languages.append("en")
        if rng.random() < 0.35:
            languages.append(rng.choice([c for c in others if c not in languages]))
        chosen_areas = rng.sample(list(area_ids), k=rng.randint(1, 3))
        created = EPOCH - timedelta(days=rng.randint(1, 2400), minutes=serial % 1440)
        year = created.year
        state = weighted(rng, states)
        texts = {lang: text_in(lang, chosen_areas[0], year, author["city"]) for lang in languages}
        revision_count = rng.choice([1, 1, 2, 3])
        revision_ids = []
        for number in range(1, revision_count + 1):
            revision_id = ids["revisions"]
            ids["revisions"] += 1
            revision_ids.append(revision_id)
            last = number == revision_count
            shown = texts if last else {original: texts[original]}
            rows["revisions"].append(
                {
                    "id": revision_id,
                    "statement_id": statement_id,
                    "number": number,
                    "created_by_id": ctx.staff[author["id"]][-1],
                    "created_at": created + timedelta(hours=number),
                    "original_hash": text_hash(*texts[original]),
                    "note": None,
                }
            )
            for lang, (title, body) in sorted(shown.items()):
                rows["texts"].append(
                    {
                        "id": ids["texts"],
                        "revision_id": revision_id,
                        "language": lang,
                        "title": title,
                        "body": body,
                        "hash": text_hash(title, body),
                        "outdated": [],
                        "faithful": lang != original,
                    }
                )
                ids["texts"] += 1
        public = state in ("published", "withdrawn")
        published_at = created + timedelta(days=rng.randint(2, 30)) if public else None
        slug_base = "-".join(fold_tokens(texts[original][0]))[:70].strip("-")
        slug = f"{slug_base}-{statement_id}"
        rows["statements"].append(
            {
                "id": statement_id,
                "slug": slug,
                "organisation_id": author["id"],
                "created_by_id": ctx.staff[author["id"]][-1],
                "original_language": original,
                "state": state,
                "revision_number": revision_count,
                "review_round": 1 if state != "draft" else 0,
                "round_approvals": 1 if public else 0,
                "created_at": created,
                "updated_at": published_at or created,
                "submitted_at": created + timedelta(days=1) if state != "draft" else None,
                "approved_at": created + timedelta(days=2) if public else None,
                "published_at": published_at,
                "published_revision_id": revision_ids[-1] if public else None,
                "withdrawn_at": published_at + timedelta(days=60) if state == "withdrawn" else None,
                "withdrawal_reason": "Superseded by a later position."
                if state == "withdrawn"
                else None,
                "search_key": search_key(*(t for t, _ in texts.values())) if public else "",
            }
        )
        if public and published_slug is None and state == "published" and len(languages) > 1:
            published_slug = slug
        for area_slug in chosen_areas:
            rows["areas"].append({"statement_id": statement_id, "area_id": area_ids[area_slug]})
        invited = rng.sample([o for o in orgs if o is not author], k=min(len(orgs) - 1, 4))
        invited = invited[: rng.randint(1, len(invited))]
        for organisation in invited:
            rows["invitations"].append(
                {"id": ids["invitations"], "statement_id": statement_id,
                 "organisation_id": organisation["id"], "created_at": created}
            )  # fmt: skip
            ids["invitations"] += 1
        if state == "draft":
            continue
        signers = [author, *invited[: rng.randint(0, len(invited))]]
        language_hashes = {lang: text_hash(*t) for lang, t in texts.items()}
        for organisation in signers:
            appearance = weighted(
                rng, [("by_name", 70), ("by_country", 20), ("consortium_only", 10)]
            )
            rows["signatures"].append(
                {
                    "id": ids["signatures"],
                    "statement_id": statement_id,
                    "organisation_id": organisation["id"],
                    "status": "signed",
                    "revision_id": revision_ids[-1],
                    "original_hash": text_hash(*texts[original]),
                    "language_hashes": language_hashes,
                    "appearance": appearance,
                    "note": None,
                    "signed_by_id": ctx.staff[organisation["id"]][0],
                    "signed_at": created + timedelta(hours=revision_count + 1),
                }
            )
            ids["signatures"] += 1
    for name, table in tables.items():
        bulk(ctx, table, rows[name])
    ctx.samples["statement"] = published_slug


# --- the search index: what the domains' own functions write ---------------------------------


@contextmanager
def collected_documents() -> Iterator[list[Any]]:
    """`searchindex.put` replaced by a collector: a domain's `index(obj)` hands over the
    Document it would write, and nothing is written one row at a time."""
    from consortium import searchindex

    documents: list[Any] = []
    original = searchindex.put
    searchindex.put = documents.append  # type: ignore[assignment]
    try:
        yield documents
    finally:
        searchindex.put = original


def document_row(document: Any) -> dict[str, Any]:
    """The row `searchindex.put` writes for a Document, folded the same way."""
    from consortium.i18n.text import fold_tokens

    return {
        "kind": document.kind,
        "object_id": document.object_id,
        "language": document.language,
        "audience": " " + " ".join(sorted(set(document.audience))) + " ",
        "title_key": " ".join(fold_tokens(" ".join(t for t in document.titles if t))),
        "body_key": " ".join(fold_tokens(" ".join(t for t in document.texts if t))),
        "updated_at": EPOCH,
    }


def _chunks(ids: list[int], size: int = 1000) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def index_experts(ctx: Context) -> None:
    from sqlalchemy.orm import selectinload

    from consortium.db import db
    from consortium.experts import services
    from consortium.experts.models import Expert
    from consortium.searchindex.models import SearchDocument

    ids = list(db.session.scalars(db.select(Expert.id).order_by(Expert.id)))
    for chunk in _chunks(ids):
        query = (
            db.select(Expert)
            .where(Expert.id.in_(chunk))
            .options(
                selectinload(Expert.organisation),
                selectinload(Expert.areas),
                selectinload(Expert.publications),
            )
        )
        with collected_documents() as documents:
            for expert in db.session.scalars(query):
                services.index(expert)
        bulk(ctx, SearchDocument.__table__, [document_row(d) for d in documents])
        db.session.expunge_all()


def index_statements(ctx: Context) -> None:
    from sqlalchemy.orm import selectinload

    from consortium.db import db
    from consortium.searchindex.models import SearchDocument
    from consortium.statements import search
    from consortium.statements.models import Statement, StatementRevision

    ids = list(db.session.scalars(db.select(Statement.id).order_by(Statement.id)))
    for chunk in _chunks(ids):
        query = (
            db.select(Statement)
            .where(Statement.id.in_(chunk))
            .options(
                selectinload(Statement.invitations),
                selectinload(Statement.revisions).selectinload(StatementRevision.texts),
                selectinload(Statement.published_revision).selectinload(StatementRevision.texts),
            )
        )
        documents = [search.document(s) for s in db.session.scalars(query)]
        bulk(ctx, SearchDocument.__table__, [document_row(d) for d in documents])
        db.session.expunge_all()


# Each domain's part, in layer order (as `consortium.DOMAINS`). Events and projects add theirs
# here when they are built: ("events", gen_events), ("projects", gen_projects).
GENERATORS: dict[str, Callable[[Context], None]] = {
    "areas": gen_areas,
    "organisations": gen_organisations,  # writes its own search documents (the service)
    "people": gen_people,
    "experts": gen_experts,
    "statements": gen_statements,
}
INDEXERS: dict[str, Callable[[Context], None]] = {
    "experts": index_experts,
    "statements": index_statements,
}


# --- the database ------------------------------------------------------------------------------


def fresh_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    name = parsed.database or ""
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: a bench database's name contains 'bench'")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def fix_sequences(ctx: Context) -> None:
    from sqlalchemy import text

    from consortium.db import db

    if ctx.dialect != "postgresql":
        return
    for table in ctx.written:
        if table in ("expert_areas", "statement_areas", "organisations"):
            continue
        db.session.execute(
            text(  # table names from the models, not input
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


def analyse_and_size(ctx: Context, url: str) -> int:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from consortium.db import db

    if ctx.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
            return int(
                connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
            )
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return Path(make_url(url).database or "").stat().st_size


def generate(size: str, url: str, seed: int, manifest: Path | None) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CONSORTIUM_ENV", "development")
    os.environ.pop("CONSORTIUM_BENCH", None)
    fresh_database(url)

    from flask_migrate import upgrade

    from consortium import create_app
    from consortium.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MAIL_DEV_MAILBOX": False})
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        ctx = Context(size, seed, SIZES[size], db.engine.dialect.name)
        ctx.timings["migrate"] = round(time.perf_counter() - started, 2)
        for name, generator in GENERATORS.items():
            began = time.perf_counter()
            generator(ctx)
            db.session.commit()
            ctx.timings[name] = round(time.perf_counter() - began, 2)
            print(f"  {name}: {ctx.timings[name]} s", file=sys.stderr)
        for name, indexer in INDEXERS.items():
            began = time.perf_counter()
            indexer(ctx)
            db.session.commit()
            ctx.timings[f"index {name}"] = round(time.perf_counter() - began, 2)
            print(f"  index {name}: {ctx.timings[f'index {name}']} s", file=sys.stderr)
        fix_sequences(ctx)
        db.session.commit()
        began = time.perf_counter()
        database_bytes = analyse_and_size(ctx, url)
        ctx.timings["analyse"] = round(time.perf_counter() - began, 2)
        db.session.remove()
        db.engine.dispose()
    result = {
        "size": size,
        "seed": seed,
        "database": ctx.dialect,
        "targets": SIZES[size],
        "not_generated": ["events", "projects"],  # their domains do not exist yet
        "rows": ctx.written,
        "timings_s": ctx.timings,
        "load_s": round(time.perf_counter() - started, 2),
        "database_bytes": database_bytes,
        "samples": ctx.samples,
    }
    if manifest is not None:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--database", required=True, help="SQLAlchemy URL (created afresh)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--manifest", type=Path, help="write the counts and samples here")
    args = parser.parse_args()
    result = generate(args.size, args.database, args.seed, args.manifest)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
