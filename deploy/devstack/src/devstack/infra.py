"""Where test infrastructure comes from, decided in ONE place.

Order for Kafka and PostgreSQL alike:

1. an existing server from the environment (``KAFKA_BOOTSTRAP_SERVERS`` / a PostgreSQL
   ``DATABASE_URL``),
2. testcontainers, if a Docker engine answers (skip with ``GEMEINWERK_NO_DOCKER=1``),
3. otherwise a local process (:class:`LocalKafka` / :class:`LocalPostgres`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from devstack.kafka import LocalKafka
from devstack.pgserver import PostgresServer
from devstack.postgres import LocalPostgres

Source = Literal["env", "docker", "local"]

KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.0"  # Confluent 7.9 = Apache Kafka 3.9
POSTGRES_IMAGE = "postgres:16-alpine"


@functools.cache
def docker_available() -> bool:
    """True if a Docker engine answers a ping within a few seconds (never hangs)."""
    if os.environ.get("GEMEINWERK_NO_DOCKER"):
        return False
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _env_postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgresql", "postgres:")) else None


def kafka_source() -> Source:
    """Where :func:`provide_kafka` will take Kafka from."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return "env"
    return "docker" if docker_available() else "local"


def postgres_source() -> Source:
    """Where :func:`provide_postgres` will take PostgreSQL from."""
    if _env_postgres_url():
        return "env"
    return "docker" if docker_available() else "local"


@contextmanager
def provide_kafka() -> Iterator[str]:
    """Yield Kafka bootstrap servers for the duration of the ``with`` block."""
    source = kafka_source()
    if source == "env":
        yield os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    elif source == "docker":
        from testcontainers.community.kafka import KafkaContainer

        with KafkaContainer(KAFKA_IMAGE).with_kraft() as container:
            yield container.get_bootstrap_server()
    else:
        with LocalKafka() as broker:
            yield broker.bootstrap_servers


@contextmanager
def provide_postgres() -> Iterator[PostgresServer]:
    """Yield a PostgreSQL server (``create_database(name) -> async URL``)."""
    source = postgres_source()
    if source == "env":
        yield PostgresServer(_env_postgres_url() or "")
    elif source == "docker":
        from testcontainers.community.postgres import PostgresContainer

        with PostgresContainer(POSTGRES_IMAGE, driver="asyncpg") as container:
            yield PostgresServer(container.get_connection_url())
    else:
        with LocalPostgres() as server:
            yield server
