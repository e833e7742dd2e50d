"""The catalogue of resources: contributions (drafts), editorial publication, reading."""
from flask import Blueprint

from ..endpoints import AUTH_OPTIONAL, endpoint, rpc
from ..schemas import Resource, ResourceCreateRequest, ResourceListQuery, ResourcePage

bp = Blueprint("resources", __name__, url_prefix="/api/v1")


@endpoint(bp, "POST", "/resources", summary="Proposer une ressource (brouillon)", body=ResourceCreateRequest,
          response=Resource, status=201, errors=(400, 401, 422))
def create_resource(caller, body):
    return rpc("resources", "create_resource", **body)


@endpoint(bp, "GET", "/resources", summary="Parcourir les ressources publiées", auth=AUTH_OPTIONAL,
          query=ResourceListQuery, response=ResourcePage, errors=(422,))
def list_resources(caller, query):
    return rpc("resources", "list_resources", **query)


@endpoint(bp, "GET", "/resources/<id>", summary="Lire une ressource", auth=AUTH_OPTIONAL,
          response=Resource, errors=(404,))
def get_resource(caller, id):
    return rpc("resources", "get_resource", resource_id=id)


@endpoint(bp, "POST", "/resources/<id>/publish", summary="Publier une ressource (conseiller, administrateur)",
          response=Resource, errors=(401, 403, 404, 409))
def publish_resource(caller, id):
    return rpc("resources", "publish_resource", resource_id=id)
