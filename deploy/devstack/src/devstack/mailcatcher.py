"""A tiny SMTP catcher (aiosmtpd) that keeps mails in memory and saves them as .eml files.

Standalone: ``python -m devstack.mailcatcher --port 1025 --dir var/mail``.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import itertools
import threading
import time
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, Session

from devstack import supervise
from devstack.ports import LOOPBACK, free_port


def _accept_any_login(*_args: Any) -> AuthResult:
    """Accept every AUTH attempt, so services configured with credentials still work."""
    return AuthResult(success=True)


class MailCatcher:
    """SMTP server on ``host:port`` (free port by default) that accepts every mail.

    No TLS: configure senders with ``SMTP_STARTTLS=false``. AUTH is offered without TLS
    and accepts any credentials.
    """

    def __init__(
        self, directory: Path | None = None, *, host: str = LOOPBACK, port: int | None = None
    ) -> None:
        """Configure the catcher; ``directory`` (optional) receives one .eml per mail."""
        self.directory = Path(directory) if directory else None
        self.host = host
        self.port = port or free_port(host)
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._changed = threading.Condition()
        self._seq = itertools.count(1)
        self._controller: Controller | None = None

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:
        """aiosmtpd hook: store the mail in memory and (optionally) on disk."""
        raw = envelope.original_content or b""
        message = cast(EmailMessage, email.message_from_bytes(raw, policy=email.policy.default))
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{next(self._seq):05d}.eml"
            (self.directory / name).write_bytes(raw)
        with self._changed:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from or "", list(envelope.rcpt_tos)))
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def start(self) -> MailCatcher:
        """Start serving in a background thread."""
        if self._controller is None:
            self._controller = Controller(
                self,
                hostname=self.host,
                port=self.port,
                ready_timeout=10,
                authenticator=_accept_any_login,
                auth_require_tls=False,
            )
            self._controller.start()
        return self

    def stop(self) -> None:
        """Stop serving (received messages stay available)."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def clear(self) -> None:
        """Forget the messages received so far (files on disk are kept)."""
        with self._changed:
            self.messages.clear()
            self.envelopes.clear()

    def wait_for_messages(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """Block until at least ``count`` messages arrived; raise TimeoutError otherwise."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.messages) >= count, timeout):
                raise TimeoutError(f"expected {count} mail(s), got {len(self.messages)}")
            return list(self.messages)

    async def await_messages(
        self,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[EmailMessage]:
        """Async variant of :meth:`wait_for_messages` (does not block the event loop)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {count} mail(s), got {len(self.messages)}")
            await asyncio.sleep(0.05)
        return list(self.messages)

    def __enter__(self) -> MailCatcher:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """Run the catcher in the foreground until Ctrl-C / SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m devstack.mailcatcher")
    parser.add_argument("--host", default=LOOPBACK)
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", type=Path, default=Path("var/mail"))
    args = parser.parse_args(argv)
    supervise.interrupt_on_signals()
    catcher = MailCatcher(args.dir, host=args.host, port=args.port)
    try:
        catcher.start()
        print(f"mail catcher on smtp://{catcher.host}:{catcher.port}, saving to {args.dir}")
        seen = 0
        while True:
            time.sleep(0.5)
            for msg in catcher.messages[seen:]:
                print(f"  mail to {msg['To']}: {msg['Subject']}", flush=True)
            seen = len(catcher.messages)
    except KeyboardInterrupt:
        pass
    finally:
        supervise.ignore_signals()
        catcher.stop()


if __name__ == "__main__":
    main()
