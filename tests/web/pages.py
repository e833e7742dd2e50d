"""How the browser tests reach every page of web/src/routes.tsx: as which demo account (pages
for members) and at which URL (pages with an id or a token). Each area adds its pages here; the
accessibility test fails on a route it cannot reach."""
from __future__ import annotations

from typing import Callable

from classe12_devstack.demo import DEMO_GROUP, DEMO_THREAD, Api

TEACHER = "enseignant.cp@demo.classe12.fr"
ADVISER = "conseil@demo.classe12.fr"
ADMIN = "admin@demo.classe12.fr"
PARENT = "parent@demo.classe12.fr"
DEMO_CLASS = "CP Les Tournesols"
#: two items of the competence the positioning grid opens on at CP (Écouter pour comprendre)
CONSIGNE = "Comprend et exécute une consigne simple"
HISTOIRE = "Comprend une histoire lue par l’adulte et la raconte à son tour"


def grid_cell(page, alias: str, item: str):
    """A cell of the positioning grid: its select, labelled by the pupil and the item."""
    return page.get_by_label(f"Niveau de {alias} : {item}")


class Demo:
    """The demo data of the running stack, through its API (to build the URLs of pages with an id)."""

    def __init__(self, base_url: str):
        self.api = Api(base_url)
        self._tokens: dict[str, str] = {}

    def token(self, email: str) -> str:
        if email not in self._tokens:
            self._tokens[email] = self.api.login(email)
        return self._tokens[email]

    def get(self, path: str, as_: str | None = None):
        return self.api.call("GET", path, self.token(as_) if as_ else None)

    def resource_id(self, words: str) -> str:
        return self.get(f"/resources?q={words}")["items"][0]["id"]

    def group_id(self, name: str = DEMO_GROUP) -> str:
        groups = self.get("/groups?scope=national&limit=100", TEACHER)["items"]
        return next(g["id"] for g in groups if g["name"] == name)

    def thread_id(self, title: str = DEMO_THREAD) -> str:
        threads = self.get(f"/groups/{self.group_id()}/threads?limit=100", TEACHER)["items"]
        return next(t["id"] for t in threads if t["title"] == title)

    def demo_class(self) -> dict:
        """The demo teacher's class "CP Les Tournesols", with its pupils."""
        listed = next(c for c in self.get("/classes", TEACHER)["items"] if c["name"] == DEMO_CLASS)
        return self.get(f"/classes/{listed['id']}", TEACHER)

    def demo_class_id(self) -> str:
        return self.demo_class()["id"]

    def demo_pupil_url(self) -> str:
        klass = self.demo_class()
        return f"/classes/{klass['id']}/eleves/{klass['pupils'][0]['id']}"

    def child_id(self) -> str:
        """The demo parent's child (the demo class's first pupil): its link's id."""
        return self.get("/children", PARENT)["items"][0]["link_id"]

    def my_draft_id(self, email: str) -> str:
        return self.get("/me/resources?status=draft", email)["items"][0]["id"]

    def shared_collection(self, email: str) -> dict:
        return next(c for c in self.get("/me/collections", email)["items"] if c["shared"])


#: route id -> the demo account a page for members is checked as (anonymous otherwise)
SIGNED_IN_AS: dict[str, str] = {
    "deviceNotifications": TEACHER,
    "community": TEACHER,
    "group": TEACHER,
    "thread": TEACHER,
    "moderation": ADMIN,
    "classes": TEACHER,
    "class": TEACHER,
    "classGrid": TEACHER,
    "classProfile": TEACHER,
    "classReperes": TEACHER,
    "pupil": TEACHER,
    "account": TEACHER,
    "myData": TEACHER,
    "offlineReading": TEACHER,
    "parentSpace": PARENT,
    "child": PARENT,
    "contribute": TEACHER,
    "contribution": TEACHER,
    "collections": TEACHER,
    "collection": TEACHER,
    "review": ADVISER,
    "reviewResource": ADVISER,
    "emailFailures": ADMIN,
    "adminMembers": ADMIN,
    "notifications": TEACHER,
    "notificationPreferences": TEACHER,
    "follows": TEACHER,
}

#: route id -> the URL the tests open for a route with an id or a token
REACHED_WITH: dict[str, Callable[[Demo], str]] = {
    "resource": lambda demo: f"/ressources/{demo.resource_id('escargots')}",
    "resourceVersions": lambda demo: f"/ressources/{demo.resource_id('escargots')}/versions",
    "resourceVersion": lambda demo: f"/ressources/{demo.resource_id('escargots')}/versions/1",
    "newPassword": lambda demo: "/compte/nouveau-mot-de-passe?jeton=jeton-de-test",
    "verifyEmail": lambda demo: "/compte/verifier-adresse?jeton=jeton-de-test",
    "confirmEmail": lambda demo: "/compte/confirmer-adresse?jeton=jeton-de-test",
    "group": lambda demo: f"/communaute/groupes/{demo.group_id()}",
    "thread": lambda demo: f"/communaute/discussions/{demo.thread_id()}",
    "class": lambda demo: f"/classes/{demo.demo_class_id()}",
    "classGrid": lambda demo: f"/classes/{demo.demo_class_id()}/positionnement",
    "classProfile": lambda demo: f"/classes/{demo.demo_class_id()}/profil",
    "classReperes": lambda demo: f"/classes/{demo.demo_class_id()}/reperes",
    "pupil": lambda demo: demo.demo_pupil_url(),
    "child": lambda demo: f"/espace-parent/enfants/{demo.child_id()}",
    "contribution": lambda demo: f"/contribuer/{demo.my_draft_id(TEACHER)}",
    "reviewResource": lambda demo: f"/relecture/{demo.get('/review/resources', ADVISER)['items'][0]['id']}",
    "collection": lambda demo: f"/collections/{demo.shared_collection(TEACHER)['id']}",
    "sharedCollection": lambda demo: f"/collections/partagees/{demo.shared_collection(TEACHER)['share_token']}",
}
