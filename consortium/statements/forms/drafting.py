"""Drafting forms: starting a draft, saving every language version, history, comments.

They validate and build the service's typed input; they never write. The edit form has one
title, body, "faithful" and "still matches" field per language (`per_language_fields`);
the view shows those of the languages the draft holds.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from consortium.core.converters import MAX_ID
from consortium.core.forms import BaseForm, max_length, per_language, per_language_fields, required
from consortium.i18n.languages import choices as language_choices
from consortium.statements.schemas import (
    BODY_MAX,
    COMMENT_MAX,
    NOTE_MAX,
    TITLE_MAX,
    CommentInput,
    DraftEdit,
    NewStatement,
    TextInput,
)

MARKDOWN_HINT = _l(
    "Markdown: leave a blank line between paragraphs; **bold**, *italic*, "
    "[a link](https://example.org), lists with “- ”. HTML is shown as text."
)
PARAGRAPH_LIMIT = 10_000


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _ids(values) -> tuple[int, ...]:
    return tuple(values or ())


class DraftingFields(BaseForm):
    """What both the new draft and every save carry besides the texts."""

    areas = CheckboxListField(_l("Thematic areas"), coerce=int)
    invited = CheckboxListField(
        _l("Invited partner organisations"),
        coerce=int,
        description=_l("Their org admins are asked to read and sign; their staff may comment."),
    )
    sign_deadline = DateField(
        _l("Sign-on deadline"),
        validators=[Optional()],
        description=_l("Optional. Organisations can sign until the end of this day."),
    )


class NewStatementForm(DraftingFields):
    # Only for coordinators without an organisation of their own (the view removes it).
    organisation = SelectField(_l("Author organisation"), coerce=int, validators=[required()])
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX)])
    body = TextAreaField(
        _l("Text"),
        validators=[required(), max_length(BODY_MAX)],
        description=MARKDOWN_HINT,
        render_kw={"rows": 14},
    )
    original_language = SelectField(
        _l("Original language"),
        choices=language_choices,
        description=_l("The language you write in; translations are added on the next page."),
    )

    def to_input(self) -> NewStatement:
        organisation = self.organisation.data if "organisation" in self else None
        return NewStatement(
            original_language=self.original_language.data or "",
            original=TextInput(self.title.data or "", self.body.data or ""),
            organisation_id=organisation or None,
            area_ids=_ids(self.areas.data),
            invited_ids=_ids(self.invited.data),
            sign_deadline=self.sign_deadline.data,
        )


class EditForm(DraftingFields):
    # The revision the editor started from; a save from an older one is refused.
    seen_revision = IntegerField(
        widget=HiddenInput(), validators=[required(), NumberRange(min=1, max=MAX_ID)]
    )
    note = TextAreaField(
        _l("What changed (optional)"),
        validators=[Optional(), max_length(NOTE_MAX)],
        description=_l("A short note for the history, e.g. “shortened paragraph 2”."),
        render_kw={"rows": 2},
    )

    def to_input(self, languages: list[str]) -> DraftEdit:
        texts = {
            code: TextInput(
                self[per_language("title", code)].data or "",
                self[per_language("body", code)].data or "",
            )
            for code in languages
        }
        confirmed = frozenset(
            (code, index)
            for code in languages
            for index in self[per_language("confirmed", code)].data or ()
            if 0 <= index < PARAGRAPH_LIMIT
        )
        faithful = frozenset(c for c in languages if self[per_language("faithful", c)].data)
        return DraftEdit(
            seen_revision=self.seen_revision.data or 0,
            texts=texts,
            area_ids=_ids(self.areas.data),
            invited_ids=_ids(self.invited.data),
            sign_deadline=self.sign_deadline.data,
            confirmed=confirmed,
            faithful=faithful,
            note=self.note.data or "",
        )


per_language_fields(
    EditForm,
    "title",
    lambda language: StringField(
        _l("Title (%(language)s)", language=language.own_name),
        validators=[Optional(), max_length(TITLE_MAX)],
        render_kw={"lang": language.bcp47},
    ),
)
per_language_fields(
    EditForm,
    "body",
    lambda language: TextAreaField(
        _l("Text (%(language)s)", language=language.own_name),
        validators=[Optional(), max_length(BODY_MAX)],
        render_kw={"lang": language.bcp47, "rows": 12},
    ),
)
per_language_fields(
    EditForm,
    "faithful",
    lambda language: BooleanField(
        _l("Faithful to the original (vouched for by the author organisation)")
    ),
)
# The paragraphs (by index) marked outdated that the editor checked: they still match.
per_language_fields(
    EditForm,
    "confirmed",
    lambda language: SelectMultipleField(
        _l("Still matches the original"), coerce=int, validate_choice=False
    ),
)


class DiffForm(BaseForm):
    """Which two revisions to compare, in which language (a GET form: no token)."""

    class Meta:
        csrf = False

    a = IntegerField(_l("From revision"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    b = IntegerField(_l("To revision"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    lang = SelectField(_l("Language"), validators=[Optional()], choices=language_choices)


class CommentForm(BaseForm):
    body = TextAreaField(
        _l("Comment"),
        validators=[required(), max_length(COMMENT_MAX)],
        description=MARKDOWN_HINT,
        render_kw={"rows": 4},
    )
    parent_id = IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=MAX_ID)]
    )
    paragraph = IntegerField(
        _l("On paragraph (optional)"),
        validators=[Optional(), NumberRange(min=1, max=PARAGRAPH_LIMIT)],
        description=_l("Its number in the text shown above; leave empty for the whole text."),
        render_kw={"inputmode": "numeric"},
    )
    language = SelectField(
        _l("Language version"),
        validators=[Optional()],
        choices=lambda: [("", _l("The original")), *language_choices()],
    )

    def to_input(self) -> CommentInput:
        paragraph = self.paragraph.data
        return CommentInput(
            body=self.body.data or "",
            parent_id=self.parent_id.data or None,
            paragraph=paragraph - 1 if paragraph else None,  # people count from 1
            language=self.language.data or None,
        )
