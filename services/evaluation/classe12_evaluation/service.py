"""nameko entrypoints of the evaluation service (thin: validated input in, use case run)."""
from nameko.timer import timer
from pymongo.errors import DuplicateKeyError

from classe12_runtime.clock import utcnow
from classe12_runtime.edge import Database, RequestContext, consumes, health, rpc_method
from classe12_runtime.lease import once_per_period

from . import __version__
from .domain.classes import Classes
from .domain.erasure import forget_member
from .domain.export import export_member_data
from .domain.framework import announce_framework, shipped
from .domain.parents import Parents
from .domain.positioning import Positioning
from .domain.privacy import EXPORT_REPORTS, Privacy, purge_expired
from .migrations import MIGRATIONS
from .report_pdf import reports_reply
from .schemas import (
    AddObservationSchema,
    AddPupilSchema,
    AuditPageSchema,
    ChildRefSchema,
    ClassIdSchema,
    ClassViewSchema,
    CopyPupilsSchema,
    CreateClassSchema,
    FrameworkVersionSchema,
    GridSchema,
    JoinClassSchema,
    ListClassesSchema,
    PositionGridSchema,
    PupilRefSchema,
    RecordReperesSchema,
    ReperesRefSchema,
    RevokeParentSchema,
)
from .storage import ClassStore

CLASSES = Classes()
POSITIONING = Positioning()
PARENTS = Parents()
PRIVACY = Privacy()
#: how often a replica checks whether today's retention purge has run (once a day across replicas)
PURGE_CHECK_SECONDS = 3600


def announce_this_framework(uow) -> None:
    """Each framework version is announced once, by the first replica that runs it."""
    try:
        uow.run(lambda store: announce_framework(store, shipped().current, utcnow()))
    except DuplicateKeyError:
        pass  # another replica announced it at the same moment


