"""One typo forgiven: the words of a vocabulary at Damerau-Levenshtein distance 1 of a word.

Words are folded (analyzer.fold), so their alphabet is a-z and 0-9: all the words one edit away
(a letter deleted, inserted, replaced, or two neighbours swapped) are few enough to be tried
one by one against the vocabulary (about 60 per letter, a few microseconds each), which needs
no index of its own and nothing to maintain when the vocabulary changes (unlike a deletion
neighbourhood, SymSpell, which costs memory proportional to the vocabulary times word length).
"""
from __future__ import annotations

from typing import Container, Iterator

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
#: words shorter than this are taken as typed: one edit in a short word makes another word
MIN_TYPO_LENGTH = 5


def one_edit_away(word: str) -> Iterator[str]:
    """Every string at Damerau-Levenshtein distance exactly 1 of `word` (duplicates possible)."""
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]  # deletion
        for letter in ALPHABET:
            if letter != word[i]:
                yield word[:i] + letter + word[i + 1:]  # substitution
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2:]  # transposition
    for i in range(len(word) + 1):
        for letter in ALPHABET:
            yield word[:i] + letter + word[i:]  # insertion


def corrections(word: str, vocabulary: Container[str]) -> list[str]:
    """The words of `vocabulary` one typo away from `word`, sorted; none for short words."""
    if len(word) < MIN_TYPO_LENGTH:
        return []
    return sorted({candidate for candidate in one_edit_away(word) if candidate in vocabulary})


def distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b are equal or one Damerau-Levenshtein edit apart (for tests and checks)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
