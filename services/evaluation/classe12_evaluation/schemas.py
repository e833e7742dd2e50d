"""Input schemas of the evaluation service's RPC methods (marshmallow), tested against contract/."""
from marshmallow import ValidationError, fields, validate

from classe12_runtime.pagination import PageSchema
from classe12_runtime.validation import Id, Schema, Text

from .domain.rules import ALIAS_MAX, CLASS_LEVELS, NAME_MAX, alias_error, school_year_error


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
