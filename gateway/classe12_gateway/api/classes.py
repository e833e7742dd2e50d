"""A teacher's classes and pupils (aliases only). Nobody else can read them."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("classes", __name__, url_prefix="/api/v1")

forward(bp, "POST", "/classes", "evaluation.create_class", status=201, summary="Créer une classe (enseignant)")
forward(bp, "GET", "/classes", "evaluation.list_classes", summary="Mes classes")
forward(bp, "GET", "/classes/<id>", "evaluation.get_class", summary="Une de mes classes, avec ses élèves",
        path={"id": "class_id"})
forward(bp, "POST", "/classes/<id>/pupils", "evaluation.add_pupil", status=201,
        summary="Ajouter un élève (prénom ou pseudonyme)", path={"id": "class_id"})
