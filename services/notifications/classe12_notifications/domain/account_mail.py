"""Account e-mails (community.account_mail_requested): verification of an address, password
reset, confirmation of a new address, notice to the old one. Security mail: always sent at
once, whatever the preferences, without unsubscribe link, never in the inbox nor a digest.

The event names the e-mail only (mail_id, member, purpose); the address, the display name and
the link are asked from community (`get_account_mail`) when the e-mail goes, so none of them is
kept here, and an e-mail whose link was used or expired meanwhile is not sent at all (`gone`).
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
ACCOUNT = "account"

#: purpose -> wording of its e-mail (French): subject, lead paragraph, button (None: a notice), closing
WORDING = {
    "verify_email": {
        "subject": "Confirmez votre adresse e-mail",
        "lead": "Bienvenue sur Classe à 12 ! Pour publier (discussions, ressources, avis), confirmez que cette "
                "adresse est bien la vôtre.",
        "action": "Confirmer mon adresse",
        "closing": "Si vous n'avez pas créé de compte sur Classe à 12, ignorez ce message : aucun compte ne sera "
                   "actif à votre adresse sans cette confirmation.",
    },
    "reset_password": {
        "subject": "Choisissez un nouveau mot de passe",
        "lead": "Vous avez demandé à choisir un nouveau mot de passe pour votre compte Classe à 12. Une fois "
                "le nouveau mot de passe choisi, toutes vos sessions ouvertes seront fermées.",
        "action": "Choisir un nouveau mot de passe",
        "closing": "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
    },
    "change_email": {
        "subject": "Confirmez votre nouvelle adresse e-mail",
        "lead": "Vous avez demandé que cette adresse devienne celle de votre compte Classe à 12. Elle ne le "
                "deviendra qu'une fois confirmée.",
        "action": "Confirmer cette adresse",
        "closing": "Si vous n'avez rien demandé, ignorez ce message : rien ne change.",
    },
    "email_changed": {
        "subject": "L'adresse e-mail de votre compte a changé",
        "lead": "L'adresse e-mail de votre compte Classe à 12 vient d'être remplacée par une autre : vous ne "
                "recevrez plus nos messages ici.",
        "action": None,
        "closing": "Si vous n'êtes pas à l'origine de ce changement, choisissez sans attendre un nouveau mot de "
                   "passe depuis la page de connexion et prévenez l'équipe de Classe à 12.",
    },
}


def account_delivery(data: dict, now: datetime) -> dict:
    """The delivery of an account e-mail: one per mail_id (a redelivered event adds nothing)."""
    return {"_id": f"account|{data['mail_id']}", "kind": "account", "purpose": data["purpose"],
            "mail_id": data["mail_id"], "recipient_id": data["member_id"], "category": ACCOUNT,
            "message": {"title": WORDING[data["purpose"]]["subject"], "body": "", "link": None},
            "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now, "log": []}


def expiry_phrase(expires_at: str | None) -> str | None:
    """"le 07/12/2026 à 20:45 (heure de Paris)" from an ISO 8601 datetime."""
    if not expires_at:
        return None
    at = datetime.fromisoformat(expires_at).astimezone(PARIS)
    return f"le {at:%d/%m/%Y} à {at:%H:%M} (heure de Paris)"


def account_context(mail: dict) -> dict:
    """What the templates account.txt and account.html show of a `ready` e-mail."""
    wording = WORDING[mail["purpose"]]
    return {"subject": wording["subject"], "display_name": mail["display_name"], "wording": wording,
            "link": mail.get("link") if wording["action"] else None,
            "expires": expiry_phrase(mail.get("expires_at")) if wording["action"] else None}
