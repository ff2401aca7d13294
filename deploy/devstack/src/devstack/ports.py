"""Free loopback ports and simple TCP readiness checks."""

from __future__ import annotations

import contextlib
import socket
import time

LOOPBACK = "127.0.0.1"


def free_ports(count: int, host: str = LOOPBACK) -> list[int]:
    """Return ``count`` distinct TCP ports that are currently free on ``host``.

    All sockets are held open until every port is chosen, so the ports are distinct.
    As with any such helper there is a small race until the caller binds them.
    """
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((host, 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port(host: str = LOOPBACK) -> int:
    """Return one TCP port that is currently free on ``host``."""
    return free_ports(1, host)[0]


def is_port_free(port: int, host: str = LOOPBACK) -> bool:
    """Return True if a server could listen on ``port`` right now.

    Uses SO_REUSEADDR like Java, PostgreSQL and uvicorn do, so connections lingering in
    TIME_WAIT after a killed server do not count as "in use".
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def port_accepts(port: int, host: str = LOOPBACK, timeout: float = 0.5) -> bool:
    """Return True if something accepts TCP connections on ``host:port``."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout):
        return True
    return False


def wait_for_port(port: int, host: str = LOOPBACK, timeout: float = 30.0) -> bool:
    """Poll until ``host:port`` accepts connections; return False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_accepts(port, host):
            return True
        time.sleep(0.1)
    return False
