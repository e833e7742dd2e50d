"""Start, stop and watch the platform's processes (used by `make up` and the system tests)."""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from classe12_testing.mailbox import MailServer
from classe12_testing.servers import MongoServer, free_port

from .broker_users import ensure_users

REPO = Path(__file__).resolve().parents[2]
SERVICES = ("community", "resources", "evaluation", "notifications")


def installation_secret(var_dir: Path, name: str = "jwt_secret") -> str:
    """One of this installation's secrets (the token-signing secret, the call-context key):
    random, made once, kept in var/<name> (readable by its owner only). A secret written in the
    source would let anyone who reads the repository mint an admin token for any local or demo
    deployment."""
    path = Path(var_dir) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made meanwhile by another process of this stack
            return path.read_text().strip()
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


@dataclass
class StackConfig:
    var_dir: Path
    amqp_uri: str
    mongo_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    files_port: int = field(default_factory=free_port)  # the resources service's file endpoint
    smtp_port: int = field(default_factory=free_port)  # the local SMTP server keeping mails under var/mail/
    live_port: int = field(default_factory=free_port)  # the live-updates process (SSE, classe12_gateway.live)
    #: `make up`: the live process listens on the public port and passes everything else on to the
    #: gateway (one origin, as an ingress gives in production); tests call each process directly
    live_in_front: bool = False
    database_suffix: str = ""
    extra_env: dict = field(default_factory=dict)
    #: the built web client (web/dist): served on http_port by the front (web_front.py), which
    #: forwards /api/ to the gateway, then on gateway_port; None: the gateway is on http_port
    web_root: Path | None = None
    gateway_port: int = field(default_factory=free_port)

    @property
    def mongo_uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.mongo_port}/"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def fronted(self) -> bool:
        """Something else than the gateway listens on http_port: the front with the web client
        (web_front.py), or else the live process passing every other request on (`make up`)."""
        return self.web_root is not None or self.live_in_front

    @property
    def gateway_bind(self) -> str:
        return f"127.0.0.1:{self.gateway_port if self.fronted else self.http_port}"

    @property
    def live_url(self) -> str:
        port = self.http_port if self.live_in_front and self.web_root is None else self.live_port
        return f"http://127.0.0.1:{port}"

    @property
    def files_url(self) -> str:
        return f"http://127.0.0.1:{self.files_port}"

    def env(self) -> dict:
        env = {"JWT_SECRET": installation_secret(self.var_dir),
               "ACTOR_CONTEXT_KEY": installation_secret(self.var_dir, "actor_context_key"), **os.environ}
        env.update(AMQP_URI=self.amqp_uri, MONGO_URI=self.mongo_uri,
                   GATEWAY_BIND=self.gateway_bind, PYTHONUNBUFFERED="1",
                   # resources listens there for file bytes (config.yaml), the gateway sends them there
                   FILES_HTTP_BIND=f"127.0.0.1:{self.files_port}", RESOURCES_FILES_URL=self.files_url,
                   # notifications sends its e-mails to the local SMTP server; links point at this stack
                   SMTP_HOST="127.0.0.1", SMTP_PORT=str(self.smtp_port), SMTP_STARTTLS="false",
                   PUBLIC_URL=self.base_url, PUBLIC_BASE_URL=self.base_url,
                   LIVE_BIND=self.live_url.removeprefix("http://"))
        if self.live_in_front and self.web_root is None:
            env["LIVE_UPSTREAM"] = f"http://{self.gateway_bind}"
        if self.database_suffix:
            env["DATABASE_SUFFIX"] = self.database_suffix
        env.update(self.extra_env)
        return env


