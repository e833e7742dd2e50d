"""Start and stop the real servers the tests use: SecantusDB and a RabbitMQ vhost per run."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(host: str, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


def stop_process(process: subprocess.Popen | None) -> None:
    """Terminate a server started by the tests and reap it (killed if it ignores SIGTERM for 10 s)."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_listening(args: list[str], port: int, log_path: Path) -> subprocess.Popen:
    """Start a server process (output appended to `log_path`) and wait until it listens on
    `port`; if it does not, it is stopped before the error goes up: never a server left behind."""
    log = open(log_path, "ab")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port("127.0.0.1", port)
    except BaseException:
        stop_process(process)
        raise
    return process


def secantus_command() -> list[str]:
    exe = shutil.which("secantusd-py") or str(Path(sys.executable).with_name("secantusd-py"))
    if not Path(exe).exists():
        raise RuntimeError("secantusd-py not found: pip install -c constraints.txt secantusdb "
                           "(or set TEST_MONGO_URI to a MongoDB replica set)")
    return [exe]


class MongoServer:
    """A SecantusDB server on a free port (data in `storage`), restartable on the same port."""

    def __init__(self, storage: Path, port: int | None = None, log_path: Path | None = None):
        self.storage = Path(storage)
        self.port = port or free_port()
        self.log_path = log_path or self.storage.with_suffix(".log")
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/"

    def start(self) -> "MongoServer":
        self.storage.mkdir(parents=True, exist_ok=True)
        self.process = start_listening(
            secantus_command() + ["--host", "127.0.0.1", "--port", str(self.port),
                                  "--storage-path", str(self.storage), "--sync-on-commit",
                                  "--log-level", "WARNING"], self.port, self.log_path)
        try:
            import pymongo  # imported late: see plugin.py
            client = pymongo.MongoClient(self.uri, serverSelectionTimeoutMS=20000)
            client.admin.command("ping")
            client.close()
        except BaseException:
            self.stop()  # never leave a server behind
            raise
        return self

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


class RabbitVhost:
    """A private vhost on the machine's broker so parallel runs never share queues."""

    def __init__(self, base_uri: str | None = None):
        self.base_uri = (base_uri or os.environ.get("TEST_AMQP_URI")
                         or "amqp://guest:guest@127.0.0.1:5672/").rstrip("/")
        self.name = f"c12-test-{uuid.uuid4().hex[:10]}"
        self.created = False

    @property
    def uri(self) -> str:
        return f"{self.base_uri}/{self.name}" if self.created else self.base_uri + "/"

    def create(self) -> "RabbitVhost":
        if shutil.which("rabbitmqctl") is None:
            return self  # remote broker: share its default vhost
        _rabbitmqctl("add_vhost", self.name)
        _rabbitmqctl("set_permissions", "-p", self.name, "guest", ".*", ".*", ".*")
        self.created = True
        return self

    def delete(self) -> None:
        if self.created:
            _rabbitmqctl("delete_vhost", self.name)
            self.created = False
