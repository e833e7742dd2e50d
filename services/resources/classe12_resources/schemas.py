"""RPC contract of the resources service (marshmallow)."""
from __future__ import annotations

import re

from marshmallow import fields, validate

from classe12_runtime.pagination import PageSchema
from classe12_runtime.validation import Schema, Text

from .domain.model import (
    BODY_MAX_LENGTH,
    KINDS,
    LEVELS,
    MAX_TOPICS,
    SUMMARY_LENGTH,
    TITLE_LENGTH,
    is_topic,
)


class Markdown(fields.String):
    """Markdown text: control characters removed and line ends normalised, but leading
    indentation kept (it is meaningful in Markdown); trailing blanks removed."""

    _CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    json_schema = {"type": "string"}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        text = self._CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        return text.lstrip("\n").rstrip()


class Topic(fields.String):
    """A topic slug; surrounding blanks and capitals are forgiven ("Lecture " -> "lecture")."""

    MAX_INPUT = 60
    json_schema = {"type": "string", "maxLength": MAX_INPUT,
                   "pattern": "^\\s*[A-Za-z0-9][A-Za-z0-9-]{1,40}\\s*$"}
    default_error_messages = {
        "slug": "Thème invalide : 2 à 41 caractères, minuscules sans accents, chiffres et tirets "
                "(ex. « amenagement-espace »).",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > self.MAX_INPUT or not is_topic(text.strip().lower()):
            raise self.make_error("slug")
        return text.strip().lower()


def _resource_ref():
    # Any string: an id that is not 24-hex names no resource, and the domain answers NotFound
    # (as for an unknown id), so a mistyped URL is a 404, not a 422.
    return fields.String(required=True, validate=validate.Length(min=1, max=100))


class CreateResourceSchema(Schema):
    title = Text(required=True, validate=validate.Length(*TITLE_LENGTH))
    summary = Text(required=True, validate=validate.Length(*SUMMARY_LENGTH))
    body = Markdown(required=True, validate=validate.Length(min=1, max=BODY_MAX_LENGTH))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    # duplicates are accepted and removed by the domain, hence the loose maximum
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)), required=True,
                         validate=validate.Length(min=1, max=2 * len(LEVELS),
                                                  error="Choisissez un à trois niveaux : CP, CE1, CE2."))
    topics = fields.List(Topic(), load_default=list,
                         validate=validate.Length(max=MAX_TOPICS, error=f"{MAX_TOPICS} thèmes au maximum."))


class ResourceIdSchema(Schema):
    resource_id = _resource_ref()


class ListResourcesSchema(PageSchema):
    level = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(LEVELS))
    kind = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(KINDS))
    topic = Topic(load_default=None, allow_none=True)
