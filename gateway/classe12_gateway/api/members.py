"""Administration of members: privileged roles are granted by an admin, never self-chosen."""
from flask import Blueprint

from ..endpoints import endpoint, rpc
from ..schemas import GrantRoleRequest, Member

bp = Blueprint("members", __name__, url_prefix="/api/v1")


@endpoint(bp, "POST", "/members/<id>/roles", summary="Attribuer un rôle (administrateur)",
          body=GrantRoleRequest, response=Member, errors=(401, 403, 404, 422))
def grant_role(caller, id, body):
    return rpc("community", "grant_role", member_id=id, role=body["role"])
