"""What a team might build instead of microservices: one Flask process reading MongoDB directly.

Serves the same query as the gateway's GET /api/v1/resources (published resources, newest
first, without body) from the same database, for bench/gateway.py only.
"""
import os
from datetime import datetime

import pymongo
from bson import ObjectId
from flask import Flask, jsonify, request

FIELDS = ("title", "summary", "kind", "levels", "topics", "status", "author_id", "created_at",
          "updated_at", "published_at", "published_by")


def _view(doc: dict) -> dict:
    item = {"id": str(doc["_id"])}
    for key in FIELDS:
        value = doc.get(key)
        if isinstance(value, datetime):
            value = value.isoformat(timespec="milliseconds")
        elif isinstance(value, ObjectId):
            value = str(value)
        item[key] = value
    return item


def create_app():
    client = pymongo.MongoClient(os.environ["MONGO_URI"], tz_aware=True)
    resources = client[os.environ["RESOURCES_DB"]]["resources"]
    app = Flask(__name__)

    @app.get("/api/v1/resources")
    def list_resources():
        limit = min(max(int(request.args.get("limit", 20)), 1), 100)
        # the query and the index (published_list) of the resources service
        docs = list(resources.find({"status": "published", "list_tags": "*"}, {"body": 0, "list_tags": 0})
                    .sort("list_key", -1).limit(limit + 1))
        items = [_view(doc) for doc in docs[:limit]]
        return jsonify({"items": items, "next_cursor": items[-1]["id"] if len(docs) > limit else None})

    return app
