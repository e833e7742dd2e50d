"""Input schemas of the community service's RPC methods (marshmallow), tested against contract/."""
from marshmallow import fields, validate

from classe12_contracts.registry import enum
from classe12_runtime.validation import Id, Pattern, Schema, Text

from .domain.passwords import TOO_SHORT
from .domain.roles import PRIVILEGED_ROLES, SELF_CHOSEN_ROLES

TOO_SHORT_OR_LONG = TOO_SHORT + " 200 au plus."

#: levels as the evaluation service's contract defines them
LEVELS = enum("urn:classe12:evaluation:formats:v1", "level")

UAI = Pattern("^[0-9]{7}[A-Z]$", error="Code UAI invalide (7 chiffres et une lettre, ex. 0751234A).")


class RegisterSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(min=12, max=200, error=TOO_SHORT_OR_LONG))
    display_name = Text(required=True, validate=validate.Length(min=2, max=80))
    role = fields.String(required=True, validate=validate.OneOf(SELF_CHOSEN_ROLES))
    school_uai = fields.String(load_default=None, allow_none=True, validate=UAI)
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)), load_default=list,
                         validate=validate.Length(max=len(LEVELS)))


class AuthenticateSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class MemberIdSchema(Schema):
    member_id = Id(required=True)


class RoleSchema(Schema):
    member_id = Id(required=True)
    role = fields.String(required=True, validate=validate.OneOf(
        PRIVILEGED_ROLES, error=f"Seuls ces rôles s'attribuent : {', '.join(PRIVILEGED_ROLES)}."))


class RefreshSessionSchema(Schema):
    session_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    token_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class SessionIdSchema(Schema):
    session_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class AccessChangesSchema(Schema):
    since = fields.AwareDateTime(required=True)
