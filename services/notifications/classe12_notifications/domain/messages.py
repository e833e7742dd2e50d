"""The wording of every notification (French, addressed to teachers and school staff).

`TEMPLATES[name](data, reasons)` gives the in-app message of an event for one recipient:
`data` is the event's payload, `reasons` the keys by which the recipient is concerned (see
rules.py: `level:CP`, `topic:<slug>`, `resource:<id>`...; `direct` for a recipient the event names). E-mails
reuse these words in their Jinja2 templates (templates/).
"""
from __future__ import annotations

from .audience import ordered_levels
from .rules import DIRECT

WELCOME = "welcome"
RESOURCE_PUBLISHED = "resource_published"


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


def _values(reasons, prefix: str) -> list[str]:
    return [key.split(":", 1)[1] for key in reasons if key.startswith(prefix + ":")]


def published(data: dict, reasons) -> dict:
    if f"resource:{data['resource_id']}" in reasons:
        return {"kind": RESOURCE_PUBLISHED, "title": f"Votre ressource est publiée : {data['title']}",
                "body": "Elle est désormais visible de toute la communauté dans l'espace Ressources.",
                "link": resource_link(data["resource_id"])}
    levels = [level for level in ordered_levels(_values(reasons, "level")) if level in (data.get("levels") or ())]
    if levels:
        return resource_message(data, levels)
    topics = [topic for topic in data.get("topics") or [] if topic]
    body = "Une ressource qui correspond à vos abonnements vient d'être publiée dans l'espace Ressources."
    if topics:
        body += f" Thèmes : {', '.join(topics)}."
    return {"kind": RESOURCE_PUBLISHED, "title": f"Nouvelle ressource : {data['title']}", "body": body,
            "link": resource_link(data["resource_id"])}


def thread_link(data: dict) -> str:
    return f"/groupes/{data['group_id']}/discussions/{data['thread_id']}"


def post_link(data: dict, post_id: str) -> str:
    return f"{thread_link(data)}#message-{post_id}"


def answer_accepted(data: dict, reasons) -> dict:
    link = post_link(data, data["post_id"])
    if DIRECT in reasons:
        return {"kind": "answer_accepted", "title": "Votre réponse a été retenue",
                "body": "L'auteur de la discussion a choisi votre réponse comme solution. Merci pour votre aide !",
                "link": link}
    return {"kind": "answer_accepted", "title": "Une discussion que vous suivez a trouvé sa réponse",
            "body": "L'auteur de la discussion a choisi une réponse comme solution.", "link": link}


def content_hidden(data: dict, reasons) -> dict:
    what, link = {
        "post": ("Un de vos messages a été masqué par la modération",
                 post_link(data, data["id"]) if data.get("thread_id") and data.get("group_id") else None),
        "profile": ("La présentation de votre profil a été masquée par la modération", "/profil"),
        "review": ("Un de vos avis sur une ressource a été masqué par la modération",
                   resource_link(data["id"].partition(":")[0])),
    }[data["kind"]]
    return {"kind": "content_hidden", "title": what,
            "body": ("Il n'est plus visible que de vous et de l'équipe de modération. Vous trouverez le motif "
                     "de cette décision en l'ouvrant ; relisez la charte de la communauté avant de publier à nouveau."),
            "link": link}


TEMPLATES = {
    "welcome": lambda d, reasons: welcome_message(d["display_name"], d.get("levels")),
    "duplicate_registration": lambda d, reasons: {
        "kind": "duplicate_registration", "title": "Tentative d'inscription avec votre adresse",
        "body": ("Quelqu'un a essayé de créer un compte Classe à 12 avec votre adresse électronique. "
                 "Si c'était vous, connectez-vous simplement, ou réinitialisez votre mot de passe. "
                 "Sinon, vous n'avez rien à faire : votre compte n'a pas changé."),
        "link": "/connexion"},
    "group_joined": lambda d, reasons: {
        "kind": "group_joined", "title": "Un nouveau membre a rejoint votre groupe",
        "body": "Un membre vient de rejoindre un groupe que vous animez. Souhaitez-lui la bienvenue !",
        "link": f"/groupes/{d['group_id']}"},
    "resource_submitted": lambda d, reasons: {
        "kind": "resource_submitted", "title": f"Ressource à relire : {d['title']}",
        "body": f"Une ressource pour {levels_phrase(d.get('levels')) or 'la communauté'} attend une relecture avant publication.",
        "link": resource_link(d["resource_id"])},
    "resource_changes_requested": lambda d, reasons: {
        "kind": "resource_changes_requested", "title": f"Modifications demandées : {d['title']}",
        "body": f"Un relecteur demande des modifications avant publication : « {d['comment']} »",
        "link": resource_link(d["resource_id"])},
    "resource_published": published,
    "thread_created": lambda d, reasons: {
        "kind": "thread_created", "title": "Nouvelle discussion dans un de vos groupes",
        "body": "Une nouvelle discussion vient d'être ouverte dans un groupe dont vous êtes membre.",
        "link": thread_link(d)},
    "reply_posted": lambda d, reasons: {
        "kind": "reply_posted",
        "title": ("Nouvelle réponse à votre discussion" if DIRECT in reasons
                  else "Nouvelle réponse dans une discussion que vous suivez"),
        "body": "Quelqu'un vient de répondre. Ouvrez la discussion pour lire sa réponse.",
        "link": post_link(d, d["post_id"])},
    "member_mentioned": lambda d, reasons: {
        "kind": "member_mentioned", "title": "On vous a mentionné dans une discussion",
        "body": "Un membre de votre groupe vous a cité dans un message : il attend peut-être votre avis.",
        "link": post_link(d, d["post_id"])},
    "answer_accepted": answer_accepted,
    "content_hidden": content_hidden,
    "resource_updated": lambda d, reasons: {
        "kind": "resource_updated", "title": f"Ressource mise à jour : {d['title']}",
        "body": "Une ressource que vous suivez a été modifiée."
                + (f" Note : « {d['change_note']} »" if d.get("change_note") else ""),
        "link": resource_link(d["resource_id"])},
    "resource_archived": lambda d, reasons: {
        "kind": "resource_archived", "title": f"Ressource archivée : {d['title']}",
        "body": "Cette ressource a été archivée : elle n'est plus proposée dans l'espace Ressources."
                + (f" Motif : « {d['reason']} »" if d.get("reason") else ""),
        "link": resource_link(d["resource_id"])},
}
KINDS = tuple(sorted({"welcome", "resource_published", *TEMPLATES}))
