"""Signed, short-lived bearer tokens (JWT HS256) for one session of a member.

- access token: `sub` (member), `roles`, `sid` (the session), `iat` (to the millisecond), `ev`
  (the member's address is confirmed: they may publish; a community that does not say, contract
  before 2.4, verifies nobody and holds nobody back), 15 min;
- refresh token: `sub`, `sid` and `tid`, the session's current token id in community, which
  replaces it at each refresh (a replayed refresh token revokes the session there).
"""
from __future__ import annotations

import time
import uuid
from datetime import datetime

import jwt

from classe12_contracts.errors import AppError

ISSUER = "classe12"
ALGORITHM = "HS256"


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
