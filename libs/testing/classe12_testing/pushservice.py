"""A real local Web Push service for the tests: what a browser's push service does with the
messages of an application server, checked as strictly as the RFCs say.

- `PushServer.subscribe(application_server_key)` plays the browser: it generates the
  subscription's P-256 key pair and 16-byte auth secret, and returns the Push API subscription
  JSON (`endpoint`, `keys.p256dh`, `keys.auth`) to give the application server;
- a `POST /push/<token>` is accepted (201) only with `Content-Encoding: aes128gcm`, a `TTL`, and
  `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292) where `k` is the subscription's
  application server key, the ES256 signature verifies with it, `aud` is this server's origin,
  `exp` is in the future and at most 24 hours ahead, and `sub` is a mailto: or https: URI;
  the body is decrypted (RFC 8291 / RFC 8188) with the subscription's private key;
- each accepted message is kept as JSON (`messages()`), each refused one with its reason
  (`rejections()`); `answer(subscription, 410)` makes the endpoint answer that status (410 Gone:
  the subscription expired; 500 or 429: retry later) until `answer(subscription, None)`.

It runs in its own process (like the SMTP server), its state in a folder:

    python -m classe12_testing.pushservice --port 8090 --dir var/push
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


class Refused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


# --- the user agent's side of RFC 8291 and the push service's check of RFC 8292 ----------------

def decrypt(body: bytes, ua_private: ec.EllipticCurvePrivateKey, auth_secret: bytes) -> bytes:
    """RFC 8291 section 3.4 / RFC 8188: a single-record aes128gcm message."""
    if len(body) < 21 + 65 + 17:
        raise Refused(400, "message too short for an aes128gcm header")
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    if id_length != 65:
        raise Refused(400, f"keyid of {id_length} bytes, expected the 65-byte sender key")
    as_public = body[21:86]
    ciphertext = body[86:]
    if len(ciphertext) > record_size:
        raise Refused(400, "more than one record")
    ua_public = _point(ua_private.public_key())
    sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), as_public)
    ecdh_secret = ua_private.exchange(ec.ECDH(), sender)
    ikm = _hmac(_hmac(auth_secret, ecdh_secret), b"WebPush: info\x00" + ua_public + as_public + b"\x01")
    prk = _hmac(salt, ikm)
    cek = _hmac(prk, b"Content-Encoding: aes128gcm\x00\x01")[:16]
    nonce = _hmac(prk, b"Content-Encoding: nonce\x00\x01")[:12]
    try:
        padded = AESGCM(cek).decrypt(nonce, ciphertext, None)
    except Exception:  # noqa: BLE001 (InvalidTag: wrong keys or altered bytes)
        raise Refused(400, "decryption failed (aes128gcm tag)") from None
    plaintext = padded.rstrip(b"\x00")
    if not plaintext.endswith(b"\x02"):
        raise Refused(400, "the last record has no 0x02 delimiter")
    return plaintext[:-1]


def check_vapid(authorization: str, expected_key: str, origin: str, now: float | None = None) -> dict:
    """The JWT's claims when `authorization` is a valid RFC 8292 header for this push service."""
    scheme, _, params = (authorization or "").partition(" ")
    if scheme.lower() != "vapid":
        raise Refused(401, "no vapid authorization")
    fields = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part)
    token, key = fields.get("t", ""), fields.get("k", "")
    if key != expected_key:
        raise Refused(403, "k is not the application server key of the subscription")
    try:
        header_b64, claims_b64, signature_b64 = token.split(".")
        header, claims = json.loads(unb64url(header_b64)), json.loads(unb64url(claims_b64))
        signature = unb64url(signature_b64)
    except ValueError:
        raise Refused(401, "malformed JWT") from None
    if header.get("alg") != "ES256" or len(signature) != 64:
        raise Refused(401, "not an ES256 JWT")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise Refused(403, "bad JWT signature") from None
    now = now or time.time()
    if claims.get("aud") != origin:
        raise Refused(403, f"aud {claims.get('aud')!r} is not {origin!r}")
    if not isinstance(claims.get("exp"), int) or not now < claims["exp"] <= now + 24 * 3600:
        raise Refused(403, "exp missing, past or more than 24 hours ahead")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise Refused(403, "sub is not a mailto: or https: URI")
    return claims


# --- the server --------------------------------------------------------------------------------