class EvaluationService:
    name = "evaluation"

    caller = RequestContext()
    uow = Database("evaluation", ClassStore, MIGRATIONS, on_ready=announce_this_framework)

    @rpc_method()
    def health(self, data):
        return health(self.name, __version__, self.uow.db)

    # -- classes and pupils --------------------------------------------------------------------

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

    @rpc_method(ClassIdSchema)
    def invite_coteacher(self, data):
        return self.uow.run(lambda store: CLASSES.invite_coteacher(store, self.caller, data["class_id"]))

    @rpc_method(JoinClassSchema)
    def join_class(self, data):
        return self.uow.run(lambda store: CLASSES.join(store, self.caller, data["code"]))

    @rpc_method(ClassIdSchema)
    def archive_class(self, data):
        return self.uow.run(lambda store: CLASSES.archive(store, self.caller, data["class_id"]))

    @rpc_method(CopyPupilsSchema)
    def copy_pupils(self, data):
        return self.uow.run(lambda store: CLASSES.copy_pupils(store, self.caller, data["class_id"],
                                                              data["from_class_id"]))

    # -- the competence framework and the repères ----------------------------------------------

    @rpc_method()
    def get_framework(self, data):
        return POSITIONING.framework()

    @rpc_method(FrameworkVersionSchema)
    def get_framework_version(self, data):
        return POSITIONING.framework(data["version"])

    # -- positioning ---------------------------------------------------------------------------

    @rpc_method(PositionGridSchema)
    def position_grid(self, data):
        return self.uow.run(lambda store: POSITIONING.position_grid(store, self.caller, data["class_id"], data))

    @rpc_method(GridSchema)
    def get_grid(self, data):
        return self.uow.query(lambda store: POSITIONING.grid(
            store, self.caller, data["class_id"], data["competence_id"]))

    @rpc_method(ClassViewSchema)
    def get_class_view(self, data):
        return self.uow.query(lambda store: POSITIONING.class_view(
            store, self.caller, data["class_id"], data.get("competence_id")))

    @rpc_method(PupilRefSchema)
    def get_pupil_history(self, data):
        return self.uow.query(lambda store: POSITIONING.pupil_history(
            store, self.caller, data["class_id"], data["pupil_id"]))

    @rpc_method(RecordReperesSchema)
    def record_reperes(self, data):
        return self.uow.run(lambda store: POSITIONING.record_reperes(
            store, self.caller, data["class_id"], data["period"], data["scores"]))

    @rpc_method(ReperesRefSchema)
    def get_reperes(self, data):
        return self.uow.query(lambda store: POSITIONING.reperes_profile(
            store, self.caller, data["class_id"], data["period"]))

    # -- parents -------------------------------------------------------------------------------

    @rpc_method(PupilRefSchema)
    def invite_parent(self, data):
        return self.uow.run(lambda store: PARENTS.invite_parent(store, self.caller, data["class_id"], data["pupil_id"]))

    @rpc_method(PupilRefSchema)
    def list_parent_links(self, data):
        return self.uow.query(lambda store: PARENTS.list_links(store, self.caller, data["class_id"], data["pupil_id"]))

    @rpc_method(RevokeParentSchema)
    def revoke_parent(self, data):
        return self.uow.run(lambda store: PARENTS.revoke(store, self.caller, data["class_id"], data["pupil_id"],
                                                         data["link_id"]))

    @rpc_method(JoinClassSchema)
    def join_as_parent(self, data):
        return self.uow.run(lambda store: PARENTS.join(store, self.caller, data["code"]))

    @rpc_method()
    def list_children(self, data):
        return self.uow.query(lambda store: PARENTS.list_children(store, self.caller))

    @rpc_method(ChildRefSchema)
    def get_child(self, data):
        return self.uow.query(lambda store: PARENTS.child(store, self.caller, data["link_id"]))

    @rpc_method(AddObservationSchema)
    def add_observation(self, data):
        return self.uow.run(lambda store: PARENTS.add_observation(store, self.caller, data["link_id"], data))

    # -- privacy: the audit, erasure, export, the retention purge ------------------------------

    @rpc_method(AuditPageSchema)
    def get_audit(self, data):
        return self.uow.query(lambda store: PRIVACY.audit(store, self.caller, data["class_id"], data["limit"],
                                                        data["cursor"]))

    @rpc_method(PupilRefSchema)
    def erase_pupil(self, data):
        return self.uow.run(lambda store: PRIVACY.erase_pupil(store, self.caller, data["class_id"], data["pupil_id"]))

    @rpc_method(ClassIdSchema)
    def erase_class(self, data):
        return self.uow.run(lambda store: PRIVACY.erase_class(store, self.caller, data["class_id"]))

    @rpc_method(ClassIdSchema)
    def export_class(self, data):
        return self.uow.query(lambda store: PRIVACY.export(store, self.caller, data["class_id"]))

    @rpc_method(ClassIdSchema)
    def export_reports(self, data):
        export = self.uow.query(lambda store: PRIVACY.export(store, self.caller, data["class_id"], EXPORT_REPORTS))
        return reports_reply(export)

    @rpc_method()
    def export_member_data(self, data):
        return self.uow.run(lambda store: export_member_data(store, self.caller, utcnow()))

    # -- events --------------------------------------------------------------------------------

    @consumes("forget_deleted_members", "community.member_deleted", versions=(1,))
    def forget_deleted_members(self, envelope):
        member_id = envelope["data"]["member_id"]
        self.uow.run(lambda store: forget_member(store, member_id, utcnow()))

    @timer(interval=PURGE_CHECK_SECONDS)
    def retention_purge(self):
        """Once a day across replicas (once_per_period): classes past retain_until are erased."""
        now = utcnow()
        db = getattr(self.uow, "db", None)
        if db is None:  # not ready (database away, migrations pending): the next tick retries
            return
        once_per_period(db, "retention-purge", now.strftime("%Y-%m-%d"),
                        lambda: purge_expired(ClassStore(db), now))
