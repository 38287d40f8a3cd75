"""Drafting: start a draft, edit every language version beside the original, the history of
revisions and their differences, and the comments on the draft."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.core.authz import guard
from consortium.core.forms import ConfirmForm, per_language, refusals
from consortium.core.markdown import render
from consortium.core.templating import this_page_is
from consortium.i18n import current_language
from consortium.i18n.languages import LANGUAGES
from consortium.organisations import services as organisations
from consortium.organisations.display import area_name
from consortium.statements import policy, services
from consortium.statements.blueprint import bp
from consortium.statements.forms.drafting import (
    MARKDOWN_HINT,
    CommentForm,
    DiffForm,
    EditForm,
    NewStatementForm,
)
from consortium.statements.models import Statement, StatementRevision
from consortium.statements.texts import paragraphs


def _partner_choices(author_id: int | None) -> list[tuple[int, str]]:
    """Every other organisation, by its name in the reader's language."""
    return [(o.id, o.name) for o in organisations.menu() if o.id != author_id]


def _area_choices() -> list[tuple[int, str]]:
    return [(a.id, area_name(a)) for a in organisations.areas()]


@bp.route("/statements/new", methods=["GET", "POST"])
@guard(policy.can_start)
def new():
    """Staff start a draft for their organisation; coordinators for any."""
    form = NewStatementForm()
    own = getattr(current_user, "organisation_id", None)
    if own is not None:
        del form.organisation
    else:
        form.organisation.choices = [(0, _("Choose an organisation")), *_partner_choices(None)]
    form.areas.choices = _area_choices()
    form.invited.choices = _partner_choices(own or (form.organisation.data or None))
    if request.method == "GET":
        form.original_language.data = current_language().code
    if form.validate_on_submit():
        with refusals(form.title) as outcome:
            statement = services.create_draft(form.to_input(), actor=current_user)
        if outcome.ok:
            flash(_("The draft has been started. Add translations when you have them."), "success")
            return redirect(url_for("statements.edit", statement=statement))
    return render_template("statements/new.html", form=form)


@bp.get("/statements/drafts")
@guard(policy.can_start)
def drafts():
    """The statements not yet published that this person takes part in."""
    drafts = services.drafts_for(current_user)
    return render_template("statements/drafting_list.html", drafts=drafts)


# --- Editing -------------------------------------------------------------------------------


def _edit_form(statement: Statement) -> EditForm:
    form = EditForm()
    form.areas.choices = _area_choices()
    form.invited.choices = _partner_choices(statement.organisation_id)
    if request.method == "GET":
        _show_saved(form, statement)
    return form


def _show_saved(form: EditForm, statement: Statement) -> None:
    current = statement.current_revision
    assert current is not None
    form.seen_revision.data = statement.revision_number
    form.areas.data = [a.id for a in statement.areas]
    form.invited.data = [i.organisation_id for i in statement.invitations]
    form.sign_deadline.data = statement.sign_deadline
    for text in current.texts:
        if per_language("title", text.language) in form:
            form[per_language("title", text.language)].data = text.title
            form[per_language("body", text.language)].data = text.body
            form[per_language("faithful", text.language)].data = text.faithful


def _edit_page(statement: Statement, form: EditForm, status: int = 200, **extra):
    this_page_is("statements.edit", statement=statement)
    languages = services.editable_languages(statement.original_language)
    current = statement.current_revision
    assert current is not None
    original = current.text(statement.original_language)
    form[per_language("body", statement.original_language)].description = MARKDOWN_HINT
    return render_template(
        "statements/edit.html",
        statement=statement,
        form=form,
        original_language=statement.original_language,
        translations=languages[1:],
        original_paragraphs=[render(p) for p in paragraphs(original.body if original else "")],
        outdated={t.language: set(t.outdated) for t in current.texts},
        stored={t.language for t in current.texts},
        serbian=services.serbian_script(statement.original_language),
        **extra,
    ), status


@bp.route("/statements/<statement:statement>/edit", methods=["GET", "POST"])
@guard(policy.can_edit, "statement", hide=True)
def edit(statement: Statement):
    """Every language version, edited beside the original, paragraph by paragraph."""
    form = _edit_form(statement)
    if form.validate_on_submit():
        languages = services.editable_languages(statement.original_language)
        try:
            with refusals(form.note) as outcome:
                revision = services.save_draft(
                    statement, form.to_input(languages), actor=current_user
                )
        except services.StaleDraft:
            return _conflict(statement, form)
        if outcome.ok:
            flash(_("Saved as revision %(number)d.", number=revision.number), "success")
            return redirect(url_for("statements.edit", statement=statement))
    return _edit_page(statement, form)


