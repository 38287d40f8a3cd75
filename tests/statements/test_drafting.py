"""The drafting pages: start a draft, edit every language beside the original, the history
and its differences, comments; who sees them. Pages are read as HTML and forms are sent
back as a browser would send them."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from consortium.audit.models import AuditEvent
from consortium.db import utcnow
from consortium.statements import services
from consortium.statements.models import Comment, Statement
from consortium.statements.schemas import CommentInput
from tests import factories
from tests.statements.calls import BODY, TITLE, draft, save

EN_BODY = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


def _soup(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _form_data(form) -> list[tuple[str, str]]:
    """What a browser sends for this form as it stands (checked boxes only)."""
    data = []
    for element in form.select("input[name], textarea[name], select[name]"):
        name = element["name"]
        if element.name == "textarea":
            data.append((name, element.get_text()))
        elif element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            data.append((name, chosen.get("value", "") if chosen else ""))
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                data.append((name, element.get("value", "y")))
        else:
            data.append((name, element.get("value", "")))
    return data


def _with(data: list[tuple[str, str]], **changes) -> dict[str, list[str]]:
    """The form's data with some fields replaced (a list value replaces every value)."""
    out: dict[str, list[str]] = {}
    for name, value in data:
        out.setdefault(name, []).append(value)
    for name, value in changes.items():
        out[name] = value if isinstance(value, list) else [value]
    return out


def _edit_form(client, statement) -> list[tuple[str, str]]:
    soup = _soup(client.get(f"/en/statements/{statement.slug}/edit"))
    return _form_data(soup.select_one("form.drafting-form"))


def _reload(db, statement) -> Statement:
    db.session.expire_all()
    return db.session.get(Statement, statement.id)


@pytest.fixture
def outsider(app):
    """The org admin of a third organisation, invited to nothing."""
    third = factories.OrganisationFactory(slug="third-org", name="Treća organizacija", country="ME")
    return factories.UserFactory(
        name="Tea Outsider", organisation=third, org_role="org_admin", email="tea@example.org"
    )


# --- Starting a draft ----------------------------------------------------------------------


def test_staff_start_a_draft_through_the_page(db, client_as, staff, org, other_org):
    area = factories.AreaFactory(slug="pcve")
    client = client_as(staff)
    soup = _soup(client.get("/en/statements/new"))
    assert soup.select_one("select[name=original_language] option[selected]")["value"] == "en"
    assert "Markdown" in _text(soup.select_one("#body-hint"))
    partners = [_text(label) for label in soup.select("#invited label")]
    assert partners == ["Beogradski centar"], "every other organisation, not the author"
    assert soup.select("select[name=organisation]") == [], "staff write for their own"
    deadline = utcnow().date() + timedelta(days=10)
    response = client.post(
        "/en/statements/new",
        data={
            "title": TITLE,
            "body": BODY,
            "original_language": "sr-latn",
            "areas": [str(area.id)],
            "invited": [str(other_org.id)],
            "sign_deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    statement = db.session.scalar(db.select(Statement))
    assert urlsplit(response.headers["Location"]).path == f"/en/statements/{statement.slug}/edit"
    assert statement.state == "draft" and statement.revision_number == 1
    assert statement.organisation_id == org.id and statement.created_by_id == staff.id
    assert statement.original_language == "sr-latn" and statement.sign_deadline == deadline
    assert [r.number for r in statement.revisions] == [1]
    assert statement.current_revision.text("sr-latn").body == BODY
    assert [i.organisation_id for i in statement.invitations] == [other_org.id]
    assert [a.slug for a in statement.areas] == ["pcve"]
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "statement.created"))
    assert event.actor_id == staff.id and event.object_id == statement.id


def test_a_new_draft_needs_a_title_and_text(db, client_as, staff):
    response = client_as(staff).post("/en/statements/new", data={"original_language": "en"})
    soup = _soup(response)
    assert soup.select_one(".error-summary") is not None
    assert db.session.scalar(db.select(db.func.count()).select_from(Statement)) == 0


