"""Input schemas of the community service's RPC methods (marshmallow), tested against contract/."""
from marshmallow import fields, validate

from classe12_contracts.registry import enum
from classe12_runtime.pagination import PageSchema
from classe12_runtime.validation import Id, Pattern, Schema, StrictBoolean, Text

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


class GetContactsSchema(Schema):
    member_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=100))


# --- profiles, directories, groups --------------------------------------------------------------

VISIBILITY = ("members", "groups", "nobody")
NETWORKS = ("REP", "REP+")
ALL_ROLES = ("teacher", "director", "coordinator", "partner", "parent", "adviser", "researcher", "admin")
DEPARTEMENT = Pattern("^(0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-8]|98[4-9])$",
                      error="Code de département invalide (ex. 59, 2A, 974).")
UAI_FORMAT = Pattern("^[0-9]{7}[A-Z]$", error="Code UAI invalide (7 chiffres et une lettre, ex. 0591001T).")
DEPARTEMENT_CODE = [validate.Length(max=3), DEPARTEMENT]
UAI_CODE = [validate.Length(equal=8), UAI_FORMAT]


class VisibilitySchema(Schema):
    school = fields.String(validate=validate.OneOf(VISIBILITY))
    levels = fields.String(validate=validate.OneOf(VISIBILITY))
    interests = fields.String(validate=validate.OneOf(VISIBILITY))
    bio = fields.String(validate=validate.OneOf(VISIBILITY))


class UpdateProfileSchema(Schema):
    display_name = Text(validate=validate.Length(min=2, max=80))
    school_uai = fields.String(allow_none=True, validate=UAI_CODE)
    departement = fields.String(allow_none=True, validate=DEPARTEMENT_CODE)
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)), validate=validate.Length(max=len(LEVELS)))
    interests = fields.List(fields.String(validate=Pattern("^[a-z0-9-]{1,60}$", error="Thème inconnu.")),
                            validate=validate.Length(max=12))
    bio = Text(validate=validate.Length(max=500))
    visibility = fields.Nested(VisibilitySchema)


class SearchMembersSchema(PageSchema):
    name = Text(validate=validate.Length(min=1, max=80))
    departement = fields.String(validate=DEPARTEMENT_CODE)
    network = fields.String(validate=validate.OneOf(NETWORKS))
    level = fields.String(validate=validate.OneOf(LEVELS))
    role = fields.String(validate=validate.OneOf(ALL_ROLES))


class SearchSchoolsSchema(PageSchema):
    name = Text(validate=validate.Length(min=1, max=80))
    departement = fields.String(validate=DEPARTEMENT_CODE)
    network = fields.String(validate=validate.OneOf(NETWORKS))


class SchoolRefSchema(Schema):
    uai = fields.String(required=True, validate=UAI_CODE)


class ListGroupsSchema(PageSchema):
    scope = fields.String(validate=validate.OneOf(("national", "local")))
    departement = fields.String(validate=DEPARTEMENT_CODE)


class GroupRefSchema(Schema):
    group_id = Id(required=True)


class JoinGroupSchema(GroupRefSchema):
    message = Text(validate=validate.Length(max=500))


class GroupMemberRefSchema(GroupRefSchema):
    member_id = Id(required=True)


class DecideMembershipSchema(GroupMemberRefSchema):
    accept = StrictBoolean(required=True)


class SetGroupRoleSchema(GroupMemberRefSchema):
    role = fields.String(required=True, validate=validate.OneOf(("owner", "moderator", "member")))


class ListGroupMembersSchema(PageSchema):
    group_id = Id(required=True)
    state = fields.String(load_default="member", validate=validate.OneOf(("member", "requested", "invited")))


class CreateGroupSchema(Schema):
    name = Text(required=True, validate=validate.Length(min=3, max=80))
    description = Text(load_default="", validate=validate.Length(max=1000))
    access = fields.String(required=True, validate=validate.OneOf(("open", "on_request", "private")))
    topics = fields.List(fields.String(validate=Pattern("^[a-z0-9-]{1,60}$", error="Thème inconnu.")),
                         load_default=list, validate=validate.Length(max=12))
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)), load_default=list,
                         validate=validate.Length(max=len(LEVELS)))
