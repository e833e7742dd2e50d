"""E-mail: the deliveries queued by the fan-out and the digests, sent over SMTP.

No nameko here: the service's timer (service.py) and the command (cli.py) call `Mailer`.
Addresses are asked from community (`community.get_contacts`) at send time, through the
`contacts` function given (no address is ever kept here nor carried by an event). Each
delivery keeps a log of its attempts; a temporary failure is retried with back-off, a
permanent one is recorded as `failed` and listed for admins (domain/mailing.py).

Claims, retries and the attempts' log are delivery.py's `DeliveryQueue`, shared with web push.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Callable

from jinja2 import Environment, PackageLoader, select_autoescape

from classe12_contracts.errors import AppError
from classe12_runtime.clock import utcnow
from classe12_runtime.lease import once_per_period

from .delivery import DeliveryQueue
from .domain import preferences as prefs_rules
from .domain.account_mail import account_context
from .domain.mailing import digest_window, is_temporary, unsubscribe_token
from .domain.rules import CATEGORIES

log = logging.getLogger(__name__)

BATCH = 50
PERIOD_LABELS = {"daily": "quotidien", "weekly": "hebdomadaire"}


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    return default if not raw else raw in ("1", "true", "yes", "oui")


@dataclass(frozen=True)
class MailSettings:
    host: str = "127.0.0.1"
    port: int = 8025
    starttls: bool = False
    username: str = ""
    password: str = ""
    timeout: float = 10.0
    sender: str = "Classe à 12 <notifications@classe12.localhost>"
    public_url: str = "http://127.0.0.1:8000"
    unsubscribe_secret: str = ""

    @classmethod
    def from_env(cls) -> "MailSettings":
        secret = os.environ.get("UNSUBSCRIBE_SECRET", "").strip()
        if not secret:  # derived from the platform's key: one secret less to manage
            key = os.environ.get("ACTOR_CONTEXT_KEY", "").strip()
            secret = hmac.new(key.encode(), b"classe12-unsubscribe", hashlib.sha256).hexdigest() if key else ""
        return cls(host=os.environ.get("SMTP_HOST", "").strip() or cls.host,
                   port=int(os.environ.get("SMTP_PORT", "").strip() or cls.port),
                   starttls=_flag("SMTP_STARTTLS", False),
                   username=os.environ.get("SMTP_USERNAME", "").strip(),
                   password=os.environ.get("SMTP_PASSWORD", ""),
                   timeout=float(os.environ.get("SMTP_TIMEOUT", "").strip() or cls.timeout),
                   sender=os.environ.get("MAIL_FROM", "").strip() or cls.sender,
                   public_url=(os.environ.get("PUBLIC_URL", "").strip() or cls.public_url).rstrip("/"),
                   unsubscribe_secret=secret)


TEMPLATES = Environment(loader=PackageLoader("classe12_notifications", "templates"),
                        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
                        keep_trailing_newline=True)


def render(delivery: dict, contact: dict, settings: MailSettings, now: datetime) -> EmailMessage:
    """The e-mail of a delivery for its recipient: French plain text and HTML, one-click unsubscribe."""
    member_id = delivery["recipient_id"]
    if delivery["kind"] == "digest":
        scope = f"digest:{delivery['period']}"
        count = len(delivery["items"])
        subject = (f"Votre résumé {PERIOD_LABELS[delivery['period']]} Classe à 12 : "
                   f"{count} nouveauté{'s' if count > 1 else ''}")
        reason = f"résumé {PERIOD_LABELS[delivery['period']]}"
    else:
        scope = delivery["category"]
        subject = delivery["message"]["title"]
        reason = CATEGORIES[delivery["category"]][0].lower()
    token = unsubscribe_token(settings.unsubscribe_secret, member_id, scope, now)
    one_click = f"{settings.public_url}/api/v1/unsubscribe/{token}"
    context = {
        "subject": subject, "display_name": contact["display_name"], "reason": reason,
        "preferences_url": f"{settings.public_url}/preferences/notifications",
        "unsubscribe_page": one_click,  # a GET there opens the gateway's page (api/unsubscribe_page.py)
    }
    if delivery["kind"] == "digest":
        groups = {}
        for item in delivery["items"]:
            groups.setdefault(item["category"], []).append(
                {**item, "link": _absolute(settings, item.get("link"))})
        context["groups"] = [{"label": CATEGORIES[name][0], "items": items} for name, items in groups.items()]
        html, text = "digest.html", "digest.txt"
    else:
        context["message"] = delivery["message"]
        context["link"] = _absolute(settings, delivery["message"].get("link"))
        html, text = "message.html", "message.txt"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = Address(contact["display_name"], addr_spec=contact["email"])
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(idstring=hashlib.sha256(delivery["_id"].encode()).hexdigest()[:16],
                                       domain="classe12.localhost")
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{one_click}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    message["X-Classe12-Delivery"] = delivery["_id"]
    message.set_content(TEMPLATES.get_template(text).render(context))
    message.add_alternative(TEMPLATES.get_template(html).render(context), subtype="html")
    return message


def render_account(delivery: dict, mail: dict, settings: MailSettings, now: datetime) -> EmailMessage:
    """An account e-mail (community's answer `mail`: address, link): no unsubscribe, ever."""
    context = account_context(mail)
    message = EmailMessage()
    message["Subject"] = context["subject"]
    message["From"] = settings.sender
    message["To"] = Address(mail["display_name"], addr_spec=mail["email"])
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(idstring=hashlib.sha256(delivery["_id"].encode()).hexdigest()[:16],
                                       domain="classe12.localhost")
    message["Auto-Submitted"] = "auto-generated"
    message["X-Classe12-Delivery"] = delivery["_id"]
    message["X-Classe12-Account-Mail"] = delivery["purpose"]
    message.set_content(TEMPLATES.get_template("account.txt").render(context))
    message.add_alternative(TEMPLATES.get_template("account.html").render(context), subtype="html")
    return message


def _absolute(settings: MailSettings, link: str | None) -> str | None:
    return f"{settings.public_url}{link}" if link else None


class SmtpTransport:
    """One SMTP session per batch (STARTTLS and credentials when configured)."""

    def __init__(self, settings: MailSettings):
        self.settings = settings

    def __enter__(self):
        s = self.settings
        self.smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            self.smtp.ehlo()
            if s.starttls:
                self.smtp.starttls(context=ssl.create_default_context())
                self.smtp.ehlo()
            if s.username:
                self.smtp.login(s.username, s.password)
        except BaseException:
            self.smtp.close()
            raise
        return self

    def send(self, message: EmailMessage) -> None:
        self.smtp.send_message(message)

    def __exit__(self, *exc):
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()


def smtp_code(exc: BaseException) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return max(codes) if codes else None
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code
    return None  # connection refused, timeout, dropped: temporary


class Mailer:
    def __init__(self, store, settings: MailSettings, contacts: Callable[[list[str]], dict],
                 clock: Callable[[], datetime] = utcnow, transport=SmtpTransport,
                 account_mail: Callable[[str], dict] | None = None):
        self.account_mail = account_mail  # community's get_account_mail (account e-mails)
        self.store = store
        self.settings = settings
        self.contacts = contacts
        self.clock = clock
        self.transport = transport
        self.queue = DeliveryQueue(store.deliveries, "e-mail", clock)

    # --- sending -----------------------------------------------------------------------------

    def send_due(self, limit: int = 200) -> dict:
        """Send what is due, in batches; {"sent", "retried", "failed"} of this run."""
        counts = {"sent": 0, "retried": 0, "failed": 0}
        while limit > 0:
            # a mailer without community's get_account_mail (the digest command) leaves account e-mails to the service
            batch = self.queue.claim(min(BATCH, limit), None if self.account_mail else {"kind": {"$ne": "account"}})
            if not batch:
                break
            limit -= len(batch)
            try:
                contacts = self._contacts(batch)
            except AppError as exc:  # community away: try again later, no attempt counted
                log.warning("contacts not available; e-mails wait", extra={"error": repr(exc)})
                break
            self._send_batch(batch, contacts, counts)
        return counts

    def _contacts(self, batch: list[dict]) -> dict:
        """Who receives each delivery: members' addresses, and for an account e-mail community's
        answer to get_account_mail (its own address and link; `gone`: nothing to send)."""
        members = sorted({d["recipient_id"] for d in batch if d["kind"] != "account"})
        found = self.contacts(members) if members else {}
        for delivery in batch:
            if delivery["kind"] == "account":
                found[delivery["_id"]] = self.account_mail(delivery["mail_id"])
        return found

    def _message(self, delivery: dict, contacts: dict, now: datetime, counts: dict) -> EmailMessage | None:
        if delivery["kind"] == "account":
            mail = contacts[delivery["_id"]]
            if mail["status"] != "ready":
                self._dropped(delivery, counts)
                return None
            return render_account(delivery, mail, self.settings, now)
        contact = contacts.get(delivery["recipient_id"])
        if contact is None:
            self._failed(delivery, "no_address", "Adresse inconnue : le membre n'existe plus.", counts)
            return None
        return render(delivery, contact, self.settings, now)

    def _dropped(self, delivery: dict, counts: dict) -> None:
        """An account e-mail whose link was used or expired, or whose account is gone: not sent."""
        self.queue.dropped(delivery, "Plus rien à envoyer : lien utilisé ou expiré, ou compte supprimé.", counts)

    def _send_batch(self, batch: list[dict], contacts: dict, counts: dict) -> None:
        now = self.clock()
        try:
            with self.transport(self.settings) as smtp:
                for delivery in batch:
                    message = self._message(delivery, contacts, now, counts)
                    if message is None:
                        continue
                    try:
                        smtp.send(message)
                    except (smtplib.SMTPException, OSError) as exc:
                        self._attempt_failed(delivery, smtp_code(exc), repr(exc), counts)
                        if isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(exc, smtplib.SMTPException):
                            raise  # the session is gone: the rest of the batch waits for a retry
                        continue
                    self.queue.sent(delivery, "Remis au serveur SMTP.", counts)
        except (smtplib.SMTPException, OSError) as exc:  # the server is down or dropped us
            for delivery in batch:
                current = self.store.deliveries.find_one({"_id": delivery["_id"]}, {"status": 1, "attempts": 1})
                if current and current["status"] == "pending" and current["attempts"] == delivery["attempts"]:
                    self._attempt_failed(delivery, smtp_code(exc), repr(exc), counts)

    def _attempt_failed(self, delivery: dict, code: int | None, detail: str, counts: dict) -> None:
        self.queue.attempt_failed(delivery, is_temporary(code), detail, counts, code)

    def _failed(self, delivery: dict, reason: str, detail: str, counts: dict, code: int | None = None) -> None:
        self.queue.failed(delivery, reason, detail, counts, code)

    # --- digests -----------------------------------------------------------------------------

    def build_digests(self, period: str, at: date) -> int:
        """Queue one digest per member for the period ending on `at` (Paris); idempotent: its
        `_id` names period and member, so a second run (another replica) adds nothing."""
        key, start, end = digest_window(period, at)
        by_member: dict[str, list] = {}
        for item in self.store.digest_items.find({"period": period, "occurred_at": {"$gte": start, "$lt": end}},
                                                 sort=[("occurred_at", 1)]):
            by_member.setdefault(item["recipient_id"], []).append(item)
        now, created = self.clock(), 0
        members = sorted(by_member)
        for offset in range(0, len(members), 500):
            batch = members[offset:offset + 500]
            stored = self.store.preferences_of(batch)
            docs = []
            for member_id in batch:
                choices = prefs_rules.effective(stored.get(member_id))["categories"]
                items = [{"category": i["category"], "title": i["message"]["title"], "body": i["message"]["body"],
                          "link": i["message"].get("link"), "occurred_at": i["occurred_at"]}
                         for i in by_member[member_id] if choices[i["category"]]["email"] == period]
                if items:
                    docs.append({"_id": f"digest|{period}|{key}|{member_id}", "kind": "digest", "period": period,
                                 "period_key": key, "recipient_id": member_id, "category": None, "items": items,
                                 "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now,
                                 "log": []})
            if docs:
                created += self.store.add_deliveries(docs)
        log.info("digests queued", extra={"period": period, "key": key, "digests": created})
        return created

    def build_digests_once(self, db, period: str, at: date) -> bool:
        """`build_digests` under once_per_period: the timer asks every minute, one replica builds."""
        key, _, _ = digest_window(period, at)
        return once_per_period(db, f"digest-{period}", key, lambda: self.build_digests(period, at))
