"""The default avatar: a member's initials on a colour of the State design system (DSFR).

Nothing is stored: the avatar is described (initials, colours, a text alternative) and any
client draws it. Each background is a DSFR "sun" colour whose contrast with white is at least
4.5:1 (RGAA 3.2), chosen from the member id so that it never changes with the name.
"""
from __future__ import annotations

from .text import words

#: DSFR background colours (dark enough for white text: contrast >= 4.5:1)
BACKGROUNDS = ("#000091", "#18753c", "#b34000", "#a94645", "#716043", "#6e445a", "#3558a2", "#447049",
               "#8d533e", "#465f9d", "#66673d", "#5e2a2b")
FOREGROUND = "#ffffff"


def initials(display_name: str) -> str:
    parts = [w for w in words(display_name) if w[0].isalpha()] or words(display_name)
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
    return letters.upper()


def avatar(member_id: str, display_name: str) -> dict:
    background = BACKGROUNDS[int(member_id[-6:], 16) % len(BACKGROUNDS)] if member_id else BACKGROUNDS[0]
    return {"kind": "initials", "initials": initials(display_name), "background": background,
            "foreground": FOREGROUND, "label": f"Avatar de {display_name}"}
