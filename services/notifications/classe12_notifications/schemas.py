"""RPC contract of the notifications service (marshmallow)."""
from marshmallow import ValidationError, fields, validate

from classe12_kernel.validation import Id, Schema

MIN_LIMIT, MAX_LIMIT = 1, 100


def page_size(value: int) -> int:
    # Not validate.Range: the kernel's French Range messages break Range.__init__ under
    # marshmallow 4 (KeyError 'min').
    if not MIN_LIMIT <= value <= MAX_LIMIT:
        raise ValidationError(f"Doit être entre {MIN_LIMIT} et {MAX_LIMIT}.")
    return value


class ListNotificationsSchema(Schema):
    limit = fields.Integer(load_default=20, strict=True, validate=page_size)
    cursor = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    unread_only = fields.Boolean(load_default=False)


class NotificationIdSchema(Schema):
    notification_id = Id(required=True)
