"""RPC contract of the notifications service (marshmallow)."""
from marshmallow import fields

from classe12_runtime.pagination import PageSchema
from classe12_runtime.validation import Id, Schema


class ListNotificationsSchema(PageSchema):
    unread_only = fields.Boolean(load_default=False)


class NotificationIdSchema(Schema):
    notification_id = Id(required=True)
