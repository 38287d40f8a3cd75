"""Helpers shared by the browser tests: paths, personas, signing in, the mailbox, pages."""

from __future__ import annotations

import functools
import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "e2e-artifacts"
NODE_MODULES = ROOT / "build" / "e2e-node" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying hosts this machine
# cannot reach; the probe that set up these machines starts it the same way.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ACTION_TIMEOUT_MS = 10_000

# The languages every main page is checked in: Latin with diacritics, Cyrillic, English.
CHECKED_LANGUAGES = ("en", "sr-cyrl", "sq")

# Each language's own name, as the switcher shows it.
OWN_NAMES = {
    "sq": "Shqip",
    "sr-latn": "Srpski",
    "sr-cyrl": "Српски",
    "mk": "Македонски",
    "bs": "Bosanski",
    "hr": "Hrvatski",
    "cnr": "Crnogorski",
    "en": "English",
}


# --------------------------------------------------------------------------- personas


@dataclass(frozen=True)
class Persona:
    role: str  # admin, coordinator, org_admin
    email: str
    password: str
    name: str = ""
    organisation: str | None = None  # the slug of their organisation


def demo_cast() -> dict[str, Persona]:
    """The admin, a coordinator and an org admin of the demo seed (consortium/demo/data.py).

    Raises LookupError, with what was looked for, when the seed does not provide them.
    """
    try:
        data = importlib.import_module("consortium.demo.data")
    except ImportError as error:
        raise LookupError(f"consortium.demo.data cannot be imported ({error})") from error
    password = _find_password(data)
    people = list(_people(data))
    cast: dict[str, Persona] = {}
    for role in ("admin", "coordinator", "org_admin"):
        person = next((p for p in people if _role_of(p) == role), None)
        if person is None:
            raise LookupError(f"no demo account with role {role!r} in consortium/demo/data.py")
        cast[role] = Persona(
            role=role,
            email=_get(person, "email"),
            password=_get(person, "password", default=None) or password,
            name=_get(person, "name", default="") or "",
            organisation=_get(person, "organisation", "organisation_slug", "org", default=None),
        )
    if cast["org_admin"].organisation is None:
        raise LookupError("the demo org admin has no organisation slug")
    return cast


def _get(obj, *names: str, default=LookupError):
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if not isinstance(obj, dict) and hasattr(obj, name):
            return getattr(obj, name)
    if default is LookupError:
        raise LookupError(f"demo person {obj!r} has none of {names}")
    return default


def _find_password(data) -> str | None:
    for name in ("DEMO_PASSWORD", "PASSWORD", "SHARED_PASSWORD"):
        if isinstance(getattr(data, name, None), str):
            return getattr(data, name)
    return None


def _people(data):
    for name in ("PEOPLE", "USERS", "ACCOUNTS", "PERSONAS"):
        value = getattr(data, name, None)
        if isinstance(value, dict):
            for key, item in value.items():
                yield {"key": key, **item} if isinstance(item, dict) else item
            return
        if isinstance(value, list | tuple):
            yield from value
            return
    raise LookupError("consortium/demo/data.py has no PEOPLE/USERS/ACCOUNTS list")


def _role_of(person) -> str:
    if _get(person, "is_admin", default=False):
        return "admin"
    if _get(person, "is_coordinator", default=False):
        return "coordinator"
    return str(_get(person, "role", default="")).lower().replace("orgrole.", "")


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class MainPage:
    name: str  # for file names: home, login, organisations, ...
    path: str  # without the language prefix, starting with "/"
    status: int = 200

    def url(self, lang: str) -> str:
        return f"/{lang}{self.path}"


STATES = ("visitor", "signed-in")


def main_pages(org_slug: str, state: str) -> list[MainPage]:
    """The main pages as a visitor or a signed-in org admin (of `org_slug`) sees them."""
    common = [
        MainPage("home", "/"),
        MainPage("organisations", "/organisations/"),
        MainPage("organisation", f"/organisations/{org_slug}"),
        MainPage("experts", "/experts/"),
        MainPage("experts-filtered", "/experts/?q=djordjevic&language=en"),
        MainPage("expert", "/experts/djordje-djordjevic"),
        MainPage("search", "/search?q=beograd"),
        MainPage("not-found", "/no-such-page-e2e", status=404),
    ]
    if state == "visitor":
        return [
            *common,
            MainPage("login", "/login"),
            MainPage("forgot-password", "/forgot-password"),
        ]
    return [
        *common,
        MainPage("people", f"/organisations/{org_slug}/people"),
        MainPage("edit-profile", f"/organisations/{org_slug}/edit"),
        MainPage("audit-log", "/audit/"),
        MainPage("areas", "/areas/"),
        MainPage("account", "/account"),
        MainPage("tokens", "/account/tokens"),
        MainPage("new-expert", "/experts/new"),
    ]


