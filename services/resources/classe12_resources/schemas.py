"""RPC contract of the resources service (marshmallow), diffed against contract/asyncapi.yaml.

The search and file inputs live beside their code (search/, files/schemas.py).
"""
from __future__ import annotations

import re

from marshmallow import fields, validate

from classe12_runtime.pagination import PageSchema
from classe12_runtime.validation import Id, Pattern, Schema, StrictBoolean, StrictInteger, Text

from .domain.model import (
    BODY_MAX_LENGTH,
    DURATION_RANGE,
    KINDS,
    LEVELS,
    LICENCES,
    MAX_AUTHORS,
    MAX_COMPETENCES,
    MAX_TAGS,
    MAX_TOPICS,
    STATUSES,
    SUMMARY_LENGTH,
    TITLE_LENGTH,
    ZONES,
    is_slug,
)

COMPETENCE = "^[a-z]{2,5}(\\.[a-z0-9-]{2,40}){1,3}$"
SHARE_TOKEN = "^[A-Za-z0-9_-]{32}$"
EXTERNAL_URL = "^https?://[^\\x00-\\x20\\x7f]+$"
SORTS = ("relevance", "newest", "bookmarks", "rating")


class Markdown(fields.String):
    """Markdown text: control characters removed and line ends normalised, but leading
    indentation kept (it is meaningful in Markdown); trailing blanks removed."""

    _CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    json_schema = {"type": "string"}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        text = self._CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        return text.lstrip("\n").rstrip()


class Slug(fields.String):
    """A slug (topic, tag); surrounding blanks and capitals are forgiven ("Lecture " -> "lecture")."""

    MAX_INPUT = 60
    BLANKS = " \t\n\r\f\v"  # spelt out: the \s of JSON Schema (ECMA) and of Python differ
    json_schema = {"type": "string", "maxLength": MAX_INPUT,
                   "pattern": "^[ \\t\\n\\r\\f\\v]*[A-Za-z0-9][A-Za-z0-9-]{1,40}[ \\t\\n\\r\\f\\v]*$"}
    default_error_messages = {
        "slug": "Format invalide : 2 à 41 caractères, minuscules sans accents, chiffres et tirets "
                "(ex. « amenagement-espace »).",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        slug = text.strip(self.BLANKS).lower()
        if len(text) > self.MAX_INPUT or not is_slug(slug):
            raise self.make_error("slug")
        return slug


class Author(fields.Field):
    """A member ({"member_id"}) or somebody outside the platform ({"name"})."""

    _MEMBER = {"type": "object", "additionalProperties": False, "required": ["member_id"],
               "properties": {"member_id": Id.json_schema}}
    _NAMED = {"type": "object", "additionalProperties": False, "required": ["name"],
              "properties": {"name": {"type": "string", "minLength": 2, "maxLength": 80}}}
    json_schema = {"oneOf": [_MEMBER, _NAMED]}
    default_error_messages = {"invalid": "Un auteur est un membre (member_id) ou une personne nommée (name, 2 à 80 caractères)."}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict) or len(value) != 1:
            raise self.make_error("invalid")
        if "member_id" in value:
            return {"member_id": Id()._deserialize(value["member_id"], attr, data)}
        name = value.get("name")
        if not isinstance(name, str):
            raise self.make_error("invalid")
        name = " ".join(name.split())
        if not 2 <= len(name) <= 80:
            raise self.make_error("invalid")
        return {"name": name}


class LayoutSchema(Schema):
    surface_m2 = StrictInteger(required=True, validate=validate.Range(10, 200))
    pupils = StrictInteger(required=True, validate=validate.Range(1, 30))
    zones = fields.List(fields.String(validate=validate.OneOf(ZONES)), required=True,
                        validate=validate.Length(min=1, max=10))
    furniture = fields.List(Text(validate=validate.Length(1, 80)), load_default=list, validate=validate.Length(max=20))
    tips = fields.List(Text(validate=validate.Length(1, 300)), load_default=list, validate=validate.Length(max=20))
    plan_file_id = Id(allow_none=True)


def _content_fields(required: bool) -> dict:
    """The fields a member writes; all required ones optional for an update."""
    optional = {"required": False}
    return {
        "title": Text(required=required, validate=validate.Length(*TITLE_LENGTH)),
        "summary": Text(required=required, validate=validate.Length(*SUMMARY_LENGTH)),
        "body": Markdown(required=required, validate=validate.Length(min=1, max=BODY_MAX_LENGTH)),
        "kind": fields.String(required=required, validate=validate.OneOf(KINDS)),
        # duplicates are accepted and removed by the domain, hence the loose maximum
        "levels": fields.List(fields.String(validate=validate.OneOf(LEVELS)), required=required,
                              validate=validate.Length(min=1, max=2 * len(LEVELS),
                                                       error="Choisissez un à trois niveaux : CP, CE1, CE2.")),
        "topics": fields.List(Slug(), **optional, validate=validate.Length(
            max=MAX_TOPICS, error=f"{MAX_TOPICS} thèmes au maximum.")),
        "tags": fields.List(Slug(), **optional, validate=validate.Length(
            max=MAX_TAGS, error=f"{MAX_TAGS} mots-clés au maximum.")),
        "competences": fields.List(fields.String(validate=[validate.Length(max=128), Pattern(
            COMPETENCE, "Référence de compétence invalide (ex. « fr.lecture.identifier-mots »).")]), **optional,
            validate=validate.Length(max=MAX_COMPETENCES, error=f"{MAX_COMPETENCES} compétences au maximum.")),
        "duration_minutes": StrictInteger(allow_none=True, validate=validate.Range(*DURATION_RANGE)),
        "authors": fields.List(Author(), **optional, validate=validate.Length(
            min=1, max=MAX_AUTHORS, error="Un à dix auteurs.")),
        "licence": fields.String(validate=validate.OneOf(LICENCES)),
        "source": Text(allow_none=True, validate=validate.Length(1, 300)),
        "external_url": fields.String(allow_none=True, validate=[validate.Length(max=500), Pattern(
            EXTERNAL_URL, "Adresse web invalide (https://…).")]),
        "layout": fields.Nested(LayoutSchema, allow_none=True),
    }


