"""The outbox: mails are rows written with the change, sent once, retried with back-off."""

from __future__ import annotations

import smtplib
import socket
import socketserver
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_timezone
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from consortium.db import db, utcnow
from consortium.extensions import babel
from consortium.mail import services
from consortium.mail import services as mail
from consortium.mail.models import OutboxMessage
from consortium.organisations.models import Invitation
from tests.organisations.calls import invite

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
RESET_TEMPLATE = "auth/mail/password_reset.txt"
INVITATION_SENTENCES = (
    "Hello,",
    "Follow this link to choose your password and sign in:",
    "If you did not expect this invitation, you can ignore this e-mail.",
)


def queue_mail(to: str = "dara@example.org", *, name: str = "Dara", language: str = "en"):
    """One password-reset mail, queued through the service like every mail of the app."""
    return services.queue(
        "password_reset",
        to=to,
        language=language,
        subject=f"Set a new password, {name}",
        template=RESET_TEMPLATE,
        user=SimpleNamespace(name=name),
        link=f"http://localhost/{language}/reset-password/token-for-{name}",
    )


def outbox() -> list[OutboxMessage]:

    return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))


class Recorder:
    """A sender that remembers which messages it was given (and may fail or sleep)."""

    def __init__(self, *, error: Exception | None = None, pause: float = 0.0) -> None:
        self.calls: list[int] = []
        self.error = error
        self.pause = pause

    def __call__(self, message: OutboxMessage) -> None:
        self.calls.append(message.id)
        if self.pause:
            time.sleep(self.pause)
        if self.error is not None:
            raise self.error


def make_due(db, message: OutboxMessage) -> None:
    """Let the back-off elapse."""
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


# --- Queueing in the caller's transaction ------------------------------------------------


def test_a_rolled_back_change_sends_nothing(db):
    queue_mail()
    db.session.rollback()
    assert outbox() == []


def test_a_committed_change_leaves_its_mail_in_the_outbox(db):
    queue_mail("dara@example.org", name="Dara")
    db.session.commit()
    [message] = outbox()
    assert (message.to_address, message.status, message.attempts) == (
        "dara@example.org",
        "queued",
        0,
    )
    assert "http://localhost/en/reset-password/token-for-Dara" in message.body_text


def test_a_rolled_back_invitation_sends_nothing(db, org, org_admin):
    db.session.commit()
    invite(org, email="new@example.org", role="member", language="en", actor=org_admin)
    db.session.rollback()
    assert outbox() == []
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_a_committed_invitation_is_mailed_to_the_invited_address(db, org, org_admin):
    invite(org, email="New@Example.org", role="member", language="en", actor=org_admin)
    db.session.commit()
    [message] = outbox()
    assert (message.kind, message.to_address) == ("invitation", "new@example.org")
    assert org.name in message.subject
    assert "http://localhost/en/invitation/" in message.body_text


# --- The recipient's language -------------------------------------------------------------


@pytest.fixture
def sq_catalog(app, tmp_path):
    """The Albanian catalog compiled into a temporary folder that Flask-Babel reads."""
    po = TRANSLATIONS / "sq" / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        pytest.skip("translations/sq/LC_MESSAGES/messages.po is missing")
    mo = tmp_path / "sq" / "LC_MESSAGES" / "messages.mo"
    mo.parent.mkdir(parents=True)
    CommandLineInterface().run(
        ["pybabel", "-q", "compile", "-i", str(po), "-o", str(mo), "-l", "sq"]
    )
    if not mo.exists():
        pytest.skip("the sq catalog did not compile (marked fuzzy?)")
    babel_config = app.extensions["babel"]
    saved = babel_config.translation_directories
    # Flask-Babel caches catalogs per locale on a module-level domain, across apps.
    babel.domain_instance.cache.clear()
    babel_config.translation_directories = [str(tmp_path)]
    with po.open("rb") as f:
        catalog = read_po(f, locale="sq")
    yield catalog
    babel_config.translation_directories = saved
    babel.domain_instance.cache.clear()


