"""Password hashing (argon2id) and the password policy (NIST SP 800-63B, OWASP ASVS 5 §6.2).

Pure functions, no Flask. `auth.services` maps the problem codes of `password_problems` to
translated messages. Hashing takes the hasher as an argument: each app holds its own
(`auth.init_app`, cheap when `PASSWORD_HASH_FAST` is set), nothing is process-wide.

Passwords are normalised to NFKC before they are measured, hashed or verified, so the same
password typed as composed or decomposed Unicode gives the same hash.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from itertools import pairwise
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from consortium.i18n.text import fold

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 256

TOO_SHORT = "too_short"
TOO_LONG = "too_long"
COMMON = "common"
CONTEXT = "context"
KNOWN_NAME = "known_name"

# Words a password must not be built on, whatever the caller passes as context words.
CONSORTIUM_WORDS: tuple[str, ...] = (
    "consortium",
    "konzorcijum",
    "konzorcij",
    "конзорцијум",
    "konsorcium",
    "konsorciumi",
    "pcve",
    "security",
    "bezbednost",
    "безбедност",
    "sigurnost",
    "siguria",
    "extremism",
    "ekstremizam",
    "radicalisation",
    "radicalization",
    "radikalizacija",
)

# The platform's name in the consortium's languages: no password may contain one.
PLATFORM_NAMES: tuple[str, ...] = (
    "Consortium",
    "Konzorcijum",
    "Konzorcij",
    "Konzorcium",
    "Konsorcium",
    "Konsorciumi",
    "Конзорцијум",
    "Конзорциум",
)
# Shorter names (an acronym such as "ЦОД", a town such as "Niš") are inside too many
# ordinary words to be refused wherever they appear.
KNOWN_NAME_MIN_LENGTH = 4

# A password is "built on" context words when they cover at least this share of its letters.
CONTEXT_SHARE = 0.6
# A password whose consecutive characters are mostly keyboard/alphabet neighbours is a walk.
WALK_SHARE = 0.75

_COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt"

# The parameters argon2-cffi recommends (RFC 9106, low-memory profile).
DEFAULT_HASHER = PasswordHasher()


# --- Hashing ---------------------------------------------------------------------------


def make_hasher(*, fast: bool = False) -> PasswordHasher:
    """The production hasher, or a cheap one for the test suite.

    Hashes made with other parameters still verify; `needs_rehash` reports them.
    """
    if fast:
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return DEFAULT_HASHER


def hash_password(password: str, hasher: PasswordHasher = DEFAULT_HASHER) -> str:
    """Return an argon2id hash (PHC string, salt included) of the NFKC-normalised password."""
    return hasher.hash(_nfkc(password))


def verify_password(hash: str, password: str, hasher: PasswordHasher = DEFAULT_HASHER) -> bool:
    """True if `password` matches `hash`; False on mismatch or an invalid hash. Never raises."""
    if not isinstance(hash, str) or not isinstance(password, str):
        return False
    try:
        return hasher.verify(hash, _nfkc(password))
    except (VerificationError, InvalidHashError, ValueError, TypeError):
        return False


def needs_rehash(hash: str, hasher: PasswordHasher = DEFAULT_HASHER) -> bool:
    """True if `hash` was made with other parameters than `hasher` (or is invalid).

    Call after a successful `verify_password` and store `hash_password(password)` if True.
    """
    if not isinstance(hash, str):
        return True
    try:
        return hasher.check_needs_rehash(hash)
    except (InvalidHashError, ValueError, TypeError):
        return True


# --- Policy ----------------------------------------------------------------------------


def password_problems(
    password: str, *, context_words: Iterable[str] = (), known_names: Iterable[str] = ()
) -> list[str]:
    """Return the policy problems of `password` as codes; an empty list means acceptable.

    Codes: "too_short", "too_long" (length in code points after NFKC), "common" (a common
    password, possibly with digits/punctuation around it, a keyboard walk or a repetition),
    "context" (mostly made of the consortium's words or of `context_words`: the user's
    e-mail local part, name, organisation name and slug), "known_name" (contains, anywhere,
    the platform's name or one of `known_names`: the partner organisations' names, short
    names and cities; reported only when "context" is not). No composition rules.
    """
    text = _nfkc(password)
    if len(text) > PASSWORD_MAX_LENGTH:
        return [TOO_LONG]  # and skip the other checks: they are quadratic in the length
    problems = []
    if len(text) < PASSWORD_MIN_LENGTH:
        problems.append(TOO_SHORT)
    if _is_common(text):
        problems.append(COMMON)
    if _is_contextual(text, context_words):
        problems.append(CONTEXT)
    elif _contains_known_name(text, known_names):
        problems.append(KNOWN_NAME)
    return problems


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@cache
def common_passwords() -> frozenset[str]:
    """The offline list of the 10,000 most common passwords, lower-cased (loaded once)."""
    lines = _COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line)


# Non-letters at either end: digits, punctuation, symbols, whitespace.
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "0": "o", "$": "s", "5": "s", "7": "t"})


def _is_common(text: str) -> bool:
    lowered = text.casefold()
    core = _EDGES.sub("", lowered)
    candidates = {lowered, core, "".join(core.split())}
    for one in ("i", "l"):  # "1" and "!" stand for either
        candidates.add(core.translate(_LEET).replace("1", one).replace("!", one))
    if candidates & common_passwords():
        return True
    compact = "".join(lowered.split())
    alnum = "".join(ch for ch in compact if ch.isalnum())
    return _is_walk(compact) or _is_repetition(compact) or _is_repetition(alnum)


_KEYBOARD_LINES = (
    "`1234567890-=",
    "~!@#$%^&*()_+",
    "qwertyuiop[]",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "qwertzuiop",  # QWERTZ (Serbian/Croatian/Slovenian Latin layouts)
    "yxcvbnm",
    "azertyuiop",  # AZERTY
    "qsdfghjklm",
    "wxcvbn",
    "1qaz",  # columns of a QWERTY keyboard
    "2wsx",
    "3edc",
    "4rfv",
    "5tgb",
    "6yhn",
    "7ujm",
    "8ik,",
    "9ol.",
    "0p;/",
    "1q2w3e4r5t6y7u8i9o0p",  # zigzag between the digit and top rows
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
)
_NEIGHBOURS = frozenset(
    pair for line in _KEYBOARD_LINES for a, b in pairwise(line) for pair in ((a, b), (b, a))
)


def _is_walk(text: str) -> bool:
    """Mostly keyboard or alphabet neighbours or repeated keys: qwertyuiopasdf, 1qaz2wsx."""
    if len(text) < 4:
        return False
    pairs = list(pairwise(text))
    near = sum(1 for a, b in pairs if a == b or (a, b) in _NEIGHBOURS)
    return near >= WALK_SHARE * len(pairs)


def _is_repetition(text: str) -> bool:
    """A unit repeated: short (abcabcabcabc) or common (passwordpassword)."""
    for size in range(1, len(text) // 2 + 1):
        unit = text[:size]
        if text == (unit * (len(text) // size + 1))[: len(text)]:
            return size <= 4 or unit in common_passwords()
    return False


# Serbian and Macedonian Cyrillic to Latin; other Cyrillic letters are kept as they are.
_CYRILLIC = str.maketrans(
    {
        **dict(zip("абвгдежзијклмнопрстуфхцчш", "abvgdežzijklmnoprstufhcčš", strict=True)),
        "ђ": "dj",
        "љ": "lj",
        "њ": "nj",
        "ћ": "ć",
        "џ": "dž",
        "ѓ": "gj",
        "ќ": "kj",
        "ѕ": "dz",
    }
)


def _letters(text: str) -> str:
    """Lower-case letters only, Cyrillic to Latin, no diacritics: Ђорђевић → djordjevic."""
    folded = _nfkc(text).casefold().translate(_CYRILLIC).replace("đ", "dj")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))


def _word_forms(words: Iterable[str]) -> set[str]:
    """Each word whole and its parts split on non-letters, if they have ≥ 3 letters."""
    forms = set()
    for word in words:
        if not isinstance(word, str):
            continue
        whole = _letters(word)
        if len(whole) >= 3:
            forms.add(whole)
        forms.update(part for part in map(_letters, re.split(r"[\W\d_]+", word)) if len(part) >= 3)
    return forms


def _is_contextual(text: str, context_words: Iterable[str]) -> bool:
    letters = _letters(text)
    if not letters:
        return False
    covered = [False] * len(letters)
    for form in _word_forms((*CONSORTIUM_WORDS, *context_words)):
        start = letters.find(form)
        while start != -1:
            covered[start : start + len(form)] = [True] * len(form)
            start = letters.find(form, start + 1)
    return sum(covered) >= CONTEXT_SHARE * len(letters)


# --- Names no password may contain ------------------------------------------------------

# Letters of other scripts that look like Latin ones (Cyrillic "с" is an "s" when read, a "c"
# when seen): a password that spells a name with them is folded both ways.
_LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "к": "k", "м": "m",
        "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ԁ": "d",
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x",
    }
)  # fmt: skip
_LEET_AS = ("i", "l")  # "1" and "!" stand for either
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_ALPHA = re.compile(r"[^a-z]+")


def _name_form(name: str) -> str:
    """A name as one run of ASCII letters and digits: script, diacritics, case and the
    spaces and punctuation between its words folded away (Београд -> beograd)."""
    return _NOT_ALNUM.sub("", fold(name))


def _password_forms(text: str) -> set[str]:
    """The ways a password can spell a name: as read, as seen (look-alike letters), with
    digits and symbols read as letters, and with the digits between letters left out."""
    lowered = text.casefold()
    spellings = {lowered, lowered.translate(_LOOKALIKES)}
    for one in _LEET_AS:
        spellings |= {s.translate(_LEET).replace("1", one).replace("!", one) for s in spellings}
    forms = set()
    for spelling in spellings:
        folded = fold(spelling)
        forms |= {_NOT_ALNUM.sub("", folded), _NOT_ALPHA.sub("", folded)}
    return forms


def _contains_known_name(text: str, known_names: Iterable[str]) -> bool:
    names = {_name_form(name) for name in (*PLATFORM_NAMES, *known_names) if isinstance(name, str)}
    names = {name for name in names if len(name) >= KNOWN_NAME_MIN_LENGTH}
    forms = _password_forms(text)
    return any(name in form for name in names for form in forms)
