"""Passwords: argon2id hashes, and what a password must be (CNIL recommendation, 2022).

A password alone protects an account only with about 80 bits of entropy: 12 characters mixing
lowercase, uppercase, digits and other characters, or longer with fewer kinds (a phrase of a
few words is the easiest to remember). It must not be one of the most common passwords, nor
the member's own address. The messages say what to change.
"""
from __future__ import annotations

import math
import re
import string
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MIN_BITS = 77  # 12 characters of the four kinds, as the CNIL counts them (about 80 bits)
_hasher = PasswordHasher()

# A hash of a random password, verified when the e-mail is unknown so that timing does not
# reveal which addresses have an account.
_DECOY = _hasher.hash("decoy-password-never-used")

TOO_SHORT = f"Trop court : {MIN_LENGTH} caractères au moins."
TOO_GUESSABLE = ("Trop facile à deviner : allongez-le (une phrase de quelques mots convient) ou mêlez "
                 "minuscules, majuscules, chiffres et autres caractères.")
TOO_COMMON = "Ce mot de passe fait partie des plus courants : choisissez-en un autre."
IS_THE_ADDRESS = "Ne reprenez pas votre adresse e-mail dans votre mot de passe."

_COMMON = frozenset(
    line.strip() for line in resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
_DECORATION = re.compile(r"[\d\W_]+$")  # "azerty123!" is "azerty" decorated


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DECOY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def estimated_bits(password: str) -> float:
    """Length times log2 of the alphabet its kinds of characters span (the CNIL's measure)."""
    pool = 0
    pool += 26 if any(c in string.ascii_lowercase for c in password) else 0
    pool += 26 if any(c in string.ascii_uppercase for c in password) else 0
    pool += 10 if any(c in string.digits for c in password) else 0
    pool += 33 if any(c in string.punctuation or c == " " for c in password) else 0
    pool += 40 if any(ord(c) > 127 for c in password) else 0  # accented letters and the rest
    return len(password) * math.log2(pool) if pool else 0.0


def password_problems(password: str, email: str) -> list[str]:
    """What to change, in French (empty: the password is fine)."""
    lowered = password.lower()
    if lowered in _COMMON or _DECORATION.sub("", lowered) in _COMMON:
        return [TOO_COMMON]
    local = email.split("@", 1)[0].lower()
    if lowered == email.lower() or (len(local) >= 4 and local in lowered):
        return [IS_THE_ADDRESS]
    if len(password) < MIN_LENGTH:
        return [TOO_SHORT]
    if estimated_bits(password) < MIN_BITS:
        return [TOO_GUESSABLE]
    return []