class Stack:
    """The processes of one platform instance; each can be stopped and restarted alone."""

    def __init__(self, config: StackConfig):
        self.config = config
        self.logs = config.var_dir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.mongo = MongoServer(config.var_dir / "mongo", port=config.mongo_port,
                                 log_path=self.logs / "secantusdb.log")
        self.mail = MailServer(config.var_dir / "mail", port=config.smtp_port, log_path=self.logs / "smtp.log")
        self.processes: dict[str, subprocess.Popen] = {}
        self.broker_uris: dict[str, str] = {}  # each process's own broker user, when they could be made

    # -- processes -------------------------------------------------------------------------
    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")
        env = self.config.env()
        if name in self.broker_uris:
            env["AMQP_URI"] = self.broker_uris[name]
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[name] = process
        return process

    def start_service(self, name: str) -> None:
        self._spawn(name, [sys.executable, "-m", "nameko", "run", "--config",
                           str(REPO / "services" / name / "config.yaml"), f"classe12_{name}.service"])

    def start_gateway(self) -> None:
        self._spawn("gateway", [sys.executable, "-m", "gunicorn", "-c", "python:classe12_gateway.gunicorn_conf",
                                "classe12_gateway.app:create_app()"])

    def start_live(self) -> None:
        self._spawn("live", [sys.executable, "-m", "classe12_gateway.live"])

    def start_front(self) -> None:
        """The web client and the API on one origin (web_front.py); only with a web_root. The
        stream of live updates goes to the live process, the rest of the API to the gateway."""
        self._spawn("front", [sys.executable, "-m", "classe12_devstack.web_front",
                              "--bind", f"127.0.0.1:{self.config.http_port}", "--root", str(self.config.web_root),
                              "--upstream", f"/api/v1/notifications/stream={self.config.live_url}",
                              "--upstream", f"/api/=http://{self.config.gateway_bind}"])

    def start_process(self, name: str) -> None:
        {"gateway": self.start_gateway, "live": self.start_live, "front": self.start_front}.get(
            name, lambda: self.start_service(name))()

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def pause(self, name: str) -> None:
        self.processes[name].send_signal(signal.SIGSTOP)

    def declare_bus(self) -> None:
        """Every consumer queue of the contracts, before any producer runs (classe12-bus declare)."""
        subprocess.run([sys.executable, "-m", "classe12_runtime.bus_cli", "declare"], cwd=REPO,
                       env=self.config.env(), check=True, capture_output=True, timeout=120)

    def make_broker_users(self) -> None:
        """One broker user per process, on its own queues and exchanges (broker_users.py)."""
        self.broker_uris = ensure_users(self.config.amqp_uri,
                                        lambda name: installation_secret(self.config.var_dir, name))
        if not self.broker_uris:
            print("Utilisateurs RabbitMQ par service non créés (rabbitmqctl indisponible ou non autorisé) : "
                  "tous les processus utilisent les identifiants communs.", flush=True)

    def start(self) -> None:
        self.mongo.start()
        self.mail.start()
        self.declare_bus()
        self.make_broker_users()
        for name in SERVICES:
            self.start_service(name)
        self.start_gateway()
        self.start_live()
        if self.config.web_root:
            self.start_front()

    def stop_all(self) -> None:
        self.stop("front")
        self.stop("live")
        self.stop("gateway")
        for name in SERVICES:
            self.stop(name)
        self.mail.stop()
        self.mongo.stop()

    def crashed(self) -> list[str]:
        return [name for name, p in self.processes.items() if p.poll() is not None]

    def supervise(self) -> list[str]:
        """Restart what died: the database first (it keeps its data under var/), then any
        service or the gateway. Returns what was restarted."""
        restarted = []
        if self.mongo.process is None or self.mongo.process.poll() is not None:
            self.mongo.process = None
            self.mongo.start()
            restarted.append("secantusdb")
        if self.mail.process is None or self.mail.process.poll() is not None:
            self.mail.process = None
            self.mail.start()
            restarted.append("smtp")
        for name in self.crashed():
            self.processes.pop(name)
            self.start_process(name)
            restarted.append(name)
        return restarted

    # -- readiness ---------------------------------------------------------------------------
    def health(self) -> tuple[int, dict]:
        response = requests.get(self.config.base_url + "/api/v1/health", timeout=10)
        return response.status_code, response.json()

    def live_ready(self) -> bool:
        try:
            return requests.get(self.config.live_url + "/live/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def wait_healthy(self, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.crashed():
                raise RuntimeError(f"processes exited: {self.crashed()}; see {self.logs}")
            try:
                status, body = self.health()
                if status == 200 and ("live" not in self.processes or self.live_ready()):
                    return body
                last = body
            except requests.RequestException as exc:
                last = exc
            time.sleep(0.5)
        raise TimeoutError(f"platform not healthy after {timeout}s: {last}; see {self.logs}")
