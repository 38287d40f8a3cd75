"""The load: visitors reading, members searching, staff editing drafts, org admins signing,
coordinators deciding. Run by bench/loadtest/run.py (Locust, headless, bounded).

Environment: LOADTEST_ACCOUNTS (accounts.json from accounts.py), LOADTEST_MANIFEST (the
generator's manifest, for sample pages), LOADTEST_EVENTS (a JSON-lines file this writes).

Every response goes to LOADTEST_EVENTS with its start, duration and status, and every write
with a token that the write stores (a revision's note, a decision's note, a signature's
note): run.py judges the faults from that file, not from Locust's own counters, and checks
that each write answered 2xx/3xx is in the database exactly once.

Forms are driven as a browser drives them: the page is fetched, its form parsed (the CSRF
token, hidden fields, checked radios, selected options), a few fields changed, and posted.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyotp
from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from htmlforms import form_with, pairs

ACCOUNTS = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text())
SAMPLES = json.loads(Path(os.environ["LOADTEST_MANIFEST"]).read_text())["samples"]
EVENTS = open(os.environ["LOADTEST_EVENTS"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
LANGUAGES = ["en", "en", "en", "sq", "sr-latn", "sr-cyrl", "mk", "bs", "hr", "cnr"]
SEARCHES = ["Београд", "djordjevic", "djordjevik", "kos", "prishtinë", "mladi", "policija"]
TIMEOUT = 30
# Each role takes accounts in turn: no two Locust users share one (see accounts.py).
_NEXT = {role: itertools.count() for role in ACCOUNTS}


def log(record: dict[str, Any]) -> None:
    EVENTS.write(json.dumps(record, ensure_ascii=False) + "\n")


@events.request.add_listener
def _on_request(request_type, name, response_time, response, exception, context, **_kw):
    status = getattr(response, "status_code", 0) or 0
    end = time.time()
    log({
        "t": round(end - response_time / 1000, 3), "ms": round(response_time, 1),
        "method": request_type, "name": name, "status": status,
        "role": (context or {}).get("role", ""),
        "error": type(exception).__name__ if exception and not status else None,
    })  # fmt: skip


def _send_secure_cookies(jar: Any) -> None:
    """Production cookies are Secure (`__Host-`), and the load runs over plain HTTP on
    loopback with no TLS terminator in front: let them be sent back anyway (a cookie policy
    on the session would not do, requests copies the cookies into a fresh jar per request)."""
    for cookie in jar:
        cookie.secure = False


class Person(HttpUser):
    abstract = True
    role = ""
    # People read what they asked for; 3-7 s also keeps 30 users below what 4 sync workers
    # on 2 cores serve, so that a fault's effect is not lost in queueing.
    wait_time = between(3, 7)

    def on_start(self) -> None:
        self.lang = random.choice(LANGUAGES)
        self.account: dict[str, Any] = {}
        if self.role in ACCOUNTS:
            people = ACCOUNTS[self.role]
            self.account = people[next(_NEXT[self.role]) % len(people)]
            self.sign_in()

    def get(self, path: str, name: str | None = None, ok: tuple[int, ...] = (200,)) -> Any:
        _send_secure_cookies(self.client.cookies)
        with self.client.get(
            path,
            name=name or path,
            catch_response=True,
            timeout=TIMEOUT,
            allow_redirects=False,
            context={"role": self.role},
        ) as response:
            if response.status_code in ok:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
            return response

    def post(self, path: str, data: Any, name: str, ok: tuple[int, ...] = (302, 303)) -> Any:
        _send_secure_cookies(self.client.cookies)
        with self.client.post(
            path,
            data=data,
            name=name,
            catch_response=True,
            timeout=TIMEOUT,
            allow_redirects=False,
            context={"role": self.role},
        ) as response:
            if response.status_code in ok:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
            return response

    def sign_in(self) -> None:
        """Password, then (coordinators and org admins) a TOTP code. A code is accepted once
        per 30-second step, and a database that is down answers 503: both are waited out."""
        deadline = time.time() + 120
        while time.time() < deadline:
            page = self.get("/en/login", name="sign-in form")
            form = form_with(page.text, "password") if page.status_code == 200 else None
            if form is None:
                time.sleep(1)
                continue
            form["fields"].update(email=[self.account["email"]],
                                  password=[self.account["password"]])  # fmt: skip
            answer = self.post("/en/login", pairs(form["fields"]), "sign-in")
            if answer.status_code not in (302, 303):
                time.sleep(1)
                continue
            if not self.account.get("totp"):
                return
            if self._second_step():
                return
        raise RuntimeError(f"{self.account['email']} could not sign in within 120 s")

    def _second_step(self) -> bool:
        for _ in range(3):
            page = self.get("/en/login/code", name="sign-in code form")
            form = form_with(page.text, "code") if page.status_code == 200 else None
            if form is None:
                return False
            form["fields"]["code"] = [pyotp.TOTP(self.account["totp"]).now()]
            answer = self.post("/en/login/code", pairs(form["fields"]), "sign-in code")
            if answer.status_code in (302, 303):
                return True
            time.sleep(31 - time.time() % 30)  # this step's code was used: wait for the next
        return False

    def read_anything(self) -> None:
        lang = self.lang
        choice = random.random()
        if choice < 0.2:
            self.get(f"/{lang}/", name="home")
        elif choice < 0.35:
            self.get(f"/{lang}/organisations/", name="partner directory")
        elif choice < 0.45:
            self.get(f"/{lang}/organisations/{SAMPLES['organisation']}", name="partner profile")
        elif choice < 0.6:
            self.get(f"/{lang}/experts/", name="experts")
        elif choice < 0.7:
            self.get(f"/{lang}/experts/{SAMPLES['expert']}", name="expert")
        elif choice < 0.85:
            self.get(f"/{lang}/statements/", name="statements")
        else:
            self.get(f"/{lang}/statements/{SAMPLES['statement']}", name="statement")

    def search(self) -> None:
        query = quote(random.choice(SEARCHES))
        self.get(f"/{self.lang}/search?q={query}", name="search")


class Visitor(Person):
    weight = 10
    role = "visitor"

    @task(5)
    def read(self) -> None:
        self.read_anything()

    @task(1)
    def look_up(self) -> None:
        self.search()


class Member(Person):
    weight = 5
    role = "member"

    @task(3)
    def look_up(self) -> None:
        self.search()

    @task(1)
    def filtered(self) -> None:
        f = SAMPLES["expert_filter"]
        path = f"/{self.lang}/experts/?country={f['country']}&area={f['area']}"
        self.get(path + f"&language={f['language']}", name="experts, filtered")

    @task(1)
    def read(self) -> None:
        self.read_anything()


def token() -> str:
    return f"lt-{uuid.uuid4().hex[:16]}"


class Worker(Person):
    """Someone who acts on statements: each action logs the write it asked for."""

    abstract = True

    def pick(self) -> str | None:
        statements = self.account.get("statements") or []
        return random.choice(statements) if statements else None

    def wrote(self, kind: str, slug: str, mark: str, response: Any, **extra: Any) -> None:
        log({"write": kind, "slug": slug, "token": mark, "status": response.status_code,
             "t": round(time.time(), 3), "account": self.account["id"], **extra})  # fmt: skip


class Staff(Worker):
    weight = 5
    role = "staff"

    @task(4)
    def edit(self) -> None:
        slug = self.pick()
        if slug is None:
            return
        path = f"/en/statements/{slug}/edit"
        page = self.get(path, name="edit draft form", ok=(200, 404))
        form = form_with(page.text, "seen_revision") if page.status_code == 200 else None
        if form is None:
            return  # in review now: not editable
        fields = form["fields"]
        mark = token()
        body = next((n for n in sorted(fields) if n.startswith("body_") and fields[n][0]), None)
        if body is None:
            return
        fields[body] = [fields[body][0].rstrip() + f"\n\nAmended {mark}."]
        fields["note"] = [mark]
        answer = self.post(path, pairs(fields), "edit draft", ok=(302, 303, 409))
        self.wrote("revision", slug, mark, answer)
        if answer.status_code in (302, 303) and random.random() < 0.5:
            csrf = {"csrf_token": fields.get("csrf_token", [""])[0]}
            submitted = self.post(f"/en/statements/{slug}/submit", csrf, "submit draft",
                                  ok=(302, 303, 404))  # fmt: skip
            self.wrote("submit", slug, "", submitted)

    @task(1)
    def read(self) -> None:
        self.get("/en/statements/drafts", name="my drafts")


class OrgAdmin(Worker):
    weight = 5
    role = "org_admin"

    @task(3)
    def sign(self) -> None:
        slug = self.pick()
        if slug is None:
            return
        path = f"/en/statements/{slug}/sign"
        page = self.get(path, name="sign form", ok=(200, 404))
        form = form_with(page.text, "seen_revision") if page.status_code == 200 else None
        if form is None:
            return
        fields = form["fields"]
        mark = token()
        fields["note"] = [mark]
        fields["sign"] = [form["buttons"].get("sign", "Sign")]
        answer = self.post(path, pairs(fields), "sign", ok=(302, 303, 409))
        self.wrote("signature", slug, mark, answer, seen=fields["seen_revision"][0])

    @task(1)
    def read(self) -> None:
        self.read_anything()


class Coordinator(Worker):
    weight = 5
    role = "coordinator"

    @task(3)
    def decide(self) -> None:
        for _ in range(4):  # most candidates are not in review at this moment
            slug = self.pick()
            if slug is None:
                return
            path = f"/en/statements/{slug}/review"
            page = self.get(path, name="review form", ok=(200, 404, 409))
            form = form_with(page.text, "decision") if page.status_code == 200 else None
            if form is None:
                continue
            fields = form["fields"]
            mark = token()
            decision = "approve" if random.random() < 0.2 else "request_changes"
            fields.update(decision=[decision], note=[mark])
            # 200: refused with a reason (no quorum for approval); 409: decided meanwhile.
            answer = self.post(path, pairs(fields), "decide", ok=(302, 303, 200, 409))
            self.wrote("decision", slug, mark, answer, decision=decision,
                       seen_round=fields.get("seen_round", [""])[0])  # fmt: skip
            return

    @task(1)
    def home(self) -> None:
        self.get("/en/", name="home (coordinator)")