def test_a_coordinator_without_an_organisation_chooses_the_author(
    db, client_as, coordinator, org, other_org
):
    client = client_as(coordinator)
    soup = _soup(client.get("/en/statements/new"))
    options = [o["value"] for o in soup.select("select[name=organisation] option")]
    assert options == ["0", str(other_org.id), str(org.id)], "by name: Beogradski, Qendra"
    response = client.post(
        "/en/statements/new",
        data={"organisation": str(org.id), "title": "T", "body": "B", "original_language": "sq"},
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(Statement.organisation_id)) == org.id


def test_drafts_you_take_part_in(db, client_as, staff, other_org, other_org_admin, outsider):
    statement = draft(staff, invited=[other_org])
    for person in (staff, other_org_admin):
        soup = _soup(client_as(person).get("/en/statements/drafts"))
        links = [a["href"] for a in soup.select("ul.drafts a")]
        assert links == [f"/en/statements/{statement.slug}"]
        assert _text(soup.select_one("ul.drafts .tag")) == "Draft"
    soup = _soup(client_as(outsider).get("/en/statements/drafts"))
    assert soup.select("ul.drafts") == [] and soup.select_one(".empty-state") is not None


# --- Who reads a draft ---------------------------------------------------------------------

DRAFT_PAGES = ("edit", "history", "diff", "comments")


def test_the_invited_org_admin_reads_the_draft_others_do_not(
    db, client_as, staff, member, other_org, other_org_admin, outsider
):
    statement = draft(staff, invited=[other_org])
    invited = client_as(other_org_admin)
    for page in ("history", "diff", "comments"):
        assert invited.get(f"/en/statements/{statement.slug}/{page}").status_code == 200
    assert invited.get(f"/en/statements/{statement.slug}/edit").status_code == 404
    for person in (member, outsider):
        client = client_as(person)
        for page in DRAFT_PAGES:
            response = client.get(f"/en/statements/{statement.slug}/{page}")
            assert response.status_code == 404, (person.email, page)
        response = client.post(f"/en/statements/{statement.slug}/comments", data={"body": "Hi"})
        assert response.status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 0


def test_a_visitor_is_sent_to_sign_in_from_every_drafting_page(db, client, staff):
    statement = draft(staff)
    paths = [f"/en/statements/{statement.slug}/{page}" for page in DRAFT_PAGES]
    for path in ["/en/statements/new", "/en/statements/drafts", *paths]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert urlsplit(response.headers["Location"]).path == "/en/login"
    comment = services.add_comment(statement, CommentInput("Dobro."), actor=staff)
    for path in (
        f"/en/statements/{statement.slug}/comments",
        f"/en/statements/{statement.slug}/comments/{comment.id}/resolve",
    ):
        response = client.post(path, data={"body": "Hi"})
        assert urlsplit(response.headers["Location"]).path == "/en/login"
    assert _reload(db, statement) and db.session.get(Comment, comment.id).resolved_at is None


# --- Editing -------------------------------------------------------------------------------


def test_save_a_translation(db, client_as, staff):
    statement = draft(staff)
    client = client_as(staff)
    data = _edit_form(client, statement)
    assert ("seen_revision", "1") in data
    response = client.post(
        f"/en/statements/{statement.slug}/edit",
        data=_with(data, title_en="Joint position", body_en=EN_BODY, note="English added"),
    )
    assert response.status_code == 302
    statement = _reload(db, statement)
    assert statement.revision_number == 2
    english = statement.current_revision.text("en")
    assert (english.title, english.body) == ("Joint position", EN_BODY)
    assert statement.current_revision.note == "English added"
    assert statement.current_revision.text("sr-latn").body == BODY


def test_serbian_is_edited_in_one_script(db, client_as, staff):
    statement = draft(staff)  # written in Serbian Latin
    soup = _soup(client_as(staff).get(f"/en/statements/{statement.slug}/edit"))
    assert soup.select("textarea[name=body_sr_latn]") and not soup.select(
        "textarea[name=body_sr_cyrl]"
    )
    assert "only the version in Latin script is edited" in _text(soup)


def _outdated(soup, code: str) -> list[str]:
    return [
        li.select_one("input")["value"]
        for li in soup.select(f"#language-{code} li.outdated")
        if li.select_one(f"input[name=confirmed_{code.replace('-', '_')}]")
    ]


