"""nameko entrypoints of the community service (thin: validated input in, use case run)."""
from nameko.extensions import DependencyProvider

from classe12_contracts.errors import Conflict
from classe12_runtime.edge import Database, RequestContext, health, rpc_method
from classe12_runtime.validation import NoArguments

from . import __version__
from .domain.members import ACCEPTED, Members, public_profile
from .domain.sessions import Sessions
from .migrations import MIGRATIONS
from .schemas import (
    AccessChangesSchema,
    AuthenticateSchema,
    MemberIdSchema,
    RefreshSessionSchema,
    RegisterSchema,
    RoleSchema,
    SessionIdSchema,
)
from .settings import load_community_settings
from .storage import MemberStore


class Accounts(DependencyProvider):
    """The use cases, built once per container from the settings."""

    def setup(self):
        settings = load_community_settings()
        self.members = Members(settings.account_policy, settings.address_policy, Sessions(settings.session_ttl))

    def get_dependency(self, worker_ctx):
        return self.members


def profile_of(store, member_id: str):
    member = store.get(member_id)
    return public_profile(member) if member else None


class CommunityService:
    name = "community"

    caller = RequestContext()
    uow = Database("community", MemberStore, MIGRATIONS)
    members = Accounts()

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
