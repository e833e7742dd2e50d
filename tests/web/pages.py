"""How the browser tests reach every page of web/src/routes.tsx: as which demo account (pages
for members) and at which URL (pages with an id or a token). Each area adds its pages here; the
accessibility test fails on a route it cannot reach."""
from __future__ import annotations

from typing import Callable

from classe12_devstack.demo import Api

TEACHER = "enseignant.cp@demo.classe12.fr"
ADVISER = "conseil@demo.classe12.fr"
ADMIN = "admin@demo.classe12.fr"
PARENT = "parent@demo.classe12.fr"


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


#: route id -> the demo account a page for members is checked as (anonymous otherwise)
SIGNED_IN_AS: dict[str, str] = {
    "deviceNotifications": TEACHER,
    "notifications": TEACHER,
    "notificationPreferences": TEACHER,
    "follows": TEACHER,
}

#: route id -> the URL the tests open for a route with an id or a token
REACHED_WITH: dict[str, Callable[[Demo], str]] = {
    "resource": lambda demo: f"/ressources/{demo.resource_id('escargots')}",
    "newPassword": lambda demo: "/compte/nouveau-mot-de-passe?jeton=jeton-de-test",
    "verifyEmail": lambda demo: "/compte/verifier-adresse?jeton=jeton-de-test",
    "confirmEmail": lambda demo: "/compte/confirmer-adresse?jeton=jeton-de-test",
}