def _conflict(statement: Statement, form: EditForm):
    """Someone saved first: keep what this editor typed, show what was saved meanwhile."""
    seen = form.seen_revision.data or 0
    services.reload(statement)  # the refused save wrote nothing: read what is saved now
    if not policy.can_edit(current_user, statement):
        raise services.StaleDraft()  # no longer a draft: nothing to compare it with
    current = statement.current_revision
    assert current is not None
    started = services.revision(statement, seen)
    changes = [
        services.text_diff(started.text(code) if started else None, current.text(code), code)
        for code in services.editable_languages(statement.original_language)
    ]
    # Saving again now overwrites what was saved meanwhile, knowingly.
    form.seen_revision.data = statement.revision_number
    form.seen_revision.raw_data = [str(statement.revision_number)]
    return _edit_page(
        statement,
        form,
        409,
        conflict=[c for c in changes if c.changed],
        saved_by=current.created_by,
        saved_at=current.created_at,
    )


# --- History -------------------------------------------------------------------------------


@bp.get("/statements/<statement:statement>/history")
@guard(policy.can_read_draft, "statement", hide=True)
def history(statement: Statement):
    """Every revision: who saved it, when, its note and its languages."""
    revisions = list(reversed(statement.revisions))
    form = DiffForm(formdata=None)
    _revision_choices(form, statement)
    return render_template(
        "statements/history.html", statement=statement, revisions=revisions, form=form
    )


def _revision_choices(form: DiffForm, statement: Statement) -> None:
    current = statement.revision_number
    form.a.data = form.a.data or max(current - 1, 1)
    form.b.data = form.b.data or current
    # Blank (Optional() lets " " through, unchecked) means the original language.
    form.lang.data = (form.lang.data or "").strip() or statement.original_language


@bp.get("/statements/<statement:statement>/diff")
@guard(policy.can_read_draft, "statement", hide=True)
def diff(statement: Statement):
    """What changed between two revisions in one language, word by word."""
    form = DiffForm(request.args)
    if not form.validate():
        abort(404)  # a revision or language that is not there is an address leading nowhere
    _revision_choices(form, statement)
    before: StatementRevision | None = services.revision(statement, form.a.data)
    after: StatementRevision | None = services.revision(statement, form.b.data)
    changes = services.diff_revisions(statement, form.a.data, form.b.data, form.lang.data)
    if changes is None or before is None or after is None:
        abort(404)
    return render_template(
        "statements/diff.html",
        statement=statement,
        form=form,
        before=before,
        after=after,
        changes=changes,
        language=LANGUAGES[form.lang.data],
    )


# --- Comments ------------------------------------------------------------------------------


def _comments_page(statement: Statement, form: CommentForm, status: int = 200):
    this_page_is("statements.comments", statement=statement)
    threads = services.thread(services.comments_of(statement))
    current = statement.current_revision
    original = current.text(statement.original_language) if current else None
    return render_template(
        "statements/comments.html",
        statement=statement,
        form=form,
        open_threads=[t for t in threads if t.comment.resolved_at is None],
        resolved_threads=[t for t in threads if t.comment.resolved_at is not None],
        original_paragraphs=[render(p) for p in paragraphs(original.body if original else "")],
        can_comment=policy.can_comment(current_user, statement),
        render=render,
    ), status


@bp.get("/statements/<statement:statement>/comments")
@guard(policy.can_read_draft, "statement", hide=True)
def comments(statement: Statement):
    """The discussion of the draft, in threads; resolved ones folded away."""
    return _comments_page(statement, CommentForm(formdata=None))


@bp.post("/statements/<statement:statement>/comments")
@guard(policy.can_comment, "statement", hide=True)
def add_comment(statement: Statement):
    """A new comment, or an answer to one, optionally on one paragraph."""
    form = CommentForm()
    if form.validate_on_submit():
        with refusals(form.body) as outcome:
            comment = services.add_comment(statement, form.to_input(), actor=current_user)
        if outcome.ok:
            flash(_("Your comment has been added."), "success")
            return redirect(
                url_for("statements.comments", statement=statement, _anchor=f"c{comment.id}")
            )
    return _comments_page(statement, form, status=400)


@bp.post("/statements/<statement:statement>/comments/<id:comment_id>/resolve")
@guard(policy.can_comment, "statement", hide=True)
def resolve_comment(statement: Statement, comment_id: int):
    """Mark a comment resolved; it folds away with its answers."""
    comment = services.comment_of(statement, comment_id)
    if comment is None:
        abort(404)  # unknown, or another statement's
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.resolve_comment(comment, actor=current_user)
    flash(_("The comment has been marked resolved."), "success")
    return redirect(url_for("statements.comments", statement=statement, _anchor=f"c{comment.id}"))
