"""A single-node Apache Kafka broker (KRaft, broker+controller) run straight from Maven jars."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from devstack import supervise
from devstack.aio import run_sync
from devstack.kafka_libs import ensure_kafka_libs, kafka_libs_dir, kafka_version
from devstack.ports import LOOPBACK, free_ports, is_port_free, port_accepts

__all__ = ["LocalKafka", "ensure_kafka_libs", "kafka_libs_dir", "kafka_version"]

_LOG4J = """\
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File={log}
log4j.appender.file.Append=true
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
"""


def _cluster_id() -> str:
    """Return a random KRaft cluster id (base64url UUID without padding, like random-uuid)."""
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not text.startswith("-"):
            return text


def _java() -> str:
    """Return the java executable (JAVA_HOME first, then PATH)."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise RuntimeError("Java 17+ is needed for the local Kafka broker: no 'java' on PATH")
    return found


def _broker_answers(bootstrap: str, timeout: float = 3.0) -> bool:
    """Return True if a metadata request lists at least one (unfenced) broker."""

    async def probe() -> bool:
        from aiokafka.admin import AIOKafkaAdminClient

        admin = AIOKafkaAdminClient(
            bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000)
        )
        try:
            await asyncio.wait_for(admin.start(), timeout)
            info = await asyncio.wait_for(admin.describe_cluster(), timeout)
            return bool(info.get("brokers"))
        except Exception:
            return False
        finally:
            with contextlib.suppress(Exception):
                await admin.close()

    return run_sync(probe)


