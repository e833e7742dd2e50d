"""Signed, short-lived bearer tokens (JWT HS256) for one session of a member.

- access token: `sub` (member), `roles`, `sid` (the session), `iat` (to the millisecond), `ev`
  (the member's address is confirmed: they may publish; a community that does not say, contract
  before 2.4, verifies nobody and holds nobody back), 15 min;
- refresh token: `sub`, `sid` and `tid`, the session's current token id in community, which
  replaces it at each refresh (a replayed refresh token revokes the session there);
- stream ticket: `sub`, `roles`, `sid`, 60 s: what a browser's EventSource (which cannot send
  an Authorization header) puts in the live stream's address (`?ticket=`), instead of the
  access token itself (addresses end up in logs and histories).
"""
from __future__ import annotations

import time
import uuid
from datetime import datetime

import jwt

from classe12_contracts.errors import AppError

ISSUER = "classe12"
ALGORITHM = "HS256"
STREAM_TICKET_TTL = 60


class InvalidToken(AppError):
    status = 401
    code = "invalid_token"
    default_message = "Jeton d'accès manquant, invalide ou expiré. Reconnectez-vous."


class TokenIssuer:
    def __init__(self, secret: str, access_ttl: int):
        self.secret = secret
        self.access_ttl = access_ttl

    def _encode(self, claims: dict) -> str:
        return jwt.encode({"iss": ISSUER, "jti": uuid.uuid4().hex, **claims}, self.secret, algorithm=ALGORITHM)

    def issue(self, signed_in: dict) -> dict:
        """Tokens for {member, session} as community's authenticate or refresh_session answers."""
        member, session = signed_in["member"], signed_in["session"]
        now = round(time.time(), 3)
        expires = datetime.fromisoformat(session["expires_at"]).timestamp()
        return {
            "access_token": self._encode({"sub": member["id"], "roles": list(member["roles"]), "typ": "access",
                                          "ev": bool(member.get("email_verified", True)),
                                          "sid": session["id"], "iat": now, "exp": int(now) + self.access_ttl}),
            "refresh_token": self._encode({"sub": member["id"], "typ": "refresh", "sid": session["id"],
                                           "tid": session["token_id"], "iat": now, "exp": int(expires)}),
            "token_type": "Bearer",
            "expires_in": self.access_ttl,
        }

    def stream_ticket(self, access_claims: dict) -> dict:
        """A ticket opening the live stream (classe12_gateway.live) for the member of a checked
        access token; it opens a stream for a minute, the stream lasts at most `access_ttl`."""
        now = round(time.time(), 3)
        ticket = self._encode({"sub": access_claims["sub"], "roles": list(access_claims.get("roles") or ()),
                               "typ": "stream", "sid": access_claims.get("sid"), "iat": now,
                               "exp": int(now) + STREAM_TICKET_TTL})
        return {"ticket": ticket, "expires_in": STREAM_TICKET_TTL}

    def verify(self, token: str, kind: str) -> dict:
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM], issuer=ISSUER,
                                options={"require": ["exp", "iat", "sub", "typ"]})
        except jwt.ExpiredSignatureError:
            raise InvalidToken("Votre session a expiré. Reconnectez-vous.") from None
        except jwt.PyJWTError:
            raise InvalidToken() from None
        if claims.get("typ") != kind:
            raise InvalidToken()
        return claims
