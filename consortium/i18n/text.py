"""Serbian script conversion and the search folding key. Pure functions, no Flask.

`cyr_to_lat` is exact (Serbian Cyrillic maps 1:1 onto Gaj's Latin). `lat_to_cyr` is a best
effort: Latin `nj`, `lj`, `dž` are usually one letter but not always, and Latin text carries
foreign words, acronyms and addresses that must stay Latin, while Serbian acronyms (EU, NATO,
OEBS) must not. The word lists for these decisions are data, in consortium/i18n/data/sr_*.txt.
Editors should review its output.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType

from unidecode import unidecode

__all__ = [
    "ACRONYMS",
    "BRANDS",
    "CYRILLIC_ACRONYMS",
    "KEEP_PHRASES",
    "cyr_to_lat",
    "fold",
    "fold_tokens",
    "lat_to_cyr",
    "matches",
]

# --- Cyrillic -> Latin -----------------------------------------------------------------

_CYR_LAT_PAIRS = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž",
    "З": "Z", "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N",
    "Њ": "Nj", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "Ć", "У": "U",
    "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Č", "Џ": "Dž", "Ш": "Š",
}  # fmt: skip
_CYR_TO_LAT: dict[int, str] = {}
for _cyr, _lat in _CYR_LAT_PAIRS.items():
    _CYR_TO_LAT[ord(_cyr)] = _lat
    _CYR_TO_LAT[ord(_cyr.lower())] = _lat.lower()
# Inside an all-capitals word the second letter of a digraph is a capital too (ЉУБОВ -> LJUBOV).
_CYR_TO_LAT_CAPS = {**_CYR_TO_LAT, **{ord(c): _CYR_LAT_PAIRS[c].upper() for c in "ЉЊЏ"}}

_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _cyr_word(match: re.Match[str]) -> str:
    word = match.group()
    caps = len(word) > 1 and word.isupper()
    return word.translate(_CYR_TO_LAT_CAPS if caps else _CYR_TO_LAT)


def cyr_to_lat(text: str) -> str:
    """Serbian Cyrillic to Latin; everything that is not Serbian Cyrillic is left as it is."""
    return _LETTER_RUN.sub(_cyr_word, text)


# --- Latin -> Cyrillic -----------------------------------------------------------------

_LAT_TO_CYR: dict[str, str] = {}
for _cyr, _lat in _CYR_LAT_PAIRS.items():
    if len(_lat) == 1:
        _LAT_TO_CYR[_lat] = _cyr
        _LAT_TO_CYR[_lat.lower()] = _cyr.lower()
# The Unicode digraph code points (ǅ, ǈ, ǋ and their cases) are rare but are Serbian letters.
for _digraphs, _cyr in (("Ǆǅǆ", "Џ"), ("Ǉǈǉ", "Љ"), ("Ǌǋǌ", "Њ")):
    _LAT_TO_CYR.update({_digraphs[0]: _cyr, _digraphs[1]: _cyr, _digraphs[2]: _cyr.lower()})
_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}
_SERBIAN_LATIN = frozenset(_LAT_TO_CYR)
del _cyr, _lat, _digraphs

# The word lists are data (consortium/i18n/data/*.txt: one entry a line, "#" starts a
# comment, "[name]" opens a section), read once here. Each file's header says what belongs
# in it and why.
_DATA = Path(__file__).with_name("data")


def _entries(name: str) -> list[tuple[str, str]]:
    """(section, entry) for every entry of a data file, in file order."""
    out, section = [], ""
    for raw in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line:
            out.append((section, unicodedata.normalize("NFC", " ".join(line.split()))))
    return out


# Where the two letters of lj/nj/dž belong to different parts of a word (a prefix and a stem:
# in-jekcija, kon-jugacija, nad-živeti, pod-župan) they are two letters, not one: инјекција,
# not ињекција. No rule can tell, so the stems are listed; "|" marks the split. A stem matches
# anywhere in the word, so inflected and further-prefixed forms are covered too.
_SPLIT_STEMS: tuple[tuple[str, int], ...] = tuple(
    (stem.replace("|", ""), stem.index("|")) for _, stem in _entries("sr_digraph_splits.txt")
)

_KEEP = _entries("sr_latin_keep.txt")
# Foreign acronyms that stay Latin inside Cyrillic text, as Serbian editors write them
# (matched exactly).
ACRONYMS: frozenset[str] = frozenset(e for s, e in _KEEP if s == "acronyms" and " " not in e)
# Names that are written in Latin letters in every script.
BRANDS: frozenset[str] = frozenset(e for s, e in _KEEP if s == "brands" and " " not in e)
# Names of several words, kept whole (UN Women, Freedom House).
KEEP_PHRASES: frozenset[str] = frozenset(e for _, e in _KEEP if " " in e)

# Spans that are markup, addresses or kept phrases, never words: kept byte for byte.
_PROTECTED = r"""
    %\(\w+\)[sdif] | %[sdif]                   # printf placeholder: %(name)s, %d
  | <[^<>]*>                                   # HTML tag
  | &\#?\w+;                                   # character entity
  | \b[a-z][a-z0-9+.-]*://\S+                  # URL with a scheme
  | \bwww\.\S+                                 # URL without one
  | [\w.+-]+@[\w-]+(?:\.[\w-]+)+               # e-mail address
  | \b(?:[\w-]+\.)+(?:com|org|net|edu|gov|int|info|io|eu|rs|me|ba|hr|mk|al|xk|si)\b(?:/\S*)?
