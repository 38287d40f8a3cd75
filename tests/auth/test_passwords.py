"""Password hashing and policy (security checklist AU-01, AU-02; ASVS 5 §6.2)."""

import os
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from consortium.auth import passwords
from consortium.auth.passwords import (
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    password_problems,
)

FAST = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
ORG_CONTEXT = ("ana.petrovic", "Ana Petrović", "Centar za mir Novi Sad", "cpm-ns")


HASHER = PasswordHasher(**FAST)


def hash_password(password):
    return passwords.hash_password(password, HASHER)


def verify_password(hashed, password):
    return passwords.verify_password(hashed, password, HASHER)


def needs_rehash(hashed):
    return passwords.needs_rehash(hashed, HASHER)


def random_password(length: int) -> str:
    """A reproducible random password: not common, no walk, no context word."""
    rng = random.Random(length)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(length))


# --- Length ----------------------------------------------------------------------------


def test_limits():
    assert PASSWORD_MIN_LENGTH == 12
    assert PASSWORD_MAX_LENGTH == 256


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (7, ["too_short"]),
        (11, ["too_short"]),
        (12, []),
        (64, []),
        (128, []),
        (256, []),
        (257, ["too_long"]),
        (10_000, ["too_long"]),
    ],
)
def test_length(length, expected):
    assert password_problems(random_password(length)) == expected


def test_length_counts_code_points_not_bytes():
    assert password_problems("ђурђевданска") == []  # 12 Cyrillic letters, 24 bytes in UTF-8
    assert password_problems("ђурђевданск") == ["too_short"]


def test_length_counts_after_nfkc():
    # U+FB01 "ﬁ" becomes "fi": 11 code points typed, 12 after NFKC.
    assert password_problems("ﬁlm na reci") == []
    # "e" + U+0301 becomes "é": 12 code points typed, 11 after NFKC.
    assert password_problems("kafane\u0301 mira") == ["too_short"]


def test_no_composition_rules():
    assert password_problems("kafana na uglu kod drine") == []  # lower-case letters only
    assert password_problems("830275194602") == []  # digits only


# --- Common passwords --------------------------------------------------------------------


def test_offline_list_is_the_top_10000():
    common = passwords.common_passwords()
    assert len(common) == 10_000
    assert {"123456", "password", "qwertyuiop", "iloveyou"} <= common
    assert all(word == word.lower() and word for word in common)


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",  # common word + trailing digits and punctuation
        "PASSWORD1234",  # case-insensitive
        "iloveyou2025!!",
        "!!2025sunshine",  # leading digits and punctuation
        "pass word 2025!",
        "P@ssw0rd2024!",  # look-alike characters
        "123456789012345",
        "qwertyuiopasdf",  # keyboard walk not on the list
        "1qaz2wsx3edc4rfv",
        "asdfghjklqwe",
        "qwertzuiopasdf",  # QWERTZ walk
        "abcdefghijkl",
        "passwordpassword",  # repetition of a common word
        "abcabcabcabc",
        "aaaaaaaaaaaaaaa",
        "!!!!!!!!!!!!",
    ],
)
def test_common_refused(password):
    assert "common" in password_problems(password)


def test_common_check_is_not_too_eager():
    assert password_problems("password is not my password at all") == []
    assert password_problems("qwertyuiop, said the cat to the mouse") == []


# --- Context words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "konzorcijum2025",
        "Konzorcijum!!2026xx",  # 11 of 13 letters
        "КОНЗОРЦИЈУМ 2025!",  # Cyrillic, upper case
        "Consortium 2024 !!",
        "Bezbednost 2025!",
        "pcve pcve pcve 2025",
    ],
)
def test_consortium_words_refused(password):
    assert "context" in password_problems(password)


