"""nameko entrypoints of the notifications service (thin: validated input in, use case run)."""
import logging

from nameko.timer import timer

from classe12_runtime.edge import Database, RequestContext, consumes, health, rpc_method

from . import __version__
from .contacts import community_account_mail, community_contacts
from .domain.notifications import Notifications
from .mailer import Mailer, MailSettings
from .migrations import MIGRATIONS
from .schedule import due_digests
from .schemas import (
    ListFailuresSchema,
    ListNotificationsSchema,
    NotificationIdSchema,
    SetFollowsSchema,
    SetPreferencesSchema,
    UnsubscribeSchema,
)
from .storage import NotificationStore

NOTIFICATIONS = Notifications()
MAIL = MailSettings.from_env()
log = logging.getLogger(__name__)


class NotificationsService:
    name = "notifications"

    caller = RequestContext()
    uow = Database("notifications", NotificationStore, MIGRATIONS)

    def _handle(self, envelope):
        self.uow.query(lambda store: NOTIFICATIONS.handle(store, envelope))

    # --- events: the rules table (domain/rules.py); each envelope handled once ------------------

    @consumes("welcome_new_members", "community.member_registered", versions=(1,))
    def welcome_new_members(self, envelope):
        self._handle(envelope)

    @consumes("warn_duplicate_registrations", "community.duplicate_registration", versions=(1,))
    def warn_duplicate_registrations(self, envelope):
        self._handle(envelope)

    @consumes("send_account_mails", "community.account_mail_requested", versions=(1,))
    def send_account_mails(self, envelope):
        self._handle(envelope)

    @consumes("keep_members", "community.member_updated", versions=(1,))
    def keep_members(self, envelope):
        self._handle(envelope)

    @consumes("keep_member_roles", "community.member_roles_changed", versions=(1,))
    def keep_member_roles(self, envelope):
        self._handle(envelope)

    @consumes("tell_group_managers", "community.group_joined", versions=(1,))
    def tell_group_managers(self, envelope):
        self._handle(envelope)

    @consumes("keep_taxonomy", "resources.taxonomy_published", versions=(1,))
    def keep_taxonomy(self, envelope):
        self._handle(envelope)

    @consumes("ask_editors_to_review", "resources.resource_submitted", versions=(1,))
    def ask_editors_to_review(self, envelope):
        self._handle(envelope)

    @consumes("tell_authors_of_reviews", "resources.resource_changes_requested", versions=(1,))
    def tell_authors_of_reviews(self, envelope):
        self._handle(envelope)

    @consumes("announce_new_resources", "resources.resource_published", versions=(1,))
    def announce_new_resources(self, envelope):
        self._handle(envelope)

    @consumes("tell_resource_followers", "resources.resource_updated", versions=(1,))
    def tell_resource_followers(self, envelope):
        self._handle(envelope)

    @consumes("tell_archived_resources", "resources.resource_archived", versions=(1,))
    def tell_archived_resources(self, envelope):
        self._handle(envelope)

    # --- RPC ------------------------------------------------------------------------------

    @rpc_method()
    def health(self, data):
        return health(self.name, __version__, self.uow.db)

    @rpc_method(ListNotificationsSchema)
    def list_notifications(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.list(store, self.caller, data["limit"], data["cursor"],
                                                               data["unread_only"]))

    @rpc_method()
    def unread_count(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.unread_count(store, self.caller))

    @rpc_method(NotificationIdSchema)
    def mark_read(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.mark_read(store, self.caller, data["notification_id"]))

    @rpc_method()
    def mark_all_read(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.mark_all_read(store, self.caller))

    @rpc_method(NotificationIdSchema)
    def delete_notification(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.delete(store, self.caller, data["notification_id"]))

    @rpc_method()
    def get_follows(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.get_follows(store, self.caller))

    @rpc_method(SetFollowsSchema)
    def set_follows(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.set_follows(store, self.caller, data))

    @rpc_method()
    def get_preferences(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.get_preferences(store, self.caller))

    @rpc_method(SetPreferencesSchema)
    def set_preferences(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.set_preferences(store, self.caller, data))

    @rpc_method(UnsubscribeSchema)
    def unsubscribe(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.unsubscribe(store, MAIL.unsubscribe_secret, data["token"]))

    @rpc_method(ListFailuresSchema)
    def list_delivery_failures(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.failures(store, self.caller, data["limit"], data["cursor"]))

    # --- timers: e-mails due, digests (work shared by replicas: claims and unique keys) ----------

    @timer(interval=2)
    def send_mail(self):
        if self.uow.db is not None:
            Mailer(NotificationStore(self.uow.db), MAIL, community_contacts,
                   account_mail=community_account_mail).send_due()

    @timer(interval=60)
    def queue_digests(self):
        if self.uow.db is not None:
            mailer = Mailer(NotificationStore(self.uow.db), MAIL, community_contacts)
            for period, day in due_digests():
                mailer.build_digests_once(self.uow.db, period, day)
