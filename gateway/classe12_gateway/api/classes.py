"""A teacher's classes and pupils (aliases only). Nobody else can read them."""
from flask import Blueprint

from ..endpoints import endpoint, rpc
from ..schemas import Class, ClassCreateRequest, ClassPage, Page, PupilCreateRequest

bp = Blueprint("classes", __name__, url_prefix="/api/v1")


@endpoint(bp, "POST", "/classes", summary="Créer une classe (enseignant)", body=ClassCreateRequest,
          response=Class, status=201, errors=(400, 401, 403, 422))
def create_class(caller, body):
    return rpc("evaluation", "create_class", **body)


@endpoint(bp, "GET", "/classes", summary="Mes classes", query=Page, response=ClassPage, errors=(401, 422))
def list_classes(caller, query):
    return rpc("evaluation", "list_classes", **query)


@endpoint(bp, "GET", "/classes/<id>", summary="Une de mes classes, avec ses élèves", response=Class,
          errors=(401, 404))
def get_class(caller, id):
    return rpc("evaluation", "get_class", class_id=id)


@endpoint(bp, "POST", "/classes/<id>/pupils", summary="Ajouter un élève (prénom ou pseudonyme)",
          body=PupilCreateRequest, response=Class, status=201, errors=(400, 401, 404, 409, 422))
def add_pupil(caller, id, body):
    return rpc("evaluation", "add_pupil", class_id=id, **body)