class LocalKafka:
    """A local Kafka 3.9 broker in KRaft combined mode on free loopback ports.

    ``restart()`` keeps ports and data, so clients can reconnect to the same address.
    Without ``data_dir`` a temp dir is used and removed by ``close()`` / the context manager.
    """

    def __init__(
        self,
        *,
        data_dir: Path | None = None,
        port: int | None = None,
        controller_port: int | None = None,
        version: str | None = None,
        heap: str = "512m",
        extra_config: Mapping[str, str] | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        """Configure (but do not start) the broker; ports default to free loopback ports."""
        self.version = version or kafka_version()
        self._owns_dir = data_dir is None
        if data_dir is None:
            self.root = Path(tempfile.mkdtemp(prefix="gemeinwerk-kafka-"))
            supervise.remove_at_exit(self.root)
        else:
            self.root = Path(data_dir).resolve()
            # a broker left running on this data dir by a crashed earlier run
            supervise.kill_stale(self._pid_file, "kafka.Kafka", str(self.root))
        spare = [p for p in free_ports(3) if p not in (port, controller_port)]
        self.port = port or spare.pop()
        self.controller_port = controller_port or spare.pop()
        self.heap = os.environ.get("GEMEINWERK_KAFKA_HEAP", heap)
        self.extra_config = dict(extra_config or {})
        self.startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        """The ``host:port`` clients connect to."""
        return f"{LOOPBACK}:{self.port}"

    @property
    def _pid_file(self) -> Path:
        return self.root / "broker.pid"

    @property
    def log_path(self) -> Path:
        """The broker log (log4j output plus JVM stdout/stderr, appended across restarts)."""
        return self.root / "broker.log"

    @property
    def data_path(self) -> Path:
        """The KRaft metadata and topic data folder (``log.dirs``)."""
        return self.root / "data"

    @property
    def is_running(self) -> bool:
        """True while the broker process is alive."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The broker's process id, if started."""
        return self._proc.pid if self._proc else None

    def _properties(self) -> dict[str, str]:
        plain, ctrl = f"{LOOPBACK}:{self.port}", f"{LOOPBACK}:{self.controller_port}"
        return {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@{ctrl}",
            "listeners": f"PLAINTEXT://{plain},CONTROLLER://{ctrl}",
            "advertised.listeners": f"PLAINTEXT://{plain}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(self.data_path),
            "num.partitions": "3",
            "default.replication.factor": "1",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "10",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "transaction.state.log.num.partitions": "10",
            "min.insync.replicas": "1",
            "group.initial.rebalance.delay.ms": "0",
            "group.min.session.timeout.ms": "1000",
            # A SIGKILLed broker's old registration blocks re-registration until its session
            # expires; short timeouts make kill()+start() fast (default 9 s).
            "broker.session.timeout.ms": "3000",
            "broker.heartbeat.interval.ms": "500",
            "auto.create.topics.enable": "true",
            "delete.topic.enable": "true",
            **self.extra_config,
        }

    def _write_config(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        config = self.root / "server.properties"
        config.write_text("".join(f"{k}={v}\n" for k, v in self._properties().items()))
        (self.root / "log4j.properties").write_text(_LOG4J.format(log=self.log_path))
        return config

    def _java_cmd(self, main: str, *args: str) -> list[str]:
        libs = ensure_kafka_libs(self.version)
        return [
            _java(),
            "-Xms128m",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            f"-Dlog4j.configuration=file:{self.root / 'log4j.properties'}",
            f"-Dkafka.logs.dir={self.root}",
            "-cp",
            f"{libs}/*",
            main,
            *args,
        ]

    def _format_storage(self, config: Path) -> None:
        if (self.data_path / "meta.properties").exists():
            return
        cmd = self._java_cmd(
            "kafka.tools.StorageTool",
            "format",
            "--ignore-formatted",
            "-t",
            _cluster_id(),
            "-c",
            str(config),
        )
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise supervise.StartupError(
                f"Formatting Kafka storage in {self.data_path} failed:\n"
                f"{(result.stdout + result.stderr).strip()[-3000:]}"
            )

    def start(self) -> LocalKafka:
        """Start the broker (formatting storage on first use) and wait until it answers."""
        if self.is_running:
            return self
        config = self._write_config()
        self._format_storage(config)
        self._wait_ports_free()
        with self.log_path.open("a") as log:
            log.write(f"\n=== devstack: starting Kafka {self.version} at {time.ctime()} ===\n")
        self._proc = supervise.spawn(self._java_cmd("kafka.Kafka", str(config)), self.log_path)
        self._pid_file.write_text(f"{self._proc.pid}\n")
        self._wait_ready()
        return self

    def _wait_ports_free(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        ports = (self.port, self.controller_port)
        while not all(is_port_free(p) for p in ports):
            if time.monotonic() > deadline:
                raise supervise.StartupError(f"Kafka ports {ports} are still in use")
            time.sleep(0.2)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                code = self._proc.returncode if self._proc else None
                raise supervise.StartupError(
                    f"Kafka broker exited during startup (exit code {code}).\n"
                    + supervise.log_excerpt(self.log_path)
                )
            if port_accepts(self.port) and _broker_answers(self.bootstrap_servers):
                return
            time.sleep(0.2)
        supervise.kill(self._proc)
        raise supervise.StartupError(
            f"Kafka broker on {self.bootstrap_servers} did not become ready within "
            f"{self.startup_timeout:.0f}s.\n" + supervise.log_excerpt(self.log_path)
        )

    def stop(self, timeout: float = 30.0) -> None:
        """Shut the broker down gracefully (SIGTERM), SIGKILL after ``timeout`` seconds."""
        supervise.stop(self._proc, timeout)
        self._proc = None

    def kill(self) -> None:
        """SIGKILL the broker immediately (for fault-injection tests); data stays."""
        supervise.kill(self._proc)
        self._proc = None

    def restart(self) -> LocalKafka:
        """Stop (if running) and start again on the same ports with the same data."""
        self.stop()
        return self.start()

    async def astart(self) -> LocalKafka:
        """Async wrapper of :meth:`start` (runs in a worker thread)."""
        return await asyncio.to_thread(self.start)

    async def arestart(self) -> LocalKafka:
        """Async wrapper of :meth:`restart` (runs in a worker thread)."""
        return await asyncio.to_thread(self.restart)

    async def astop(self) -> None:
        """Async wrapper of :meth:`stop` (runs in a worker thread)."""
        await asyncio.to_thread(self.stop)

    def close(self) -> None:
        """Stop the broker and delete its temp dir (only if this object created it)."""
        self.stop()
        if self._owns_dir:
            supervise.remove_now(self.root)

    def __enter__(self) -> LocalKafka:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"LocalKafka({self.bootstrap_servers}, {self.version}, {state}, root={self.root})"
