"""``make up``: Kafka, mail catcher and the four services on fixed local ports.

Run ``python -m devstack up`` (or ``python -m devstack.up``) from the repository root;
state lives under ``./var`` (Kafka data, SQLite stores, mails, logs). Ctrl-C or SIGTERM
stops everything in reverse order.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from devstack import supervise
from devstack.kafka import LocalKafka
from devstack.mailcatcher import MailCatcher
from devstack.ports import free_port, is_port_free
from devstack.processes import ServiceGroup
from devstack.supervise import StartupError, log_excerpt

SERVICES: dict[str, int] = {
    "placement": 8001,
    "allowance": 8002,
    "notification": 8003,
    "reporting": 8004,
}
"""Service name -> default HTTP port (override with e.g. ``PLACEMENT_PORT=9001``)."""


def _port(env_name: str, default: int) -> int:
    """Port from env ``env_name``; else ``default`` if free, else any free port."""
    if env_name in os.environ:
        return int(os.environ[env_name])
    return default if is_port_free(default) else free_port()


def _print_table(kafka: LocalKafka, mail: MailCatcher, group: ServiceGroup, var: Path) -> None:
    rows = [("Dienst / Service", "URL", "API-Doku / Docs")]
    rows += [(s.name, s.url, f"{s.url}/docs") for s in group.services]
    rows += [
        ("Kafka", kafka.bootstrap_servers, str(kafka.log_path)),
        ("Mail (SMTP)", f"smtp://{mail.host}:{mail.port}", str(mail.directory)),
        ("Logs", str(var / "log"), ""),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    line = "+".join("-" * (w + 2) for w in widths)
    print(f"+{line}+")
    for index, row in enumerate(rows):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index in (0, len(group.services)):
            print(f"+{line}+")
    print(f"+{line}+")
    print("gemeinwerk läuft / is running. Beenden mit / stop with Ctrl-C.")


def _watch(group: ServiceGroup) -> NoReturn:
    """Block until Ctrl-C/SIGTERM; report services that die meanwhile."""
    reported: set[str] = set()
    while True:
        time.sleep(1.0)
        for service in group.services:
            if not service.is_running and service.name not in reported:
                reported.add(service.name)
                code = service.returncode
                print(f"\n!! {service.name} ist beendet / has exited (code {code})")
                print(log_excerpt(service.log_path, 20), flush=True)


def _start_all(stack: contextlib.ExitStack, var: Path, services: dict[str, int]) -> None:
    """Start Kafka, mail catcher and services; register their stops on ``stack``."""
    print("Kafka: starte / starting ...", flush=True)
    kafka = LocalKafka(
        data_dir=var / "kafka",
        port=_port("KAFKA_PORT", 9092),
        controller_port=_port("KAFKA_CONTROLLER_PORT", 9093),
    )
    stack.callback(_announce, "Kafka", kafka.stop)
    kafka.start()
    mail = MailCatcher(var / "mail", port=_port("SMTP_PORT", 1025)).start()
    stack.callback(_announce, "Mail catcher", mail.stop)
    base_env = {"KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap_servers, "VAR_DIR": str(var)}
    group = ServiceGroup(var / "log", base_env)
    stack.callback(_announce, "Dienste / services", group.stop_all)
    for name, default in services.items():
        pid_file = var / "log" / f"{name}.pid"
        supervise.kill_stale(pid_file, "-m", name)
        port = _port(f"{name.upper()}_PORT", default)
        if not is_port_free(port):
            raise StartupError(f"port {port} for {name} is already in use")
        print(f"{name}: starte / starting on port {port} ...", flush=True)
        env = {"DATABASE_URL": f"sqlite+aiosqlite:///{var / f'{name}.db'}"}
        if name == "notification":
            env |= _smtp_env(mail)
        service = group.start(name, port, env, wait=False)
        pid_file.write_text(f"{service.pid}\n")
    for service in group.services:
        service.wait_ready()
    _print_table(kafka, mail, group, var)
    _watch(group)


def up(var: Path = Path("var"), services: dict[str, int] | None = None) -> int:
    """Start the whole local stack, block until Ctrl-C/SIGTERM, then stop it; return exit code."""
    var = var.resolve()
    supervise.interrupt_on_signals()
    code = 0
    with contextlib.ExitStack() as stack:
        try:
            _start_all(stack, var, SERVICES if services is None else services)
        except StartupError as exc:
            supervise.ignore_signals()
            print(f"\nFEHLER / ERROR: {exc}\nStoppe / stopping everything started so far ...")
            code = 1
        except KeyboardInterrupt:
            supervise.ignore_signals()
            print("\nStoppe / stopping ...", flush=True)
    print("Alles gestoppt / everything stopped.")
    return code


def _smtp_env(mail: MailCatcher) -> dict[str, str]:
    return {
        "SMTP_HOST": mail.host,
        "SMTP_PORT": str(mail.port),
        "SMTP_STARTTLS": "false",
        "SMTP_SENDER": os.environ.get("SMTP_SENDER", "noreply@gemeinwerk.local"),
    }


def _announce(what: str, stop: Any) -> None:
    print(f"{what}: stoppe / stopping ...", flush=True)
    stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m devstack.up``."""
    del argv
    return up(Path(os.environ.get("GEMEINWERK_VAR", "var")))


if __name__ == "__main__":
    sys.exit(main())
