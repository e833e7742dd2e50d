"""nameko entrypoints of the evaluation service (thin: validate, delegate to the domain)."""
from classe12_kernel.service_edge import RequestContext, Store, health, rpc_method
from classe12_kernel.validation import load_or_invalid

from . import __version__
from .domain.classes import Classes
from .schemas import AddPupilSchema, ClassIdSchema, CreateClassSchema, ListClassesSchema
from .storage import ClassStore


class EvaluationService:
    name = "evaluation"

    caller = RequestContext()
    store = Store("evaluation", ClassStore)

    @property
    def classes(self) -> Classes:
        return Classes(self.store)

    @rpc_method
    def health(self):
        return health(self.name, __version__, self.store.db)

    @rpc_method
    def create_class(self, **payload):
        return self.classes.create(self.caller, load_or_invalid(CreateClassSchema(), payload))

    @rpc_method
    def add_pupil(self, **payload):
        data = load_or_invalid(AddPupilSchema(), payload)
        return self.classes.add_pupil(self.caller, data["class_id"], data["alias"])

    @rpc_method
    def list_classes(self, **payload):
        data = load_or_invalid(ListClassesSchema(), payload)
        return self.classes.list_own(self.caller, data["limit"], data["cursor"])

    @rpc_method
    def get_class(self, **payload):
        data = load_or_invalid(ClassIdSchema(), payload)
        return self.classes.get(self.caller, data["class_id"])
