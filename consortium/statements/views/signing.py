"""Co-signing: an org admin reads the text in their language and signs or declines for their
organisation; the signatures and the quorum for those taking part."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consortium.core.authz import destructive, guard
from consortium.core.forms import ConfirmForm, refusals
from consortium.core.markdown import render
from consortium.i18n import current_language
from consortium.i18n.languages import LANGUAGES
from consortium.organisations.display import org_name
from consortium.statements import policy, signing
from consortium.statements.blueprint import bp
from consortium.statements.forms.signing import APPEARANCE_HINTS, SignForm
from consortium.statements.models import Statement
from consortium.statements.services import shown


def reading(statement: Statement, wanted: str | None = None) -> dict:
    """The current revision's text for the reader (or in the language they chose to read),
    and the other languages it can be read in: the `_workflow_text.html` context."""
    revision = statement.current_revision
    assert revision is not None  # every statement has its first revision
    stored = [t.language for t in revision.texts]
    if "sr-latn" in stored or "sr-cyrl" in stored:  # one text in two scripts
        stored += [code for code in ("sr-latn", "sr-cyrl") if code not in stored]
    readable = [code for code in LANGUAGES if code in stored]
    language = wanted if wanted in readable else current_language().code
    text = shown(revision, language, statement.original_language)
    return {
        "revision": revision,
        "text": text,
        "body_html": render(text.value["body"]) if text else "",
        "readable": readable,
        "read_in": text.lang if text else None,
    }


def workflow_context(statement: Statement) -> dict:
    """What `_workflow_signatures.html` and `_workflow_actions.html` show: each organisation's
    answer, the quorum, the viewer's own organisation's signature."""
    met, needed_orgs, needed_countries = signing.quorum(statement)
    counting = signing.counting(statement)
    return {
        "signatures": signing.listed(statement),
        "quorum": {
            "met": met,
            "organisations": len({s.organisation_id for s in counting}),
            "countries": len({s.organisation.country for s in counting}),
            "needed_organisations": needed_orgs,
            "needed_countries": needed_countries,
        },
        "own_signature": signing.signature_of(statement, current_user),
    }


@bp.context_processor
def workflow_helpers() -> dict:
    """The workflow partials compute what they show: an including page passes `statement`."""
    return {"statement_workflow": workflow_context}


@bp.route("/statements/<statement:statement>/sign", methods=["GET", "POST"])
@guard(policy.can_sign, "statement", hide=True)
def sign(statement: Statement):
    """Read the current text and sign or decline it on behalf of the organisation."""
    form = SignForm()
    mine = signing.signature_of(statement, current_user)
    if request.method == "GET":
        form.seen_revision.data = statement.revision_number
        if mine is not None:
            form.appearance.data, form.note.data = mine.appearance, mine.note
    changed = False
    if form.validate_on_submit():
        answer = form.to_input()
        try:
            with refusals(form.note) as outcome:
                signing.sign(statement, answer, actor=current_user)
        except signing.TextChanged:
            changed = True  # the statement loaded for this request already has the new text
        else:
            if outcome.ok:
                flash(
                    _("Your organisation has signed the statement.")
                    if answer.sign
                    else _("Your organisation has declined to sign the statement."),
                    "success",
                )
                return redirect(url_for("statements.signatures", statement=statement))
    if changed:
        # Show the new text, and sign that one if the org admin still agrees.
        form.seen_revision.data = statement.revision_number
        form.seen_revision.raw_data = [str(statement.revision_number)]
    return render_template(
        "statements/sign.html",
        statement=statement,
        form=form,
        hints=APPEARANCE_HINTS,
        mine=mine,
        changed=changed,
        **reading(statement, request.args.get("read")),
    ), (409 if changed else 200)


@bp.route("/statements/<statement:statement>/sign/withdraw", methods=["GET", "POST"])
@guard(policy.can_sign, "statement", hide=True)
@destructive
def withdraw_signature(statement: Statement):
    """Take the organisation's signature back, after a page that says what that means."""
    back = url_for("statements.signatures", statement=statement)
    organisation = org_name(current_user.organisation)
    if request.method == "GET":
        return render_template(
            "confirm.html",
            title=_("Withdraw the signature of %(org)s?", org=organisation),
            consequence=_(
                "%(org)s will no longer be among the signatories of this statement, and it no "
                "longer counts towards the signatures needed for approval.",
                org=organisation,
            ),
            undo=_("You can sign again until the statement is published."),
            confirm_label=_("Withdraw the signature"),
            cancel_url=back,
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    signing.withdraw_signature(statement, actor=current_user)
    flash(_("The signature of %(org)s has been withdrawn.", org=organisation), "success")
    return redirect(back)


@bp.get("/statements/<statement:statement>/signatures")
@guard(policy.can_read_draft, "statement", hide=True)
def signatures(statement: Statement):
    """Each organisation's answer, the revision and languages it signed, and the quorum."""
    return render_template(
        "statements/signatures.html",
        statement=statement,
        **reading(statement),
    )
