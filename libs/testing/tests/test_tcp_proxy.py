"""The relay the system tests cut the broker with: every cut and restore takes effect at once."""
import socket
from urllib.parse import urlsplit

from classe12_testing.tcp_proxy import TcpProxy


def closed(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def test_every_cut_and_restore_takes_effect(broker_uri):
    parts = urlsplit(broker_uri)
    proxy = TcpProxy(parts.hostname, parts.port or 5672).start()
    try:
        for _ in range(100):  # a signal landing on a relay thread once stalled a cut until the next one
            held = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
            proxy.cut()
            held.settimeout(10)
            assert closed(held)  # the open connection, relayed or still in the backlog, is closed by the cut
            held.close()
            proxy.restore()
    finally:
        proxy.stop()
    assert proxy.process.returncode == 0
