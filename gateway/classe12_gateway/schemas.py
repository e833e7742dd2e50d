"""The public HTTP contract: request and response schemas (they also generate the OpenAPI)."""
from marshmallow import fields, validate

from classe12_runtime.validation import Schema, Text

LEVELS = ("CP", "CE1")
SELF_CHOSEN_ROLES = ("teacher", "director", "coordinator", "partner", "parent")
PRIVILEGED_ROLES = ("adviser", "researcher", "admin")
KINDS = ("article", "video", "audio", "fiche", "sequence")
TOPIC = validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,40}$", error="Thème invalide (minuscules, chiffres et tirets).")
SCHOOL_YEAR = validate.Regexp(r"^[0-9]{4}-[0-9]{4}$", error="Année scolaire invalide (ex. 2026-2027).")
Level = lambda **kw: fields.String(validate=validate.OneOf(LEVELS), **kw)  # noqa: E731


class Page(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100),
                           metadata={"description": "Nombre d'éléments par page (1 à 100)."})
    cursor = fields.String(load_default=None, validate=validate.Length(max=300),
                           metadata={"description": "Curseur opaque renvoyé par la page précédente."})


# --- auth and members -------------------------------------------------------------------

class RegisterRequest(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(min=10, max=200),
                             metadata={"description": "10 caractères au moins."})
    display_name = Text(required=True, validate=validate.Length(min=2, max=80))
    role = fields.String(required=True, validate=validate.OneOf(SELF_CHOSEN_ROLES),
                         metadata={"description": "Rôle choisi à l'inscription. Conseiller, chercheur et "
                                                  "administrateur sont attribués par un administrateur."})
    school_uai = fields.String(load_default=None, allow_none=True,
                               validate=validate.Regexp(r"^[0-9]{7}[A-Z]$", error="Code UAI invalide (ex. 0751234A)."))
    levels = fields.List(Level(), load_default=list, validate=validate.Length(max=2))


class LoginRequest(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class RefreshRequest(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class TokenResponse(Schema):
    access_token = fields.String()
    refresh_token = fields.String()
    token_type = fields.String(metadata={"example": "Bearer"})
    expires_in = fields.Integer(metadata={"description": "Durée de validité du jeton d'accès, en secondes."})


class GrantRoleRequest(Schema):
    role = fields.String(required=True, validate=validate.OneOf(PRIVILEGED_ROLES))


class Member(Schema):
    id = fields.String()
    email = fields.String()
    display_name = fields.String()
    roles = fields.List(fields.String())
    school_uai = fields.String(allow_none=True)
    levels = fields.List(fields.String())
    created_at = fields.String()


# --- resources ----------------------------------------------------------------------------

class ResourceCreateRequest(Schema):
    title = Text(required=True, validate=validate.Length(min=3, max=160))
    summary = Text(required=True, validate=validate.Length(min=1, max=500))
    body = fields.String(required=True, validate=validate.Length(min=1, max=100_000),
                         metadata={"description": "Contenu en Markdown."})
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    levels = fields.List(Level(), required=True, validate=validate.Length(min=1, max=2))
    topics = fields.List(fields.String(validate=TOPIC), load_default=list, validate=validate.Length(max=10))


class ResourceListQuery(Page):
    level = Level(load_default=None)
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    topic = fields.String(load_default=None, validate=TOPIC)


class ResourceSummary(Schema):
    id = fields.String()
    title = fields.String()
    summary = fields.String()
    kind = fields.String()
    levels = fields.List(fields.String())
    topics = fields.List(fields.String())
    status = fields.String()
    author_id = fields.String()
    created_at = fields.String()
    updated_at = fields.String()
    published_at = fields.String(allow_none=True)
    published_by = fields.String(allow_none=True)


class Resource(ResourceSummary):
    body = fields.String()


class ResourcePage(Schema):
    items = fields.List(fields.Nested(ResourceSummary))
    next_cursor = fields.String(allow_none=True)


# --- classes --------------------------------------------------------------------------------

class ClassCreateRequest(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=80))
    level = Level(required=True)
    school_year = fields.String(required=True, validate=SCHOOL_YEAR)


class PupilCreateRequest(Schema):
    alias = Text(required=True, validate=validate.Length(min=1, max=40),
                 metadata={"description": "Prénom ou pseudonyme uniquement (jamais de nom de famille)."})


class Pupil(Schema):
    id = fields.String()
    alias = fields.String()
    added_at = fields.String()


class ClassSummary(Schema):
    id = fields.String()
    name = fields.String()
    level = fields.String()
    school_year = fields.String()
    teacher_ids = fields.List(fields.String())
    pupils_count = fields.Integer()
    retain_until = fields.String(metadata={"description": "Date de suppression automatique des données "
                                                          "des élèves (fin de l'année scolaire + un an)."})
    created_at = fields.String()
    updated_at = fields.String()


class Class(ClassSummary):
    pupils = fields.List(fields.Nested(Pupil))


class ClassPage(Schema):
    items = fields.List(fields.Nested(ClassSummary))
    next_cursor = fields.String(allow_none=True)


# --- notifications ------------------------------------------------------------------------

class NotificationListQuery(Page):
    unread_only = fields.Boolean(load_default=False)


class Notification(Schema):
    id = fields.String()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    link = fields.String(allow_none=True)
    created_at = fields.String()
    read_at = fields.String(allow_none=True)


class NotificationPage(Schema):
    items = fields.List(fields.Nested(Notification))
    next_cursor = fields.String(allow_none=True)
    unread_count = fields.Integer()


# --- health ---------------------------------------------------------------------------------

class Health(Schema):
    status = fields.String(metadata={"description": "ok, ou unavailable si une dépendance ne répond pas."})
    version = fields.String()
    broker = fields.Dict()
    services = fields.Dict()


class Problem(Schema):
    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    code = fields.String()
    request_id = fields.String(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
