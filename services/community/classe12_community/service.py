"""nameko entrypoints of the community service (thin: validated input in, use case run)."""
from classe12_runtime.edge import Database, RequestContext, health, rpc_method

from . import __version__
from .domain.members import Members
from .schemas import AuthenticateSchema, GrantRoleSchema, MemberIdSchema, RegisterSchema
from .storage import MemberStore

MEMBERS = Members()


class CommunityService:
    name = "community"

    caller = RequestContext()
    uow = Database("community", MemberStore)

    @rpc_method()
    def health(self, data):
        return health(self.name, __version__, self.uow.db)

    @rpc_method(RegisterSchema)
    def register(self, data):
        return self.uow.run(lambda store: MEMBERS.register(store, data))

    @rpc_method(AuthenticateSchema)
    def authenticate(self, data):
        return self.uow.query(lambda store: MEMBERS.authenticate(store, data["email"], data["password"]))

    @rpc_method(MemberIdSchema)
    def get_member(self, data):
        return self.uow.query(lambda store: MEMBERS.get(store, self.caller, data["member_id"]))

    @rpc_method(GrantRoleSchema)
    def grant_role(self, data):
        return self.uow.query(lambda store: MEMBERS.grant_role(store, self.caller, data["member_id"], data["role"]))
