"""Input schemas of the community service's RPC methods (marshmallow), tested against contract/."""
from marshmallow import ValidationError, fields, validate, validates_schema

from classe12_contracts.registry import enum
from classe12_runtime.pagination import PageSchema
from classe12_runtime.validation import Id, Pattern, Schema, StrictBoolean, StrictInteger, Text

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
    charter_version = StrictInteger(load_default=None, allow_none=True, validate=validate.Range(min=1, max=1000))


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


# --- the account lifecycle (domain/lifecycle.py, domain/erasure.py) ------------------------------

TOKEN = validate.Length(min=1, max=200)
NEW_PASSWORD = validate.Length(min=12, max=200, error=TOO_SHORT_OR_LONG)
PASSWORD = validate.Length(min=1, max=200)


class TokenSchema(Schema):
    token = fields.String(required=True, validate=TOKEN)


class ResetRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))


class ResetPasswordSchema(Schema):
    token = fields.String(required=True, validate=TOKEN)
    password = fields.String(required=True, validate=NEW_PASSWORD)


class ChangeEmailSchema(Schema):
    password = fields.String(required=True, validate=PASSWORD)
    email = fields.Email(required=True, validate=validate.Length(max=254))


class ChangePasswordSchema(Schema):
    current_password = fields.String(required=True, validate=PASSWORD)
    password = fields.String(required=True, validate=NEW_PASSWORD)
    session_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))


class PasswordSchema(Schema):
    password = fields.String(required=True, validate=PASSWORD)


class MailIdSchema(Schema):
    mail_id = Id(required=True)


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


# --- discussions and moderation (docs/decisions.md 29) ------------------------------------------

REACTIONS = ("merci", "utile", "bravo")
TAG = Pattern("^[a-z0-9][a-z0-9-]{0,39}$", error="Mot-clé invalide : lettres minuscules, chiffres et tirets.")
URL = Pattern("^https?://[^\\s]{1,2000}$", error="Adresse invalide : elle commence par http:// ou https://.")
REPORT_REASONS = ("spam", "abuse", "off_topic", "personal_data", "illegal", "other")
CONTENT_KINDS = ("post", "profile", "review")
TARGET_ID = Pattern("^[0-9a-f]{24}(:[0-9a-f]{24})?$",
                    error="Identifiant invalide : 24 caractères hexadécimaux (un avis : <ressource>:<membre>).")


class AttachmentSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("file", "link")))
    title = Text(required=True, validate=validate.Length(min=1, max=120))
    url = fields.String(validate=[validate.Length(max=2008), URL])
    resource_id = Id()
    file_id = Id()

    @validates_schema
    def complete(self, data, **kwargs):
        if data.get("kind") == "link" and not data.get("url"):
            raise ValidationError({"url": ["Indiquez l'adresse du lien."]})
        if data.get("kind") == "file" and not (data.get("resource_id") and data.get("file_id")):
            missing = [f for f in ("resource_id", "file_id") if not data.get(f)]
            raise ValidationError({f: ["Indiquez la ressource et son fichier."] for f in missing})
        if data.get("kind") == "link" and (data.get("resource_id") or data.get("file_id")):
            raise ValidationError({"resource_id": ["Un lien n'a ni ressource ni fichier."]})


def attachments_field():
    return fields.List(fields.Nested(AttachmentSchema), validate=validate.Length(max=10))


def mentions_field():
    return fields.List(Id(), validate=validate.Length(max=20))


class CreateThreadSchema(Schema):
    group_id = Id(required=True)
    title = Text(required=True, validate=validate.Length(min=3, max=150))
    body = Text(required=True, validate=validate.Length(min=1, max=20000))
    tags = fields.List(fields.String(validate=TAG), load_default=list, validate=validate.Length(max=8))
    attachments = attachments_field()
    mentions = mentions_field()


class ListThreadsSchema(PageSchema):
    group_id = Id(required=True)


class GetThreadSchema(PageSchema):
    thread_id = Id(required=True)


class PostReplySchema(Schema):
    thread_id = Id(required=True)
    body = Text(required=True, validate=validate.Length(min=1, max=20000))
    quote_post_id = Id(load_default=None, allow_none=True)
    attachments = attachments_field()
    mentions = mentions_field()


class EditPostSchema(Schema):
    post_id = Id(required=True)
    title = Text(validate=validate.Length(min=3, max=150))
    body = Text(validate=validate.Length(min=1, max=20000))
    tags = fields.List(fields.String(validate=TAG), validate=validate.Length(max=8))
    attachments = attachments_field()


class PostRefSchema(Schema):
    post_id = Id(required=True)


class ReactSchema(PostRefSchema):
    reaction = fields.String(required=True, validate=validate.OneOf(REACTIONS))
    active = StrictBoolean(required=True)


class AcceptAnswerSchema(Schema):
    thread_id = Id(required=True)
    post_id = Id(required=True, allow_none=True)


class ThreadStateSchema(Schema):
    thread_id = Id(required=True)
    pinned = StrictBoolean()
    locked = StrictBoolean()


class FollowThreadSchema(Schema):
    thread_id = Id(required=True)
    follow = StrictBoolean(required=True)


class AcceptCharterSchema(Schema):
    version = StrictInteger(required=True, validate=validate.Range(min=1, max=1000))


class ReportSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(CONTENT_KINDS))
    id = fields.String(required=True, validate=[validate.Length(min=24, max=49), TARGET_ID])
    reason = fields.String(required=True, validate=validate.OneOf(REPORT_REASONS))
    details = Text(validate=validate.Length(max=1000))


class ModerationQueueSchema(PageSchema):
    group_id = Id()
    state = fields.String(load_default="open", validate=validate.OneOf(("open", "resolved")))


class ModerationLogSchema(PageSchema):
    group_id = Id()


class ModerateSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(CONTENT_KINDS))
    id = fields.String(required=True, validate=[validate.Length(min=24, max=49), TARGET_ID])
    action = fields.String(required=True, validate=validate.OneOf(("hide", "restore", "dismiss")))
    reason = Text(validate=validate.Length(max=500))


class SanctionSchema(Schema):
    member_id = Id(required=True)
    action = fields.String(required=True, validate=validate.OneOf(("warn", "suspend", "ban", "lift")))
    reason = Text(validate=validate.Length(max=500))
    days = StrictInteger(validate=validate.Range(min=1, max=365))
