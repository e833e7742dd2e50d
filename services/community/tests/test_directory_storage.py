"""Profiles, directories and groups on a real MongoDB-protocol server (SecantusDB, or
TEST_MONGO_URI): lists served page by page, visibility, joining atomic with its event, the
taxonomy projection, and the import of the official school directory."""
import io
from datetime import datetime, timezone

import pytest

from classe12_community.cli import import_schools
from classe12_community.domain.groups import Groups
from classe12_community.domain.profiles import Profiles, directory_fields
from classe12_community.domain.schools import Schools
from classe12_community.storage import CommunityStore
from classe12_contracts.errors import Conflict, Invalid, NotFound
from classe12_runtime import mongo
from classe12_runtime.context import Caller
from classe12_runtime.outbox import Outbox
from classe12_runtime.uow import MongoUnitOfWork

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)
TAXONOMY = [{"slug": "francais", "label": "Français", "subdomains": [{"slug": "lecture", "label": "Lecture"}]}]


class Relay:
    def publish_now(self, ids):
        pass


@pytest.fixture
def store(mongo_db):
    store = CommunityStore(mongo_db)
    store.ensure_indexes()
    Outbox(mongo_db).ensure_indexes()
    Schools().load_seed(store, T0)
    Groups().load_seed(store, T0)
    return store


def uow(mongo_db, actor_id, roles=("teacher",)):
    return MongoUnitOfWork(mongo_db, CommunityStore, Outbox(mongo_db), Relay(),
                           Caller(actor_id=actor_id, roles=roles, request_id="test"))


def add_member(store, name, **fields):
    doc = store.insert({"email": f"{name.lower().replace(' ', '.')}@ac-lille.fr", "password_hash": "x",
                        "display_name": name, "roles": ["teacher"], "levels": ["CP"], "school_uai": None,
                        "created_at": T0, "updated_at": T0, **fields})
    store.update_member(str(doc["_id"]), directory_fields(doc))
    return str(doc["_id"])


def caller(member_id):
    return Caller(actor_id=member_id, roles=("teacher",), request_id="test")


