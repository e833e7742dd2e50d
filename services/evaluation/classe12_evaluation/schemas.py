"""Input schemas of the evaluation service's RPC methods (marshmallow), tested against contract/."""
from marshmallow import ValidationError, fields, validate

from classe12_runtime.pagination import PageSchema
from classe12_runtime.validation import Id, Pattern, Schema, StrictInteger, Text

from .domain.framework import SCALE
from .domain.parents import NOTE_MAX
from .domain.positioning import COMMENT_MAX
from .domain.rules import ALIAS_MAX, CLASS_LEVELS, NAME_MAX, alias_error, school_year_error

#: framework ids (items, competences): the format shared with resources' competence references
FRAMEWORK_ID = "^[a-z]{2,5}(\\.[a-z0-9-]{2,40}){1,3}$"
EXERCISE_ID = "^[a-z0-9][a-z0-9-]{1,40}$"
PERIODS = ("debut-cp", "mi-cp", "debut-ce1")
#: a whole class (30 pupils at most) on 20 items in one request
MAX_CELLS = 600
#: a whole class on every exercise of a period
MAX_SCORES = 450
MAX_SCORE = 1000


class Rule:
    """A marshmallow validator from a domain rule returning a French message or None;
    `json_schema` is what the contract can say of the rule (the rest is the service's)."""

    def __init__(self, check, json_schema: dict):
        self.check = check
        self.json_schema = json_schema

    def __call__(self, value):
        problem = self.check(value)
        if problem:
            raise ValidationError(problem)


class CreateClassSchema(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=NAME_MAX))
    level = fields.String(required=True, validate=validate.OneOf(CLASS_LEVELS))
    school_year = fields.String(required=True, validate=Rule(school_year_error, {"pattern": "^[0-9]{4}-[0-9]{4}$"}))


class AddPupilSchema(Schema):
    class_id = Id(required=True)
    alias = Text(required=True, validate=Rule(alias_error, {"minLength": 1, "maxLength": ALIAS_MAX}))


class ClassIdSchema(Schema):
    class_id = Id(required=True)


class ListClassesSchema(PageSchema):
    """limit and cursor only."""


class FrameworkVersionSchema(Schema):
    version = StrictInteger(required=True, validate=validate.Range(1, 1_000_000))


def _framework_id(required: bool = True, **kwargs):
    return fields.String(required=required, validate=[validate.Length(max=128), Pattern(
        FRAMEWORK_ID, "Identifiant du référentiel invalide (ex. « fr.lecture.identifier-mots.syllabes »).")], **kwargs)


class CellSchema(Schema):
    pupil_id = Id(required=True)
    item_id = _framework_id()
    level = fields.String(required=True, validate=validate.OneOf(SCALE))
    comment = Text(allow_none=True, validate=validate.Length(max=COMMENT_MAX))


class PositionGridSchema(Schema):
    class_id = Id(required=True)
    date = fields.Date(required=True)
    framework_version = StrictInteger(allow_none=True, validate=validate.Range(1, 1_000_000))
    cells = fields.List(fields.Nested(CellSchema), required=True, validate=validate.Length(
        min=1, max=MAX_CELLS, error=f"Une grille compte de 1 à {MAX_CELLS} cellules."))


class GridSchema(Schema):
    class_id = Id(required=True)
    competence_id = _framework_id(required=True)


class ClassViewSchema(Schema):
    class_id = Id(required=True)
    competence_id = _framework_id(required=False)


class PupilRefSchema(Schema):
    class_id = Id(required=True)
    pupil_id = Id(required=True)


class ScoreSchema(Schema):
    pupil_id = Id(required=True)
    exercise_id = fields.String(required=True, validate=[validate.Length(max=41), Pattern(
        EXERCISE_ID, "Identifiant d'exercice invalide (ex. « manipuler-syllabes »).")])
    score = StrictInteger(required=True, validate=validate.Range(0, MAX_SCORE))


class RecordReperesSchema(Schema):
    class_id = Id(required=True)
    period = fields.String(required=True, validate=validate.OneOf(PERIODS))
    scores = fields.List(fields.Nested(ScoreSchema), required=True, validate=validate.Length(
        min=1, max=MAX_SCORES, error=f"De 1 à {MAX_SCORES} scores par envoi."))


class ReperesRefSchema(Schema):
    class_id = Id(required=True)
    period = fields.String(required=True, validate=validate.OneOf(PERIODS))


class JoinClassSchema(Schema):
    code = Text(required=True, validate=validate.Length(min=1, max=40))


# -- parents -----------------------------------------------------------------------------------

HOME_ITEM_ID = "^maison\\.[a-z0-9-]{2,40}$"


class RevokeParentSchema(Schema):
    class_id = Id(required=True)
    pupil_id = Id(required=True)
    link_id = Id(required=True)


class ChildRefSchema(Schema):
    link_id = Id(required=True)


class AddObservationSchema(Schema):
    link_id = Id(required=True)
    date = fields.Date(required=True)
    home_item_id = fields.String(allow_none=True, validate=[validate.Length(max=48), Pattern(
        HOME_ITEM_ID, "Identifiant d'observation invalide (ex. « maison.lit-petit-livre »).")])
    note = Text(allow_none=True, validate=validate.Length(max=NOTE_MAX))


# -- privacy -----------------------------------------------------------------------------------

class AuditPageSchema(PageSchema):
    class_id = Id(required=True)


class CopyPupilsSchema(Schema):
    class_id = Id(required=True)
    from_class_id = Id(required=True)
