"""``python -m devstack <command>``: up | kafka | fetch-kafka | mail."""

from __future__ import annotations

import argparse
import sys
import threading

from devstack import kafka_libs, supervise


def _run_kafka() -> int:
    from devstack.kafka import LocalKafka

    supervise.interrupt_on_signals()
    broker = LocalKafka()
    try:
        broker.start()
        print(f"Kafka {broker.version} on {broker.bootstrap_servers} (log {broker.log_path})")
        print("Ctrl-C to stop", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        supervise.ignore_signals()
        broker.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Dispatch the sub-command; ``up`` is the default."""
    parser = argparse.ArgumentParser(prog="python -m devstack")
    parser.add_argument(
        "command", nargs="?", default="up", choices=["up", "kafka", "fetch-kafka", "mail"]
    )
    args, rest = parser.parse_known_args(argv)
    if args.command == "up":
        from devstack.up import main as up_main

        return up_main(rest)
    if args.command == "fetch-kafka":
        print(kafka_libs.ensure_kafka_libs())
        return 0
    if args.command == "mail":
        from devstack.mailcatcher import main as mail_main

        mail_main(rest)
        return 0
    return _run_kafka()


if __name__ == "__main__":
    sys.exit(main())
