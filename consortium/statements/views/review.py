"""Review and publication: the author organisation submits, a coordinator decides, publishes
(now or at a set time) and may withdraw a published statement with a public reason."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.core.authz import destructive, guard
from consortium.core.errors import Conflict
from consortium.core.forms import ConfirmForm, refusals
from consortium.i18n.formats import format_datetime
from consortium.statements import policy, workflow
from consortium.statements.blueprint import bp
from consortium.statements.forms.review import (
    DECISION_HINTS,
    DecisionForm,
    PublishForm,
    WithdrawForm,
)
from consortium.statements.models import Statement
from consortium.statements.views.signing import reading
from consortium.statements.vocab import Decision


@bp.post("/statements/<statement:statement>/submit")
@guard(policy.can_submit, "statement", hide=True)
def submit(statement: Statement):
    """Hand the draft to the coordinators (reversible: they may request changes)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    workflow.submit(statement, actor=current_user)
    flash(_("The statement has been submitted. The coordinators have been told."), "success")
    return redirect(url_for("statements.signatures", statement=statement))


def _review_page(statement: Statement, form: DecisionForm, *, conflict: bool = False):
    numbers = {r.id: r.number for r in statement.revisions}
    return render_template(
        "statements/review.html",
        statement=statement,
        form=form,
        hints=DECISION_HINTS,
        reviews=workflow.reviews_of(statement),
        decisions=dict(Decision.choices()),
        revision_numbers=numbers,
        conflict=conflict,
        can_decide=policy.can_decide(current_user, statement),
        **reading(statement, request.args.get("read")),
    ), (409 if conflict else 200)


@bp.route("/statements/<statement:statement>/review", methods=["GET", "POST"])
@guard(policy.can_review, "statement", hide=True)
def review(statement: Statement):
    """Read the text, the signatures and earlier rounds; approve, request changes or reject."""
    form = DecisionForm()
    if request.method == "GET":
        form.seen_round.data = statement.review_round
    if request.method == "POST" and not policy.can_decide(current_user, statement):
        return _review_page(statement, form, conflict=True)  # decided meanwhile: say so
    if form.validate_on_submit():
        try:
            with refusals(form.note) as outcome:
                workflow.decide(statement, form.to_input(), actor=current_user)
        except workflow.DecidedMeanwhile:
            workflow.reread(statement)
            # If a new round is open, a decision sent again from this page belongs to it.
            form.seen_round.data = statement.review_round
            form.seen_round.raw_data = [str(statement.review_round)]
            return _review_page(statement, form, conflict=True)
        if outcome.ok:
            flash(_("Your decision has been recorded."), "success")
            return redirect(url_for("statements.signatures", statement=statement))
    return _review_page(statement, form)


@bp.route("/statements/<statement:statement>/publish", methods=["GET", "POST"])
@guard(policy.can_review, "statement", hide=True)
def publish(statement: Statement):
    """Publish an approved statement now, or at a date and time."""
    form = PublishForm()
    if request.method == "GET":
        form.when.data = "now"
    conflict = not policy.can_publish(current_user, statement)  # not (or no longer) approved
    if not conflict and form.validate_on_submit():
        data = form.to_input()
        try:
            with refusals(form.at) as outcome:
                workflow.publish(statement, data, actor=current_user)
        except Conflict:
            workflow.reread(statement)
            conflict = True
        else:
            if outcome.ok:
                if data.at is None:
                    flash(_("The statement is published."), "success")
                else:
                    when = format_datetime(data.at, "long")
                    flash(_("The statement will be published on %(when)s.", when=when), "success")
                return redirect(url_for("statements.signatures", statement=statement))
    return render_template(
        "statements/publish.html",
        statement=statement,
        form=form,
        conflict=conflict,
        **reading(statement, request.args.get("read")),
    ), (409 if conflict else 200)


@bp.route("/statements/<statement:statement>/withdraw", methods=["GET", "POST"])
@guard(policy.can_withdraw_publication, "statement", hide=True)
@destructive
def withdraw(statement: Statement):
    """Withdraw a published statement, with the reason its page will show."""
    form = WithdrawForm()
    if form.validate_on_submit():
        with refusals(form.reason) as outcome:
            workflow.withdraw_publication(statement, form.reason.data, actor=current_user)
        if outcome.ok:
            flash(_("The statement has been withdrawn. Its page gives the reason."), "success")
            return redirect(url_for("statements.detail", statement=statement))
    status = 400 if form.errors else 200
    return render_template("statements/withdraw.html", statement=statement, form=form), status
