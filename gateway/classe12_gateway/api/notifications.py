"""Notifications of the signed-in member: the inbox, what they follow, their preferences."""
from flask import Blueprint, current_app, g

from ..endpoints import endpoint, forward
from ..own_schemas import ref

bp = Blueprint("notifications", __name__, url_prefix="/api/v1")

ONE = {"id": "notification_id"}

forward(bp, "GET", "/notifications", "notifications.list_notifications",
        summary="Mes notifications et le nombre de non lues")
forward(bp, "GET", "/notifications/unread-count", "notifications.unread_count",
        summary="Le nombre de mes notifications non lues")
forward(bp, "POST", "/notifications/read-all", "notifications.mark_all_read",
        summary="Marquer toutes mes notifications comme lues")
forward(bp, "POST", "/notifications/<id>/read", "notifications.mark_read",
        summary="Marquer une notification comme lue", path=ONE)
forward(bp, "DELETE", "/notifications/<id>", "notifications.delete_notification",
        summary="Supprimer une notification", path=ONE)
forward(bp, "GET", "/me/follows", "notifications.get_follows",
        summary="Ce que je suis : niveaux, thèmes, groupes, ressources, membres")
forward(bp, "PUT", "/me/follows", "notifications.set_follows",
        summary="Changer ce que je suis (chaque type donné remplace le précédent)")
forward(bp, "GET", "/me/preferences", "notifications.get_preferences",
        summary="Mes préférences de notification")
forward(bp, "PUT", "/me/preferences", "notifications.set_preferences",
        summary="Changer mes préférences de notification")
forward(bp, "POST", "/unsubscribe/<token>", "notifications.unsubscribe",
        summary="Se désinscrire en un clic depuis un courriel (RFC 8058)", path={"token": "token"},
        description="L'adresse de l'en-tête List-Unsubscribe des courriels : un POST sans connexion "
                    "(corps `List-Unsubscribe=One-Click` accepté et ignoré) arrête les courriels de la "
                    "catégorie, ou le résumé, du lien. Un lien altéré ou expiré reçoit une 422 en français.")
forward(bp, "GET", "/admin/email-failures", "notifications.list_delivery_failures",
        summary="Courriels non remis (après leurs nouvelles tentatives), pour les administrateurs")


@endpoint(bp, "POST", "/notifications/stream-ticket", summary="Un ticket pour suivre mes notifications en direct",
          response=ref("StreamTicket"), errors=(401, 422),
          description="EventSource ne peut pas envoyer d'en-tête Authorization : ce ticket, valable une minute, "
                      "ouvre le flux GET /api/v1/notifications/stream?ticket=… (Server-Sent Events : le nombre de "
                      "notifications non lues, puis chaque nouvelle notification). Ce flux est servi par un "
                      "processus à part, sur la même origine.")
def stream_ticket(caller, data):
    return current_app.extensions["classe12.tokens"].stream_ticket(g.claims)
forward(bp, "POST", "/me/push-subscriptions", "notifications.add_push_subscription", status=201,
        summary="Abonner un de mes appareils aux notifications push",
        description="Le corps est l'abonnement que donne le navigateur (`PushSubscription.toJSON()` : "
                    "`endpoint`, `keys.p256dh`, `keys.auth`), obtenu avec la clé publique de "
                    "`GET /api/v1/push/vapid-public-key`. Abonner de nouveau le même appareil met ses clés à jour.")
forward(bp, "GET", "/me/push-subscriptions", "notifications.list_push_subscriptions",
        summary="Mes appareils abonnés aux notifications push")
forward(bp, "DELETE", "/me/push-subscriptions/<id>", "notifications.delete_push_subscription",
        summary="Désabonner un de mes appareils des notifications push", path={"id": "subscription_id"})
forward(bp, "GET", "/push/vapid-public-key", "notifications.get_vapid_public_key",
        summary="La clé publique VAPID du serveur, pour abonner un appareil (applicationServerKey)")
