"""Run gemeinwerk services (``python -m <service>``) as separate OS processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import httpx

from devstack import supervise
from devstack.ports import LOOPBACK


class ServiceProcess:
    """One service process: ``[sys.executable, "-m", name]`` on ``127.0.0.1:port``.

    The environment is ``os.environ`` + ``env`` + ``HTTP_HOST``/``HTTP_PORT``; stdout and
    stderr are appended to ``log_dir/<name>.log`` so restarts keep the history.
    """

    def __init__(
        self,
        name: str,
        port: int,
        env: Mapping[str, str] | None = None,
        log_dir: Path = Path("var/log"),
        *,
        module: str | None = None,
        cwd: Path | None = None,
    ) -> None:
        """Configure (but do not start) the service ``name`` (module defaults to ``name``)."""
        self.name = name
        self.port = port
        self.env = dict(env or {})
        self.log_dir = Path(log_dir)
        self.module = module or name
        self.cwd = cwd
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:8001``."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def log_path(self) -> Path:
        """The service log file."""
        return self.log_dir / f"{self.name}.log"

    @property
    def is_running(self) -> bool:
        """True while the process is alive."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The process id, if started."""
        return self._proc.pid if self._proc else None

    @property
    def returncode(self) -> int | None:
        """Exit code once the process has ended, else None."""
        return self._proc.poll() if self._proc else None

    def start(self) -> ServiceProcess:
        """Launch the process (no-op if running); use :meth:`wait_ready` to wait for it."""
        if self.is_running:
            return self
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            **self.env,
            "HTTP_HOST": LOOPBACK,
            "HTTP_PORT": str(self.port),
        }
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a") as log:
            log.write(
                f"\n=== devstack: starting python -m {self.module} on {self.url} "
                f"at {time.ctime()} ===\n"
            )
        cmd = [sys.executable, "-m", self.module]
        self._proc = supervise.spawn(cmd, self.log_path, env=env, cwd=self.cwd)
        return self

    def wait_ready(self, timeout: float = 60.0) -> ServiceProcess:
        """Poll ``GET /healthz`` until it returns 200; raise StartupError with the log tail."""
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if not self.is_running:
                    raise supervise.StartupError(
                        f"service {self.name!r} exited (code {self.returncode}) before it was "
                        f"ready.\n" + supervise.log_excerpt(self.log_path)
                    )
                try:
                    if client.get(f"{self.url}/healthz").status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        raise supervise.StartupError(
            f"service {self.name!r} did not answer 200 on {self.url}/healthz within "
            f"{timeout:.0f}s.\n" + supervise.log_excerpt(self.log_path)
        )

    async def await_ready(self, timeout: float = 60.0) -> ServiceProcess:
        """Async variant of :meth:`wait_ready` (polls in a worker thread)."""
        return await asyncio.to_thread(self.wait_ready, timeout)

    def kill(self) -> None:
        """SIGKILL the process immediately (for fault-injection tests)."""
        supervise.kill(self._proc)

    def terminate(self, timeout: float = 15.0) -> None:
        """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL."""
        supervise.stop(self._proc, timeout)

    def restart(self, *, wait: bool = True, timeout: float = 60.0) -> ServiceProcess:
        """Terminate (if running) and start again on the same port; optionally wait ready."""
        self.terminate()
        self.start()
        return self.wait_ready(timeout) if wait else self

    def __repr__(self) -> str:
        state = "running" if self.is_running else f"stopped({self.returncode})"
        return f"ServiceProcess({self.name!r}, {self.url}, {state})"


class ServiceGroup:
    """Several service processes started in order and stopped in reverse order."""

    def __init__(self, log_dir: Path, base_env: Mapping[str, str] | None = None) -> None:
        """Services added later log into ``log_dir`` and get ``base_env`` + their own env."""
        self.log_dir = Path(log_dir)
        self.base_env = dict(base_env or {})
        self.services: list[ServiceProcess] = []

    def start(
        self,
        name: str,
        port: int,
        env: Mapping[str, str] | None = None,
        *,
        wait: bool = True,
        timeout: float = 60.0,
    ) -> ServiceProcess:
        """Start service ``name`` on ``port``; by default wait until /healthz answers."""
        service = ServiceProcess(name, port, {**self.base_env, **(env or {})}, self.log_dir)
        self.services.append(service)
        service.start()
        return service.wait_ready(timeout) if wait else service

    def __getitem__(self, name: str) -> ServiceProcess:
        return next(s for s in self.services if s.name == name)

    def stop_all(self, timeout: float = 15.0) -> None:
        """Terminate all services, last started first."""
        for service in reversed(self.services):
            service.terminate(timeout)

    def __enter__(self) -> ServiceGroup:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop_all()
