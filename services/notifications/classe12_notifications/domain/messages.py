"""The wording of every notification (French, addressed to teachers and school staff)."""
from __future__ import annotations

from .audience import ordered_levels

WELCOME = "welcome"
RESOURCE_PUBLISHED = "resource_published"
KINDS = (WELCOME, RESOURCE_PUBLISHED)


def levels_phrase(levels) -> str:
    """["CP"] -> "le CP"; ["CP", "CE1"] -> "le CP et le CE1"."""
    return " et ".join(f"le {level}" for level in ordered_levels(levels))


def resource_link(resource_id: str) -> str:
    return f"/ressources/{resource_id}"


def welcome_message(display_name: str, levels) -> dict:
    """The first notification of a new member."""
    levels = ordered_levels(levels)
    for_whom = f"pensés pour {levels_phrase(levels)} dédoublé" if levels else "pensés pour les CP et CE1 dédoublés"
    body = (f"Votre compte est prêt. Dans l'espace Ressources, vous trouverez des séances et des outils "
            f"{for_whom}. Dans l'espace Communauté, des collègues qui vivent la même aventure "
            f"partagent leurs pratiques et répondent à vos questions.")
    if levels:
        body += f" Nous vous préviendrons ici dès qu'une nouvelle ressource pour {levels_phrase(levels)} sera publiée."
    return {"kind": WELCOME, "title": f"Bienvenue sur Classe à 12, {display_name} !", "body": body, "link": None}


def resource_message(resource: dict, levels) -> dict:
    """A new resource, told to someone who teaches `levels` (the levels they have in common)."""
    phrase = levels_phrase(levels)
    body = f"Une ressource pour {phrase} vient d'être publiée dans l'espace Ressources."
    topics = [topic for topic in resource.get("topics") or [] if topic]
    if topics:
        body += f" Thèmes : {', '.join(topics)}."
    return {"kind": RESOURCE_PUBLISHED, "title": f"Nouvelle ressource pour {phrase} : {resource['title']}",
            "body": body, "link": resource_link(resource["resource_id"])}