def _translated(catalog, msgid: str) -> str | None:
    message = catalog.get(msgid)
    if message is None or message.fuzzy or not message.string:
        return None
    return message.string


def test_an_albanian_invitation_links_to_the_albanian_pages(db, org, org_admin):
    invitation = invite(
        org, email="drita@example.org", role="staff", language="sq", actor=org_admin
    )
    db.session.commit()
    [message] = outbox()
    assert message.language == "sq"
    assert "http://localhost/sq/invitation/" in message.body_text
    # Dates follow the recipient's locale whatever the state of the catalogs.
    expires = dict(tzinfo=get_timezone("Europe/Belgrade"))
    # Albanian as the region writes it: the 24-hour clock (consortium.i18n.formats).
    in_albanian = babel_format_datetime(
        invitation.expires_at, "d MMMM y, HH:mm", locale="sq", **expires
    )
    in_english = babel_format_datetime(invitation.expires_at, "long", locale="en", **expires)
    assert in_albanian in message.body_text
    assert in_english not in message.body_text


def test_an_albanian_invitation_is_written_in_albanian(db, org, org_admin, sq_catalog):
    sentences = {s: _translated(sq_catalog, s) for s in INVITATION_SENTENCES}
    sentences = {english: albanian for english, albanian in sentences.items() if albanian}
    subject = _translated(sq_catalog, "You are invited to join %(org)s on Consortium")
    if not sentences and not subject:
        pytest.skip("the sq catalog does not translate the invitation yet")

    invite(org, email="drita@example.org", role="staff", language="sq", actor=org_admin)
    invite(org, email="emma@example.org", role="staff", language="en", actor=org_admin)
    db.session.commit()
    albanian, english = outbox()

    assert albanian.body_text != english.body_text.replace("/en/", "/sq/")
    for english_sentence, albanian_sentence in sentences.items():
        assert albanian_sentence in albanian.body_text
        assert english_sentence not in albanian.body_text
        assert english_sentence in english.body_text
    if subject:
        assert albanian.subject == subject % {"org": org.name}
        assert english.subject == f"You are invited to join {org.name} on Consortium"


# --- Sending, retrying, giving up ----------------------------------------------------------


def test_due_messages_are_sent_once_and_marked_sent(db):
    first, second = queue_mail("a@example.org"), queue_mail("b@example.org")
    db.session.commit()
    sender = Recorder()

    assert services.send_due(send=sender) == (2, 0)
    assert services.send_due(send=sender) == (0, 0)

    assert sender.calls == [first.id, second.id]
    for message in outbox():
        assert message.status == "sent"
        assert message.sent_at is not None
        assert message.sent_at <= utcnow()
        assert message.last_error is None


def test_a_message_not_yet_due_waits(db):
    message = queue_mail()
    message.next_attempt_at = utcnow() + timedelta(minutes=10)
    db.session.commit()
    sender = Recorder()

    assert services.send_due(send=sender) == (0, 0)
    assert sender.calls == []
    assert message.status == "queued"


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPRecipientsRefused({"dara@example.org": (550, b"No such user")}),
    ],
    ids=["refused", "disconnected", "recipient-refused"],
)
def test_a_failing_sender_backs_off_then_gives_up(app, db, error):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    message = queue_mail()
    db.session.commit()
    sender = Recorder(error=error)
    delays = []

    for attempt in (1, 2):
        before = utcnow()
        assert services.send_due(send=sender) == (0, 1)
        assert message.attempts == attempt
        assert message.last_error.startswith(type(error).__name__ + ":")
        assert message.failed_at is None and message.sent_at is None
        assert message.next_attempt_at > before
        delays.append(message.next_attempt_at - before)
        # Not retried before its back-off has elapsed.
        assert services.send_due(send=sender) == (0, 0)
        make_due(db, message)

    assert delays[0] >= timedelta(seconds=30)
    assert delays[1] > delays[0], "the back-off grows"

    assert services.send_due(send=sender) == (0, 1)
    assert message.attempts == 3
    assert message.failed_at is not None
    assert message.status == "failed"

    make_due(db, message)
    assert services.send_due(send=sender) == (0, 0)
    assert sender.calls == [message.id] * 3, "a failed message is never tried again"