"""


def _scanner(phrases: Collection[str]) -> re.Pattern[str]:
    """Finds what to keep (protected spans, kept phrases: case-sensitive) and the words."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    kept_phrase = rf"(?-i:(?<!\w)(?:{alternatives or '(?!)'})(?!\w))"
    return re.compile(
        rf"(?P<keep>{_PROTECTED}|{kept_phrase})|(?P<word>\w+(?:[/-]\w+)*)", re.VERBOSE | re.I
    )


_LAT_SCAN = _scanner(KEEP_PHRASES)
_JOINER = re.compile(r"([/-])")
_NUMBER = re.compile(r"[0-9]+")
# Roman numerals stay Latin in Serbian Cyrillic (XXI век, II светски рат). One letter is
# too ambiguous (I is also the conjunction и), so only two or more.
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def _keeps_latin(word: str, keep: Collection[str]) -> bool:
    if word in keep:  # the caller knows best
        return True
    if word in CYRILLIC_ACRONYMS:
        return False
    if word in ACRONYMS or word in BRANDS:
        return True
    if not all(ch in _SERBIAN_LATIN for ch in word):  # q w x y, ë, digits, other scripts
        return True
    if len(word) > 1 and _ROMAN.fullmatch(word):
        return True
    # A capital after a small letter (iPhone, eKapija) is a brand or code, not a Serbian word.
    return any(a.islower() and b.isupper() for a, b in pairwise(word))


def _lat_word(word: str) -> str:
    lower = word.lower()
    splits = set()
    for stem, at in _SPLIT_STEMS:
        start = lower.find(stem)
        while start != -1:
            splits.add(start + at)
            start = lower.find(stem, start + 1)
    out = []
    i = 0
    while i < len(word):
        pair = lower[i : i + 2]
        if pair in _DIGRAPHS and i + 1 not in splits:
            cyr = _DIGRAPHS[pair]
            out.append(cyr.upper() if word[i].isupper() else cyr)
            i += 2
        else:
            out.append(_LAT_TO_CYR[word[i]])
            i += 1
    return "".join(out)


# Acronyms Serbian writes in Cyrillic (EU -> ЕУ, BiH -> БиХ), Latin -> Cyrillic. They win
# over every rule that would keep a word Latin. A line gives the Cyrillic form only where
# the ordinary transliteration is wrong.
def _cyrillic_acronyms() -> dict[str, str]:
    table = {}
    for _, line in _entries("sr_cyrillic_acronyms.txt"):
        latin, _, cyrillic = line.partition(" ")
        if latin in ACRONYMS or latin in BRANDS or not set(latin) <= _SERBIAN_LATIN:
            raise ValueError(f"sr_cyrillic_acronyms.txt: {latin!r} cannot be written in Cyrillic")
        table[latin] = cyrillic or _lat_word(latin)
    return table


