"""Web Push cryptography: the message encryption of RFC 8291 (aes128gcm content coding of
RFC 8188, one record) and the VAPID authorisation of RFC 8292 (an ES256 JWT).

Keys travel as base64url without padding, as browsers give them: a subscription's `p256dh` is
the uncompressed P-256 point of the browser (65 bytes, starting 0x04) and `auth` its 16-byte
secret; the application server's (VAPID) private key is the 32-byte P-256 scalar, its public
key the 65-byte point the web client passes to `pushManager.subscribe({applicationServerKey})`.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import time
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

#: RFC 8291 section 4: a single record of 4096 octets at most
RECORD_SIZE = 4096
#: the largest plaintext one record holds (4096 - 16 tag - 1 delimiter - 86 header)
MAX_PLAINTEXT = RECORD_SIZE - 16 - 1 - 86
#: a VAPID JWT lives 12 hours (RFC 8292: at most 24 hours)
JWT_SECONDS = 12 * 3600
P256_ORDER = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    """Strict base64url (padding optional); ValueError otherwise."""
    if not isinstance(text, str) or any(c in text for c in "+/ \n"):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def public_point(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def load_point(raw: bytes) -> ec.EllipticCurvePublicKey:
    """A P-256 public key from its uncompressed point; ValueError when it is not one on the curve."""
    if len(raw) != 65 or raw[0] != 4:
        raise ValueError("not an uncompressed P-256 point")
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)


def private_key_from_scalar(raw: bytes) -> ec.EllipticCurvePrivateKey:
    if len(raw) != 32:
        raise ValueError("a P-256 private key is 32 bytes")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def scalar_of(private_key: ec.EllipticCurvePrivateKey) -> bytes:
    return private_key.private_numbers().private_value.to_bytes(32, "big")


def derived_private_key(secret: str) -> ec.EllipticCurvePrivateKey:
    """A stable key pair derived from a platform secret (the local stack and tests: no key to manage)."""
    digest = hashlib.sha256(b"classe12-vapid|" + secret.encode()).digest()
    return ec.derive_private_key(int.from_bytes(digest, "big") % (P256_ORDER - 1) + 1, ec.SECP256R1())


def generate_key_pair() -> tuple[str, str]:
    """(private, public) base64url: what `classe12-notifications vapid-keys` prints."""
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(scalar_of(key)), b64url(public_point(key.public_key()))


# --- RFC 8291: message encryption ------------------------------------------------------------

def encrypt(plaintext: bytes, ua_public: bytes, auth_secret: bytes,
            as_private: ec.EllipticCurvePrivateKey | None = None, salt: bytes | None = None) -> bytes:
    """The aes128gcm body of a push message for one subscription (one record, no padding).
    `as_private` and `salt` are fresh per message; tests pass the RFC's to get its bytes."""
    if len(plaintext) > MAX_PLAINTEXT:
        raise ValueError(f"a push message holds at most {MAX_PLAINTEXT} bytes")
    if len(auth_secret) != 16:
        raise ValueError("the auth secret is 16 bytes")
    as_private = as_private or ec.generate_private_key(ec.SECP256R1())
    salt = salt if salt is not None else os.urandom(16)
    as_public = public_point(as_private.public_key())
    ecdh_secret = as_private.exchange(ec.ECDH(), load_point(ua_public))
    # HKDF-Extract(auth_secret, ecdh_secret), HKDF-Expand(PRK_key, key_info, 32)
    prk_key = _hmac(auth_secret, ecdh_secret)
    ikm = _hmac(prk_key, b"WebPush: info\x00" + ua_public + as_public + b"\x01")
    # RFC 8188: HKDF-Extract(salt, IKM), then the key and the nonce
    prk = _hmac(salt, ikm)
    cek = _hmac(prk, b"Content-Encoding: aes128gcm\x00\x01")[:16]
    nonce = _hmac(prk, b"Content-Encoding: nonce\x00\x01")[:12]
    header = salt + struct.pack("!IB", RECORD_SIZE, len(as_public)) + as_public
    return header + AESGCM(cek).encrypt(nonce, plaintext + b"\x02", None)  # 0x02: the last record


# --- RFC 8292: VAPID ---------------------------------------------------------------------------

def audience(endpoint: str) -> str:
    """The origin of the push service: the JWT's `aud`."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def vapid_jwt(private_key: ec.EllipticCurvePrivateKey, endpoint: str, subject: str,
              now: float | None = None) -> str:
    header = b64url(json.dumps({"typ": "JWT", "alg": "ES256"}, separators=(",", ":")).encode())
    claims = {"aud": audience(endpoint), "exp": int((now or time.time()) + JWT_SECONDS), "sub": subject}
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    der = private_key.sign(f"{header}.{body}".encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return f"{header}.{body}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def vapid_authorization(private_key: ec.EllipticCurvePrivateKey, endpoint: str, subject: str,
                        now: float | None = None) -> str:
    """The `Authorization` header of RFC 8292 section 3: `vapid t=<JWT>, k=<public key>`."""
    key = b64url(public_point(private_key.public_key()))
    return f"vapid t={vapid_jwt(private_key, endpoint, subject, now)}, k={key}"
