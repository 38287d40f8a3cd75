"""Cross-site scripting, proven: a corpus of known payloads (xss_payloads.txt) is stored
through the services in every text field a person can write, then each page that shows the
field is fetched in English, Serbian Cyrillic and Albanian and parsed. A page fails when it
carries a <script> the app did not put there, an `on…` attribute, or a javascript:, data:
or vbscript: address in href, src, action and the like.

Each payload goes in with a marker (`X17 …`) so the test also proves that it was stored and
shown: a payload that validation refuses is fine (and counted), a vacuous pass is not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from consortium.auth import services as auth_services
from consortium.core.actors import SYSTEM
from consortium.core.errors import DomainError
from consortium.db import db
from consortium.experts import services as expert_services
from consortium.experts.schemas import ContactInput, ExpertProfile, PublicationInput
from consortium.i18n.languages import LANGUAGES
from consortium.organisations import services as organisation_services
from consortium.organisations.schemas import AreaInput, NewOrganisation
from consortium.pages import services as page_services
from consortium.pages.schemas import SLUGS
from consortium.statements import services as statement_services
from consortium.statements.schemas import CommentInput
from consortium.tokens import services as token_services
from tests import factories
from tests.statements import calls as statement_calls

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text("utf-8").splitlines()
    if line and not line.startswith("# ")
]
LANGS = ("en", "sr-cyrl", "sq")
APP_SCRIPTS = ("/static/", "/api/v1/docs/")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "codebase", "cite", "longdesc", "srcset", "ping", "manifest", "content",
}  # fmt: skip
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
# Browsers ignore these inside a scheme ("java\tscript:" runs), so the check does too.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\u200b\u200c\u200d\ufeff]")


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def problems(html: str) -> list[str]:
    """What in a page could run a script that the app did not write."""
    found = []
    page = BeautifulSoup(html, "html.parser")
    for tag in page.find_all(True):
        if tag.name == "script":
            src = tag.get("src")
            if src is not None and src.startswith(APP_SCRIPTS) and not tag.string:
                pass
            elif tag.get("type") == "application/ld+json" and src is None:
                text = tag.string or ""
                json.loads(text)  # data, not code: it must parse as JSON
                if "<" in text:
                    found.append(f"unescaped '<' in JSON-LD: {text[:120]}")
            else:
                found.append(f"script: {str(tag)[:160]}")
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=…>: {str(tag)[:160]}")
            if name.lower() in URL_ATTRIBUTES or name.lower() == "srcdoc":
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if name.lower() == "srcdoc" or BAD_SCHEME.match(IGNORED_IN_SCHEME.sub("", v)):
                        found.append(f"<{tag.name} {name}={v[:80]!r}>")
    return found


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, f"GET {path}: {response.status_code}"
    return response.get_data(as_text=True)


def _check(client, paths, *, markers=(), at_least=None) -> str:
    """Fetch each page, fail on anything that could run; return the pages' text.

    Each of `markers` must be shown, or `at_least` of them on a list that has pages."""
    texts = []
    for path in paths:
        html = _page(client, path)
        found = problems(html)
        assert not found, f"GET {path}:\n" + "\n".join(found[:10])
        texts.append(BeautifulSoup(html, "html.parser").get_text(" "))
    text = " ".join(texts)
    missing = [m for m in markers if m not in text]
    if at_least is None:
        assert not missing, f"not shown on {paths}: {missing[:10]}"
    else:
        assert len(markers) - len(missing) >= at_least, f"{paths} shows too few: {missing[:10]}"
    return text


def _stored(make) -> list[tuple[int, str, object]]:
    """Each payload through `make(i, payload)`; refusals of the services are skipped."""
    stored = []
    for i, payload in enumerate(PAYLOADS):
        try:
            with db.session.begin_nested():
                stored.append((i, payload, make(i, payload)))
        except DomainError:
            pass
    assert len(stored) >= 0.6 * len(PAYLOADS), f"only {len(stored)} payloads stored"
    return stored


def _marked(i: int, payload: str) -> str:
    return f"X{i}x {payload}"


def test_problems_finds_what_it_looks_for():
    """The detector itself, on pages that do carry a script."""
    assert problems("<p><script>alert(1)</script></p>")
    assert problems('<img src=x onerror="alert(1)">')
    assert problems('<a href=" JaVa\tScRiPt:alert(1)">x</a>')
    assert problems('<a href="data:text/html,x">x</a>')
    assert problems('<form action="vbscript:x"></form>')
    assert problems('<svg><a xlink:href="javascript:alert(1)">x</a></svg>')
    assert not problems('<script src="/static/js/app.js"></script><a href="/en/">x</a>')
    assert not problems("<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x javascript:</p>")


def test_organisation_texts(world, client_as):
    people, _values = world
    coordinator = people["coordinator"]

    def make(i, payload):
        texts = {code: payload for code in LANGS}
        return organisation_services.create_organisation(
            NewOrganisation(
                slug=f"xss-{i}",
                name=_marked(i, payload),
                short_name=payload[:40],
                city=payload[:100],
                website=f"https://example.org/{payload}",
                country="RS",
                original_language="en",
                description=texts,
                name_translations={"sq": _marked(i, payload), "sr-cyrl": _marked(i, payload)},
            ),
            actor=coordinator,
        )

    stored = _stored(make)
    visitor, admin = client_as(None), client_as(coordinator)
    for lang in LANGS:
        _check(
            visitor,
            [f"/{lang}/organisations/"],
            markers=[f"X{i}x" for i, _p, _o in stored],
            at_least=20,
        )
    for n, (i, _payload, organisation) in enumerate(stored):
        lang = LANGS[n % len(LANGS)]
        _check(visitor, [f"/{lang}/organisations/{organisation.slug}"], markers=[f"X{i}x"])
        if n % 4 == 0:
            _check(admin, [f"/{LANGS[n % 3 - 1]}/organisations/{organisation.slug}/edit"])
    for lang in LANGS:
        _check(admin, [f"/{lang}/audit/"])


def test_area_names(world, client_as):
    people, _values = world

    def make(i, payload):
        names = {code: payload[:120] for code in LANGUAGES}
        return organisation_services.save_area(
            None, AreaInput(slug=f"xss-{i}", names=names), actor=people["coordinator"]
        )

    stored = _stored(make)
    coordinator = client_as(people["coordinator"])
    for lang in LANGS:
        _check(
            coordinator,
            [f"/{lang}/areas/", f"/{lang}/organisations/", f"/{lang}/experts/"],
        )
    for n, (_i, _payload, area) in enumerate(stored[::5]):
        _check(coordinator, [f"/{LANGS[n % 3]}/areas/{area.slug}/edit"])


def test_statement_texts_and_comments(world, client_as):
    people, values = world
    staff, org_admin, coordinator = people["staff"], people["org_admin"], people["coordinator"]

    def make(i, payload):
        statement = statement_calls.draft(
            staff,
            language="en",
            title=_marked(i, payload),
            body=f"{payload}\n\n{_marked(i, payload)}\n\n- {payload}",
        )
        return statement

    stored = _stored(make)
    # Every payload as a comment (Markdown) on one draft, its discussion page in each language.
    discussed = statement_services.get_by_slug(values["statement"])
    comments = _stored(
        lambda i, payload: statement_services.add_comment(
            discussed, CommentInput(_marked(i, payload)), actor=staff
        )
    )
    author = client_as(staff)
    for lang in LANGS:
        _check(
            author,
            [f"/{lang}/statements/{discussed.slug}/comments"],
            markers=[f"X{i}x" for i, _p, _c in comments],
            at_least=20,
        )
        _check(
            author,
            [f"/{lang}/statements/drafts"],
            markers=[f"X{i}x" for i, _p, _s in stored],
            at_least=20,
        )
    for n, (i, _payload, statement) in enumerate(stored):
        lang = LANGS[n % len(LANGS)]
        _check(
            author,
            [f"/{lang}/statements/{statement.slug}"],
            markers=[f"X{i}x"],
        )
        if n % 4 == 0:
            _check(author, [f"/{LANGS[n % 3 - 1]}/statements/{statement.slug}/edit"])
    # Some go all the way to publication: the public list, the widget and the home page.
    published = stored[::8]
    for _i, _payload, statement in published:
        statement_calls.sign(statement, org_admin)
        statement_calls.workflow.submit(statement, actor=staff)
        statement_calls.decide(statement, coordinator)
        statement_calls.publish(statement, coordinator)
    db.session.commit()
    visitor, reviewer = client_as(None), client_as(coordinator)
    markers = [f"X{i}x" for i, _p, _s in published]
    for lang in LANGS:
        _check(visitor, [f"/{lang}/statements/"], markers=markers)
        _check(visitor, [f"/{lang}/", f"/{lang}/widgets/statements", f"/{lang}/widgets/"])
    for n, (i, _payload, statement) in enumerate(published):
        lang = LANGS[n % len(LANGS)]
        _check(visitor, [f"/{lang}/statements/{statement.slug}"], markers=[f"X{i}x"])
        _check(reviewer, [f"/{lang}/statements/{statement.slug}/signatures"])
    admin = client_as(people["admin"])
    for lang in LANGS:
        _check(admin, [f"/{lang}/audit/", f"/{lang}/admin/mailbox"])


def test_expert_profiles(world, client_as):
    people, _values = world
    org = people["staff"].organisation

    def make(i, payload):
        return expert_services.create(
            ExpertProfile(
                name=_marked(i, payload),
                country="RS",
                original_language="en",
                name_other_script=payload[:200],
                title=payload[:200],
                organisation_id=org.id,
                affiliation=payload[:200],
                biography={code: payload for code in LANGS},
                publications=(
                    PublicationInput(title=payload, year=2020, url="https://example.org/x"),
                ),
                contacts=(
                    ContactInput("website", f"https://example.org/{payload}"[:300], "public"),
                    ContactInput("social", f"https://example.org/@{payload}"[:300], "members"),
                ),
            ),
            actor=SYSTEM,
        )

    stored = _stored(make)
    member, editor = client_as(people["member"]), client_as(people["staff"])
    for lang in LANGS:
        _check(
            member, [f"/{lang}/experts/"], markers=[f"X{i}x" for i, _p, _e in stored], at_least=15
        )
    for n, (i, _payload, expert) in enumerate(stored):
        lang = LANGS[n % len(LANGS)]
        _check(member, [f"/{lang}/experts/{expert.slug}"], markers=[f"X{i}x"])
        if n % 4 == 0:
            _check(editor, [f"/{LANGS[n % 3 - 1]}/experts/{expert.slug}/edit"])
            _check(member, [f"/{LANGS[n % 3 - 2]}/experts/{expert.slug}/contact"])


def test_person_names(world, client_as, app):
    people, values = world
    org = people["staff"].organisation

    def make(i, payload):
        name = auth_services.check_name(_marked(i, payload))  # what the service accepts
        return factories.UserFactory(
            name=name, organisation=org, org_role="member", email=f"xss{i}@example.org"
        )

    stored = _stored(make)
    org_admin, admin = client_as(people["org_admin"]), client_as(people["admin"])
    markers = [f"X{i}x" for i, _p, _u in stored]
    for lang in LANGS:
        _check(
            org_admin,
            [f"/{lang}/organisations/{values['org']}/people"],
            markers=markers,
            at_least=20,
        )
        _check(admin, [f"/{lang}/admin/users?q=X"])
    for n, (i, _payload, user) in enumerate(stored[::3]):
        lang = LANGS[n % len(LANGS)]
        _check(admin, [f"/{lang}/admin/users/{user.id}"], markers=[f"X{i}x"])
        if n % 2 == 0:
            path = f"/{lang}/organisations/{values['org']}/people/{user.id}/remove"
            _check(org_admin, [path], markers=[f"X{i}x"])
    # The signed-in person's own name: the header's greeting and the account form.
    member = people["member"]
    client = client_as(member)
    for n, (i, payload, _user) in enumerate(stored):
        member.name = _marked(i, payload)
        db.session.commit()
        _check(client, [f"/{LANGS[n % 3]}/account"], markers=[f"X{i}x"])


def test_token_names(world, client_as):
    people, _values = world
    member = people["member"]

    def make(i, payload):
        token, _secret = token_services.create(
            member, name=_marked(i, payload), scope="read", expires_days=30, actor=member
        )
        return token

    stored = _stored(make)
    client = client_as(member)
    for lang in LANGS:
        _check(
            client,
            [f"/{lang}/account/tokens"],
            markers=[f"X{i}x" for i, _p, _t in stored],
            at_least=20,
        )
    for n, (i, _payload, token) in enumerate(stored[::3]):
        _check(client, [f"/{LANGS[n % 3]}/account/tokens/{token.id}/revoke"], markers=[f"X{i}x"])


def test_page_texts(world, client_as):
    """The footer's pages are Markdown: every payload in one body (in each page and language
    once), then each payload as a title and a body of its own, in turn."""
    people, _values = world
    admin, visitor = people["admin"], client_as(None)
    everything = "\n\n".join(PAYLOADS)
    slots = [(slug, lang) for slug in SLUGS for lang in LANGS]
    for start in range(0, len(PAYLOADS), len(slots)):
        shown = []
        for (slug, lang), i in zip(slots, range(start, len(PAYLOADS)), strict=False):
            try:
                with db.session.begin_nested():
                    body = everything if start == 0 else PAYLOADS[i]
                    page_services.save_page(slug, lang, _marked(i, PAYLOADS[i]), body, actor=admin)
                shown.append((slug, lang, i))
            except DomainError:
                pass
        db.session.commit()
        for slug, lang, i in shown:
            _check(visitor, [f"/{lang}/pages/{slug}"], markers=[f"X{i}x"])


def test_reflected_query_values(world, client_as):
    """What a visitor types comes back on the page: search boxes and filters (each payload
    on two of the four pages that echo it, in turn)."""
    people, _values = world
    clients = [client_as(None), client_as(people["member"])]
    for n, payload in enumerate(PAYLOADS):
        lang = LANGS[n % len(LANGS)]
        client = clients[n % 2]
        pages = ("search", "experts/", "organisations/", "statements/")
        for path in (f"/{lang}/{pages[n % 4]}", f"/{lang}/{pages[(n + 1) % 4]}"):
            response = client.get(path, query_string={"q": payload, "country": payload})
            assert response.status_code < 500
            found = problems(response.get_data(as_text=True))
            assert not found, f"GET {path}?q={payload!r}:\n" + "\n".join(found[:10])
