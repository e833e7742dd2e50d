"""Operator command line of the notifications service.

    classe12-notifications digest --period daily|weekly [--at YYYY-MM-DD] [--send]
    classe12-notifications vapid-keys

`vapid-keys` prints a new VAPID key pair (P-256, base64url) for web push: set
`VAPID_PRIVATE_KEY` in the service's settings (a secret); the public key is derived from it and
served to web clients at `GET /api/v1/push/vapid-public-key`. Changing the key ends every
device's subscription (push services refuse messages signed by another key): the devices
subscribe again.

Queues the digests of the period ending on `--at` (Europe/Paris; default today): the daily one
covers the day before, the weekly one the week before the Monday on or before that date. The
very code the service's timer runs; idempotent per (member, period): run it twice, or while a
replica's timer runs it, and each member still gets one digest. `--send` also sends, at once,
the e-mails due (addresses from community over RPC; otherwise the running service sends them
within seconds). Uses the service's settings (MONGO_URI, NOTIFICATIONS_DB, SMTP_*, ...).
"""
from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone

from classe12_runtime import mongo

from .domain.preferences import PARIS
from .mailer import Mailer, MailSettings
from .storage import NotificationStore


def digest_command(period: str, at: date, send: bool, contacts=None, out=sys.stdout) -> int:
    store = NotificationStore(mongo.database("notifications"))
    store.ensure_indexes()
    if contacts is None:
        from .contacts import community_contacts as contacts
    mailer = Mailer(store, MailSettings.from_env(), contacts)
    created = mailer.build_digests(period, at)
    print(f"{created} résumé(s) {'quotidien' if period == 'daily' else 'hebdomadaire'}(s) mis en file "
          f"pour la période se terminant le {at.isoformat()}.", file=out)
    if send:
        counts = mailer.send_due()
        print(f"Envoyés : {counts['sent']}, à réessayer : {counts['retried']}, en échec : {counts['failed']}.",
              file=out)
    return 0


def vapid_keys_command(out=sys.stdout) -> int:
    from .push_crypto import generate_key_pair

    private, public = generate_key_pair()
    print(f"VAPID_PRIVATE_KEY={private}", file=out)
    print(f"# clé publique (servie aux clients par GET /api/v1/push/vapid-public-key) : {public}", file=out)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-notifications", description="Notifications de Classe à 12.")
    commands = parser.add_subparsers(dest="command", required=True)
    digest = commands.add_parser("digest", help="mettre en file les résumés d'une période")
    digest.add_argument("--period", choices=("daily", "weekly"), required=True)
    digest.add_argument("--at", type=date.fromisoformat,
                        default=datetime.now(timezone.utc).astimezone(PARIS).date(),
                        help="date d'envoi (AAAA-MM-JJ, heure de Paris ; défaut : aujourd'hui)")
    digest.add_argument("--send", action="store_true", help="envoyer aussitôt les courriels dus")
    commands.add_parser("vapid-keys", help="créer une paire de clés VAPID pour les notifications push")
    args = parser.parse_args(argv)
    if args.command == "vapid-keys":
        return vapid_keys_command()
    return digest_command(args.period, args.at, args.send)


if __name__ == "__main__":
    sys.exit(main())
