"""nameko entrypoints of the community service (thin: validated input in, use case run)."""
import logging

from nameko.extensions import DependencyProvider
from nameko.timer import timer

from classe12_contracts.errors import Conflict
from classe12_runtime.clock import utcnow
from classe12_runtime.edge import Database, RequestContext, consumes, health, rpc_method
from classe12_runtime.pagination import PageSchema
from classe12_runtime.reference_data import OwnerQuery, fetch_when_missing
from classe12_runtime.validation import NoArguments

from . import __version__
from .accounts import members_from
from .domain.charter import Charter
from .domain.discussions import Discussions
from .domain.erasure import Erasure
from .domain.groups import Groups
from .domain.members import ACCEPTED, public_profile
from .domain.moderation import Moderation
from .domain.profiles import Profiles
from .domain.schools import Schools
from .domain.taxonomy import keep_announced_taxonomy, keep_fetched_taxonomy
from .migrations import MIGRATIONS
from .schemas import (
    AcceptAnswerSchema,
    AcceptCharterSchema,
    AccessChangesSchema,
    AuthenticateSchema,
    ChangeEmailSchema,
    ChangePasswordSchema,
    CreateGroupSchema,
    CreateThreadSchema,
    DecideMembershipSchema,
    EditPostSchema,
    FollowThreadSchema,
    GetContactsSchema,
    GetThreadSchema,
    GroupMemberRefSchema,
    GroupRefSchema,
    JoinGroupSchema,
    ListGroupMembersSchema,
    ListGroupsSchema,
    ListThreadsSchema,
    MailIdSchema,
    MemberIdSchema,
    ModerateSchema,
    ModerationLogSchema,
    ModerationQueueSchema,
    PasswordSchema,
    PostRefSchema,
    PostReplySchema,
    ReactSchema,
    RefreshSessionSchema,
    RegisterSchema,
    ReportSchema,
    ResetPasswordSchema,
    ResetRequestSchema,
    RoleSchema,
    SanctionSchema,
    SchoolRefSchema,
    SearchMembersSchema,
    SearchSchoolsSchema,
    SessionIdSchema,
    SetGroupRoleSchema,
    ThreadStateSchema,
    TokenSchema,
    UpdateProfileSchema,
)
from .settings import load_community_settings, seed_schools_enabled
from .storage import CommunityStore

PROFILES = Profiles()
SCHOOLS = Schools()
GROUPS = Groups()
DISCUSSIONS = Discussions()
MODERATION = Moderation(DISCUSSIONS)
CHARTER = Charter()
ERASURE = Erasure()
log = logging.getLogger(__name__)


def load_reference_data(uow) -> None:
    """National groups always, fictional seed schools unless turned off: what exists is kept,
    so every replica may do it at each start."""
    def load(store):
        now = utcnow()
        GROUPS.load_seed(store, now)
        if seed_schools_enabled():
            SCHOOLS.load_seed(store, now)
    uow.query(load)


class Accounts(DependencyProvider):
    """The use cases, built once per container from the settings."""

    def setup(self):
        self.members = members_from(load_community_settings())

    def get_dependency(self, worker_ctx):
        return self.members


def profile_of(store, member_id: str):
    member = store.get(member_id)
    return public_profile(member) if member else None


