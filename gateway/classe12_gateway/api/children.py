"""Parents: join with the code the teacher gave, their own children only, observations from home.
Anything else a parent probes does not exist (404); the evaluation service decides."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("children", __name__, url_prefix="/api/v1")
CHILD = {"id": "link_id"}

forward(bp, "POST", "/children/join", "evaluation.join_as_parent",
        summary="Lier son compte de parent à son enfant avec le code donné par l'enseignant")
forward(bp, "GET", "/children", "evaluation.list_children", summary="Mes enfants (parents)")
forward(bp, "GET", "/children/<id>", "evaluation.get_child", path=CHILD,
        summary="Les progrès de mon enfant, nos observations, ce que l'on peut observer à la maison")
forward(bp, "POST", "/children/<id>/observations", "evaluation.add_observation", path=CHILD, status=201,
        summary="Ajouter une observation faite à la maison")
