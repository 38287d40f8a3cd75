"""Pure helpers on statement texts: paragraphs, hashes, word-by-word differences."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORDS = re.compile(r"\s+|[^\s]+")


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs, as Markdown separates them (blank lines)."""
    text = (body or "").replace("\r\n", "\n").strip()
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text)] if text else []


def join(parts: list[str]) -> str:
    return "\n\n".join(p.strip() for p in parts if p.strip())


def text_hash(title: str, body: str) -> str:
    """What a signature is bound to: the exact title and paragraphs, whitespace aside."""
    canonical = (title or "").strip() + "\n\n" + join(paragraphs(body))
    return hashlib.sha256(canonical.encode()).hexdigest()


def changed_paragraphs(before: str, after: str) -> set[int]:
    """Indexes (in `after`) of the paragraphs that are new or differ from `before`."""
    old, new = paragraphs(before), paragraphs(after)
    changed = set()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changed.update(range(j1, j2))
    return changed


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added", "removed"
    text: str


def word_diff(before: str, after: str) -> list[Piece]:
    """The difference between two texts, word by word (spaces kept)."""
    old, new = _WORDS.findall(before or ""), _WORDS.findall(after or "")
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(new[j1:j2])))
    return pieces
