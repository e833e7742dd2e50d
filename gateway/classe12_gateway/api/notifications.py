"""In-app notifications of the signed-in member."""
from flask import Blueprint

from ..endpoints import endpoint, rpc
from ..schemas import Notification, NotificationListQuery, NotificationPage

bp = Blueprint("notifications", __name__, url_prefix="/api/v1")


@endpoint(bp, "GET", "/notifications", summary="Mes notifications et le nombre de non lues",
          query=NotificationListQuery, response=NotificationPage, errors=(401, 422))
def list_notifications(caller, query):
    return rpc("notifications", "list_notifications", **query)


@endpoint(bp, "POST", "/notifications/<id>/read", summary="Marquer une notification comme lue",
          response=Notification, errors=(401, 404))
def mark_read(caller, id):
    return rpc("notifications", "mark_read", notification_id=id)
