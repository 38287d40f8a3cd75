"""The account page's tokens: create one (its secret is shown once), see when each was
last used, revoke one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.auth.gates import recent_password
from consortium.core.authz import destructive, guard
from consortium.core.forms import ConfirmForm, refusals
from consortium.tokens import policy, services
from consortium.tokens.forms import TokenForm

bp = Blueprint("tokens", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.route("/account/tokens", methods=["GET", "POST"])
@guard(policy.can_manage_own)
@recent_password(methods=("POST",))
def index():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        with refusals(form.name) as outcome:
            _token, secret = services.create(
                current_user,
                name=form.name.data or "",
                scope=form.scope.data or "read",
                expires_days=form.expires_days.data,
                actor=current_user,
            )
        if outcome.ok:
            form = TokenForm(formdata=None)
    response = render_template(
        "tokens/index.html", form=form, tokens=services.of(current_user), secret=secret
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@guard(policy.can_manage_own)
@destructive
def revoke(token_id: int):
    token = services.get_own(current_user, token_id)
    if token is None:
        abort(404)
    if request.method == "GET":
        return render_template(
            "confirm.html",
            title=_("Revoke the token “%(name)s”?", name=token.name),
            consequence=_("Scripts that use it stop working at once."),
            undo=_("This cannot be undone; create a new token if you need one."),
            confirm_label=_("Revoke"),
            cancel_url=url_for("tokens.index"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.revoke(token, actor=current_user)
    flash(_("The token has been revoked."), "success")
    return redirect(url_for("tokens.index"))