def test_a_changed_original_paragraph_marks_the_translation_until_confirmed(db, client_as, staff):
    statement = draft(staff)
    save(statement, staff, {"sr-latn": (TITLE, BODY), "en": ("Joint position", EN_BODY)})
    client = client_as(staff)
    data = _edit_form(client, statement)
    changed = BODY.replace("Drugi pasus", "Izmenjeni drugi pasus")
    response = client.post(
        f"/en/statements/{statement.slug}/edit", data=_with(data, body_sr_latn=changed)
    )
    assert response.status_code == 302

    soup = _soup(client.get(f"/en/statements/{statement.slug}/edit"))
    assert _outdated(soup, "en") == ["1"], "the second paragraph, and only it"
    assert "Outdated: the original changed" in _text(soup.select_one("#language-en li.outdated"))
    assert _text(soup.select_one("#language-en summary")).endswith("1 paragraph outdated")

    data = _form_data(soup.select_one("form.drafting-form"))
    response = client.post(
        f"/en/statements/{statement.slug}/edit", data=_with(data, confirmed_en=["1"])
    )
    assert response.status_code == 302
    assert _reload(db, statement).current_revision.text("en").outdated == []
    soup = _soup(client.get(f"/en/statements/{statement.slug}/edit"))
    assert _outdated(soup, "en") == [] and soup.select("#language-en li.outdated") == []


def test_faithful_is_recorded_per_language(db, client_as, staff):
    statement = draft(staff)
    client = client_as(staff)
    data = _edit_form(client, statement)
    client.post(
        f"/en/statements/{statement.slug}/edit",
        data=_with(data, title_sq="Qëndrim", body_sq="Një.\n\nDy.\n\nTre.", faithful_sq="y"),
    )
    assert _reload(db, statement).current_revision.text("sq").faithful is True
    soup = _soup(client.get(f"/en/statements/{statement.slug}/edit"))
    assert soup.select_one("input[name=faithful_sq]").has_attr("checked")


def test_a_stale_save_is_refused_keeps_the_text_and_shows_the_difference(
    db, client_as, staff, org_admin
):
    statement = draft(staff)
    first, second = client_as(staff), client_as(org_admin)
    seen_by_first, seen_by_second = _edit_form(first, statement), _edit_form(second, statement)
    saved = BODY.replace("Drugi pasus", "Novi drugi pasus")
    response = first.post(
        f"/en/statements/{statement.slug}/edit", data=_with(seen_by_first, body_sr_latn=saved)
    )
    assert response.status_code == 302

    theirs = BODY + "\n\nČetvrti pasus druge osobe."
    response = second.post(
        f"/en/statements/{statement.slug}/edit", data=_with(seen_by_second, body_sr_latn=theirs)
    )
    soup = _soup(response, 409)
    assert _reload(db, statement).current_revision.text("sr-latn").body == saved
    assert soup.select_one("textarea[name=body_sr_latn]").get_text().strip() == theirs
    notice = soup.select_one(".notice-warning")
    assert "Someone else saved this draft" in _text(notice)
    added = " ".join(_text(i) for i in notice.select("ins"))
    assert "added:" in added and "Novi" in added
    assert soup.select_one("input[name=seen_revision]")["value"] == "2"

    # Saving again is now a deliberate overwrite.
    data = _form_data(soup.select_one("form.drafting-form"))
    assert second.post(f"/en/statements/{statement.slug}/edit", data=_with(data)).status_code == 302
    assert _reload(db, statement).current_revision.text("sr-latn").body == theirs


# --- History and differences ---------------------------------------------------------------


def test_history_lists_revisions_and_the_diff_shows_words(db, client_as, staff, org_admin):
    statement = draft(staff)
    save(statement, org_admin, {"sr-latn": (TITLE, BODY.replace("Drugi", "Izmenjeni"))}, note="n")
    client = client_as(staff)
    soup = _soup(client.get(f"/en/statements/{statement.slug}/history"))
    rows = soup.select("table.revisions tbody tr")
    assert [r["id"] for r in rows] == ["r2", "r1"]
    assert "Bruno Org-Admin" in _text(rows[0]) and "Chen Staff" in _text(rows[1])
    assert "Srpski" in _text(rows[0])
    compare = soup.select_one("form.drafting-compare")
    assert compare["method"] == "get"
    assert compare["action"] == f"/en/statements/{statement.slug}/diff"

    soup = _soup(client.get(f"/en/statements/{statement.slug}/diff?a=1&b=2&lang=sr-latn"))
    diff = soup.select_one(".diff")
    assert [_text(d) for d in diff.select("del")] == ["[removed: Drugi ]"]
    assert [_text(i) for i in diff.select("ins")] == ["[added: Izmenjeni ]"]