@pytest.mark.parametrize(
    "password",
    [
        "Centar za mir Novi Sad",  # the organisation's name itself
        "CentarZaMir2025!",
        "novisad2025centar",
        "petrovic.ana.1990",  # e-mail local part and name
        "Petrovic!!2024##",
        "cpm-ns-2025-2026",  # slug
    ],
)
def test_context_words_refused(password):
    assert "context" in password_problems(password, context_words=ORG_CONTEXT)


def test_context_words_fold_diacritics_and_script():
    assert "context" in password_problems("djordjevic1985!!", context_words=["Đorđević"])
    assert "context" in password_problems("djordjevic1985!!", context_words=["Ђорђевић"])
    assert "context" in password_problems("ђорђевић 1985!!", context_words=["Djordjevic"])


def test_context_word_as_a_minority_is_accepted():
    # "bezbednost" is 10 of 26 letters (38 %), under the 60 % threshold. (The platform's own
    # name is refused wherever it appears: tests/auth/test_password_context.py.)
    assert password_problems("moja bezbednost ima dobre ljude") == []
    assert password_problems("Ana voli kafanu kod Drine", context_words=ORG_CONTEXT) == []


def test_context_words_only_apply_when_given():
    assert password_problems("CentarZaMir2025!") == []


@pytest.mark.parametrize(
    "password",
    [
        "trg republike 7 kafana",
        "correct horse battery staple",
        "Jutro na Adi, kafa i kiflice",
        "Свако јутро пијем кафу",
        "Mëngjesi në Prizren me çaj",
        random_password(20),
    ],
)
def test_good_passwords_accepted(password):
    context = ("Belgrade", *ORG_CONTEXT)
    assert password_problems(password, context_words=context) == []


def test_several_problems_are_reported():
    assert password_problems("password") == ["too_short", "common"]
    assert password_problems("konzorcijum") == ["too_short", "context"]


# --- Hashing -----------------------------------------------------------------------------


def test_hash_round_trip():
    hashed = hash_password("trg republike 7 kafana")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "trg republike 7 kafana")
    assert hash_password("trg republike 7 kafana") != hashed  # salted


def test_wrong_password_is_refused():
    hashed = hash_password("trg republike 7 kafana")
    assert not verify_password(hashed, "trg republike 8 kafana")
    assert not verify_password(hashed, "")


def test_no_truncation():
    password = random_password(100)
    changed = password[:-1] + ("x" if password[-1] != "x" else "y")
    hashed = hash_password(password)
    assert verify_password(hashed, password)
    assert not verify_password(hashed, changed)


def test_hash_is_of_the_nfkc_form():
    hashed = hash_password("kafa\u0301 u Beogradu")  # decomposed "á"
    assert verify_password(hashed, "kafá u Beogradu")  # composed "á"


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "garbage",
        "$argon2id$v=19$m=65536,t=3,p=4$not-base64$nope",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",  # bcrypt
        None,
    ],
)
def test_garbage_hash_is_refused_without_raising(garbage):
    assert verify_password(garbage, "trg republike 7 kafana") is False
    assert needs_rehash(garbage) is True


def test_needs_rehash_after_parameters_change():
    hashed = hash_password("trg republike 7 kafana")
    assert not needs_rehash(hashed)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert passwords.needs_rehash(hashed, stronger)
    assert passwords.verify_password(hashed, "trg republike 7 kafana", stronger)  # still verifies
    assert not passwords.needs_rehash(
        passwords.hash_password("trg republike 7 kafana", stronger), stronger
    )


def test_each_app_has_its_own_hasher_and_the_default_is_the_strong_one():
    fast = passwords.make_hasher(fast=True)
    assert passwords.make_hasher() is passwords.DEFAULT_HASHER
    assert passwords.DEFAULT_HASHER.time_cost >= 2
    assert passwords.DEFAULT_HASHER.memory_cost >= 19 * 1024  # OWASP's argon2id minimum
    assert fast.time_cost == 1


def test_no_zxcvbn_at_run_time():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; sys.modules['zxcvbn'] = None\n"
        "from consortium.auth import passwords\n"
        "assert passwords.password_problems('Password123!') == ['common']\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)
