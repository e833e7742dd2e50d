"""nameko entrypoints of the resources service (thin: validated input in, use case run)."""
from pymongo.errors import DuplicateKeyError

from classe12_runtime.clock import utcnow
from classe12_runtime.edge import Database, RequestContext, consumes, health, rpc_method
from classe12_runtime.pagination import PageSchema

from . import __version__
from .domain.collections import Collections
from .domain.erasure import forget_member, hide_review
from .domain.export import export_member_data
from .domain.marks import Marks
from .domain.resources import Resources
from .domain.taxonomy import announce_taxonomy, current_taxonomy
from .files.http import FileEndpoints
from .files.repository import FileRepository
from .files.schemas import FileRefSchema, GrantFileUploadSchema
from .files.usecases import Files
from .migrations import MIGRATIONS
from .schemas import (
    ArchiveResourceSchema,
    CollectionItemRefSchema,
    CollectionItemSchema,
    CollectionRefSchema,
    CreateCollectionSchema,
    CreateResourceSchema,
    MyResourcesSchema,
    RateResourceSchema,
    RequestChangesSchema,
    ResourceIdSchema,
    ResourcePageSchema,
    SearchResourcesSchema,
    SharedCollectionSchema,
    SuggestResourcesSchema,
    UpdateCollectionSchema,
    UpdateResourceSchema,
    VersionRefSchema,
)
from .search import SearchIndexProvider, search_resources, suggest_resources
from .storage import ResourceStore

RESOURCES = Resources()
MARKS = Marks()
COLLECTIONS = Collections()
FILES = Files()


def announce_this_taxonomy(uow) -> None:
    """Each taxonomy version is announced once, by the first replica that runs it."""
    try:
        uow.run(lambda store: announce_taxonomy(store, current_taxonomy(), utcnow()))
    except DuplicateKeyError:
        pass  # another replica announced it at the same moment


