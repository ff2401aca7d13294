"""Subprocess helpers shared by the launchers: log tails, graceful stop, cleanup at exit."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any


class StartupError(RuntimeError):
    """A local service (Kafka, PostgreSQL, a gemeinwerk service) failed to start."""


_live: set[subprocess.Popen[bytes]] = set()
_live_lock = threading.Lock()
_temp_dirs: set[Path] = set()


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


def spawn(
    args: list[str],
    log_path: Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    **popen: Any,
) -> subprocess.Popen[bytes]:
    """Start ``args`` in its own session with stdout/stderr appended to ``log_path``.

    The own session keeps a terminal Ctrl-C away from the child, so launchers can stop
    their children in a defined order. Extra ``popen`` kwargs (e.g. ``user``) are passed
    to :class:`subprocess.Popen`. Children still running at interpreter exit are killed.
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
            **popen,
        )
    with _live_lock:
        _live.add(proc)
    return proc


def stop(
    proc: subprocess.Popen[bytes] | None, timeout: float = 20.0, sig: int = signal.SIGTERM
) -> None:
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


def _alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def kill_stale(pid_file: Path, *needles: str) -> None:
    """SIGKILL the process in ``pid_file`` if its command line contains all ``needles``.

    Cleans up after a crashed earlier run (e.g. ``make up`` killed with SIGKILL).
    """
    try:
        pid = int(pid_file.read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (OSError, ValueError):
        return
    if all(needle in cmdline for needle in needles):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)


def _interrupt(*_args: Any) -> None:
    raise KeyboardInterrupt


def interrupt_on_signals() -> None:
    """Turn SIGINT and SIGTERM into KeyboardInterrupt (also if SIGINT was inherited ignored)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _interrupt)


def ignore_signals() -> None:
    """Ignore further SIGINT/SIGTERM, so a second Ctrl-C cannot interrupt the cleanup."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)


def remove_at_exit(path: Path) -> None:
    """Delete the temp dir ``path`` at interpreter exit (after its processes are killed)."""
    _temp_dirs.add(path)


def remove_now(path: Path) -> None:
    """Delete ``path`` now and forget it for exit-time cleanup."""
    _temp_dirs.discard(path)
    shutil.rmtree(path, ignore_errors=True)


@atexit.register
def _reap() -> None:
    """Kill children that were never stopped and drop their temp dirs, so nothing lingers."""
    with _live_lock:
        leftovers = list(_live)
    for proc in leftovers:
        kill(proc)
    for path in list(_temp_dirs):
        remove_now(path)