def test_the_member_directory_pages_alphabetically_with_filters(store):
    ids = {name: add_member(store, name) for name in ("Zoé Kit", "Émile Kit", "Anne Kit", "Bruno Kit", "Chloé Kit")}
    profiles, seen, cursor = Profiles(), [], None
    while True:
        page = profiles.search(store, caller(ids["Anne Kit"]), {"name": "kit", "limit": 2, "cursor": cursor})
        seen += [item["display_name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["Anne Kit", "Bruno Kit", "Chloé Kit", "Émile Kit", "Zoé Kit"]
    found = profiles.search(store, caller(ids["Anne Kit"]), {"name": "ZO KI", "level": "CP", "limit": 20})
    assert [item["id"] for item in found["items"]] == [ids["Zoé Kit"]]
    assert profiles.search(store, caller(ids["Anne Kit"]), {"level": "CE1", "limit": 20})["items"] == []


def test_a_profile_update_sets_the_school_its_local_groups_and_what_the_directory_shows(store, mongo_db):
    anne = add_member(store, "Anne Martin")
    profile = uow(mongo_db, anne).run(lambda s: Profiles().update(s, caller(anne), {
        "school_uai": "0932001V", "levels": ["CE1", "CP"], "visibility": {"levels": "nobody"}}))
    assert profile["school"]["network"] == "REP+" and profile["levels"] == ["CP", "CE1"]
    assert {g["key"] for g in store.groups_by_keys(["local:d:93", "local:n:93:REP+"])} == {
        "local:d:93", "local:n:93:REP+"}
    [event] = [e for e in Outbox(mongo_db).pending() if e["type"] == "community.member_updated"]
    assert event["data"]["school_uai"] == "0932001V" and "email" not in event["data"]
    search = Profiles().search
    assert [i["id"] for i in search(store, caller(anne), {"departement": "93", "network": "REP+", "limit": 5})["items"]] == [anne]
    assert search(store, caller(anne), {"departement": "93", "level": "CP", "limit": 5})["items"] == []  # levels hidden
    with pytest.raises(Invalid) as err:
        uow(mongo_db, anne).run(lambda s: Profiles().update(s, caller(anne), {"interests": ["lecture"]}))
    assert "interests" in err.value.fields  # no taxonomy announced yet


def test_fields_shown_to_groups_are_seen_by_members_sharing_one(store, mongo_db):
    store.keep_taxonomy(1, TAXONOMY, T0)
    anne, bruno, chloe = (add_member(store, n) for n in ("Anne", "Bruno", "Chloé"))
    uow(mongo_db, anne).run(lambda s: Profiles().update(s, caller(anne), {
        "interests": ["lecture"], "visibility": {"interests": "groups"}}))
    [lecture] = [g for g in store.list_groups("s:national", None, 50) if g["key"] == "national:lecture-cp"]
    group_id = str(lecture["_id"])
    for member in (anne, bruno):
        uow(mongo_db, member).run(lambda s, m=member: Groups().join(s, caller(m), group_id, None))
    assert Profiles().get(store, caller(bruno), anne)["interests"] == [{"slug": "lecture", "label": "Lecture"}]
    assert Profiles().get(store, caller(chloe), anne)["hidden"] == ["interests"]
    assert store.get_group(group_id)["member_count"] == 2


def test_joining_writes_the_membership_the_count_and_the_event_together_or_nothing(store, mongo_db):
    anne = add_member(store, "Anne")
    [group] = [g for g in store.list_groups("s:national", None, 50) if g["key"] == "national:co-intervention"]
    group_id = str(group["_id"])
    uow(mongo_db, anne).run(lambda s: Groups().join(s, caller(anne), group_id, None))
    before = len(Outbox(mongo_db).pending())
    with pytest.raises(Conflict):
        uow(mongo_db, anne).run(lambda s: Groups().join(s, caller(anne), group_id, None))
    assert len(Outbox(mongo_db).pending()) == before and store.get_group(group_id)["member_count"] == 1
    assert [e["data"]["member_id"] for e in Outbox(mongo_db).pending() if e["type"] == "community.group_joined"] == [anne]
    with pytest.raises(NotFound):
        uow(mongo_db, anne).run(lambda s: Groups().join(s, caller(anne), "f" * 24, None))


def test_an_older_taxonomy_arriving_late_changes_nothing(store):
    assert store.keep_taxonomy(2, TAXONOMY, T0)
    assert not store.keep_taxonomy(1, [], T0)
    assert store.keep_taxonomy(2, TAXONOMY, T0)  # the same version again (a redelivery)
    assert store.taxonomy()["subdomains"] == {"lecture": "Lecture"}


HEADER = ("Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Nom_commune;"
          "Code_departement;Libelle_departement;Libelle_academie;Appartenance_Education_Prioritaire")


def test_the_official_directory_is_imported_once_with_its_refused_rows(service_env, tmp_path):
    source = tmp_path / "fr-en-annuaire-education.csv"
    source.write_text("\n".join([
        HEADER,
        "0593004V;École maternelle Les Lilas;Ecole;Public;Denain;059;Nord;Lille;REP+",
        "0593005W;Collège Jean Moulin;Collège;Public;Denain;059;Nord;Lille;",
        "0593006X;Lycée Voltaire;Lycée;Public;Denain;059;Nord;Lille;",
        "0593007A;École sans lettre juste;Ecole;Public;Denain;059;Nord;Lille;REP",
    ]) + "\n", encoding="utf-8-sig")
    out, bar = io.StringIO(), io.StringIO()
    assert import_schools(source, dry_run=False, out=out, progress_stream=bar) == 1
    assert "refusée — ligne 5 : Identifiant_de_l_etablissement « 0593007A » : Lettre de contrôle" in out.getvalue()
    assert "2 écoles et collèges importées (2 créées, 0 mises à jour, 0 inchangées), 1 autres établissements " \
           "ignorés, 1 lignes refusées." in out.getvalue()
    assert "2/2" in bar.getvalue()
    out = io.StringIO()
    import_schools(source, dry_run=False, out=out, progress_stream=io.StringIO())
    assert "(0 créées, 0 mises à jour, 2 inchangées)" in out.getvalue()
    schools = mongo.client()[service_env["databases"]["community"]]["schools"]
    assert schools.find_one({"_id": "0593005W"})["kind"] == "college"
    assert schools.find_one({"_id": "0593004V"})["network"] == "REP+"
    (tmp_path / "other.csv").write_text("uai;nom\n0593004V;X\n", encoding="utf-8")
    assert import_schools(tmp_path / "other.csv", dry_run=False, out=io.StringIO()) == 2


def test_my_groups_and_a_groups_members_page_without_repeats_or_gaps(store, mongo_db):
    anne, bruno, chloe = (add_member(store, n) for n in ("Anne", "Bruno", "Chloé"))
    national = [str(g["_id"]) for g in store.list_groups("s:national", None, 3)]
    groups = Groups()
    for group_id in national:
        uow(mongo_db, anne).run(lambda s, g=group_id: groups.join(s, caller(anne), g, None))
    for member in (bruno, chloe):
        uow(mongo_db, member).run(lambda s, m=member: groups.join(s, caller(m), national[0], None))

    def all_pages(read):
        seen, cursor = [], None
        while True:
            page = read(cursor)
            seen += page["items"]
            if (cursor := page["next_cursor"]) is None:
                return seen
    mine = all_pages(lambda cursor: groups.mine(store, caller(anne), 1, cursor))
    assert sorted(g["id"] for g in mine) == sorted(national) and len(mine) == 3
    members = all_pages(lambda cursor: groups.members(store, caller(bruno), {
        "group_id": national[0], "state": "member", "limit": 2, "cursor": cursor}))
    assert [m["member_id"] for m in members] == [chloe, bruno, anne]  # latest first


def test_an_import_that_changes_a_school_refreshes_its_members_profiles(service_env, tmp_path):
    db = mongo.client()[service_env["databases"]["community"]]
    store = CommunityStore(db)
    store.ensure_indexes()
    source = tmp_path / "annuaire.csv"
    source.write_text(HEADER + "\n0593004V;École Les Lilas;Ecole;Public;Denain;059;Nord;Lille;REP\n", encoding="utf-8")
    import_schools(source, dry_run=False, out=io.StringIO(), progress_stream=io.StringIO())
    anne = add_member(store, "Anne")
    uow(db, anne).run(lambda s: Profiles().update(s, caller(anne), {"school_uai": "0593004V"}))
    assert store.get(anne)["school"]["network"] == "REP"
    source.write_text(HEADER + "\n0593004V;École Les Lilas;Ecole;Public;Denain;059;Nord;Lille;REP+\n", encoding="utf-8")
    out = io.StringIO()
    assert import_schools(source, dry_run=False, out=out, progress_stream=io.StringIO()) == 0
    assert "1 profils de membres mis à jour" in out.getvalue() and "1 mises à jour" in out.getvalue()
    assert store.get(anne)["school"]["network"] == "REP+" and "n:REP+" in store.get(anne)["dir_tags"]
