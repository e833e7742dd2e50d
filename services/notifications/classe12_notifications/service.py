"""nameko entrypoints of the notifications service (thin: validated input in, use case run)."""
from classe12_runtime.edge import Database, RequestContext, consumes, health, rpc_method

from . import __version__
from .domain.notifications import Notifications
from .migrations import MIGRATIONS
from .schemas import ListNotificationsSchema, NotificationIdSchema
from .storage import NotificationStore

NOTIFICATIONS = Notifications()


class NotificationsService:
    name = "notifications"

    caller = RequestContext()
    uow = Database("notifications", NotificationStore, MIGRATIONS)

    # --- events (each envelope handled once, effects idempotent) ----------------------------

    @consumes("welcome_new_members", "community.member_registered", versions=(1,))
    def welcome_new_members(self, envelope):
        self.uow.query(lambda store: NOTIFICATIONS.on_member_registered(store, envelope))

    @consumes("announce_new_resources", "resources.resource_published", versions=(1,))
    def announce_new_resources(self, envelope):
        self.uow.query(lambda store: NOTIFICATIONS.on_resource_published(store, envelope))

    # --- RPC ------------------------------------------------------------------------------

    @rpc_method()
    def health(self, data):
        return health(self.name, __version__, self.uow.db)

    @rpc_method(ListNotificationsSchema)
    def list_notifications(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.list(store, self.caller, data["limit"], data["cursor"],
                                                               data["unread_only"]))

    @rpc_method(NotificationIdSchema)
    def mark_read(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.mark_read(store, self.caller, data["notification_id"]))
