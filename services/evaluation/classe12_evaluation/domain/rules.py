"""Rules about classes and pupils that do not need storage: levels, school years, aliases.

Pupils are minors: we keep the minimum (DOMAIN.md). A pupil is known by a first name or an
alias only, never a surname, a birth date or a national pupil number (INE).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone

#: levels a class may have: the halved classes (a subset of the shared format `level`)
CLASS_LEVELS = ("CP", "CE1")
MAX_PUPILS = 30
NAME_MAX = 80
ALIAS_MAX = 40

#: first school years accepted (the halved classes started in 2017; the upper bound is a sanity bound)
FIRST_YEAR_MIN, FIRST_YEAR_MAX = 2017, 2099

_SCHOOL_YEAR = re.compile(r"([0-9]{4})-([0-9]{4})")  # the whole value (fullmatch: no final newline)


def school_year_error(value: str) -> str | None:
    """French message if `value` is not a school year "YYYY-YYYY" with consecutive years."""
    match = _SCHOOL_YEAR.fullmatch(value or "")
    if not match:
        return "Format attendu : AAAA-AAAA, par exemple 2025-2026."
    first, second = int(match.group(1)), int(match.group(2))
    if second != first + 1:
        return "La seconde année doit suivre la première, par exemple 2025-2026."
    if not FIRST_YEAR_MIN <= first <= FIRST_YEAR_MAX:
        return f"Année scolaire hors limites ({FIRST_YEAR_MIN}-{FIRST_YEAR_MIN + 1} au plus tôt)."
    return None


def retain_until(school_year: str) -> datetime:
    """End of the retention period: end of the school year (31 August) plus one year."""
    second = int(school_year.split("-")[1])
    return datetime(second + 1, 8, 31, 23, 59, 59, tzinfo=timezone.utc)


# Letters of any alphabet, digits, blanks, hyphens, apostrophes and dots.
_ALIAS_CHARS = re.compile(r"[\w\s'’.-]+")
_MAX_DIGITS = 2  # "Élève 12" is fine; a birth date or an INE has more digits


def alias_error(value: str) -> str | None:
    """French message if `value` does not look like a first name or an alias."""
    text = value or ""
    if not text.strip():
        return "Indiquez un prénom ou un pseudonyme."
    if len(text) > ALIAS_MAX:
        return f"Longueur maximale : {ALIAS_MAX}."
    if sum(ch.isdigit() for ch in text) > _MAX_DIGITS:
        return ("Indiquez seulement un prénom ou un pseudonyme : "
                "pas de date de naissance ni d'identifiant national (INE).")
    if not _ALIAS_CHARS.fullmatch(text) or "_" in text or not any(ch.isalpha() for ch in text):
        return ("Indiquez seulement un prénom ou un pseudonyme "
                "(lettres, espaces, tirets, apostrophes).")
    return None


def clean_alias(value: str) -> str:
    """The alias as displayed: blanks collapsed."""
    return " ".join(value.split())


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
_SEPARATORS = re.compile(r"[\s'’.-]+")


def alias_key(value: str) -> str:
    """Comparison key of an alias: case, accents and separators ignored ("Inès" == "ines",
    "Jean-Marc" == "jean marc"). Two pupils of one class cannot share a key."""
    text = unicodedata.normalize("NFKD", value.translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _SEPARATORS.sub(" ", text).strip()
