"""The four claims of `make scaleout`, each measured through nginx (TLS) and returning its
figures with a `passed` verdict. A client pinned to one host talks to that host's drill
port; nginx names the host that answered in `X-Upstream` (drill-only header)."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

import requests

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@dataclass
class Site:
    """Where the drill's clients connect: nginx's main port and one port per pinned host."""

    main: str
    pinned: dict[str, str]  # host name -> base URL
    addresses: dict[str, str]  # host name -> address
    cert: str

    def client(self) -> requests.Session:
        session = requests.Session()
        # Not from the environment: REQUESTS_CA_BUNDLE would override `verify`, and a proxy
        # must not stand between the drill and its nginx.
        session.trust_env = False
        session.verify = self.cert
        return session

    def host_of(self, response: requests.Response) -> str:
        """The host that gave the final answer ("h1", "h2"), or "-" (nginx itself)."""
        upstream = response.headers.get("X-Upstream", "")
        last = upstream.split(",")[-1].strip().split(":")[0]
        return next((name for name, addr in self.addresses.items() if addr == last), "-")


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise AssertionError("no csrf_token in the page")
    return unescape(found.group(1) or found.group(2))


def referer(base: str, path: str) -> dict[str, str]:
    """What a browser sends with a form: over HTTPS, Flask-WTF wants a same-origin Referer."""
    return {"Referer": f"{base}{path}"}


def sign_in(site: Site, session: requests.Session, base: str, email: str, password: str) -> int:
    page = session.get(f"{base}/en/login", timeout=20)
    data = {"csrf_token": csrf_token(page.text), "email": email, "password": password}
    answer = session.post(
        f"{base}/en/login", data=data, headers=referer(base, "/en/login"), allow_redirects=False,
        timeout=20,
    )  # fmt: skip
    return answer.status_code


# --- 1. sessions -------------------------------------------------------------------------------


def sessions_shared(site: Site, email: str, password: str) -> dict[str, Any]:
    h1, h2 = site.pinned["h1"], site.pinned["h2"]
    browser = site.client()
    signed_in = sign_in(site, browser, h1, email, password)
    on_h2 = browser.get(f"{h2}/en/account", allow_redirects=False, timeout=20)
    on_h1 = browser.get(f"{h1}/en/account", allow_redirects=False, timeout=20)
    stranger = site.client().get(f"{h2}/en/account", allow_redirects=False, timeout=20)
    hsts = on_h2.raw.headers.getlist("Strict-Transport-Security")
    # Signing out on host 2 ends the session on host 1 too: it is a row, not a process's memory.
    token = csrf_token(on_h2.text) if on_h2.status_code == 200 else ""
    out = browser.post(
        f"{h2}/en/logout", data={"csrf_token": token}, headers=referer(h2, "/en/account"),
        allow_redirects=False, timeout=20,
    )  # fmt: skip
    after = browser.get(f"{h1}/en/account", allow_redirects=False, timeout=20)
    result = {
        "sign_in_via_h1": signed_in,
        "account_page_via_h2": on_h2.status_code,
        "account_page_via_h2_served_by": site.host_of(on_h2),
        "account_page_shows_the_account": email in on_h2.text,
        "account_page_via_h1": on_h1.status_code,
        "without_cookie_via_h2": stranger.status_code,
        "hsts_headers": hsts,
        "sign_out_via_h2": out.status_code,
        "account_page_via_h1_after_sign_out": after.status_code,
        "session_cookie": next((c.name for c in browser.cookies if "session" in c.name), None),
    }
    result["passed"] = (
        signed_in in (302, 303)
        and on_h2.status_code == 200
        and result["account_page_via_h2_served_by"] == "h2"
        and result["account_page_shows_the_account"]
        and on_h1.status_code == 200
        and stranger.status_code in (302, 303)
        and len(hsts) == 1
        and out.status_code in (302, 303)
        and after.status_code in (302, 303)
    )
    return result


# --- 2. rate limits ----------------------------------------------------------------------------


def limits_shared(site: Site, email: str, limit: int, attempts: int) -> dict[str, Any]:
    """Failed sign-ins on one account from one address, alternating between the hosts: the
    refusal must come at attempt limit + 1, the count both hosts (and all their workers)
    share in Redis. Counted per process, it would come after limit x processes."""
    browser = site.client()
    page = browser.get(f"{site.pinned['h1']}/en/login", timeout=20)
    token = csrf_token(page.text)
    seen = []
    for number in range(1, attempts + 1):
        host = "h1" if number % 2 else "h2"
        answer = browser.post(
            f"{site.pinned[host]}/en/login",
            data={"csrf_token": token, "email": email, "password": f"wrong-{number}"},
            headers=referer(site.pinned[host], "/en/login"),
            allow_redirects=False,
            timeout=20,
        )
        seen.append(
            {
                "attempt": number,
                "host": site.host_of(answer),
                "status": answer.status_code,
                "remaining": answer.headers.get("X-RateLimit-Remaining"),
            }
        )
    first_refusal = next((s["attempt"] for s in seen if s["status"] == 429), None)
    allowed = [s for s in seen if first_refusal is None or s["attempt"] < first_refusal]
    result = {
        "limit": limit,
        "attempts": seen,
        "first_429_at_attempt": first_refusal,
        "allowed_per_host": dict(Counter(s["host"] for s in allowed)),
    }
    result["passed"] = (
        first_refusal == limit + 1
        and all(s["status"] == 200 for s in allowed)
        and all(s["status"] == 429 for s in seen[limit:])
        and set(result["allowed_per_host"]) == {"h1", "h2"}
    )
    return result


# --- 3. outbox workers -------------------------------------------------------------------------

MESSAGE_ID = re.compile(r"outbox-(\d+)@")


def mail_once(queued: list[int], delivered: list[dict[str, Any]], claims: Counter) -> dict:
    counts = Counter()
    for message in delivered:
        found = MESSAGE_ID.search(message.get("message_id") or "")
        counts[int(found.group(1)) if found else -1] += 1
    wanted = set(queued)
    result = {
        "queued": len(queued),
        "delivered_messages": len(delivered),
        "distinct_delivered": len(set(counts) & wanted),
        "missing": sorted(wanted - set(counts))[:20],
        "duplicates": {i: n for i, n in counts.items() if n > 1},
        "unexpected": sorted(set(counts) - wanted)[:20],
        "sent_by_worker": dict(claims),
    }
    result["passed"] = (
        not result["missing"]
        and not result["duplicates"]
        and not result["unexpected"]
        and len(delivered) == len(queued)
        and len(claims) == 2
    )
    return result


# --- 4. a host killed under load ---------------------------------------------------------------


@dataclass
class Load:
    site: Site
    read_paths: list[str]
    tokens: list[str]
    run_id: str
    readers: int = 4
    write_pause: float = 0.3

    def __post_init__(self) -> None:
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.reads: list[dict[str, Any]] = []
        self.writes: list[dict[str, Any]] = []

    def _reader(self, number: int) -> None:
        session = self.site.client()
        i = number
        while not self.stop.is_set():
            path = self.read_paths[i % len(self.read_paths)]
            i += 1
            began = time.time()
            entry: dict[str, Any] = {"path": path, "at": began}
            try:
                answer = session.get(f"{self.site.main}{path}", allow_redirects=False, timeout=30)
                entry.update(status=answer.status_code, upstream=answer.headers.get("X-Upstream"))
            except requests.RequestException as error:
                entry.update(status=None, error=type(error).__name__)
            entry["ms"] = round((time.time() - began) * 1000, 1)
            with self.lock:
                self.reads.append(entry)

    def _write(self, session: requests.Session, title: str) -> None:
        body = {"original_language": "en", "title": title, "body": "A drill's draft."}
        entry: dict[str, Any] = {"title": title, "at": time.time()}
        try:
            answer = session.post(f"{self.site.main}/api/v1/statements/", json=body, timeout=30)
            entry.update(status=answer.status_code, upstream=answer.headers.get("X-Upstream"))
            if answer.status_code == 201:
                entry["id"] = answer.json().get("id")
        except requests.RequestException as error:
            entry.update(status=None, error=type(error).__name__)
        entry["ms"] = round((time.time() - entry["at"]) * 1000, 1)
        with self.lock:
            self.writes.append(entry)

    def _writer(self, number: int) -> None:
        session = self.site.client()
        session.headers["Authorization"] = f"Bearer {self.tokens[number]}"
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            self._write(session, f"scaleout {self.run_id} w{number} #{sequence}")
            time.sleep(self.write_pause)

    def probe(self) -> None:
        """One more write, on a thread of its own (it may be held up by the database)."""
        session = self.site.client()
        session.headers["Authorization"] = f"Bearer {self.tokens[0]}"
        self.probes = getattr(self, "probes", [])
        title = f"scaleout {self.run_id} probe #{len(self.probes) + 1}"
        thread = threading.Thread(target=self._write, args=(session, title), daemon=True)
        self.probes.append(thread)
        thread.start()

    def run(self, seconds: float, events: list[tuple[float, Callable[[], Any]]]) -> list[dict]:
        """Load for `seconds`; each event (at second t, a callable) runs on this thread."""
        threads = [
            threading.Thread(target=self._reader, args=(n,), daemon=True)
            for n in range(self.readers)
        ] + [
            threading.Thread(target=self._writer, args=(n,), daemon=True)
            for n in range(len(self.tokens))
        ]
        began = time.time()
        for thread in threads:
            thread.start()
        happened = []
        for at, action in sorted(events, key=lambda e: e[0]):
            time.sleep(max(0.0, began + at - time.time()))
            started = time.time()
            outcome = action()
            happened.append(
                {
                    "at_s": round(started - began, 2),
                    "took_s": round(time.time() - started, 2),
                    "event": getattr(action, "__name__", "event"),
                    "outcome": outcome,
                }
            )
        time.sleep(max(0.0, began + seconds - time.time()))
        self.stop.set()
        for thread in threads + getattr(self, "probes", []):
            thread.join(timeout=40)
        self.began = began
        return happened


def no_acknowledged_loss(load: Load, stored: dict[str, int], site: Site) -> dict[str, Any]:
    """`stored`: title -> number of statements with it in the database."""
    reads, writes = load.reads, load.writes

    def upstreams(entries: list[dict]) -> dict[str, int]:
        hosts: Counter = Counter()
        for entry in entries:
            upstream = entry.get("upstream") or ""
            parts = [p.strip().split(":")[0] for p in upstream.split(",") if p.strip()]
            names = [next((n for n, a in site.addresses.items() if a == p), p) for p in parts]
            hosts["->".join(names) or "none"] += 1
        return dict(hosts)

    failed_reads = [r for r in reads if r["status"] is None or r["status"] >= 500]
    acknowledged = [w for w in writes if w["status"] == 201]
    unacknowledged = [w for w in writes if w["status"] != 201]
    lost = [w["title"] for w in acknowledged if stored.get(w["title"], 0) == 0]
    doubled = [t for t, n in stored.items() if n > 1]
    committed_unacknowledged = [w["title"] for w in unacknowledged if stored.get(w["title"], 0)]
    latencies = sorted(r["ms"] for r in reads)
    result = {
        "reads": len(reads),
        "read_statuses": dict(Counter(str(r["status"]) for r in reads)),
        "read_failures": len(failed_reads),
        "read_failure_samples": failed_reads[:5],
        "reads_by_upstream": upstreams(reads),
        "read_p50_ms": latencies[len(latencies) // 2] if latencies else None,
        "read_max_ms": latencies[-1] if latencies else None,
        "writes": len(writes),
        "write_statuses": dict(Counter(str(w["status"]) for w in writes)),
        "writes_by_upstream": upstreams(writes),
        "acknowledged_writes": len(acknowledged),
        "acknowledged_lost": lost,
        "stored_more_than_once": doubled,
        "unacknowledged_but_committed": committed_unacknowledged,
        "unacknowledged_samples": unacknowledged[:5],
    }
    # GET failures are the goal (none), reported beside the verdict; the verdict is the claim
    # that nothing acknowledged was lost or written twice.
    result["read_goal_met"] = not failed_reads
    # A write that was not acknowledged may have committed only where its host committed
    # before dying; the drill holds writes before their INSERT while it kills, so here any
    # such write would be one nginx sent a second time.
    result["passed"] = (
        not lost
        and not doubled
        and not committed_unacknowledged
        and len(acknowledged) > 0
        and len(reads) > 0
    )
    return result
