"""MongoDB access: one MongoClient per process, transactions, storage errors."""
from __future__ import annotations

import threading
from typing import Callable

import pymongo
from bson import ObjectId
from bson.errors import InvalidId
from pymongo.errors import ConnectionFailure, PyMongoError

from .config import load_settings

_clients: dict[str, pymongo.MongoClient] = {}
_lock = threading.Lock()

#: pymongo errors that mean "the database cannot be reached now" (retry later).
UNAVAILABLE_ERRORS = (ConnectionFailure,)


def client(uri: str | None = None) -> pymongo.MongoClient:
    """The process-wide client for `uri` (MONGO_URI by default); created on first use."""
    settings = load_settings()
    uri = uri or settings.mongo_uri
    with _lock:
        if uri not in _clients:
            _clients[uri] = pymongo.MongoClient(
                uri,
                tz_aware=True,
                serverSelectionTimeoutMS=settings.mongo_timeout_ms,
                connectTimeoutMS=settings.mongo_timeout_ms,
                socketTimeoutMS=max(settings.mongo_timeout_ms * 5, 10000),
                appname="classe12",
            )
        return _clients[uri]


def database(service: str, uri: str | None = None):
    return client(uri)[load_settings().database_name(service)]


def run_in_transaction(db, work: Callable):
    """Run work(session) in a multi-document transaction (replica set or SecantusDB)."""
    with db.client.start_session() as session:
        return session.with_transaction(work)


def ping(db) -> bool:
    try:
        db.command("ping")
        return True
    except PyMongoError:
        return False


def object_id(value) -> ObjectId | None:
    """The ObjectId written as `value` (24 hex characters), or None when it is not one."""
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None