class Folder:
    """The server's state: subscriptions/<token>.json, answers/<token>, messages/, rejections/."""

    def __init__(self, root: Path):
        self.root = Path(root)
        for name in ("subscriptions", "answers", "messages", "rejections"):
            (self.root / name).mkdir(parents=True, exist_ok=True)

    def keep(self, kind: str, record: dict) -> None:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        partial = self.root / kind / f".{name}.tmp"
        partial.write_text(json.dumps(record), encoding="utf-8")
        partial.rename(self.root / kind / f"{name}.json")

    def read(self, kind: str) -> list[dict]:
        return [json.loads(path.read_text(encoding="utf-8")) for path in sorted((self.root / kind).glob("*.json"))]


def handler_for(folder: Folder, origin: str):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: the folder is the record
            pass

        def do_POST(self):  # noqa: N802 (http.server's name)
            token = self.path.rsplit("/", 1)[-1]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                status = self._accept(token, body)
            except Refused as refused:
                folder.keep("rejections", {"token": token, "status": refused.status, "reason": refused.reason})
                status = refused.status
            self.send_response(status)
            self.send_header("Content-Length", "0")
            if status == 429:
                self.send_header("Retry-After", "1")
            self.end_headers()

        def _accept(self, token: str, body: bytes) -> int:
            path = folder.root / "subscriptions" / f"{token}.json"
            if not path.exists():
                raise Refused(404, "unknown subscription")
            forced = folder.root / "answers" / token
            if forced.exists():
                return int(forced.read_text(encoding="utf-8").strip())
            subscription = json.loads(path.read_text(encoding="utf-8"))
            claims = check_vapid(self.headers.get("Authorization", ""), subscription["application_server_key"], origin)
            if self.headers.get("Content-Encoding") != "aes128gcm":
                raise Refused(415, "Content-Encoding is not aes128gcm")
            if not (self.headers.get("TTL") or "").isdigit():
                raise Refused(400, "no TTL")
            private = ec.derive_private_key(int.from_bytes(unb64url(subscription["private_key"]), "big"),
                                            ec.SECP256R1())
            plaintext = decrypt(body, private, unb64url(subscription["auth"]))
            folder.keep("messages", {"token": token, "payload": json.loads(plaintext), "claims": claims,
                                     "ttl": int(self.headers["TTL"]), "urgency": self.headers.get("Urgency")})
            return 201

    return Handler


def serve(host: str, port: int, root: Path) -> None:
    server = ThreadingHTTPServer((host, port), handler_for(Folder(root), f"http://{host}:{port}"))
    print(f"push service on http://{host}:{port}/push/, state in {root}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


class PushServer:
    """The push service in a subprocess on a free port; the browser's side in `subscribe`."""

    def __init__(self, folder: Path, port: int | None = None):
        from .servers import free_port

        self.folder = Folder(folder)
        self.port = port or free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "PushServer":
        from .servers import start_listening

        self.process = start_listening([sys.executable, "-m", "classe12_testing.pushservice", "--port",
                                        str(self.port), "--dir", str(self.folder.root)],
                                       self.port, self.folder.root.with_suffix(".log"))
        return self

    def stop(self) -> None:
        from .servers import stop_process

        stop_process(self.process)
        self.process = None

    def subscribe(self, application_server_key: str) -> dict:
        """What `pushManager.subscribe({applicationServerKey})` gives a web client: a new key
        pair and auth secret (kept here to decrypt), and the subscription JSON."""
        private = ec.generate_private_key(ec.SECP256R1())
        auth = b64url(uuid.uuid4().bytes)
        token = uuid.uuid4().hex
        record = {"token": token, "application_server_key": application_server_key, "auth": auth,
                  "private_key": b64url(private.private_numbers().private_value.to_bytes(32, "big"))}
        (self.folder.root / "subscriptions" / f"{token}.json").write_text(json.dumps(record), encoding="utf-8")
        return {"endpoint": f"{self.origin}/push/{token}", "expirationTime": None,
                "keys": {"p256dh": b64url(_point(private.public_key())), "auth": auth}}

    @staticmethod
    def token_of(subscription: dict) -> str:
        return subscription["endpoint"].rsplit("/", 1)[-1]

    def answer(self, subscription: dict, status: int | None) -> None:
        """Answer `status` to every message of this subscription (410: it expired), or accept again."""
        path = self.folder.root / "answers" / self.token_of(subscription)
        if status is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(str(status), encoding="utf-8")

    def messages(self, subscription: dict | None = None) -> list[dict]:
        """The decrypted messages received (oldest first), of one subscription or all."""
        token = self.token_of(subscription) if subscription else None
        return [m for m in self.folder.read("messages") if token in (None, m["token"])]

    def rejections(self) -> list[dict]:
        return self.folder.read("rejections")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Service Web Push local qui vérifie et déchiffre les messages.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--dir", type=Path, default=Path("var/push"))
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.dir)


if __name__ == "__main__":
    main()
