"""nameko entrypoints of the evaluation service (thin: validated input in, use case run)."""
from classe12_runtime.edge import Database, RequestContext, health, rpc_method

from . import __version__
from .domain.classes import Classes
from .migrations import MIGRATIONS
from .schemas import AddPupilSchema, ClassIdSchema, CreateClassSchema, ListClassesSchema
from .storage import ClassStore

CLASSES = Classes()


class EvaluationService:
    name = "evaluation"

    caller = RequestContext()
    uow = Database("evaluation", ClassStore, MIGRATIONS)

    @rpc_method()
    def health(self, data):
        return health(self.name, __version__, self.uow.db)

    @rpc_method(CreateClassSchema)
    def create_class(self, data):
        return self.uow.run(lambda store: CLASSES.create(store, self.caller, data))

    @rpc_method(AddPupilSchema)
    def add_pupil(self, data):
        return self.uow.run(lambda store: CLASSES.add_pupil(store, self.caller, data["class_id"], data["alias"]))

    @rpc_method(ListClassesSchema)
    def list_classes(self, data):
        return self.uow.query(lambda store: CLASSES.list_own(store, self.caller, data["limit"], data["cursor"]))

    @rpc_method(ClassIdSchema)
    def get_class(self, data):
        return self.uow.query(lambda store: CLASSES.get(store, self.caller, data["class_id"]))
