"""gunicorn settings: threaded workers, no eventlet (see ARCHITECTURE.md)."""
from classe12_runtime.config import env, env_float

bind = env("GATEWAY_BIND", "127.0.0.1:8000")
workers = int(env_float("GATEWAY_WORKERS", 2))
threads = int(env_float("GATEWAY_THREADS", 8))
worker_class = "gthread"
timeout = 60
graceful_timeout = 10
keepalive = 5
accesslog = None  # the app logs one JSON line per request
errorlog = "-"
