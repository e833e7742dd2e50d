"""E-mail addresses as one account knows them: `Anne.Martin@École.fr` and
`anne.martin@xn--cole-9oa.fr` are the same address (NFKC, lowercase, IDNA domain)."""
from __future__ import annotations

import unicodedata

import idna

from classe12_contracts.errors import Invalid

INVALID = Invalid(fields={"email": ["Adresse e-mail invalide."]})


def normalise_email(email: str) -> str:
    text = unicodedata.normalize("NFKC", email or "").strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise Invalid(fields=INVALID.fields)
    try:
        ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise Invalid(fields=INVALID.fields) from None
    return f"{local}@{ascii_domain}"


def same_address_or_none(email: str) -> str | None:
    """normalise_email, or None for what cannot be an address (sign-in: just a wrong login)."""
    try:
        return normalise_email(email)
    except Invalid:
        return None
