"""RPC contract of the notifications service (marshmallow)."""
from marshmallow import ValidationError, fields, validate, validates_schema

from classe12_contracts.registry import enum
from classe12_runtime.pagination import PageSchema
from classe12_runtime.validation import Id, Pattern, Schema, StrictBoolean

from .domain.audience import LEVEL_FORMAT
from .domain.rules import CATEGORIES, EMAIL_CHOICES, PUSH_CHOICES

LEVELS = tuple(enum(*LEVEL_FORMAT))
MAX_FOLLOWS = 500
CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class ListNotificationsSchema(PageSchema):
    unread_only = fields.Boolean(load_default=False)


class NotificationIdSchema(Schema):
    notification_id = Id(required=True)


class Unique(validate.Validator):
    """No item twice (JSON Schema `uniqueItems`)."""

    json_schema = {"uniqueItems": True}

    def __call__(self, values):
        if len(set(values)) != len(values):
            raise validate.ValidationError("Les éléments doivent être uniques.")
        return values


_unique = Unique()


def _follow_list(item):
    return fields.List(item, validate=[validate.Length(max=MAX_FOLLOWS), _unique])


class AtLeastOne:
    """An object with one field at least (JSON Schema `minProperties: 1`): an empty change is refused."""

    json_schema = {"minProperties": 1}

    @validates_schema(pass_original=True)
    def one_field_at_least(self, data, original, **kwargs):
        if not original:
            raise ValidationError("Indiquez au moins un élément à changer.", "_schema")


class SetFollowsSchema(AtLeastOne, Schema):
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)), validate=_unique)
    topics = _follow_list(fields.String(validate=[validate.Length(max=80), Pattern(SLUG)]))
    groups = _follow_list(Id())
    resources = _follow_list(Id())
    members = _follow_list(Id())


class CategoryChoiceSchema(Schema):
    category = fields.String(required=True, validate=validate.OneOf(tuple(CATEGORIES)))
    in_app = StrictBoolean()
    email = fields.String(validate=validate.OneOf(EMAIL_CHOICES))
    push = fields.String(validate=validate.OneOf(PUSH_CHOICES))


class QuietHoursSchema(Schema):
    start = fields.String(required=True, validate=Pattern(CLOCK))
    end = fields.String(required=True, validate=Pattern(CLOCK))


class SetPreferencesSchema(AtLeastOne, Schema):
    categories = fields.List(fields.Nested(CategoryChoiceSchema), validate=validate.Length(max=len(CATEGORIES)))
    quiet_hours = fields.Nested(QuietHoursSchema, allow_none=True)


class UnsubscribeSchema(Schema):
    token = fields.String(required=True, validate=[validate.Length(max=400), Pattern(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")])


class ListFailuresSchema(PageSchema):
    pass


B64URL = r"^[A-Za-z0-9_-]+={0,2}$"


class PushKeysSchema(Schema):
    p256dh = fields.String(required=True, validate=[validate.Length(max=100), Pattern(B64URL)])
    auth = fields.String(required=True, validate=[validate.Length(max=30), Pattern(B64URL)])


class PushSubscriptionSchema(Schema):
    """PushSubscription.toJSON() of the Push API; what the keys and the endpoint must be is
    checked by domain/push.py (lengths once decoded, https, hosts)."""
    endpoint = fields.String(required=True, validate=validate.Length(max=2048))
    expirationTime = fields.Float(allow_none=True)  # noqa: N815 (the Push API's name)
    keys = fields.Nested(PushKeysSchema, required=True)


class PushSubscriptionIdSchema(Schema):
    subscription_id = Id(required=True)
