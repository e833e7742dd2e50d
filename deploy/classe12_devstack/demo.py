"""Demo data for the local stack only (`make up`): never loaded anywhere else.

Everything goes through the public API, like a real user would, except the privileged roles,
which the operator's command line grants (as for a real first admin).
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import requests

PASSWORD = "demo-Classe12-2026"

ACCOUNTS = [
    # email, display name, self-chosen role, levels, privileged role granted afterwards
    ("admin@demo.classe12.fr", "Admin Démo", "director", [], "admin"),
    ("conseil@demo.classe12.fr", "Claire Conseil (CPC)", "coordinator", ["CP", "CE1"], "adviser"),
    ("enseignant.cp@demo.classe12.fr", "Karim Benali", "teacher", ["CP"], None),
    ("enseignante.ce1@demo.classe12.fr", "Sophie Lambert", "teacher", ["CE1"], None),
    ("parent@demo.classe12.fr", "Nadia (parent)", "parent", [], None),
]

RESOURCES = [
    {"title": "Aménager une classe de 12 : trois îlots et un coin regroupement",
     "summary": "Plan commenté d'une classe dédoublée : espaces de travail autonome, table en U pour l'étayage.",
     "body": "## Pourquoi des îlots ?\n\nAvec douze élèves, on peut...\n\n- un coin regroupement\n- trois îlots\n",
     "kind": "fiche", "levels": ["CP", "CE1"], "topics": ["amenagement-espace", "autonomie"]},
    {"title": "Fluence au CP : une séquence de cinq semaines",
     "summary": "Lecture à voix haute quotidienne, chronométrée, avec graphique de progrès tenu par l'élève.",
     "body": "## Séance 1\n\nLecture de mots outils...\n",
     "kind": "sequence", "levels": ["CP"], "topics": ["lecture", "fluence"]},
    {"title": "Co-intervention : deux enseignants, une classe",
     "summary": "Vidéo de 2 minutes filmée en CE1 : répartition des rôles pendant un atelier de calcul mental.",
     "body": "Transcription et pistes d'analyse de la vidéo.",
     "kind": "video", "levels": ["CE1"], "topics": ["co-intervention", "calcul-mental"]},
]

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


def already_loaded(api: Api) -> bool:
    return api.login(ACCOUNTS[0][0]) is not None


def load(base_url: str, env: dict) -> None:
    api = Api(base_url)
    for email, name, role, levels, granted in ACCOUNTS:
        api.call("POST", "/auth/register", email=email, password=PASSWORD, display_name=name, role=role, levels=levels)
        if granted:
            subprocess.run([sys.executable, "-m", "classe12_community.cli", "grant-role", "--email", email,
                            "--role", granted], env=env, check=True, capture_output=True)
    adviser = api.login("conseil@demo.classe12.fr")
    for resource in RESOURCES:
        created = api.call("POST", "/resources", adviser, **resource)
        api.call("POST", f"/resources/{created['id']}/publish", adviser)
    teacher = api.login("enseignant.cp@demo.classe12.fr")
    klass = api.call("POST", "/classes", teacher, name="CP Les Tournesols", level="CP", school_year=school_year())
    for alias in PUPILS:
        api.call("POST", f"/classes/{klass['id']}/pupils", teacher, alias=alias)
