"""Signing in and out, forgotten passwords and the account page."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from consortium.auth import devices, policy, second_factor, services, sessions
from consortium.auth.display import user_agent_label
from consortium.auth.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    DisableSecondFactorForm,
    EnableSecondFactorForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SecondStepForm,
)
from consortium.auth.gates import recent_password
from consortium.auth.models import User, email_key
from consortium.auth.schemas import EMAIL_MAX
from consortium.core import links
from consortium.core.authz import destructive, guard, public
from consortium.core.forms import ConfirmForm, refusals
from consortium.core.limits import Limit, forgive, limited, refund
from consortium.core.templating import this_page_is
from consortium.core.urls import is_safe_next
from consortium.db import db
from consortium.i18n import current_language
from consortium.i18n.formats import format_datetime

bp = Blueprint("auth", __name__, url_prefix="/<lang:lang>", template_folder="templates")


def _account_key() -> str:
    return "login-account:" + email_key(request.form.get("email", ""))[:EMAIL_MAX]


def _address_key() -> str:
    return request.remote_addr or "127.0.0.1"


def _account_and_address_key() -> str:
    return f"{_account_key()}:{request.remote_addr}"


def _reset_account_key() -> str:
    return "reset-account:" + email_key(request.form.get("email", ""))[:EMAIL_MAX]


def _current_account_key() -> str:
    return f"password-change:{current_user.get_id()}"


# Every limit counts an attempt before the password is verified, in one atomic step, so a
# burst of parallel guesses cannot all pass a check made before any of them is counted. The
# wide limits are meant for failures: a right password gives its attempt back to them
# (`_give_back`), so a conference's shared Wi-Fi is not blocked by people signing in, and a
# stranger needs many failed guesses before the owner has to wait. A browser that signed in
# to the account before (a device cookie) is counted in a bucket of its own instead, so a
# stranger filling these limits from many addresses does not lock the owner out of it.
PER_ADDRESS = Limit(
    "LOGIN_LIMIT_PER_ADDRESS",
    key=_address_key,
    scope="login-address",
    exempt_when=devices.trusted_attempt,
)
PER_ACCOUNT_AND_ADDRESS = Limit(
    "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS",
    key=_account_and_address_key,
    scope="login-account-address",
    exempt_when=devices.trusted_attempt,
)
PER_ACCOUNT = Limit(
    "LOGIN_LIMIT_PER_ACCOUNT",
    key=_account_key,
    scope="login-account",
    exempt_when=devices.trusted_attempt,
)
LOGIN_LIMITS = (PER_ADDRESS, PER_ACCOUNT_AND_ADDRESS, PER_ACCOUNT)
# The sign-in form is a form: its limits read the address from the form body, so a body in
# another encoding (JSON, which Flask-WTF would also accept) is refused before any password
# is checked rather than counted in another bucket.
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", ""})


def _refuse_other_encodings() -> None:
    if request.mimetype not in FORM_TYPES:
        abort(415)
    if "email" in request.args or "password" in request.args:
        abort(400)  # a password in the address ends up in logs and browser history


def _give_back() -> None:
    """The right password was typed: it was not a guess, so the wide limits give back the
    attempt they counted (the tight one is emptied once the sign-in is complete)."""
    if not devices.trusted_attempt():  # a trusted device was counted in its own bucket only
        refund(PER_ADDRESS, _address_key())
        refund(PER_ACCOUNT, _account_key())


def _forgive_failures(email: str) -> None:
    """Someone who just proved who they are is never held back by earlier failures on their
    account. The per-address count stays: signing in to one's own account must not reset a
    counter that guards everyone else's."""
    key = "login-account:" + email_key(email)[:EMAIL_MAX]
    forgive(PER_ACCOUNT, key)
    forgive(PER_ACCOUNT_AND_ADDRESS, f"{key}:{request.remote_addr}")


RESET_LIMITS = (
    Limit("RESET_LIMIT_PER_ADDRESS"),
    # Nobody can flood someone's inbox with reset links from many addresses.
    Limit("RESET_LIMIT_PER_ACCOUNT", key=_reset_account_key),
)


