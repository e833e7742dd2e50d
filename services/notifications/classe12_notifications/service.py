"""nameko entrypoints of the notifications service (thin: validated input in, use case run)."""
import logging

from nameko.extensions import DependencyProvider
from nameko.timer import timer

from classe12_runtime.clock import utcnow
from classe12_runtime.config import env_float, load_settings
from classe12_runtime.edge import Database, RequestContext, consumes, health, rpc_method
from classe12_runtime.reference_data import OwnerQuery, fetch_when_missing

from . import __version__
from .contacts import community_account_mail, community_contacts
from .delivery import failure_list_id
from .domain.erasure import CONSUMER as ERASURE
from .domain.erasure import forget_member
from .domain.export import export_member_data
from .domain.notifications import FANOUT_BATCH, Notifications
from .domain.push import PushSubscriptions
from .live import InboxSignals, changes_of_fan_out
from .mailer import Mailer, MailSettings
from .migrations import MIGRATIONS
from .pusher import Pusher, PushSettings
from .schedule import due_digests
from .schemas import (
    ListFailuresSchema,
    ListNotificationsSchema,
    NotificationIdSchema,
    PushSubscriptionIdSchema,
    PushSubscriptionSchema,
    SetFollowsSchema,
    SetPreferencesSchema,
    UnsubscribeSchema,
)
from .storage import NotificationStore

NOTIFICATIONS = Notifications(batch_size=int(env_float("FANOUT_BATCH", FANOUT_BATCH)))
MAIL = MailSettings.from_env()
DEVICES = PushSubscriptions(NOTIFICATIONS.clock)


class Signals(DependencyProvider):
    """The process's publisher of inbox changes (live.py), on the container's broker."""

    def setup(self):
        settings = load_settings()
        self.signals = InboxSignals(self.container.config.get("AMQP_URI") or settings.amqp_uri,
                                    timeout=settings.rpc_timeout)

    def stop(self):
        self.signals.close()

    def kill(self):
        self.signals.close()

    def get_dependency(self, worker_ctx):
        return self.signals


log = logging.getLogger(__name__)


def push_settings() -> PushSettings:
    """Read when needed (cheap: environment variables and one key derivation)."""
    return PushSettings.from_env()


class NotificationsService:
    name = "notifications"

    caller = RequestContext()
    uow = Database("notifications", NotificationStore, MIGRATIONS)
    signals = Signals()
    # a database that never received resources.taxonomy_published asks for it (docs/decisions.md 34)
    resources_taxonomy = OwnerQuery("resources", "get_taxonomy", "notifications")

    def _handle(self, envelope):
        def handle(store):
            NOTIFICATIONS.handle(store, envelope)
            return changes_of_fan_out(store, store.created)
        # live updates once everything is written (live.py: transient, never raises)
        self.signals.send(self.uow.query(handle), request_id=envelope.get("request_id"))

    def _changed_inbox(self, use_case):
        """Run a use case that changes the caller's inbox, then signal their new unread count."""
        member_id = self.caller.actor_id
        result, unread = self.uow.query(lambda store: (use_case(store), store.count_unread(member_id)))
        self.signals.send([{"member_id": member_id, "unread_count": unread}], actor=self.caller.actor,
                     request_id=self.caller.request_id)
        return result

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

    @consumes("tell_group_members", "community.thread_created", versions=(1,))
    def tell_group_members(self, envelope):
        self._handle(envelope)

    @consumes("tell_thread_followers", "community.reply_posted", versions=(1,))
    def tell_thread_followers(self, envelope):
        self._handle(envelope)

    @consumes("tell_mentioned_members", "community.member_mentioned", versions=(1,))
    def tell_mentioned_members(self, envelope):
        self._handle(envelope)

    @consumes("tell_accepted_answers", "community.answer_accepted", versions=(1,))
    def tell_accepted_answers(self, envelope):
        self._handle(envelope)

    @consumes("tell_hidden_content_authors", "community.content_hidden", versions=(1,))
    def tell_hidden_content_authors(self, envelope):
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

    @consumes(ERASURE[0], ERASURE[1], versions=ERASURE[2])
    def forget_deleted_members(self, envelope):
        member_id = envelope["data"]["member_id"]
        self.uow.query(lambda store: forget_member(store, member_id, failure_list_id))

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
        return self._changed_inbox(lambda store: NOTIFICATIONS.mark_read(store, self.caller, data["notification_id"]))

    @rpc_method()
    def mark_all_read(self, data):
        return self._changed_inbox(lambda store: NOTIFICATIONS.mark_all_read(store, self.caller))

    @rpc_method(NotificationIdSchema)
    def delete_notification(self, data):
        return self._changed_inbox(lambda store: NOTIFICATIONS.delete(store, self.caller, data["notification_id"]))

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

    @rpc_method(UnsubscribeSchema)
    def describe_unsubscribe(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.describe_unsubscribe(store, MAIL.unsubscribe_secret,
                                                                               data["token"]))

    @rpc_method()
    def export_member_data(self, data):
        return self.uow.query(lambda store: export_member_data(store, self.caller, utcnow()))

    @rpc_method(ListFailuresSchema)
    def list_delivery_failures(self, data):
        return self.uow.query(lambda store: NOTIFICATIONS.failures(store, self.caller, data["limit"], data["cursor"]))

    @timer(interval=5, eager=True)
    def fetch_missing_taxonomy(self):
        """Until a taxonomy is kept, ask resources for it (one indexed read every 5 s once it is)."""
        fetch_when_missing(lambda: self.uow.query(lambda store: store.has_taxonomy()),
                           self.resources_taxonomy,
                           lambda reply: self.uow.query(lambda store: NOTIFICATIONS.keep_taxonomy(store, reply)),
                           "taxonomy")

    @rpc_method(PushSubscriptionSchema)
    def add_push_subscription(self, data):
        return self.uow.query(lambda store: DEVICES.add(store, self.caller, data, push_settings().http_hosts))

    @rpc_method()
    def list_push_subscriptions(self, data):
        return self.uow.query(lambda store: DEVICES.list(store, self.caller))

    @rpc_method(PushSubscriptionIdSchema)
    def delete_push_subscription(self, data):
        return self.uow.query(lambda store: DEVICES.delete(store, self.caller, data["subscription_id"]))

    @rpc_method()
    def get_vapid_public_key(self, data):
        return {"public_key": push_settings().public_key}  # ACTOR_CONTEXT_KEY is required: a key always exists

    # --- timers: e-mails due, digests (work shared by replicas: claims and unique keys) ----------

    @timer(interval=2)
    def send_mail(self):
        if self.uow.db is not None:
            Mailer(NotificationStore(self.uow.db), MAIL, community_contacts,
                   account_mail=community_account_mail).send_due()

    @timer(interval=1)
    def send_push(self):
        if self.uow.db is not None:
            Pusher(NotificationStore(self.uow.db), push_settings()).send_due()

    @timer(interval=60)
    def queue_digests(self):
        if self.uow.db is not None:
            mailer = Mailer(NotificationStore(self.uow.db), MAIL, community_contacts)
            for period, day in due_digests():
                mailer.build_digests_once(self.uow.db, period, day)
