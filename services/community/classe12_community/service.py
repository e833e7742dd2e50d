"""nameko entrypoints of the community service (thin: validate, delegate to the domain)."""
from nameko.timer import timer

from classe12_kernel.service_edge import (
    Events,
    RequestContext,
    Store,
    health,
    rpc_method,
)
from classe12_kernel.validation import load_or_invalid

from . import __version__
from .domain.members import Members
from .schemas import AuthenticateSchema, GrantRoleSchema, MemberIdSchema, RegisterSchema
from .storage import MemberStore


class CommunityService:
    name = "community"

    caller = RequestContext()
    store = Store("community", MemberStore)
    events = Events("community")

    @property
    def members(self) -> Members:
        return Members(self.store, self.events)

    @rpc_method
    def health(self):
        return health(self.name, __version__, self.store.db)

    @rpc_method
    def register(self, **payload):
        return self.members.register(load_or_invalid(RegisterSchema(), payload))

    @rpc_method
    def authenticate(self, **payload):
        data = load_or_invalid(AuthenticateSchema(), payload)
        return self.members.authenticate(data["email"], data["password"])

    @rpc_method
    def get_member(self, **payload):
        data = load_or_invalid(MemberIdSchema(), payload)
        return self.members.get(self.caller, data["member_id"])

    @rpc_method
    def grant_role(self, **payload):
        data = load_or_invalid(GrantRoleSchema(), payload)
        return self.members.grant_role(self.caller, data["member_id"], data["role"])

    @timer(interval=1)
    def relay_events(self):
        self.events.flush()
