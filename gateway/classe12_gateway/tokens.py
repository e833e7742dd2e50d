"""Signed, short-lived bearer tokens (JWT HS256): an access token and a refresh token."""
from __future__ import annotations

import time
import uuid

import jwt

from classe12_contracts.errors import AppError

ISSUER = "classe12"
ALGORITHM = "HS256"


class InvalidToken(AppError):
    status = 401
    code = "invalid_token"
    default_message = "Jeton d'accès manquant, invalide ou expiré. Reconnectez-vous."


class TokenIssuer:
    def __init__(self, secret: str, access_ttl: int, refresh_ttl: int):
        self.secret = secret
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl

    def _encode(self, member: dict, kind: str, ttl: int) -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "sub": member["id"], "roles": list(member["roles"]), "typ": kind,
                  "iat": now, "exp": now + ttl, "jti": uuid.uuid4().hex}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def issue(self, member: dict) -> dict:
        return {
            "access_token": self._encode(member, "access", self.access_ttl),
            "refresh_token": self._encode(member, "refresh", self.refresh_ttl),
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
