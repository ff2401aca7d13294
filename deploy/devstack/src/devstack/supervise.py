"""Subprocess helpers shared by the launchers: log tails, graceful stop, cleanup at exit."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import threading
from collections import deque
from pathlib import Path

_live: set[subprocess.Popen[bytes]] = set()
_live_lock = threading.Lock()


def tail(path: Path, lines: int = 40) -> str:
    """Return the last ``lines`` lines of a text file (empty string if it does not exist)."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            return "".join(deque(handle, maxlen=lines))
    except FileNotFoundError:
        return ""


def log_excerpt(path: Path, lines: int = 40) -> str:
    """Format the tail of a log file for an error message."""
    text = tail(path, lines).rstrip() or "(log is empty)"
    return f"--- last {lines} lines of {path} ---\n{text}\n--- end of log ---"


def spawn(args: list[str], log_path: Path, env: dict[str, str] | None = None,
          cwd: Path | None = None) -> subprocess.Popen[bytes]:
    """Start ``args`` in its own session with stdout/stderr appended to ``log_path``.

    The own session keeps a terminal Ctrl-C away from the child, so launchers can stop
    their children in a defined order. Children still running at interpreter exit are
    killed (see :func:`_reap`).
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
    with _live_lock:
        _live.add(proc)
    return proc


def stop(proc: subprocess.Popen[bytes] | None, timeout: float = 20.0,
         sig: int = signal.SIGTERM) -> None:
    """Send ``sig`` (default SIGTERM), wait up to ``timeout`` seconds, then SIGKILL."""
    if proc is None:
        return
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill(proc)
    with _live_lock:
        _live.discard(proc)


def kill(proc: subprocess.Popen[bytes] | None) -> None:
    """SIGKILL the process (and its process group) and reap it."""
    if proc is None:
        return
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait()
    with _live_lock:
        _live.discard(proc)


@atexit.register
def _reap() -> None:
    """Kill children that were never stopped, so no JVM or service outlives Python."""
    with _live_lock:
        leftovers = list(_live)
    for proc in leftovers:
        kill(proc)


class StartupError(RuntimeError):
    """A local service (Kafka, PostgreSQL, a gemeinwerk service) failed to start."""