# --------------------------------------------------------------------------- actions


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def visit(page, path: str, status: int = 200):
    """Go to `path` and insist on the HTTP status of the page that finally loads."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered HTTP {response.status}, not {status}"
    return response


def follow(page, locator, status: int = 200):
    """Click a link or button that loads a page, and insist on that page's HTTP status."""
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    assert response is not None, f"clicking {locator} loaded nothing"
    assert response.status == status, (
        f"clicking {locator} loaded {path_of(response.url)} with HTTP {response.status}"
    )
    return response


def login(page, persona: Persona, lang: str = "en") -> None:
    """Sign in through the login form and wait until the app has let the person in."""
    visit(page, f"/{lang}/login")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=email]").fill(persona.email)
    form.locator("input[name=password]").fill(persona.password)
    follow(page, form.locator("[type=submit]").first)
    complete_second_step(page)
    assert "/login" not in page.url, f"{persona.email} could not sign in: still on {page.url}"
    expect_signed_in(page)


def complete_second_step(page) -> None:
    """Coordinators and admins are asked for a code after the password: type the demo
    key's current code. A code is used once, and wrong attempts count against the sign-in
    limit, so a second sign-in within the same 30-second step waits for the next step
    instead of trying a code already used."""
    import time

    import pyotp

    from consortium.demo.data import DEMO_TOTP_SECRET

    global _last_step
    # At most twice: the demo seed itself uses the code of the step it ran in.
    for _attempt in range(2):
        if not path_of(page.url).endswith("/login/code"):
            return
        step = int(time.time() // 30)
        if step <= _last_step:
            time.sleep(30 * (_last_step + 1) - time.time() + 0.5)
            step = int(time.time() // 30)
        _last_step = step
        form = page.locator("main form").filter(has=page.locator("input[name=code]"))
        form.locator("input[name=code]").fill(pyotp.TOTP(DEMO_TOTP_SECRET).at(step * 30))
        follow(page, form.locator("[type=submit]").first)


_last_step = 0


def expect_signed_in(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("header form[action*='logout'] [type=submit]")).to_be_visible()


def sign_out(page) -> None:
    """Press the header's "Sign out" button (a POST form)."""
    from playwright.sync_api import expect

    follow(page, page.locator("header").get_by_role("button", name="Sign out"))
    expect(page.locator("header form[action*='logout']")).to_have_count(0)


def read_mail(page, recipient: str, lang: str = "en") -> str:
    """The full text of the newest development-mailbox message to `recipient`.

    `page` must belong to an admin's context: the mailbox is admin-only.
    """
    visit(page, f"/{lang}/admin/mailbox")
    rows = page.locator("table.mailbox tbody tr").filter(has_text=recipient)
    if rows.count() == 0:
        raise AssertionError(
            f"no message to {recipient} in the development mailbox; it shows:\n"
            + page.locator("main").inner_text()
        )
    follow(page, rows.first.locator("a").first)
    return page.locator("pre.mail-body").inner_text()


def first_link(text: str, base_url: str) -> str:
    """The first link into the app found in a mail body."""
    match = re.search(re.escape(base_url) + r"/[^\s<>\"')\]]+", text)
    if match is None:
        raise AssertionError(f"no link to {base_url} in this mail:\n{text}")
    return match.group(0)


# --------------------------------------------------------------------------- axe


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """Inject axe-core into the page and return its violations."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run scripts/e2e-setup.sh")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # The app's Content-Security-Policy (script-src 'self') rightly blocks the inline
        # <script> that add_script_tag() writes; code evaluated through the DevTools
        # protocol is not subject to it, so the page keeps its real policy under test.
        page.evaluate(_axe_source())
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), html: n.html, summary: n.failureSummary,
                })),
            }));
        }"""
    )


def format_violations(where: str, violations: list[dict]) -> str:
    lines = [f"{where}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      at {node['target']}")
            lines.append(f"         {node['html'][:200]}")
            summary = (node.get("summary") or "").replace("\n", " ")
            if summary:
                lines.append(f"         {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def dump_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