class CommunityService:
    name = "community"

    caller = RequestContext()
    uow = Database("community", CommunityStore, MIGRATIONS, on_ready=load_reference_data)
    members = Accounts()
    # a database that never received resources.taxonomy_published asks for it (docs/decisions.md 29)
    resources_taxonomy = OwnerQuery("resources", "get_taxonomy", "community")

    @rpc_method()
    def health(self, data):
        return health(self.name, __version__, self.uow.db)

    @rpc_method(RegisterSchema)
    def register(self, data):
        try:
            return self.uow.run(lambda store: self.members.register(store, data))
        except Conflict:  # the same address registered by a concurrent request: the same answer
            return ACCEPTED

    @rpc_method(AuthenticateSchema)
    def authenticate(self, data):
        return self.uow.query(lambda store: self.members.authenticate(
            store, data["email"], data["password"], self.caller.client_address))

    @rpc_method(MemberIdSchema)
    def get_member(self, data):
        return self.uow.query(lambda store: self.members.get(store, self.caller, data["member_id"]))

    @rpc_method(RoleSchema)
    def grant_role(self, data):
        return self.uow.run(lambda store: self.members.grant_role(store, self.caller, data["member_id"], data["role"]))

    @rpc_method(RoleSchema)
    def revoke_role(self, data):
        return self.uow.run(lambda store: self.members.revoke_role(store, self.caller, data["member_id"], data["role"]))

    @rpc_method(RefreshSessionSchema)
    def refresh_session(self, data):
        return self.uow.run(lambda store: self.members.sessions.refresh(
            store, data["session_id"], data["token_id"], profile_of))

    @rpc_method(SessionIdSchema)
    def close_session(self, data):
        return self.uow.run(lambda store: self.members.sessions.close(store, self.caller, data["session_id"]))

    @rpc_method(NoArguments)
    def close_all_sessions(self, data):
        return self.uow.run(lambda store: self.members.sessions.close_all(store, self.caller))

    @rpc_method(AccessChangesSchema)
    def access_changes(self, data):
        return self.uow.query(lambda store: self.members.sessions.changes_since(store, self.caller, data["since"]))

    @rpc_method(GetContactsSchema)
    def get_contacts(self, data):
        return self.uow.query(lambda store: self.members.sessions.contacts(store, self.caller, data["member_ids"]))

    # --- the account lifecycle: e-mails, address, password, deletion, export ----------------------

    @rpc_method(NoArguments)
    def request_email_verification(self, data):
        return self.uow.run(lambda store: self.members.lifecycle.request_verification(store, self.caller))

    @rpc_method(TokenSchema)
    def confirm_email(self, data):
        return self.uow.run(lambda store: self.members.lifecycle.confirm_email(store, data["token"]))

    @rpc_method(ResetRequestSchema)
    def request_password_reset(self, data):
        return self.uow.run(lambda store: self.members.lifecycle.request_reset(store, data["email"]))

    @rpc_method(ResetPasswordSchema)
    def reset_password(self, data):
        return self.uow.run(lambda store: self.members.lifecycle.reset_password(store, data["token"], data["password"]))

    @rpc_method(ChangeEmailSchema)
    def change_email(self, data):
        return self.uow.run(lambda store: self.members.lifecycle.change_email(
            store, self.caller, data["password"], data["email"]))

    @rpc_method(TokenSchema)
    def confirm_email_change(self, data):
        return self.uow.run(lambda store: self.members.lifecycle.confirm_email_change(store, data["token"]))

    @rpc_method(ChangePasswordSchema)
    def change_password(self, data):
        return self.uow.run(lambda store: self.members.lifecycle.change_password(
            store, self.caller, data["current_password"], data["password"], data["session_id"]))

    @rpc_method(MailIdSchema)
    def get_account_mail(self, data):
        return self.uow.query(lambda store: self.members.lifecycle.mail(store, self.caller, data["mail_id"]))

    @rpc_method(PasswordSchema)
    def delete_account(self, data):
        return self.uow.run(lambda store: ERASURE.delete(store, self.caller, data["password"]))

    @rpc_method(NoArguments)
    def export_member_data(self, data):
        return self.uow.query(lambda store: ERASURE.export(store, self.caller))

    # --- profiles and the member directory ------------------------------------------------------

    @rpc_method()
    def get_my_profile(self, data):
        return self.uow.query(lambda store: PROFILES.mine(store, self.caller))

    @rpc_method(UpdateProfileSchema)
    def update_my_profile(self, data):
        return self.uow.run(lambda store: PROFILES.update(store, self.caller, data))

    @rpc_method(MemberIdSchema)
    def get_profile(self, data):
        return self.uow.query(lambda store: PROFILES.get(store, self.caller, data["member_id"]))

    @rpc_method(SearchMembersSchema)
    def search_members(self, data):
        return self.uow.query(lambda store: PROFILES.search(store, self.caller, data))

    # --- the school directory ---------------------------------------------------------------------

    @rpc_method(SearchSchoolsSchema)
    def search_schools(self, data):
        return self.uow.query(lambda store: SCHOOLS.search(store, data))

    @rpc_method(SchoolRefSchema)
    def get_school(self, data):
        return self.uow.query(lambda store: SCHOOLS.get(store, data["uai"]))

    # --- groups -----------------------------------------------------------------------------------

    @rpc_method(ListGroupsSchema)
    def list_groups(self, data):
        return self.uow.query(lambda store: GROUPS.list(store, self.caller, data))

    @rpc_method(CreateGroupSchema)
    def create_group(self, data):
        return self.uow.run(lambda store: GROUPS.create(store, self.caller, data))

    @rpc_method(GroupRefSchema)
    def get_group(self, data):
        return self.uow.query(lambda store: GROUPS.get(store, self.caller, data["group_id"]))

    @rpc_method()
    def suggest_groups(self, data):
        return self.uow.query(lambda store: GROUPS.suggest(store, self.caller))

    @rpc_method(PageSchema)
    def list_my_groups(self, data):
        return self.uow.query(lambda store: GROUPS.mine(store, self.caller, data["limit"], data["cursor"]))

    @rpc_method(ListGroupMembersSchema)
    def list_group_members(self, data):
        return self.uow.query(lambda store: GROUPS.members(store, self.caller, data))

    @rpc_method(JoinGroupSchema)
    def join_group(self, data):
        return self.uow.run(lambda store: GROUPS.join(store, self.caller, data["group_id"], data.get("message")))

    @rpc_method(GroupRefSchema)
    def leave_group(self, data):
        return self.uow.run(lambda store: GROUPS.leave(store, self.caller, data["group_id"]))

    @rpc_method(DecideMembershipSchema)
    def decide_membership(self, data):
        return self.uow.run(lambda store: GROUPS.decide(store, self.caller, **data))

    @rpc_method(GroupMemberRefSchema)
    def invite_to_group(self, data):
        return self.uow.run(lambda store: GROUPS.invite(store, self.caller, **data))

    @rpc_method(SetGroupRoleSchema)
    def set_group_role(self, data):
        return self.uow.run(lambda store: GROUPS.set_role(store, self.caller, **data))

    # --- events -----------------------------------------------------------------------------------

    @consumes("keep_taxonomy", "resources.taxonomy_published", versions=(1,))
    def keep_taxonomy(self, envelope):
        self.uow.query(lambda store: keep_announced_taxonomy(store, envelope, utcnow()))

    @timer(interval=5, eager=True)
    def fetch_missing_taxonomy(self):
        """Until a taxonomy is kept, ask resources for it (one indexed read every 5 s once it is)."""
        fetch_when_missing(lambda: self.uow.query(lambda store: store.taxonomy()) is not None,
                           self.resources_taxonomy,
                           lambda reply: self.uow.query(lambda store: keep_fetched_taxonomy(store, reply, utcnow())),
                           "taxonomy")

    # --- discussions ------------------------------------------------------------------------------

    @rpc_method(CreateThreadSchema)
    def create_thread(self, data):
        return self.uow.run(lambda store: DISCUSSIONS.create(store, self.caller, data))

    @rpc_method(ListThreadsSchema)
    def list_threads(self, data):
        return self.uow.query(lambda store: DISCUSSIONS.list(store, self.caller, data))

    @rpc_method(GetThreadSchema)
    def get_thread(self, data):
        return self.uow.query(lambda store: DISCUSSIONS.get(store, self.caller, data))

    @rpc_method(PostReplySchema)
    def post_reply(self, data):
        return self.uow.run(lambda store: DISCUSSIONS.reply(store, self.caller, data))

    @rpc_method(EditPostSchema)
    def edit_post(self, data):
        return self.uow.run(lambda store: DISCUSSIONS.edit(store, self.caller, data))

    @rpc_method(PostRefSchema)
    def delete_post(self, data):
        return self.uow.run(lambda store: DISCUSSIONS.delete(store, self.caller, data["post_id"]))

    @rpc_method(ReactSchema)
    def react_to_post(self, data):
        return self.uow.run(lambda store: DISCUSSIONS.react(store, self.caller, data))

    @rpc_method(AcceptAnswerSchema)
    def accept_answer(self, data):
        return self.uow.run(lambda store: DISCUSSIONS.accept(store, self.caller, data["thread_id"], data["post_id"]))

    @rpc_method(ThreadStateSchema)
    def set_thread_state(self, data):
        return self.uow.run(lambda store: DISCUSSIONS.set_state(store, self.caller, data))

    @rpc_method(FollowThreadSchema)
    def follow_thread(self, data):
        return self.uow.run(lambda store: DISCUSSIONS.follow(store, self.caller, data["thread_id"], data["follow"]))

    @rpc_method(PageSchema)
    def list_followed_threads(self, data):
        return self.uow.query(lambda store: DISCUSSIONS.followed(store, self.caller, data["limit"], data["cursor"]))

    # --- the charter and moderation ---------------------------------------------------------------

    @rpc_method()
    def get_charter(self, data):
        return self.uow.query(lambda store: CHARTER.get(store, self.caller, utcnow()))

    @rpc_method(AcceptCharterSchema)
    def accept_charter(self, data):
        return self.uow.run(lambda store: CHARTER.accept(store, self.caller, data["version"], utcnow()))

    @rpc_method(ReportSchema)
    def report_content(self, data):
        return self.uow.run(lambda store: MODERATION.report(store, self.caller, data))

    @rpc_method(ModerationQueueSchema)
    def list_moderation_queue(self, data):
        return self.uow.query(lambda store: MODERATION.queue(store, self.caller, data))

    @rpc_method(ModerationLogSchema)
    def list_moderation_log(self, data):
        return self.uow.query(lambda store: MODERATION.log(store, self.caller, data))

    @rpc_method(ModerateSchema)
    def moderate_content(self, data):
        return self.uow.run(lambda store: MODERATION.moderate(store, self.caller, data))

    @rpc_method(SanctionSchema)
    def sanction_member(self, data):
        return self.uow.run(lambda store: MODERATION.sanction(store, self.caller, data))
