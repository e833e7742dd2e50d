"""Live updates of the notifications inbox: Server-Sent Events served by an asyncio process.

The gateway's gunicorn threads must never wait on a long-lived connection, so the stream
`GET /api/v1/notifications/stream` is served by this separate process (aiohttp), on the same
origin (an ingress, or `make up`'s pass-through, routes that path here). It authenticates with
the gateway's tokens (`tokens.TokenIssuer`): a stream ticket (`?ticket=`, from
`POST /api/v1/notifications/stream-ticket`) for browsers, whose EventSource cannot send headers,
or an access token in `Authorization`. It consumes `notifications.inbox_changed` with one
exclusive queue per process (inbox.py) and fans each event out to the member's open streams
(hub.py). Design: docs/decisions.md 34.
"""
