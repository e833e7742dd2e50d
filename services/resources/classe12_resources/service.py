"""nameko entrypoints of the resources service (thin: validate, delegate to the domain)."""
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
from .domain.resources import Resources
from .schemas import CreateResourceSchema, ListResourcesSchema, ResourceIdSchema
from .storage import ResourceStore


class ResourcesService:
    name = "resources"

    caller = RequestContext()
    store = Store("resources", ResourceStore)
    events = Events("resources")

    @property
    def resources(self) -> Resources:
        return Resources(self.store, self.events)

    @rpc_method
    def health(self):
        return health(self.name, __version__, self.store.db)

    @rpc_method
    def create_resource(self, **payload):
        return self.resources.create(self.caller, load_or_invalid(CreateResourceSchema(), payload))

    @rpc_method
    def publish_resource(self, **payload):
        data = load_or_invalid(ResourceIdSchema(), payload)
        return self.resources.publish(self.caller, data["resource_id"])

    @rpc_method
    def get_resource(self, **payload):
        data = load_or_invalid(ResourceIdSchema(), payload)
        return self.resources.get(self.caller, data["resource_id"])

    @rpc_method
    def list_resources(self, **payload):
        return self.resources.list_published(self.caller, **load_or_invalid(ListResourcesSchema(), payload))

    @timer(interval=1)
    def relay_events(self):
        self.events.flush()
