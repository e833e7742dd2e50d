"""Administration of members: privileged roles are granted and taken back by an admin."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("members", __name__, url_prefix="/api/v1")

forward(bp, "POST", "/members/<id>/roles", "community.grant_role", summary="Attribuer un rôle (administrateur)",
        path={"id": "member_id"})
forward(bp, "DELETE", "/members/<id>/roles/<role>", "community.revoke_role",
        summary="Retirer un rôle (administrateur)", path={"id": "member_id", "role": "role"})