def test_a_retry_that_succeeds_clears_the_error(db):
    message = queue_mail()
    db.session.commit()
    services.send_due(send=Recorder(error=OSError("timed out")))
    make_due(db, message)

    assert services.send_due(send=Recorder()) == (1, 0)
    assert (message.status, message.attempts, message.last_error) == ("sent", 2, None)


def test_one_failure_does_not_hold_up_the_others(db):
    bad, good = queue_mail("bad@example.org"), queue_mail("good@example.org")
    db.session.commit()

    def sender(message):
        if message.to_address == "bad@example.org":
            raise smtplib.SMTPRecipientsRefused({message.to_address: (550, b"unknown")})

    assert services.send_due(send=sender) == (1, 1)
    assert (bad.status, good.status) == ("queued", "sent")


# --- Several workers -----------------------------------------------------------------------


def test_two_workers_in_a_row_send_each_message_once(db):
    ids = [queue_mail(f"p{i}@example.org").id for i in range(5)]
    db.session.commit()
    sender = Recorder()

    assert services.send_due(worker="worker-a", send=sender) == (5, 0)
    assert services.send_due(worker="worker-b", send=sender) == (0, 0)
    assert sender.calls == ids


def test_a_worker_started_meanwhile_takes_only_what_is_unclaimed(db):
    """Worker B starts while A is sending the first message: each message goes out once."""
    ids = [queue_mail(f"p{i}@example.org").id for i in range(4)]
    db.session.commit()
    calls: list[tuple[str, int]] = []
    b_result = []

    def sender_b(message):
        calls.append(("b", message.id))

    def sender_a(message):
        calls.append(("a", message.id))
        if not b_result:
            b_result.append(services.send_due(worker="worker-b", send=sender_b))

    a_result = services.send_due(worker="worker-a", send=sender_a)

    assert Counter(message_id for _, message_id in calls) == Counter(ids)
    assert calls[0] == ("a", ids[0])
    assert b_result == [(3, 0)]
    assert a_result == (1, 0)
    assert all(m.status == "sent" for m in outbox())


def test_a_message_that_just_failed_is_not_retried_by_another_worker(db):
    first, second = queue_mail("first@example.org"), queue_mail("second@example.org")
    db.session.commit()
    sent_by_b: list[int] = []

    def sender_b(message):
        sent_by_b.append(message.id)
        if message.id == first.id:
            # Meanwhile worker A picks up the second message and fails to send it.
            services.send_due(worker="worker-a", send=Recorder(error=OSError("timed out")))

    services.send_due(worker="worker-b", send=sender_b)

    assert second.attempts == 1, "tried once, then left to its back-off"
    assert sent_by_b == [first.id]


def test_a_message_claimed_by_another_worker_is_skipped(db):
    message = queue_mail()
    message.claimed_by, message.claimed_until = "other-host:1", utcnow() + timedelta(minutes=4)
    db.session.commit()
    sender = Recorder()

    assert services.send_due(worker="me", send=sender) == (0, 0)
    assert sender.calls == []
    assert (message.status, message.claimed_by) == ("queued", "other-host:1")


def test_a_stale_claim_is_taken_over(db):
    message = queue_mail()
    message.claimed_by, message.claimed_until = "crashed-host:1", utcnow() - timedelta(seconds=1)
    db.session.commit()
    sender = Recorder()

    assert services.send_due(worker="me", send=sender) == (1, 0)
    assert sender.calls == [message.id]
    assert (message.status, message.claimed_by) == ("sent", "me")


