"""Members' collections of resources, private or shared read-only by a link."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("collections", __name__, url_prefix="/api/v1")
ONE = {"id": "collection_id"}

forward(bp, "POST", "/collections", "resources.create_collection", status=201, summary="Créer une collection", publishes=True)
forward(bp, "GET", "/me/collections", "resources.list_my_collections", summary="Mes collections")
forward(bp, "GET", "/collections/<id>", "resources.get_collection", summary="Lire une de mes collections", path=ONE)
forward(bp, "PATCH", "/collections/<id>", "resources.update_collection",
        summary="Renommer, partager, réordonner une collection", path=ONE)
forward(bp, "DELETE", "/collections/<id>", "resources.delete_collection", summary="Supprimer une collection", path=ONE)
forward(bp, "POST", "/collections/<id>/items", "resources.add_to_collection",
        summary="Ajouter une ressource à une collection", path=ONE)
forward(bp, "DELETE", "/collections/<id>/items/<resource_id>", "resources.remove_from_collection",
        summary="Retirer une ressource d'une collection", path={"id": "collection_id", "resource_id": "resource_id"})
forward(bp, "GET", "/shared/collections/<token>", "resources.get_shared_collection",
        summary="Lire une collection partagée (lien)", path={"token": "share_token"})
