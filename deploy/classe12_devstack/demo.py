"""Demo data for the local stack only (`make up`): never loaded anywhere else.

Everything goes through the public API, like a real user would, except the privileged roles,
which the operator's command line grants (as for a real first admin), the demo addresses, which
it verifies (nobody reads their mail), and the catalogue, which the resources service's import
command loads from the project's own content.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import requests

from .accounts import verify_emails

PASSWORD = "demo-Classe12-2026"

ACCOUNTS = [
    # email, display name, self-chosen role, levels, privileged role granted afterwards
    ("admin@demo.classe12.fr", "Admin Démo", "director", [], "admin"),
    ("conseil@demo.classe12.fr", "Claire Conseil (CPC)", "coordinator", ["CP", "CE1"], "adviser"),
    ("enseignant.cp@demo.classe12.fr", "Karim Benali", "teacher", ["CP"], None),
    ("enseignante.ce1@demo.classe12.fr", "Sophie Lambert", "teacher", ["CE1"], None),
    ("parent@demo.classe12.fr", "Nadia (parent)", "parent", [], None),
]

#: the demo's school, one of the community service's fictional seed schools (REP+, Nord)
SCHOOLS = {"conseil@demo.classe12.fr": "0591001T", "enseignant.cp@demo.classe12.fr": "0591001T",
           "enseignante.ce1@demo.classe12.fr": "0591002U"}

PUPILS = ["Inès", "Malik", "Léa", "Sami", "Yanis", "Chloé"]


def school_year(today: date | None = None) -> str:
    today = today or date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


class Api:
    def __init__(self, base_url: str):
        self.base_url = base_url + "/api/v1"

    def call(self, method: str, path: str, token: str | None = None, **json):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = requests.request(method, self.base_url + path, json=json or None, headers=headers, timeout=30)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path} -> {response.status_code}: {response.text}")
        return response.json()

    def login(self, email: str) -> str | None:
        response = requests.post(self.base_url + "/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
        return response.json()["access_token"] if response.status_code == 200 else None


def import_catalogue(env: dict, editor_id: str) -> None:
    """The project's own French resources (services/resources/classe12_resources/content),
    with the resources service's import command, as the demo adviser (idempotent)."""
    from importlib import resources as package_files
    content = package_files.files("classe12_resources").joinpath("content")
    subprocess.run([sys.executable, "-m", "classe12_resources.cli", "import", str(content / "resources"),
                    "--files-from", str(content), "--editor-id", editor_id], env=env, check=True)


def verify_demo_addresses(env: dict) -> None:
    """Idempotent: also run on a stack whose demo data predates e-mail verification."""
    verify_emails(env, [email for email, *_ in ACCOUNTS])


PARENT = "parent@demo.classe12.fr"
TEACHER = "enseignant.cp@demo.classe12.fr"
DEMO_CLASS = "CP Les Tournesols"


def link_demo_parent(api: Api) -> None:
    """The demo parent linked to the demo class's first pupil, as in real life: the teacher asks
    for a code, the parent joins with it. Idempotent: nothing happens once they are linked (also
    run on a stack whose demo data predates the parent space)."""
    parent = api.login(PARENT)
    if api.call("GET", "/children", parent)["items"]:
        return
    teacher = api.login(TEACHER)
    klass = next(c for c in api.call("GET", "/classes", teacher)["items"] if c["name"] == DEMO_CLASS)
    pupil = api.call("GET", f"/classes/{klass['id']}", teacher)["pupils"][0]
    invitation = api.call("POST", f"/classes/{klass['id']}/pupils/{pupil['id']}/parent-invitations", teacher)
    api.call("POST", "/children/join", parent, code=invitation["code"])


def already_loaded(api: Api) -> bool:
    return api.login(ACCOUNTS[0][0]) is not None


def load(base_url: str, env: dict) -> None:
    api = Api(base_url)
    for email, name, role, levels, granted in ACCOUNTS:
        api.call("POST", "/auth/register", email=email, password=PASSWORD, display_name=name, role=role, levels=levels,
                 **({"school_uai": SCHOOLS[email]} if email in SCHOOLS else {}))
        if granted:
            subprocess.run([sys.executable, "-m", "classe12_community.cli", "grant-role", "--email", email,
                            "--role", granted], env=env, check=True, capture_output=True)
    verify_demo_addresses(env)
    adviser = api.call("GET", "/me", api.login("conseil@demo.classe12.fr"))
    import_catalogue(env, adviser["id"])
    teacher = api.login("enseignant.cp@demo.classe12.fr")
    klass = api.call("POST", "/classes", teacher, name="CP Les Tournesols", level="CP", school_year=school_year())
    for alias in PUPILS:
        klass = api.call("POST", f"/classes/{klass['id']}/pupils", teacher, alias=alias)
    position_demo_class(api, teacher, klass)
    start_demo_discussion(api)
    link_demo_parent(api)
    contribute_and_collect(api, teacher)