class ResourcesService(FileEndpoints):
    name = "resources"

    caller = RequestContext()
    uow = Database("resources", ResourceStore, MIGRATIONS, on_ready=announce_this_taxonomy)
    search = SearchIndexProvider()

    @rpc_method()
    def health(self, data):
        return health(self.name, __version__, self.uow.db)

    @rpc_method()
    def get_taxonomy(self, data):
        return current_taxonomy().as_dict()

    # -- resources and their workflow --------------------------------------------------------

    @rpc_method(CreateResourceSchema)
    def create_resource(self, data):
        return self.uow.run(lambda store: RESOURCES.create(store, self.caller, data))

    @rpc_method(UpdateResourceSchema)
    def update_resource(self, data):
        return self.uow.run(lambda store: RESOURCES.update(store, self.caller, data))

    @rpc_method(ResourceIdSchema)
    def submit_resource(self, data):
        return self.uow.run(lambda store: RESOURCES.submit(store, self.caller, data["resource_id"]))

    @rpc_method(ResourceIdSchema)
    def publish_resource(self, data):
        return self.uow.run(lambda store: RESOURCES.publish(store, self.caller, data["resource_id"]))

    @rpc_method(RequestChangesSchema)
    def request_changes(self, data):
        return self.uow.run(lambda store: RESOURCES.request_changes(store, self.caller, **data))

    @rpc_method(ArchiveResourceSchema)
    def archive_resource(self, data):
        return self.uow.run(lambda store: RESOURCES.archive(store, self.caller, **data))

    @rpc_method(ResourceIdSchema)
    def get_resource(self, data):
        return self.uow.query(lambda store: RESOURCES.get(store, self.caller, data["resource_id"]))

    @rpc_method(ResourceIdSchema)
    def list_resource_versions(self, data):
        return self.uow.query(lambda store: RESOURCES.versions(store, self.caller, data["resource_id"]))

    @rpc_method(VersionRefSchema)
    def get_resource_version(self, data):
        return self.uow.query(lambda store: RESOURCES.version(store, self.caller, **data))

    @rpc_method(MyResourcesSchema)
    def list_my_resources(self, data):
        return self.uow.query(lambda store: RESOURCES.mine(store, self.caller, **data))

    @rpc_method(PageSchema)
    def list_review_queue(self, data):
        return self.uow.query(lambda store: RESOURCES.review_queue(store, self.caller, **data))

    # -- search --------------------------------------------------------------------------------

    @rpc_method(SearchResourcesSchema)
    def search_resources(self, data):
        return self.uow.query(lambda store: search_resources(self.search, current_taxonomy(), data, store.get_many))

    @rpc_method(SuggestResourcesSchema)
    def suggest_resources(self, data):
        return suggest_resources(self.search, current_taxonomy(), data)

    # -- ratings and bookmarks -----------------------------------------------------------------

    @rpc_method(RateResourceSchema)
    def rate_resource(self, data):
        return self.uow.run(lambda store: MARKS.rate(store, self.caller, **data))

    @rpc_method(ResourceIdSchema)
    def remove_rating(self, data):
        return self.uow.run(lambda store: MARKS.remove_rating(store, self.caller, data["resource_id"]))

    @rpc_method(ResourcePageSchema)
    def list_ratings(self, data):
        return self.uow.query(lambda store: MARKS.reviews(store, self.caller, **data))

    @rpc_method(ResourceIdSchema)
    def bookmark_resource(self, data):
        return self.uow.run(lambda store: MARKS.bookmark(store, self.caller, data["resource_id"]))

    @rpc_method(ResourceIdSchema)
    def unbookmark_resource(self, data):
        return self.uow.run(lambda store: MARKS.unbookmark(store, self.caller, data["resource_id"]))

    @rpc_method(PageSchema)
    def list_bookmarks(self, data):
        return self.uow.query(lambda store: MARKS.bookmarks(store, self.caller, **data))

    # -- collections ---------------------------------------------------------------------------

    @rpc_method(CreateCollectionSchema)
    def create_collection(self, data):
        return self.uow.run(lambda store: COLLECTIONS.create(store, self.caller, **data))

    @rpc_method(UpdateCollectionSchema)
    def update_collection(self, data):
        return self.uow.run(lambda store: COLLECTIONS.update(store, self.caller, **data))

    @rpc_method(CollectionRefSchema)
    def delete_collection(self, data):
        return self.uow.run(lambda store: COLLECTIONS.delete(store, self.caller, **data))

    @rpc_method(CollectionItemSchema)
    def add_to_collection(self, data):
        return self.uow.run(lambda store: COLLECTIONS.add(store, self.caller, **data))

    @rpc_method(CollectionItemRefSchema)
    def remove_from_collection(self, data):
        return self.uow.run(lambda store: COLLECTIONS.remove(store, self.caller, **data))

    @rpc_method(PageSchema)
    def list_my_collections(self, data):
        return self.uow.query(lambda store: COLLECTIONS.mine(store, self.caller, **data))

    @rpc_method(CollectionRefSchema)
    def get_collection(self, data):
        return self.uow.query(lambda store: COLLECTIONS.get(store, self.caller, **data))

    @rpc_method(SharedCollectionSchema)
    def get_shared_collection(self, data):
        return self.uow.query(lambda store: COLLECTIONS.shared(store, self.caller, data["share_token"]))

    # -- files (bytes go over the HTTP file endpoint: files/http.py) -----------------------------

    # -- a member's own data: export, erasure; hidden reviews ---------------------------------

    @rpc_method()
    def export_member_data(self, data):
        return self.uow.query(lambda store: export_member_data(store, self.caller, utcnow()))

    @consumes("forget_deleted_members", "community.member_deleted", versions=(1,))
    def forget_deleted_members(self, envelope):
        member_id = envelope["data"]["member_id"]
        self.uow.run(lambda store: forget_member(store, FileRepository(store.db, store.session), member_id, utcnow()))

    @consumes("hide_reported_reviews", "community.content_hidden", versions=(1,))
    def hide_reported_reviews(self, envelope):
        self.uow.run(lambda store: hide_review(store, envelope["data"]))

    @rpc_method(GrantFileUploadSchema)
    def grant_file_upload(self, data):
        return self.uow.run(lambda store: FILES.grant_upload(store, self.caller, data))

    @rpc_method(FileRefSchema)
    def grant_file_download(self, data):
        return self.uow.run(lambda store: FILES.grant_download(store, self.caller, data))

    @rpc_method(FileRefSchema)
    def delete_file(self, data):
        return self.uow.run(lambda store: FILES.delete_file(store, self.caller, data))