@bp.route("/login", methods=["GET", "POST"])
@public
@limited(*LOGIN_LIMITS)
def login():
    """Sign in with e-mail and password."""
    target = request.values.get("next")
    if not is_safe_next(target):
        target = None
    if request.method == "POST":
        _refuse_other_encodings()
    if current_user.is_authenticated:
        return redirect(target or url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            _give_back()
        if user is not None and user.has_second_factor:
            # The password was right; the session starts once the code is right too.
            session[PENDING_KEY] = {
                "user": user.id,
                "at": int(time.time()),
                "remember": bool(form.remember.data),
                "trusted": devices.trusted_attempt(),
            }
            return redirect(url_for("auth.login_code", next=target))
        if user is not None:
            services.sign_in(user, remember=bool(form.remember.data))
            return _signed_in(user, target, trusted=devices.trusted_attempt())
        # The failure's audit row is kept: the request ends normally and commits it.
        form.password.errors.append(_("The e-mail address or the password is not correct."))
    return render_template("auth/login.html", form=form, next=target)


PENDING_KEY = "second_step"


def _signed_in(user: User, target: str | None, *, trusted: bool):
    """Home (or back where they were going), with a new device cookie for this browser.

    Failures on the account are forgiven only when the attempt was counted with them: a
    trusted device never waited behind them, and emptying them at each of the owner's sign-ins
    would hand a stranger a fresh allowance of guesses every time."""
    if not trusted:
        _forgive_failures(user.email)
    home = redirect(target or url_for("home.index", lang=user.language))
    return devices.remember(home, user.email)


def _pending_user() -> tuple[User | None, bool]:
    """Whose password this browser has just proved, within the step's lifetime."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, False
    lifetime = current_app.config["SECOND_FACTOR_STEP_LIFETIME"].total_seconds()
    if time.time() - int(pending.get("at", 0)) > lifetime:
        session.pop(PENDING_KEY, None)
        return None, False
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.is_active or not user.has_second_factor:
        return None, False
    return user, bool(pending.get("remember"))


def _second_step_key() -> str:
    pending = session.get(PENDING_KEY)
    who = pending.get("user") if isinstance(pending, dict) else None
    return f"second-step:{who}:{request.remote_addr}"


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limited(Limit("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", key=_second_step_key))
def login_code():
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    target = request.values.get("next")
    if not is_safe_next(target):
        target = None
    if current_user.is_authenticated:
        return redirect(target or url_for("home.index"))
    user, remember = _pending_user()
    if user is None:
        return redirect(url_for("auth.login", next=target))
    form = SecondStepForm()
    if form.validate_on_submit():
        trusted = bool(session[PENDING_KEY].get("trusted"))  # signing in replaces the session
        if second_factor.sign_in_with_code(user, form.code.data, remember=remember):
            return _signed_in(user, target, trusted=trusted)
        form.code.errors.append(str(second_factor.refusal(user).message))
    return render_template("auth/login_code.html", form=form, next=target)


@bp.route("/confirm-password", methods=["GET", "POST"])
@guard(policy.is_signed_in)
@limited(
    Limit("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", key=lambda: f"reauth:{current_user.get_id()}")
)
def reauthenticate():
    """Type the password again before a sensitive change, then go back to it."""
    target = request.values.get("next")
    if not is_safe_next(target):
        target = None
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        if services.confirm_password(current_user, form.password.data):
            return redirect(target or url_for("auth.account"))
        form.password.errors.append(_("This password is not correct."))
    return render_template("auth/reauthenticate.html", form=form, next=target)


@bp.post("/logout")
@public
def logout():
    """Sign out: this browser's session ends on the server."""
    services.sign_out(current_user)
    flash(_("You have signed out."), "success")
    return redirect(url_for("home.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limited(*RESET_LIMITS)
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the address is known."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, language=current_language().code)
        return render_template("auth/reset_sent.html")
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"], endpoint="reset_password")
@public
@links.private
def follow_reset_link(token: str):
    """The mailed link: its token moves into this browser's session, the address drops it."""
    return links.follow(links.RESET, token, new_password, "auth.new_password")


@bp.route("/reset-password", methods=["GET", "POST"])
@public
@links.private
def new_password():
    """Set a new password through a one-hour, single-use link this browser followed."""
    this_page_is("auth.new_password")
    token = links.stashed(links.RESET)
    if token is None or services.find_reset(token) is None:
        links.drop(links.RESET)
        return render_template("auth/link_expired.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with refusals(form.password) as outcome:
            user = services.reset_password(token, form.password.data)
        if outcome.ok:
            links.drop(links.RESET)
            _forgive_failures(user.email)
            flash(_("Your password has been changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@guard(policy.is_signed_in)
def account():
    """Change one's name and language."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        with refusals(form.name) as outcome:
            services.update_profile(current_user, form.to_input(), actor=current_user)
        if outcome.ok:
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for("auth.account", lang=current_user.language))
    return _account_page(form, ChangePasswordForm(formdata=None))


def _account_page(form, password_form, status: int = 200):
    this_page_is("auth.account")
    return render_template(
        "auth/account.html",
        form=form,
        password_form=password_form,
        sessions=sessions.active_for(current_user),
        current_session=sessions.current_token_hash(),
    ), status


@bp.post("/account/password")
@guard(policy.is_signed_in)
@recent_password(back="auth.account")
@limited(Limit("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", key=_current_account_key, methods=None))
def change_password():
    """Change one's password; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with refusals(form.password, {services.WrongCurrentPassword: form.current}) as outcome:
            services.change_password(
                current_user, current=form.current.data, new=form.password.data, actor=current_user
            )
        if outcome.ok:
            flash(
                _("Your password has been changed. You were signed out everywhere else."), "success"
            )
            return redirect(url_for("auth.account"))
        if form.current.errors:
            services.record_failed_password_change(current_user)
    return _account_page(ProfileForm(obj=current_user, formdata=None), form, 400)


@bp.route("/account/sessions/<id:session_id>/end", methods=["GET", "POST"])
@guard(policy.is_signed_in)
@destructive
def end_session(session_id: int):
    """Sign out one of one's other browsers, after a page that names it."""
    browser = sessions.find_own(current_user, session_id)
    if browser is None:
        abort(404)
    if request.method == "GET":
        device = user_agent_label(browser.user_agent)
        return _confirm(
            title=_("Sign out %(device)s?", device=device),
            consequence=_(
                "The browser %(device)s (last active %(when)s) will be signed out the next "
                "time it is used.",
                device=device,
                when=format_datetime(browser.last_seen_at, "short"),
            ),
            undo=_("If it is yours, you can sign in there again with your password."),
            confirm_label=_("Sign out this session"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.end_session(current_user, session_id, actor=current_user)
    flash(_("That session has ended."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end-others", methods=["GET", "POST"])
@guard(policy.is_signed_in)
@destructive
def end_other_sessions():
    """Sign out everywhere but here, after a confirmation page."""
    if request.method == "GET":
        return _confirm(
            title=_("Sign out everywhere else?"),
            consequence=_(
                "Every other browser signed in to your account will be signed out. "
                "This one stays signed in."
            ),
            undo=_("You can sign in again on each of them with your password."),
            confirm_label=_("Sign out everywhere else"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.end_other_sessions(current_user, actor=current_user)
    flash(_("You were signed out everywhere else."), "success")
    return redirect(url_for("auth.account"))


PENDING_SECRET_KEY = "second_factor_secret"  # noqa: S105 — a session key, not a secret
NO_STORE = {"Cache-Control": "no-store"}


@bp.route("/account/second-factor", methods=["GET", "POST"], endpoint="second_factor")
@guard(policy.is_signed_in)
@recent_password()
def second_factor_page():
    """Set up the authenticator app (QR code, secret, a code to confirm), or see its state."""
    this_page_is("auth.account")
    if current_user.has_second_factor:
        return render_template(
            "auth/second_factor.html",
            codes_left=second_factor.recovery_codes_left(current_user),
        )
    secret = session.get(PENDING_SECRET_KEY)
    if not isinstance(secret, str) or request.method == "GET":
        secret = second_factor.new_secret()
        session[PENDING_SECRET_KEY] = secret
    form = EnableSecondFactorForm()
    if form.validate_on_submit():
        with refusals(form.code) as outcome:
            codes = second_factor.enable(
                current_user, secret=secret, code=form.code.data, actor=current_user
            )
        if outcome.ok:
            session.pop(PENDING_SECRET_KEY, None)
            flash(_("The second factor is on."), "success")
            return render_template("auth/recovery_codes.html", codes=codes), 200, NO_STORE
    uri = second_factor.provisioning_uri(current_user, secret)
    page = render_template(
        "auth/second_factor_setup.html",
        form=form,
        qr_code=second_factor.qr_code_svg(uri),
        secret=second_factor.grouped(secret),
        required=policy.must_use_second_factor(current_user),
    )
    return page, 400 if form.errors else 200, NO_STORE


@bp.route("/account/second-factor/disable", methods=["GET", "POST"])
@guard(policy.is_signed_in)
@recent_password()
def disable_second_factor():
    """Turn the second factor off with the password and a code."""
    if not current_user.has_second_factor:
        return redirect(url_for("auth.second_factor"))
    form = DisableSecondFactorForm()
    if form.validate_on_submit():
        with refusals(form.code, {services.WrongCurrentPassword: form.password}) as outcome:
            second_factor.disable(
                current_user,
                password=form.password.data,
                code=form.code.data,
                actor=current_user,
            )
        if outcome.ok:
            flash(_("The second factor is off."), "success")
            return redirect(url_for("auth.account"))
    status = 400 if form.errors else 200
    return render_template("auth/second_factor_disable.html", form=form), status


@bp.route("/account/second-factor/recovery-codes", methods=["GET", "POST"])
@guard(policy.is_signed_in)
@destructive
@recent_password()
def renew_recovery_codes():
    """Make ten new recovery codes, after a page that says the old ones stop working."""
    if not current_user.has_second_factor:
        return redirect(url_for("auth.second_factor"))
    if request.method == "GET":
        return render_template(
            "confirm.html",
            title=_("Make new recovery codes?"),
            consequence=_("Your current recovery codes will stop working at once."),
            undo=_("Keep the new codes somewhere safe: they are shown only once."),
            confirm_label=_("Make new recovery codes"),
            cancel_url=url_for("auth.second_factor"),
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    codes = second_factor.renew_recovery_codes(current_user, actor=current_user)
    return render_template("auth/recovery_codes.html", codes=codes), 200, NO_STORE


def _confirm(**texts: str):
    return render_template("confirm.html", cancel_url=url_for("auth.account"), **texts)
