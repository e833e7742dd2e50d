"""In-app notifications of the signed-in member."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("notifications", __name__, url_prefix="/api/v1")

forward(bp, "GET", "/notifications", "notifications.list_notifications",
        summary="Mes notifications et le nombre de non lues")
forward(bp, "POST", "/notifications/<id>/read", "notifications.mark_read",
        summary="Marquer une notification comme lue", path={"id": "notification_id"})
