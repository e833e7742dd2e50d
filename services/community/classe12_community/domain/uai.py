"""UAI codes (Unité administrative immatriculée) and département codes.

A UAI is 7 digits and a check letter: the letter of ABCDEFGHJKLMNPRSTUVWXYZ (no I, O, Q) at
the rank of the 7-digit number modulo 23. Its first three characters say the département
(059 Nord, 093 Seine-Saint-Denis, 974 La Réunion; 620 and 720 for Corse-du-Sud and
Haute-Corse).
"""
from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
UAI = re.compile(r"[0-9]{7}[A-Z]")
DEPARTEMENT = re.compile(r"0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-8]|98[4-9]")
WRONG_LETTER = "Lettre de contrôle incorrecte : vérifiez le code UAI."


def check_letter(digits: str) -> str:
    return CHECK_LETTERS[int(digits) % 23]


def uai_problem(uai: str) -> str | None:
    """None for a well-formed UAI, else what is wrong with it (French)."""
    if not isinstance(uai, str) or not UAI.fullmatch(uai):
        return "Code UAI invalide (7 chiffres et une lettre, ex. 0591001T)."
    if check_letter(uai[:7]) != uai[7]:
        return WRONG_LETTER
    return None


def normalise_departement(code: str) -> str | None:
    """"059" -> "59", "02A" -> "2A", "974" -> "974"; None when it is not a département code."""
    code = (code or "").strip().upper()
    if len(code) == 3 and code.startswith("0"):
        code = code[1:]
    if len(code) == 1 and code.isdigit():
        code = "0" + code
    return code if DEPARTEMENT.fullmatch(code) else None
