"""A real local SMTP server (aiosmtpd) that keeps every mail it receives as a `.eml` file:
`make up` runs it so that the platform's e-mails can be read under var/mail/, the tests run it
to read what was sent.

    python -m classe12_testing.mailbox --port 8025 --dir var/mail

To test failures, write an SMTP reply in `<dir>/.reply` (e.g. `451 4.3.0 Réessayez plus tard`
or `550 5.1.1 Boîte inconnue`): every message is then refused with it until the file is removed.
Runs in its own process (asyncio), never inside an eventlet-patched one.
"""
from __future__ import annotations

import argparse
import email
import email.policy
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPLY_FILE = ".reply"


class Keeper:
    """aiosmtpd handler: store each message as <time>-<uuid>.eml (written then renamed)."""

    def __init__(self, folder: Path):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        forced = self.folder / REPLY_FILE
        if forced.exists():
            return forced.read_text(encoding="utf-8").strip()
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        partial = self.folder / f".{name}.tmp"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.folder / f"{name}.eml")
        return "250 Message accepted for delivery"


def serve(host: str, port: int, folder: Path) -> None:
    from aiosmtpd.controller import Controller

    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(Keeper(folder), hostname=host, port=port)
    controller.start()
    print(f"SMTP server on {host}:{port}, mails kept in {folder}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


def read_mails(folder: Path) -> list[email.message.EmailMessage]:
    """Every mail kept in `folder`, oldest first."""
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(Path(folder).glob("*.eml"))]


class MailServer:
    """The server in a subprocess, on a free port; `mails()` reads what it received."""

    def __init__(self, folder: Path, port: int | None = None, log_path: Path | None = None):
        from .servers import free_port

        self.folder = Path(folder)
        self.port = port or free_port()
        self.log_path = log_path or self.folder.with_suffix(".log")
        self.process: subprocess.Popen | None = None

    def start(self) -> "MailServer":
        from .servers import start_listening

        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = start_listening([sys.executable, "-m", "classe12_testing.mailbox", "--port", str(self.port),
                                        "--dir", str(self.folder)], self.port, self.log_path)
        return self

    def stop(self) -> None:
        from .servers import stop_process

        stop_process(self.process)
        self.process = None

    def mails(self) -> list[email.message.EmailMessage]:
        return read_mails(self.folder)

    def refuse_with(self, reply: str | None) -> None:
        """Refuse every message with `reply` (e.g. "451 ..."), or accept them again (None)."""
        path = self.folder / REPLY_FILE
        if reply is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(reply, encoding="utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Serveur SMTP local qui garde les courriels reçus.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", type=Path, default=Path("var/mail"))
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.dir)


if __name__ == "__main__":
    main()
