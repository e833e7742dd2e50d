"""RPC contract of the evaluation service (marshmallow)."""
from marshmallow import ValidationError, fields, validate

from classe12_kernel.pagination import PageSchema
from classe12_kernel.validation import Id, Schema, Text

from .domain.rules import LEVELS, NAME_MAX, alias_error, school_year_error


def _rule(check):
    """A marshmallow validator from a domain rule returning a French message or None."""
    def validator(value):
        problem = check(value)
        if problem:
            raise ValidationError(problem)
    return validator


class CreateClassSchema(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=NAME_MAX))
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    school_year = fields.String(required=True, validate=_rule(school_year_error))


class AddPupilSchema(Schema):
    class_id = Id(required=True)
    alias = Text(required=True, validate=_rule(alias_error))  # length 1..ALIAS_MAX included


class ClassIdSchema(Schema):
    class_id = Id(required=True)


class ListClassesSchema(PageSchema):
    """limit and cursor only."""
