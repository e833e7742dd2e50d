"""The catalogue of resources: contributions (drafts), editorial publication, reading."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("resources", __name__, url_prefix="/api/v1")

forward(bp, "POST", "/resources", "resources.create_resource", status=201,
        summary="Proposer une ressource (brouillon)")
forward(bp, "GET", "/resources", "resources.list_resources", summary="Parcourir les ressources publiées")
forward(bp, "GET", "/resources/<id>", "resources.get_resource", summary="Lire une ressource",
        path={"id": "resource_id"})
forward(bp, "POST", "/resources/<id>/publish", "resources.publish_resource",
        summary="Publier une ressource (conseiller, administrateur)", path={"id": "resource_id"})
