"""A TCP relay the system tests put between the platform and RabbitMQ, to cut the broker
off (open connections reset, new ones refused) and bring it back, without touching the
machine's broker that other runs may share.

The relay runs in its own process (plain threads): the test process runs under eventlet's
monkey patch, where closing sockets that other green threads read from is not safe.
Control: SIGUSR1 cuts, SIGUSR2 restores.
"""
from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import threading
import time

from .servers import free_port, stop_process


class TcpProxy:
    """Controller used by the tests; the relay itself is `python -m ...tcp_proxy`."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> "TcpProxy":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "classe12_testing.tcp_proxy", "--listen", str(self.port),
             "--target", f"{self.target[0]}:{self.target[1]}"])
        self._wait_accepting(True)
        return self

    def _accepting(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def _wait_accepting(self, expected: bool, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while self._accepting() != expected:
            if time.monotonic() > deadline:
                raise TimeoutError(f"relay on {self.port} did not become accepting={expected}")
            time.sleep(0.05)

    def cut(self) -> None:
        """The broker is gone: refuse new connections and reset the open ones."""
        self.process.send_signal(signal.SIGUSR1)
        self._wait_accepting(False)

    def restore(self) -> None:
        self.process.send_signal(signal.SIGUSR2)
        self._wait_accepting(True)

    def stop(self) -> None:
        stop_process(self.process)


class _Relay:
    def __init__(self, port: int, target: tuple[str, int]):
        self.port = port
        self.target = target
        self.server: socket.socket | None = None
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()

    def listen(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(128)
        with self.lock:
            self.server = server
        threading.Thread(target=self._accept_loop, args=(server,), daemon=True).start()

    def _accept_loop(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return  # closed by cut()
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                relayed = self.server is server  # not cut while this one was being set up
                if relayed:
                    self.connections.update((client, upstream))
            if not relayed:
                client.close()
                upstream.close()
                return
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            self._reset(sock)
        source.close()  # each socket is the source of exactly one pump

    def _reset(self, sock: socket.socket) -> None:
        with self.lock:
            self.connections.discard(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cut(self) -> None:
        with self.lock:
            server, self.server = self.server, None
            connections = list(self.connections)
        if server is not None:
            # shutdown first: a bare close() leaves the socket listening (and accepting one
            # more connection) for as long as the accept loop's thread is blocked on it
            try:
                server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            server.close()
        for sock in connections:
            self._reset(sock)

    def restore(self) -> None:
        if self.server is None:
            self.listen()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", required=True)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    relay = _Relay(args.listen, (host, int(port)))
    # The signals are blocked in every thread (threads inherit the mask) and taken synchronously
    # here: with handlers and signal.pause(), a signal the kernel delivered to a relay thread left
    # the main thread paused, so a cut or a restore waited for the next signal.
    controls = {signal.SIGUSR1: relay.cut, signal.SIGUSR2: relay.restore}
    signal.pthread_sigmask(signal.SIG_BLOCK, {*controls, signal.SIGTERM})
    relay.listen()
    while (received := signal.sigwait({*controls, signal.SIGTERM})) != signal.SIGTERM:
        controls[received]()


if __name__ == "__main__":
    main()