#: the national group where the demo teachers talk, its first thread and a reply (community pages)
DEMO_GROUP = "Lecture au CP"
DEMO_THREAD = "Fluence : quels textes pour les premières semaines ?"
DEMO_OPENING = ("Bonjour à toutes et à tous,\n\nJe cherche des **textes courts** pour travailler la fluence avec "
                "mes CP dès la rentrée. Qu’utilisez-vous ?")
DEMO_REPLY = ("@Karim Benali j’utilise des textes de 50 mots environ, relus trois fois dans la semaine :\n\n"
              "- lundi : lecture accompagnée\n- jeudi : lecture chronométrée")


def start_demo_discussion(api: Api) -> None:
    """Two demo teachers accept the charter and join the national group; one opens a thread, the
    other replies mentioning them (idempotent: nothing when the thread exists)."""
    karim, sophie = api.login("enseignant.cp@demo.classe12.fr"), api.login("enseignante.ce1@demo.classe12.fr")
    group = next(g for g in api.call("GET", "/groups?scope=national&limit=100", karim)["items"] if g["name"] == DEMO_GROUP)
    version = api.call("GET", "/charter")["version"]
    for token in (karim, sophie):
        api.call("POST", "/me/charter", token, version=version)
        if (api.call("GET", f"/groups/{group['id']}", token).get("membership") or {}).get("state") != "member":
            api.call("POST", f"/groups/{group['id']}/join", token)
    if any(t["title"] == DEMO_THREAD for t in api.call("GET", f"/groups/{group['id']}/threads?limit=100", karim)["items"]):
        return
    karim_id = api.call("GET", "/me", karim)["id"]
    thread = api.call("POST", f"/groups/{group['id']}/threads", karim, title=DEMO_THREAD, body=DEMO_OPENING)
    api.call("POST", f"/threads/{thread['thread']['id']}/replies", sophie, body=DEMO_REPLY, mentions=[karim_id])


#: the demo teacher's own contributions: (title, kind, topics, submitted for review or kept a draft)
DEMO_CONTRIBUTIONS = [
    ("Le jeu du furet des nombres", "fiche", ["nombres", "calcul-mental"], True),
    ("Mon coin écoute avec des comptines", "temoignage", ["oral"], False),
]
#: the demo teacher's shared collection (search words of catalogue resources, in its order)
DEMO_COLLECTION = ("Rituels du matin au CP", ["escargots", "additionner des points", "pulsation"])


def contribute_and_collect(api: Api, teacher: str) -> None:
    """A draft and a resource waiting for review (the adviser's queue), and a shared collection."""
    for title, kind, topics, submitted in DEMO_CONTRIBUTIONS:
        resource = api.call("POST", "/resources", teacher, title=title, kind=kind, levels=["CP"], topics=topics,
                            summary=f"{title} : une proposition de Karim pour les classes dédoublées.",
                            body=f"## {title}\n\nDéroulement en trois temps, à deux adultes pour douze élèves.")
        if submitted:
            api.call("POST", f"/resources/{resource['id']}/submit", teacher)
    name, searches = DEMO_COLLECTION
    collection = api.call("POST", "/collections", teacher, name=name, shared=True)
    for words in searches:
        found = api.call("GET", f"/resources?q={words}")["items"]
        if found:
            api.call("POST", f"/collections/{collection['id']}/items", teacher, resource_id=found[0]["id"])


#: the demo class's first positionings: (item, levels of the pupils in PUPILS' order)
DEMO_GRID = [
    ("fr.lecture.phonologie.syllabes", ["atteint", "depasse", "atteint", "partiellement_atteint", "atteint", "atteint"]),
    ("fr.lecture.lettres-sons.nom-lettres", ["atteint", "atteint", "partiellement_atteint", "non_atteint",
                                             "atteint", "depasse"]),
    ("ma.nombres.denombrer.collection", ["depasse", "atteint", "atteint", "partiellement_atteint", "non_atteint",
                                         "atteint"]),
]
#: start-of-CP repères scores of the demo pupils (manipuler-syllabes, comparer-nombres)
DEMO_REPERES = [(9, 8), (10, 9), (7, 6), (4, 3), (8, 4), (9, 10)]


def position_demo_class(api: Api, teacher: str, klass: dict, today: date | None = None) -> None:
    """A first grid and the start-of-CP repères, so the class view and the profile show something."""
    today = today or date.today()
    first_year = int(klass["school_year"].split("-")[0])
    day = min(today, date(first_year, 9, 22))
    pupils = [p["id"] for p in klass["pupils"]]
    cells = [{"pupil_id": pupil, "item_id": item, "level": level}
             for item, levels in DEMO_GRID for pupil, level in zip(pupils, levels, strict=True)]
    api.call("PUT", f"/classes/{klass['id']}/grid", teacher, date=day.isoformat(), cells=cells)
    scores = [{"pupil_id": pupil, "exercise_id": exercise, "score": score}
              for pupil, pair in zip(pupils, DEMO_REPERES, strict=True)
              for exercise, score in zip(("manipuler-syllabes", "comparer-nombres"), pair, strict=True)]
    api.call("PUT", f"/classes/{klass['id']}/reperes/debut-cp", teacher, scores=scores)
