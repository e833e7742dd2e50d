"""A teacher's classes and pupils (aliases only), the competence framework, positioning and the
repères. Nobody but the class's teachers can read a class or its results (404 for anybody else)."""
from flask import Blueprint

from ..endpoints import forward

bp = Blueprint("classes", __name__, url_prefix="/api/v1")
CLASS = {"id": "class_id"}

forward(bp, "POST", "/classes", "evaluation.create_class", status=201, summary="Créer une classe (enseignant)")
forward(bp, "GET", "/classes", "evaluation.list_classes", summary="Mes classes")
forward(bp, "GET", "/classes/<id>", "evaluation.get_class", summary="Une de mes classes, avec ses élèves", path=CLASS)
forward(bp, "POST", "/classes/<id>/pupils", "evaluation.add_pupil", status=201,
        summary="Ajouter un élève (prénom ou pseudonyme)", path=CLASS)
forward(bp, "POST", "/classes/<id>/invitations", "evaluation.invite_coteacher", status=201, path=CLASS,
        summary="Inviter un collègue en co-intervention (code à usage unique, propriétaire de la classe)")
forward(bp, "POST", "/classes/join", "evaluation.join_class",
        summary="Rejoindre une classe avec le code donné par son propriétaire (enseignant)")

# the competence framework of cycle 2 and the repères (public: no pupil data)
forward(bp, "GET", "/framework", "evaluation.get_framework",
        summary="Le référentiel de compétences du cycle 2 en vigueur et les évaluations repères")
forward(bp, "GET", "/framework/<version>", "evaluation.get_framework_version",
        summary="Une version du référentiel (en vigueur ou passée)", path={"version": "version"})

# positioning and repères: the class's teachers only
forward(bp, "PUT", "/classes/<id>/grid", "evaluation.position_grid", path=CLASS,
        summary="Positionner la classe sur un ou plusieurs items (grille entière, idempotent)")
forward(bp, "GET", "/classes/<id>/grid", "evaluation.get_grid", path=CLASS,
        summary="La grille d'une compétence telle qu'elle est : le dernier niveau de chaque élève sur chaque item")
forward(bp, "GET", "/classes/<id>/competences", "evaluation.get_class_view", path=CLASS,
        summary="La classe par compétence : élèves à chaque niveau, élèves à accompagner")
forward(bp, "GET", "/classes/<id>/pupils/<pupil_id>/positionings", "evaluation.get_pupil_history",
        path={"id": "class_id", "pupil_id": "pupil_id"}, summary="Le parcours d'un élève, item par item")
forward(bp, "PUT", "/classes/<id>/reperes/<period>", "evaluation.record_reperes",
        path={"id": "class_id", "period": "period"},
        summary="Saisir les scores d'une évaluation repères (le profil de la classe en retour)")
forward(bp, "GET", "/classes/<id>/reperes/<period>", "evaluation.get_reperes",
        path={"id": "class_id", "period": "period"}, summary="Le profil de la classe à une évaluation repères")

# parents: the class's teachers give a code per pupil, see the linked accounts, revoke them
PUPIL = {"id": "class_id", "pupil_id": "pupil_id"}
forward(bp, "POST", "/classes/<id>/pupils/<pupil_id>/parent-invitations", "evaluation.invite_parent", status=201,
        path=PUPIL, summary="Un code à usage unique pour la famille d'un élève (14 jours)")
forward(bp, "GET", "/classes/<id>/pupils/<pupil_id>/parents", "evaluation.list_parent_links", path=PUPIL,
        summary="Les comptes de parents liés à un élève")
forward(bp, "DELETE", "/classes/<id>/pupils/<pupil_id>/parents/<link_id>", "evaluation.revoke_parent",
        path={"id": "class_id", "pupil_id": "pupil_id", "link_id": "link_id"},
        summary="Retirer l'accès d'un parent à l'élève")

# privacy: the audit, erasure, export (the class's teachers; erasing the class: its owner)
forward(bp, "GET", "/classes/<id>/audit", "evaluation.get_audit", path=CLASS,
        summary="Le journal des accès aux données des élèves de la classe")
forward(bp, "DELETE", "/classes/<id>/pupils/<pupil_id>", "evaluation.erase_pupil", path=PUPIL,
        summary="Effacer un élève et tout ce qui le concerne")
forward(bp, "DELETE", "/classes/<id>", "evaluation.erase_class", path=CLASS,
        summary="Effacer la classe et tout ce qui s'y rattache (propriétaire)")
forward(bp, "GET", "/classes/<id>/export", "evaluation.export_class", path=CLASS,
        summary="Exporter la classe : CSV et bilans par élève (JSON)")

# school years: the owner archives the class at year end (read-only); next year's class gets the pupils
forward(bp, "POST", "/classes/<id>/archive", "evaluation.archive_class", path=CLASS,
        summary="Archiver la classe en fin d'année (lecture seule ; propriétaire)")
forward(bp, "POST", "/classes/<id>/pupils/copy", "evaluation.copy_pupils", path=CLASS,
        summary="Reprendre les élèves de la classe de l'année précédente (prénoms seulement)")