@pytest.mark.postgresql  # real concurrency needs PostgreSQL
def test_concurrent_workers_on_postgresql_send_each_message_once(app, db):
    ids = [queue_mail(f"p{i}@example.org").id for i in range(30)]
    db.session.commit()
    sender = Recorder(pause=0.002)  # 30 × 2 ms, shared by the two workers
    start = threading.Barrier(2)
    results: dict[str, tuple[int, int]] = {}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            start.wait(timeout=5)
            with app.app_context():
                results[name] = services.send_due(worker=name, send=sender)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(sender.calls) == ids, "every message sent exactly once"
    assert sum(sent for sent, _ in results.values()) == 30
    db.session.expire_all()
    assert {m.status for m in outbox()} == {"sent"}


# --- SMTP and the worker's command line ----------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    data: bytes

    @property
    def message(self):
        return message_from_bytes(self.data, policy=email_policy.default)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: HELO/EHLO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 localhost test SMTP")
        mail_from, rcpt_to = "", []
        for raw in self.rfile:
            command = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 localhost")
            elif verb == "MAIL":
                mail_from, rcpt_to = command.split(":", 1)[1].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpt_to.append(command.split(":", 1)[1].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                for line in self.rfile:
                    if line == b".\r\n":
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                self.server.received.append(Received(mail_from, rcpt_to, b"".join(lines)))
                self.reply("250 OK queued")
            elif verb in {"RSET", "NOOP"}:
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.received: list[Received] = []


@dataclass
class SMTPServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)


def _configure_smtp(app, host: str, port: int) -> None:
    app.config.update(
        MAIL_SERVER=host,
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        MAIL_USERNAME="",
        MAIL_TIMEOUT=2.0,
        MAIL_DEFAULT_SENDER="Consortium <no-reply@consortium.test>",
    )


