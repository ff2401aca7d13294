"""A throw-away PostgreSQL server from the Debian packages, no Docker needed."""

from __future__ import annotations

import asyncio
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from devstack import supervise
from devstack.pgserver import PostgresServer
from devstack.ports import LOOPBACK, free_port

PG_ROOT = Path("/usr/lib/postgresql")
OS_USER = "postgres"


def find_pg_bindir() -> Path | None:
    """Return the newest /usr/lib/postgresql/<major>/bin holding initdb and postgres."""
    candidates = (
        [d for d in PG_ROOT.glob("*/bin") if (d / "initdb").exists() and (d / "postgres").exists()]
        if PG_ROOT.is_dir()
        else []
    )
    versions = [(int(m.group()), d) for d in candidates if (m := re.match(r"\d+", d.parent.name))]
    return max(versions)[1] if versions else None


def ensure_pg_bindir() -> Path:
    """Return the PostgreSQL bin dir, installing Debian's ``postgresql`` if none is found."""
    found = find_pg_bindir()
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql; install them "
            "with `sudo apt-get install -y postgresql` (or set DATABASE_URL)."
        )
    print("devstack: PostgreSQL not found, installing it with apt-get ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock = ["-o", "DPkg::Lock::Timeout=300"]
    for cmd in (["apt-get", *lock, "update"], ["apt-get", *lock, "install", "-y", "postgresql"]):
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr[-3000:]}")
    found = find_pg_bindir()
    if found is None:
        raise RuntimeError("apt-get installed postgresql but no server binaries were found")
    return found


def _as_postgres_user() -> dict[str, Any]:
    """Popen kwargs that drop root to the ``postgres`` OS user (initdb refuses root)."""
    if os.geteuid() != 0:
        return {}
    try:
        pwd.getpwnam(OS_USER)
    except KeyError as exc:
        raise RuntimeError("running as root but there is no 'postgres' OS user") from exc
    return {"user": OS_USER, "group": OS_USER, "extra_groups": []}


class LocalPostgres(PostgresServer):
    """A private PostgreSQL cluster in a temp dir, listening on 127.0.0.1:<free port>.

    Tuned for tests (fsync off, trust auth on loopback, 200 connections). As root the
    cluster runs as the ``postgres`` OS user.
    """

    def __init__(self, *, port: int | None = None, startup_timeout: float = 60.0) -> None:
        """Configure (but do not start) the server."""
        self.port = port or free_port()
        super().__init__(f"postgresql://postgres@{LOOPBACK}:{self.port}/postgres")
        self.startup_timeout = startup_timeout
        self.root: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._bindir: Path | None = None

    @property
    def log_path(self) -> Path:
        """The server log (only valid after :meth:`start`)."""
        assert self.root is not None, "LocalPostgres not started"
        return self.root / "postgres.log"

    @property
    def is_running(self) -> bool:
        """True while the postmaster process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def _init_cluster(self, bindir: Path) -> Path:
        self.root = Path(tempfile.mkdtemp(prefix="gemeinwerk-pg-"))
        supervise.remove_at_exit(self.root)
        user = _as_postgres_user()
        if user:
            shutil.chown(self.root, OS_USER, OS_USER)
        data = self.root / "data"
        cmd = [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]
        result = subprocess.run(
            cmd, capture_output=True, text=True, cwd=self.root, check=False, **user
        )
        if result.returncode != 0:
            raise supervise.StartupError(f"initdb failed:\n{result.stdout}{result.stderr}")
        settings = {
            "listen_addresses": f"'{LOOPBACK}'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.root}'",
            "max_connections": "200",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "128MB",
        }
        with (data / "postgresql.conf").open("a") as conf:
            conf.write("\n# devstack\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))
        return data

    def start(self) -> LocalPostgres:
        """initdb (first time only), start the server and wait until it accepts queries."""
        if self.is_running:
            return self
        self._bindir = self._bindir or ensure_pg_bindir()
        data = self.root / "data" if self.root else self._init_cluster(self._bindir)
        self._proc = supervise.spawn(
            [str(self._bindir / "postgres"), "-D", str(data)],
            self.log_path,
            cwd=self.root,
            **_as_postgres_user(),
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        assert self._bindir is not None
        isready = [
            str(self._bindir / "pg_isready"),
            "-q",
            "-h",
            LOOPBACK,
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-t",
            "2",
        ]
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if not self.is_running:
                raise supervise.StartupError(
                    "PostgreSQL exited during startup.\n" + supervise.log_excerpt(self.log_path)
                )
            if subprocess.run(isready, check=False).returncode == 0:
                return
            time.sleep(0.1)
        supervise.kill(self._proc)
        raise supervise.StartupError(
            f"PostgreSQL on port {self.port} not ready within {self.startup_timeout:.0f}s.\n"
            + supervise.log_excerpt(self.log_path)
        )

    def stop(self, timeout: float = 20.0) -> None:
        """Fast shutdown (SIGINT: abort sessions, checkpoint), SIGKILL after ``timeout``."""
        supervise.stop(self._proc, timeout, sig=signal.SIGINT)
        self._proc = None

    def close(self) -> None:
        """Stop the server and delete its data directory."""
        self.stop()
        if self.root is not None:
            supervise.remove_now(self.root)
            self.root = None

    async def astart(self) -> LocalPostgres:
        """Async wrapper of :meth:`start` (runs in a worker thread)."""
        return await asyncio.to_thread(self.start)

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