CreateResourceSchema = Schema.from_dict(_content_fields(required=True), name="CreateResourceSchema")

UpdateResourceSchema = Schema.from_dict({
    "resource_id": fields.String(required=True, validate=validate.Length(min=1, max=100)),
    "expected_version": StrictInteger(validate=validate.Range(min=1)),
    "change_note": Text(validate=validate.Length(1, 300)),
    **_content_fields(required=False),
}, name="UpdateResourceSchema")


def _resource_ref():
    # Any string: an id that is not 24-hex names no resource, and the domain answers NotFound
    # (as for an unknown id), so a mistyped URL is a 404, not a 422.
    return fields.String(required=True, validate=validate.Length(min=1, max=100))


def _collection_ref():
    return fields.String(required=True, validate=validate.Length(min=1, max=100))


class ResourceIdSchema(Schema):
    resource_id = _resource_ref()


class VersionRefSchema(Schema):
    resource_id = _resource_ref()
    version = StrictInteger(required=True, validate=validate.Range(1, 1_000_000))


class RequestChangesSchema(Schema):
    resource_id = _resource_ref()
    comment = Text(required=True, validate=validate.Length(1, 2000))


class ArchiveResourceSchema(Schema):
    resource_id = _resource_ref()
    reason = Text(allow_none=True, load_default=None, validate=validate.Length(1, 500))


def _optional(field: fields.Field) -> fields.Field:
    field.allow_none, field.load_default = True, None
    return field


class SearchResourcesSchema(PageSchema):
    q = Text(load_default=None, allow_none=True, validate=validate.Length(max=200))
    kind = _optional(fields.String(validate=validate.OneOf(KINDS)))
    level = _optional(fields.String(validate=validate.OneOf(LEVELS)))
    topic = _optional(Slug())
    tag = _optional(Slug())
    competence = _optional(fields.String(validate=[validate.Length(max=128), Pattern(
        COMPETENCE, "Référence de compétence invalide (ex. « fr.lecture.identifier-mots »).")]))
    licence = _optional(fields.String(validate=validate.OneOf(LICENCES)))
    max_duration = _optional(StrictInteger(validate=validate.Range(*DURATION_RANGE)))
    zone = _optional(fields.String(validate=validate.OneOf(ZONES)))
    min_pupils = _optional(StrictInteger(validate=validate.Range(1, 30)))
    max_surface = _optional(StrictInteger(validate=validate.Range(10, 200)))
    sort = _optional(fields.String(validate=validate.OneOf(SORTS)))


class SuggestResourcesSchema(Schema):
    q = fields.String(required=True, validate=validate.Length(1, 60))
    limit = StrictInteger(load_default=8, validate=validate.Range(1, 20))


class MyResourcesSchema(PageSchema):
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATUSES))


class ResourcePageSchema(PageSchema):
    resource_id = _resource_ref()


class RateResourceSchema(Schema):
    resource_id = _resource_ref()
    stars = StrictInteger(required=True, validate=validate.Range(1, 5, error="Une note de 1 à 5 étoiles."))
    review = Text(allow_none=True, load_default=None, validate=validate.Length(max=2000))


class CreateCollectionSchema(Schema):
    name = Text(required=True, validate=validate.Length(1, 80))
    description = Text(allow_none=True, load_default=None, validate=validate.Length(max=500))
    shared = StrictBoolean(load_default=False)


class UpdateCollectionSchema(Schema):
    collection_id = _collection_ref()
    name = Text(validate=validate.Length(1, 80))
    description = Text(allow_none=True, validate=validate.Length(max=500))
    shared = StrictBoolean()
    resource_ids = fields.List(Id(), validate=validate.Length(max=200))


class CollectionRefSchema(Schema):
    collection_id = _collection_ref()


class CollectionItemSchema(Schema):
    collection_id = _collection_ref()
    resource_id = _resource_ref()
    position = StrictInteger(allow_none=True, load_default=None, validate=validate.Range(0, 199))


class CollectionItemRefSchema(Schema):
    collection_id = _collection_ref()
    resource_id = _resource_ref()


class SharedCollectionSchema(Schema):
    share_token = fields.String(required=True, validate=Pattern(SHARE_TOKEN, "Lien de partage invalide."))