@pytest.mark.parametrize(
    "query", ["a=1&b=9&lang=sr-latn", "a=7&b=1&lang=sr-latn", "a=1&b=1&lang=xx", "a=x&b=1"]
)
def test_a_diff_of_what_does_not_exist_is_404(db, client_as, staff, query):
    statement = draft(staff)
    response = client_as(staff).get(f"/en/statements/{statement.slug}/diff?{query}")
    assert response.status_code == 404


# --- Comments ------------------------------------------------------------------------------


def test_comments_added_answered_and_resolved(db, client_as, staff, other_org, other_org_admin):
    statement = draft(staff, invited=[other_org])
    partner = client_as(other_org_admin)
    response = partner.post(
        f"/en/statements/{statement.slug}/comments",
        data={"body": "Shorten this.", "paragraph": "2", "language": ""},
    )
    assert response.status_code == 302
    question = db.session.scalar(db.select(Comment))
    assert question.paragraph == 1 and question.author_id == other_org_admin.id

    author = client_as(staff)
    response = author.post(
        f"/en/statements/{statement.slug}/comments",
        data={"body": "Done.", "parent_id": str(question.id)},
    )
    assert response.status_code == 302
    soup = _soup(author.get(f"/en/statements/{statement.slug}/comments"))
    thread = soup.select_one(f"#c{question.id}")
    assert "on paragraph 2" in _text(thread.select_one("header"))
    assert "Done." in _text(thread.select_one("ol.answers"))

    response = author.post(f"/en/statements/{statement.slug}/comments/{question.id}/resolve")
    assert response.status_code == 302
    soup = _soup(author.get(f"/en/statements/{statement.slug}/comments"))
    folded = soup.select_one("details.comments-resolved")
    assert folded is not None and folded.select_one(f"#c{question.id}") is not None
    assert "2 resolved comments" in _text(folded.select_one("summary"))
    assert soup.select(f"ol.comments > #c{question.id}") == folded.select(
        f"ol.comments > #c{question.id}"
    )


def test_an_empty_comment_is_refused(db, client_as, staff):
    statement = draft(staff)
    response = client_as(staff).post(f"/en/statements/{statement.slug}/comments", data={})
    assert _soup(response, 400).select_one(".error-summary") is not None


def test_a_comment_of_another_statement_is_404(db, client_as, staff):
    one, other = draft(staff), draft(staff, title="Drugi stav")
    comment = services.add_comment(other, CommentInput("Tamo."), actor=staff)
    response = client_as(staff).post(f"/en/statements/{one.slug}/comments/{comment.id}/resolve")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).resolved_at is None


def test_comments_on_a_published_statement_are_read_only(db, client_as, coordinator, staff):
    statement = draft(staff)
    statement.state, statement.published_at = "published", statement.created_at
    statement.published_revision_id = statement.current_revision.id
    soup = _soup(client_as(coordinator).get(f"/en/statements/{statement.slug}/comments"))
    assert soup.select("form textarea[name=body]") == []


# --- Markdown ------------------------------------------------------------------------------

EVIL = (
    "Prvi pasus <script>alert('x')</script>.\n\n"
    "[klikni](javascript:alert(1)) i [ovo](https://example.org)."
)


def test_markdown_bodies_are_neutralised(db, client_as, staff):
    statement = draft(staff, body=EVIL)
    services.add_comment(statement, CommentInput(EVIL), actor=staff)
    client = client_as(staff)
    for page in ("edit", "comments"):
        soup = _soup(client.get(f"/en/statements/{statement.slug}/{page}"))
        main = soup.select_one("main")
        assert main.select("script") == [], page
        hrefs = [a.get("href", "") for a in main.select(".drafting-paragraphs a, .comment-body a")]
        assert "https://example.org" in hrefs, page
        assert not any(h.lower().startswith("javascript") for h in hrefs), page
        assert "<script>alert" not in soup.decode(), page
