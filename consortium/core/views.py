"""The root redirect, the health check and the living style guide."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField

from consortium.core.authz import public
from consortium.core.forms import BaseForm, email, required
from consortium.core.roles import OrgRole, role_title
from consortium.db import db
from consortium.i18n import preferred_code

bp = Blueprint("core", __name__)


@bp.get("/")
@public
def root() -> Response:
    """Send the visitor to their account's language, last choice, browser's, or English."""
    response = redirect(url_for("home.index", lang=preferred_code()))
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


@bp.get("/healthz")
@public
def health() -> dict[str, str]:
    """For load balancers: the app answers and the database is reachable."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


# --- The living style guide (development only) --------------------------------------------

STYLESHEET = Path(__file__).resolve().parents[1] / "static" / "css" / "site.css"
_TOKEN = re.compile(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\b")

# Every foreground/background pair the stylesheet puts together, with the WCAG 2.2 AA
# minimum it must meet: 4.5 for text, 3 for control borders and focus indicators.
CONTRAST_PAIRS: tuple[tuple[str, str, float], ...] = (
    ("ink", "paper", 4.5),
    ("ink", "band", 4.5),
    ("ink", "brand-tint", 4.5),
    ("muted", "paper", 4.5),
    ("muted", "band", 4.5),
    ("muted", "brand-tint", 4.5),
    ("brand", "paper", 4.5),
    ("brand", "band", 4.5),
    ("brand", "brand-tint", 4.5),
    ("brand-deep", "brand-tint", 4.5),
    ("paper", "brand-deep", 4.5),
    ("paper", "brand", 4.5),
    ("paper", "danger", 4.5),
    ("paper", "danger-deep", 4.5),
    ("danger", "paper", 4.5),
    ("danger", "danger-tint", 4.5),
    ("ok", "paper", 4.5),
    ("ok", "ok-tint", 4.5),
    ("warn", "paper", 4.5),
    ("warn", "warn-tint", 4.5),
    ("ink", "danger-tint", 4.5),
    ("ink", "ok-tint", 4.5),
    ("ink", "warn-tint", 4.5),
    *(("paper", f"avatar-{n}", 4.5) for n in range(8)),
    ("line-strong", "paper", 3.0),
    ("accent-bright", "brand-deep", 3.0),
    ("focus", "brand-deep", 3.0),
    ("ink", "paper", 3.0),  # the focus indicator's inner ring
)

# A sentence in each language, in its own script and with its own letters, to see that the
# fonts carry them all (samples of each language, not interface text: not translated).
TYPE_SAMPLES = {
    "en": "Partners across South East Europe share projects, co-sign positions and meet.",
    "sq": "Shoqëria civile në Kosovë dhe Shqipëri punon bashkë për çështjet e sigurisë.",
    "sr-latn": "Žarko i Đorđe iz Čačka pišu izveštaj o reformi: šta je urađeno, šta ćemo sad.",
    "sr-cyrl": "Жарко и Ђорђе из Чачка пишу извештај о реформи: шта је урађено, шта ћемо сад.",
    "mk": "Ѓорѓи, Ќиро и Љупчо пишуваат за реформата: ѕидот меѓу граѓаните и институциите паѓа.",
    "bs": "Amra iz Goražda i Dženan iz Žepča pišu o reformi: šta je urađeno, a šta ćemo sad.",
    "hr": "Ivana iz Đakova i Željko iz Čakovca pišu o reformi: što je učinjeno, što ćemo sad.",
    "cnr": "Vesna iz Žabljaka i Đurđa iz Nikšića pišu o reformi: śutra ćemo znati šta je urađeno.",
}
SPECIMEN = "Aa Ëë Çç Čč Ćć Đđ Šš Žž Śś Ђђ Ћћ Ѓѓ Ќќ Ѕѕ Љљ Њњ Џџ"
# Name, address, role, and how each is referred to (core.roles.GrammaticalGender).
SAMPLE_PEOPLE = (
    ("Arbërie Krasniqi", "arberie@qendra-ura.example", "org_admin", "feminine"),
    ("Никола Ђорђевић", "nikola@centar-otpornost.example", "staff", "masculine"),
    ("Билјана Стојановска", "biljana@gcbi.example", "org_admin", "feminine"),
    ("Amra Hodžić", "amra@novi-put.example", "member", ""),
    ("Ivana Horvat", "ivana@institut-jadran.example", "staff", "feminine"),
    ("Vesna Vujošević", "vesna@institut-lovcen.example", "member", "feminine"),
)
SAMPLE_ORGANISATIONS = (
    ("Qendra Ura për Siguri dhe Dialog", "Ura", "Prishtinë", ("P/CVE", "SALW")),
    ("Центар за отпорност", None, "Београд", ("FTF",)),
    ("Institut Jadran za sigurnosne studije", "IJSS", "Split", ("EU", "OSINT")),
)


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted(
        (_relative_luminance(first), _relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def palette() -> dict[str, str]:
    """The colour tokens as site.css declares them (`--brand: #0e4a6e`), in order."""
    return dict(_TOKEN.findall(STYLESHEET.read_text(encoding="utf-8")))


class _SampleForm(BaseForm):
    class Meta:
        csrf = False

    name = StringField(lazy_pgettext("name of a person", "Name"), validators=[required()])
    email = EmailField(_l("E-mail address"), validators=[required(), email()])
    password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few unrelated words make a good password."),
    )
    role = SelectField(_l("Role"), choices=OrgRole.choices)
    remember = BooleanField(_l("Keep me signed in on this device"))
    description = TextAreaField(_l("Description"))


@bp.get("/<lang:lang>/styleguide")
@public
def styleguide() -> str:
    """The tokens and components, for developers; only in development (404 elsewhere)."""
    if current_app.config.get("ENV_NAME") != "development":
        abort(404)
    colours = palette()
    pairs = [
        {"fg": fg, "bg": bg, "minimum": minimum, "ratio": contrast_ratio(colours[fg], colours[bg])}
        for fg, bg, minimum in CONTRAST_PAIRS
    ]
    form = _SampleForm(formdata=MultiDict({"email": "partner@", "role": "staff"}))
    form.validate()
    return render_template(
        "core/styleguide.html",
        colours=colours,
        pairs=pairs,
        samples=TYPE_SAMPLES,
        specimen=SPECIMEN,
        people=[
            SimpleNamespace(name=name, email=address, role=role_title(role, form))
            for name, address, role, form in SAMPLE_PEOPLE
        ],
        organisations=[
            SimpleNamespace(name=name, short_name=short, city=city, tags=tags)
            for name, short, city, tags in SAMPLE_ORGANISATIONS
        ],
        form=form,
    )
