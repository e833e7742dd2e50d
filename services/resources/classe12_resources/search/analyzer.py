"""French text analysis: the same for the documents and for what people type.

    fold("L’Élève") == "l'eleve"
    terms("Les lectures de l’élève") == ["lectur", "elev"]

`fold`: Unicode compatibility decomposition, combining marks dropped, case folded, "œ" -> "oe",
"æ" -> "ae", typographic apostrophes made plain. `words`: the runs of letters and digits of the
folded text (an apostrophe, a hyphen or any punctuation separates words, so the elided "l'",
"qu'" become words of their own, which are stop words). `stem`: the Snowball French stemmer,
run on the folded word after putting back the accents its rules need ("-ée(s)", "-ité(s)": the
stemmer recognises these suffixes with their accent only), the result folded again; so
"dictées", "dictee" and "dicter" share one stem whether or not accents were typed.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from typing import Iterator

import snowballstemmer

from .stopwords import STOP_WORDS

_WORD = re.compile(r"[a-z0-9]+")
#: what `stem` remembers; bounded since queries can bring any word
_CACHE_LIMIT = 200_000
#: folded endings that are accented suffixes of the stemmer's rules
_REACCENT = (("ees", "ées"), ("ee", "ée"), ("ites", "ités"), ("ite", "ité"))
_SPECIAL = {"œ": "oe", "æ": "ae", "’": "'", "ʼ": "'", "‘": "'", "`": "'"}


class _FoldTable(dict):
    """str.translate's table from a case-folded character to its folded form, filled on first
    sight of each character: a text is then folded in one C loop."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _SPECIAL.get(char)
        if folded is None:
            decomposed = unicodedata.normalize("NFKD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
            folded = "".join(_SPECIAL.get(c, c) for c in folded)
        if len(self) < 100_000:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case, no accents, no ligatures: how every text is compared."""
    return text.casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    """The folded words of `text`, stop words included, in order."""
    return _WORD.findall(fold(text))


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


class Stemmer:
    """The Snowball French stemmer on folded words, with a cache (it costs ~0.1 ms a word).

    One per process; safe to share between threads (the Snowball object is not reentrant)."""

    def __init__(self):
        self._snowball = snowballstemmer.stemmer("french")
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    def __call__(self, word: str) -> str:
        stem = self._cache.get(word)
        if stem is None:
            stem = self._compute(word)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = stem
        return stem

    def _compute(self, word: str) -> str:
        if not word.isalpha() or len(word) < 3:
            return word  # "ce1", "48", "m2", "cp": left as they are
        for folded_end, accented_end in _REACCENT:
            if word.endswith(folded_end) and len(word) > len(folded_end) + 2:
                word = word[: -len(folded_end)] + accented_end
                break
        with self._lock:
            stem = self._snowball.stemWord(word)
        return fold(stem)


stem = Stemmer()


def analyse(text: str) -> Iterator[tuple[str, str]]:
    """(folded word, stem) of each word of `text` that is not a stop word, in order."""
    for word in words(text):
        if word not in STOP_WORDS:
            yield word, stem(word)


def terms(text: str) -> list[str]:
    """The stems of `text`'s words that are not stop words, in order."""
    return [term for _, term in analyse(text)]
