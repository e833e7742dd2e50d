"""`python -m classe12_devstack up`: the whole platform on this machine, on embedded defaults.

SecantusDB (data under var/), a local SMTP server (aiosmtpd: every e-mail kept under var/mail/), RabbitMQ (the machine's; started if installed and stopped),
the four services, the gateway and the live-updates process in front of it (one origin: the
stream `/api/v1/notifications/stream` is served there, the rest passed on to the gateway); waits for health, loads demo data once, prints the URL.
Ctrl-C stops everything it started; the next run finds the data again.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

from classe12_runtime.broker import broker_reachable
from classe12_runtime.config import DEFAULT_AMQP_URI, env

from . import demo
from .processes import REPO, Stack, StackConfig


def ensure_rabbitmq(uri: str) -> bool:
    """Returns True when this command started the broker (and so must stop it)."""
    if broker_reachable(uri):
        return False
    server = shutil.which("rabbitmq-server")
    if server is None:
        sys.exit("RabbitMQ ne répond pas sur {0} et n'est pas installé.\n"
                 "Installez-le (Debian/Ubuntu : sudo apt-get install rabbitmq-server) ou lancez-le "
                 "(docker run -p 5672:5672 rabbitmq:3.13), puis relancez `make up`. "
                 "Ou indiquez un autre courtier avec AMQP_URI.".format(uri))
    print("Démarrage de RabbitMQ…", flush=True)
    subprocess.run([server, "-detached"], check=False)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if broker_reachable(uri):
            return True
        time.sleep(1)
    sys.exit("RabbitMQ n'a pas démarré en 90 s : voir /var/log/rabbitmq/.")


def up(args) -> int:
    amqp_uri = env("AMQP_URI", DEFAULT_AMQP_URI)
    started_broker = ensure_rabbitmq(amqp_uri)
    web_root = REPO / "web" / "dist"
    config = StackConfig(var_dir=REPO / "var", amqp_uri=amqp_uri,
                         mongo_port=int(env("MONGO_PORT", "27017")), http_port=int(env("PORT", "8000")),
                         live_in_front=True, smtp_port=int(env("SMTP_PORT", "8025")),
                         web_root=web_root if (web_root / "index.html").is_file() else None)
    stack = Stack(config)

    def shutdown(*_):
        print("\nArrêt de la plateforme…", flush=True)
        stack.stop_all()
        if started_broker:
            subprocess.run(["rabbitmqctl", "stop"], check=False, capture_output=True)
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    print("Démarrage de SecantusDB, des quatre services et de la passerelle…", flush=True)
    try:
        stack.start()
        stack.wait_healthy(timeout=args.timeout)
    except Exception as exc:  # noqa: BLE001 - report and clean up, whatever failed
        print(f"Échec du démarrage : {exc}", file=sys.stderr)
        stack.stop_all()
        return 1
    api = demo.Api(config.base_url)
    if not demo.already_loaded(api):
        print("Chargement des données de démonstration…", flush=True)
        demo.load(config.base_url, config.env())
    else:
        demo.verify_demo_addresses(config.env())
        # idempotent: stacks whose demo data predates the community and parent pages
        demo.start_demo_discussion(api)
        demo.link_demo_parent(api)
    print(banner(config.base_url, config.smtp_port, web=config.web_root is not None), flush=True)
    while True:
        try:
            restarted = stack.supervise()
        except Exception as exc:  # noqa: BLE001 - e.g. the database does not start: try again
            print(f"Redémarrage impossible pour l'instant : {exc}", flush=True)
            restarted = []
        if restarted:
            print(f"Arrêt inattendu de : {', '.join(restarted)} (journaux dans var/logs/). Redémarré.", flush=True)
        time.sleep(2)


def banner(base_url: str, smtp_port: int = 8025, web: bool = False) -> str:
    accounts = "\n".join(f"    {email:<36} {role or first}" for email, _, first, _, role in demo.ACCOUNTS)
    site = (f"  Site web       {base_url}/" if web else
            "  Site web       non construit (installez Node.js 20, puis `make up` le construit dans web/dist)")
    return f"""
Classe à 12 tourne en local.
{site}
  API            {base_url}/api/v1/
  Documentation  {base_url}/api/v1/docs
  Santé          {base_url}/api/v1/health
  Journaux       {REPO / 'var' / 'logs'}
  Courriels      {REPO / 'var' / 'mail'} (un fichier .eml par courriel reçu par le serveur SMTP local,
                 127.0.0.1:{smtp_port} ; aucun ne sort de cette machine)

Comptes de démonstration (mot de passe : {demo.PASSWORD}) :
{accounts}

Ctrl-C pour tout arrêter ; les données restent dans var/.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-stack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start the whole platform and wait (Ctrl-C stops it)")
    start.add_argument("--timeout", type=float, default=180, help="seconds to wait for health")
    args = parser.parse_args(argv)
    return up(args)


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
