"""The catalogue: the taxonomy, French search, contributions and their editorial workflow,
versions, ratings and bookmarks (files: files.py)."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("resources", __name__, url_prefix="/api/v1")
ONE = {"id": "resource_id"}

forward(bp, "GET", "/taxonomy", "resources.get_taxonomy", summary="La taxonomie du catalogue (domaines, sous-domaines)")
forward(bp, "GET", "/resources", "resources.search_resources",
        summary="Chercher dans le catalogue (mots en français, filtres, facettes, tri)")
forward(bp, "GET", "/resources/suggest", "resources.suggest_resources", summary="Suggestions pendant la saisie")
forward(bp, "POST", "/resources", "resources.create_resource", status=201, summary="Proposer une ressource (brouillon)", publishes=True)
forward(bp, "GET", "/resources/<id>", "resources.get_resource", summary="Lire une ressource", path=ONE)
forward(bp, "PATCH", "/resources/<id>", "resources.update_resource", summary="Modifier une ressource", path=ONE, publishes=True)
forward(bp, "POST", "/resources/<id>/submit", "resources.submit_resource",
        summary="Soumettre sa ressource à la relecture", path=ONE, publishes=True)
forward(bp, "POST", "/resources/<id>/publish", "resources.publish_resource",
        summary="Publier une ressource (conseiller, administrateur)", path=ONE)
forward(bp, "POST", "/resources/<id>/request-changes", "resources.request_changes",
        summary="Demander des modifications à l'auteur (conseiller, administrateur)", path=ONE)
forward(bp, "POST", "/resources/<id>/archive", "resources.archive_resource",
        summary="Archiver une ressource (conseiller, administrateur)", path=ONE)
forward(bp, "GET", "/resources/<id>/versions", "resources.list_resource_versions",
        summary="Les versions publiées d'une ressource", path=ONE)
forward(bp, "GET", "/resources/<id>/versions/<version>", "resources.get_resource_version",
        summary="Lire une version publiée", path={"id": "resource_id", "version": "version"})
forward(bp, "PUT", "/resources/<id>/rating", "resources.rate_resource",
        summary="Noter une ressource (1 à 5 étoiles, un avis facultatif)", path=ONE, publishes=True)
forward(bp, "DELETE", "/resources/<id>/rating", "resources.remove_rating", summary="Retirer sa note", path=ONE)
forward(bp, "GET", "/resources/<id>/reviews", "resources.list_ratings",
        summary="Les avis sur une ressource (notes accompagnées d'un texte)", path=ONE)
forward(bp, "PUT", "/resources/<id>/bookmark", "resources.bookmark_resource", summary="Garder une ressource en favori",
        path=ONE)
forward(bp, "DELETE", "/resources/<id>/bookmark", "resources.unbookmark_resource", summary="Retirer un favori",
        path=ONE)
forward(bp, "GET", "/me/resources", "resources.list_my_resources", summary="Mes ressources, dans tous leurs états")
forward(bp, "GET", "/me/bookmarks", "resources.list_bookmarks", summary="Mes favoris")
forward(bp, "GET", "/review/resources", "resources.list_review_queue",
        summary="Ressources à relire (conseiller, administrateur)")
