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


#: the académie of each département (2020 map: Caen and Rouen are Normandie), overseas included;
#: Saint-Pierre-et-Miquelon depends on Normandie, Saint-Barthélemy and Saint-Martin on Guadeloupe
_ACADEMIES = {
    "Aix-Marseille": "04 05 13 84", "Amiens": "02 60 80", "Besançon": "25 39 70 90",
    "Bordeaux": "24 33 40 47 64", "Clermont-Ferrand": "03 15 43 63", "Corse": "2A 2B", "Créteil": "77 93 94",
    "Dijon": "21 58 71 89", "Grenoble": "07 26 38 73 74", "Lille": "59 62", "Limoges": "19 23 87",
    "Lyon": "01 42 69", "Montpellier": "11 30 34 48 66", "Nancy-Metz": "54 55 57 88", "Nantes": "44 49 53 72 85",
    "Nice": "06 83", "Normandie": "14 27 50 61 76 975", "Orléans-Tours": "18 28 36 37 41 45", "Paris": "75",
    "Poitiers": "16 17 79 86", "Reims": "08 10 51 52", "Rennes": "22 29 35 56", "Strasbourg": "67 68",
    "Toulouse": "09 12 31 32 46 65 81 82", "Versailles": "78 91 92 95", "Guadeloupe": "971 977 978",
    "Martinique": "972", "Guyane": "973", "La Réunion": "974", "Mayotte": "976", "Wallis et Futuna": "986",
    "Polynésie française": "987", "Nouvelle-Calédonie": "988",
}
ACADEMIE_OF = {code: academie for academie, codes in _ACADEMIES.items() for code in codes.split()}


def academie_of(departement: str | None) -> str | None:
    return ACADEMIE_OF.get(departement or "")
