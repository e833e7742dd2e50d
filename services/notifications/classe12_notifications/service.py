"""nameko entrypoints of the notifications service (thin: validate, delegate to the domain)."""
from classe12_kernel.service_edge import (
    RequestContext,
    Store,
    consumes,
    health,
    rpc_method,
)
from classe12_kernel.validation import load_or_invalid

from . import __version__
from .domain.notifications import Notifications
from .schemas import ListNotificationsSchema, NotificationIdSchema
from .storage import NotificationStore


class NotificationsService:
    name = "notifications"

    caller = RequestContext()
    store = Store("notifications", NotificationStore)

    @property
    def notifications(self) -> Notifications:
        return Notifications(self.store)

    # --- events (each envelope handled once, effects idempotent) ----------------------------

    @consumes("community", "member_registered")
    def on_member_registered(self, envelope):
        self.notifications.on_member_registered(envelope)

    @consumes("resources", "resource_published")
    def on_resource_published(self, envelope):
        self.notifications.on_resource_published(envelope)

    # --- RPC ------------------------------------------------------------------------------

    @rpc_method
    def health(self):
        return health(self.name, __version__, self.store.db)

    @rpc_method
    def list_notifications(self, **payload):
        data = load_or_invalid(ListNotificationsSchema(), payload)
        return self.notifications.list(self.caller, data["limit"], data["cursor"], data["unread_only"])

    @rpc_method
    def mark_read(self, **payload):
        data = load_or_invalid(NotificationIdSchema(), payload)
        return self.notifications.mark_read(self.caller, data["notification_id"])
