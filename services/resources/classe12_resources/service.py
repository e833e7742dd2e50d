"""nameko entrypoints of the resources service (thin: validated input in, use case run)."""
from classe12_runtime.edge import Database, RequestContext, health, rpc_method

from . import __version__
from .domain.resources import Resources
from .migrations import MIGRATIONS
from .schemas import CreateResourceSchema, ListResourcesSchema, ResourceIdSchema
from .storage import ResourceStore

RESOURCES = Resources()


class ResourcesService:
    name = "resources"

    caller = RequestContext()
    uow = Database("resources", ResourceStore, MIGRATIONS)

    @rpc_method()
    def health(self, data):
        return health(self.name, __version__, self.uow.db)

    @rpc_method(CreateResourceSchema)
    def create_resource(self, data):
        return self.uow.run(lambda store: RESOURCES.create(store, self.caller, data))

    @rpc_method(ResourceIdSchema)
    def publish_resource(self, data):
        return self.uow.run(lambda store: RESOURCES.publish(store, self.caller, data["resource_id"]))

    @rpc_method(ResourceIdSchema)
    def get_resource(self, data):
        return self.uow.query(lambda store: RESOURCES.get(store, self.caller, data["resource_id"]))

    @rpc_method(ListResourcesSchema)
    def list_resources(self, data):
        return self.uow.query(lambda store: RESOURCES.list_published(store, self.caller, **data))
