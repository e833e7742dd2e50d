"""Profiles, the school and member directories, and groups (community service)."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("community", __name__, url_prefix="/api/v1")
GROUP = {"id": "group_id"}
GROUP_MEMBER = {"id": "group_id", "member_id": "member_id"}

forward(bp, "GET", "/me/profile", "community.get_my_profile", summary="Mon profil, avec qui voit chaque champ")
forward(bp, "PATCH", "/me/profile", "community.update_my_profile",
        summary="Modifier mon profil (école, niveaux, centres d'intérêt, présentation, visibilité)")
forward(bp, "GET", "/members", "community.search_members",
        summary="L'annuaire des membres (nom, département, réseau, niveau, rôle)")
forward(bp, "GET", "/members/<id>", "community.get_profile", summary="Le profil d'un membre, selon ce qu'il montre",
        path={"id": "member_id"})
forward(bp, "GET", "/schools", "community.search_schools", summary="L'annuaire des écoles (nom, département, réseau)")
forward(bp, "GET", "/schools/<uai>", "community.get_school", summary="Une école, par son code UAI",
        path={"uai": "uai"})
forward(bp, "GET", "/groups", "community.list_groups", summary="Les groupes nationaux et locaux que l'on peut rejoindre")
forward(bp, "POST", "/groups", "community.create_group", status=201, summary="Créer un groupe thématique", publishes=True)
forward(bp, "GET", "/me/groups", "community.list_my_groups",
        summary="Mes groupes, mes demandes et mes invitations")
forward(bp, "GET", "/me/group-suggestions", "community.suggest_groups",
        summary="Les groupes suggérés (locaux d'après mon école, nationaux d'après mes intérêts)")
forward(bp, "GET", "/groups/<id>", "community.get_group", summary="Un groupe", path=GROUP)
forward(bp, "POST", "/groups/<id>/join", "community.join_group",
        summary="Rejoindre un groupe, demander à le rejoindre ou accepter une invitation", path=GROUP)
forward(bp, "POST", "/groups/<id>/leave", "community.leave_group",
        summary="Quitter un groupe, retirer sa demande ou décliner une invitation", path=GROUP)
forward(bp, "GET", "/groups/<id>/members", "community.list_group_members",
        summary="Les membres d'un groupe, ses demandes ou ses invitations", path=GROUP)
forward(bp, "POST", "/groups/<id>/requests/<member_id>", "community.decide_membership",
        summary="Accepter ou refuser une demande (propriétaires, modérateurs)", path=GROUP_MEMBER)
forward(bp, "POST", "/groups/<id>/invitations", "community.invite_to_group",
        summary="Inviter un membre (propriétaires, modérateurs)", path=GROUP, publishes=True)
forward(bp, "PUT", "/groups/<id>/members/<member_id>/role", "community.set_group_role",
        summary="Changer le rôle d'un membre du groupe (propriétaires)", path=GROUP_MEMBER)

# --- discussions, the charter and moderation (docs/decisions.md 29) -----------------------------
THREAD = {"id": "thread_id"}
POST = {"id": "post_id"}

forward(bp, "GET", "/groups/<id>/threads", "community.list_threads", path=GROUP,
        summary="Les discussions d'un groupe : épinglées d'abord, puis par activité, avec les réponses non lues")
forward(bp, "POST", "/groups/<id>/threads", "community.create_thread", path=GROUP, status=201,
        summary="Ouvrir une discussion dans un groupe (Markdown, mots-clés, pièces jointes, mentions)", publishes=True)
forward(bp, "GET", "/threads/<id>", "community.get_thread", path=THREAD,
        summary="Une discussion et une page de ses réponses (la marque comme lue)")
forward(bp, "PATCH", "/threads/<id>", "community.set_thread_state", path=THREAD,
        summary="Épingler ou verrouiller une discussion (propriétaires, modérateurs)")
forward(bp, "POST", "/threads/<id>/replies", "community.post_reply", path=THREAD, status=201,
        summary="Répondre dans une discussion, en citant éventuellement un message", publishes=True)
forward(bp, "PUT", "/threads/<id>/accepted-answer", "community.accept_answer", path=THREAD,
        summary="Choisir la réponse acceptée (l'auteur de la discussion)")
forward(bp, "PUT", "/threads/<id>/follow", "community.follow_thread", path=THREAD,
        summary="Suivre une discussion, ou ne plus la suivre")
forward(bp, "GET", "/me/followed-threads", "community.list_followed_threads",
        summary="Les discussions que je suis (celles que je peux encore lire), avec leur groupe et les réponses non lues")
forward(bp, "PATCH", "/posts/<id>", "community.edit_post", path=POST,
        summary="Modifier son message (l'ancienne version est gardée dans l'historique)", publishes=True)
forward(bp, "DELETE", "/posts/<id>", "community.delete_post", path=POST, summary="Supprimer son message")
forward(bp, "PUT", "/posts/<id>/reactions", "community.react_to_post", path=POST,
        summary="Réagir à un message (merci, utile, bravo) ou retirer sa réaction", publishes=True)
forward(bp, "GET", "/charter", "community.get_charter",
        summary="La charte de la communauté en vigueur (et, connecté, la version acceptée et sa situation)")
forward(bp, "POST", "/me/charter", "community.accept_charter", summary="Accepter la charte en vigueur")
forward(bp, "POST", "/reports", "community.report_content", status=201,
        summary="Signaler un message, un profil ou un avis aux modérateurs", publishes=True)
forward(bp, "GET", "/moderation/queue", "community.list_moderation_queue",
        summary="La file de modération (d'un groupe pour ses modérateurs, de la plateforme pour les administrateurs)")
forward(bp, "GET", "/moderation/log", "community.list_moderation_log",
        summary="Le journal de modération (d'un groupe pour ses modérateurs, de la plateforme pour les administrateurs)")
forward(bp, "POST", "/moderation/decisions", "community.moderate_content",
        summary="Masquer (avec une raison), rétablir un contenu, ou classer ses signalements")
forward(bp, "POST", "/members/<id>/sanctions", "community.sanction_member", path={"id": "member_id"},
        summary="Avertir, suspendre, exclure un membre, ou lever ses sanctions (administrateurs)")
