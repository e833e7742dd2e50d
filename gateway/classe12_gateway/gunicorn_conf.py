"""gunicorn settings: threaded workers, no eventlet (see ARCHITECTURE.md)."""
from classe12_gateway.contracts import SERVICES
from classe12_gateway.settings import gateway_threads
from classe12_runtime.config import env, env_float

bind = env("GATEWAY_BIND", "127.0.0.1:8000")
workers = int(env_float("GATEWAY_WORKERS", 2))
threads = gateway_threads(len(SERVICES))  # every bulkhead full still leaves threads free
worker_class = "gthread"
timeout = 60
graceful_timeout = 10
keepalive = 5
accesslog = None  # the app logs one JSON line per request
errorlog = "-"
# the gateway answers a too-long address itself, in the documented format (limits.py);
# 0 lifts gunicorn's 4 KiB limit (it still stops a request line at 1 MiB)
limit_request_line = 0
