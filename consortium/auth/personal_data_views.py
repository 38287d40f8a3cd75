"""The account page's privacy actions: download one's data, delete one's account."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField, StringField

from consortium.auth import deletion, personal_data, policy, second_factor, services, sessions
from consortium.auth.forms import CODE_MAX
from consortium.auth.gates import recent_password
from consortium.auth.schemas import PASSWORD_MAX
from consortium.auth.views import bp
from consortium.core import seclog
from consortium.core.authz import destructive, guard
from consortium.core.forms import BaseForm, max_length, refusals, required
from consortium.core.limits import Limit, limited
from consortium.db import utcnow

NO_STORE = {"Cache-Control": "no-store"}


class DeleteAccountForm(BaseForm):
    password = PasswordField(
        _l("Current password"), validators=[required(), max_length(PASSWORD_MAX)]
    )
    # Required by the service only when the person has a second factor.
    code = StringField(
        _l("Code"),
        validators=[max_length(CODE_MAX)],
        description=_l(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )


@bp.get("/account/data.json")
@guard(policy.is_signed_in)
@recent_password(methods=("GET",))
def personal_data_download():
    """Everything the platform holds about the signed-in person, as a JSON file."""
    data = personal_data.export(current_user, actor=current_user)
    seclog.event("auth.personal_data_exported", actor_id=current_user.id)
    name = f"consortium-personal-data-{utcnow().date().isoformat()}.json"
    return Response(
        personal_data.to_json(data),
        mimetype="application/json",
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'},
    )


def _deletion_key() -> str:
    return f"delete-account:{current_user.get_id()}"


@bp.route("/account/delete", methods=["GET", "POST"])
@guard(policy.is_signed_in)
@destructive
@limited(Limit("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", key=_deletion_key))
def delete_account():
    """Delete one's account, after a page that says what goes and what stays."""
    problem = deletion.refusal(current_user)
    form = DeleteAccountForm(formdata=None) if problem is not None else DeleteAccountForm()
    if problem is None and form.validate_on_submit():
        errors = {services.WrongCurrentPassword: form.password, second_factor.WrongCode: form.code}
        with refusals(form.password, errors) as outcome:
            deletion.delete_account(
                current_user,
                password=form.password.data or "",
                code=form.code.data,
                actor=current_user,
            )
        if outcome.ok:
            sessions.end_current()
            flash(_("Your account has been deleted."), "success")
            return redirect(url_for("home.index"))
        deletion.record_failed_attempt(current_user)
    page = render_template(
        "auth/delete_account.html",
        form=form,
        refusal=str(problem.message) if problem is not None else None,
    )
    refused = problem is not None or bool(form.errors)
    status = 400 if refused and form.is_submitted() else 200
    return page, status, NO_STORE