@pytest.fixture
def smtp_server(app):
    """A tiny SMTP server on 127.0.0.1, configured as the app's mail server."""
    server = _SMTPServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    host, port = server.server_address
    _configure_smtp(app, host, port)
    yield SMTPServer(host, port, server.received)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def closed_port(app):
    """A port on which nothing listens, configured as the app's mail server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _configure_smtp(app, "127.0.0.1", port)
    return port


def test_smtp_send_delivers_subject_recipient_and_body(db, smtp_server):
    message = queue_mail("drita@example.org", name="Drita Đurić", language="sq")
    message.subject = "Përshëndetje nga Consortium"
    db.session.commit()

    services.smtp_send(message)

    [received] = smtp_server.received
    assert received.mail_from == "<no-reply@consortium.test>"
    assert received.rcpt_to == ["<drita@example.org>"]
    mail = received.message
    assert mail["Subject"] == "Përshëndetje nga Consortium"
    assert mail["To"] == "drita@example.org"
    assert mail["From"] == "Consortium <no-reply@consortium.test>"
    body = mail.get_content().replace("\r\n", "\n").rstrip("\n")
    assert body == message.body_text
    assert "Drita Đurić" in body


def test_the_mail_says_which_language_it_is_in(db, smtp_server):
    message = queue_mail("drita@example.org", language="sq")
    db.session.commit()

    services.smtp_send(message)

    [received] = smtp_server.received
    assert received.message["Content-Language"] == "sq"


def test_send_due_over_smtp_marks_the_message_sent(db, smtp_server):
    message = queue_mail("dara@example.org")
    db.session.commit()

    assert services.send_due() == (1, 0)

    assert message.status == "sent"
    assert [r.rcpt_to for r in smtp_server.received] == [["<dara@example.org>"]]


def test_an_unreachable_mail_server_is_a_failed_attempt_not_a_crash(db, closed_port):
    message = queue_mail()
    db.session.commit()

    assert services.send_due() == (0, 1)

    assert message.attempts == 1
    assert message.status == "queued"
    assert message.last_error.startswith("ConnectionRefusedError")
    assert message.next_attempt_at > utcnow()


def test_cli_outbox_send_reports_what_it_sent(app, db, smtp_server):
    queue_mail("a@example.org"), queue_mail("b@example.org")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 2, failed 0"
    assert sorted(r.rcpt_to[0] for r in smtp_server.received) == [
        "<a@example.org>",
        "<b@example.org>",
    ]
    assert {m.status for m in outbox()} == {"sent"}


def test_cli_outbox_send_respects_the_limit(app, db, smtp_server):
    queue_mail("a@example.org"), queue_mail("b@example.org")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox", "send", "--limit", "1"])

    assert result.output.strip() == "sent 1, failed 0"
    assert [m.status for m in outbox()] == ["sent", "queued"]


def test_cli_outbox_send_reports_failures(app, db, closed_port):
    queue_mail()
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 0, failed 1"
    [message] = outbox()
    assert message.attempts == 1


def test_cli_outbox_work_once(app, db, smtp_server):
    queue_mail("a@example.org")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox", "work", "--once"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 1, failed 0"
    assert len(smtp_server.received) == 1

    # Nothing left: a quiet pass prints nothing.
    again = app.test_cli_runner().invoke(args=["outbox", "work", "--once"])
    assert (again.exit_code, again.output) == (0, "")


def test_one_broken_message_does_not_stop_the_worker(db):
    for to in ("first@example.org", "second@example.org"):
        db.session.add(
            OutboxMessage(kind="x", to_address=to, language="en", subject="s", body_text="b")
        )
    db.session.commit()
    delivered = []

    def send(message):
        if message.to_address.startswith("first"):
            raise ValueError("Header values may not contain linefeed")
        delivered.append(message.to_address)

    assert mail.send_due(send=send) == (1, 1)
    assert delivered == ["second@example.org"]
    first = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.to_address == "first@example.org")
    )
    assert first.attempts == 1 and "linefeed" in first.last_error


def test_sent_mails_keep_no_working_links(db, client, member):
    client.post("/en/forgot-password", data={"email": member.email})
    mail.send_due(send=lambda message: None)
    body = db.session.scalar(db.select(OutboxMessage.body_text))
    assert "/reset-password/" in body
    token_part = body.split("/reset-password/")[1].split()[0]
    assert token_part == "…"


@pytest.mark.parametrize("path", ["invitation", "reset-password", "experts/claim"])
def test_every_kind_of_single_use_link_is_redacted_once_sent(path):
    body = f"Follow http://localhost/sq/{path}/s3cr3t-token to go on; or /{path}/ by hand."
    assert mail.redact_links(body) == (
        f"Follow http://localhost/sq/{path}/… to go on; or /{path}/ by hand."
    )


def test_the_worker_outlives_a_database_restart(app, db, smtp_server, monkeypatch):
    """`outbox work` pauses while the database is away and sends once it is back, instead of
    exiting and leaving the mail unsent until someone restarts it."""
    from sqlalchemy.exc import OperationalError

    from consortium.mail import cli

    queue_mail("a@example.org")
    db.session.commit()
    real, calls = cli.send_due, []

    class Stop(Exception):
        pass

    def flaky_database():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT", {}, Exception("the database system is starting up"))
        if len(calls) == 2:
            return real()
        raise Stop()

    monkeypatch.setattr(cli, "send_due", flaky_database)
    monkeypatch.setattr(cli.time, "sleep", lambda seconds: None)
    result = app.test_cli_runner().invoke(args=["outbox", "work"])
    assert isinstance(result.exception, Stop)  # still looping after the failed pass
    assert "database unavailable, retrying in 5 s" in result.stderr
    assert result.stdout.strip() == "sent 1, failed 0"
    assert len(smtp_server.received) == 1
