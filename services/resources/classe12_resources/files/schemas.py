"""RPC inputs of the file operations (marshmallow), diffed against contract/asyncapi.yaml
(`grant_file_upload.input`, `file_ref.input`) by tests/test_contract.py."""
from __future__ import annotations

from marshmallow import fields, validate

from classe12_runtime.validation import Schema, StrictBoolean, Text

from ..domain.model import FILE_ROLES


def _reference():
    # any string: one that names nothing is answered not_found by the use case, as an unknown id
    return fields.String(required=True, validate=validate.Length(min=1, max=100))


class GrantFileUploadSchema(Schema):
    resource_id = _reference()
    filename = Text(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True, validate=validate.OneOf(FILE_ROLES))
    title = Text(allow_none=True, load_default=None, validate=validate.Length(min=1, max=160))
    shows_pupils = StrictBoolean(load_default=False)
    image_rights_attested = StrictBoolean(load_default=False)


class FileRefSchema(Schema):
    resource_id = _reference()
    file_id = _reference()