CYRILLIC_ACRONYMS: Mapping[str, str] = MappingProxyType(_cyrillic_acronyms())


def lat_to_cyr(text: str, *, keep: Collection[str] = ()) -> str:
    """Serbian Latin to Cyrillic, leaving foreign words, acronyms, addresses and markup Latin.

    `keep` adds words (exact spelling) to leave in Latin besides `ACRONYMS` and `BRANDS`.
    Acronyms in `CYRILLIC_ACRONYMS` are written in Cyrillic (EU -> ЕУ, NATO-a -> НАТО-а).
    """

    def convert(match: re.Match[str]) -> str:
        token = match.group()
        if match.group("keep") is not None or token in ACRONYMS or token in BRANDS or token in keep:
            return token
        # Words joined by "-" or "/" go together: Wi-Fi, UNDP-a and COVID-19 stay whole,
        # EU-a becomes ЕУ-а. A number is the same in both scripts and does not vote
        # (kovid-19 -> ковид-19, 19-godišnji -> 19-годишњи).
        parts = _JOINER.split(token)
        if any(_keeps_latin(p, keep) for p in parts[::2] if not _NUMBER.fullmatch(p)):
            return token
        return "".join(
            part
            if i % 2 or _NUMBER.fullmatch(part)
            else CYRILLIC_ACRONYMS.get(part) or _lat_word(part)
            for i, part in enumerate(parts)
        )

    # NFC so that a letter typed as base + combining caron is still one Serbian letter.
    return _LAT_SCAN.sub(convert, unicodedata.normalize("NFC", text))


# --- Search folding --------------------------------------------------------------------

# Applied after casefold, so lower case only. Serbian ђ and Macedonian ѓ are different
# letters (dj vs gj); where the alphabets differ their letters are disjoint, so one table
# serves both without knowing the language.
_FOLD = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "ѓ": "gj", "е": "e",
        "ѐ": "e", "ж": "z", "з": "z", "ѕ": "dz", "и": "i", "ѝ": "i", "ј": "j", "к": "k",
        "ќ": "kj", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c",
        "ч": "c", "џ": "dz", "ш": "s",
        # đ has no Unicode decomposition, so stripping marks would leave it: fold by hand.
        "đ": "dj", "č": "c", "ć": "c", "š": "s", "ž": "z", "ë": "e", "ç": "c",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_FOLDED_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """The search key: script-, diacritic- and case-blind ASCII (Београд, Beograd -> beograd)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    # Unidecode may emit capitals (€ -> EUR), hence lower() again.
    return _SPACES.sub(" ", unidecode(text).lower()).strip()


def fold_tokens(text: str) -> list[str]:
    """The folded words of `text`, split on anything that is not a letter or digit."""
    return _FOLDED_TOKEN.findall(fold(text))


def matches(query: str, text: str) -> bool:
    """True when every folded query word starts some folded word of `text`.

    An empty query matches everything, as an empty search filter does.
    """
    words = set(fold_tokens(text))
    return all(any(w.startswith(q) for w in words) for q in fold_tokens(query))


def search_key(*texts: str | None) -> str:
    """What a row stores to be found: its folded words, each preceded by a space.

    `" beograd centar "`: a query word is a prefix of a stored word exactly when
    `" " + word` occurs in the key, so SQL `LIKE '% word%'` means what `matches` means.
    """
    words = fold_tokens(" ".join(t for t in texts if t))
    return " " + " ".join(words) + " " if words else ""


def query_words(query: str | None, *, limit: int = 8) -> list[str]:
    """The folded words of a search box (at most `limit`, so a pasted essay stays cheap)."""
    return list(dict.fromkeys(fold_tokens(query or "")))[:limit]
